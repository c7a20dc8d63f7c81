"""Tests of the narrative claims (govaccts.checks.narrative: extract, subjects, ties, verify,
lists, coverage): prose read into claims, tied to what they restate, checked.

Three kinds of tests:

* the sentence shapes of the devset and corpus (tests/fixtures/narrative-shapes.json, one
  short quoted sentence per shape with its source file, page and line): what the claims make
  of each, read alone, is pinned;
* mutation tests: one printed figure of a real report's prose altered, exactly one finding
  appears — for every kind of claim (the seed with its tables; 西南大学 2023 部门决算 with its
  hand-verified 支出 tables; sentences of the corpus that state the figures they follow from);
* coverage: what the claims could not tie is counted, never guessed.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import govaccts
from govaccts import Finding, Severity
from govaccts.checks.narrative import Prose, narrative_claims, narrative_coverage
from govaccts.checks.narrative.claims import signature
from govaccts.checks.narrative.ties import Status
from govaccts.io.tables import read_table
from govaccts.reports.final_accounts import FINAL_ACCOUNTS
from govaccts.reports.spec import Layout, TableSpec

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES = json.loads((FIXTURES / "narrative-shapes.json").read_text("utf-8"))
SEED = govaccts.example_report()


def findings(prose: Prose) -> list[Finding]:
    """The findings of the claims alone (the section rules of the template left out)."""
    return [f for o in narrative_claims(prose) for f in o.findings]


def standalone(text: str) -> dict[str, object]:
    """What the claims make of one sentence read alone (as the fixture records it)."""
    prose = Prose(text)
    cov = narrative_coverage(prose)
    return {"claims": signature([o.claim for o in narrative_claims(prose)]),
            "figures": [st.value for s in cov.sentences for _, st in s.figures],
            "findings": [f"{f.rule}:{f.severity.value}" for f in findings(prose)]}


def one_new(before: Prose, after: Prose) -> Finding:
    """The one finding ``after`` has that ``before`` has not (and nothing gone)."""
    def key(f: Finding) -> tuple[str, str, str]:
        return (f.rule, f.severity.value, f.message_en)

    old, new = findings(before), findings(after)
    appeared = [f for f in new if key(f) not in {key(g) for g in old}]
    gone = [f for f in old if key(f) not in {key(g) for g in new}]
    assert len(appeared) == 1 and not gone, ([key(f) for f in appeared], [key(f) for f in gone])
    return appeared[0]


def altered(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, (old, text.count(old))
    return text.replace(old, new)


# == 1. the sentence shapes of the devset and corpus ========================================

def test_shape_fixture_is_a_documented_sample() -> None:
    assert len(SHAPES) >= 40
    for e in SHAPES:
        assert e["source"].split("/")[0] in ("devset", "corpus") and e["source"].endswith(".pdf")
        assert isinstance(e["page"], int) and isinstance(e["line"], int)
        assert 0 < len(e["text"]) <= 110 and e["count"] >= 3
    assert sum(1 for e in SHAPES if e["figures"] and all(s == "checked" for s in e["figures"])) >= 15


@pytest.mark.parametrize("entry", SHAPES, ids=[f"{e['source'].split('/')[1][:15]}:{e['line']}"
                                               for e in SHAPES])
def test_shape_reads_as_pinned(entry: dict[str, object]) -> None:
    got = standalone(str(entry["text"]))
    assert got == {k: entry[k] for k in ("claims", "figures", "findings")}, entry["text"]


# == 2. mutations: one figure of real prose altered, exactly one finding ====================

def seed_prose(text: str) -> Prose:
    return Prose(text, SEED.tables, SEED.kind, SEED.year, SEED.department)


@pytest.mark.parametrize(("kind", "old", "new", "rule", "severity", "says"), [
    # a total restated under a statement label of table 01 (本年收入合计), off by 0.01: the
    # same figure printed twice must match exactly (the shares and the sum of its parts
    # still hold within rounding, so they stay silent)
    ("statement total", "收入合计559.94万元", "收入合计559.95万元", "narrative.amount",
     "error", "公开01-收入 [本年收入合计"),
    # a class share no rounding of the printed figures gives
    ("class share", "一般公共服务（类）支出443.89万元，占82.1%", "一般公共服务（类）支出443.89万元，占82.4%",
     "narrative.percent", "error", "443.89/540.44"),
    # a completion rate over a 年初预算 of 0
    ("zero budget", "年初预算为80万元，支出决算为87.04万元", "年初预算为0万元，支出决算为87.04万元",
     "narrative.wording", "error", "zero base"),
    # a rate against the wrong base (the budget over the outturn)
    ("inverted base", "完成年初预算的108.8%", "完成年初预算的91.9%", "narrative.percent",
     "error", "base turned over"),
    # a growth rate over the implied prior year
    ("growth", "增加201.83万元，增长55.8%", "增加201.83万元，增长58.5%", "narrative.percent",
     "error", "201.83/(563.56-201.83)"),
    # amounts of the procurement paragraph inconsistent with each other (小微 of 中小企业)
    ("procurement", "授予小微企业合同金额74.6万元", "授予小微企业合同金额70.6万元",
     "narrative.percent", "error", "70.6/74.6"),
    # a figure for a table the table leaves empty (公开07 prints no values)
    ("empty table", "2023年度政府性基金预算财政拨款收入0万元", "2023年度政府性基金预算财政拨款收入5万元",
     "narrative.amount", "warning", "公开07"),
])
def test_seed_mutation(kind: str, old: str, new: str, rule: str, severity: str,
                       says: str) -> None:
    text = SEED.narrative
    assert text is not None
    f = one_new(seed_prose(text), seed_prose(altered(text, old, new)))
    assert (f.rule, f.severity.value) == (rule, severity), kind
    assert says in f.message_en, f.message_en
    assert f.location is not None and f.location.line is not None


# 西南大学 2023 部门决算 (devset/swu_2023_final.pdf, pages 17–18): its 表3/表4 as transcribed by
# hand in the devset truth files; the university prints 表3 under its own title, and 表4 is a
# table the 部门决算 kind has not (a 财政拨款 table by function).
_S03 = FINAL_ACCOUNTS.spec("公开03")
assert _S03 is not None
SWU_KIND = FINAL_ACCOUNTS.with_table(
    attrs.evolve(_S03, aliases=(*_S03.aliases, "高等学校支出决算表"))).with_table(
    TableSpec("高校04", "高等学校财政拨款支出决算表", Layout.TREE))
SWU_TABLES = {
    "公开03": read_table(FIXTURES / "swu_2023_final.expenditure.csv", id="公开03"),
    "高校04": read_table(FIXTURES / "swu_2023_final.fiscal-expenditure.csv", id="高校04"),
}
SWU = """三、决算报表说明
（三）高等学校支出决算表说明
学校 2023 年度各项支出总计 457,676.75 万元，其中基本支出 359,781.59 万元，占支出总额 78.61%；项目支出 97,895.15 万元，占支出总额 21.39%。
按照支出功能科目划分，教育支出 425,287.27 万元，占总支出的 92.92%；社会保障和就业支出 13,465.06 万元，占总支出的 2.94%；住房保障支出 16,278.27 万元，占总支出的 3.56%；
（四）高等学校财政拨款支出决算表说明
1.小学教育（2050202），2023 年度决算数为 7,970.38万元，比 2022 年度决算数增长 0.39%。
2.高中教育（2050204），2023 年度决算数为 16,769.73万元，比 2022 年度决算数增长 17.14%。
"""


def swu_prose(text: str) -> Prose:
    return Prose(text, SWU_TABLES, SWU_KIND, 2023, "西南大学")


def test_swu_prose_is_right() -> None:
    assert findings(swu_prose(SWU)) == []
    cov = narrative_coverage(swu_prose(SWU))
    assert cov.checked_sentences == len(cov.sentences) - 2  # the two growth rates: no 2022 tables


@pytest.mark.parametrize(("kind", "old", "new", "rule", "severity", "says"), [
    # an amount restated from a table by function, under the table's own label
    ("table amount", "基本支出 359,781.59 万元", "基本支出 359,781.95 万元", "narrative.amount",
     "error", "公开03 [合计, 基本支出]"),
    # a 类 amount (教育支出 is the 205 row of 表3)
    ("class amount", "教育支出 425,287.27 万元", "教育支出 425,278.27 万元", "narrative.amount",
     "error", "公开03 [205, 合计]"),
    # a name with a code that names another row (the amount is then not compared: which of
    # the two is meant cannot be told)
    ("reference", "小学教育（2050202）", "小学教育（2050204）", "narrative.reference", "error",
     "「高中教育」 in table 高校04"),
    # a share stated 0.01 pp off
    ("last digit", "占总支出的 92.92%", "占总支出的 92.93%", "narrative.percent", "warning",
     "last printed digit"),
])
def test_swu_mutation(kind: str, old: str, new: str, rule: str, severity: str,
                      says: str) -> None:
    f = one_new(swu_prose(SWU), swu_prose(altered(SWU, old, new)))
    assert (f.rule, f.severity.value) == (rule, severity), kind
    assert says in f.message_en, f.message_en


# Sentences of the corpus that state the figures they follow from (no table needed).
@pytest.mark.parametrize(("source", "text", "old", "new", "rule", "severity", "says"), [
    # a growth rate over the implied prior year
    ("devset/js_court_2019_budget.pdf p21",
     "支出 417.06 万元，与上年相比增加 19.83 万元，增长 4.99%。", "4.99%", "5.99%",
     "narrative.percent", "error", "19.83/(417.06-19.83)"),
    # a change against a base the sentence states: the change is not the difference
    ("corpus/2026_fcf1d639b2.pdf p4",
     "2026 年收入预算 14894.79 万元，比 2025 年年初预算数14708.87 万元增加 185.92 万元，增长 1.26%。",
     "185.92 万元", "158.92 万元", "narrative.amount", "error", "change of 185.92"),
    # a direction word the figures contradict: 增加, but the base is larger than the budget
    ("corpus/2026_fcf1d639b2.pdf p4",
     "2026 年收入预算 14894.79 万元，比 2025 年年初预算数14708.87 万元增加 185.92 万元，增长 1.26%。",
     "14708.87 万元", "15708.87 万元", "narrative.amount", "error", "change of -814.08"),
    # 持平 (unchanged) beside a change the same sentence states
    ("corpus/2026_bc15741c34.pdf p12",
     "2026 年预算数 13.00 万元，较 2025 年年初预算增加 0.00 万元，主要是用于国家、省、市等单位来深调研、考察人员食宿费等，预算与上年持平。",
     "增加 0.00 万元", "增加 1.50 万元", "narrative.wording", "error", "unchanged"),
    # a total 包括 parts that do not add up to it
    ("corpus/2026_1269469c03.pdf p8",
     "深圳市统计局（本级）预算 5,417.80 万元，包括在职人员经费 2,830.73 万元、公用经费 502.22 万元、对个人和家庭的补助支出 571.04 万元、增人增资 200.00 万元、项目支出1,313.80 万元。",
     "公用经费 502.22", "公用经费 520.22", "narrative.amount", "warning", "add up to 5435.79"),
    # a share over another total of the same sentence (the 本年 budget, not the whole)
    ("devset/swu_2021_budget.pdf p11",
     "我校 2021 年支出预算 490,808.40 万元（本年支出预算415,808.40 万元），其中：教育支出 398,593.09 万元，占总支出的 81.21%；",
     "81.21%", "95.86%", "narrative.percent", "warning", "415,808.40"),
])
def test_corpus_sentence_mutation(source: str, text: str, old: str, new: str, rule: str,
                                  severity: str, says: str) -> None:
    f = one_new(Prose(text), Prose(altered(text, old, new)))
    assert (f.rule, f.severity.value) == (rule, severity), source
    assert says in f.message_en, f.message_en


def test_statement_of_no_money_against_a_table_with_money() -> None:
    # the seed says it has no 政府性基金 money (八 and 附件 三), and table 07’s 说明 says so: give 07
    # an amount, and both statements are contradicted (warnings), the 0万元 figures too
    from govaccts.io.folders import read_report_folder

    raw = read_report_folder(Path(govaccts.__file__).parent / "examples" / "hetang_2023")
    t07 = next(t for t in raw.tables if t.id == "公开07")
    row = next(r for r in t07.rows)
    cells = (row[1][0], row[1][1], "0.00", "5.00", "5.00", "5.00", "0.00", "0.00")
    raw = attrs.evolve(raw, tables=tuple(
        attrs.evolve(t, rows=((row[0], cells),)) if t.id == "公开07" else t for t in raw.tables))
    rep = govaccts.build_report(raw)
    found = [f for f in govaccts.check(rep, rules=["narrative."])
             if "prints 5.00" in f.message_en and f.severity is Severity.WARNING]
    assert {f.table for f in found} == {"情况说明 八", "情况说明 第五部分 三", "公开07"}
    assert all(f.cells[0].table == "公开07" for f in found)


# == 3. coverage: counted, never guessed ====================================================

def test_seed_coverage() -> None:
    cov = narrative_coverage(SEED)
    assert (len(cov.sentences), cov.checked_sentences) == (70, 69)
    assert cov.count(Status.AMBIGUOUS) == 0 or all(
        s.line in (235, 239) for s in cov.sentences if not s.checked)


def test_seed_coverage_is_one_info_finding() -> None:
    found = [f for f in govaccts.check(SEED) if f.rule == "narrative.coverage"]
    assert len(found) == 1 and found[0].severity is Severity.INFO
    assert "checked" in found[0].message_en


def test_untied_claims_are_counted_not_reported() -> None:
    # a 类 amount with no table to hold it: untied, no finding
    prose = Prose("（1）一般公共服务支出（类）支出 2,404.17 万元，主要用于开展统计事务而发生的支出。")
    cov = narrative_coverage(prose)
    assert [st for s in cov.sentences for _, st in s.figures] == [Status.UNTIED]
    assert findings(prose) == []


def test_ambiguous_subject_is_not_guessed() -> None:
    # 基本支出 is 448.55 in 公开03 and 425.43 in 公开05: outside a section naming one, no tie
    prose = seed_prose("2023年基本支出为448.55万元。")
    (o,) = [o for o in narrative_claims(prose)]
    assert o.status is Status.AMBIGUOUS and not o.findings
    wrong = seed_prose("2023年基本支出为449.55万元。")
    assert findings(wrong) == []  # neither cell is claimed, so neither is contradicted


def test_exact_mode_reaches_the_claims() -> None:
    # 本年收入合计 559.94 = 540.44 + 19.5 exactly; in exact mode a 0.01 gap is no tie
    text = "2023年度收入合计559.94万元，其中：财政拨款收入540.44万元，其他收入19.51万元。"
    half_up = narrative_claims(Prose(text))
    exact = narrative_claims(Prose(text), mode=govaccts.Mode.EXACT)
    lists = [(a.status, b.status) for a, b in zip(half_up, exact, strict=True)
             if a.claim.kind.value == "list"]
    assert lists == [(Status.CHECKED, Status.UNTIED)]  # within rounding; not exactly
    text = text.replace("其中：", "包括").replace("19.51", "19.5")
    assert all(o.status is Status.CHECKED for o in narrative_claims(Prose(text),
                                                                    mode=govaccts.Mode.EXACT)
               if o.claim.kind.value == "list")
