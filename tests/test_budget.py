"""The 部门预算 kind and the kinds beside it: title shapes, identities derived from what a
table prints (never assumed), prose and performance rules, kind choice, multi-file
reports. Made-up figures; each test breaks one cell and sees the finding it must give."""

from __future__ import annotations

from decimal import Decimal as D

import attrs
import pytest

import govaccts
from govaccts.io.pdf.model import PdfDocument, PdfTable, ProseLine
from govaccts.io.pdf.report import choose_kind, merge_raw
from govaccts.io.pdf.sides import Grid, sides
from govaccts.reports.budget import BUDGET
from govaccts.reports.builder import build_report
from govaccts.reports.government import GOVERNMENT_FINAL
from govaccts.reports.outline import grouped_sums, outline_sums
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.roles import EXPENDITURE, INCOME, SANGONG, sums_of
from govaccts.reports.university import UNIVERSITY_FINAL

# -- title shapes -------------------------------------------------------------------------

TITLES = {
    "收支预算总表": "收支总表", "西南大学收支预算总表": "收支总表", "收支总体情况表": "收支总表",
    "2026年市级部门收支预算总表": "收支总表", "财政拨款收支总体情况表": "财政拨款收支总表",
    "收入预算总表": "收入总表", "西南大学收入预算表": "收入总表", "收入总体情况表": "收入总表",
    "支出预算总表": "支出总表", "本年支出总体情况表": "支出总表", "西南大学支出预算表": "支出总表",
    "财政拨款支出预算表（功能科目）": "财政拨款支出表", "财政拨款基本支出表（经济科目）": "财政拨款基本支出表",
    "一般公共预算支出情况表（按功能分类科目）": "一般公共预算支出表",
    "一般公共预算支出表（按经济分类）": "一般公共预算支出经济分类表",
    "一般公共预算基本支出情况表（按经济分类科目）": "一般公共预算基本支出表",
    "财政拨款“三公”经费支出表": "三公经费表", "“三公”经费、会议费、培训费支出预算表": "三公经费表",
    "政府性基金预算财政拨款支出预算表": "政府性基金支出表", "国有资本经营预算支出预算表": "国有资本经营支出表",
    "一般公共预算机关运行经费支出预算表": "机关运行经费表", "2019年政府采购预算表": "政府采购表",
    "2026年项目支出绩效目标表（含转移支付项目）": "绩效目标表", "项目支出绩效自评表": "绩效自评表",
    "部门预算项目支出及其他支出预算表": "项目支出表", "基本支出总表": "基本支出表",
}


@pytest.mark.parametrize(("title", "key"), sorted(TITLES.items()))
def test_budget_tables_are_known_by_title_shape(title: str, key: str) -> None:
    spec = BUDGET.identify(title)
    assert spec is not None and spec.key == key


def test_university_and_government_titles() -> None:
    assert UNIVERSITY_FINAL.identify("高等学校财政拨款支出决算表").key == "财政拨款支出决算表"
    assert UNIVERSITY_FINAL.identify("高等学校支出决算表").key == "支出决算表"
    assert GOVERNMENT_FINAL.identify("2023年市本级社会保险基金收入决算表").key == "社会保险基金表"
    assert GOVERNMENT_FINAL.identify("2023年济南市地方政府债券还本付息情况表").key == "债务表"


# -- roles and outlines ----------------------------------------------------------------------

def test_expenditure_roles_give_the_sums_the_columns_imply() -> None:
    assert EXPENDITURE.sums(["总计", "基本支出/人员支出", "公用经费", "项目支出", "上缴上级支出"]) == [
        ("总计", ("基本支出/人员支出", "公用经费", "项目支出", "上缴上级支出"))]
    assert EXPENDITURE.sums(["小计", "其中：基本支出", "项目支出"]) == [
        ("小计", ("其中：基本支出", "项目支出"))]
    # a column without a role, or a role printed twice: no identity at all
    assert EXPENDITURE.sums(["合计", "基本支出", "项目支出", "结转下年资金"]) == []
    assert EXPENDITURE.sums(["合计", "基本支出", "基本支出#2"]) == []


def test_income_and_sangong_roles() -> None:
    assert INCOME.sums(["本年收入合计", "财政拨款收入", "事业收入/金额", "事业收入/其中：教育收费",
                        "其他收入"]) == [("本年收入合计", ("财政拨款收入", "事业收入/金额", "其他收入"))]
    assert sums_of(["合计", "小计", "因公出国（境）费", "公务用车购置及运行维护费/小计", "公务用车购置费",
                    "公务用车运行维护费", "公务接待费", "会议费", "培训费"], (SANGONG,)) == [
        ("合计", ("小计", "会议费", "培训费")),
        ("小计", ("因公出国（境）费", "公务用车购置及运行维护费/小计", "公务接待费")),
        ("公务用车购置及运行维护费/小计", ("公务用车购置费", "公务用车运行维护费"))]


def test_outline_sums_and_their_limits() -> None:
    assert outline_sums(["一、基本支出", "二、项目支出", "支出合计"]) == [
        ("支出合计", ("一、基本支出", "二、项目支出"))]
    # numbered and unnumbered items side by side: ambiguous, no sum
    assert outline_sums(["一、财政拨款", "事业收入", "本年收入合计"]) == []
    assert grouped_sums(["收入总计", "甲:小计", "甲:一", "乙:小计"]) == [
        ("甲:小计", ("甲:一",)), ("收入总计", ("甲:小计", "乙:小计"))]
    assert grouped_sums(["甲:一", "甲:二"]) == []  # a group without its 小计


# -- a made-up budget, checked ----------------------------------------------------------------

def _budget(**cells: str) -> RawReport:
    v = {"收入合计": "100.00", "一般公共预算": "90.00", "其他资金": "10.00", "基本": "60.00",
         "项目": "40.00", "t201": "100.00", "t201b": "60.00", "t201p": "40.00",
         "eco": "60.00", "sg": "6.00", "abroad": "1.00", "car": "3.00", "buy": "1.00",
         "run": "2.00", "rec": "2.00", "meeting": "4.00", "training": "5.00",
         "sg_total": "15.00"} | cells
    t1 = RawTable(id="公开01表", title="收支预算总表", layout="statement", part="收入",
                  header=("项目", "金额"),
                  rows=((1, ("一、一般公共预算", v["一般公共预算"])), (2, ("二、其他资金", v["其他资金"])),
                        (3, ("收入合计", v["收入合计"]))))
    t1e = RawTable(id="公开01表", title="收支预算总表", layout="statement", part="支出",
                   header=("项目", "金额"),
                   rows=((1, ("一、基本支出", v["基本"])), (2, ("二、项目支出", v["项目"])),
                         (3, ("支出合计", "100.00"))))
    t3 = RawTable(id="表3", title="一般公共预算支出表", layout="tree",
                  header=("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
                  rows=((1, ("", "合计", v["t201"], v["t201b"], v["t201p"])),
                        (2, ("201", "一般公共服务支出", v["t201"], v["t201b"], v["t201p"]))))
    t4 = RawTable(id="表4", title="一般公共预算基本支出表", layout="economic",
                  header=("科目编码", "科目名称", "合计"),
                  rows=((1, ("", "合计", v["eco"])), (2, ("301", "工资福利支出", v["eco"]))))
    t5 = RawTable(id="表5", title="一般公共预算“三公”经费、会议费、培训费支出表", layout="sangong",
                  header=("项目", "合计", "小计", "因公出国（境）费", "公务用车购置及运行维护费/小计",
                          "公务用车购置费", "公务用车运行维护费", "公务接待费", "会议费", "培训费"),
                  rows=((1, ("合计", v["sg_total"], v["sg"], v["abroad"], v["car"], v["buy"],
                             v["run"], v["rec"], v["meeting"], v["training"])),))
    return RawReport(kind="部门预算", department="测试局", year=2023, unit="万元",
                     tables=(t1, t1e, t3, t4, t5))


def _errors(raw: RawReport) -> list[tuple[str, str | None, str | None]]:
    fs = govaccts.check(build_report(raw), rules=["sum.", "equal."])
    return sorted((f.rule, f.table, f.row) for f in fs if f.severity is govaccts.Severity.ERROR)


def test_a_consistent_budget_has_no_error() -> None:
    assert _errors(_budget()) == []


@pytest.mark.parametrize(("cells", "expected"), [
    ({"项目": "41.00"}, ("sum.statement", "收支总表-支出", "支出合计")),  # outline: 合计 = 一 + 二
    ({"t201p": "41.00"}, ("sum.row", "一般公共预算支出表", "201")),        # 合计 = 基本 + 项目
    ({"car": "3.50"}, ("sum.row", "三公经费表", "合计")),                  # 车小计 = 购置 + 运行维护
    ({"eco": "61.00"}, ("equal.cross-table", "一般公共预算基本支出表", "合计")),  # econ = 基本支出
    ({"收入合计": "101.00"}, ("equal.cross-table", "收支总表-收入", "收入合计")),  # 收 = 支
])
def test_each_derived_identity_sees_a_broken_cell(cells: dict[str, str],
                                                  expected: tuple[str, str, str]) -> None:
    assert expected in _errors(_budget(**cells))


def test_budget_prose_is_read_by_the_narrative_claims() -> None:
    """A 部门预算's prose is checked by the narrative claims (since issue #16: the earlier
    ``prose.percent``/``prose.amount`` gave false errors on real budgets, e.g. a 类 amount
    of the 一般公共预算 section held against the 收支总表); ``prose.typography`` stays.
    The 基本支出 sentence under a 收支 heading is counted ambiguous: a label found only
    outside the heading's table confirms a figure, never refutes it."""
    text = ("一、收支预算总体情况\n本年收入预算合计 100.00 万元，其中：\n"
            "一般公共预算收入 90.00 万元，占 90.00%；\n其他资金 10.00 万元，占 11.00%。\n"
            "基本支出预算数为 61.00 万元。\n一般公共服务（类）支出 100.00 万元，与上年相比增加 "
            "20.00 万元，增长 25.00%。\n项目支出 40.00 万元，与上年相比减少 10.00 万元，减少 "
            "30.00%。。XX万元\n")
    rep = build_report(attrs.evolve(_budget(), narrative=text))
    fs = govaccts.check(rep)
    got = sorted((f.rule, f.severity.value, f.message_en.split(":")[0]) for f in fs
                 if f.rule.startswith(("prose.", "narrative.")))
    assert got == [("narrative.coverage", "info", "6 sentences of the narrative state figures; 5 "
                    "were tied to the tables (or to figures the text states) and checked (83.3%); "
                    "of 12 figures, 11 checked, 0 not tied to a table, 1 ambiguous"),
                   ("narrative.percent", "error", "其他资金占本年收入预算合计比重"),  # 10/100, not 11%
                   ("narrative.percent", "error", "项目支出比上年增减幅度"),  # 10/50, not 30%
                   ("narrative.wording", "error", "template left-over 「XX」"),
                   ("prose.typography", "warning", "doubled or clashing punctuation")]


# -- performance tables ----------------------------------------------------------------------

def _selfeval(rate: str, score: str) -> govaccts.LedgerTable:
    return govaccts.LedgerTable.build(
        id="绩效自评表", columns=["全年预算数", "全年执行数", "分值", "得分"],
        rows=[("", "项目甲", {"全年预算数": "80.00", "全年执行数": "80.00", "分值": "10",
                            "得分": score}),
              ("", "项目乙", {"全年预算数": "50.00", "全年执行数": "40.00", "分值": "90",
                            "得分": "80"})],
        attributes=[{"执行率": rate}, {"执行率": "80.00%"}])


def test_performance_rates_and_scores() -> None:
    assert govaccts.check(_selfeval("100.00%", "10"), rules=["perf."]) == []
    fs = govaccts.check(_selfeval("1000%", "12"), rules=["perf."])
    assert sorted((f.rule, f.row) for f in fs) == [("perf.rate", "项目甲"), ("perf.score", "项目甲")]
    assert next(f for f in fs if f.rule == "perf.rate").computed == D("100.0")


# -- kind choice, several files ----------------------------------------------------------------

def _doc(kind: str | None, titles: list[str], prose: list[str] = ()) -> PdfDocument:  # type: ignore[assignment]
    tables = tuple(PdfTable(title=t, pages=(1,), unit="万元", header_rows=(), columns=(), rows=())
                   for t in titles)
    return PdfDocument(path="x.pdf", pages=1, title=None, issuer=None, year=None, kind=kind,
                       tables=tables, prose=tuple(ProseLine(1, i, p) for i, p in enumerate(prose)))


def test_the_kind_is_chosen_by_stage_and_titles() -> None:
    assert choose_kind(_doc("部门预算", ["收支预算总表", "收入预算总表"])) == "部门预算"
    assert choose_kind(_doc("部门决算", ["高等学校收支决算总表", "高等学校支出决算表"])) == "高等学校部门决算"
    assert choose_kind(_doc("决算", ["2023年全市一般公共预算收入决算草案表"])) == "政府决算"
    assert choose_kind(_doc("部门决算", ["收入支出决算总表"])) == "部门决算"
    # no cover, no table: the stage from the prose
    assert choose_kind(_doc(None, [], ["第二部分 2019年度部门预算表"])) == "部门预算"


def test_files_of_one_report_merge_in_order() -> None:
    text = RawReport(kind="部门预算", department="", year=2019, unit="万元", tables=(),
                     narrative="一、概况\n二、说明", source="a.pdf", narrative_file="a.pdf",
                     narrative_pages=((1, 1), (1, 2)))
    tables = _budget()
    tables = RawReport(kind="部门预算", department="测试局", year=0, unit="万元",
                       tables=tables.tables, narrative="- 1 -", source="b.pdf",
                       narrative_file="b.pdf", narrative_pages=((1, 40),))
    raw = merge_raw([text, tables])
    assert (raw.department, raw.year, len(raw.tables)) == ("测试局", 2019, 5)
    assert raw.narrative_files == ("a.pdf", "a.pdf", "b.pdf")
    assert raw.narrative_pages[-1] == (1, 40)
    with pytest.raises(govaccts.GovacctsError):
        merge_raw([])


# -- sides of a statement ------------------------------------------------------------------------

def test_a_total_printed_across_two_expenditure_sides_labels_both() -> None:
    g = Grid(columns=["收入项目", "金额", "功能科目", "支出金额", "支出用途项目", "金额"],
             cells=[["一、财政拨款", "10.00", "一、一般公共服务支出", "10.00", "一、基本支出", "10.00"],
                    ["当年收入小计", "10.00", "", "当年支出小计", "", "10.00"]],
             lines=[1, 2], pages=[1, 1])
    parts = sides(g, [0, 2, 4])
    assert [p.name for p in parts] == ["收入", "支出", "支出用途"]
    assert parts[1].rows[-1][1:] == ("当年支出小计", ("10.00",))
    assert parts[2].rows[-1][1:] == ("当年支出小计", ("10.00",))


def test_a_group_column_beside_its_items() -> None:
    g = Grid(columns=["", "项目名称", "金额"],
             cells=[["", "收入总计", "5.00"], ["", "小计", "5.00"], ["一般公共预算资金", "拨款", "5.00"],
                    ["政府性基金", "小计", ""]], lines=[1, 2, 3, 4], pages=[1] * 4)
    (side,) = sides(g, [0, 1])
    assert [label for _, label, _ in side.rows] == [
        "收入总计", "一般公共预算资金:小计", "一般公共预算资金:拨款", "政府性基金:小计"]
