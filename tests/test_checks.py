"""Tests of the consistency checks on the bundled real report and on broken copies of it.

The expected rounding gaps are written by hand from domain.md §4.1 (every
parent ≠ Σ children in tables 01–06 of the seed); the broken copies change one
printed cell of the example's CSV files and list, by hand, exactly which
findings appear and disappear.

Only the table rules are compared here (``sum.*``, ``equal.*``, ``precision.*``,
``table.*``); the narrative rules have tests of their own.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import govaccts
from govaccts import Finding, Identity, Ref, Rule, Severity
from govaccts.checks import evaluate, rules
from govaccts.checks.findings import (
    CellRef,
    filter_findings,
    finding_from_dict,
    finding_to_dict,
    findings_to_json,
    render_text,
    summarize,
)
from govaccts.checks.report_rules import report_identities
from govaccts.errors import GovacctsError, Location
from govaccts.ledger.identities import parse_identity

D = Decimal
TABLE_RULES = ["sum.", "equal.", "precision.", "table."]

Key = tuple[str, str, str | None, str | None, str | None, Decimal | None, Decimal | None,
            Decimal | None, str]


def key(f: Finding) -> Key:
    return (f.rule, f.severity.value, f.table, f.row, f.column, f.reported, f.computed,
            f.difference, f.detail if f.rule == "table.problem" else "")


def check(target: object, mode: str = "half-up") -> list[Finding]:
    return govaccts.check(target, mode=mode, rules=TABLE_RULES)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def example() -> govaccts.FinalAccountsReport:
    return govaccts.example_report()


@pytest.fixture(scope="module")
def findings(example: govaccts.FinalAccountsReport) -> list[Finding]:
    return check(example)


# --- helpers: broken copies of the example folder ---------------------------------------------


def copy_example(tmp_path: Path) -> Path:
    src = resources.files("govaccts").joinpath("examples", "hetang_2023")
    dst = tmp_path / "hetang_2023"
    with resources.as_file(src) as p:
        shutil.copytree(p, dst)
    return dst


def edit_csv(folder: Path, file: str, key_column: str, key_value: str, column: str,
             old: str, new: str) -> None:
    """Change one printed cell; ``old`` must be what is printed there now."""
    path = folder / file
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    k, c = header.index(key_column), header.index(column)
    hits = [r for r in rows[1:] if r[k] == key_value]
    assert len(hits) == 1, (file, key_value)
    assert hits[0][c] == old, (file, key_value, column, hits[0][c])
    hits[0][c] = new
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def add_column(folder: Path, file: str, name: str, value: str) -> None:
    path = folder / file
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = [[*rows[0], name]] + [[*r, value] for r in rows[1:]]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def edit_manifest(folder: Path, old: str, new: str) -> None:
    path = folder / "manifest.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def changes(before: list[Finding], after: list[Finding]) -> tuple[set[Key], set[Key]]:
    """(added, removed) finding keys; asserts nothing else changed."""
    b, a = Counter(map(key, before)), Counter(map(key, after))
    added, removed = a - b, b - a
    assert all(v == 1 for v in (added + removed).values())
    return set(added), set(removed)


def err(rule: str, table: str, row: str | None, column: str | None, reported: str | None = None,
        computed: str | None = None, difference: str | None = None, detail: str = "") -> Key:
    return (rule, "error", table, row, column,
            *(D(x) if x is not None else None for x in (reported, computed, difference)),
            detail)  # type: ignore[return-value]


def rnd(rule: str, table: str, row: str, column: str, reported: str, computed: str,
        difference: str) -> Key:
    return (rule, "rounding", table, row, column, D(reported), D(computed), D(difference), "")


def warn(rule: str, table: str, row: str | None, column: str | None,
         reported: str | None = None) -> Key:
    return (rule, "warning", table, row, column, D(reported) if reported else None, None, None,
            "")


# --- the example: every gap of domain.md §4.1 (tables 01–06), nothing else -------------------

# (rule, table, row, column, printed, Σ children, difference, n summed), from §4.1 by hand
SECTION_4_1 = [
    ("sum.statement", "公开01-支出", "本年支出合计", "金额", "563.56", "563.55", "0.01", 26),
    ("sum.tree", "公开02", "合计", "本年收入合计", "559.94", "559.93", "0.01", 5),
    ("sum.tree", "公开02", "合计", "财政拨款收入", "540.44", "540.43", "0.01", 5),
    ("sum.tree", "公开02", "20805", "本年收入合计", "55.65", "55.66", "-0.01", 3),
    ("sum.tree", "公开02", "20805", "财政拨款收入", "55.65", "55.66", "-0.01", 3),
    ("sum.tree", "公开02", "21011", "本年收入合计", "17.09", "17.10", "-0.01", 2),
    ("sum.tree", "公开02", "21011", "财政拨款收入", "17.09", "17.10", "-0.01", 2),
    ("sum.tree", "公开03", "合计", "本年支出合计", "563.56", "563.55", "0.01", 5),
    ("sum.tree", "公开03", "201", "项目支出", "115.01", "115.00", "0.01", 4),
    ("sum.tree", "公开03", "20805", "本年支出合计", "55.65", "55.66", "-0.01", 3),
    ("sum.tree", "公开03", "20805", "基本支出", "55.65", "55.66", "-0.01", 3),
    ("sum.tree", "公开03", "21011", "本年支出合计", "17.09", "17.10", "-0.01", 2),
    ("sum.tree", "公开03", "21011", "基本支出", "17.09", "17.10", "-0.01", 2),
    # row 201: 本年支出合计 vs 基本 + 项目 (+ 上缴上级 + 经营 + 对附属单位, all 0.00)
    ("sum.row", "公开03", "201", "本年支出合计", "467.01", "467.02", "-0.01", 5),
    ("sum.statement", "公开04-支出", "本年支出合计", "合计", "540.44", "540.43", "0.01", 26),
    ("sum.statement", "公开04-支出", "本年支出合计", "一般公共预算财政拨款", "540.44", "540.43",
     "0.01", 26),
    ("sum.tree", "公开05", "合计", "小计", "540.44", "540.43", "0.01", 5),
    ("sum.tree", "公开05", "201", "项目支出", "115.01", "115.00", "0.01", 4),
    ("sum.tree", "公开05", "20805", "小计", "55.65", "55.66", "-0.01", 3),
    ("sum.tree", "公开05", "20805", "基本支出", "55.65", "55.66", "-0.01", 3),
    ("sum.tree", "公开05", "21011", "小计", "17.09", "17.10", "-0.01", 2),
    ("sum.tree", "公开05", "21011", "基本支出", "17.09", "17.10", "-0.01", 2),
    ("sum.row", "公开05", "201", "小计", "443.89", "443.90", "-0.01", 2),
    ("sum.tree", "公开06", "301", "决算数", "310.75", "310.76", "-0.01", 13),
    ("sum.tree", "公开06", "302", "决算数", "52.16", "52.15", "0.01", 27),
    ("sum.cross-table", "公开05", "合计", "基本支出", "425.43", "425.44", "-0.01", 2),
]


def test_example_has_no_error(findings: list[Finding]) -> None:
    assert summarize(findings)["error"] == 0, render_text(
        filter_findings(findings, severity=["error"]))


def test_every_section_4_1_gap_is_reported_as_rounding(findings: list[Finding]) -> None:
    rounding = filter_findings(findings, severity=["rounding"])
    expected = {rnd(r, t, row, c, p, s, d) for r, t, row, c, p, s, d, _ in SECTION_4_1}
    assert len(SECTION_4_1) == 26
    assert set(map(key, rounding)) == expected
    assert len(rounding) == len(expected)


@pytest.mark.parametrize("gap", SECTION_4_1, ids=lambda g: f"{g[1]}-{g[2]}-{g[3]}")
def test_tolerance_of_each_gap_counts_its_summands(findings: list[Finding],
                                                    gap: tuple) -> None:  # type: ignore[type-arg]
    rule_id, table, row, column, _, _, difference, n = gap
    (f,) = [f for f in findings if (f.rule, f.table, f.row, f.column) == (rule_id, table, row,
                                                                         column)]
    assert f.tolerance == (n + 1) * D("0.005")
    assert abs(D(difference)) <= (n // 2) * D("0.01")  # ⌊n/2⌋ cents, domain.md §4
    assert f.mode == "half-up"
    assert len(f.cells) == n + 1 and f.cells[0].table == table


def test_other_findings_of_the_example(findings: list[Finding]) -> None:
    others = [f for f in findings if f.severity not in (Severity.ROUNDING,)]
    # the 7th value column of 公开03 (an extraction artefact) and the reader's notes
    assert [key(f) for f in others if f.severity is Severity.WARNING] == [
        warn("table.shape", "公开03", None, "（表头缺失）")]
    notes = [f for f in others if f.severity is Severity.INFO]
    assert {f.rule for f in notes} == {"table.note"}
    assert len(notes) == 24
    assert not [f for f in findings if f.rule in ("equal.cross-table", "precision.column",
                                                  "table.problem", "table.empty")]


LEGIT_02_03 = [("合计", "559.94", "563.56"), ("201", "463.39", "467.01"),
               ("20131", "398.74", "402.36"), ("2013101", "309.49", "313.11")]


def test_03_vs_02_per_code_differences_raise_nothing(
        example: govaccts.FinalAccountsReport, findings: list[Finding]) -> None:
    t02, t03, t05 = example.table("公开02"), example.table("公开03"), example.table("公开05")
    for code, v02, v03 in LEGIT_02_03:  # domain.md §5.1: they differ by 3.62 by design
        assert t02.value(code, "本年收入合计") == D(v02)
        assert t03.value(code, "本年支出合计") == D(v03)
        assert D(v03) - D(v02) == D("3.62")
        # §5.2: 03 基本 − 05 基本 = 23.12 on the same rows
        assert t03.value(code, "基本支出") - t05.value(code, "基本支出") == D("23.12")  # type: ignore[operator]
    # nothing on those rows beyond the rounding gaps of 合计 listed in §4.1
    on_rows = [f for f in findings if f.row in ("201", "20131", "2013101")
               and f.table in ("公开02", "公开03", "公开05")]
    assert {(f.table, f.row, f.column) for f in on_rows} == {
        ("公开03", "201", "项目支出"), ("公开03", "201", "本年支出合计"),
        ("公开05", "201", "项目支出"), ("公开05", "201", "小计")}
    # no finding and no identity ever pairs 02 with 03, or 03 with 05, per code
    for f in findings:
        tables = {c.table for c in f.cells}
        assert not {"公开02", "公开03"} <= tables
        assert not {"公开03", "公开05"} <= tables
    for ident in report_identities(govaccts.Context("half-up", example.tables), example):
        tables = {ident.total.table, *(p.table for p in ident.parts)}
        assert not {"公开02", "公开03"} <= tables
        assert not {"公开03", "公开05"} <= tables


# --- broken copies: one cell changed, exactly these findings appear ---------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    """The findings of an unchanged copy read from its folder."""
    return check(govaccts.read_report(copy_example(tmp_path_factory.mktemp("base"))))


def broken(tmp_path: Path, baseline: list[Finding], *edits: tuple) -> tuple[  # type: ignore[type-arg]
        list[Finding], set[Key], set[Key]]:
    folder = copy_example(tmp_path)
    for kind, *args in edits:
        {"csv": edit_csv, "column": add_column, "manifest": edit_manifest}[kind](folder, *args)
    after = check(govaccts.read_report(folder))
    added, removed = changes(baseline, after)
    return after, added, removed


def test_copy_reads_like_the_bundled_example(baseline: list[Finding],
                                             findings: list[Finding]) -> None:
    assert list(map(key, baseline)) == list(map(key, findings))


def test_broken_sum_tree(tmp_path: Path, baseline: list[Finding]) -> None:
    after, added, removed = broken(
        tmp_path, baseline, ("csv", "05.csv", "科目代码", "2013101", "基本支出", "289.99", "289.89"))
    assert added == {
        err("sum.tree", "公开05", "20131", "基本支出", "289.99", "289.89", "0.10"),
        # the same cell also breaks its own row: 小计 = 基本支出 + 项目支出
        err("sum.row", "公开05", "2013101", "小计", "289.99", "289.89", "0.10"),
    }
    assert removed == set()
    (tree,) = [f for f in after if f.rule == "sum.tree" and f.severity is Severity.ERROR]
    assert tree.tolerance == D("0.020")
    assert [(c.row, c.text) for c in tree.cells] == [
        ("20131", "289.99"), ("2013101", "289.89"), ("2013102", "0.00"), ("2013199", "0.00")]
    # the run went on to the end: errors first, then every other finding
    assert after[0].severity is Severity.ERROR and after[1].severity is Severity.ERROR
    assert summarize(after) == {"error": 2, "rounding": 26, "warning": 1, "info": 24,
                                "total": 53}


def test_broken_sum_row(tmp_path: Path, baseline: list[Finding]) -> None:
    _, added, removed = broken(
        tmp_path, baseline, ("csv", "09.csv", "区块", "决算数", "合计", "0.00", "1.00"))
    assert added == {err("sum.row", "公开09", "决算数", "合计", "1.00", "0.00", "1.00")}
    assert removed == set()


def test_broken_sum_statement(tmp_path: Path, baseline: list[Finding]) -> None:
    _, added, removed = broken(
        tmp_path, baseline, ("csv", "01-收入.csv", "项目", "年初结转和结余", "金额", "3.62", "3.52"))
    # 总计 = 本年收入合计 + 使用非财政拨款结余和专用结余 + 年初结转和结余
    assert added == {err("sum.statement", "公开01-收入", "总计", "金额", "563.56", "563.46",
                         "0.10")}
    assert removed == set()


def test_broken_equal_cross_table(tmp_path: Path, baseline: list[Finding]) -> None:
    _, added, removed = broken(
        tmp_path, baseline, ("csv", "01-支出.csv", "项目", "六、科学技术支出", "金额", "1.78", "1.87"))
    assert added == {
        # 公开01 类 row = 公开03 类 row 本年支出合计, exactly
        err("equal.cross-table", "公开01-支出", "科学技术支出", "金额", "1.87", "1.78", "0.09"),
        # 本年支出合计 vs Σ 26 类 rows moves from +0.01 to −0.08: 26 rows may hide 13 cents
        rnd("sum.statement", "公开01-支出", "本年支出合计", "金额", "563.56", "563.64", "-0.08"),
    }
    assert removed == {
        rnd("sum.statement", "公开01-支出", "本年支出合计", "金额", "563.56", "563.55", "0.01")}


def test_broken_sum_cross_table(tmp_path: Path, baseline: list[Finding]) -> None:
    _, added, removed = broken(
        tmp_path, baseline, ("csv", "06.csv", "科目名称", "人员经费合计", "决算数", "373.28", "373.38"))
    assert added == {
        # 05 合计 基本支出 = 06 人员经费合计 + 公用经费合计
        err("sum.cross-table", "公开05", "合计", "基本支出", "425.43", "425.54", "-0.11"),
        # 06 人员经费合计 = 301 + 303
        err("sum.statement", "公开06", "人员经费合计", "决算数", "373.38", "373.28", "0.10"),
    }
    assert removed == {
        rnd("sum.cross-table", "公开05", "合计", "基本支出", "425.43", "425.44", "-0.01")}


def test_broken_precision_column(tmp_path: Path, baseline: list[Finding]) -> None:
    after, added, removed = broken(
        tmp_path, baseline, ("csv", "05.csv", "科目代码", "2010302", "项目支出", "0.30", "0.3"))
    # same value, fewer decimals: no sum changes, one warning
    assert added == {warn("precision.column", "公开05", "2010302", "项目支出", "0.3")}
    assert removed == set()
    (f,) = [f for f in after if f.rule == "precision.column"]
    assert f.cells == (CellRef("公开05", "2010302", "项目支出", "0.3"),)


def test_broken_table_problem_name(tmp_path: Path, baseline: list[Finding]) -> None:
    after, added, removed = broken(
        tmp_path, baseline,
        ("csv", "05.csv", "科目代码", "2013199", "科目名称", "其他党委办公厅(室)及相关机构事务支出",
         "其他档案事务支出"))
    assert added == {err("table.problem", "公开05", "2013199", None, detail="name-mismatch")}
    assert removed == set()
    (f,) = [f for f in after if f.rule == "table.problem"]
    assert f.location is not None
    assert Path(f.location.file or "").name == "05.csv" and f.location.line == 14
    assert f.location.table == "公开05" and f.location.row == "2013199"
    assert "其他档案事务支出" in f.message_en


def test_broken_table_problem_amount(tmp_path: Path, baseline: list[Finding]) -> None:
    after, added, removed = broken(
        tmp_path, baseline, ("csv", "05.csv", "科目代码", "2013102", "项目支出", "87.04", "87,04"))
    assert added == {
        err("table.problem", "公开05", "2013102", "项目支出", detail="bad-amount"),
        # the unreadable cell is left out, so the sums it belongs to break, and say so
        err("sum.tree", "公开05", "20131", "项目支出", "89.25", "2.21", "87.04"),
        err("sum.row", "公开05", "2013102", "小计", "87.04", "0.00", "87.04"),
    }
    assert removed == set()
    (f,) = [f for f in after if f.rule == "table.problem"]
    assert f.location is not None and f.location.line == 13 and f.location.column == "项目支出"


def test_broken_table_shape(tmp_path: Path, baseline: list[Finding]) -> None:
    _, added, removed = broken(tmp_path, baseline, ("column", "05.csv", "（表头缺失）", "0.00"))
    assert added == {warn("table.shape", "公开05", None, "（表头缺失）")}
    assert removed == set()


def test_broken_table_empty(tmp_path: Path, baseline: list[Finding]) -> None:
    _, added, removed = broken(
        tmp_path, baseline,
        ("manifest", 'empty_note = "说明：我单位没有使用国有资产经营预算安排的支出，故本表无数据。"',
         'empty_note = ""'))
    assert added == {warn("table.empty", "公开08", None, None)}
    assert removed == set()


def test_broken_report_with_narrative_rules_still_runs_to_the_end(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    edit_csv(folder, "05.csv", "科目代码", "2013101", "基本支出", "289.99", "289.89")
    every = govaccts.check(govaccts.read_report(folder))
    table_only = [f for f in every if any(f.rule.startswith(p) for p in TABLE_RULES)]
    assert list(map(key, table_only)) == list(map(key, check(govaccts.read_report(folder))))
    assert every == sorted(every)


# --- modes -----------------------------------------------------------------------------------


def test_exact_mode_turns_every_rounding_gap_into_an_error(
        example: govaccts.FinalAccountsReport, findings: list[Finding]) -> None:
    exact = check(example, mode="exact")
    errors = filter_findings(exact, severity=["error"])
    where = {(f.rule, f.table, f.row, f.column, f.difference) for f in errors}
    assert where == {(f.rule, f.table, f.row, f.column, f.difference)
                     for f in findings if f.severity is Severity.ROUNDING}
    assert summarize(exact)["rounding"] == 0
    assert all(f.tolerance == 0 and f.mode == "exact" for f in errors)


def test_interval_mode_on_the_example(example: govaccts.FinalAccountsReport,
                                      findings: list[Finding]) -> None:
    interval = check(example, mode="interval")
    assert summarize(interval)["error"] == 0
    assert {key(f) for f in interval} == {key(f) for f in findings}
    assert {f.mode for f in interval if f.severity is Severity.ROUNDING} == {"interval"}


def test_mode_boundary_on_a_broken_copy(tmp_path: Path) -> None:
    # 20805 = 2080501 + 2080505 + 2080506 (n = 3): a gap of two cents is beyond
    # ⌊3/2⌋ = 1 cent under 四舍五入, within (3+1)·0.005 = 0.02 as closed intervals
    folder = copy_example(tmp_path)
    edit_csv(folder, "05.csv", "科目代码", "2080506", "基本支出", "12.33", "12.34")
    rep = govaccts.read_report(folder)
    gap = ("sum.tree", "公开05", "20805", "基本支出", D("55.65"), D("55.67"), D("-0.02"))
    row = ("sum.row", "公开05", "2080506", "小计", D("12.33"), D("12.34"), D("-0.01"))
    for mode, gap_sev, row_sev in (("half-up", "error", "rounding"),
                                   ("interval", "rounding", "rounding"),
                                   ("exact", "error", "error")):
        fs = {(f.rule, f.table, f.row, f.column, f.reported, f.computed, f.difference):
              f.severity.value for f in check(rep, mode)}
        assert fs[gap] == gap_sev, mode
        assert fs[row] == row_sev, mode
    half_up = check(rep)
    assert [key(f) for f in half_up if f.severity is Severity.ERROR] == [
        err("sum.tree", "公开05", "20805", "基本支出", "55.65", "55.67", "-0.02")]
    assert check(rep, "interval")[0].severity is not Severity.ERROR


def test_mode_objects_and_unknown_mode(example: govaccts.FinalAccountsReport) -> None:
    assert check(example, govaccts.Mode.HALF_UP) == check(example)  # type: ignore[arg-type]
    with pytest.raises(govaccts.ModeError):
        check(example, mode="loose")


# --- single tables ---------------------------------------------------------------------------


def test_check_table_with_string_identities(example: govaccts.FinalAccountsReport) -> None:
    t = example.table("公开05")
    fs = govaccts.check_table(t, identities=["小计=基本支出+项目支出"])
    assert [key(f) for f in fs if f.rule == "sum.row"] == [
        rnd("sum.row", "公开05", "201", "小计", "443.89", "443.90", "-0.01")]
    # negative weights: 基本支出 = 小计 − 项目支出
    fs = govaccts.check_table(t, identities=["基本支出=小计-项目支出"])
    assert [(f.row, f.difference) for f in fs if f.rule == "sum.row"] == [("201", D("0.01"))]
    with pytest.raises(GovacctsError, match="exactly one '='"):
        parse_identity("小计", t)
    with pytest.raises(GovacctsError, match="has no column '合计'"):
        parse_identity("合计=基本支出", t)


def test_check_of_a_table_alone(example: govaccts.FinalAccountsReport) -> None:
    fs = govaccts.check(example.table("公开05"), rules=TABLE_RULES)
    assert {f.rule for f in fs} == {"sum.tree"}  # report rules need the report
    assert len(fs) == 6


def test_total_not_printed_but_parts_are() -> None:
    t = govaccts.LedgerTable.build(
        id="t", columns=["a"], scheme="function", year=2023,
        rows=[("", "合计", {"a": ""}), ("201", "一般公共服务支出", {"a": "1.00"}),
              ("206", "科学技术支出", {"a": ""})])
    (f,) = govaccts.check_table(t, rules=["sum.tree"])
    assert (f.rule, f.severity, f.table, f.row, f.column) == ("sum.tree", Severity.ERROR, "t",
                                                              "合计", "a")
    assert f.reported is None and "not printed" in f.message_en
    # all blank or zero: nothing to say
    t0 = govaccts.LedgerTable.build(id="t", columns=["a"],
                                    rows=[("", "合计", {"a": "0.00"}), ("201", "x", {"a": ""})])
    assert govaccts.check_table(t0, rules=["sum.tree"]) == []


def test_parent_is_checked_against_leaves_two_levels_down() -> None:
    # 201 printed with its 项 rows but no 款 rows: 5.00 ≠ 1.00 + 1.00 (domain.md §4:
    # "if a parent is compared with leaves two levels down, n = number of leaves")
    t = govaccts.LedgerTable.build(
        id="t", columns=["a"], scheme="function", year=2023,
        rows=[("", "合计", {"a": "5.00"}), ("201", "一般公共服务支出", {"a": "5.00"}),
              ("2010101", "行政运行", {"a": "1.00"}), ("2010302", "一般行政管理事务", {"a": "1.00"})])
    assert t.problems == ()
    fs = govaccts.check_table(t, rules=["sum.tree"])
    assert [(f.severity, f.row, f.computed) for f in fs] == [(Severity.ERROR, "201", D("2.00"))]
    # and the 款 rows missing from the tree are findings of their own (issue #10)
    fs = govaccts.check_table(t, rules=["table.structure"])
    assert [(f.severity, f.row) for f in fs] == [(Severity.ERROR, "2010101"),
                                                 (Severity.ERROR, "2010302")]


def test_a_total_row_printed_as_zongji_is_checked() -> None:
    # domain.md §1.1: a 类's parent is the table's 合计/总计 row; 9.00 ≠ 5.00 + 1.00
    t = govaccts.LedgerTable.build(
        id="t", columns=["a"], scheme="function", year=2023,
        rows=[("", "总计", {"a": "9.00"}), ("201", "一般公共服务支出", {"a": "5.00"}),
              ("206", "科学技术支出", {"a": "1.00"})])
    fs = govaccts.check_table(t, rules=TABLE_RULES)
    assert [(f.severity, f.row, f.difference) for f in fs] == [(Severity.ERROR, "总计",
                                                                D("3.00"))]


def test_evaluate_equal_is_exact_in_every_mode(example: govaccts.FinalAccountsReport) -> None:
    from govaccts.checks import Context
    from govaccts.checks.tolerance import Mode

    ident = Identity("equal.test", Ref("公开02", "21011", "本年收入合计"),
                     (Ref("公开02", "2101199", "本年收入合计"),), kind="equal", text="t")
    ctx = Context(Mode.INTERVAL, example.tables)
    (f,) = evaluate(ident, ctx)
    assert f.severity is Severity.ERROR and f.mode == "exact"
    assert (f.reported, f.computed, f.difference) == (D("17.09"), D("13.18"), D("3.91"))


# --- the rule registry -----------------------------------------------------------------------


@pytest.fixture
def custom_rule() -> Iterator[Rule]:
    def nonzero_tables(ctx: object, rep: object) -> Iterator[Finding]:
        for k, t in rep.tables.items():  # type: ignore[attr-defined]
            if any(a.value for r in t.rows for _, a in r.cells):
                yield Finding(rule="test.has-data", severity=Severity.INFO, message_zh="有数",
                              message_en="has data", table=k)

    r = govaccts.register_rule(Rule("test.has-data", "有数", "has data", "report", nonzero_tables))
    try:
        yield r
    finally:
        govaccts.unregister_rule("test.has-data")


def test_custom_rule_runs_then_unregisters(example: govaccts.FinalAccountsReport,
                                           custom_rule: Rule) -> None:
    assert custom_rule in rules()
    fs = govaccts.check(example, rules=["test."])
    assert [f.table for f in fs] == ["公开01-支出", "公开01-收入", "公开02", "公开03",
                                     "公开04-支出", "公开04-收入", "公开05", "公开06"]
    assert "test.has-data" in {f.rule for f in govaccts.check(example)}
    govaccts.unregister_rule("test.has-data")
    assert custom_rule not in rules()
    assert "test.has-data" not in {f.rule for f in govaccts.check(example)}
    with pytest.raises(GovacctsError, match="unknown rule"):
        govaccts.check(example, rules=["test."])


def test_register_rule_refuses_duplicates_and_bad_scope(custom_rule: Rule) -> None:
    with pytest.raises(ValueError, match="already registered"):
        govaccts.register_rule(custom_rule)
    govaccts.register_rule(custom_rule, replace=True)
    with pytest.raises(ValueError, match="scope"):
        govaccts.register_rule(Rule("test.bad", "x", "x", "cell", lambda c, t: ()))
    assert "test.bad" not in {r.id for r in rules()}


def test_rule_decorator_on_tables(example: govaccts.FinalAccountsReport) -> None:
    @govaccts.rule("test.negative", title_zh="负数", title_en="negative")
    def negative(ctx: object, table: govaccts.LedgerTable) -> Iterator[Finding]:
        yield Finding(rule="test.negative", severity=Severity.WARNING, message_zh="x",
                      message_en="x", table=table.id)

    try:
        fs = govaccts.check(example, rules=["test.negative"])
        assert len(fs) == len(example.tables)
    finally:
        govaccts.unregister_rule("test.negative")
    govaccts.unregister_rule("test.negative")  # twice is harmless


def test_builtin_rules_are_registered() -> None:
    ids = {r.id for r in rules()}
    assert {"sum.tree", "sum.row", "sum.statement", "equal.cross-table", "sum.cross-table",
            "precision.column", "table.problem", "table.shape", "table.empty",
            "table.note"} <= ids
    assert [r.id for r in rules()] == sorted(ids)
    assert all(r.title_zh and r.title_en and r.scope in ("table", "report") for r in rules())


# --- findings: sorting, filtering, JSON, text ------------------------------------------------


@pytest.fixture
def broken_findings(tmp_path: Path) -> list[Finding]:
    folder = copy_example(tmp_path)
    edit_csv(folder, "05.csv", "科目代码", "2013102", "项目支出", "87.04", "87,04")
    edit_csv(folder, "05.csv", "科目代码", "2010302", "项目支出", "0.30", "0.3")
    return govaccts.check(govaccts.read_report(folder))


def test_sorting_errors_first(broken_findings: list[Finding]) -> None:
    assert broken_findings == sorted(broken_findings)
    ranks = [f.severity.rank for f in broken_findings]
    assert ranks == sorted(ranks)
    assert broken_findings[0].severity is Severity.ERROR
    # the sort key is (severity, table, row, column, rule); ties keep their order
    shuffled = list(reversed(broken_findings))
    assert [f.sort_key() for f in sorted(shuffled)] == [f.sort_key() for f in broken_findings]
    assert [s.rank for s in Severity] == [0, 1, 2, 3]


def test_filter_findings(findings: list[Finding]) -> None:
    assert len(filter_findings(findings, severity=["rounding"])) == 26
    assert len(filter_findings(findings, severity=[Severity.ROUNDING, "warning"])) == 27
    assert {f.rule for f in filter_findings(findings, rules=["sum."])} == {
        "sum.tree", "sum.row", "sum.statement", "sum.cross-table"}
    # a prefix selects whole dotted segments, with or without its dot
    assert filter_findings(findings, rules=["sum"]) == filter_findings(findings, rules=["sum."])
    assert filter_findings(findings, rules=["su"]) == []
    assert {f.rule for f in filter_findings(findings, rules=["sum.row"])} == {"sum.row"}
    t05 = filter_findings(findings, table="公开05", severity=["rounding"])
    assert len(t05) == 8 and {f.table for f in t05} == {"公开05"}
    assert filter_findings(findings) == findings


def test_finding_dict_round_trip(broken_findings: list[Finding]) -> None:
    assert any(f.location is not None for f in broken_findings)
    assert any(f.cells for f in broken_findings)
    for f in broken_findings:
        d = finding_to_dict(f)
        assert finding_from_dict(d) == f
        assert finding_from_dict(json.loads(json.dumps(d, ensure_ascii=False))) == f
        assert d["message"] == f"{f.message_en} / {f.message_zh}"


def test_finding_from_dict_refuses_float_amounts(findings: list[Finding]) -> None:
    d = finding_to_dict(next(f for f in findings if f.reported is not None))
    d["reported"] = 563.56
    with pytest.raises(Exception, match="Finding"):
        finding_from_dict(d)


def test_findings_to_json(broken_findings: list[Finding]) -> None:
    text = findings_to_json(broken_findings, report="hetang-2023")
    body = json.loads(text)
    assert body["report"] == "hetang-2023"
    assert body["summary"] == summarize(broken_findings)
    assert len(body["findings"]) == len(broken_findings)
    amounts = [(d[k], k) for d in body["findings"]
               for k in ("reported", "computed", "difference", "tolerance") if d[k] is not None]
    assert amounts and all(isinstance(v, str) for v, _ in amounts)
    # decimals keep their printed places
    tree = next(d for d in body["findings"] if d["rule"] == "sum.tree" and d["row"] == "20131")
    assert (tree["reported"], tree["computed"], tree["difference"]) == ("89.25", "2.21", "87.04")
    assert tree["severity"] == "error"
    assert "万" in text or "合计" in text  # not ASCII-escaped
    assert "\\u" not in text


def test_render_text_format() -> None:
    f = Finding(rule="sum.tree", severity=Severity.ROUNDING, table="公开05", row="201",
                column="项目支出", reported=D("115.01"), computed=D("115.00"),
                difference=D("0.01"), tolerance=D("0.025"), mode="half-up",
                message_zh="上级数与下级合计相差0.01，在四舍五入误差内",
                message_en="parent differs from the sum of its children by 0.01, within rounding")
    assert render_text([f]) == (
        "公开05 row 201 [项目支出]: rounding[sum.tree]: parent differs from the sum of its "
        "children by 0.01, within rounding (reported 115.01, computed 115.00, difference 0.01, "
        "tolerance 0.025)\n"
        "  上级数与下级合计相差0.01，在四舍五入误差内\n"
        "\n"
        "1 finding: 0 error, 1 rounding, 0 warning")
    g = Finding(rule="table.problem", severity=Severity.ERROR, message_zh="金额格式错误",
                message_en="bad-amount: x", table="公开05", row="2013102", column="项目支出",
                location=Location(file="05.csv", line=13, table="公开05", row="2013102",
                                  column="项目支出"))
    h = Finding(rule="table.note", severity=Severity.INFO, message_zh="读取说明",
                message_en="a note", table="公开03")
    assert render_text([g, h], chinese=False) == (
        "05.csv:13 公开05 row 2013102 [项目支出]: error[table.problem]: bad-amount: x\n"
        "公开03: info[table.note]: a note\n"
        "\n"
        "2 findings: 1 error, 0 rounding, 0 warning, 1 info")
    assert render_text([]) == "\n0 findings: 0 error, 0 rounding, 0 warning"


def test_render_text_of_the_example(findings: list[Finding]) -> None:
    text = render_text(findings)
    assert text.endswith("51 findings: 0 error, 26 rounding, 1 warning, 24 info")
    assert ("公开06 row 302 [决算数]: rounding[sum.tree]: 公开06 决算数: 302 = 30201 + 30202"
            in text)
