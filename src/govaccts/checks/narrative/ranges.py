"""The ranges printed figures stand for, in 万元: a figure's 四舍五入 interval, the range of
a ratio over two of them, whether a printed percentage can be that ratio.

>>> from govaccts.checks.narrative.claims import Figure
>>> part, whole = Figure.parse("1.78", "万元", 0, 4), Figure.parse("540.44", "万元", 0, 6)
>>> r = ratio(interval(part), interval(whole))
>>> fits(Figure.parse("0.3", "%", 0, 3), r), fits(Figure.parse("0.4", "%", 0, 3), r)
(True, False)
"""

from __future__ import annotations

from decimal import Decimal

from govaccts.amounts import EXACT, Amount
from govaccts.checks.narrative.claims import Figure

__all__ = ["fits", "interval", "near", "plain", "ratio", "shown"]


def interval(a: Amount | Figure) -> tuple[Decimal, Decimal]:
    """The values (in 万元 for a figure) that print as ``a``."""
    if isinstance(a, Figure):
        return a.interval()
    assert a.value is not None
    return EXACT.subtract(a.value, a.half_ulp), EXACT.add(a.value, a.half_ulp)


def ratio(num: tuple[Decimal, Decimal], den: tuple[Decimal, Decimal]
           ) -> tuple[Decimal, Decimal] | None:
    """Range of 100·num/den over both intervals (``None`` when den may be 0)."""
    if den[0] <= 0 <= den[1]:
        return None
    cands = [EXACT.divide(EXACT.multiply(x, Decimal(100)), y) for x in num for y in den]
    return min(cands), max(cands)


def fits(pct: Figure, rng: tuple[Decimal, Decimal]) -> bool:
    """True when some value of ``rng`` prints, 四舍五入, as ``pct``."""
    lo, hi = pct.interval()
    return lo <= rng[1] and rng[0] < hi


def near(pct: Figure, rng: tuple[Decimal, Decimal]) -> bool:
    """Off by no more than one unit of the last printed place, that place a hundredth of a
    point or finer (「0.56%」 for 0.554%; a whole or tenth of a point off is an error)."""
    if pct.amount.decimals < 2:
        return False
    step = EXACT.multiply(pct.amount.half_ulp, Decimal(2))
    lo, hi = pct.interval()
    return EXACT.subtract(lo, step) <= rng[1] and rng[0] < EXACT.add(hi, step)


def plain(v: Decimal) -> str:
    """A sum of printed figures, in 万元, without trailing zeros beyond two places."""
    return str(v.quantize(Decimal("0.01"), context=EXACT))


def shown(rng: tuple[Decimal, Decimal], pct: Figure) -> Decimal:
    """The middle of ``rng`` to one place more than ``pct`` prints (for messages)."""
    mid = EXACT.divide(EXACT.add(*rng), Decimal(2))
    return mid.quantize(Decimal(1).scaleb(-max(pct.amount.decimals, 1) - 1), context=EXACT)
