"""The economic table (公开06): side-by-side ``科目代码, 科目名称, 决算数`` blocks.

The blocks (人员经费 | 公用经费) are read block by block into one table whose first
column, ``区块``, names each row's block, then the 合计 rows.  A block's label is the
header text above it, else a line printed above the grid, else the label of the block
to its left (a spanning header).  合计 labels printed on one line and their amounts on
the next are paired in order, and the notes say so.

>>> from govaccts.reports.kinds import report_kind
>>> from govaccts.io.seed_text.blocks import Block
>>> b = Block(report_kind("部门决算").spec("公开06"), "一般公共预算财政拨款基本支出决算明细表",
...           1, "t.txt")
>>> header = [(2, ("人员经费", "", "", "公用经费", "", "")),
...           (3, ("科目代码", "科目名称", "决算数") * 2)]
>>> data = [(4, ("301", "工资福利支出", "2.00", "302", "商品和服务支出", "1.00")),
...         (5, ("人员经费合计", "", "", "公用经费合计", "", "")),
...         (6, ("", "", "2.00", "", "", "1.00"))]
>>> notes: list[str] = []
>>> [(part, cols, rows)] = read_economic(b, header, data, notes)
>>> cols
('区块', '科目代码', '科目名称', '决算数')
>>> for row in rows:
...     print(row)
(4, ('人员经费', '301', '工资福利支出', '2.00'))
(4, ('公用经费', '302', '商品和服务支出', '1.00'))
(6, ('人员经费', '', '人员经费合计', '2.00'))
(6, ('公用经费', '', '公用经费合计', '1.00'))
"""

from __future__ import annotations

from itertools import pairwise

from govaccts.io.seed_text.blocks import Block, Part
from govaccts.io.seed_text.cells import (
    AMOUNT_CELL_RE,
    BLOCK_COLUMN,
    CODE_COLUMNS,
    CODE_RE,
    NAME_COLUMNS,
    SPACE_RE,
    Row,
    is_decimal,
    is_total,
)
from govaccts.io.seed_text.headers import named_header, norm_header

__all__ = ["read_economic"]


def read_economic(b: Block, header: list[Row], data: list[Row],
                  notes: list[str]) -> list[Part]:
    """The grid of the economic table, as one part."""
    named, width, leaves, where = named_header(b, header)
    hline = named[-1][0]
    starts = [j for j, n in enumerate(leaves) if n in CODE_COLUMNS]
    if not starts or starts[0] != 0:
        raise b.error("economic table header does not start with 科目代码", hline)
    bounds = [*starts, width]
    shapes = [tuple(leaves[s:e]) for s, e in pairwise(bounds)]
    shape = shapes[0]
    if (len(shape) < 3 or shape[1] not in NAME_COLUMNS or "" in shape
            or any(s != shape for s in shapes)):
        raise b.error(f"side-by-side blocks differ or are incomplete: {shapes}", hline)
    bw = len(shape)
    labels = _block_labels(b, named, where, bounds)
    if not labels[0] and len(starts) > 1:
        raise b.error("no 人员经费/公用经费 label above the first block", hline)
    na = bw - 2  # amount columns per block
    blocks: list[list[Row]] = [[] for _ in starts]
    totals: list[Row] = []
    pending: tuple[int, list[tuple[int, str]]] | None = None
    for no, cells in data:
        if any(cells[width:]):
            raise b.error(f"row has cells beyond the {width} header columns", no)
        row = (list(cells) + [""] * width)[:width]
        found = [(j, SPACE_RE.sub("", c)) for j, c in enumerate(row)
                 if c.strip().endswith("合计") or is_total(c)]
        if found:
            if pending is not None:
                raise b.error("合计 labels without amounts", pending[0])
            if any(row[:found[0][0]]):
                raise b.error("a 合计 label and other rows' cells on one line", no)
            pending = (no, found)
            cols = [j for j, _ in found] + [width]
            same = [[c for c in row[s + 1:e] if c] for s, e in pairwise(cols)]
            if all(not v for v in same):
                continue
            if not all(len(v) == na and all(map(is_decimal, v)) for v in same):
                raise b.error("cannot pair the 合计 labels with their amounts", no)
            amounts = [a for v in same for a in v]
        elif pending is not None:
            amounts = [c for c in row if c]
            if (len(amounts) != na * len(pending[1])
                    or not all(map(is_decimal, amounts))):
                raise b.error(f"{len(pending[1])} 合计 labels (line {pending[0]}) but "
                              f"this line holds {amounts!r}", no)
            if no != pending[0]:
                notes.append(f"The 合计 labels (line {pending[0]}) and their amounts "
                             f"(line {no}) are printed on separate lines; they are "
                             "paired in order.")
        else:
            _economic_row(b, no, row, bounds, bw, labels, blocks)
            continue
        for t, (j, label) in enumerate(pending[1]):
            k = max(i for i, s in enumerate(starts) if s <= j)
            totals.append((no, (labels[k], "", label, *amounts[t * na:(t + 1) * na])))
        pending = None
    if pending is not None:
        raise b.error("合计 labels without amounts", pending[0])
    if len(starts) > 1:
        notes.append(f"The table prints {len(starts)} side-by-side "
                     f"{'/'.join(shape)} blocks; rows are listed block by block.")
    rows = tuple(r for blk in blocks for r in blk) + tuple(totals)
    return [("", (BLOCK_COLUMN, *shape), rows)]


def _block_labels(b: Block, named: list[Row], where: list[int],
                  bounds: list[int]) -> list[str]:
    """Block labels: header text above a block's leaf names, then lines printed above
    the grid, then the label of the block to the left (a spanning header)."""
    labels: list[str] = []
    for s, e in pairwise(bounds):
        above = [norm_header(cells[j]) for i, (_, cells) in enumerate(named)
                 for j in range(s, e) if j < len(cells) and cells[j] and i < where[j]]
        labels.append(above[0] if above else "")
    spare = [norm_header(t) for _, t in b.before if not t.startswith(("注", "说明"))]
    for k, lab in enumerate(labels):
        if not lab and spare:
            labels[k] = spare.pop(0)
    for k in range(1, len(labels)):
        if not labels[k]:
            labels[k] = labels[k - 1]
    return labels


def _economic_row(b: Block, no: int, row: list[str], bounds: list[int], bw: int,
                  labels: list[str], blocks: list[list[Row]]) -> None:
    """Add one grid row's code/name/amount triples to their blocks."""
    for k, s in enumerate(bounds[:-1]):
        part = row[s:s + bw]
        if not any(part):
            continue
        code, name, values = part[0], part[1], part[2:]
        if code and not CODE_RE.match(code):
            raise b.error(f"{code!r} in a 科目代码 column is not a code", no)
        if not name:
            raise b.error(f"科目代码 {code!r} without a 科目名称", no)
        for v in values:
            if v and not AMOUNT_CELL_RE.match(v):
                raise b.error(f"{v!r} is not an amount", no)
        blocks[k].append((no, (labels[k], *part)))
