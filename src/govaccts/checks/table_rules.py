"""Rules over one table: tree sums, column precision, build problems, unnamed columns."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from govaccts.checks.context import Context
from govaccts.checks.evaluate import evaluate
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.messages import MESSAGES
from govaccts.checks.rules import Rule, RuleScope
from govaccts.ledger.identities import tree_identities
from govaccts.ledger.table import LedgerTable, ProblemKind

__all__ = ["PROBLEMS", "TABLE_RULES"]


def _tree(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for ident in tree_identities(table, skip_exact=True):  # exact sums say nothing
        yield from evaluate(ident, ctx)


def _precision(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for col in table.columns:
        column = table.column(col)  # decimals are read on the integer column
        most = column.max_decimals()
        if most is None:
            continue
        for i in column.fewer_decimals(most):
            r, a = table.rows[i], column.amount(i)
            assert a is not None and a.value is not None
            zh, en = MESSAGES["precision.fewer"].render(decimals=a.decimals, most=most)
            yield Finding(rule="precision.column", severity=Severity.WARNING, message_zh=zh,
                          message_en=en, table=table.id, row=r.key, column=col,
                          reported=a.value, cells=(CellRef(table.id, r.key, col, a.text),))


PROBLEMS = MappingProxyType({
    ProblemKind.NO_CATALOG: (Severity.WARNING, "无该年度科目表"),
    ProblemKind.NAME_MISMATCH: (Severity.ERROR, "科目名称与科目代码不符"),
    ProblemKind.UNKNOWN_CODE: (Severity.ERROR, "科目代码不在该年度科目表中"),
    ProblemKind.INVALID_CODE: (Severity.ERROR, "科目代码格式错误"),
    ProblemKind.DUPLICATE_ROW: (Severity.ERROR, "重复行"),
    ProblemKind.BAD_AMOUNT: (Severity.ERROR, "金额格式错误"),
    ProblemKind.WRONG_LEVEL: (Severity.ERROR, "科目级次不符"),
    ProblemKind.MISSING_CELL: (Severity.ERROR, "缺少单元格"),
    ProblemKind.RAGGED_ROW: (Severity.ERROR, "多余单元格"),
})
"""Each build problem's severity and Chinese name."""


def _problems(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    partial = table.catalog is not None and table.catalog.info.completeness == "partial"
    for p in table.problems:
        sev, kind_zh = PROBLEMS[p.kind]
        msg = "problem"
        if p.kind is ProblemKind.UNKNOWN_CODE and partial:
            sev, msg = Severity.WARNING, "problem.partial"
        zh, en = MESSAGES[msg].render(kind_zh=kind_zh, kind=p.kind, message=p.message)
        yield Finding(rule="table.problem", severity=sev, message_zh=zh, message_en=en,
                      table=table.id, row=p.location.row, column=p.location.column,
                      location=p.location, detail=str(p.kind))


def _shape(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for col in table.columns:
        if not col or col.startswith("（表头缺失"):
            zh, en = MESSAGES["shape.unnamed-column"].render()
            yield Finding(rule="table.shape", severity=Severity.WARNING, message_zh=zh,
                          message_en=en, table=table.id, column=col)


TABLE_RULES = (
    Rule("sum.tree", "上下级科目金额合计关系", "parent equals the sum of its children",
         RuleScope.TABLE, _tree,
         "For every amount column of a table keyed by code: 合计 = Σ 类, 类 = Σ 款, "
         "款 = Σ 项, checked edge by edge so each tolerance counts only the direct children."),
    Rule("precision.column", "金额小数位数不一致", "a cell printed with fewer decimals than its column",
         RuleScope.TABLE, _precision,
         "Within one column every figure should be printed to the same number of decimals; a "
         "cell with fewer decimals has a wider rounding interval than the others and usually "
         "marks a hand-typed value."),
    Rule("table.problem", "表格行与科目表不符", "a row that does not fit the catalog",
         RuleScope.TABLE, _problems,
         "Problems found while building the table: unknown code, code at a level the table "
         "does not hold, duplicate row, name that does not match the code, cell that is no "
         "amount. An unknown code is a warning when the catalog edition is partial (the code "
         "may exist without evidence in govaccts)."),
    Rule("table.shape", "表格结构异常", "a column without a header", RuleScope.TABLE, _shape,
         "A column the reader had to add because rows carry more values than the header "
         "names (an extraction artefact, or a template error)."),
)
"""The built-in table rules."""
