"""A change held against its base: current − prior against the stated Δ, each figure taken
as the interval its printed digits allow. The base is either stated in the sentence
(「比2025年年初预算数 14708.87 万元增加 185.92 万元」) or, in a table that prints a row per
year (深圳's 三公 table: 「2025年 | 2026年 | 增减变化金额」), the cell the amount restates
in the year before.

>>> from govaccts.checks.narrative.claims import Figure
>>> cur, prior = Figure.parse("120.8", "万元", 0, 5), Figure.parse("26.13", "万元", 0, 5)
>>> fits_delta(cur.interval(), prior.interval(), Figure.parse("94.67", "万元", 0, 5), up=True)
True
>>> fits_delta(cur.interval(), prior.interval(), Figure.parse("94.76", "万元", 0, 5), up=True)
False
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from govaccts.amounts import EXACT, Amount
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.narrative.claims import AmountClaim, ChangeClaim, Figure
from govaccts.checks.narrative.outcome import Outcome
from govaccts.checks.narrative.ranges import interval, plain
from govaccts.checks.narrative.subjects import Target
from govaccts.checks.narrative.ties import Resolved, Status, Tier

__all__ = ["YearCells", "fits_delta", "stated_delta", "tabled_delta", "year_cells"]

Interval = tuple[Decimal, Decimal]


def fits_delta(cur: Interval, prior: Interval, delta: Figure, up: bool) -> bool:
    """True when some current − prior within the intervals rounds to the stated change."""
    lo, hi = delta.interval()
    if not up:
        lo, hi = -hi, -lo
    return lo <= EXACT.subtract(cur[1], prior[0]) and EXACT.subtract(cur[0], prior[1]) <= hi


class YearCells:
    """The cell an amount restates and the same cell a year before."""

    def __init__(self, target: Target, cur: Amount, prior: Amount, label: str) -> None:
        self.target, self.cur, self.prior, self.label = target, cur, prior, label

    def fits(self, delta: Figure, up: bool) -> bool:
        return fits_delta(interval(self.cur), interval(self.prior), delta, up)

    @property
    def diff(self) -> Decimal:
        assert self.cur.value is not None and self.prior.value is not None
        return EXACT.subtract(self.cur.value, self.prior.value)


def year_cells(tier: Tier, of: AmountClaim, base: str) -> YearCells | None:
    """The cells a change of ``of`` measured against ``base`` is held against: a firm tie
    to a table with a row per year, and a base that is the year before (or 上年) as
    budgeted — never an outturn (决算, 执行), which such a table does not print."""
    m = _BUDGETED.fullmatch(base)
    if m is None:
        return None  # 上年实际支出, 上年调整预算, 2025年决算数 …: not what the table prints
    res = tier.amount(of)
    if not isinstance(res, Resolved) or res.soft or res.target is None \
            or res.amount.value is None:
        return None
    found = tier.index.prior(res.target)
    if found is None or found[0].value is None:
        return None
    prior, label = found
    if m.group(1) and not label.startswith(m.group(1)):
        return None  # another year than the table's year before
    return YearCells(res.target, res.amount, prior, label)


_BUDGETED = re.compile(r"(?:上年度?|去年|(\d{4})年度?)(?:年初)?(?:预算数?|预算安排)?")
"""A base that is the year before as budgeted: 上年, 上年预算数, 2025年年初预算."""


Make = Callable[..., Finding]
"""The verifier's finding maker: (rule, severity, claim, message key, **arguments)."""


def stated_delta(make: Make, c: ChangeClaim, cur: Figure, prior: Figure, delta: Figure,
                 up: bool) -> Outcome | None:
    """Current − prior against the stated change, both stated in the sentence: ``None``
    when they agree (the rate is checked next)."""
    if fits_delta(cur.interval(), prior.interval(), delta, up):
        return None
    computed = EXACT.subtract(cur.wan, prior.wan)
    return Outcome(c, Status.CHECKED, (make(
        "narrative.amount", Severity.ERROR, c, "claim.change-delta", cur=cur.text,
        prior=prior.text, computed=computed, diff=computed, said=f"{c.direction}{delta.text}",
        reported=delta.wan if up else -delta.wan),), uses=((c.para, cur), (c.para, prior)))


def tabled_delta(make: Make, tier: Tier, c: ChangeClaim, of: AmountClaim, delta: Figure,
                 up: bool) -> Outcome | None:
    """The change against the cell ``of`` restates and that cell a year before; ``None``
    when no table prints the year before. A change that fits is checked — with its rate,
    when it states one, by the caller next."""
    cells = year_cells(tier, of, c.base)
    if cells is None:
        return None
    lo, hi = of.figure.interval()
    typo = not lo <= (cells.cur.value or 0) <= hi  # the amount's own finding, not the Δ's
    if cells.fits(delta, up) or (typo and fits_delta((lo, hi), interval(cells.prior), delta, up)):
        return Outcome(c, Status.CHECKED, uses=((of.para, of.figure),))
    t = cells.target
    return Outcome(c, Status.CHECKED, (make(
        "narrative.amount", Severity.ERROR, c, "claim.change-delta", row=t.row,
        column=t.column, cur=f"{t.table}[{t.row}, {t.column}] {cells.cur.text}",
        prior=f"[{cells.label}] {cells.prior.text}", diff=plain(cells.diff),
        said=f"{c.direction}{delta.text}", reported=delta.wan if up else -delta.wan,
        computed=cells.diff),), uses=((of.para, of.figure),))
