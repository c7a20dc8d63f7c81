"""The result of a roll-up: every parent computed from the leaves, beside what was printed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from govaccts.amounts.parse import decimal_of
from govaccts.errors import LedgerError
from govaccts.ledger.rows import label_key

if TYPE_CHECKING:
    from govaccts.ledger.table import LedgerTable

__all__ = ["Rollup"]


class _Computed(Mapping[tuple[str, str], Decimal]):
    """Computed parents as Decimals, made when read from exact (integer, scale) pairs."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[tuple[str, str], tuple[int, int]]) -> None:
        self._data = data

    def __getitem__(self, key: tuple[str, str]) -> Decimal:
        n, scale = self._data[key]
        return decimal_of(n, scale)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


@attrs.frozen
class Rollup:
    """Parents computed from leaves, beside the printed table.

    ``leaves[key]`` is the number of leaves summed into ``key``.
    """

    table: LedgerTable
    computed: Mapping[tuple[str, str], Decimal]
    leaves: Mapping[str, int]

    def value(self, key: str, column: str) -> Decimal:
        """The computed value of a parent row (raises for a leaf)."""
        k = key if (key, column) in self.computed else label_key(key)
        try:
            return self.computed[(k, column)]
        except KeyError:
            raise LedgerError(f"{key!r} × {column!r} is not a computed parent of "
                              f"table {self.table.id}") from None

    def differences(self) -> list[tuple[str, str, Decimal | None, Decimal]]:
        """``(key, column, printed, computed)`` wherever the two differ."""
        out = []
        for (key, col), comp in self.computed.items():
            a = self.table.get_cell(key, col)
            printed = a.value if a is not None else None
            if printed != comp:
                out.append((key, col, printed, comp))
        return out

