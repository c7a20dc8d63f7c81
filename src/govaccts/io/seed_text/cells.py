"""Cells of seed-style text: the patterns and tests every part of the reader shares.

A printed line is a :data:`Row`, its number and its tab-separated cells.  Column names
come from :mod:`govaccts.io.vocabulary`.

>>> is_decimal("1,234.50"), is_decimal("12"), is_total("合 计")
(True, False, True)
>>> looks_like_data(("201 一般公共服务支出", "1.50")), looks_like_data(("项目", "", "金额"))
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govaccts.io.vocabulary import CODE_HEADERS, LABEL_HEADERS, NAME_HEADERS

__all__ = [
    "AMOUNT_CELL_RE", "BLOCK_COLUMN", "CODE_COLUMN", "CODE_COLUMNS", "CODE_NAME_RE", "CODE_RE",
    "INT_RE", "ITEM_COLUMNS", "LABEL_COLUMNS", "MARKER_RE", "NAME_COLUMN", "NAME_COLUMNS",
    "SPACE_RE", "Row", "is_decimal", "is_total", "looks_like_data", "marker_id", "trim",
]

Row = tuple[int, tuple[str, ...]]
"""A printed line: its number (from 1) and its cells."""

CODE_COLUMNS = frozenset(CODE_HEADERS)
"""Names of a 科目代码 column."""
NAME_COLUMNS = frozenset(NAME_HEADERS)
"""Names of a 科目名称 column."""
ITEM_COLUMNS = frozenset(LABEL_HEADERS)
"""Names of the 项目 column of a table whose rows carry no code."""
LABEL_COLUMNS = CODE_COLUMNS | NAME_COLUMNS | ITEM_COLUMNS
"""Columns that label a row, never amounts."""
CODE_COLUMN, NAME_COLUMN = CODE_HEADERS[0], NAME_HEADERS[0]
"""The names the reader gives the code and name columns it writes."""
BLOCK_COLUMN = "区块"
"""The column naming the printed block a row is in (人员经费, 预算数 …)."""

SPACE_RE = re.compile(r"\s+")
MARKER_RE = re.compile(r"[（(]?公开\s*(\d{1,2})\s*表[）)]?")
"""A printed ``公开NN表`` label (group 1: the number)."""
CODE_RE = re.compile(r"^\d{3,7}$")
CODE_NAME_RE = re.compile(r"^(\d{3,7})\s*([^\d\s].*)$")
"""A code and a name printed in one cell: ``201 一般公共服务支出``."""
DECIMAL_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
AMOUNT_CELL_RE = re.compile(r"^(?:[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-—－–])$")
"""What an amount cell may hold: a number or a dash."""
INT_RE = re.compile(r"^\d+$")

_TOTAL_LABELS = frozenset({"合计", "总计"})


def marker_id(number: str) -> str:
    """The table id a printed ``公开NN表`` label gives: ``公开05``."""
    return f"公开{int(number):02d}"


def is_decimal(s: str) -> bool:
    """True for a number printed with decimals (an amount, never a 行次 or 栏次)."""
    return bool(DECIMAL_RE.match(s))


def is_total(s: str) -> bool:
    """True for a 合计 or 总计 label, however spaced."""
    return SPACE_RE.sub("", s) in _TOTAL_LABELS


def looks_like_data(cells: Sequence[str]) -> bool:
    """A data row: it holds an amount, or a code or 合计 label in its first two cells."""
    label = next((c for c in cells[:2] if c), "")
    return (any(is_decimal(c) for c in cells) or is_total(label)
            or bool(CODE_RE.match(label) or CODE_NAME_RE.match(label)))


def trim(cells: Sequence[str]) -> tuple[str, ...]:
    """Cells without trailing empty ones."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return tuple(cells[:end])
