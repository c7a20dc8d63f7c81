"""Display width of terminal text with Chinese characters, and aligned tables.

A terminal draws East Asian *Wide* and *Fullwidth* characters (汉字, full-width
brackets and digits) in two columns, combining marks and other zero-width
characters in none, and everything else in one.  ``len()`` counts characters,
so tables padded with :meth:`str.ljust` go ragged as soon as a cell holds
Chinese text; :func:`pad` and :func:`render_table` pad by display width instead.

East Asian *Ambiguous* characters (``→``, ``—``, ``…``, ``·``) count one
column, as ``wcwidth`` does and as most terminals draw them; output meant to
align should avoid them.

>>> display_width("行政运行"), display_width("2013101"), display_width("（室）")
(8, 7, 6)
>>> table = render_table(["code", "name"], [["201", "一般公共服务支出"], ["20131", "党委办公厅"]])
>>> for line in table.splitlines():
...     print(line + "|")
code   name            |
-----  ----------------|
201    一般公共服务支出|
20131  党委办公厅      |
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["char_width", "display_width", "pad", "render_table"]

_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})
_WIDE = frozenset({"W", "F"})


def char_width(ch: str) -> int:
    """Columns one character takes: 0, 1 or 2.

    Combining marks, format characters (zero-width space, joiners) and control
    characters take 0; East Asian Wide and Fullwidth characters take 2.

    >>> [char_width(c) for c in "a汉１\\u0301\\u200b"]
    [1, 2, 2, 0, 0]
    """
    if unicodedata.combining(ch) or unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in _WIDE else 1


def display_width(s: str) -> int:
    """Number of terminal columns ``s`` takes on one line.

    >>> display_width("")
    0
    >>> display_width("abc")
    3
    >>> display_width("一般公共服务支出")
    16
    >>> display_width("ＡＢＣ")  # full-width Latin letters
    6
    >>> display_width("e\\u0301")  # e + combining acute accent
    1
    >>> display_width("201 › 20131")  # › is narrow
    11
    """
    return sum(char_width(ch) for ch in s)


def pad(s: str, width: int, align: str = "<") -> str:
    """Pad ``s`` with spaces to ``width`` display columns.

    ``align`` is ``"<"`` (left, the default), ``">"`` (right) or ``"^"`` (centre,
    any odd space on the right).  Text already as wide as ``width`` or wider is
    returned unchanged: nothing is ever cut.

    >>> pad("行政", 6) + "|"
    '行政  |'
    >>> pad("行政", 6, ">")
    '  行政'
    >>> pad("行政", 7, "^") + "|"
    ' 行政  |'
    >>> pad("一般公共服务", 4)
    '一般公共服务'
    >>> pad("x", 3, "=")
    Traceback (most recent call last):
    ...
    ValueError: align must be '<', '>' or '^', not '='
    """
    if align not in ("<", ">", "^"):
        raise ValueError(f"align must be '<', '>' or '^', not {align!r}")
    gap = width - display_width(s)
    if gap <= 0:
        return s
    if align == "<":
        return s + " " * gap
    if align == ">":
        return " " * gap + s
    left = gap // 2
    return " " * left + s + " " * (gap - left)


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    align: Sequence[str] | None = None,
    sep: str = "  ",
) -> str:
    """Render ``rows`` under ``headers`` as an aligned text table (no trailing newline).

    Cells are converted with :func:`str` (``None`` becomes an empty cell).  Every
    column is padded to its widest cell by display width (at least one column),
    the last one too, so every line of the table has the same display width.  ``align`` gives one
    of ``"<"``, ``">"``, ``"^"`` per column (default: all left); a rule of
    ``-`` separates the header from the rows.

    >>> t = render_table(["代码", "名称", "rows"],
    ...                  [["201", "一般公共服务支出", 4], ["2013101", "行政运行", 12]],
    ...                  align=["<", "<", ">"])
    >>> print(t)
    代码     名称              rows
    -------  ----------------  ----
    201      一般公共服务支出     4
    2013101  行政运行            12
    >>> {display_width(line) for line in t.splitlines()}
    {31}
    >>> render_table(["a", "b"], [["1"]])
    Traceback (most recent call last):
    ...
    ValueError: row 0 has 1 cells, expected 2
    """
    ncols = len(headers)
    aligns = list(align) if align is not None else ["<"] * ncols
    if len(aligns) != ncols:
        raise ValueError(f"align has {len(aligns)} entries, expected {ncols}")
    cells: list[list[str]] = []
    for i, row in enumerate(rows):
        if len(row) != ncols:
            raise ValueError(f"row {i} has {len(row)} cells, expected {ncols}")
        cells.append(["" if c is None else str(c) for c in row])
    heads = [str(h) for h in headers]
    widths = [
        max([1, display_width(heads[j]), *(display_width(r[j]) for r in cells)])
        for j in range(ncols)
    ]
    lines = [sep.join(pad(heads[j], widths[j], aligns[j]) for j in range(ncols))]
    lines.append(sep.join("-" * w for w in widths))
    for r in cells:
        lines.append(sep.join(pad(r[j], widths[j], aligns[j]) for j in range(ncols)))
    return "\n".join(lines)
