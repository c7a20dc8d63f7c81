"""Header rows printed over several lines, merged into column names.

Each column is named by the lowest text printed above it; the ``栏次`` row (column
numbers) names nothing and is dropped.

>>> rows = [(1, ("项目", "", "本年收入合计")), (2, ("科目代码", "科目名称", "")),
...         (3, ("栏次", "", "1"))]
>>> [is_lanci(c) for _, c in rows]
[False, False, True]
>>> column_names(rows[:2], 3)
(['科目代码', '科目名称', '本年收入合计'], [1, 1, 0])
"""

from __future__ import annotations

from collections.abc import Sequence

from govaccts.io.seed_text.blocks import Block
from govaccts.io.seed_text.cells import INT_RE, SPACE_RE, Row, trim

__all__ = ["COLUMN_NUMBERS", "column_names", "is_lanci", "named_header", "norm_header"]

COLUMN_NUMBERS = "栏次"
"""The label of the row that numbers the columns."""


def norm_header(s: str) -> str:
    """A header cell as a column name: no whitespace, full-width brackets."""
    return SPACE_RE.sub("", s).replace("(", "（").replace(")", "）")


def is_lanci(cells: Sequence[str]) -> bool:
    """The 栏次 row: labelled 栏次, or nothing but column numbers."""
    filled = [c for c in cells if c]
    return any(SPACE_RE.sub("", c) == COLUMN_NUMBERS for c in filled) or (
        len(filled) >= 2 and all(INT_RE.match(c) for c in filled))


def column_names(rows: Sequence[Row], width: int) -> tuple[list[str], list[int]]:
    """Per column, the lowest printed header text and the index of the row it is in."""
    names: list[str] = []
    where: list[int] = []
    for j in range(width):
        name, at = "", -1
        for i, (_, cells) in enumerate(rows):
            if j < len(cells) and cells[j]:
                name, at = norm_header(cells[j]), i
        names.append(name)
        where.append(at)
    return names, where


def named_header(b: Block, header: list[Row]) -> tuple[list[Row], int, list[str], list[int]]:
    """The named header rows (栏次 dropped), the width, and per column its lowest
    printed name and the header row it is in."""
    named = [(no, c) for no, c in header if not is_lanci(c)]
    if not named:
        raise b.error("no column names above the table", b.title_line)
    width = max(len(trim(c)) for _, c in named)
    names, where = column_names(named, width)
    return named, width, names, where
