"""What every narrative rule family shares: the run's context, findings that point at
their sentence, and the comparisons a restated figure goes through — an amount against
its cell, a percentage against the figures it follows from, a change against its base,
a stated total against its items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from govaccts.amounts import EXACT, Amount, parse_amount
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.narrative.figures import AMOUNT, PCT, ratio_interval, to_wan
from govaccts.checks.narrative.messages import render
from govaccts.checks.narrative.text import Sentence
from govaccts.checks.tolerance import Mode, check_sum
from govaccts.errors import AmountError, Location
from govaccts.ledger.table import LedgerTable

__all__ = ["CHANGE", "NarrativeContext", "amount_after", "check_percent", "compare_amount",
           "finding", "growth", "total_of_items", "unreadable"]


@attrs.frozen
class NarrativeContext:
    """One run over one narrative: the report, its tables, where the text was read, the
    tolerance mode and the catalog store of the run."""

    rep: object
    tables: dict[str, LedgerTable]
    narrative_name: str
    first_line: int = 1
    mode: Mode = Mode.HALF_UP
    store: CatalogStore = attrs.field(factory=default_store)
    read: set[tuple[int, int, int]] = attrs.field(factory=set, eq=False, repr=False)
    """Spans (line of the paragraph, start, end) the section rules have read."""

    def mark(self, s: Sentence, m: re.Match[str] | None = None) -> None:
        """Note that a section rule read ``m`` in ``s`` (all of ``s`` without ``m``)."""
        self.read.add((s.line, m.start(), m.end()) if m is not None else (s.line, 0, 1 << 30))

    def was_read(self, s: Sentence, pos: int) -> bool:
        """True when a section rule read the text at ``pos`` of paragraph ``s``."""
        return any(line == s.line and start <= pos < end for line, start, end in self.read)

    def cell(self, table: str, row: str, column: str) -> Amount | None:
        t = self.tables.get(table)
        return t.get_cell(row, column) if t is not None else None

    @property
    def year(self) -> int | None:
        year = getattr(self.rep, "year", None)
        return year if isinstance(year, int) else None


def _loc(ctx: NarrativeContext, s: Sentence, pos: int | None = None) -> Location:
    line = (s.line_at(pos) if pos is not None else s.line) + ctx.first_line - 1
    return Location(file=ctx.narrative_name, line=line, table=f"情况说明 {s.section}".strip())


def excerpt(text: str, pos: int | None) -> str:
    """The sentence (between 。/；) around ``pos``, or the paragraph's start."""
    if pos is None:
        return text[:160]
    start = max(text.rfind(c, 0, pos) for c in "。；;") + 1
    ends = [i for i in (text.find(c, pos) for c in "。；;") if i >= 0]
    return text[start:(min(ends) + 1 if ends else len(text))][:160]


def finding(rule_id: str, sev: Severity, ctx: NarrativeContext, s: Sentence, message: str,
            *, args: dict[str, object] | None = None, row: str | None = None,
            column: str | None = None, reported: Decimal | None = None,
            computed: Decimal | None = None, tolerance: Decimal | None = None,
            cells: tuple[CellRef, ...] = (), pos: int | None = None) -> Finding:
    """A finding about sentence ``s``, its text from message template ``message``."""
    zh, en = render(message, **(args or {}))
    diff = EXACT.subtract(reported, computed) if reported is not None and computed is not None \
        else None
    return Finding(rule=rule_id, severity=sev, message_zh=zh, message_en=en,
                   table=f"情况说明 {s.section}".strip(), row=row, column=column,
                   reported=reported, computed=computed, difference=diff, tolerance=tolerance,
                   cells=cells, location=_loc(ctx, s, pos), detail=excerpt(s.text, pos))


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


_TABLE_RUN = re.compile(r"(?:\d[\d,]*\.\d+\s+){2,}$")


def unreadable(ctx: NarrativeContext, sents: list[Sentence]
               ) -> tuple[list[Sentence], list[Finding]]:
    """Blank out (with □, same length, so offsets hold) every figure the amount parser
    refuses, and report each: no claim is read from a malformed number, and no malformed
    number stops the check."""
    out: list[Sentence] = []
    found: list[Finding] = []
    for s in sents:
        text = s.text
        for m in _NUMBER.finditer(s.text):
            token = m.group(0)
            if "," not in token and "." not in token and not token.startswith("0"):
                continue  # plain integers (years, counts) are always readable
            if not re.match(r"\s*(?:万元|亿元|元|%)", s.text[m.end():]):
                continue  # no unit: a number (公开 01 表, a date, a time), not an amount
            try:
                parse_amount(token)
            except AmountError as exc:
                if re.fullmatch(r"(?:19|20)\d\d(?:\.\d{1,2}){1,2}", token):
                    continue  # a date such as 2024.6.16
                text = text[:m.start()] + "□" * len(token) + text[m.end():]
                if _TABLE_RUN.search(s.text, max(0, m.start() - 80), m.start()):
                    continue  # a table row's last cell run into the prose beside it, not a figure
                found.append(finding("narrative.amount", Severity.ERROR, ctx, s,
                                     "figure.unreadable",
                                     args={"token": token, "reason": exc.reason},
                                     pos=m.start()))
        out.append(attrs.evolve(s, text=text) if text != s.text else s)
    return out, found


def compare_amount(ctx: NarrativeContext, s: Sentence, quoted: Decimal | None, unit: str,
                   what: str, table: str, row: str, column: str, pos: int | None = None
                   ) -> Iterator[Finding]:
    """A quoted amount against the cell it restates (exactly; a 元/万元 slip said so)."""
    cell = ctx.cell(table, row, column)
    if quoted is None or cell is None or cell.value is None:
        return
    value = to_wan(quoted, unit)
    ref = (CellRef(table, row, column, cell.text),)
    if value == cell.value:
        return
    args: dict[str, object] = {"what": what, "quoted": quoted, "unit": unit, "table": table,
                               "row": row, "column": column, "cell": cell.text}
    if unit != "万元" and quoted == cell.value:
        sev = Severity.ERROR if quoted != 0 else Severity.WARNING
        yield finding("narrative.unit", sev, ctx, s, "amount.unit", args=args, row=row,
                      column=column, reported=quoted, computed=cell.value, cells=ref, pos=pos)
        return
    yield finding("narrative.amount", Severity.ERROR, ctx, s, "amount.differs", args=args,
                  row=row, column=column, reported=value, computed=cell.value, cells=ref,
                  pos=pos)


def check_percent(ctx: NarrativeContext, s: Sentence, pct_text: str, num: Amount, den: Amount,
                  what: str, row: str | None = None, pos: int | None = None
                  ) -> Iterator[Finding]:
    """A printed percentage against 100·num/den (amounts as printed, in 万元)."""
    pct = parse_amount(pct_text)
    assert pct.value is not None
    if num.value is None or den.value is None:
        return
    if den.value == 0:
        yield finding("narrative.wording", Severity.ERROR, ctx, s, "rate.zero-base",
                      args={"what": what, "pct": pct_text}, row=row, reported=pct.value, pos=pos)
        return
    exact = EXACT.divide(EXACT.multiply(num.value, Decimal(100)), den.value)
    lo_p, hi_p = EXACT.subtract(pct.value, pct.half_ulp), EXACT.add(pct.value, pct.half_ulp)
    rng = ratio_interval(num, den)
    shown = exact.quantize(Decimal(1).scaleb(-max(pct.decimals, 1) - 1), context=EXACT)
    if lo_p <= exact < hi_p:
        return
    if rng is not None and rng[0] < hi_p and lo_p <= rng[1]:
        return
    yield finding("narrative.percent", Severity.ERROR, ctx, s, "rate.differs",
                  args={"what": what, "num": num.text, "den": den.text, "shown": shown,
                        "pct": pct_text},
                  row=row, reported=pct.value, computed=shown, tolerance=pct.half_ulp, pos=pos)


CHANGE = r"(增加|减少)" + AMOUNT + r"[，,]\s*(?:增长|下降|降低|减少)" + PCT
"""「增加/减少 Δ，增长/下降 p%」: groups (direction, Δ, unit, p)."""


def growth(ctx: NarrativeContext, s: Sentence, current: Amount, prefix: str = "",
           what: str = "增减幅度 (growth rate)") -> Iterator[Finding]:
    """Every 「增加/减少 Δ，增长/下降 p%」 after ``prefix``: p against Δ over the base year."""
    for m in re.finditer(prefix + CHANGE, s.text):
        if current.value is None:
            return
        g = m.groups()[-4:]  # (增加|减少, Δ, unit, p)
        delta = parse_amount(g[1])
        assert delta.value is not None
        base_v = EXACT.subtract(current.value, delta.value) if g[0] == "增加" else \
            EXACT.add(current.value, delta.value)
        base = Amount(value=base_v, decimals=max(current.decimals, delta.decimals),
                      text=str(base_v))
        label = what.format(*m.groups()[:-4]) if "{" in what else what
        yield from check_percent(ctx, s, g[3], delta, base, label, pos=m.start())
        if not prefix:
            return  # one plain change per paragraph: the first is the statement's own


def amount_after(pattern: str, text: str) -> re.Match[str] | None:
    """The first amount stated right after ``pattern`` (「…为 563.56万元」)."""
    return re.search(pattern + r"\s*(?:为)?\s*" + AMOUNT, text)


def total_of_items(ctx: NarrativeContext, s: Sentence, total: Amount, items: Sequence[Amount],
                   column: str, message: str) -> Iterator[Finding]:
    """A stated total against the sum of the items stated below it (within rounding).

    ``message`` is a message id with ``.within`` and ``.beyond`` variants.
    """
    res = check_sum(total, list(items), mode=ctx.mode)
    if res.difference == 0:
        return
    sev = Severity.ROUNDING if res.consistent else Severity.ERROR
    yield finding("narrative.amount", sev, ctx, s,
                  f"{message}.{'within' if res.consistent else 'beyond'}",
                  args={"total": total.text, "computed": res.computed,
                        "difference": res.difference},
                  column=column, reported=res.reported, computed=res.computed,
                  tolerance=res.tolerance)
