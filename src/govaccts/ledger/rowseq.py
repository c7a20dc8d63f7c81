"""A columnar table's rows as a read-only sequence (rows made on access), and the columnar
parts built from :class:`Row` objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, overload

from govaccts.errors import LedgerError
from govaccts.ledger.builder import NO_CELL, TableParts
from govaccts.ledger.columns import Column
from govaccts.ledger.rows import Row

if TYPE_CHECKING:
    from govaccts.ledger.table import LedgerTable

__all__ = ["Rows"]


class Rows(Sequence[Row]):
    """The rows of a table, in printed order: each :class:`Row` made when read."""

    __slots__ = ("_table",)

    def __init__(self, table: LedgerTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table._parts.codes)

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, i: int | slice) -> Row | tuple[Row, ...]:
        n = len(self)
        if isinstance(i, slice):
            return tuple(map(self._table._row, range(*i.indices(n))))
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError("row index out of range")
        return self._table._row(j)

    def __iter__(self) -> Iterator[Row]:
        return map(self._table._row, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self._table._same_rows(other._table)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                          strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} rows of table {self._table.id}>"


def _columns_of(maps: Sequence[Mapping[str, object]],
                columns: tuple[str, ...]) -> tuple[list[Sequence[Any]], bool, bool]:
    """The cells of ``maps`` column by column, whether every map holds exactly the
    columns (then no cell is absent or extra), and whether a cell is absent.

    No container is made per row, so the cyclic garbage collector has nothing to do.
    """
    try:
        cells: list[Sequence[Any]] = [list(map(itemgetter(c), maps)) for c in columns]
    except KeyError:
        return [[m.get(c, NO_CELL) for m in maps] for c in columns], False, True
    return cells, set(map(len, maps)) <= {len(columns)}, False


def _joined(maps: Sequence[Mapping[str, object]], columns: tuple[str, ...]) -> str | None:
    """Every cell of ``maps``, row by row, joined by newlines (no list per column);
    ``None`` when a cell is absent or no text."""
    if not columns:
        return None
    getter = itemgetter(*columns)
    try:
        if len(columns) == 1:
            return "\n".join(map(getter, maps))
        return "\n".join(chain.from_iterable(map(getter, maps)))
    except (KeyError, TypeError):
        return None


def _cells_of(maps: Sequence[Mapping[str, object]],
              columns: tuple[str, ...]) -> list[Sequence[Any]]:
    return [list(map(itemgetter(c), maps)) for c in columns]


def _parts_from_rows(columns: tuple[str, ...], rows: Iterable[Row]) -> TableParts:
    """Columns of :class:`Row` objects (the public constructor's input)."""
    position = {c: j for j, c in enumerate(columns)}
    codes: list[str | None] = []
    labels: list[str] = []
    lines: list[int | None] = []
    attributes: list[tuple[tuple[str, str], ...]] = []
    cells: list[list[Any]] = [[] for _ in columns]
    index: dict[str, int] = {}
    for r in rows:
        if not isinstance(r, Row):
            raise LedgerError(f"a table's rows are Row objects, not {type(r).__name__}")
        got: list[Any] = [NO_CELL] * len(columns)
        for c, a in r.cells:
            j = position.get(c)
            if j is None:
                raise LedgerError(f"row {r.key} has a cell for {c!r}, which is no column "
                                  f"of the table ({', '.join(columns)})")
            if got[j] is not NO_CELL:
                raise LedgerError(f"row {r.key} has two cells for column {c!r}")
            got[j] = a
        for store, a in zip(cells, got, strict=True):
            store.append(a)
        index.setdefault(r.key, len(codes))
        codes.append(r.code)
        labels.append(r.label)
        lines.append(r.line)
        attributes.append(r.attributes)
    made = []
    for name, values in zip(columns, cells, strict=True):
        col = Column()
        errors = col.extend(values)
        if errors:
            raise LedgerError(f"column {name}: {errors[0][1]}")
        made.append(col)
    return TableParts(codes, labels, index, made,
                      lines=lines if any(x is not None for x in lines) else None,
                      attr_rows=attributes if any(attributes) else None)


