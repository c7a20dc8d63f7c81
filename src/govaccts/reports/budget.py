"""The 部门预算 kind: the public tables of a department's budget as specs, by title shape,
and the identities that link them — derived from the columns and rows each table prints
(:mod:`govaccts.reports.roles`, :mod:`govaccts.reports.outline`), never assumed from a
template that the document may not follow.

Regions number and name the tables differently (江苏 公开01–12, 深圳 表1–11, 广州 表1–12,
无锡/苏州 公开01–13, 湖州 表01–11, 高校 sets), so a table is known by the *shape* of its
title and keyed by what it is (``收支总表``, ``一般公共预算支出表`` …), not by its number.

>>> k = BUDGET
>>> [k.identify(t).key for t in ("收支预算总表", "财政拨款收支总体情况表", "表3 支出总表",
...  "一般公共预算支出表（按经济分类）", "“三公”经费、会议费、培训费支出预算表")]
['收支总表', '财政拨款收支总表', '支出总表', '一般公共预算支出经济分类表', '三公经费表']
"""

from __future__ import annotations

from collections.abc import Iterator

from govaccts.catalogs.store import CatalogStore
from govaccts.ledger.identities import Identity, Ref
from govaccts.ledger.table import LedgerTable
from govaccts.reports.derived import equal, side_figures, table_identities
from govaccts.reports.outline import is_total_label
from govaccts.reports.report import Report
from govaccts.reports.roles import EXPENDITURE, FUNDS, INCOME, SANGONG, SumFamily
from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["BUDGET", "budget_identities"]

_S, _T, _E, _L, _R = Layout.STATEMENT, Layout.TREE, Layout.ECONOMIC, Layout.SANGONG, Layout.LIST
_SUFFIX = r"(?:\(.*\))?$"  # （功能科目） (按功能分类) （2023年度） …

TABLES = (
    TableSpec("财政拨款收支总表", "财政拨款收支总表", _S, parts=("收入", "支出"),
              patterns=(r"财政拨款收支(?:预算)?总(?:表|体情况表)" + _SUFFIX,),
              anchors=("财政拨款收支总体情况", "财政拨款收入", "财政拨款支出",
                       "财政拨款收支总计=收入/收入总计", "财政拨款收支总预算=收入/收入总计",
                       "财政拨款收入预算总计=收入/收入总计",
                       "财政拨款支出预算总计=支出/支出总计")),
    TableSpec("收支总表", "收支总表", _S, parts=("收入", "支出"),
              patterns=(r"收支(?:预算)?总(?:表|体情况表)" + _SUFFIX,),
              anchors=("收支总体情况", "收入总计", "支出总计",
                       "收入预算总计=收入/收入总计", "支出预算总计=支出/支出总计",
                       "收支预算总计=收入/收入总计", "收支总预算=收入/收入总计",
                       "收支总计=收入/收入总计")),
    TableSpec("收入总表", "收入总表", _S, other_layouts=(_T,),
              patterns=(r"收入(?:预算)?总(?:表|体情况表)" + _SUFFIX, r"收入预算表$"),
              anchors=("收入总体情况", "收入预算")),
    TableSpec("三公经费表", "“三公”经费支出表", _L, other_layouts=(_S,),
              patterns=(r"三公",), anchors=("三公", "“三公”经费",
                                            # 广州: 「行政经费（机关运行经费）指…」, its row 行政经费
                                            "机关运行经费=行政经费@合计")),
    TableSpec("政府性基金支出表", "政府性基金预算支出表", _T,
              patterns=(r"政府性基金.*支出.*表" + _SUFFIX,),
              anchors=("政府性基金支出=合计", "政府性基金预算支出=合计")),
    TableSpec("国有资本经营支出表", "国有资本经营预算支出表", _T,
              patterns=(r"国有资本经营.*支出.*表" + _SUFFIX,),
              anchors=("国有资本经营支出=合计", "国有资本经营预算支出=合计")),
    TableSpec("财政拨款基本支出表", "财政拨款基本支出表", _E,
              patterns=(r"财政拨款基本支出(?:预算)?表" + _SUFFIX,),
              anchors=("财政拨款基本支出=合计",)),
    TableSpec("财政拨款支出表", "财政拨款支出表", _T,
              patterns=(r"财政拨款支出(?:预算)?表" + _SUFFIX,)),
    TableSpec("一般公共预算基本支出表", "一般公共预算基本支出表", _E,
              patterns=(r"一般公共预算(?:财政拨款)?基本支出(?:预算|情况|经济分类情况)?表" + _SUFFIX,),
              anchors=("人员经费", "公用经费", "一般公共预算基本支出=合计",
                       "一般公共预算财政拨款基本支出=合计", "一般公共预算拨款基本支出=合计")),
    TableSpec("一般公共预算项目支出经济分类表", "一般公共预算项目支出情况表（按经济分类科目）", _E,
              patterns=(r"一般公共预算项目支出.*经济分类",)),
    TableSpec("一般公共预算支出经济分类表", "一般公共预算支出表（按经济分类）", _E,
              patterns=(r"一般公共预算(?:拨款)?支出.*经济分类",)),
    TableSpec("一般公共预算支出表", "一般公共预算支出表", _T,
              patterns=(r"一般公共预算(?:财政)?(?:拨款)?支出(?:预算|情况)?表" + _SUFFIX,),
              anchors=("一般公共预算支出", "一般公共预算拨款")),
    TableSpec("机关运行经费表", "一般公共预算机关运行经费支出预算表", _E,
              patterns=(r"机关运行经费",), anchors=("机关运行经费",)),
    TableSpec("政府采购表", "政府采购支出表", _R, patterns=(r"政府采购.*表" + _SUFFIX,)),
    TableSpec("绩效自评表", "项目支出绩效自评表", _R, patterns=(r"绩效自评",)),
    TableSpec("绩效目标表", "项目支出绩效目标表", _R, patterns=(r"绩效(?:目标)?表" + _SUFFIX,)),
    TableSpec("基本支出表", "基本支出总表", _R, patterns=(r"基本支出(?:总|预算)表" + _SUFFIX,)),
    TableSpec("项目支出表", "项目支出总表", _R,
              patterns=(r"项目支出(?:总|预算|及其他支出预算)?表" + _SUFFIX,)),
    TableSpec("支出总表", "支出总表", _T, other_layouts=(_L,),
              patterns=(r"支出(?:预算)?总(?:表|体情况表)" + _SUFFIX, r"支出预算表$"),
              anchors=("支出总体情况", "支出预算")),
)
"""The public tables of a 部门预算, most specific title shapes first (a title is the
first spec it matches)."""

FAMILIES: dict[str, tuple[SumFamily, ...]] = {
    "收支总表": (FUNDS,), "财政拨款收支总表": (FUNDS,), "收入总表": (INCOME,),
    "支出总表": (EXPENDITURE,), "财政拨款支出表": (EXPENDITURE,),
    "一般公共预算支出表": (EXPENDITURE,), "政府性基金支出表": (EXPENDITURE,),
    "国有资本经营支出表": (EXPENDITURE,), "一般公共预算支出经济分类表": (EXPENDITURE,),
    "一般公共预算基本支出表": (EXPENDITURE,), "财政拨款基本支出表": (EXPENDITURE,),
    "三公经费表": (SANGONG, FUNDS), "基本支出表": (INCOME,), "项目支出表": (INCOME,),
}
"""Which column roles each table's rows are checked by."""

LABEL_FAMILIES: dict[str, tuple[SumFamily, ...]] = {"三公经费表": (SANGONG,)}
"""Tables whose rows are items of a family (三公 printed one item a row)."""


def _tables(rep: Report, key: str) -> list[tuple[str, LedgerTable]]:
    return [(k, t) for k, t in rep.tables.items()
            if (s := rep.kind.spec(k)) is not None and s.key == key]


def _one(rep: Report, key: str) -> tuple[str, LedgerTable] | None:
    """The table of spec ``key`` when the report prints exactly one."""
    found = _tables(rep, key)
    return found[0] if len(found) == 1 else None


def _total_of(t: LedgerTable, column: str) -> Ref | None:
    """The grand-total cell of a tree table's column (its 合计 row)."""
    key = t.total_key()
    return Ref(t.id, key, column) if key is not None and column in t.columns else None


def _table_total(t: LedgerTable) -> Ref | None:
    """The grand total of a tree table: its 合计 row in its total column (or its only
    column)."""
    col = _role_column(t, "total", EXPENDITURE) or (t.columns[0] if len(t.columns) == 1 else None)
    return _total_of(t, col) if col else None


def _role_column(t: LedgerTable, role: str, *families: SumFamily) -> str | None:
    for fam in families:
        got = fam.assign(t.columns)
        if role in got:
            return got[role]
    return None


def _statement_links(rep: Report) -> Iterator[Identity]:
    """收入总计 = 支出总计 on each two-sided statement (one amount column a side)."""
    for key in ("收支总表", "财政拨款收支总表"):
        i, e = rep.tables.get(f"{key}-收入"), rep.tables.get(f"{key}-支出")
        if i is None or e is None or len(i.columns) != 1:
            continue
        (_, it), (_, et) = side_figures(i), side_figures(e)
        ecol = _role_column(e, "total", FUNDS) or (e.columns[0] if len(e.columns) == 1 else None)
        if it and et and ecol:
            yield equal(Ref(i.id, it, i.columns[0]), Ref(e.id, et, ecol),
                        f"{key}: 收入总计 {it} = 支出总计 {et}")


def _restated(rep: Report) -> Iterator[Identity]:
    """The same figure in two tables: statement subtotals against the detail tables'
    totals, the economic tables' totals against the function tables' 基本支出."""
    io = rep.tables.get("收支总表-收入")
    inc = _one(rep, "收入总表")
    if io is not None and inc is not None and len(io.columns) == 1:
        sub, grand = side_figures(io)
        roles = INCOME.assign(inc[1].columns)
        col = roles.get("total")
        total = _total_of(inc[1], col) if col else None
        # a 收入总表 with carry-over columns totals what the statement's grand total does
        row = grand if {"carry", "balance"} & set(roles) else sub
        if row and total:
            yield equal(Ref(io.id, row, io.columns[0]), total,
                        f"收支总表 {row} = 收入总表 合计 {col}")
    eo = rep.tables.get("收支总表-支出")
    exp = _one(rep, "支出总表")
    if eo is not None and exp is not None and len(eo.columns) == 1:
        sub, _ = side_figures(eo)
        col = _role_column(exp[1], "total", EXPENDITURE)
        total = _total_of(exp[1], col) if col else None
        if sub and total:
            yield equal(Ref(eo.id, sub, eo.columns[0]), total,
                        f"收支总表 {sub} = 支出总表 合计 {col}")
    for econ, func in (("一般公共预算基本支出表", "一般公共预算支出表"),
                       ("财政拨款基本支出表", "财政拨款支出表")):
        e, f = _one(rep, econ), _one(rep, func)
        if e is None or f is None:
            continue
        ecol = _role_column(e[1], "total", EXPENDITURE) or (
            e[1].columns[0] if len(e[1].columns) == 1 else None)
        fcol = _role_column(f[1], "basic", EXPENDITURE)
        et = _total_of(e[1], ecol) if ecol else None
        ft = _total_of(f[1], fcol) if fcol else None
        if et and ft:
            yield equal(et, ft, f"{econ} 合计 = {func} 合计 {fcol}")


def _spending(t: LedgerTable) -> str | None:
    """The row of a 支出 side that is this year's spending: the subtotal when a side
    prints one before its grand total, else its only total when no carry-over row is
    printed (then the two are the same figure)."""
    sub, grand = side_figures(t)
    if sub is None or (sub == grand and any("结转" in r.key or "结余" in r.key for r in t.rows)):
        return None
    return sub


def _by_use(rep: Report) -> Iterator[Identity]:
    """Figures by use printed as rows of a statement side and as columns of another
    table: 收支总表 支出用途 rows = 支出总表 合计 row by column; 财政拨款收支总表 支出 基本支出
    = 财政拨款基本支出表 合计; 收入总表 收入总计 = 收支总表 收入 grand total."""
    side = rep.tables.get("收支总表-支出用途")
    exp = _one(rep, "支出总表")
    if side is not None and exp is not None and len(side.columns) == 1:
        t = exp[1]
        total = t.total_key() or (t.rows[0].key if len(t.rows) == 1 else None)
        for r in side.rows:
            role = EXPENDITURE.role(r.key)
            col = next((c for c in t.columns if EXPENDITURE.role(c) == role), None)
            if total is not None and col is not None and role not in (None, "total"):
                yield equal(Ref(side.id, r.key, side.columns[0]), Ref(t.id, total, col),
                            f"收支总表 支出用途 {r.key} = 支出总表 合计 {col}")
    fe = rep.tables.get("财政拨款收支总表-支出")
    eco = _one(rep, "财政拨款基本支出表")
    if fe is not None and eco is not None and len(fe.columns) == 1:
        basic = next((r.key for r in fe.rows if EXPENDITURE.role(r.key) == "basic"), None)
        eco_total = _table_total(eco[1])
        if basic and eco_total:
            yield equal(Ref(fe.id, basic, fe.columns[0]), eco_total,
                        f"财政拨款收支总表 支出 {basic} = 财政拨款基本支出表 合计")
    func = _one(rep, "财政拨款支出表")
    spent = _spending(fe) if fe is not None and len(fe.columns) == 1 else None
    if fe is not None and func is not None and spent:
        func_total = _table_total(func[1])
        if func_total:
            yield equal(Ref(fe.id, spent, fe.columns[0]), func_total,
                        f"财政拨款收支总表 支出 {spent} = 财政拨款支出表 合计")
    io, inc = rep.tables.get("收支总表-收入"), _one(rep, "收入总表")
    if io is not None and inc is not None and len(io.columns) == 1 == len(inc[1].columns) \
            and not inc[1].coded_rows():
        _, grand = side_figures(io)
        ungrouped = [r.key for r in inc[1].rows if ":" not in r.key and is_total_label(r.label)]
        if grand and len(ungrouped) == 1:
            yield equal(Ref(io.id, grand, io.columns[0]),
                        Ref(inc[1].id, ungrouped[0], inc[1].columns[0]),
                        f"收支总表 收入 {grand} = 收入总表 {ungrouped[0]}")


def budget_identities(rep: Report, store: CatalogStore) -> list[Identity]:
    """Every identity of a 部门预算: within tables (column roles, statement outlines) and
    across them (restated figures)."""
    return [*table_identities(rep, FAMILIES, LABEL_FAMILIES), *_statement_links(rep),
            *_restated(rep), *_by_use(rep)]


BUDGET = ReportKind("部门预算", TABLES, budget_identities,
                    aliases=("budget", "单位预算", "部门预算公开", "单位预算公开"), stage="预算",
                    excluded_rules=("prose.amount", "prose.percent"))
"""The 部门预算 (department budget) disclosure, in the table sets of the devset and the
corpus regions."""
