"""Rules over one table: tree sums, column precision, build problems, unnamed columns."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from govaccts.catalogs.codes import get_scheme, level_of, scheme_of
from govaccts.checks.context import Context
from govaccts.checks.evaluate import evaluate
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.messages import MESSAGES
from govaccts.checks.rules import Rule, RuleScope
from govaccts.errors import GovacctsError, Location
from govaccts.io.vocabulary import UNIT_PAREN
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


def did_you_mean(table: LedgerTable, code: str) -> list[str]:
    """Codes of the table's catalog that an unknown printed ``code`` may have meant: one
    with the printed name under the same parent, or one digit away at the same level."""
    cat = table.catalog
    row = table.get_row(code)
    if cat is None:
        return []
    out: list[str] = []
    if row is not None and row.label:
        parent = code[:-2] if len(code) > 3 else None
        out += [m.entry.code for m in cat.resolve_all(row.label)
                if m.entry.code != code and (parent is None or m.entry.code.startswith(parent))]
    near = [c for c in cat if len(c) == len(code) and c not in out and c[:3] == code[:3]
            and sum(a != b for a, b in zip(c, code, strict=True)) == 1]
    out += sorted(near)
    return [f"{c} {cat[c].name}" for c in out[:4]]


def _problems(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    partial = table.catalog is not None and table.catalog.info.completeness == "partial"
    for p in table.problems:
        sev, kind_zh = PROBLEMS[p.kind]
        msg = "problem"
        if p.kind is ProblemKind.UNKNOWN_CODE and partial:
            sev, msg = Severity.WARNING, "problem.partial"
        zh, en = MESSAGES[msg].render(kind_zh=kind_zh, kind=p.kind, message=p.message)
        if p.kind is ProblemKind.UNKNOWN_CODE and p.location.row:
            candidates = did_you_mean(table, p.location.row)
            if candidates:
                hz, he = MESSAGES["problem.did-you-mean"].render(candidates=", ".join(candidates))
                zh, en = zh + hz, en + he
        yield Finding(rule="table.problem", severity=sev, message_zh=zh, message_en=en,
                      table=table.id, row=p.location.row, column=p.location.column,
                      location=p.location, detail=str(p.kind))


def _finding(rule: str, sev: Severity, table: LedgerTable, msg: str, row: str | None = None,
             **args: object) -> Finding:
    zh, en = MESSAGES[msg].render(**args)
    loc = table.location(row) if row is not None else Location(file=table.source, table=table.id)
    return Finding(rule=rule, severity=sev, message_zh=zh, message_en=en, table=table.id,
                   row=row, location=loc if loc is not None and loc.file else None)


def _structure(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    """A table that prints the code tree prints every ancestor, 类 first, each row under its
    parent; it has rows; its codes are of one scheme."""
    if not table.rows:
        if ctx.kind is None:  # in a report, an empty table with its 说明 is table.empty's
            yield _finding("table.structure", Severity.ERROR, table, "structure.no-rows")
        return
    codes = table.codes()
    schemes = sorted(_schemes(codes))
    if len(schemes) > 1:
        yield _finding("table.structure", Severity.ERROR, table, "structure.mixed-schemes",
                       schemes=", ".join(schemes))
        return
    names = get_scheme(schemes[0] if schemes else "function").level_names
    levels = {level_of(c) for c in codes}
    if len(levels) < 2:
        return  # one level only (a list of 项, say): no tree to hold
    if 1 not in levels:
        yield _finding("table.structure", Severity.ERROR, table, "structure.no-top",
                       levels="/".join(names[lv - 1] for lv in sorted(levels)), top=names[0])
        return
    printed = set(codes)
    last_at: dict[int, str] = {}
    for code in codes:
        lv = level_of(code)
        parent = code[:-2] if lv > 1 else None  # parent_code(code), the level known
        if parent is not None:
            if parent not in printed:
                yield _finding("table.structure", Severity.ERROR, table, "structure.orphan",
                               row=code, code=code, level=names[lv - 1], parent=parent,
                               parent_level=names[lv - 2])
            elif parent in printed and last_at.get(lv - 1) != parent:
                yield _finding("table.structure", Severity.ERROR, table, "structure.order",
                               row=code, code=code, parent=parent,
                               printed_under=last_at.get(lv - 1, "—"))
        last_at[lv] = code
        for deeper in [k for k in last_at if k > lv]:
            del last_at[deeper]


def _scheme(code: str | None) -> str | None:
    try:
        return scheme_of(code) if code else None
    except GovacctsError:
        return None


_CODE_SHAPE = str.maketrans("123456789", "999999999")


def _schemes(codes: list[str]) -> set[str]:
    """The schemes of ``codes``: judged once per shape of code (its first digit, then zero
    or not for each other digit: all that :func:`~govaccts.scheme_of` looks at in a code
    of ASCII digits), not once per code."""
    out: set[str] = set()
    judged: dict[str, str | None] = {}
    for c in codes:
        if not (c.isascii() and c.isdigit()):
            s = _scheme(c)
        else:
            shape = c[:1] + c[1:].translate(_CODE_SHAPE)
            if shape not in judged:
                judged[shape] = _scheme(c)
            s = judged[shape]
        if s is not None:
            out.add(s)
    return out


def _catalog_checked(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    if table.year is None and table.catalog is None and table.codes():
        yield _finding("table.catalog", Severity.WARNING, table, "catalog.no-year")


def _units(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for col in table.columns:
        m = UNIT_PAREN.search(col)
        if m and m.group(1) != table.unit.value:
            zh, en = MESSAGES["unit.column"].render(col_unit=m.group(1), unit=table.unit.value)
            yield Finding(rule="table.unit", severity=Severity.WARNING, message_zh=zh,
                          message_en=en, table=table.id, column=col)


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
    Rule("table.structure", "科目层级结构不完整", "the code tree is printed whole and in order",
         RuleScope.TABLE, _structure,
         "In a table that prints the code tree (rows at two levels or more): some 类 row is "
         "printed, every row's parent is printed, each row comes under its own parent (row "
         "order), the table has rows, and its codes are of one scheme."),
    Rule("table.catalog", "未与科目表核对", "codes checked against a catalog edition",
         RuleScope.TABLE, _catalog_checked,
         "A table with codes but no fiscal year was not checked against any catalog; the "
         "finding says how to turn the check on."),
    Rule("table.unit", "金额单位不一致", "every column in the table's unit", RuleScope.TABLE,
         _units, "A column headed with a unit (（元）) other than the table's (万元). A figure "
         "that breaks an identity where the same figure divided by 10,000 would keep it is "
         "said in that identity's finding (元 written for 万元)."),
    Rule("table.shape", "表格结构异常", "a column without a header", RuleScope.TABLE, _shape,
         "A column the reader had to add because rows carry more values than the header "
         "names (an extraction artefact, or a template error)."),
)
"""The built-in table rules."""
