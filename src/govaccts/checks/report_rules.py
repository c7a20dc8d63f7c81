"""Rules over a whole report: the identities its kind declares, empty tables, reader notes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govaccts.catalogs.names import fold
from govaccts.checks.context import Context
from govaccts.checks.evaluate import evaluate
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.messages import MESSAGES
from govaccts.checks.rules import Rule, RuleScope
from govaccts.ledger.identities import Identity, parse_identity
from govaccts.ledger.table import PAGE_ATTRIBUTE
from govaccts.reports.report import Report

__all__ = ["REPORT_RULES", "report_identities"]


def report_identities(ctx: Context, rep: Report) -> list[Identity]:
    """Every identity of ``rep``: its specs' row identities (where a table prints every
    column they name), then the identities its kind declares across tables. Computed once
    per run."""
    cached = ctx.cache.get("report_identities")
    if cached is None:
        cached = []
        for key, t in rep.tables.items():
            spec = rep.kind.spec(key)
            for text in spec.row_identities if spec is not None else ():
                if all(c in t.columns for c in re.split(r"[=+\-]", text)):
                    cached += parse_identity(text, t)
        cached += rep.kind.identities(rep, ctx.store)
        ctx.cache["report_identities"] = cached
    return list(cached)


def _identity_rule(rule_id: str):  # type: ignore[no-untyped-def]
    def run(ctx: Context, rep: object) -> Iterator[Finding]:
        if not isinstance(rep, Report):
            return
        for ident in report_identities(ctx, rep):
            if ident.rule == rule_id:
                yield from evaluate(ident, ctx)
    return run


def _empty(ctx: Context, rep: object) -> Iterator[Finding]:
    if not isinstance(rep, Report):
        return
    for key, t in rep.tables.items():
        has_data = any(a.value is not None for r in t.rows for _, a in r.cells) or any(
            v.strip() for r in t.rows for k, v in r.attributes if k != PAGE_ATTRIBUTE)
        raw = rep.raw_table(key)
        if not has_data and (raw is None or not raw.empty_note.strip()):
            zh, en = MESSAGES["table.empty"].render()
            yield Finding(rule="table.empty", severity=Severity.WARNING, message_zh=zh,
                          message_en=en, table=key)


def _notes(ctx: Context, rep: object) -> Iterator[Finding]:
    if not isinstance(rep, Report):
        return
    for note in getattr(rep.raw, "notes", ()):
        zh, en = MESSAGES["table.note"].render(note=note)
        yield Finding(rule="table.note", severity=Severity.INFO, message_zh=zh, message_en=en)
    for key in rep.tables:
        raw = rep.raw_table(key)
        for note in raw.notes if raw is not None else ():
            zh, en = MESSAGES["table.note"].render(note=note)
            yield Finding(rule="table.note", severity=Severity.INFO, message_zh=zh,
                          message_en=en, table=key)


def _dept_key(name: str) -> str:
    return re.sub(r"[（(]本级[)）]$", "", fold(name)).replace(" ", "")


def _department(ctx: Context, rep: object) -> Iterator[Finding]:
    """A table whose heading names another department than the report's cover."""
    if not isinstance(rep, Report) or not rep.department:
        return
    cover = _dept_key(rep.department)
    for key in rep.tables:
        raw = rep.raw_table(key)
        printed = raw.department if raw is not None else ""
        named = _dept_key(printed)
        if named and cover and named not in cover and cover not in named:
            zh, en = MESSAGES["table.department"].render(table=key, named=printed,
                                                          cover=rep.department)
            yield Finding(rule="table.department", severity=Severity.ERROR, message_zh=zh,
                          message_en=en, table=key)


_IDENTITY_RULES = (
    ("sum.row", "行内各栏合计关系", "a row's total column equals the sum of its part columns",
     "Per row, as each table spec declares: 02 本年收入合计 = Σ 收入来源; 03 本年支出合计 = 基本 + "
     "项目 + 上缴上级 + 经营 + 对附属单位补助; 04 合计 = 三类财政拨款; 05/08 小计(合计) = 基本 + 项目; "
     "07 年末 = 年初 + 本年收入 − 本年支出; 09 小计 = 购置 + 运行维护, 合计 = 出国 + 车 + 接待."),
    ("sum.statement", "总表内合计关系", "subtotals and totals of the statement tables",
     "公开01/04 each side: 本年收入(支出)合计 = Σ the rows above it; 总计 = 本年合计 + the carry-over "
     "rows; 年初财政拨款结转和结余 = Σ its fund sub-rows; 公开06 人员经费合计 = Σ 人员经费 类, "
     "公用经费合计 = Σ 公用经费 类."),
    ("equal.cross-table", "同一数字多表列示一致", "the same figure printed in two places is equal",
     "Exact equality, whatever the mode: 01 收支总计; 01 vs 02/03 totals and 类 rows; 04 vs 01 "
     "income rows; 04 fund columns vs 05/07/08 by 类. Never 02 vs 03 per code: they differ by "
     "design (carry-overs), only totals link."),
    ("sum.cross-table", "跨表合计关系", "a total in one table equals a sum of cells in another",
     "02 财政拨款收入 = 01 rows 1–3; 05 合计基本支出 = 06 人员经费合计 + 公用经费合计."),
)

REPORT_RULES = (
    *(Rule(rid, zh, en, RuleScope.REPORT, _identity_rule(rid), desc)
      for rid, zh, en, desc in _IDENTITY_RULES),
    Rule("table.empty", "空表说明", "an empty table carries its 说明", RuleScope.REPORT, _empty,
         "A table printed without data must say why (空表说明)."),
    Rule("table.department", "表头单位与封面一致", "a table names the report's department",
         RuleScope.REPORT, _department,
         "The department a table's heading names (部门名称/编制单位) is the cover's: a table "
         "left from another department's template names another. 「（本级）」 and a name cut "
         "short are no difference."),
    Rule("table.note", "读取说明", "what the reader noted about a table", RuleScope.REPORT, _notes,
         "Extraction artefacts the reader handled (one column more than the header, values "
         "flattened into one line), so that nothing it did is silent."),
)
"""The built-in report rules."""
