"""Section 五(三) of the 部门决算 template: each 项 with its 「X（类）Y（款）Z（项）」 reference (a
heading of its own), its 年初预算 (元 for 万元 said so), its 决算数, its completion rate and the
大于/小于/等于 that compares them; the stated totals against the sums of the items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from govaccts.amounts import Amount, parse_amount
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.narrative.base import (
    NarrativeContext,
    check_percent,
    compare_amount,
    finding,
    total_of_items,
)
from govaccts.checks.narrative.figures import AMOUNT, PCT
from govaccts.checks.narrative.text import Sentence
from govaccts.errors import GovacctsError
from govaccts.ledger.table import TOTAL, LedgerTable

__all__ = ["RATE", "item_findings", "resolve_in_table"]

_ITEM = re.compile(r"^(\d+)[、.]\s*(.+?[（(]项[)）])[。.]?$")
_ITEM_BODY = re.compile(r"年初预算(?:数)?为" + AMOUNT + r"[，,]\s*支出决算(?:数)?为" + AMOUNT)
RATE = re.compile(r"完成(?:年初)?预算的" + PCT)
"""「完成(年初)预算的 p%」."""
_CMP = re.compile(r"决算数(大于[（(]小于[)）]|小于[（(]大于[)）]|大于|小于|等于)(?:年初)?预算数")


def resolve_in_table(table: LedgerTable | None, ref: str) -> tuple[str | None, str | None]:
    """Follow 「X（类）Y（款）Z（项）」 through a coded table's printed names.

    Returns the code when every part matches a printed row under the previous one,
    else ``None`` and the deepest code that did match.
    """
    from govaccts.catalogs.names import name_key
    from govaccts.catalogs.references import split_reference

    if table is None:
        return None, None
    parent: str | None = None
    for part in split_reference(ref):
        key = name_key(part)
        rows = table.children(parent) if parent is not None else [
            r for r in table.coded_rows() if r.code is not None and len(r.code) == 3]
        hit = next((r for r in rows if name_key(r.label) == key), None)
        if hit is None:
            return None, parent
        parent = hit.key
    return parent, parent


def _reference_code(ctx: NarrativeContext, ref_s: Sentence, ref: str
                    ) -> tuple[str | None, list[Finding]]:
    """The code of an item's reference: by the catalog, else through table 05's names."""
    year = ctx.year
    if year is None:
        return None, []
    try:
        return ctx.store.catalog("function", year).resolve_path(ref).code, []
    except GovacctsError as exc:
        # The catalog may lack a real code (partial editions): table 05 prints codes
        # beside names, so the reference can still be followed through the table.
        code, deepest = resolve_in_table(ctx.tables.get("公开05"), ref)
        if code is not None:
            return code, []
        msg = "reference.unknown-under" if deepest else "reference.unknown"
        return None, [finding("narrative.reference", Severity.ERROR, ctx, ref_s, msg,
                              args={"ref": ref, "year": year, "deepest": deepest,
                                    "reason": exc}, row=deepest)]


def _item(ctx: NarrativeContext, s: Sentence, bm: re.Match[str], ref_s: Sentence, ref: str,
          code: str | None) -> Iterator[Finding]:
    """One 项: unit, 决算数 against 公开05, completion rate, 大于/小于/等于."""
    budget_raw, bunit, actual_raw, aunit = bm.group(1), bm.group(2), bm.group(3), bm.group(4)
    budget, actual = parse_amount(budget_raw), parse_amount(actual_raw)
    assert budget.value is not None and actual.value is not None
    if bunit != "万元":
        sev = Severity.ERROR if budget.value != 0 else Severity.WARNING
        yield finding("narrative.unit", sev, ctx, s, "items.unit",
                      args={"bunit": bunit, "budget": budget_raw, "aunit": aunit},
                      row=code, column="年初预算", reported=budget.value, pos=bm.start(1))
    budget_w = budget.value  # a 元 slip is reported above; the arithmetic reads 万元
    if code is not None:
        if ctx.cell("公开05", code, "小计") is None:
            yield finding("narrative.reference", Severity.ERROR, ctx, ref_s,
                          "reference.not-in-table", args={"code": code, "ref": ref}, row=code)
        else:
            yield from compare_amount(ctx, s, actual.value, aunit, f"{ref}决算数", "公开05",
                                      code, "小计")
    rm = RATE.search(s.text)
    if rm:
        yield from check_percent(ctx, s, rm.group(1), actual, budget,
                                 "完成年初预算 (completion)", row=code)
    cm = _CMP.search(s.text)
    if cm:
        word = cm.group(1)
        if "（" in word or "(" in word:
            yield finding("narrative.wording", Severity.ERROR, ctx, s, "items.residue",
                          args={"word": word}, row=code)
        else:
            truth = "大于" if actual.value > budget_w else "小于" if actual.value < budget_w \
                else "等于"
            if word != truth:
                yield finding("narrative.wording", Severity.ERROR, ctx, s, "items.comparison",
                              args={"actual": actual_raw, "budget": budget_raw, "truth": truth,
                                    "word": word}, row=code)


def item_findings(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """五(三): the total line, each 项, and the totals against the sums of the items."""
    budgets: list[Amount] = []
    actuals: list[Amount] = []
    total_budget: tuple[Sentence, Amount] | None = None
    current: tuple[Sentence, str] | None = None
    for s in sents:
        m0 = re.search(r"年初预算数为" + AMOUNT + r"[，,]\s*支出决算数为" + AMOUNT, s.text)
        if m0 and current is None:
            ctx.mark(s)
            a, b = parse_amount(m0.group(1)), parse_amount(m0.group(3))
            total_budget = (s, a)
            yield from compare_amount(ctx, s, b.value or Decimal(0), m0.group(4),
                                      "财政拨款支出决算数", "公开05", TOTAL, "小计")
            rm = RATE.search(s.text)
            if rm:
                yield from check_percent(ctx, s, rm.group(1), b, a, "完成年初预算 (completion)")
            continue
        im = _ITEM.match(s.text)
        if im:
            current = (s, im.group(2))
            continue
        bm = _ITEM_BODY.search(s.text)
        if not bm or current is None:
            continue
        ref_s, ref = current
        ctx.mark(ref_s)
        ctx.mark(s)
        code, found = _reference_code(ctx, ref_s, ref)
        yield from found
        budgets.append(parse_amount(bm.group(1)))
        actuals.append(parse_amount(bm.group(3)))
        yield from _item(ctx, s, bm, ref_s, ref, code)
        current = None
    if total_budget is not None and budgets:
        s, a = total_budget
        yield from total_of_items(ctx, s, a, budgets, "年初预算", "items.budget")
    c5 = ctx.cell("公开05", TOTAL, "小计")
    if c5 is not None and actuals and sents:
        yield from total_of_items(ctx, sents[0], c5, actuals, "决算数", "items.actual")
