"""Statement tables (公开01, 04): one table per side, each ``项目, 行次, <amounts>``.

The sides are the spec's ``parts`` (收入 | 支出), printed as labels above the grid or
else told apart by their 项目 columns; a spec without parts is a one-sided statement.
Filler rows that print only a 行次 number are dropped, and said so in the notes.

>>> from govaccts.reports.kinds import report_kind
>>> from govaccts.io.seed_text.blocks import Block
>>> b = Block(report_kind("部门决算").spec("公开01"), "收入支出决算总表", 1, "t.txt")
>>> header = [(2, ("项目", "行次", "金额", "项目", "行次", "金额"))]
>>> data = [(3, ("总计", "1", "5.00", "总计", "2", "5.00")), (4, ("", "3", "", "", "", ""))]
>>> notes: list[str] = []
>>> for part in read_statement(b, header, data, notes):
...     print(part)
('收入', ('项目', '行次', '金额'), ((3, ('总计', '1', '5.00')),))
('支出', ('项目', '行次', '金额'), ((3, ('总计', '2', '5.00')),))
>>> notes
['Filler rows that print only a 行次 number (and the 栏次 row) are not included.']
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from govaccts.io.seed_text.blocks import Block, Part
from govaccts.io.seed_text.cells import (
    AMOUNT_CELL_RE,
    INT_RE,
    ITEM_COLUMNS,
    Row,
    is_decimal,
    trim,
)
from govaccts.io.seed_text.headers import column_names, is_lanci, norm_header

__all__ = ["ROW_NUMBERS", "read_statement"]

ROW_NUMBERS = "行次"
"""The column that numbers a statement's rows."""


def read_statement(b: Block, header: list[Row], data: list[Row],
                   notes: list[str]) -> list[Part]:
    """The grid of a statement, one part per side."""
    parts = b.spec.parts  # the sides, as labels printed above the grid
    sides: list[str] = []
    named: list[Row] = []
    for no, cells in header:
        filled = [norm_header(c) for c in cells if c]
        if is_lanci(cells):
            continue
        if filled and parts and all(c in parts for c in filled) and not sides:
            sides = filled
        else:
            named.append((no, cells))
    if not named:
        raise b.error("no column names above the table", b.title_line)
    width = max(len(trim(c)) for _, c in named)
    leaves, _ = column_names(named, width)
    starts = [j for j, n in enumerate(leaves) if n in ITEM_COLUMNS]
    hline = named[-1][0]
    if not starts or starts[0] != 0:
        raise b.error("statement header does not start with a 项目 column", hline)
    if not sides:  # unlabelled: one 项目 column per side
        expected = list(parts) or [""]
        if len(starts) != len(expected):
            raise b.error(f"no {'/'.join(parts)} labels above the table" if parts
                          else f"{len(starts)} 项目 columns in a one-sided statement", hline)
        sides = expected
    if len(sides) != len(starts):
        raise b.error(f"{len(sides)} side labels ({'/'.join(sides)}) for "
                      f"{len(starts)} 项目 columns", hline)
    bounds = [*starts, width]
    cols = [tuple(leaves[s:e]) for s, e in pairwise(bounds)]
    for c in cols:
        if "" in c:
            raise b.error(f"a column of the {'/'.join(sides)} header has no name", hline)
    out: dict[int, list[Row]] = {k: [] for k in range(len(cols))}
    skipped = 0
    for no, cells in data:
        row = list(cells)
        if any(row[width:]):
            raise b.error(f"row has {len(trim(row))} cells, the header names {width}", no)
        row = (row + [""] * width)[:width]
        for k, (s, e) in enumerate(pairwise(bounds)):
            part = row[s:e]
            if not any(part):
                continue
            item_only = [c for n, c in zip(cols[k], part, strict=True) if n != ROW_NUMBERS]
            if not any(item_only):
                skipped += 1
                continue
            _check_cells(b, no, cols[k], part)
            out[k].append((no, tuple(part)))
    if skipped:
        notes.append("Filler rows that print only a 行次 number (and the 栏次 row) are "
                     "not included.")
    return [(side, c, tuple(out[k])) for k, (side, c) in
            enumerate(zip(sides, cols, strict=True))]


def _check_cells(b: Block, no: int, cols: Sequence[str], part: Sequence[str]) -> None:
    """A side's cells: no amount as the 项目, a number as the 行次, amounts elsewhere."""
    for name, cell in zip(cols, part, strict=True):
        if name in ITEM_COLUMNS:
            if is_decimal(cell):
                raise b.error(f"amount {cell!r} in the 项目 column: cells are shifted", no)
        elif name == ROW_NUMBERS:
            if cell and not INT_RE.match(cell):
                raise b.error(f"{cell!r} in the 行次 column is not a row number", no)
        elif cell and not AMOUNT_CELL_RE.match(cell):
            raise b.error(f"{cell!r} in column {name} is not an amount", no)
