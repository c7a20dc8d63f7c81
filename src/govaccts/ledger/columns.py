"""Amount columns: the values as scaled integers and one code byte per cell.

A :class:`~govaccts.LedgerTable` keeps each amount column as a :class:`Column`, not as
cell objects: the value of a cell is an integer scaled by its printed decimals, and one
byte says how many decimals were printed and how the text looked.  The printed text is
kept only where it differs from the canonical rendering of the value
(``format(value, "f")``, or ``format(value, ",f")`` for a column printed with
thousands separators): full-width digits, ``（1.00）``, ``+3``, ``-0.00``, a dash for a
blank cell.  An :class:`~govaccts.Amount` is made when a cell is read.

>>> c = Column.from_texts(["1,234.50", "（2.00）", "—", "0"])
>>> [str(a) for a in c], [a.value for a in c]
(['1,234.50', '（2.00）', '—', '0'], [Decimal('1234.50'), Decimal('-2.00'), None, Decimal('0')])
>>> c.scaled(0), c.scaled(2), c.common_decimals
((123450, 2), None, None)

Integers live in an ``array('q')`` while they fit in 64 bits, else in a list of ints;
nothing is ever a float.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from govaccts.amounts import EXACT, Amount, amount_of, parse_amount
from govaccts.amounts.parse import (
    DECIMALS_MASK,
    MAX_PLACES,
    SEP,
    SHAPE,
    decimal_of,
    leading_zero,
    new_amount,
    parse_plain,
    plain_code,
)
from govaccts.errors import AmountError, LedgerError

__all__ = ["NO_CELL", "Column"]

ODD = 64
"""Code bit: the printed text is not the canonical rendering; it is kept in ``texts``."""
BLANK = 128
"""Code of a blank cell (``""``, ``—`` …); a text other than ``""`` is kept in ``texts``."""
OBJECT = 129
"""Code of a cell kept as the :class:`Amount` it was given (a value whose exponent is not
minus its decimals, a minus zero): rare, and exact."""
MISSING = 255
"""Code of a row that has no cell in this column."""

_UNDERSCORES = str.maketrans(",.", "__")
_RISKY = re.compile(r"\n(?:-0|0[0-9,])")
"""A cell that starts with a leading zero or a minus zero: parsed cell by cell."""


class _NoCell:
    """The marker of an absent cell (a row without a cell for a column)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_CELL"


NO_CELL = _NoCell()
"""Put where a row has no cell in a column (:meth:`Column.extend`)."""

Cell = str | Amount | _NoCell
"""What a column is built from: printed text, an :class:`Amount`, or :data:`NO_CELL`."""


def _bulk(joined: str, n: int) -> tuple[list[int], list[str], dict[str, int]] | list[str] | None:
    """``(integers, shapes, codes)`` of ``n`` texts joined by newlines when every one is
    plain (or blank); their shapes alone when some is not (for the cell-by-cell path);
    ``None`` when they cannot be looked at in bulk (a line break, a leading zero …)."""
    if _RISKY.search("\n" + joined):
        return None
    shapes = joined.translate(SHAPE).split("\n")
    if len(shapes) != n:
        return None
    codes: dict[str, int] = {}
    for s in set(shapes):
        code = plain_code(s) if s else BLANK
        if code < 0:
            return shapes
        codes[s] = code
    if len(codes) > 1 and any(c & SEP for c in codes.values()):
        for s, c in codes.items():  # below 1,000 both styles print alike: take the
            if c < SEP and len(s.lstrip("-").partition(".")[0]) <= 3:  # separators
                codes[s] = c | SEP
    # int() reads "1_234_567_89": separators and point become underscores
    parts = joined.translate(_UNDERSCORES).split("\n")
    ints = [int(p) if p else 0 for p in parts] if "" in codes else list(map(int, parts))
    return ints, shapes, codes


class Column:
    """One amount column: scaled integers, a code byte per cell, the odd texts.

    Read it with :meth:`amount` (an :class:`Amount`, or ``None`` where the row has no
    cell), :meth:`value`, :meth:`scaled`; iterate it for its amounts in row order.
    Build it with :meth:`from_texts` or :meth:`from_scaled`.
    """

    __slots__ = ("_codes", "_ints", "_kinds", "_objects", "_texts")

    def __init__(self) -> None:
        self._ints: array[int] | list[int] = array("q")
        self._codes = bytearray()
        self._texts: dict[int, str] = {}
        self._objects: dict[int, Amount] = {}
        self._kinds: set[int] = set()

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_texts(cls, cells: Iterable[str | Amount | None]) -> Column:
        """A column from printed texts or amounts (``None``: no cell); a bad text raises
        :class:`~govaccts.AmountError`, as :func:`~govaccts.parse_amount` would."""
        col = cls()
        errors = col.extend([NO_CELL if c is None else c for c in cells])
        if errors:
            raise errors[0][1]
        return col

    @classmethod
    def from_scaled(cls, values: Iterable[int | None], decimals: int | Sequence[int], *,
                    thousands: bool = False) -> Column:
        """A column from scaled integers (``None``: a blank cell) and their decimals, one
        number for the whole column or one per cell; texts are the canonical rendering.

        >>> [str(a) for a in Column.from_scaled([123450, None, -5], 2, thousands=True)]
        ['1,234.50', '', '-0.05']
        """
        col = cls()
        vals = list(values)
        decs = [decimals] * len(vals) if isinstance(decimals, int) else list(decimals)
        if len(decs) != len(vals):
            raise LedgerError(f"{len(decs)} decimals for {len(vals)} values")
        for v, d in zip(vals, decs, strict=True):
            if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= MAX_PLACES:
                raise AmountError(d, f"decimals is an int from 0 to {MAX_PLACES}")
            if v is None:
                col._append(0, BLANK)
            elif isinstance(v, bool) or not isinstance(v, int):
                raise AmountError(v, "a scaled value is an int (never a float)")
            else:
                col._append(v, d | (SEP if thousands else 0))
        return col

    def _append(self, integer: int, code: int) -> None:
        try:
            self._ints.append(integer)
        except OverflowError:  # beyond 64 bits: Python ints from now on
            self._ints = [*self._ints, integer]
        self._codes.append(code)
        self._kinds.add(code)

    def _extend_ints(self, ints: list[int]) -> None:
        if isinstance(self._ints, array):
            try:
                self._ints.extend(array("q", ints))
                return
            except OverflowError:
                self._ints = list(self._ints)
        self._ints.extend(ints)

    def extend(self, cells: Sequence[Cell]) -> list[tuple[int, AmountError]]:
        """Append ``cells`` (:data:`NO_CELL` where a row has none); returns ``(index in
        cells, error)`` for each bad cell, which is appended as absent.

        Plain texts are parsed in bulk: the chunk is joined, every digit mapped to 9 by
        one ``str.translate``, each distinct shape judged once, and the integers read
        with separators turned into underscores; any other text goes through
        :func:`~govaccts.parse_amount` (same values, same errors).
        """
        if not cells:
            return []
        try:
            joined = "\n".join(cells)  # type: ignore[arg-type]
        except TypeError:  # Amounts or missing cells among them
            return self._extend_slow(cells)
        got = _bulk(joined, len(cells))
        if got is None:
            return self._extend_slow(cells)
        if isinstance(got, list):
            return self._extend_slow(cells, got)
        self._extend_parsed(*got)
        return []

    @staticmethod
    def extend_rows(columns: Sequence[Column], joined: str, rows: int) -> bool:
        """Append ``rows`` rows to ``columns`` at once, from their cells joined row by row
        with newlines; ``False`` (and nothing appended) unless every text is plain."""
        width = len(columns)
        got = _bulk(joined, rows * width)
        if not isinstance(got, tuple):
            return False
        ints, shapes, codes = got
        if width == 1:
            columns[0]._extend_parsed(ints, shapes, codes)
            return True
        one = len(set(codes.values())) == 1  # then no column needs its shapes
        for j, col in enumerate(columns):
            col._extend_parsed(ints[j::width], shapes if one else shapes[j::width], codes)
        return True

    def _extend_parsed(self, ints: list[int], shapes: list[str], codes: dict[str, int]) -> None:
        self._extend_ints(ints)
        kinds = set(codes.values())
        if len(kinds) == 1:  # one code for every shape: "9,999.99", "999.99" …
            (code,) = kinds
            self._codes += bytes((code,)) * len(ints)
            self._kinds.add(code)
        else:
            made = bytes(map(codes.__getitem__, shapes))
            self._codes += made
            self._kinds.update(set(made))

    def _extend_slow(self, cells: Sequence[Cell],
                     shapes: Sequence[str] | None = None) -> list[tuple[int, AmountError]]:
        errors: list[tuple[int, AmountError]] = []
        base = len(self._codes)
        for i, cell in enumerate(cells):
            if cell is NO_CELL:
                self._append(0, MISSING)
                continue
            if isinstance(cell, str):
                plain = None
                if shapes is not None:
                    code = plain_code(shapes[i]) if shapes[i] else -1
                    if code >= 0 and not leading_zero(cell):
                        plain = int(cell.replace(",", "").replace(".", "")), code
                elif cell:
                    plain = parse_plain(cell)
                if plain is not None:
                    n, code = plain
                    if n == 0 and cell[0] == "-":  # minus zero: kept as printed
                        self._texts[base + i] = cell
                        code |= ODD
                    self._append(n, code)
                    continue
                if cell == "":
                    self._append(0, BLANK)
                    continue
                try:
                    cell = parse_amount(cell)
                except AmountError as exc:
                    errors.append((i, exc))
                    self._append(0, MISSING)
                    continue
            elif not isinstance(cell, Amount):
                try:  # a Decimal or an int; a float refused with the fix (amount_of)
                    cell = amount_of(cell)
                except AmountError as exc:
                    errors.append((i, exc))
                    self._append(0, MISSING)
                    continue
            self._append_amount(base + i, cell)
        return errors

    def _append_amount(self, index: int, a: Amount) -> None:
        v = a.value
        if v is None:
            if a.decimals == 0:
                if a.text:
                    self._texts[index] = a.text
                self._append(0, BLANK)
                return
        else:
            sign, _, exponent = v.as_tuple()
            if exponent == -a.decimals and not (sign and v.is_zero()):
                n = int(v.scaleb(a.decimals, context=EXACT))
                code = a.decimals
                if a.text == format(v, ",f") and "," in a.text:
                    code |= SEP
                elif a.text != format(v, "f"):
                    self._texts[index] = a.text
                    code |= ODD
                self._append(n, code)
                return
        self._objects[index] = a
        self._append(0, OBJECT)

    # -- reading -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[Amount | None]:
        return map(self.amount, range(len(self._codes)))

    def __repr__(self) -> str:
        return f"<Column of {len(self)} cells>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Column):
            return NotImplemented
        if len(self) != len(other):
            return False
        if (self._codes == other._codes and self._texts == other._texts
                and self._objects == other._objects
                and all(a == b for a, b in zip(self._ints, other._ints, strict=True))):
            return True
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def amount(self, i: int) -> Amount | None:
        """The cell of row ``i`` as an :class:`Amount`; ``None`` where there is no cell."""
        code = self._codes[i]
        if code < BLANK:
            d = code & DECIMALS_MASK
            value = decimal_of(self._ints[i], d)
            if code & ODD:
                return new_amount(value, d, self._texts[i])
            return new_amount(value, d, format(value, ",f" if code & SEP else "f"))
        if code == BLANK:
            return new_amount(None, 0, self._texts.get(i, ""))
        if code == OBJECT:
            return self._objects[i]
        return None

    def value(self, i: int) -> Decimal | None:
        """The value of row ``i`` (``None`` when blank or absent)."""
        code = self._codes[i]
        if code < BLANK:
            return decimal_of(self._ints[i], code & DECIMALS_MASK)
        if code == OBJECT:
            return self._objects[i].value
        return None

    def scaled(self, i: int) -> tuple[int, int] | None:
        """``(integer, decimals)`` of row ``i``'s value (``None`` when blank or absent)."""
        code = self._codes[i]
        if code < BLANK:
            return self._ints[i], code & DECIMALS_MASK
        if code == OBJECT:
            v = self._objects[i].value
            if v is not None:
                exponent = v.as_tuple().exponent
                assert isinstance(exponent, int)
                d = max(0, -exponent)
                return int(v.scaleb(d, context=EXACT)), d
        return None

    def present(self, i: int) -> bool:
        """Whether row ``i`` has a cell in this column (blank or not)."""
        return self._codes[i] != MISSING

    @property
    def common_decimals(self) -> int | None:
        """The decimals every printed value of the column has, when they agree and are
        all held as integers; else ``None`` (also for a column without a value)."""
        decs = {k & DECIMALS_MASK for k in self._kinds if k < BLANK}
        if len(decs) != 1 or OBJECT in self._kinds:
            return None
        return decs.pop()

    def max_decimals(self) -> int | None:
        """The most decimals a value of the column is printed with (``None``: no value)."""
        decs = [k & DECIMALS_MASK for k in self._kinds if k < BLANK]
        decs += [a.decimals for a in self._objects.values() if a.value is not None]
        return max(decs) if decs else None

    def fewer_decimals(self, most: int) -> list[int]:
        """Rows whose value is printed with fewer than ``most`` decimals, in order."""
        if not any(k < BLANK and k & DECIMALS_MASK < most for k in self._kinds) and \
                not any(a.value is not None and a.decimals < most for a in self._objects.values()):
            return []
        out = []
        for i, code in enumerate(self._codes):
            if code < BLANK:
                if code & DECIMALS_MASK < most:
                    out.append(i)
            elif code == OBJECT:
                a = self._objects[i]
                if a.value is not None and a.decimals < most:
                    out.append(i)
        return out

    def normalized(self) -> tuple[Sequence[int], int] | None:
        """Every value as an integer at one scale, ``(integers, decimals)``: blank and
        absent cells are 0.  ``None`` when a cell is held as an object."""
        if OBJECT in self._kinds:
            return None
        common = self.common_decimals
        if common is not None or not any(k < BLANK for k in self._kinds):
            return self._ints, common or 0
        most = max(k & DECIMALS_MASK for k in self._kinds if k < BLANK)
        pow10 = [10 ** (most - d) for d in range(most + 1)]  # ints: d <= most
        return [n * pow10[c & DECIMALS_MASK] if c < BLANK else 0
                for n, c in zip(self._ints, self._codes, strict=True)], most

    @property
    def kinds(self) -> frozenset[int]:
        """The distinct code bytes of the column's cells (internal layout)."""
        return frozenset(self._kinds)

    @property
    def codes(self) -> bytes:
        """The code byte of every cell (internal layout; read-only copy)."""
        return bytes(self._codes)

    @property
    def ints(self) -> Sequence[int]:
        """The scaled integer of every cell (0 where blank or absent)."""
        return self._ints
