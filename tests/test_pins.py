"""Behaviour that worked but that nothing tested (issue #10): each is pinned here, and each
test was seen to fail with a one-line bug planted in the code it covers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import govaccts
from govaccts.io.tables import parse_table
from govaccts.testing import assert_consistent


def test_former_names_are_found_forward_too() -> None:
    # in the 2009 edition, 卫生健康支出 is the later name of 210 (2019-)
    former = govaccts.catalog("function", 2009).former_names("卫生健康支出")
    assert ("210", "卫生健康支出") in [(f.code, f.name) for f in former]
    assert all(f.year >= 2019 for f in former if f.code == "210")


def test_a_narrative_amount_in_yuan_equal_to_the_table_is_not_a_finding() -> None:
    rep = govaccts.example_report()
    narrative = rep.narrative or ""
    assert "563.56万元" in narrative
    changed = narrative.replace("563.56万元", "5635600元", 1)
    raw = rep.raw
    import attrs

    other = govaccts.build_report(attrs.evolve(raw, narrative=changed))
    before = govaccts.check(rep, rules=["narrative."])
    after = govaccts.check(other, rules=["narrative."])
    assert sorted(f.message_en for f in after) == sorted(f.message_en for f in before)


def test_a_total_row_with_a_blank_label_is_read_as_heji_and_checked() -> None:
    t = parse_table("科目编码,科目名称,金额\n,,9.00\n201,一般公共服务支出,5.00\n"
                    "205,教育支出,3.00\n", name="t.csv", year=2023)
    assert t.rows[0].label == "合计"
    (f,) = [f for f in govaccts.check(t) if f.rule == "sum.tree"]
    assert (f.row, str(f.difference)) == ("合计", "1.00")


def test_assert_consistent_fails_on_exactly_one_error() -> None:
    t = parse_table("科目编码,科目名称,金额\n,合计,9.00\n201,一般公共服务支出,8.00\n",
                    name="t.csv")
    with pytest.raises(AssertionError, match="1 finding"):
        assert_consistent(t)


@pytest.mark.parametrize(("extra", "code"), [((), 1), (("--exit-zero",), 0)])
def test_the_example_check_exits_1_and_0_with_exit_zero(extra: tuple[str, ...], code: int) -> None:
    exe = Path(sys.executable).with_name("govaccts")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "govaccts"]
    p = subprocess.run([*argv, "check", "--example", "hetang-2023", *extra],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == code, p.stderr
    assert "18 error" in p.stdout
