"""Figures in prose: the patterns of an amount with its unit and of a percentage, their
values (read by the one amount parser), 元/亿元 → 万元, and the range of a ratio of
rounded figures.

>>> import re
>>> m = re.search(AMOUNT, "收、支总计563.56万元")
>>> value(m.group(1)), m.group(2), to_wan(Decimal("26.53"), "元")
(Decimal('563.56'), '万元', Decimal('0.002653'))
"""

from __future__ import annotations

from decimal import Decimal

from govaccts.amounts import EXACT, Amount, parse_amount
from govaccts.errors import AmountError

__all__ = ["AMOUNT", "PCT", "ratio_interval", "to_wan", "value"]

AMOUNT = r"\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"
"""An amount and its unit: groups (number, unit)."""
PCT = r"(\d+(?:\.\d+)?)\s*%"
"""A percentage: group (number)."""


def value(text: str) -> Decimal | None:
    """A quoted figure's value, read by the one amount parser (``None`` if unreadable)."""
    try:
        return parse_amount(text).value
    except AmountError:
        return None


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """``amount`` in ``unit`` (元, 万元, 亿元) expressed in 万元, exactly."""
    if unit == "元":
        return EXACT.divide(amount, Decimal(10000))
    if unit == "亿元":
        return EXACT.multiply(amount, Decimal(10000))
    return amount


def ratio_interval(a: Amount, b: Amount) -> tuple[Decimal, Decimal] | None:
    """Range of 100·a/b over the rounding intervals of a and b (None if b may be 0).

    >>> lo, hi = ratio_interval(parse_amount("1.78"), parse_amount("540.44"))
    >>> round(lo, 4), round(hi, 4)      # 1.78/540.44 = 0.3294%, as printed 0.3%
    (Decimal('0.3284'), Decimal('0.3303'))
    """
    assert a.value is not None and b.value is not None
    ha, hb = a.half_ulp, b.half_ulp
    blo, bhi = EXACT.subtract(b.value, hb), EXACT.add(b.value, hb)
    if blo <= 0 <= bhi:
        return None
    alo, ahi = EXACT.subtract(a.value, ha), EXACT.add(a.value, ha)
    cands = [EXACT.divide(EXACT.multiply(x, Decimal(100)), y) for x in (alo, ahi) for y in (blo, bhi)]
    return min(cands), max(cands)
