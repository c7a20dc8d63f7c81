"""Two readings that only work together (issue #16).

* A section's heading is the one of its number printed last before the paragraph (parts number
  their sections anew: 泉州市公安局's 第一部分 「二、」 is not its 第二部分 「二、一般公共预算拨款支出
  情况」), so 「（二）2040201-行政运行 34148.58万元」 is held against the 一般公共预算支出表, not
  the 支出总表 (34,323.58, all funds).
* That resolution also takes 湖州市退役军人事务局's 三公 paragraph to its 三公 table, which the
  PDF reader cannot place whole: the header numbers six columns (「** 1 2 3 4 5 6」), two have
  figures, and the 公务接待费 figure (1.10) lands under 公务用车运行维护费. The table is marked
  ``columns_uncertain`` (and says so in a ``table.note``); figures tied to it confirm, never
  refute — so 「公务用车运行维护费支出 0.00 万元」 is no false error.

Both documents: ../shared/corpus (2026_6bcadf3604.pdf, 2026_15f66502d0.pdf).
"""

from __future__ import annotations

import pytest

import govaccts
from govaccts.checks.narrative import narrative_coverage, narrative_findings
from govaccts.reports.report import Report
from shared_material import shared_dir

CORPUS = shared_dir("corpus", "2026_6bcadf3604.pdf")
pytestmark = pytest.mark.skipif(CORPUS is None, reason="corpus (../shared/corpus) absent")


def _read(name: str) -> Report:
    pytest.importorskip("pypdfium2")
    assert CORPUS is not None
    rep = govaccts.read_report(CORPUS / name)
    assert isinstance(rep, Report)
    return rep


def test_a_sections_heading_is_the_one_printed_before_it() -> None:
    rep = _read("2026_6bcadf3604.pdf")
    cov = narrative_coverage(rep)
    for item in ("2040201-行政运行 34148.58", "2040220-执法办案 12172.00"):
        (s,) = [s for s in cov.sentences if item in s.text]
        assert s.checked, s.figures


def test_a_table_the_reader_cannot_place_whole_confirms_and_never_refutes() -> None:
    rep = _read("2026_15f66502d0.pdf")
    raw = rep.raw_table("三公经费表")
    assert raw is not None and raw.columns_uncertain
    assert any(f.rule == "table.note" and f.table == "三公经费表" and "numbers 6 columns"
               in f.message_en for f in govaccts.check(rep))
    wrong = [f for f in narrative_findings(rep, rep.tables)
             if f.severity.value == "error" and "公务用车运行维护费" in f.message_en]
    assert wrong == []
