"""Section 七: each 三公 item's 预算 and 决算 against 公开09, and its completion rate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from govaccts.amounts import parse_amount
from govaccts.checks.findings import Finding
from govaccts.checks.narrative.base import NarrativeContext, check_percent, compare_amount
from govaccts.checks.narrative.figures import AMOUNT
from govaccts.checks.narrative.items import RATE
from govaccts.checks.narrative.text import Sentence

__all__ = ["sangong_findings"]

_SANGONG_ITEMS = (("“三公”经费财政拨款支出", "合计"), ("三公经费财政拨款支出", "合计"),
                  ("因公出国（境）费支出", "因公出国（境）费"), ("公务接待费支出", "公务接待费"),
                  ("公务用车购置费支出", "公务用车购置费"),
                  ("公务用车运行维护费支出", "公务用车运行维护费"))
"""How section 七 names each column of 公开09."""


def sangong_findings(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """「X支出预算为 A万元，支出决算为 B万元，完成预算的 p%」 for each 三公 item."""
    for s in sents:
        m = re.search(r"^(.*?)预算为" + AMOUNT + r"[，,]\s*支出决算为" + AMOUNT, s.text)
        if not m:
            continue
        col = next((c for w, c in _SANGONG_ITEMS if m.group(1).strip().endswith(w)), None)
        if col is None:
            continue
        ctx.mark(s)
        budget, actual = parse_amount(m.group(2)), parse_amount(m.group(4))
        yield from compare_amount(ctx, s, budget.value or Decimal(0), m.group(3),
                                  f"{col}预算数", "公开09", "预算数", col)
        yield from compare_amount(ctx, s, actual.value or Decimal(0), m.group(5),
                                  f"{col}决算数", "公开09", "决算数", col)
        rm = RATE.search(s.text)
        if rm:
            yield from check_percent(ctx, s, rm.group(1), actual, budget,
                                     f"{col}完成预算 (completion)", row=col)
