"""Wording that no figure can fix: template left-overs (「大于（小于）」, 「XX」) and the
fund misnamed 国有资产经营 for 国有资本经营 — in the prose, in table titles and in the
说明 lines of empty tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govaccts.checks.findings import Finding, Severity
from govaccts.checks.narrative.base import NarrativeContext, finding
from govaccts.checks.narrative.messages import render
from govaccts.checks.narrative.text import Sentence
from govaccts.ledger.table import LedgerTable

__all__ = ["RESIDUE", "table_name_findings", "wording_findings"]

RESIDUE = re.compile(r"大于[（(]小于[)）]|小于[（(]大于[)）]|增加[（(]减少[)）]|增长[（(]下降[)）]"
                     r"|(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|＊{2,}")
"""Template left-overs: both alternatives of a choice, placeholders."""


def wording_findings(ctx: NarrativeContext, sents: list[Sentence]) -> Iterator[Finding]:
    """Left-overs and 国有资产经营 in every paragraph."""
    for s in sents:
        for m in RESIDUE.finditer(s.text):
            before = s.text[max(0, m.start() - 3):m.start()]
            if before.endswith("决算数") and re.match(r"(?:年初)?预算数", s.text[m.end():]):
                continue  # 「决算数大于（小于）预算数」 is reported with its 五(三) item
            yield finding("narrative.wording", Severity.ERROR, ctx, s, "wording.residue",
                          args={"text": m.group(0)}, pos=m.start())
        for _ in re.finditer(r"国有资产经营", s.text):
            yield finding("narrative.fund-name", Severity.ERROR, ctx, s, "fund-name.text")


def table_name_findings(rep: object, tables: dict[str, LedgerTable]) -> Iterator[Finding]:
    """国有资产经营 in a table's 说明 line or title."""
    raw = getattr(rep, "raw_table", None)
    for key, t in tables.items():
        rt = raw(key) if callable(raw) else None
        note = getattr(rt, "empty_note", "") or ""
        if "国有资产经营" in note:
            zh, en = render("fund-name.note", table=key, note=note)
            yield Finding(rule="narrative.fund-name", severity=Severity.ERROR, message_zh=zh,
                          message_en=en, table=key, detail=note)
        if "国有资产经营" in t.title:
            zh, en = render("fund-name.title", title=t.title)
            yield Finding(rule="narrative.fund-name", severity=Severity.ERROR, message_zh=zh,
                          message_en=en, table=key)
