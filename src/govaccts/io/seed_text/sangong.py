"""The 三公 table (公开09): one printed line of 预算数 and 决算数 blocks.

The header prints the block labels (预算数 | 决算数) above the column names, which
span two lines (公务用车购置及运行维护费 over 小计 | 公务用车购置费 | …); the line of
values becomes one row per block, its first column, ``区块``, the block's label.  A
flattened line carrying more values than columns is read only when all its values are
equal (the known extraction artefact), and the notes say so.

>>> from govaccts.reports.kinds import report_kind
>>> from govaccts.io.seed_text.blocks import Block
>>> b = Block(report_kind("部门决算").spec("公开09"), "财政拨款“三公”经费支出决算表", 1,
...           "t.txt")
>>> header = [(2, ("预算数", "", "决算数", "")), (3, ("合计", "公务接待费") * 2)]
>>> notes: list[str] = []
>>> [(part, cols, rows)] = read_sangong(b, header, [(4, ("1.00", "1.00", "0.90", "0.90"))],
...                                     notes)
>>> cols, rows
(('区块', '合计', '公务接待费'), ((4, ('预算数', '1.00', '1.00')), (4, ('决算数', '0.90', '0.90'))))
"""

from __future__ import annotations

from govaccts.io.seed_text.blocks import Block, Part
from govaccts.io.seed_text.cells import AMOUNT_CELL_RE, BLOCK_COLUMN, Row, is_decimal, trim
from govaccts.io.seed_text.headers import is_lanci, norm_header

__all__ = ["read_sangong"]

_BLOCK_LABELS = ("预算数", "决算数")


def read_sangong(b: Block, header: list[Row], data: list[Row],
                 notes: list[str]) -> list[Part]:
    """The grid of the 三公 table, as one part with a row per block and printed line."""
    labels, columns = _header(b, header, notes)
    width = len(columns) * len(labels)
    bw = len(columns)
    rows: list[Row] = []
    for no, cells in data:
        row = list(trim(cells))
        k = 0
        while k < len(row) and row[k] == str(k + 1) and not is_decimal(row[k]):
            k += 1
        if k:
            if k != width:
                raise b.error(f"{k} column numbers for {width} columns", no)
            notes.append(f"The 栏次 numbers 1–{width} and the values are printed on one "
                         "line.")
            row = row[k:]
        for v in row:
            if v and not AMOUNT_CELL_RE.match(v):
                raise b.error(f"{v!r} is not an amount", no)
        if len(row) > width:
            extra = len(row) - width
            if len(set(row)) != 1:
                raise b.error(f"{len(row)} values for {width} columns ({extra} extra) "
                              "and the values differ: cannot tell which is extra", no)
            notes.append(f"Found {len(row)} values for {width} columns ({extra} extra "
                         f"value{'s' if extra > 1 else ''}); all values were {row[0]}, "
                         f"so {row[0]} is written in all {width} cells.")
            row = row[:width]
        elif len(row) < width:
            if any(row):
                raise b.error(f"{len(row)} values for {width} columns", no)
            row = row + [""] * (width - len(row))
        for k2, label in enumerate(labels):
            rows.append((no, (label, *row[k2 * bw:(k2 + 1) * bw])))
    return [("", (BLOCK_COLUMN, *columns), tuple(rows))]


def _header(b: Block, header: list[Row], notes: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """The block labels and the columns of one block (every block has the same)."""
    labels: list[str] = []
    named: list[Row] = []
    for no, cells in header:
        filled = [norm_header(c) for c in cells if c]
        if is_lanci(cells):
            continue
        if filled and not labels and all(c.endswith(_BLOCK_LABELS) for c in filled):
            labels = filled
        else:
            named.append((no, cells))
    if not labels or not named:
        raise b.error("no 预算数/决算数 header above the 三公 table", b.title_line)
    hline = named[-1][0]
    top = named[0][1]
    width = len(trim(top))
    names: list[str] = []
    parent = ""
    for j in range(width):
        if top[j]:
            parent = norm_header(top[j])
        leaf = ""
        for _, cells in named[1:]:
            if j < len(cells) and cells[j]:
                leaf = norm_header(cells[j])
        if not leaf:
            if not top[j]:
                raise b.error(f"column {j + 1} of the 三公 header has no name", hline)
            leaf = parent
        elif leaf == "小计":
            leaf = parent + "小计"
        names.append(leaf)
    inside = {norm_header(c) for _, cells in named[1:] for c in cells[:width] if c}
    beyond = [norm_header(c) for _, cells in named[1:] for c in cells[width:] if c]
    if beyond:
        if not set(beyond) <= inside:
            raise b.error(f"header text {beyond!r} beyond the {width} columns", hline)
        notes.append(f"The sub-header line repeats {'/'.join(beyond)} beyond the "
                     f"{width} columns; the repetition is ignored.")
    if width % len(labels):
        raise b.error(f"{width} columns do not split into {len(labels)} blocks "
                      f"({'/'.join(labels)})", hline)
    bw = width // len(labels)
    blocks = [tuple(names[k * bw:(k + 1) * bw]) for k in range(len(labels))]
    if any(blk != blocks[0] for blk in blocks):
        raise b.error(f"the {'/'.join(labels)} blocks have different columns: {blocks}",
                      hline)
    return labels, blocks[0]
