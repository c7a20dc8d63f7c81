"""The tolerance model: when does a printed total agree with its printed parts?

A figure printed with ``d`` decimals stands for an interval around it: every
true value that rounds to it.  An identity ``total = Σ wᵢ·partᵢ`` holds when the
true values can satisfy it, i.e. when the printed gap ``total − Σ wᵢ·partᵢ`` lies in
the range of the rounding errors ``e_total − Σ wᵢ·eᵢ``.

Three modes:

* ``exact`` — the printed figures must add up exactly.
* ``interval`` — closed intervals ``[v − h, v + h]`` (h = half a unit in the last
  place), as XBRL Calculations 1.1: consistent when ``|gap| ≤ Σ h``.
* ``half-up`` (default) — the half-open intervals of 四舍五入: a positive figure v
  comes from ``[v − h, v + h)``, a negative one from ``(v − h, v + h]``, a printed
  zero from ``(−h, h)``.  With n parts at 0.01 the gap may be at most ⌊n/2⌋ cents;
  a total with one part must equal it.

>>> from govaccts.amounts import parse_amount as p
>>> r = check_sum(p("115.01"), [p("2.30"), p("23.45"), p("89.25"), p("0.00")], mode="half-up")
>>> r.consistent, r.difference, r.tolerance
(True, Decimal('0.01'), Decimal('0.025'))
>>> check_sum(p("17.09"), [p("17.10")]).consistent
False
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal

import attrs

from govaccts.amounts import EXACT, Amount, exact_sum
from govaccts.errors import ModeError


class Mode(enum.Enum):
    """How strictly printed figures must add up."""

    EXACT = "exact"
    INTERVAL = "interval"
    HALF_UP = "half-up"

    @classmethod
    def parse(cls, mode: Mode | str) -> Mode:
        """``Mode`` from its value (``"half-up"``, ``"interval"``, ``"exact"``)."""
        if isinstance(mode, Mode):
            return mode
        try:
            return cls(mode)
        except ValueError:
            raise ModeError(f"unknown check mode {mode!r} (known: exact, interval, half-up)") \
                from None


@attrs.frozen
class Bound:
    """One end of an error range: a value and whether it is included."""

    value: Decimal
    closed: bool


@attrs.frozen
class SumResult:
    """The verdict on one identity.

    ``difference`` is reported − computed; ``tolerance`` the largest gap the mode
    allows in absolute value (``strict`` when the gap must be *below* it).
    """

    reported: Decimal
    computed: Decimal
    difference: Decimal
    tolerance: Decimal
    strict: bool
    consistent: bool
    low: Bound
    high: Bound
    rounded: int = 0
    """How many of the printed figures are rounded (their error ranges make the bound)."""


def _error_range(a: Amount, mode: Mode) -> tuple[Bound, Bound]:
    """Range of printed − true for one printed figure."""
    h = a.half_ulp if mode is not Mode.EXACT else Decimal(0)
    if mode is Mode.EXACT or h == 0:
        return Bound(Decimal(0), True), Bound(Decimal(0), True)
    if mode is Mode.INTERVAL:
        return Bound(-h, True), Bound(h, True)
    assert a.value is not None
    if a.value > 0:  # true ∈ [v − h, v + h)  →  v − true ∈ (−h, h]
        return Bound(-h, False), Bound(h, True)
    if a.value < 0:  # true ∈ (v − h, v + h]  →  v − true ∈ [−h, h)
        return Bound(-h, True), Bound(h, False)
    return Bound(-h, False), Bound(h, False)


def check_sum(total: Amount, parts: Sequence[Amount | None],
              weights: Sequence[int] | None = None,
              mode: Mode | str = Mode.HALF_UP) -> SumResult:
    """Check ``total = Σ weights·parts`` as printed, under ``mode``.

    Blank cells and unprinted parts (``None``) count as an exact zero.  ``weights``
    default to +1.
    """
    m = Mode.parse(mode)
    ws = list(weights) if weights is not None else [1] * len(parts)
    if len(ws) != len(parts) or any(isinstance(w, bool) or not isinstance(w, int) for w in ws):
        from govaccts.errors import RuleError

        raise RuleError(f"one int weight per part: {len(parts)} parts, weights {ws!r}")
    reported = total.value if total.value is not None else Decimal(0)
    computed = exact_sum(EXACT.multiply(Decimal(w), p.value) for w, p in zip(ws, parts, strict=True)
                         if p is not None and p.value is not None)
    gap = EXACT.subtract(reported, computed)
    # gap = e_total − Σ w·e_part; its range is the Minkowski sum of the terms' ranges.
    lo_v, hi_v = Decimal(0), Decimal(0)
    lo_c, hi_c = True, True
    rounded = 0
    terms: list[tuple[int, Amount]] = [(1, total), *((-w, p) for w, p in zip(ws, parts, strict=True)
                                                     if p is not None)]
    for w, a in terms:
        if a.value is None:
            continue
        lo, hi = _error_range(a, m)
        rounded += lo.value != hi.value
        if w < 0:
            lo, hi = Bound(-hi.value, hi.closed), Bound(-lo.value, lo.closed)
        k = Decimal(abs(w))
        lo_v = EXACT.add(lo_v, EXACT.multiply(k, lo.value))
        hi_v = EXACT.add(hi_v, EXACT.multiply(k, hi.value))
        lo_c = lo_c and lo.closed
        hi_c = hi_c and hi.closed
    above = gap > lo_v or (gap == lo_v and lo_c)
    below = gap < hi_v or (gap == hi_v and hi_c)
    tol = max(-lo_v, hi_v)
    strict = not (lo_c and hi_c)
    return SumResult(reported, computed, gap, tol, strict, above and below,
                     Bound(lo_v, lo_c), Bound(hi_v, hi_c), rounded)


def check_equal(a: Amount, b: Amount) -> SumResult:
    """The same figure printed twice: equal exactly (whatever the mode)."""
    return check_sum(a, [b], mode=Mode.EXACT)
