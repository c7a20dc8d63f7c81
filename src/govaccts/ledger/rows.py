"""Rows and problems of a ledger table: what a row is when read, what went wrong building it.

A :class:`~govaccts.LedgerTable` stores its cells by column
(:mod:`govaccts.ledger.columns`); a :class:`Row` is made when a row is read.

>>> Row(None, "一、一般公共预算财政拨款收入", ()).key
'一般公共预算财政拨款收入'
"""

from __future__ import annotations

import enum

import attrs

from govaccts.amounts import Amount
from govaccts.catalogs.names import fold, strip_ordinal
from govaccts.errors import Location

__all__ = ["TOTAL", "TOTAL_LABELS", "Problem", "ProblemKind", "Row", "label_key"]

TOTAL = "合计"
"""The label of a tree table's grand-total row."""

TOTAL_LABELS = ("合计", "总计")
"""Labels a tree table's grand-total row is printed with."""


class ProblemKind(enum.StrEnum):
    """What is wrong with a row or cell met while building a table (a ``str``)."""

    INVALID_CODE = "invalid-code"
    UNKNOWN_CODE = "unknown-code"
    WRONG_LEVEL = "wrong-level"
    DUPLICATE_ROW = "duplicate-row"
    NAME_MISMATCH = "name-mismatch"
    BAD_AMOUNT = "bad-amount"
    RAGGED_ROW = "ragged-row"
    MISSING_CELL = "missing-cell"
    NO_CATALOG = "no-catalog"


@attrs.frozen
class Problem:
    """A problem found while building a table, with where it is.

    ``kind`` is a :class:`ProblemKind` (a ``str``, so ``p.kind == "bad-amount"`` holds).
    """

    kind: ProblemKind = attrs.field(converter=ProblemKind)
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.message}"


class _LazyLocation:
    """Where a row is, made into a :class:`Location` only when a problem needs it."""

    __slots__ = ("file", "line", "row", "table")

    def __init__(self, file: str | None, line: int | None, table: str, row: str) -> None:
        self.file, self.line, self.table, self.row = file, line, table, row

    def at(self, column: str | None = None) -> Location:
        return Location(file=self.file, line=self.line, table=self.table, row=self.row,
                        column=column)


@attrs.frozen
class Row:
    """One printed row: a code (or ``None`` for a labelled row), its label, its cells."""

    code: str | None
    label: str
    cells: tuple[tuple[str, Amount], ...]
    line: int | None = attrs.field(default=None, eq=False)
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The code, or for a labelled row the label without ordinal and spaces."""
        return self.code if self.code is not None else label_key(self.label)

    def get(self, column: str) -> Amount | None:
        """The printed cell of ``column`` (``None`` when the row has no such cell)."""
        for c, a in self.cells:
            if c == column:
                return a
        return None

    def attribute(self, name: str) -> str | None:
        """A non-amount column's text (e.g. 行次, 区块)."""
        for c, v in self.attributes:
            if c == name:
                return v
        return None


def label_key(label: str) -> str:
    """Key of a labelled row: folded, without a leading ordinal (「一、」).

    >>> label_key("一、一般公共预算财政拨款收入")
    '一般公共预算财政拨款收入'
    """
    return strip_ordinal(fold(label))
