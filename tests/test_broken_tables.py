"""No silent pass (issue #10): a folder of broken tables, one file per break, each caught with
the right rule, location and message by every reader, by the CLI and by assert_consistent;
and the same tables repaired pass.

tests/broken/*.csv are small function (or economic) tables of the 2023 catalog, each with one
break; tests/broken/repaired/ holds the tables they were broken from.
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

import govaccts
from govaccts.cli import main
from govaccts.io.tables import read_table
from govaccts.testing import assert_consistent

BROKEN = Path(__file__).resolve().parent / "broken"
REPAIRED = sorted((BROKEN / "repaired").glob("*.csv"))

# file → (severity, rule, row, column, a fragment of the English message), for every error
# and warning the check must report, and nothing else of those severities.
CASES: dict[str, list[tuple[str, str, str | None, str | None, str]]] = {
    "kuan-missing": [
        ("error", "table.structure", "2013101", None, "printed without its 款 row 20131"),
        ("error", "table.structure", "2013102", None, "printed without its 款 row 20131")],
    "lei-missing": [
        ("error", "table.structure", None, None, "no 类 row at all")],
    "row-under-another-parent": [
        ("error", "table.structure", "2010101", None,
         "printed under 20131, but its parent is 20101 (row order)")],
    "duplicate-row": [
        ("error", "table.problem", "2013102", None, "duplicate-row: row 2013102 repeats line 8")],
    "header-only": [
        ("error", "table.structure", None, None, "the table has no rows")],
    "bad-amount": [
        ("error", "table.problem", "2013102", "本年支出合计", "letters are not allowed"),
        ("error", "sum.tree", "20131", "本年支出合计",
         "2013102 [本年支出合计] was not read (bad-amount) and counts as 0")],
    "yuan-for-wan": [
        ("error", "sum.tree", "20131", "本年支出合计", "were written in 元 for 万元 (8.00 万元)")],
    "yuan-column": [
        ("warning", "table.unit", None, "项目支出（元）", "headed in 元 but the table is in 万元")],
    "mixed-schemes": [
        ("error", "table.structure", None, None, "mixes codes of several schemes"),
        ("error", "sum.tree", "合计", "基本支出", "off by -1.00"),
        ("error", "sum.tree", "合计", "本年支出合计", "off by -1.00")],
    "unknown-code": [
        ("warning", "table.problem", "2013103", None, "did you mean 2013102 一般行政管理事务")],
    "economic-sum-off": [
        ("error", "sum.tree", "301", "本年支出合计",
         "301 = 30101 + 30102: off by -1.00, beyond rounding (|-1.00| is not < 0.015")],
}


def _shown(findings: list[govaccts.Finding]) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.severity.value, f.rule, f.row, f.column) for f in findings
            if f.severity.value in ("error", "warning")]


def _expect(name: str) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((s, r, row, col) for s, r, row, col, _ in CASES[name])


def test_every_broken_file_has_a_case() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.csv")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_csv_reader_and_check_catch_it(name: str) -> None:
    t = read_table(BROKEN / f"{name}.csv", year=2023)
    found = govaccts.check(t)
    assert sorted(_shown(found)) == _expect(name)
    for sev, rule, row, col, text in CASES[name]:
        hit = [f for f in found if (f.severity.value, f.rule, f.row, f.column) == (sev, rule, row, col)]
        assert any(text in f.message_en for f in hit), (text, [f.message_en for f in hit])
        for f in hit:  # located: the file, and the line of the row when there is one
            if row is not None and row != "合计":
                assert f.location is not None and f.location.file == str(BROKEN / f"{name}.csv")
                assert f.location.line is not None


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_cli_catches_it(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(BROKEN / f"{name}.csv"), "--year", "2023", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    errors = [c for c in CASES[name] if c[0] == "error"]
    assert code == (1 if errors else 0)
    assert sorted((f["severity"], f["rule"], f["row"], f["column"]) for f in out["findings"]
                  if f["severity"] in ("error", "warning")) == _expect(name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_assert_consistent_catches_it(name: str) -> None:
    t = read_table(BROKEN / f"{name}.csv", year=2023)
    with pytest.raises(AssertionError) as ei:
        assert_consistent(t, allow=("rounding", "info"))
    for _, rule, _, _, text in CASES[name]:
        assert rule in str(ei.value) and text in str(ei.value)


@pytest.mark.parametrize("name", ["kuan-missing", "row-under-another-parent", "bad-amount",
                                  "yuan-for-wan", "duplicate-row", "economic-sum-off"])
def test_the_folder_reader_catches_it(name: str, tmp_path: Path) -> None:
    layout = "economic" if name.startswith("economic") else "tree"
    (tmp_path / "t.csv").write_bytes((BROKEN / f"{name}.csv").read_bytes())
    (tmp_path / "manifest.toml").write_text(
        '[report]\nkind = "部门决算"\ndepartment = "测试"\nyear = 2023\nunit = "万元"\n\n'
        f'[[tables]]\ntitle = "测试表"\nfile = "t.csv"\nlayout = "{layout}"\n', encoding="utf-8")
    found = govaccts.check(govaccts.read_report(tmp_path))
    assert _expect(name) == sorted(x for x in _shown(found) if x[1] != "table.empty")


def test_unknown_code_fails_with_strict_codes(govaccts_check: object) -> None:
    t = read_table(BROKEN / "unknown-code.csv", year=2023)
    assert_consistent(t)  # a warning in a partial edition: allowed by default
    with pytest.raises(AssertionError, match="2013103"):
        assert_consistent(t, strict_codes=True)
    with pytest.raises(AssertionError, match="2013103"):
        govaccts_check(t, strict_codes=True)  # type: ignore[operator]


def test_a_cause_comes_before_its_consequence() -> None:
    found = govaccts.check(read_table(BROKEN / "bad-amount.csv", year=2023))
    rules = [f.rule for f in found if f.severity.value == "error"]
    assert rules == ["table.problem", "sum.tree"]
    assert found[1].cause == "table.problem bad-amount 2013102 [本年支出合计]"


def test_without_a_year_the_catalog_check_says_it_was_skipped(
        capsys: pytest.CaptureFixture[str]) -> None:
    t = read_table(BROKEN / "repaired" / "function-tree.csv")
    assert [(f.rule, f.severity.value) for f in govaccts.check(t)] == [("table.catalog", "warning")]
    assert main(["check", str(BROKEN / "repaired" / "function-tree.csv")]) == 0
    assert "give --year" in capsys.readouterr().out


def test_an_economic_table_is_read_as_economic() -> None:
    t = read_table(BROKEN / "economic-sum-off.csv", year=2024)
    assert (t.scheme, t.catalog is not None and t.catalog.scheme) == ("dept-economic",
                                                                      "dept-economic")
    (f,) = [f for f in govaccts.check(t) if f.severity.value == "error"]
    assert (f.row, f.difference) == ("301", D("-1.00"))


@pytest.mark.parametrize("path", REPAIRED, ids=lambda p: p.stem)
def test_the_repaired_tables_pass(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t = read_table(path, year=2023 if "economic" not in path.stem else 2024)
    assert_consistent(t, allow=("rounding", "info"), strict_codes=True)
    assert main(["check", str(path), "--year", "2023" if "economic" not in path.stem else "2024"]) == 0
    capsys.readouterr()


def test_a_preamble_is_metadata() -> None:
    t = read_table(BROKEN / "repaired" / "preamble.csv", year=2023)
    assert (t.title, t.unit.value, len(t.rows)) == ("一般公共预算财政拨款支出决算表", "万元", 7)


def test_build_takes_decimal_and_int_cells_and_refuses_a_float_with_the_fix() -> None:
    t = govaccts.LedgerTable.build(id="t", columns=["a"], rows=[
        ("", "合计", {"a": D("3.00")}), ("201", "一般公共服务支出", {"a": 3})])
    assert t.problems == ()
    assert [(r.key, r.cells[0][1].value, r.cells[0][1].decimals) for r in t.rows] == [
        ("合计", D("3.00"), 2), ("201", D("3"), 0)]
    bad = govaccts.LedgerTable.build(id="t", columns=["a"], rows=[("201", "x", {"a": 0.1})])
    (p,) = bad.problems
    assert p.kind == "bad-amount" and "Decimal(str(0.1))" in p.message
    with pytest.raises(govaccts.LedgerError, match="Decimal"):
        govaccts.LedgerTable.build(id="t", columns=["a"], rows=[("201", "x", {"a": 0.1})],
                                   strict=True)


def test_a_strict_build_gives_every_problem_as_data() -> None:
    with pytest.raises(govaccts.LedgerError) as ei:
        read_table(BROKEN / "duplicate-row.csv", year=2023, strict=True)
    assert [(p.kind, p.location.row) for p in ei.value.problems] == [("duplicate-row", "2013102")]
