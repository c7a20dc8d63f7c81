"""The report's metadata in seed-style text: its year, department and unit.

The year is the first ``NNNN年度`` before the first table (else anywhere); the
department and the unit are those most of the tables print (a table printing another
unit keeps it); a report whose tables print no department takes it from the cover.

>>> lines = ["2023年度", "示例单位2023年度部门决算", "目录"]
>>> year_of(lines, 3, "t.txt"), cover_department(lines, 3), majority(["元", "万元", "万元"])
(2023, '示例单位', '万元')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govaccts.errors import Location, ReportReadError

__all__ = ["cover_department", "majority", "year_of"]

_YEAR_RE = re.compile(r"(\d{4})\s*年度")
_COVER_TITLE_RE = re.compile(r"^(.+?)\s*(?:\d{4}年度?)?\s*(?:部门（单位）)?部门决算$")


def majority(values: Sequence[str]) -> str:
    """The value printed most often (the first of equals); ``values`` is not empty."""
    return max(values, key=values.count)


def year_of(lines: Sequence[str], first_table: int, file: str) -> int:
    """The year printed before the first table, else anywhere in the text."""
    for line in lines[:first_table]:
        m = _YEAR_RE.search(line)
        if m:
            return int(m.group(1))
    m = _YEAR_RE.search("\n".join(lines))
    if m is None:
        raise ReportReadError("no year (NNNN年度) printed in the report",
                              location=Location(file=file))
    return int(m.group(1))


def cover_department(lines: Sequence[str], first_table: int) -> str:
    """The department from the cover: the first line that is not a year or a heading."""
    for line in lines[:first_table]:
        s = line.strip()
        if not s or _YEAR_RE.fullmatch(s) or s.startswith(("- ", "第")):
            continue
        if s == "目录":
            break
        m = _COVER_TITLE_RE.match(s)
        if m:
            return m.group(1).strip()
        if "决算" in s:
            continue
        return s
    return ""
