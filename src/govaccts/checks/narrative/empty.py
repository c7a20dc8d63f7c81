"""Statements that a fund has no money — 「本单位没有使用政府性基金安排的支出」, 「无国有资本
经营预算支出」, a table's 说明 「故本表无数据」 — held against the table of that fund: a table
that prints nonzero amounts contradicts them (a warning: the statement may be about one
unit of several, or about another year).

>>> [m.group(0) for m in _NONE.finditer("本单位没有政府性基金收入，也没有使用政府性基金安排的支出。")]
['没有政府性基金', '没有使用政府性基金']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.narrative.base import NarrativeContext, finding
from govaccts.checks.narrative.messages import render
from govaccts.checks.narrative.subjects import LabelIndex, key
from govaccts.checks.narrative.text import Sentence
from govaccts.ledger.table import LedgerTable

__all__ = ["empty_statement_findings"]

_NONE = re.compile(r"(?:没有|无|未)(?:使用|安排|发生)?[^，,。；;]{0,10}?(政府性基金|国有资本经营|“?三公”?经费)"
                   r"(?![^，,。；;]{0,6}(?:增加|减少|变化))")


def _nonzero(t: LedgerTable) -> CellRef | None:
    for r in t.rows:
        for col, a in r.cells:
            if a.value is not None and a.value != 0:
                return CellRef(t.id, r.key, col, a.text)
    return None


def _table_named(index: LabelIndex, phrase: str) -> LedgerTable | None:
    k = key(phrase)
    for anchor, tkey in index.headings:
        if anchor and (anchor.startswith(k) or k.startswith(anchor)):
            return index.tables.get(tkey)
    return None


def empty_statement_findings(ctx: NarrativeContext, index: LabelIndex,
                             paragraphs: list[Sentence]) -> Iterator[Finding]:
    """A statement of no money against the fund's table, in the prose and in the 说明 of
    the tables."""
    for s in paragraphs:
        for m in _NONE.finditer(s.text):
            t = _table_named(index, m.group(1))
            cell = _nonzero(t) if t is not None else None
            if cell is not None:
                yield finding("narrative.amount", Severity.WARNING, ctx, s,
                              "claim.empty-statement",
                              args={"said": m.group(0), "table": cell.table, "row": cell.row,
                                    "column": cell.column, "cell": cell.text},
                              row=cell.row, column=cell.column, cells=(cell,), pos=m.start())
    raw = getattr(ctx.rep, "raw_table", None)
    for tkey, t in index.tables.items():
        rt = raw(tkey) if callable(raw) else None
        note = getattr(rt, "empty_note", "") or ""
        cell = _nonzero(t) if re.search(r"无数据|没有|无.*支出", note) else None
        if cell is not None:
            zh, en = render("claim.empty-statement", said=note, table=cell.table, row=cell.row,
                            column=cell.column, cell=cell.text)
            yield Finding(rule="narrative.amount", severity=Severity.WARNING, message_zh=zh,
                          message_en=en, table=tkey, row=cell.row, column=cell.column,
                          cells=(cell,), detail=note)
