"""The 部门决算 of a university (高等学校收支决算总表, 收入决算表, 支出决算表, 财政拨款支出决算
表): a kind of its own, since its tables are not the 公开01–09 of a department. Its
identities are derived from what each table prints, as for a budget
(:mod:`govaccts.reports.derived`), and link the 总表 to the detail tables.

>>> [UNIVERSITY_FINAL.identify(t).key for t in ("高等学校收支决算总表", "高等学校收入决算表",
...  "高等学校支出决算表", "高等学校财政拨款支出决算表")]
['收支决算总表', '收入决算表', '支出决算表', '财政拨款支出决算表']
"""

from __future__ import annotations

from collections.abc import Iterator

from govaccts.catalogs.store import CatalogStore
from govaccts.ledger.identities import Identity, Ref
from govaccts.reports.derived import (
    classes,
    equal,
    rows_as_columns,
    side_figures,
    table_identities,
    total_row,
)
from govaccts.reports.report import Report
from govaccts.reports.roles import EXPENDITURE, INCOME
from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["UNIVERSITY_FINAL", "university_identities"]

TABLES = (
    TableSpec("收支决算总表", "高等学校收支决算总表", Layout.STATEMENT, parts=("收入", "支出"),
              patterns=(r"收支决算总表$",)),
    TableSpec("收入决算表", "高等学校收入决算表", Layout.TREE, patterns=(r"收入决算表$",)),
    TableSpec("财政拨款支出决算表", "高等学校财政拨款支出决算表", Layout.TREE,
              patterns=(r"财政拨款支出决算表$",)),
    TableSpec("支出决算表", "高等学校支出决算表", Layout.TREE, patterns=(r"支出决算表$",)),
)
"""The four tables of a university's 部门决算 (表1–表4)."""

FAMILIES = {"收入决算表": (INCOME,), "支出决算表": (EXPENDITURE,),
            "财政拨款支出决算表": (EXPENDITURE,)}


def _links(rep: Report, store: CatalogStore) -> Iterator[Identity]:
    T = rep.tables
    inc, exp = T.get("收支决算总表-收入"), T.get("收支决算总表-支出")
    t2, t3 = T.get("收入决算表"), T.get("支出决算表")
    if inc is not None and t2 is not None:
        yield from rows_as_columns(inc, t2, INCOME, "收入 by source")
        sub, _ = side_figures(inc)
        total, col = total_row(t2), INCOME.assign(t2.columns).get("total")
        if sub and total and col and len(inc.columns) == 1:
            yield equal(Ref(inc.id, sub, inc.columns[0]), Ref(t2.id, total, col),
                        f"收支决算总表 {sub} = 收入决算表 合计 {col}")
    if exp is not None and t3 is not None:
        col = EXPENDITURE.assign(t3.columns).get("total")
        sub, _ = side_figures(exp)
        total = total_row(t3)
        if sub and total and col and len(exp.columns) == 1:
            yield equal(Ref(exp.id, sub, exp.columns[0]), Ref(t3.id, total, col),
                        f"收支决算总表 {sub} = 支出决算表 合计 {col}")
        if col:
            yield from classes(exp, t3, col, store, rep.year, "支出 by function class")


def university_identities(rep: Report, store: CatalogStore) -> list[Identity]:
    """Within each table (column roles, the 总表's outline) and across them."""
    return [*table_identities(rep, FAMILIES), *_links(rep, store)]


UNIVERSITY_FINAL = ReportKind("高等学校部门决算", TABLES, university_identities,
                              aliases=("university-final-accounts", "高校部门决算"), stage="决算")
"""The 部门决算 of a university, as 西南大学 publishes it (表1–表4)."""
