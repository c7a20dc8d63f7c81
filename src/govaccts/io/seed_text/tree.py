"""Tree tables (公开02, 03, 05, 07, 08): ``科目代码, 科目名称, <amounts>`` per row.

A code and a name printed in one cell ("201 一般公共服务支出") are split after the
code.  Every row carrying exactly one value more than the header names is the known
extraction artefact: the extra column is named :data:`MISSING_HEADER` and the notes say
so; any other mismatch is an error.

>>> from govaccts.reports.kinds import report_kind
>>> from govaccts.io.seed_text.blocks import Block
>>> b = Block(report_kind("部门决算").spec("公开05"), "一般公共预算财政拨款支出决算表", 1,
...           "t.txt")
>>> header = [(2, ("科目代码", "科目名称", "合计"))]
>>> data = [(3, ("合计", "1.50", "0.50")), (4, ("201 一般公共服务支出", "1.50", "0.50"))]
>>> notes: list[str] = []
>>> [(part, cols, rows)] = read_tree(b, header, data, notes)
>>> cols, rows
(('科目代码', '科目名称', '合计', '（表头缺失）'), ((3, ('', '合计', '1.50', '0.50')), (4, ('201', '一般公共服务支出', '1.50', '0.50'))))
"""

from __future__ import annotations

from govaccts.io.seed_text.blocks import Block, Part
from govaccts.io.seed_text.cells import (
    AMOUNT_CELL_RE,
    CODE_COLUMN,
    CODE_NAME_RE,
    CODE_RE,
    LABEL_COLUMNS,
    NAME_COLUMN,
    SPACE_RE,
    Row,
    is_decimal,
    is_total,
)
from govaccts.io.seed_text.headers import named_header

__all__ = ["MISSING_HEADER", "read_tree"]

MISSING_HEADER = "（表头缺失）"
"""Name given to a value column that every row carries but the header does not name."""


def read_tree(b: Block, header: list[Row], data: list[Row], notes: list[str]) -> list[Part]:
    """The grid of a tree table, as one part."""
    named, width, leaves, _ = named_header(b, header)
    hline = named[-1][0]
    first = 0
    while first < width and (leaves[first] in LABEL_COLUMNS or not leaves[first]):
        first += 1
    amounts = leaves[first:]
    if not amounts:
        raise b.error("no amount columns named in the header", hline)
    if "" in amounts:
        raise b.error(f"amount column {first + amounts.index('') + 1} has no name", hline)
    n = len(amounts)
    parsed: list[tuple[int, str, str, list[str]]] = []
    merged = False
    for no, cells in data:
        code, name, values, joined = _tree_row(b, no, cells)
        merged = merged or joined
        while len(values) > n and not values[-1]:
            values.pop()
        parsed.append((no, code, name, values))
    long = [(no, len(v) - n) for no, _, _, v in parsed if len(v) > n]
    if long:
        # Explained only when every row with values carries exactly one value more.
        bad = next(((no, k) for no, k in long if k != 1), None)
        if bad is not None:
            raise b.error(f"row has {n + bad[1]} values, the header names {n} "
                          f"amount columns", bad[0])
        short = next((no for no, _, _, v in parsed if any(v) and len(v) != n + 1), None)
        if short is not None:
            raise b.error(f"row has {n} values while other rows (line {long[0][0]}) "
                          f"have {n + 1}: cannot tell which column is missing", short)
        amounts.append(MISSING_HEADER)
        notes.append(f"The header names {n} amount columns but every data row "
                     f"carries {n + 1} values; the last column is named "
                     f"{MISSING_HEADER}.")
        n += 1
    rows: list[Row] = []
    for no, code, name, values in parsed:
        if len(values) < n:
            if any(values):
                raise b.error(f"row has {len(values)} values, the header names {n} "
                              "amount columns", no)
            values = values + [""] * (n - len(values))
        for col, v in zip(amounts, values, strict=True):
            if v and not AMOUNT_CELL_RE.match(v):
                raise b.error(f"{v!r} in column {col} is not an amount", no)
        rows.append((no, (code, name, *values)))
    if merged:
        notes.append("科目代码 and 科目名称 are printed in one cell (e.g. "
                     "\"201 一般公共服务支出\"); they are split after the code.")
    if not rows:
        notes.append("No data row is printed.")
    return [("", (CODE_COLUMN, NAME_COLUMN, *amounts), tuple(rows))]


def _tree_row(b: Block, no: int,
              cells: tuple[str, ...]) -> tuple[str, str, list[str], bool]:
    """(科目代码, 科目名称, value cells, whether code and name shared a cell)."""
    c0 = cells[0]
    c1 = cells[1] if len(cells) > 1 else ""
    m = CODE_NAME_RE.match(c0)
    if CODE_RE.match(c0):
        if not c1 or is_decimal(c1):
            raise b.error(f"科目代码 {c0} without a 科目名称", no)
        return c0, c1, list(cells[2:]), False
    if m:
        return m.group(1), m.group(2).strip(), list(cells[1:]), True
    if is_total(c0):
        label = SPACE_RE.sub("", c0)
        if AMOUNT_CELL_RE.match(c1):
            return "", label, list(cells[1:]), True
        if c1:
            raise b.error(f"unexpected {c1!r} after {label}", no)
        return "", label, list(cells[2:]), False
    if not c0 and c1 and not AMOUNT_CELL_RE.match(c1):
        if CODE_RE.match(c1) or CODE_NAME_RE.match(c1):
            raise b.error(f"科目代码 {c1!r} printed in the 科目名称 column", no)
        return "", SPACE_RE.sub("", c1) if is_total(c1) else c1, list(cells[2:]), False
    raise b.error(f"cannot tell 科目代码 and 科目名称 in {cells[:2]!r}", no)
