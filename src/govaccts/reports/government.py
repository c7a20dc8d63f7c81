"""Whole-government reports (政府预算 / 政府决算 of a city, a district): dozens of tables of
the four budgets (一般公共预算, 政府性基金, 国有资本经营, 社会保险基金) whose rows are
names printed by indentation, without codes, for several levels of government.

They are read as *named trees* (:attr:`~govaccts.reports.spec.Layout.NAMED`): each row
keyed by its name, a name that repeats under another parent keyed by its parent
(``企业职工基本养老保险基金:保险费收入``), percentage columns kept as text. No sum is
asserted within them: a printed indent does not say whether a row is a part of the row
above or a ``其中`` item of it, and the same name means different things at
different levels. Their check is what reading them shows (cells that are no amount,
rows the reader could not place).

>>> [GOVERNMENT_FINAL.identify(t).key for t in ("2023年全市一般公共预算收入决算草案表",
...  "2023年市本级一般公共预算支出决算功能分类明细表", "2023年杭州市新增地方政府债券使用情况表")]
['一般公共预算收入表', '一般公共预算支出功能分类表', '债务表']
"""

from __future__ import annotations

from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["GOVERNMENT_BUDGET", "GOVERNMENT_FINAL", "TABLES"]

_N, _R = Layout.NAMED, Layout.LIST


def _spec(key: str, *patterns: str, layout: Layout = _N) -> TableSpec:
    return TableSpec(key, key, layout, patterns=patterns)


TABLES = (
    _spec("债务表", r"债务|债券", layout=_R),
    _spec("转移支付表", r"转移支付|税收返还"),
    _spec("社会保险基金表", r"社会保险基金"),
    _spec("一般公共预算支出功能分类表", r"功能分类明细|支出细化表"),
    _spec("一般公共预算支出经济分类表", r"经济分类"),
    _spec("一般公共预算基本支出表", r"基本支出"),
    _spec("收支平衡表", r"收支平衡"),
    _spec("一般公共预算收入表", r"一般公共预算收入"),
    _spec("一般公共预算支出表", r"一般公共预算支出"),
    _spec("政府性基金收入表", r"政府性基金(?:预算)?收入"),
    _spec("政府性基金支出表", r"政府性基金(?:预算)?(?:支出|收支)"),
    _spec("国有资本经营收入表", r"国有资本经营(?:预算)?收入"),
    _spec("国有资本经营支出表", r"国有资本经营(?:预算)?(?:支出|收支)"),
    _spec("收支表", r"(?:收入|支出|收支).*(?:决算|预算|执行情况|草案)"),
)
"""The tables of a whole-government report, by title shape; every other table of such
a report is read as a named tree too (the kinds' ``default_layout``)."""

GOVERNMENT_FINAL = ReportKind("政府决算", TABLES, aliases=("总决算", "government-final-accounts"),
                              stage="决算", excluded_rules=("narrative.",), default_layout=_N)
"""A government's 决算 report and tables (济南 2023, 杭州 2023)."""

GOVERNMENT_BUDGET = ReportKind("政府预算", TABLES, aliases=("总预算", "government-budget"),
                               stage="预算", excluded_rules=("narrative.",), default_layout=_N)
"""A government's 预算 report and tables (济南 2024)."""
