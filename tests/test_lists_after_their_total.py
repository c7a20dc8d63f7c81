"""A total ending its paragraph and its parts in the paragraphs after it (issue #16).

Both shapes are from the devset's prose (../shared/devset/README): 江苏省人大常委会办公厅 2017
部门预算 (js_npc_2017_budget.pdf, 政府采购) and 西南大学 2021 部门预算 (swu_2021_budget.pdf,
财政拨款支出 changes). Such a list never says it is complete (其中), so only a run of parts
that adds up confirms them; one that does not is left untied, never reported.
"""

from __future__ import annotations

from govaccts.checks.narrative import Prose, narrative_coverage, narrative_findings

NPC = ("2017 年度我部门政府采购预算总金额为2247.85 万元。\n\n"
       "其中拟购买货物 59 万元，拟购买工程 0 万元，拟购买服务2188.85 万元。")
SWU = ("2021 年财政拨款支出与上年相比减少 6,331.03 万元。\n\n"
       "其中教育支出比上年减少 6,505.48 万元，主要原因是落实过紧日子要求；\n\n"
       "科学技术支出比上年增加 166.77万元，主要原因是重点实验室拨款增加；\n\n"
       "住房保障支出比上年增加 7.68 万元。")
NUMBERED = ("2023 年当年财政拨款支出预算与上年全年预算数相比增加 2,898.54 万元。\n\n"
            "1.教育支出比上年增加 3,805.13 万元，主要原因是招生人数有所增加；\n\n"
            "2.社会保障和就业支出比上年增加 932.60 万元；\n\n"
            "3.科学技术支出比上年减少 1,985.18 万元，主要原因是基建项目减少；\n\n"
            "4.住房保障支出比上年增加 36.49 万元；\n\n"
            "5.政府性基金支出比去年增加 109.5 万元。")


def _checked(text: str) -> int:
    return sum(1 for s in narrative_coverage(Prose(text)).sentences if s.checked)


def test_amounts_listed_in_the_next_paragraph() -> None:
    assert _checked(NPC) == 2  # 59 + 0 + 2188.85 = 2247.85
    assert _checked(NPC.replace("2188.85", "2198.85")) == 0  # (59 and 0 are printed to 1 万元)


def test_changes_listed_in_the_next_paragraphs() -> None:
    assert _checked(SWU) == 4  # −6505.48 + 166.77 + 7.68 = −6331.03
    assert _checked(NUMBERED) == 6  # numbered: 3805.13 + 932.60 − 1985.18 + 36.49 + 109.5


def test_a_list_that_does_not_add_up_is_no_finding() -> None:
    altered = SWU.replace("7.68", "76.8")
    assert _checked(altered) == 0
    assert not [f for f in narrative_findings(Prose(altered), {}) if f.severity.value != "info"]


# 广州市 2026 部门预算 (corpus 2026_232c31967d.pdf), 三公: the list opens a paragraph of its own
GUANGZHOU = ("2026年本部门财政拨款安排“三公”经费26.11万元，比上年减少25.05万元，下降49%，主要原因是"
             "减少公务用车购置经费。\n"
             "其中：因公出国（境）费0万元，比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化；"
             "公务用车购置及运行维护费24.8万元（公务用车购置费0万元，比上年减少19.6万元；公务用车运行维护费"
             "24.8万元，比上年减少5.45万元。）比上年减少25.05万元，下降50.3%；公务接待费1.31万元，"
             "比上年增加0万元，增长0%。")


def test_a_total_with_its_change_heads_the_list_of_the_next_paragraph() -> None:
    # 26.11 = 0 + 24.8 + 1.31 and −25.05 = 0 − 25.05 + 0; 「增长0%」 follows from a Δ of 0
    cov = narrative_coverage(Prose(GUANGZHOU))
    first = next(s for s in cov.sentences if s.text.startswith("其中：因公出国"))
    assert first.checked, first.figures


def test_a_paragraph_does_not_end_inside_brackets() -> None:
    from govaccts.checks.narrative.text import sentences

    text = ("公务用车购置及运行维护费61.49万元（公务用车购置费0万元，比上年增加0万元；\n"
            "公务用车运行维护费61.49万元，比上年增加3.5万元。）比上年增加3.5万元，增长6%。")
    assert len(sentences(text)) == 1


def test_a_subject_granted_by_the_treasury_keeps_its_qualifier() -> None:
    from govaccts.checks.narrative.phrases import clean_subject

    assert clean_subject("本部门财政拨款安排“三公”经费")[0] == "财政拨款\"三公\"经费"  # folded
    assert clean_subject("一般公共预算拨款安排的会议费")[0] == "一般公共预算会议费"


def test_a_second_change_against_another_base_is_about_the_same_amount() -> None:
    # 广州市民政局 2026 部门预算 (corpus 2026_c04460f25c.pdf): 64.62 / (5077.89 + 64.62) = 1.26%
    text = ("2026年，本部门机关运行经费安排5,077.89万元，比上年增加948.35万元，增长23%，主要原因是："
            "三是相关支出在2025年年中开始增加，如对比2025年年度预算，则减少64.62万元，下降1.26%。")
    (sentence,) = narrative_coverage(Prose(text)).sentences
    assert sentence.checked and len(sentence.figures) == 5
    wrong = [f for f in narrative_findings(Prose(text.replace("1.26%", "1.62%")), {})
             if f.severity.value == "error"]
    assert [f.rule for f in wrong] == ["narrative.percent"]


def test_a_stray_bracket_does_not_glue_the_next_paragraphs_on() -> None:
    # a 「（」 that a 。 follows inside is no aside: the lists after it are read as before
    text = ("一、收入支出预算总体情况\n2026年收入预算100.00万元（含上年结转。详见附表1；\n"
            "支出预算100.00万元，其中：基本支出60.00万元，项目支出40.00万元。\n"
            "三公经费20.00万元，包括：因公出国费5.00万元、公务接待费10.00万元。")
    from govaccts.checks.narrative.text import sentences

    assert len(sentences(text)) == 4
    found = [f for f in narrative_findings(Prose(text), {}) if f.severity.value != "info"]
    assert [(f.rule, f.severity.value) for f in found] == [("narrative.amount", "warning")]
    assert "三公经费" in found[0].message_en
