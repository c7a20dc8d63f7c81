"""Each claim held against what it restates, with the tolerance model: an amount equals
its cell (a rounded restatement is the cell 四舍五入 to the printed places); a share,
growth or completion rate lies in the range of the ratio over the rounding intervals of
the figures it follows from. Every claim gets an outcome — checked, untied or
ambiguous — so a report shows how much of its prose was checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from govaccts.amounts import EXACT, Amount
from govaccts.catalogs.names import name_key
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.narrative.base import NarrativeContext, finding
from govaccts.checks.narrative.changes import stated_delta, tabled_delta
from govaccts.checks.narrative.claims import (
    AmountClaim,
    ChangeClaim,
    Claim,
    Figure,
    ListClaim,
    RateClaim,
    ReferenceClaim,
    ShareClaim,
)
from govaccts.checks.narrative.outcome import Outcome
from govaccts.checks.narrative.ranges import fits, interval, near, plain, ratio, shown
from govaccts.checks.narrative.subjects import key
from govaccts.checks.narrative.ties import Resolved, Status, Tier, follow
from govaccts.errors import GovacctsError
from govaccts.ledger.table import LedgerTable

__all__ = ["Outcome", "verify"]

_UP = ("增加", "增长", "上升", "提高", "增", "增幅")
_SENTENCE_END = re.compile(r"[。；;]")


class Verifier:
    """Outcomes for the claims of one narrative."""

    def __init__(self, ctx: NarrativeContext, tier: Tier, claims: list[Claim]) -> None:
        self.ctx, self.tier, self.claims = ctx, tier, claims

    def _f(self, rule: str, sev: Severity, c: Claim, message: str, *, row: str | None = None,
           column: str | None = None, reported: Decimal | None = None,
           computed: Decimal | None = None, cells: tuple[CellRef, ...] = (),
           tolerance: Decimal | None = None, args: dict[str, object] | None = None,
           **more: object) -> Finding:
        args = {"row": row, "column": column, **(args or {}), **more}
        return finding(rule, sev, self.ctx, c.para, message, args=args, row=row, column=column,
                       reported=reported, computed=computed, tolerance=tolerance, cells=cells,
                       pos=c.pos)

    def outcome(self, c: Claim) -> Outcome:
        if isinstance(c, AmountClaim):
            return self.amount(c)
        if isinstance(c, ShareClaim):
            return self.share(c)
        if isinstance(c, ChangeClaim):
            return self.change(c)
        if isinstance(c, RateClaim):
            return self.rate(c)
        if isinstance(c, ListClaim):
            return self.listed(c)
        return self.reference(c)

    def listed(self, c: ListClaim) -> Outcome:
        """The longest run of parts from the first that adds up to the head."""
        def figure(x: AmountClaim | ChangeClaim) -> Figure | None:
            return x.figure if isinstance(x, AmountClaim) else x.delta

        def sign(x: AmountClaim | ChangeClaim) -> int:
            return -1 if isinstance(x, ChangeClaim) and x.direction not in _UP else 1

        head = figure(c.head)
        if head is None:
            return Outcome(c, Status.UNTIED)
        hl, hh = head.interval()
        if sign(c.head) < 0:
            hl, hh = -hh, -hl
        lo = hi = Decimal(0)
        best = 0
        for k, item in enumerate(c.items, start=1):
            f = figure(item)
            if f is None:
                break
            il, ih = f.interval()
            if sign(item) < 0:
                il, ih = -ih, -il
            lo, hi = EXACT.add(lo, il), EXACT.add(hi, ih)
            exact = self.ctx.mode.value == "exact"
            if (k >= 2 or len(c.items) == 1) and (lo <= hh and hl <= hi if not exact else
                           EXACT.add(lo, hi) == EXACT.add(hl, hh)):
                best = k
        if best == 0:
            if not c.complete or len(c.items) < 2:
                return Outcome(c, Status.UNTIED)  # 其中: some parts only
            total = EXACT.subtract(EXACT.divide(EXACT.add(lo, hi), Decimal(2)), Decimal(0))
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.amount", Severity.WARNING, c, "claim.items-sum",
                what=getattr(c.head, "subject", ""), total=f"{head.text}{head.unit}",
                parts=plain(total), reported=head.wan, computed=total),))
        used = [(c.head.para, head),
                *((x.para, f) for x in c.items[:best] if (f := figure(x)) is not None)]
        used += [(x.para, x.rate) for x in (c.head, *c.items[:best])  # 「增加0万元，增长0%」:
                 if isinstance(x, ChangeClaim) and x.rate is not None  # 0% follows from Δ 0
                 and x.rate.value == 0 and x.delta is not None and x.delta.value == 0]
        # (over a base of 0 too: 「0万元，比上年增加0万元，增长0%」 says "no change", which the
        # confirmed Δ of 0 is; a rate the text holds against nothing stays untied elsewhere)
        return Outcome(c, Status.CHECKED, uses=tuple(used))

    # -- amounts -----------------------------------------------------------------------

    def amount(self, c: AmountClaim) -> Outcome:
        if c.ref is not None and c.ref.code is not None and self.reference(c.ref).findings:
            return Outcome(c, Status.UNTIED)  # the code and its name disagree: which is meant?
        res = self.tier.amount(c)
        if isinstance(res, Status):
            return self._restated(c) or Outcome(c, res)
        cell = res.amount
        f = c.figure
        t = res.target
        if cell.value is None:  # an empty table's cell: the prose may only say 0
            if f.value == 0:
                return Outcome(c, Status.CHECKED)
            if res.soft:
                return Outcome(c, Status.AMBIGUOUS)
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.amount", Severity.WARNING, c, "claim.empty-table",
                said=f"{c.subject}{f.text}{f.unit}", table=t.table if t else "",
                row=t.row if t else None, column=t.column if t else None, cell="（空）"),))
        lo, hi = f.interval()
        if f.wan == cell.value or (f.unit == "万元" and f.amount.decimals < cell.decimals \
                and lo <= cell.value < hi):
            return Outcome(c, Status.CHECKED)
        at_least = t is not None and t.row.isdigit() and t.table.startswith("公开06")
        if at_least and f.wan > cell.value:
            return Outcome(c, Status.CHECKED)  # a 06 (basic only) figure is a lower bound
        if res.soft:  # a label outside the context's table: it confirms, never refutes
            return Outcome(c, Status.AMBIGUOUS)
        row, column = (t.row, t.column) if t is not None else ("", "")
        ref = (CellRef(t.table, t.row, t.column, cell.text),) if t is not None else ()
        args: dict[str, object] = {"what": c.subject, "quoted": f.value, "unit": f.unit,
                                   "table": t.table if t else "", "cell": cell.text}
        if f.unit != "万元" and f.value == cell.value:
            sev = Severity.ERROR if f.value != 0 else Severity.WARNING
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.unit", sev, c, "amount.unit", row=row, column=column,
                reported=f.value, computed=cell.value, cells=ref, args=args),))
        return Outcome(c, Status.CHECKED, (self._f(
            "narrative.amount", Severity.ERROR, c, "amount.differs", row=row, column=column,
            reported=f.wan, computed=cell.value, cells=ref, args=args),))

    def _restated(self, c: AmountClaim) -> Outcome | None:
        """An amount no table holds, against the same subject stated before: equal, it
        is checked (a different value is no finding: the same words name different
        things in different places — each project's 上年结转, each unit's 公用经费)."""
        k = key(c.subject)
        if len(k) < 3 or c.ref is not None:
            return None
        before = [x for x in self.claims if isinstance(x, AmountClaim) and x is not c
                  and (x.para.line, x.pos) < (c.para.line, c.pos) and key(x.subject) == k
                  and x.scope == c.scope]
        same = [x for x in before if x.figure.wan == c.figure.wan]
        return Outcome(c, Status.CHECKED, uses=((same[-1].para, same[-1].figure),)) \
            if same else None

    # -- rates -------------------------------------------------------------------------

    def _cell(self, claim: AmountClaim | None) -> tuple[Amount, str | None] | None:
        """The cell an amount claim restates (and the row a finding names), if tied."""
        res = self.tier.amount(claim) if claim is not None else None
        if not isinstance(res, Resolved) or res.amount.value is None or res.target is None \
                or res.soft:
            return None
        t = res.target
        return res.amount, (t.row if t.row.isdigit() else t.column)

    def _rate_findings(self, c: Claim, pct: Figure, num: tuple[Decimal, Decimal],
                       den: tuple[Decimal, Decimal], what: str, num_text: str, den_text: str,
                       alternatives: Sequence[tuple[str, Amount | Figure]],
                       row: str | None = None) -> Outcome:
        """A stated rate against num/den: checked, or off in its last digit (warning), or
        fitting another base (the wrong whole), or wrong."""
        rng = ratio(num, den)
        if rng is None:
            if pct.value == 0 and num[0] <= 0 <= num[1]:
                return Outcome(c, Status.UNTIED)  # 0 of 0: nothing to hold it against
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.wording", Severity.ERROR, c, "rate.zero-base", what=what,
                pct=pct.text, reported=pct.value),))
        if fits(pct, rng):
            return Outcome(c, Status.CHECKED)
        printed = shown(rng, pct)
        base: dict[str, object] = {"what": what, "num": num_text, "den": den_text,
                                   "shown": printed, "pct": pct.text}
        sev, message = Severity.ERROR, "rate.differs"
        for label, alt in alternatives:
            other = ratio(num, interval(alt)) if label != "1/x" else ratio(den, num)
            if other is not None and fits(pct, other):
                # a share over another total of the text is a warning; a completion or
                # growth rate over the wrong base (the budget over the outturn) an error
                share = isinstance(c, ShareClaim)
                sev = Severity.WARNING if share else Severity.ERROR
                message = "claim.share-other-whole" if share else "claim.rate-other-base"
                if label == "1/x":
                    message = "claim.rate-inverted"
                base.update(whole=den_text, other=label, other_value=alt.text)
                break
        else:
            if near(pct, rng):
                sev, message = Severity.WARNING, "claim.rate-last-digit"
        return Outcome(c, Status.CHECKED, (self._f(
            "narrative.percent", sev, c, message, row=row, reported=pct.value,
            computed=printed, tolerance=pct.amount.half_ulp, args=base),))

    def _paragraph_amounts(self, c: Claim) -> list[AmountClaim]:
        return [x for x in self.claims if isinstance(x, AmountClaim) and x.para is c.para]

    def share(self, c: ShareClaim) -> Outcome:
        part: Amount | Figure | None = c.part.figure if c.part is not None else None
        part_name = c.part.subject if c.part is not None else c.part_phrase
        soft = False
        if part is None and c.part_phrase:
            tied = self.tier.amount(AmountClaim(c.para, c.part_phrase, c.figure))
            part = tied.amount if isinstance(tied, Resolved) else None
            soft = isinstance(tied, Resolved) and tied.soft
        if part is None:
            return Outcome(c, Status.UNTIED)
        earlier = [x for x in self.claims if isinstance(x, AmountClaim)
                   and (x.para.line, x.pos) < (c.para.line, c.pos)]
        whole = self.tier.whole(c, earlier)
        if isinstance(whole, Status):
            return Outcome(c, whole)
        whole_fig: Amount | Figure = whole.claim.figure if whole.claim is not None \
            else whole.amount
        if (isinstance(whole_fig, Amount) and whole_fig.value is None) or \
                (isinstance(part, Amount) and part.value is None):
            return Outcome(c, Status.UNTIED)  # a blank cell: no share of it can be checked
        alts: list[tuple[str, Amount | Figure]] = [
            (x.subject, x.figure) for x in self._paragraph_amounts(c)
            if x.figure is not part and x.figure.amount != whole.amount and x.figure.wan != 0]
        if c.lead is not None and c.lead.figure.amount != whole.amount:
            alts.append((c.lead.subject, c.lead.figure))
        alts += self._row_total(whole)
        part_cell, whole_cell = self._cell(c.part), self._cell(whole.claim)
        row = part_cell[1] if part_cell is not None else None
        # the printed figures, or the cells they restate (a share is right when the amount
        # beside it is the typo: that one is the amount's finding)
        nums = [interval(part)] + ([interval(part_cell[0])] if part_cell else [])
        dens = [interval(whole_fig)] + ([interval(whole_cell[0])] if whole_cell else [])
        if any(r is not None and fits(c.figure, r) for n in nums for d in dens
               for r in [ratio(n, d)]):
            out = Outcome(c, Status.CHECKED)
        elif whole.soft or soft:  # a whole (or part) named only softly: it confirms only
            out = Outcome(c, Status.AMBIGUOUS)
        elif (other := self._elsewhere(c, nums)) is not None:
            out = self._rate_findings(c, c.figure, nums[-1], interval(other),
                                      f"{part_name}占{c.whole}比重",
                                      (part_cell[0] if part_cell else part).text, other.text,
                                      [], row)
        else:
            out = self._rate_findings(c, c.figure, nums[-1], dens[-1],
                                      f"{part_name}占{c.whole or whole.label}比重",
                                      (part_cell[0] if part_cell else part).text,
                                      (whole_cell[0] if whole_cell else whole.amount).text,
                                      alts, row)
        used = [(c.part.para if c.part is not None else c.para, part)] \
            if isinstance(part, Figure) else []
        if whole.claim is not None:
            used.append((whole.claim.para, whole.claim.figure))
        return attrs.evolve(out, uses=tuple(used))

    def _row_total(self, whole: Resolved) -> list[tuple[str, Amount | Figure]]:
        """The first column of the whole's row when the whole is another column of it: the
        larger total a share may have been taken of (the 三公 table's 合计, with 会议费 and
        培训费, for its 三公 小计)."""
        t = whole.target
        table = self.tier.index.tables.get(t.table) if t is not None else None
        if t is None or table is None or not table.columns or table.columns[0] == t.column \
                or table.columns[0] not in ("合计", "总计"):
            return []
        cell = table.get_cell(t.row, table.columns[0])
        more = cell is not None and cell.value is not None and whole.amount.value is not None \
            and cell.value > whole.amount.value
        return [(table.columns[0], cell)] if more and cell is not None else []

    def _elsewhere(self, c: ShareClaim, nums: list[tuple[Decimal, Decimal]]
                   ) -> Amount | None:
        """The whole's label in another table than the one the context picked, where the
        share fits (or is off in its last digit only): 「财政拨款支出…占本年支出合计的
        99.94%」 under a 财政拨款 heading means the 收支总表's 本年支出合计."""
        if not c.whole:
            return None
        cells = [a for _, a in self.tier.index.candidates(c.whole, "", self.tier.final).cells
                 if a.value]
        for test in (fits, near):
            for a in cells:
                if any(r is not None and test(c.figure, r)
                       for n in nums for r in [ratio(n, interval(a))]):
                    return a
        return None

    def change(self, c: ChangeClaim) -> Outcome:
        if c.direction == "持平":
            return Outcome(c, Status.UNTIED, tuple(self._flat(c)))
        up_delta = c.direction in _UP if c.delta is not None else None
        up_rate = c.rate_direction in _UP if c.rate is not None else None
        if c.delta is not None and c.rate is not None and up_delta != up_rate \
                and c.delta.value != 0 and c.rate.value != 0:
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.wording", Severity.ERROR, c, "claim.direction",
                said=f"{c.direction}{c.delta.text}{c.delta.unit}",
                other_word=c.rate_direction, other=f"{c.rate.text}%"),))
        if c.prior is not None and c.of is not None and c.delta is not None:
            found = stated_delta(self._f, c, c.of.figure, c.prior, c.delta, bool(up_delta))
            if found is not None:
                return found
        if c.prior is None and c.of is not None and c.delta is not None:
            found = tabled_delta(self._f, self.tier, c, c.of, c.delta, bool(up_delta))
            if found is not None and (found.findings or c.rate is None):
                return found  # a change that fits still has its rate checked below
        if c.delta is None or c.rate is None:
            return Outcome(c, Status.UNTIED)
        d = c.delta.interval()
        if c.prior is not None:
            what = f"{c.subject or (c.of.subject if c.of else '')}比{c.base}增减幅度"
            out = self._rate_findings(c, c.rate, d, c.prior.interval(), what, c.delta.text,
                                      c.prior.text, [])
            used = [(c.para, c.prior)]
            if c.of is not None:
                used.append((c.of.para, c.of.figure))
            return attrs.evolve(out, uses=tuple(used))
        currents = [c.of] if c.of is not None else list(c.context)
        # without an amount of its own sentence, a change is about its paragraph's first
        # amount when that one fits; the amounts of other paragraphs are only tried
        strict = c.of is not None or (len(currents) == 1 and currents[0].para is c.para)
        for cur in currents:
            # the printed current, or the cell it restates (when the printed one is the
            # typo, the rate is still right: that is the amount's finding)
            cell = self._cell(cur)
            outs = []
            for v in [cur.figure.interval()] + ([interval(cell[0])] if cell else []):
                prior = (EXACT.subtract(v[0], d[1]), EXACT.subtract(v[1], d[0])) if up_delta \
                    else (EXACT.add(v[0], d[0]), EXACT.add(v[1], d[1]))
                what = f"{c.subject or cur.subject}比{c.base or '上年'}增减幅度"
                outs.append(self._rate_findings(
                    c, c.rate, d, prior, what, c.delta.text,
                    f"({cur.figure.text}{'-' if up_delta else '+'}{c.delta.text})", []))
            out = next((o for o in outs if not o.findings), outs[0])
            if strict or not out.findings:
                return attrs.evolve(out, uses=((cur.para, cur.figure),))
        return Outcome(c, Status.AMBIGUOUS if currents else Status.UNTIED)

    def _flat(self, c: ChangeClaim) -> Iterator[Finding]:
        for x in self.claims:
            if isinstance(x, ChangeClaim) and x.para is c.para and x.direction != "持平" \
                    and not _SENTENCE_END.search(c.para.text, min(x.pos, c.pos),
                                                 max(x.pos, c.pos)):
                moved = x.delta if x.delta is not None and x.delta.value != 0 else \
                    x.rate if x.rate is not None and x.rate.value != 0 else None
                if moved is not None:
                    yield self._f("narrative.wording", Severity.ERROR, c, "claim.flat",
                                  base=c.base or "上年", word=x.direction or x.rate_direction,
                                  delta=f"{moved.text}{moved.unit}")
                    return

    def rate(self, c: RateClaim) -> Outcome:
        if c.actual is None or c.budget is None:
            return Outcome(c, Status.UNTIED)
        a, b = c.actual.figure, c.budget.figure
        alts: list[tuple[str, Amount | Figure]] = [
            (x.subject, x.figure) for x in self._paragraph_amounts(c)
            if x.figure is not a and x.figure is not b and x.figure.wan != 0]
        if b.unit != "万元":
            alts.append((f"{b.text}万元", Figure(b.amount, "万元", b.start, b.end)))
        alts.append(("1/x", a))  # the budget over the outturn: the base turned over
        out = self._rate_findings(c, c.figure, a.interval(), b.interval(),
                                  f"完成{c.base or '预算'} (completion)", a.text, b.text, alts)
        return attrs.evolve(out, uses=((c.actual.para, a), (c.budget.para, b)))

    # -- references --------------------------------------------------------------------

    def reference(self, c: ReferenceClaim) -> Outcome:
        names = [n for n, _ in (*c.context, *c.names)]
        text = "".join(f"{n}（{'类款项'[lv - 1]}）" if lv else n for n, lv in c.names)
        tables = self.tier.coded_tables(c.para)
        if c.code is not None:
            return self._coded(c, tables)
        for _, t in tables:
            if follow(t, names) is not None:
                return Outcome(c, Status.CHECKED)
        if self.tier.code(c) is not None:
            return Outcome(c, Status.CHECKED)
        if not tables:
            return Outcome(c, Status.UNTIED)
        if c.context and any(follow(t, [n for n, _ in c.names]) for _, t in tables):
            parent = "".join(n for n, _ in c.context)
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.reference", Severity.ERROR, c, "claim.reference-unknown",
                ref=f"{parent} › {text}", where=f"{parent}之下",
                where_en=f"the tables under {parent}"),))
        if any(isinstance(x, AmountClaim) and x.ref is c and x.figure.value == 0
               for x in self.claims):
            return Outcome(c, Status.UNTIED)  # 「林业和草原（款）…（项）支出 0 万元」: no row to print
        where = "、".join(k for k, _ in tables)
        reason = self.tier.catalog_code(c)
        return Outcome(c, Status.CHECKED, (self._f(
            "narrative.reference", Severity.ERROR, c, "claim.reference-unknown", ref=text,
            where=f"表{where}及{self.ctx.year}年科目表",
            where_en=f"tables {where} nor the {self.ctx.year} catalog"
                     + (f" ({reason})" if isinstance(reason, GovacctsError) else "")),))

    def _coded(self, c: ReferenceClaim, tables: list[tuple[str, LedgerTable]]) -> Outcome:
        assert c.code is not None
        name = c.names[-1][0]
        known: list[str] = []
        year = self.ctx.year
        if year is not None:
            try:
                entry = self.ctx.store.catalog("function", year).get(c.code)
                if entry is not None:
                    known.append(entry.name)
            except GovacctsError:
                pass
        for tkey, t in tables:
            row = t.get_row(c.code)
            if row is None:
                continue
            if name_key(name) in {name_key(row.label), *(name_key(k) for k in known)}:
                return Outcome(c, Status.CHECKED)
            return Outcome(c, Status.CHECKED, (self._f(
                "narrative.reference", Severity.ERROR, c, "claim.reference-name", code=c.code,
                table=tkey, label=row.label, name=name, row=c.code),))
        if known and name_key(name) in {name_key(k) for k in known}:
            return Outcome(c, Status.CHECKED)
        return Outcome(c, Status.UNTIED)


def verify(ctx: NarrativeContext, tier: Tier, claims: list[Claim]) -> list[Outcome]:
    """The outcome of every claim."""
    v = Verifier(ctx, tier, claims)
    return [v.outcome(c) for c in claims]
