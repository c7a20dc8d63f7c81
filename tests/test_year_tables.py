"""Tables that print a row per year, and changes held against them (issue #16).

深圳's 部门预算 print the 三公 table with a row per year (「2025年 | 2026年 | 增减变化金额」) and a
three-level header: items (总计, 因公出国(境)费 …, 公务用车购置及运行维护费 over 小计 | 购置费 |
运行维护费), each split by fund. The PDF reader names each column ``item/fund``; the claims
tie 「因公出国（境）费用。2026 年预算数 98 万元」 to the item's funds summed in the 2026 row,
and 「较 2025 年年初预算增加 94.67 万元」 to that cell less the 2025 row's.

The real document: 深圳市人民政府国有资产监督管理委员会 2026 年部门预算
(../shared/corpus/2026_525d393267.pdf); its 三公 prose states five items with their changes.
"""

from __future__ import annotations

import attrs
import pytest

import govaccts
from govaccts.checks.findings import Finding
from govaccts.checks.narrative import Prose, narrative_coverage, narrative_findings
from govaccts.checks.narrative.subjects import LabelIndex, Target
from govaccts.io.pdf.columns import fund_groups
from govaccts.ledger.table import LedgerTable
from govaccts.reports.budget import BUDGET
from govaccts.reports.report import Report
from shared_material import shared_dir

_FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算")


CORPUS = shared_dir("corpus", "2026_525d393267.pdf")
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="corpus (../shared/corpus) absent")


# -- the header: items over funds -------------------------------------------------------

def test_items_split_by_fund_get_the_item_as_parent() -> None:
    printed = ["一般公共预算", "总计政府性基金预算", "国有资本经营预算",
               "一般公共预算", "因公出国(境)费政府性基金预算", "国有资本经营预算",
               "一般公共预算", "小计政府性基金预算", "国有资本经营预算",
               "一般公共预算", "公务用车购置及运行维护费公务用车购置费政府性基金预算", "国有资本经营预算",
               "一般公共预算", "公务用车运行维护费政府性基金预算", "国有资本经营预算"]
    names = fund_groups(printed)
    assert names[:3] == [f"总计/{f}" for f in _FUNDS]
    assert names[3] == "因公出国(境)费/一般公共预算"
    # the parent centred over 小计 | 购置费 | 运行维护费 is split off the middle item
    assert names[6] == "公务用车购置及运行维护费/小计/一般公共预算"
    assert names[10] == "公务用车购置及运行维护费/公务用车购置费/政府性基金预算"
    assert names[14] == "公务用车购置及运行维护费/公务用车运行维护费/国有资本经营预算"


def test_the_parent_is_cut_where_its_item_begins() -> None:
    # 「公务用车购置费及运行费」 (the seed's wording) has a 费 inside: the cut is where the
    # item's own name (公务用车…) begins
    names = fund_groups(["一般公共预算", "小计政府性基金预算", "国有资本经营预算",
                         "一般公共预算", "公务用车购置费及运行费公务用车购置费政府性基金预算",
                         "国有资本经营预算",
                         "一般公共预算", "公务用车运行维护费政府性基金预算", "国有资本经营预算"])
    assert names[0] == "公务用车购置费及运行费/小计/一般公共预算"
    assert names[4] == "公务用车购置费及运行费/公务用车购置费/政府性基金预算"


@pytest.mark.parametrize("printed", [
    ["总计/一般公共预算", "总计/政府性基金预算", "总计/国有资本经营预算",
     "出国/一般公共预算", "出国/政府性基金预算", "出国/国有资本经营预算"],  # already parented

    ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],  # one fund split, no items
    ["一般公共预算", "总计政府性基金预算", "国有资本经营预算",
     "一般公共预算", "政府性基金预算", "国有资本经营预算"],  # a group without its item's name
])
def test_other_headers_are_left_as_printed(printed: list[str]) -> None:
    assert fund_groups(printed) == printed


# -- the index: items summed over funds, the year before ---------------------------------

def _sangong(row26: dict[str, str], row25: dict[str, str]) -> LedgerTable:
    cols = [f"{item}/{f}" for item in ("总计", "因公出国(境)费", "公务接待费") for f in _FUNDS]
    return LedgerTable.build(id="三公经费表", columns=cols, rows=[
        (None, "2025年", {c: row25.get(c, "0.00") for c in cols}),
        (None, "2026年", {c: row26.get(c, "0.00") for c in cols}),
    ])


def test_an_item_names_its_funds_summed_in_the_latest_year() -> None:
    t = _sangong({"总计/一般公共预算": "120.80", "因公出国(境)费/一般公共预算": "98.00",
                  "公务接待费/政府性基金预算": "6.00"},
                 {"总计/一般公共预算": "26.13", "因公出国(境)费/一般公共预算": "3.33"})
    ix = LabelIndex({"三公经费表": t}, BUDGET)
    (target, amount), = ix.candidates("三公经费").cells
    assert (target.row, target.column, str(amount)) == ("2026年", "总计", "120.80")
    (target, amount), = ix.candidates("公务接待费").cells
    assert str(amount) == "6.00"  # printed under 政府性基金预算 only
    prior = ix.prior(Target("三公经费表", "2026年", "因公出国(境)费"))
    assert prior is not None and (str(prior[0]), prior[1]) == ("3.33", "2025年")
    assert ix.prior(Target("三公经费表", "2025年", "因公出国(境)费")) is None


def test_an_item_printed_under_two_funds_names_no_cell() -> None:
    # the sum of two rounded cells is not the item's rounded figure: left untied
    t = _sangong({"因公出国(境)费/一般公共预算": "10.00", "因公出国(境)费/政府性基金预算": "2.00"}, {})
    ix = LabelIndex({"三公经费表": t}, BUDGET)
    assert ix.candidates("因公出国(境)费").cells == ()


# -- changes of a list's parts --------------------------------------------------------------

_GUANGZHOU = (  # 广州市 2026 部门预算 (corpus 2026_015554f21f.pdf), 三公 paragraph, as printed
    "2026年本部门财政拨款安排“三公”经费378.87万元，比上年增加32.44万元，增长9.4%，主要原因是:"
    "车辆到期报废，更新购置两辆公务用车。其中：因公出国（境）费20万元，比上年增加0万元，增长0%，"
    "主要原因是与上年持平，无增减变化；公务用车购置及运行维护费346.67万元（公务用车购置费36万元，"
    "比上年增加36万元；公务用车运行维护费310.67万元，比上年减少2.56万元。）比上年增加33.44万元，"
    "增长10.7%，主要原因是:车辆到期报废，更新购置两辆公务用车；公务接待费12.2万元，比上年减少1万元，"
    "下降7.6%，主要原因是:贯彻落实党政机关习惯过紧日子要求，厉行节约，加强公务接待管理。")


def _checked(text: str) -> list[str]:
    return [s.text for s in narrative_coverage(Prose(text)).sentences if s.checked]


def test_the_changes_of_a_lists_parts_add_up_to_the_heads_change() -> None:
    # 33.44 = 36 − 2.56 and 32.44 = 0 + 33.44 − 1: the changes stated without a rate are
    # checked by the list they belong to
    checked = _checked(_GUANGZHOU)
    assert any("比上年增加36万元" in s for s in checked)
    assert any("比上年减少2.56万元" in s for s in checked)


def test_a_part_whose_change_does_not_add_up_is_not_confirmed_nor_reported() -> None:
    # last year's parts need not be this year's: a list of changes confirms, never refutes
    # (2.65 would still fit: 36 is printed to 1 万元, so 33.44 + 2.65 = 36.09 rounds to it)
    altered = _GUANGZHOU.replace("减少2.56万元", "减少12.56万元")
    assert not any("12.56" in s for s in _checked(altered))
    assert not [f for f in narrative_findings(Prose(altered), {})
                if f.severity.value != "info"]


def test_a_list_opened_by_qizhong_after_the_totals_sentence() -> None:
    # 江苏省高级人民法院 2019 部门预算, 十二、政府采购: 1637.72 + 530 + 3059.87 = 5227.59
    text = ("2019 年政府采购预算总金额为 5227.59 万元。其中拟采购货物支出 1637.72 万元；"
            "拟采购工程支出 530 万元；拟采购服务支出3059.87 万元。")
    assert len(_checked(text)) == 4
    assert len(_checked(text.replace("530", "503"))) == 0


# -- the real document ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def shenzhen() -> Report:
    pytest.importorskip("pypdfium2")
    assert CORPUS is not None
    rep = govaccts.read_report(CORPUS / "2026_525d393267.pdf")
    assert isinstance(rep, Report)
    return rep


def _errors(rep: Report) -> list[Finding]:
    return [f for f in narrative_findings(rep, rep.tables) if f.severity.value != "info"]


@needs_corpus
def test_the_sangong_prose_is_checked_against_the_year_rows(shenzhen: Report) -> None:
    # the cover breaks the name after 监督; the tables' 部门名称 completes it
    assert shenzhen.department == "深圳市人民政府国有资产监督管理委员会"
    t = shenzhen.tables["三公经费表"]
    assert [r.label for r in t.rows] == ["2025年", "2026年", "增减变化金额"]
    assert "公务用车购置及运行维护费/公务用车运行维护费/一般公共预算" in t.columns
    assert _errors(shenzhen) == []
    sangong = [s for s in narrative_coverage(shenzhen).sentences
               if "年初预算增加" in s.text and s.line > 130]  # 第五部分, from p.5
    assert len(sangong) == 5 and all(s.checked for s in sangong), \
        [s.text for s in sangong if not s.checked]


@needs_corpus
@pytest.mark.parametrize(("edits", "rule", "shown"), [
    # the item's amount
    ({"2026 年预算数 98 万元": "2026 年预算数 89 万元"}, "narrative.amount", "89"),
    # its change against the 2025 row
    ({"增加 94.67 万元": "增加 94.76 万元"}, "narrative.amount", "94.76"),
    # a typo in the amount whose change fits it (89 − 3.33 = 85.67): the amount's finding only
    ({"2026 年预算数 98 万元": "2026 年预算数 89 万元", "增加 94.67 万元": "增加 85.67 万元"},
     "narrative.amount", "89"),
    # a change that fits the table still has its rate checked: 94.67 / 3.33 is not 50%
    ({"增加 94.67 万元，": "增加 94.67 万元，增长 50%，"}, "narrative.percent", "50"),
], ids=["amount", "change", "amount-with-its-change", "rate"])
def test_one_altered_sangong_figure_gives_one_error(shenzhen: Report, edits: dict[str, str],
                                                    rule: str, shown: str) -> None:
    text = shenzhen.narrative or ""
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    found = _errors(attrs.evolve(shenzhen, narrative=text))
    assert [(f.rule, f.severity.value) for f in found] == [(rule, "error")]
    assert shown in found[0].message_en


@needs_corpus
def test_a_change_against_last_years_outturn_is_not_held_against_the_budget_row(
        shenzhen: Report) -> None:
    # the 2025 row is the 年初预算: 上年实际支出 is another base, left untied
    text = (shenzhen.narrative or "").replace("较 2025\n年年初预算增加 94.67 万元",
                                              "较上年实际支出增加 90 万元")
    assert "较上年实际支出增加 90 万元" in text
    assert _errors(attrs.evolve(shenzhen, narrative=text)) == []


def test_guangzhous_administrative_funds_row_is_its_jiguan_yunxing_jingfei() -> None:
    # 广州's 「财政拨款安排的行政经费及“三公”经费预算表」: 「行政经费（机关运行经费）指…」
    t = LedgerTable.build(id="三公经费表", columns=["合计", "一般公共预算"], rows=[
        (None, "行政经费", {"合计": "5,077.89", "一般公共预算": "5,077.89"}),
        (None, "“三公”经费", {"合计": "19.84", "一般公共预算": "19.84"})])
    (target, amount), = LabelIndex({"三公经费表": t}, BUDGET).candidates("机关运行经费").cells
    assert (target.row, str(amount)) == ("行政经费", "5,077.89")
