"""Section 十一、政府采购: the total is 货物 + 工程 + 服务, and the shares granted to small
and medium enterprises agree with the SME total."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from govaccts.amounts import EXACT, parse_amount
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.narrative.base import NarrativeContext, check_percent, finding
from govaccts.checks.narrative.figures import AMOUNT, PCT
from govaccts.checks.narrative.text import Sentence
from govaccts.checks.tolerance import check_sum

__all__ = ["procurement_findings"]


def procurement_findings(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """十一: total = 货物 + 工程 + 服务; SME shares consistent with the SME total."""
    text = "".join(s.text for s in sents)
    if not sents:
        return
    s0 = sents[0]
    tm = re.search(r"政府采购支出总额" + AMOUNT, text)
    parts = {k: re.search(r"政府采购" + k + r"支出" + AMOUNT, text) for k in ("货物", "工程", "服务")}
    if tm is None or not all(parts.values()):
        return
    for x in sents:
        ctx.mark(x)
    total = parse_amount(tm.group(1))
    amounts = {k: parse_amount(m.group(1)) for k, m in parts.items() if m is not None}
    res = check_sum(total, list(amounts.values()), mode=ctx.mode)
    if not res.consistent:
        yield finding("narrative.amount", Severity.ERROR, ctx, s0, "procurement.total",
                      args={"total": total.text, "computed": res.computed},
                      reported=res.reported, computed=res.computed, tolerance=res.tolerance)
    sm = re.search(r"授予中小企业合同金额" + AMOUNT + r"[，,]\s*占政府采购支出总额的" + PCT, text)
    if sm is None:
        return
    sme = parse_amount(sm.group(1))
    yield from check_percent(ctx, s0, sm.group(3), sme, total, "授予中小企业合同金额占比 (share)")
    if sme.value != total.value:
        return
    for k, a in amounts.items():
        km = re.search(k + r"采购授予中小企业合同金额占" + k + r"支出金额的" + PCT, text)
        if km is None or a.value == 0:
            continue
        stated = parse_amount(km.group(1)).value
        para = next((x for x in sents if km.group(0) in x.text), s0)
        kpos = para.text.find(km.group(0))
        if stated != Decimal(100):
            share = EXACT.divide(EXACT.multiply(a.value or Decimal(0), Decimal(100)),
                                 total.value or Decimal(1)).quantize(Decimal("0.1"), context=EXACT)
            msg = "procurement.sme-part-is-share" if share == stated else "procurement.sme-part"
            yield finding("narrative.percent", Severity.ERROR, ctx, para, msg,
                          args={"part": k, "pct": km.group(1), "amount": a.text,
                                "total": total.text},
                          row=k, reported=stated, computed=Decimal(100), pos=kpos)
