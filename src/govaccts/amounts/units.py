"""Units (元/万元/亿元), rounding (四舍五入 by default) and exact sums, in private decimal contexts.

>>> from decimal import Decimal
>>> convert(Decimal("94995790"), "元", "万元")
Decimal('9499.58')
>>> format_amount(Decimal("1234.5"), thousands=True)
'1,234.50'
"""

from __future__ import annotations

import decimal
import enum
import types
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal

from govaccts.amounts.parse import _MAX_PRECISION, MAX_PLACES, _fail, to_decimal
from govaccts.errors import AmountError, UnitError

__all__ = ["EXACT", "ROUNDING_MODES", "Unit", "convert", "exact_sum", "format_amount", "round_amount"]


def _exact(value: object) -> Decimal:
    if isinstance(value, str):
        raise _fail(value, "text must be parsed first (parse_amount or to_decimal)", None)
    return to_decimal(value)


class Unit(enum.Enum):
    """An amount unit: 元, 万元 or 亿元, with its factor in 元.

    >>> Unit.parse("wan"), Unit.parse("万元").factor
    (<Unit.WAN: '万元'>, 10000)
    """

    YUAN = "元"
    WAN = "万元"
    YI = "亿元"

    @property
    def exponent(self) -> int:
        """Power of ten of the unit in 元 (0, 4 or 8).

        >>> Unit.YI.exponent
        8
        """
        return _EXPONENTS[self.name]

    @property
    def factor(self) -> int:
        """How many 元 one unit is.

        >>> Unit.YI.factor
        100000000
        """
        return _FACTORS[self.name]

    @classmethod
    def parse(cls, unit: Unit | str) -> Unit:
        """Return the unit for a member, a label (``"万元"``) or a name (``"wan"``).

        >>> Unit.parse(" YI ")
        <Unit.YI: '亿元'>
        """
        if isinstance(unit, Unit):
            return unit
        if isinstance(unit, str):
            key = unicodedata.normalize("NFKC", unit).strip()
            for member in cls:
                if key == member.value or key.upper() == member.name:
                    return member
        known = ", ".join(f"{m.value} ({m.name.lower()})" for m in cls)
        raise UnitError(f"unknown unit {unit!r} (known: {known})")


_EXPONENTS = {"YUAN": 0, "WAN": 4, "YI": 8}
_FACTORS = {"YUAN": 1, "WAN": 10_000, "YI": 100_000_000}

ROUNDING_MODES: Mapping[str, str] = types.MappingProxyType({
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "half-down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
})
"""Rounding mode names → :mod:`decimal` constants.  ``half-up`` is 四舍五入 (the
default); ``half-even`` is GB/T 8170's 四舍六入五成双.

>>> ROUNDING_MODES["half-even"]
'ROUND_HALF_EVEN'
"""

_ROUNDING_ALIASES = {
    "四舍五入": decimal.ROUND_HALF_UP,
    "四舍六入五成双": decimal.ROUND_HALF_EVEN,
}
_DECIMAL_CONSTANTS = frozenset({
    decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_HALF_DOWN,
    decimal.ROUND_UP, decimal.ROUND_DOWN, decimal.ROUND_CEILING, decimal.ROUND_FLOOR,
    decimal.ROUND_05UP,
})


def _rounding(mode: object) -> str:
    if isinstance(mode, str):
        if mode in _DECIMAL_CONSTANTS:
            return mode
        found = ROUNDING_MODES.get(mode) or _ROUNDING_ALIASES.get(mode)
        if found is not None:
            return found
    raise UnitError(f"unknown rounding mode {mode!r} (known: {', '.join(ROUNDING_MODES)})")


def _places(places: object) -> int:
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        raise UnitError(f"places must be an int from 0 to {MAX_PLACES}, not {places!r}")
    return places


def _context(prec: int) -> decimal.Context:
    """A fresh context: built from explicit values, never from the caller's."""
    return decimal.Context(
        prec=prec, rounding=decimal.ROUND_HALF_UP, Emin=decimal.MIN_EMIN,
        Emax=decimal.MAX_EMAX, capitals=1, clamp=0, flags=[],
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


def round_amount(value: Decimal | int, places: int = 2, rounding: str = "half-up") -> Decimal:
    """Round ``value`` to ``places`` decimals (half-up, 四舍五入, by default).

    Works in a private decimal context, so the caller's precision and rounding
    do not matter and are left untouched.

    >>> round_amount(Decimal("1.225")), round_amount(Decimal("1.225"), rounding="half-even")
    (Decimal('1.23'), Decimal('1.22'))
    """
    exact = _exact(value)
    places = _places(places)
    mode = _rounding(rounding)
    prec = max(28, exact.adjusted() + places + 3)
    if prec > _MAX_PRECISION:
        raise _fail(value, f"too large to round to {places} places", None)
    with decimal.localcontext(_context(prec)) as ctx:
        result = exact.quantize(Decimal((0, (1,), -places)), rounding=mode, context=ctx)
    return result.copy_abs() if result.is_zero() else result


def format_amount(value: Decimal | int, places: int = 2, *, thousands: bool = False,
                  rounding: str = "half-up") -> str:
    """Print ``value`` rounded to ``places`` decimals, optionally with ``,`` separators.

    The text parses back with :func:`parse_amount` to the rounded value.

    >>> format_amount(Decimal("-94995790"), 0, thousands=True)
    '-94,995,790'
    >>> format_amount(7, 2)
    '7.00'
    """
    rounded = round_amount(value, places, rounding)
    sign, digits, _ = rounded.as_tuple()
    text = "".join(map(str, digits)).rjust(places + 1, "0")
    integer, fraction = text[:len(text) - places], text[len(text) - places:]
    if thousands:
        head = len(integer) % 3 or 3
        integer = ",".join([integer[:head]] + [integer[i:i + 3]
                                               for i in range(head, len(integer), 3)])
    body = f"{integer}.{fraction}" if places else integer
    return f"-{body}" if sign else body


def convert(value: Decimal | int, from_unit: Unit | str, to_unit: Unit | str, *,
            places: int | None = 2, rounding: str = "half-up") -> Decimal:
    """Convert ``value`` between units exactly, then round to ``places`` (None: exact).

    >>> convert(Decimal("12250"), "元", "万元")
    Decimal('1.23')
    >>> convert(Decimal("12250"), Unit.YUAN, Unit.WAN, places=None)
    Decimal('1.2250')
    """
    exact = _exact(value)
    shift = Unit.parse(from_unit).exponent - Unit.parse(to_unit).exponent
    mode = _rounding(rounding)
    t = exact.as_tuple()
    digits = len(t.digits) + max(int(t.exponent), 0)
    with decimal.localcontext(_context(max(28, digits + abs(shift) + 2))) as ctx:
        scaled = exact.scaleb(shift, context=ctx)
        exponent = scaled.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:  # 3E+4 -> 30000: same value
            scaled = scaled.quantize(Decimal(1), context=ctx)
    if places is None:
        return scaled
    return round_amount(scaled, places, mode)


EXACT = _context(_MAX_PRECISION)
"""A private context with 1,000 digits of precision: sums of amounts (at most 30 digits each)
are exact in it.  Internal: do not change it."""

_SUM = _context(_MAX_PRECISION)
_SUM.traps[decimal.Inexact] = True


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Sum Decimals exactly, in a private context (the caller's is neither read nor changed).

    >>> exact_sum([Decimal("0.1"), Decimal("0.20"), Decimal("3")])
    Decimal('3.30')
    """
    total = Decimal(0)
    try:
        for v in values:
            total = _SUM.add(total, v)
    except decimal.Inexact:
        raise AmountError("<sum>", f"a sum beyond {_MAX_PRECISION} digits cannot be exact") \
            from None
    return total
