"""The narrative claims on a real 部门预算 read from its PDF with its own tables (issue #16).

江苏省高级人民法院 2019 部门预算 (devset/js_court_2019_budget.pdf, see ../shared/devset/README):
read with :func:`govaccts.read_report` (tables and 情况说明), then one printed figure or name
of the prose is altered and exactly one finding must appear — for each claim kind: an amount
restated from a table, a 类/款/项 reference, a share, a growth rate, a list that adds up to
its head. The unaltered prose gives one error only (the swapped 项 name, triaged in
docs/devset-triage.rst).
"""

from __future__ import annotations

import attrs
import pytest

import govaccts
from govaccts.checks.findings import Finding
from govaccts.checks.narrative import narrative_coverage, narrative_findings
from govaccts.reports.report import Report
from shared_material import shared_dir

DEVSET = shared_dir("devset", "js_court_2019_budget.pdf")
pytestmark = pytest.mark.skipif(DEVSET is None, reason="development set (../shared/devset) absent")


@pytest.fixture(scope="module")
def court() -> Report:
    pytest.importorskip("pypdfium2")
    assert DEVSET is not None
    rep = govaccts.read_report(DEVSET / "js_court_2019_budget.pdf")
    assert isinstance(rep, Report)
    return rep


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.severity.value, f.message_en)


def _errors(rep: Report) -> list[Finding]:
    return [f for f in narrative_findings(rep, rep.tables) if f.severity.value != "info"]


def test_the_printed_prose_gives_its_one_real_defect(court: Report) -> None:
    assert [(f.rule, f.severity.value) for f in _errors(court)] == [("narrative.reference", "error")]
    cov = narrative_coverage(court)
    # 57: the 政府采购 total and its parts 「…总金额为 5227.59 万元。其中拟采购货物…」 (a list
    # opened by 其中 after the total's sentence), and the three 「占“三公”经费的 N%」 shares
    # (the 三公 table's 小计 before 因公出国, whose 「“三公”经费」 parent the reader places over
    # two columns only) are checked since 0.2
    assert (len(cov.sentences), cov.checked_sentences) == (66, 57)


MUTATIONS = [
    # an amount the prose restates from a table (支出总表's 基本支出 total, 21,968.00)
    ("amount", "基本支出预算数为 21968 万元", "基本支出预算数为 21986 万元",
     "narrative.amount", "error", "21986"),
    # a 款/项 reference whose 项 names no row under its 款
    ("reference", "3．法院（款）机关服务（项）", "3．法院（款）机关事务（项）",
     "narrative.reference", "error", "机关事务"),
    # a share of the 支出 enumeration: 21968 / 37188.34 = 59.07%
    ("share-basic", "基本支出 21968万元，占 59.07%", "基本支出 21968万元，占 57.09%",
     "narrative.percent", "error", "57.09"),
    # a share stated to 0.01 point and off by more than its last digit: 5011.4/37188.34
    ("share", "单位预留机动经费 5011.4 万元，占 13.48%", "单位预留机动经费 5011.4 万元，占 13.84%",
     "narrative.percent", "error", "13.84"),
    # a growth rate in the sentence after its amount: 2627.95 / (7344.46 − 2627.95) = 55.72%
    ("growth", "增长 55.72%", "增长 57.52%", "narrative.percent", "error", "57.52"),
    # a share of the 三公 经费, the 三公 table's 小计: 266.8 / 513.75 = 51.93%
    ("share-sangong", "经费的 51.93%", "经费的 53.91%", "narrative.percent", "error", "53.91"),
]


@pytest.mark.parametrize(("kind", "old", "new", "rule", "severity", "shown"), MUTATIONS,
                         ids=[m[0] for m in MUTATIONS])
def test_one_altered_figure_gives_one_finding(court: Report, kind: str, old: str, new: str,
                                              rule: str, severity: str, shown: str) -> None:
    text = court.narrative or ""
    assert text.count(old) == 1, (old, text.count(old))
    altered = attrs.evolve(court, narrative=text.replace(old, new))
    before = {_key(f) for f in _errors(court)}
    after = _errors(altered)
    appeared = [f for f in after if _key(f) not in before]
    gone = before - {_key(f) for f in after}
    assert len(appeared) == 1 and not gone, ([_key(f) for f in appeared], gone)
    f = appeared[0]
    assert (f.rule, f.severity.value) == (rule, severity)
    assert shown in f.message_en


def test_the_check_of_a_budget_runs_the_claims_not_the_old_prose_rules(court: Report) -> None:
    rules = {f.rule for f in govaccts.check(court)}
    assert "narrative.coverage" in rules and "narrative.reference" in rules
    assert not rules & {"prose.amount", "prose.percent"}
