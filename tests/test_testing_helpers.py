"""Tests of govaccts.testing: assert_consistent, inconsistencies and the pytest fixture."""

from __future__ import annotations

import csv
import os
import shutil
from importlib import resources
from pathlib import Path

import pytest

import govaccts
from govaccts.testing import DEFAULT_ALLOW, assert_consistent, inconsistencies

pytest_plugins = ["pytester"]

TABLE_RULES = ["sum.", "equal.", "precision.", "table."]


def broken_copy(tmp_path: Path) -> Path:
    """The example folder with 05's 2013101 基本支出 changed from 289.99 to 289.89."""
    src = resources.files("govaccts").joinpath("examples", "hetang_2023")
    dst = tmp_path / "hetang_2023"
    with resources.as_file(src) as p:
        shutil.copytree(p, dst)
    path = dst / "05.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    (row,) = [r for r in rows if r[0] == "2013101"]
    assert row[3] == "289.99"
    row[3] = "289.89"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return dst


@pytest.fixture(scope="module")
def example() -> govaccts.FinalAccountsReport:
    return govaccts.example_report()


# --- assert_consistent ----------------------------------------------------------------------


def test_passes_on_the_example_tables(example: govaccts.FinalAccountsReport) -> None:
    assert_consistent(example, rules=TABLE_RULES)
    assert inconsistencies(example, rules=TABLE_RULES) == []
    # the narrative's own findings (domain.md §6) may be allowed by rule prefix
    assert_consistent(example, allow=[*DEFAULT_ALLOW, "narrative."])


def test_passes_on_a_single_table(example: govaccts.FinalAccountsReport) -> None:
    assert_consistent(example.table("公开05"))
    assert_consistent(example.table("公开06"), mode="interval")


def test_fails_on_a_broken_copy_naming_table_row_column(tmp_path: Path) -> None:
    rep = govaccts.read_report(broken_copy(tmp_path))
    with pytest.raises(AssertionError) as exc:
        assert_consistent(rep, rules=TABLE_RULES)
    msg = str(exc.value)
    assert msg.startswith("2 finding(s) not allowed (allowed: rounding, warning, info):\n")
    assert "公开05 row 20131 [基本支出]: error[sum.tree]" in msg
    assert "公开05 row 2013101 [小计]: error[sum.row]" in msg
    assert "reported 289.99, computed 289.89, difference 0.10" in msg
    assert msg.endswith("2 findings: 2 error, 0 rounding, 0 warning")
    # allowing the rules by id lets it pass
    assert_consistent(rep, rules=TABLE_RULES, allow=[*DEFAULT_ALLOW, "sum.tree", "sum.row"])


def test_allow_controls_what_fails(example: govaccts.FinalAccountsReport) -> None:
    with pytest.raises(AssertionError, match=r"^26 finding\(s\) not allowed \(allowed: warning, "
                                             r"info\):"):
        assert_consistent(example, rules=["sum.", "equal."], allow=["warning", "info"])
    with pytest.raises(AssertionError, match=r"allowed: nothing"):
        assert_consistent(example.table("公开05"), allow=[])
    bad = inconsistencies(example, rules=TABLE_RULES, allow=["rounding", "info"])
    assert [(f.rule, f.table, f.column) for f in bad] == [
        ("table.shape", "公开03", "（表头缺失）")]


def test_exact_mode_fails_on_rounding_gaps(example: govaccts.FinalAccountsReport) -> None:
    with pytest.raises(AssertionError, match=r"^6 finding\(s\) not allowed"):
        assert_consistent(example.table("公开05"), mode="exact")


# --- the pytest fixture ---------------------------------------------------------------------


def test_fixture_requested_directly(govaccts_check, example) -> None:  # type: ignore[no-untyped-def]
    assert govaccts_check is assert_consistent
    govaccts_check(example, rules=TABLE_RULES)
    with pytest.raises(AssertionError, match="公开05"):
        govaccts_check(example.table("公开05"), mode="exact")


def plugin_args() -> list[str]:
    # the plugin comes in through its pytest11 entry point; load it by name if autoload is off
    return ["-p", "govaccts"] if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD") else []


def test_fixture_through_pytester(pytester: pytest.Pytester, tmp_path: Path) -> None:
    folder = broken_copy(tmp_path)
    pytester.makepyfile(test_report=f'''
        import govaccts

        RULES = ["sum.", "equal.", "precision.", "table."]

        def test_example_adds_up(govaccts_check):
            govaccts_check(govaccts.example_report(), rules=RULES)

        def test_broken_copy_fails(govaccts_check):
            govaccts_check(govaccts.read_report({str(folder)!r}), rules=RULES)

        def test_exact_mode_with_allow(govaccts_check):
            govaccts_check(govaccts.example_report().table("公开02"), mode="exact",
                           allow=["sum.tree"])
    ''')
    result = pytester.runpytest_inprocess(*plugin_args())
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*test_broken_copy_fails*",
        "*AssertionError: 2 finding(s) not allowed*",
        "*公开05 row 20131 [[]基本支出[]]: error[[]sum.tree[]]*",
    ])


def test_fixture_is_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--fixtures", *plugin_args())
    result.stdout.fnmatch_lines(["govaccts_check*", "*assert_consistent*"])
