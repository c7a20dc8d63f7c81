"""The 部门决算 kind: the nine public tables 公开01–09 as specs, and the identities that
link them — within each table and across tables, and none of the non-identities (02 and
03 differ per code by design; only their totals link). See ``docs/rules.rst``.

>>> import govaccts
>>> rep = govaccts.example_report()
>>> rep.department, rep.year, rep.table("公开05").value("201", "小计")
('中共株洲市荷塘区委办公室', 2023, Decimal('443.89'))
>>> rep.table("一般公共预算财政拨款基本支出决算明细表").value("人员经费合计", "决算数")
Decimal('373.28')
"""

from __future__ import annotations

from collections.abc import Iterator

from govaccts.catalogs.store import CatalogStore
from govaccts.ledger.identities import Identity, IdentityKind, Ref
from govaccts.ledger.table import TOTAL
from govaccts.reports.derived import class_code
from govaccts.reports.report import Report
from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["FINAL_ACCOUNTS", "cross_identities", "model_identities", "statement_identities"]

_S, _T, _E, _L = Layout.STATEMENT, Layout.TREE, Layout.ECONOMIC, Layout.SANGONG

TABLES = (
    TableSpec("公开01", "收入支出决算总表", _S, parts=("收入", "支出"),
              anchors=("收入支出总计=收入/总计", "收入总计=收入/总计", "支出总计=支出/总计",
                       "本年收入合计=收入/本年收入合计", "本年支出合计=支出/本年支出合计",
                       "收入合计=收入/本年收入合计", "支出合计=支出/本年支出合计")),
    TableSpec("公开02", "收入决算表", _T, row_identities=(
        "本年收入合计=财政拨款收入+上级补助收入+事业收入+经营收入+附属单位上缴收入+其他收入",)),
    TableSpec("公开03", "支出决算表", _T, row_identities=(
        "本年支出合计=基本支出+项目支出+上缴上级支出+经营支出+对附属单位补助支出",)),
    TableSpec("公开04", "财政拨款收入支出决算总表", _S, parts=("收入", "支出"),
              row_identities=("合计=一般公共预算财政拨款+政府性基金预算财政拨款+国有资本经营预算财政拨款",),
              anchors=("财政拨款收入支出总计=收入/总计", "财政拨款收入总计=收入/总计",
                       "财政拨款支出总计=支出/总计", "财政拨款收入合计=收入/本年收入合计",
                       "财政拨款支出合计=支出/本年支出合计@合计")),
    TableSpec("公开05", "一般公共预算财政拨款支出决算表", _T,
              row_identities=("小计=基本支出+项目支出",),
              anchors=("财政拨款支出=合计@小计", "一般公共预算财政拨款支出=合计@小计",
                       "一般公共预算支出=合计@小计", "财政拨款基本支出=合计@基本支出",
                       "财政拨款项目支出=合计@项目支出")),
    TableSpec("公开06", "一般公共预算财政拨款基本支出决算明细表", _E,
              aliases=("一般公共预算财政拨款基本支出决算表",),
              anchors=("人员经费=人员经费合计", "公用经费=公用经费合计",
                       "机关运行经费=公用经费合计")),
    TableSpec("公开07", "政府性基金预算财政拨款收入支出决算表", _T, row_identities=(
        "小计=基本支出+项目支出", "年末结转和结余=年初结转和结余+本年收入-小计"),
              anchors=("政府性基金预算", "政府性基金预算财政拨款收入=合计@本年收入",
                       "政府性基金预算财政拨款支出=合计@小计")),
    TableSpec("公开08", "国有资本经营预算财政拨款支出决算表", _T,
              aliases=("国有资产经营预算财政拨款支出决算表",),  # the seed's misnomer
              row_identities=("合计=基本支出+项目支出",),
              anchors=("国有资本经营预算", "国有资本经营预算财政拨款支出=合计@合计")),
    TableSpec("公开09", "财政拨款\"三公\"经费支出决算表", _L,
              aliases=("财政拨款三公经费支出决算表", "一般公共预算财政拨款\"三公\"经费支出决算表"),
              row_identities=("公务用车购置及运行维护费小计=公务用车购置费+公务用车运行维护费",
                              "合计=因公出国（境）费+公务用车购置及运行维护费小计+公务接待费"),
              anchors=("三公", "三公经费=@合计", "三公经费财政拨款支出=@合计",
                       "公务用车购置费及运行维护费=@公务用车购置及运行维护费小计")),
)
"""The nine public tables. Row identities apply where a table prints every column they
name (templates vary); the 公开04 row identity is on its 支出 side only."""


def statement_identities(rep: Report) -> Iterator[Identity]:
    """Within 公开01/04 (each side) and 公开06: subtotals, 总计, 人员/公用经费合计."""
    for key, t in rep.tables.items():
        if not (key.startswith("公开01-") or key.startswith("公开04-")):
            continue
        keys = [r.key for r in t.rows]
        sub = [k for k in keys if k.endswith("合计") and k.startswith("本年")]
        for col in t.columns:
            for s in sub:
                i = keys.index(s)
                parts = [k for k in keys[:i] if ":" not in k]
                yield Identity("sum.statement", Ref(key, s, col),
                               tuple(Ref(key, k, col) for k in parts),
                               text=f"{key} {col}: {s} = Σ 以上各行 (the rows above)")
            if "总计" in keys and sub:
                i, j = keys.index(sub[0]), keys.index("总计")
                parts = [sub[0], *(k for k in keys[i + 1:j] if ":" not in k)]
                yield Identity("sum.statement", Ref(key, "总计", col),
                               tuple(Ref(key, k, col) for k in parts),
                               text=f"{key} {col}: 总计 = " + " + ".join(parts))
            for p in {k.split(":")[0] for k in keys if ":" in k}:
                kids = [k for k in keys if k.startswith(p + ":")]
                yield Identity("sum.statement", Ref(key, p, col),
                               tuple(Ref(key, k, col) for k in kids),
                               text=f"{key} {col}: {p} = " + " + ".join(
                                   k.split(":")[1] for k in kids))
    t6 = rep.tables.get("公开06")
    if t6 is not None and t6.columns:
        col = t6.columns[0]
        for block in ("人员经费", "公用经费"):
            total = f"{block}合计"
            if t6.get_row(total) is None:
                continue
            parts = [r.key for r in t6.coded_rows()
                     if r.attribute("区块") == block and r.code is not None and len(r.code) == 3]
            yield Identity("sum.statement", Ref("公开06", total, col),
                           tuple(Ref("公开06", k, col) for k in parts),
                           text=f"公开06: {total} = " + " + ".join(parts))


def cross_identities(rep: Report, store: CatalogStore) -> Iterator[Identity]:
    """Figures printed in two tables (equal exactly) and cross-table sums."""
    T = rep.tables

    def eq(a: Ref, b: Ref, text: str) -> Identity:
        return Identity("equal.cross-table", a, (b,), kind=IdentityKind.EQUAL, text=text)

    i01, e01, i04, e04 = "公开01-收入", "公开01-支出", "公开04-收入", "公开04-支出"
    if i01 in T and e01 in T:
        yield eq(Ref(i01, "总计", "金额"), Ref(e01, "总计", "金额"), "公开01 收入总计 = 支出总计")
    if i04 in T and e04 in T:
        yield eq(Ref(i04, "总计", "金额"), Ref(e04, "总计", "合计"), "公开04 收入总计 = 支出总计")
    if i01 in T and "公开02" in T:
        yield eq(Ref(i01, "本年收入合计", "金额"), Ref("公开02", TOTAL, "本年收入合计"),
                 "公开01 本年收入合计 = 公开02 合计")
        for col in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            if col in T["公开02"].columns:
                yield eq(Ref(i01, col, "金额"), Ref("公开02", TOTAL, col),
                         f"公开01 {col} = 公开02 合计 {col}")
        yield Identity("sum.cross-table", Ref("公开02", TOTAL, "财政拨款收入"),
                       (Ref(i01, "一般公共预算财政拨款收入", "金额"),
                        Ref(i01, "政府性基金预算财政拨款收入", "金额"),
                        Ref(i01, "国有资本经营预算财政拨款收入", "金额")),
                       text="公开02 财政拨款收入 = 公开01 一般公共预算 + 政府性基金 + 国有资本经营")
    if i01 in T and i04 in T:
        for fund in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"):
            yield eq(Ref(i04, fund, "金额"), Ref(i01, fund + "收入", "金额"),
                     f"公开04 {fund} = 公开01 {fund}收入")
    if e01 in T and "公开03" in T:
        yield eq(Ref(e01, "本年支出合计", "金额"), Ref("公开03", TOTAL, "本年支出合计"),
                 "公开01 本年支出合计 = 公开03 合计")
        for r in T[e01].rows:
            code = class_code(store, rep.year, r.label)
            if code is not None:
                yield eq(Ref(e01, r.key, "金额"), Ref("公开03", code, "本年支出合计"),
                         f"公开01 {r.key} = 公开03 {code} 本年支出合计")
    if e04 in T:
        links = (("公开05", "一般公共预算财政拨款", "小计"), ("公开07", "政府性基金预算财政拨款", "小计"),
                 ("公开08", "国有资本经营预算财政拨款", "合计"))
        for tk, col, other in links:
            if tk not in T or other not in T[tk].columns or not T[tk].coded_rows():
                continue
            yield eq(Ref(e04, "本年支出合计", col), Ref(tk, TOTAL, other),
                     f"公开04 本年支出合计 {col} = {tk} 合计 {other}")
            for r in T[e04].rows:
                code = class_code(store, rep.year, r.label)
                if code is not None:
                    yield eq(Ref(e04, r.key, col), Ref(tk, code, other),
                             f"公开04 {r.key} {col} = {tk} {code} {other}")
    if "公开05" in T and "公开06" in T:
        yield Identity("sum.cross-table", Ref("公开05", TOTAL, "基本支出"),
                       (Ref("公开06", "人员经费合计", "决算数"), Ref("公开06", "公用经费合计", "决算数")),
                       text="公开05 合计 基本支出 = 公开06 人员经费合计 + 公用经费合计")


def model_identities(rep: Report, store: CatalogStore | None = None) -> list[Identity]:
    """The statement and cross-table identities the 部门决算 kind declares for ``rep``."""
    from govaccts.catalogs.store import default_store

    return [*statement_identities(rep), *cross_identities(rep, store or default_store())]


FINAL_ACCOUNTS = ReportKind("部门决算", TABLES, model_identities,
                            aliases=("final-accounts", "部门决算公开"))
"""The 部门决算 (final accounts) disclosure: 公开01–09."""
