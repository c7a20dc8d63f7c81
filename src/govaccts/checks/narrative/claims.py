"""Claims: what a sentence of the prose states, as data — an amount with its subject and
unit, a share with its whole, a change with its direction and base, a completion rate
with its base, a reference to 类/款/项 with its names — each pointing at its figure.

A claim knows only the prose; :mod:`~.subjects` ties its subject to a table cell and
:mod:`~.verify` checks it.

>>> f = Figure.parse("430,725.03", "万元", 10, 23)
>>> f.value, f.interval()
(Decimal('430725.03'), (Decimal('430725.025'), Decimal('430725.035')))
>>> Figure.parse("36.9", "亿元", 0, 6).interval()
(Decimal('368500.00'), Decimal('369500.00'))
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from govaccts.amounts import EXACT, Amount, parse_amount
from govaccts.checks.narrative.text import Sentence

__all__ = ["AmountClaim", "ChangeClaim", "Claim", "ClaimKind", "Figure", "ListClaim",
           "RateClaim", "ReferenceClaim", "ShareClaim", "signature", "token"]

_FACTOR = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000), "%": Decimal(1)}


class ClaimKind(enum.StrEnum):
    """What a claim states."""

    AMOUNT = "amount"
    SHARE = "share"
    CHANGE = "change"
    RATE = "rate"
    REFERENCE = "reference"
    LIST = "list"


@attrs.frozen
class Figure:
    """A printed figure: its text, exact value and precision, unit, and where it is in its
    paragraph (``start``, ``end``: offsets in the paragraph text)."""

    amount: Amount
    unit: str
    """万元, 元, 亿元 or ``%``."""
    start: int
    end: int

    @classmethod
    def parse(cls, text: str, unit: str, start: int, end: int) -> Figure:
        return cls(parse_amount(text), unit, start, end)

    @property
    def text(self) -> str:
        return self.amount.text

    @property
    def value(self) -> Decimal:
        """The value in the printed unit."""
        assert self.amount.value is not None
        return self.amount.value

    @property
    def wan(self) -> Decimal:
        """The value in 万元 (percentages as printed)."""
        return EXACT.multiply(self.value, _FACTOR[self.unit])

    def interval(self) -> tuple[Decimal, Decimal]:
        """The values (in 万元) whose 四舍五入 at the printed precision gives this text."""
        h = self.amount.half_ulp
        f = _FACTOR[self.unit]
        return (EXACT.multiply(EXACT.subtract(self.value, h), f),
                EXACT.multiply(EXACT.add(self.value, h), f))


@attrs.frozen
class AmountClaim:
    """「<subject> … <figure>」: an amount of a subject. ``scope`` is 预算 when the subject
    says it is a budget figure (年初预算, 预算数), 决算 for an outturn, else empty."""

    para: Sentence
    subject: str
    figure: Figure
    scope: str = ""
    ref: ReferenceClaim | None = None
    """The 类/款/项 reference the subject is (「X（类）支出 A万元」, an item's heading)."""
    kind: ClaimKind = ClaimKind.AMOUNT

    @property
    def pos(self) -> int:
        return self.figure.start


@attrs.frozen
class ShareClaim:
    """「<part> A，占 <whole> 的 p%」: ``whole`` is the phrase after 占 (empty: implicit)."""

    para: Sentence
    figure: Figure
    whole: str
    part: AmountClaim | None
    lead: AmountClaim | None
    """The total the paragraph (or the list it belongs to) opened with."""
    part_phrase: str = ""
    """The part's name when no amount of it is stated (「货物采购授予中小企业合同金额占…」)."""
    kind: ClaimKind = ClaimKind.SHARE

    @property
    def pos(self) -> int:
        return self.figure.start


@attrs.frozen
class ChangeClaim:
    """「与上年相比，增加 Δ，增长 p%」 about ``of`` (or the subject named with the change).

    ``direction`` is 增加, 减少 or 持平; ``base`` the phrase it is measured against
    (上年, 上年预算数, 年初预算数, 2022年度决算数 …), ``prior`` the base figure when the
    sentence states it (「比2025年年初预算数14708.87万元增加185.92万元」). ``of`` is the
    amount its own sentence states; without one, ``context`` holds the amounts it may be
    about (the paragraph's first, the list it belongs to, the section's total)."""

    para: Sentence
    subject: str
    direction: str
    delta: Figure | None
    rate: Figure | None
    rate_direction: str
    base: str
    of: AmountClaim | None
    at: int
    prior: Figure | None = None
    context: tuple[AmountClaim, ...] = ()
    kind: ClaimKind = ClaimKind.CHANGE

    @property
    def pos(self) -> int:
        return self.at


@attrs.frozen
class RateClaim:
    """「完成(年初)预算的 p%」: ``actual`` over ``budget`` (both stated in the sentence)."""

    para: Sentence
    figure: Figure
    base: str
    actual: AmountClaim | None
    budget: AmountClaim | None
    kind: ClaimKind = ClaimKind.RATE

    @property
    def pos(self) -> int:
        return self.figure.start


@attrs.frozen
class ReferenceClaim:
    """「X（类）Y（款）Z（项）」 or 「名称（2050202）」: names by level, and a printed code."""

    para: Sentence
    text: str
    names: tuple[tuple[str, int | None], ...]
    code: str | None
    at: int
    context: tuple[tuple[str, int | None], ...] = ()
    """The 类 (and 款) a partial reference (「Y（款）Z（项）」) hangs under, from earlier text."""
    kind: ClaimKind = ClaimKind.REFERENCE

    @property
    def pos(self) -> int:
        return self.at


@attrs.frozen
class ListClaim:
    """A head and the parts listed under it (amounts, or changes with their subjects)."""

    para: Sentence
    head: AmountClaim | ChangeClaim
    items: tuple[AmountClaim | ChangeClaim, ...]
    aside: bool = False
    """Listed in brackets right after the head (a breakdown, not a selection)."""
    marker: str = ""
    """The word that opens the list (其中, 包括 …; empty for brackets and numbered
    paragraphs). 其中 and 主要用于 may name only some parts; the others name all."""
    kind: ClaimKind = ClaimKind.LIST

    @property
    def complete(self) -> bool:
        """True when the wording says every part is listed (包括, 分别为, brackets)."""
        return self.aside or self.marker in ("包括", "具体包括", "分别为", "分别是")

    @property
    def pos(self) -> int:
        return self.head.pos


Claim = AmountClaim | ShareClaim | ChangeClaim | RateClaim | ReferenceClaim | ListClaim
"""Any claim."""


def token(c: Claim) -> str:
    """A claim's shape in a few characters: ``amount``, ``amount@ref``, ``share:lead``,
    ``change:增Δ%``, ``rate:ab``, ``ref#:项``, ``list3()`` … (the sentence-shape fixture
    of tests/fixtures pins them)."""
    if isinstance(c, AmountClaim):
        return "amount" + ("@ref" if c.ref is not None else "")
    if isinstance(c, ShareClaim):
        return "share" + (":whole" if c.whole else ":lead" if c.lead is not None else "")
    if isinstance(c, ChangeClaim):
        flags = "".join(f for f, on in (("Δ", c.delta), ("%", c.rate), ("prior", c.prior))
                        if on is not None)
        return f"change:{c.direction[:1]}{flags}" + ("/of" if c.of is not None else "")
    if isinstance(c, RateClaim):
        return "rate" + (":ab" if c.actual is not None and c.budget is not None else "")
    if isinstance(c, ReferenceClaim):
        levels = "".join("类款项"[lv - 1] if lv else "?" for _, lv in c.names)
        return "ref" + ("#" if c.code else "") + ":" + levels
    return f"list{len(c.items)}" + ("()" if c.aside else "")


def signature(claims: list[Claim]) -> str:
    """The shapes of ``claims`` in order, space-separated.

    >>> from govaccts.checks.narrative.extract import extract_claims
    >>> from govaccts.checks.narrative.text import sentences
    >>> signature(extract_claims(sentences("支出 417.06 万元，与上年相比增加 19.83 万元，增长 4.99%。")))
    'amount change:增Δ%/of'
    """
    return " ".join(token(c) for c in claims)
