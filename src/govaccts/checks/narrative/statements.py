"""Totals and their parts as the 部门决算 template's sections restate them: 一 收支总计
(公开01), 二 收入 and 三 支出 with their shares (02, 03), 四 财政拨款收支总计 (04), 五(一)
财政拨款支出 (05), 六 基本支出 / 人员经费 / 公用经费 (05, 06), 九 机关运行经费 (06).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govaccts.checks.findings import Finding
from govaccts.checks.narrative.base import (
    NarrativeContext,
    amount_after,
    check_percent,
    compare_amount,
    growth,
)
from govaccts.checks.narrative.figures import AMOUNT, PCT, value
from govaccts.checks.narrative.text import Sentence
from govaccts.ledger.table import TOTAL

__all__ = ["statement_findings"]


def _total_and_growth(ctx: NarrativeContext, sents: list[Sentence], pattern: str, what: str,
                      table: str) -> Iterator[Finding]:
    """A statement's 总计 restated, and the growth rate stated beside it."""
    for s in sents:
        m = amount_after(pattern, s.text)
        if m is None:
            continue
        ctx.mark(s)
        yield from compare_amount(ctx, s, value(m.group(1)), m.group(2),
                                  what, table, "总计", "金额", pos=m.start(1))
        c = ctx.cell(table, "总计", "金额")
        if c is not None:
            yield from growth(ctx, s, c)


def _income_and_expenditure(ctx: NarrativeContext, by: dict[str, list[Sentence]]
                            ) -> Iterator[Finding]:
    """二、收入 / 三、支出: the total and each part with its share."""
    for sec, table, total_col, total_word in (("二", "公开02", "本年收入合计", "收入合计"),
                                              ("三", "公开03", "本年支出合计", "支出合计")):
        t = ctx.tables.get(table)
        if t is None:
            continue
        for s in by.get(sec, []):
            m = amount_after(total_word, s.text)
            if not m:
                continue
            ctx.mark(s)
            yield from compare_amount(ctx, s, value(m.group(1)), m.group(2),
                                      total_word, table, TOTAL, total_col)
            tot = ctx.cell(table, TOTAL, total_col)
            for pm in re.finditer(r"([^，,；;：:。]+?)" + AMOUNT + r"[，,]\s*占" + PCT, s.text):
                name = pm.group(1).strip()
                col = next((c for c in t.columns if c == name or c.startswith(name)), None)
                if col is None:
                    continue
                yield from compare_amount(ctx, s, value(pm.group(2)),
                                          pm.group(3), name, table, TOTAL, col, pos=pm.start(2))
                part = ctx.cell(table, TOTAL, col)
                if part is not None and tot is not None:
                    yield from check_percent(ctx, s, pm.group(4), part, tot,
                                             f"{name}占{total_word}比重 (share)", row=col,
                                             pos=pm.start(4))


def _fiscal_expenditure(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """五(一): 财政拨款支出 (公开05 合计), its share of 本年支出合计, its growth."""
    for s in sents:
        m = amount_after(r"财政拨款支出", s.text)
        if not m:
            continue
        ctx.mark(s)
        yield from compare_amount(ctx, s, value(m.group(1)), m.group(2),
                                  "财政拨款支出", "公开05", TOTAL, "小计")
        c5, c3 = ctx.cell("公开05", TOTAL, "小计"), ctx.cell("公开03", TOTAL, "本年支出合计")
        pm = re.search(r"占本年支出合计的" + PCT, s.text)
        if pm and c5 is not None and c3 is not None:
            yield from check_percent(ctx, s, pm.group(1), c5, c3,
                                     "财政拨款支出占本年支出合计 (share)")
        if c5 is not None:
            yield from growth(ctx, s, c5)


def _basic(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """六、基本支出 (公开05), 人员经费 and 公用经费 (公开06) with their shares."""
    for s in sents:
        for word, table, row, col in (("基本支出", "公开05", TOTAL, "基本支出"),
                                      ("人员经费", "公开06", "人员经费合计", "决算数"),
                                      ("公用经费", "公开06", "公用经费合计", "决算数")):
            m = re.search(r"(?:财政拨款)?" + word + AMOUNT, s.text)
            if not m:
                continue
            ctx.mark(s)
            yield from compare_amount(ctx, s, value(m.group(1)), m.group(2),
                                      word, table, row, col)
            pm = re.search(word + AMOUNT + r"[，,]\s*占基本支出的" + PCT, s.text)
            part, base = ctx.cell(table, row, col), ctx.cell("公开05", TOTAL, "基本支出")
            if pm and part is not None and base is not None:
                yield from check_percent(ctx, s, pm.group(3), part, base,
                                         f"{word}占基本支出比重 (share)")


def _running_costs(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """九、机关运行经费 = 公开06 公用经费合计 (administrative units), and its changes."""
    for s in sents:
        m = amount_after(r"机关运行经费支出", s.text)
        if not m:
            continue
        ctx.mark(s)
        yield from compare_amount(ctx, s, value(m.group(1)), m.group(2),
                                  "机关运行经费", "公开06", "公用经费合计", "决算数")
        cur = ctx.cell("公开06", "公用经费合计", "决算数")
        if cur is not None:
            yield from growth(ctx, s, cur, r"比(年初预算数|上年决算数)",
                              "机关运行经费比{}增减幅度")


def statement_findings(ctx: NarrativeContext, by: dict[str, list[Sentence]]
                       ) -> Iterator[Finding]:
    """The findings of sections 一, 二, 三, 四, 五(一), 六 and 九 (``by`` section label)."""
    yield from _total_and_growth(ctx, by.get("一", []), r"(?<!财政拨款)收、?支总计", "收支总计",
                                 "公开01-收入")
    yield from _total_and_growth(ctx, by.get("四", []), r"财政拨款收、?支总计", "财政拨款收支总计",
                                 "公开04-收入")
    yield from _income_and_expenditure(ctx, by)
    yield from _fiscal_expenditure(ctx, by.get("五(一)", []))
    yield from _basic(ctx, by.get("六", []))
    yield from _running_costs(ctx, by.get("九", []))
