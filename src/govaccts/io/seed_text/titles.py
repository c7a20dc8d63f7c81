"""Finding the tables of seed-style text by their titles: the report kind's table specs.

A line (without tabs) is a table's title when, folded as
:meth:`TableSpec.matches <govaccts.reports.spec.TableSpec.matches>` folds titles and
without quotes (extraction drops or swaps them), a year prefix (``2023年度``) or a
``公开NN表`` label at its start or end, it is the title or an alias of one of the kind's
specs.  It counts only when tab-separated rows follow it before the next title or
``第…部分`` heading; so the table of contents (``- 一、收入支出决算总表``) and a title
that contains another (收入支出决算总表 ⊂ 财政拨款收入支出决算总表) match nothing wrong.

>>> from govaccts.reports.kinds import report_kind
>>> titles = Titles(report_kind("部门决算"))
>>> spec, marker = titles.spec_of("2023年度财政拨款「三公」经费支出决算表（公开09表）")
>>> spec.key, marker
('公开09', '公开09')
>>> titles.spec_of("- 一、收入支出决算总表") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from govaccts.io.seed_text.cells import MARKER_RE, marker_id
from govaccts.reports.spec import ReportKind, TableSpec, title_key

__all__ = ["PART_RE", "TitleLine", "Titles", "title_form"]

PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分")
"""A ``第…部分`` heading: it ends a table."""

_QUOTES = "“”\"'‘’「」『』〝〞＂"
_YEAR_PREFIX_RE = re.compile(r"^(?:\d{4}年度?)")


def title_form(s: str) -> str:
    """The form titles are compared in: folded as :meth:`TableSpec.matches
    <govaccts.reports.spec.TableSpec.matches>` folds them, and without quotes."""
    return "".join(ch for ch in title_key(s) if ch not in _QUOTES)


@attrs.frozen
class TitleLine:
    """A table's title line: its index in the text, its spec and its printed label."""

    index: int
    spec: TableSpec
    marker: str | None
    """The id from a ``公开NN表`` label printed on the title line, if any."""


class Titles:
    """The titles and aliases of a report kind's table specs, looked up by printed line."""

    def __init__(self, kind: ReportKind) -> None:
        self.kind = kind
        self._index: dict[str, TableSpec] = {}
        for spec in kind.tables:
            for title in spec.titles:
                self._index.setdefault(title_form(title), spec)  # the first spec wins

    def spec_of(self, line: str) -> tuple[TableSpec, str | None] | None:
        """The spec whose title ``line`` prints, and the id of its ``公开NN表`` label."""
        key = title_form(line)
        marker = None
        m = MARKER_RE.search(key)
        if m and (m.start() == 0 or m.end() == len(key)):
            marker = marker_id(m.group(1))
            key = key[:m.start()] + key[m.end():]
        spec = self._index.get(_YEAR_PREFIX_RE.sub("", key))
        return None if spec is None else (spec, marker)

    def ends_table(self, line: str) -> bool:
        """True when ``line`` (without tabs) is a ``第…部分`` heading or a table's title."""
        if PART_RE.match(line.strip()):
            return True
        return _YEAR_PREFIX_RE.sub("", MARKER_RE.sub("", title_form(line))) in self._index

    def find(self, lines: Sequence[str]) -> list[TitleLine]:
        """Every title line followed by tab-separated rows, in order."""
        found: list[TitleLine] = []
        for i, line in enumerate(lines):
            if "\t" in line:
                continue
            hit = self.spec_of(line)
            if hit is not None:
                found.append(TitleLine(i, *hit))
        boundaries = sorted({t.index for t in found} | {
            i for i, line in enumerate(lines) if PART_RE.match(line.strip())})
        kept = []
        for t in found:
            end = next((b for b in boundaries if b > t.index), len(lines))
            if any("\t" in line for line in lines[t.index + 1:end]):
                kept.append(t)
        return kept

    def table_end(self, lines: Sequence[str], start: int, stop: int) -> int:
        """The index of the line that ends the table titled at ``start`` (at most ``stop``)."""
        for i in range(start + 1, stop):
            if "\t" not in lines[i] and self.ends_table(lines[i]):
                return i
        return stop
