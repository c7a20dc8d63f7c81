"""Figures the annexes (附件, performance self-evaluation) restate: the 三公 budget of
公开09, the 一般公共预算支出 of 公开05, and the project budget paragraph (年初预算 of
each project + 年中调增 = 实际支出 + 结余结转)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from govaccts.amounts import EXACT, parse_amount
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.narrative.base import NarrativeContext, compare_amount, finding
from govaccts.checks.narrative.figures import AMOUNT, value
from govaccts.checks.narrative.text import Sentence
from govaccts.checks.tolerance import check_sum
from govaccts.errors import GovacctsError
from govaccts.ledger.table import TOTAL

__all__ = ["annex_findings", "project_budget_findings"]


def annex_findings(ctx: NarrativeContext, narrative: str) -> Iterator[Finding]:
    """Figures restated in the annexes: 三公 budget, 一般公共预算支出."""
    lines = narrative.splitlines()
    header_budget: int | None = None
    for i, raw in enumerate(lines, start=1):
        cells = [c.strip() for c in raw.split("\t")]
        if any("预算数" in c for c in cells) and any("决算数" in c for c in cells):
            header_budget = next(j for j, c in enumerate(cells) if "预算数" in c)
            continue
        s = Sentence("附件", raw.strip(), i)
        if header_budget is not None and cells and cells[0] in ("三公经费", "“三公”经费") \
                and len(cells) > header_budget and cells[header_budget]:
            try:
                annex = parse_amount(cells[header_budget])
            except GovacctsError:
                continue
            t9 = ctx.cell("公开09", "预算数", "合计")
            if t9 is not None and t9.value is not None and annex.value != t9.value:
                yield finding("narrative.repeated", Severity.ERROR, ctx, s,
                              "repeated.sangong-budget",
                              args={"annex": annex.text, "table": t9.text},
                              row="三公经费", column="预算数", reported=annex.value,
                              computed=t9.value,
                              cells=(CellRef("公开09", "预算数", "合计", t9.text),))
        if "一般公共预算支出情况" in raw:
            for k, follow in enumerate(lines[i:i + 3]):
                m = re.search(r"支出" + AMOUNT, follow)
                if m:
                    ctx.mark(Sentence("附件", follow.strip(), i + 1 + k))
                    yield from compare_amount(ctx, Sentence("附件", follow.strip(), i + 1 + k),
                                              value(m.group(1)), m.group(2),
                                              "一般公共预算支出", "公开05", TOTAL, "小计")
                    break


def project_budget_findings(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """年初预算项目 A；B；… 年中执行调增 X，实际支出 Y，结余结转 Z: Σ + X = Y + Z."""
    joined: list[Sentence] = []
    for s in sents:  # the claim spans sentences split at "；": rejoin each paragraph
        if joined and joined[-1].line == s.line and joined[-1].section == s.section:
            joined[-1] = Sentence(s.section, joined[-1].text + s.text, s.line)
        else:
            joined.append(s)
    for s in joined:
        m = re.search(r"年初预算项目[“\"]?(.+?)[”\"]?年中执行调增" + AMOUNT + r"[，,]\s*实际支出"
                      + AMOUNT + r"[，,]\s*结余结转" + AMOUNT, s.text)
        if not m:
            continue
        ctx.mark(s)
        budgets = [parse_amount(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*万元", m.group(1))]
        if not budgets:
            continue
        added, spent, left = (parse_amount(m.group(i)) for i in (2, 4, 6))
        lhs = [*budgets, added]
        res = check_sum(spent, [*lhs, left], weights=[1] * len(lhs) + [-1], mode=ctx.mode)
        if not res.consistent:
            yield finding("narrative.amount", Severity.ERROR, ctx, s, "projects.budget",
                          args={"terms": "+".join(b.text for b in budgets),
                                "terms_spaced": " + ".join(b.text for b in budgets),
                                "added": added.text,
                                "total": EXACT.add(res.computed, left.value or Decimal(0)),
                                "spent": spent.text, "left": left.text},
                          reported=res.reported, computed=res.computed, tolerance=res.tolerance)
