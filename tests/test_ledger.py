"""Tests of govaccts.ledger: building tables from printed rows, problems as data, roll-up."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import govaccts
from govaccts import TOTAL, LedgerTable, Problem
from govaccts.amounts import parse_amount
from govaccts.errors import LedgerError, Location
from govaccts.ledger import Row, label_key

D = Decimal
CENT = D("0.01")


def example_csv(name: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of one CSV of the bundled example, as printed."""
    folder = resources.files("govaccts").joinpath("examples", "hetang_2023")
    with resources.as_file(folder) as p:
        with (Path(p) / name).open(encoding="utf-8") as f:
            header, *rows = list(csv.reader(f))
    return header, rows


def build_05(**kw: object) -> LedgerTable:
    header, rows = example_csv("05.csv")
    cols = header[2:]
    return LedgerTable.build(
        id="公开05", title="一般公共预算财政拨款支出决算表", columns=cols, scheme="function",
        year=2023, levels=(1, 2, 3),
        rows=[(r[0], r[1], dict(zip(cols, r[2:], strict=True))) for r in rows],
        lines=list(range(2, len(rows) + 2)), file="05.csv", **kw)  # type: ignore[arg-type]


# --- building on real rows -----------------------------------------------------------------


def test_build_real_rows() -> None:
    t = build_05()
    assert t.problems == ()
    assert len(t) == 28
    assert t.columns == ("小计", "基本支出", "项目支出")
    assert t.value("201", "小计") == D("443.89")
    assert t.value(TOTAL, "基本支出") == D("425.43")
    assert t.row("2013101").line == 12  # 05.csv line 12
    assert t.row("合计").code is None
    assert t.source == "05.csv"
    # the same table as the bundled report builds it
    assert t == govaccts.example_report().table("公开05")


def test_access_helpers() -> None:
    t = build_05()
    assert [r.key for r in t.children(TOTAL)] == ["201", "206", "208", "210", "221"]
    assert [r.key for r in t.children("20131")] == ["2013101", "2013102", "2013199"]
    assert t.children("2013101") == ()
    assert len(t.coded_rows()) == 27
    assert t.get_row("2999999") is None
    assert t.location("2013101", "基本支出") == Location(file="05.csv", line=12, table="公开05",
                                                       row="2013101", column="基本支出")
    with pytest.raises(LedgerError, match="no row '9'"):
        t.row("9")
    with pytest.raises(LedgerError, match="no column '合计'"):
        t.cell("201", "合计")
    a = t.cell("20126", "基本支出")
    assert (a.value, a.decimals, a.text) == (D("0.50"), 2, "0.50")


def test_labelled_rows_match_without_ordinal_or_spaces() -> None:
    t = govaccts.example_report().table("公开01-支出")
    assert t.value("六、科学技术支出", "金额") == D("1.78")
    assert t.value("科学技术支出", "金额") == D("1.78")
    assert t.row("科学 技术支出").label == "六、科学技术支出"
    assert label_key("二十六、抗疫特别国债安排的支出") == "抗疫特别国债安排的支出"
    assert Row(None, "一、一般公共预算财政拨款收入", ()).key == "一般公共预算财政拨款收入"


def test_printed_amounts_are_kept_as_printed() -> None:
    t = LedgerTable.build(id="t", columns=["a", "b", "c"],
                          rows=[("", "合计", {"a": "19.5", "b": "—", "c": "（1,234.50）"})])
    assert [(a.value, a.decimals, a.text) for _, a in t.row(TOTAL).cells] == [
        (D("19.5"), 1, "19.5"), (None, 0, "—"), (D("-1234.50"), 2, "（1,234.50）")]
    # an Amount may be given directly
    t2 = LedgerTable.build(id="t", columns=["a"], rows=[("", "合计", {"a": parse_amount("1.0")})])
    assert t2.cell(TOTAL, "a").text == "1.0"


# --- problems as data ------------------------------------------------------------------------

ROWS = [
    ("", "合计", {"小计": "1.00", "基本支出": "1.00"}),                        # line 2
    ("2999999", "不存在的项", {"小计": "1.00", "基本支出": "1.00"}),           # 3: unknown code
    ("2013101", "行政运行", {"小计": "1.00", "基本支出": "1.00"}),             # 4: wrong level
    ("201", "一般公共服务支出", {"小计": "1.00", "基本支出": "1.00"}),          # 5
    ("201", "一般公共服务支出", {"小计": "2.00", "基本支出": "2.00"}),          # 6: duplicate
    ("206", "教育支出", {"小计": "1.00", "基本支出": "1.00"}),                 # 7: name mismatch
    ("208", "社会保障和就业支出", {"小计": "1.0x", "基本支出": "1.00"}),        # 8: bad amount
    ("210", "卫生健康支出", {"小计": "1.00"}),                                # 9: missing cell
    ("221", "住房保障支出", {"小计": "1.00", "基本支出": "1.00", "多": "3"}),   # 10: extra cell
    ("2x1", "坏代码", {"小计": "1.00", "基本支出": "1.00"}),                   # 11: invalid code
]


def build_problems(**kw: object) -> LedgerTable:
    return LedgerTable.build(id="T", columns=["小计", "基本支出"], rows=ROWS, scheme="function",
                             year=2023, levels=(1, 2), file="t.csv",
                             lines=list(range(2, 2 + len(ROWS))), **kw)  # type: ignore[arg-type]


def loc(line: int, row: str, column: str | None = None) -> Location:
    return Location(file="t.csv", line=line, table="T", row=row, column=column)


EXPECTED_PROBLEMS = [
    ("wrong-level", loc(3, "2999999")),
    ("unknown-code", loc(3, "2999999")),
    ("wrong-level", loc(4, "2013101")),
    ("duplicate-row", loc(6, "201")),
    ("name-mismatch", loc(7, "206")),
    ("bad-amount", loc(8, "208", "小计")),
    ("missing-cell", loc(9, "210", "基本支出")),
    ("ragged-row", loc(10, "221", "多")),
    ("invalid-code", loc(11, "2x1")),
]


def test_problems_are_data_with_locations() -> None:
    t = build_problems()
    assert [(p.kind, p.location) for p in t.problems] == EXPECTED_PROBLEMS
    assert all(isinstance(p, Problem) for p in t.problems)
    msgs = {p.kind + "@" + str(p.location.line): p.message for p in t.problems}
    assert msgs["unknown-code@3"] == "2999999 is not in function 2023"
    assert msgs["wrong-level@4"] == "2013101 is a level-3 code; this table holds levels 1, 2"
    assert msgs["duplicate-row@6"] == "row 201 repeats line 5; the first is kept"
    assert msgs["name-mismatch@7"] == "printed '教育支出', function 2023 names 206 '科学技术支出'"
    assert msgs["bad-amount@8"] == "letters are not allowed in an amount ('1.0x')"
    assert msgs["missing-cell@9"] == "no cell for column 基本支出"
    assert msgs["ragged-row@10"] == "cell for unknown column '多'"
    assert "digits only" in msgs["invalid-code@11"]
    assert str(t.problems[4]) == ("t.csv:7 T row 206: name-mismatch: printed '教育支出', "
                                  "function 2023 names 206 '科学技术支出'")


def test_problem_rows_are_kept_or_dropped_as_documented() -> None:
    t = build_problems()
    # unknown, wrong-level, mismatched and short rows are kept; the duplicate keeps the first;
    # the invalid code is dropped (it has no key)
    assert [r.key for r in t.rows] == ["合计", "2999999", "2013101", "201", "206", "208", "210",
                                       "221"]
    assert t.value("201", "小计") == D("1.00")  # the first of the duplicates
    assert t.row("208").get("小计") is None     # the bad cell is left out, never guessed
    assert t.value("208", "基本支出") == D("1.00")
    assert t.row("210").get("基本支出") is None
    assert t.row("221").get("多") is None


def test_strict_raises_listing_every_problem() -> None:
    with pytest.raises(LedgerError) as exc:
        build_problems(strict=True)
    text = str(exc.value)
    assert "9 problem(s) in table T" in text
    for p in build_problems().problems:
        assert str(p) in text
    assert exc.value.location == EXPECTED_PROBLEMS[0][1]


def test_strict_passes_clean_rows() -> None:
    assert build_05(strict=True) == build_05()


def test_unknown_code_without_catalog_is_not_checked() -> None:
    t = LedgerTable.build(id="t", columns=["a"], rows=[("2999999", "x", {"a": "1"})],
                          scheme="function")
    assert t.problems == ()
    assert t.catalog is None


def test_scheme_check_of_codes() -> None:
    t = LedgerTable.build(id="t", columns=["a"], rows=[("30101", "基本工资", {"a": "1"})],
                          scheme="function")
    assert [p.kind for p in t.problems] == ["invalid-code"]
    assert "start with 2" in t.problems[0].message


def test_name_match_is_folded() -> None:
    # full-/half-width brackets, trailing 支出, level tag: all the same name
    rows = [("20103", "政府办公厅(室)及相关机构事务（款）", {"a": "1"}),
            ("210", "卫生健康", {"a": "1"})]
    t = LedgerTable.build(id="t", columns=["a"], rows=rows, scheme="function", year=2023)
    assert t.problems == ()


# --- roll-up ---------------------------------------------------------------------------------


def leaf_rows(t: LedgerTable) -> list[Row]:
    codes = [r.code for r in t.coded_rows()]
    return [r for r in t.coded_rows()
            if not any(c != r.code and c.startswith(r.code) for c in codes)]  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["公开02", "公开03", "公开05"])
def test_rollup_reproduces_printed_parents_within_half_up_tolerance(key: str) -> None:
    t = govaccts.example_report().table(key)
    before = t.to_records()
    r = t.rollup()
    leaves = leaf_rows(t)
    assert r.leaves[TOTAL] == len(leaves) == 14
    for (k, col), computed in r.computed.items():
        n = r.leaves[k]
        printed = t.value(k, col)
        assert printed is not None
        assert abs(printed - computed) <= (n // 2) * CENT, (k, col, printed, computed, n)
        # a parent's computed value is the exact sum of its leaves' printed values
        under = [x for x in leaves if k == TOTAL or x.code.startswith(k)]  # type: ignore[union-attr]
        assert len(under) == n
        assert computed == sum((x.get(col).value for x in under), D(0))  # type: ignore[union-attr]
    # every parent × column is computed, and nothing else
    parents = [TOTAL] + [x.key for x in t.coded_rows() if t.children(x.key)]
    assert set(r.computed) == {(p, c) for p in parents for c in t.columns}
    # printed values are never overwritten
    assert t.to_records() == before
    assert t == govaccts.example_report().table(key)


def test_rollup_differences_of_05_by_hand() -> None:
    t = govaccts.example_report().table("公开05")
    r = t.rollup()
    assert sorted(r.differences()) == sorted([
        ("201", "项目支出", D("115.01"), D("115.00")),
        ("20805", "小计", D("55.65"), D("55.66")),
        ("20805", "基本支出", D("55.65"), D("55.66")),
        ("208", "小计", D("55.65"), D("55.66")),
        ("208", "基本支出", D("55.65"), D("55.66")),
        ("21011", "小计", D("17.09"), D("17.10")),
        ("21011", "基本支出", D("17.09"), D("17.10")),
        ("210", "小计", D("17.09"), D("17.10")),
        ("210", "基本支出", D("17.09"), D("17.10")),
        # 合计 from the 14 leaves: 540.45, 425.45 (⌊14/2⌋ = 7 cents allowed)
        ("合计", "小计", D("540.44"), D("540.45")),
        ("合计", "基本支出", D("425.43"), D("425.45")),
        ("合计", "项目支出", D("115.01"), D("115.00")),
    ])
    assert r.leaves["20805"] == 3 and r.leaves["21011"] == 2 and r.leaves["201"] == 7
    assert r.value("合计", "基本支出") == D("425.45")
    assert t.value("合计", "基本支出") == D("425.43")  # the printed one is untouched
    with pytest.raises(LedgerError, match="not a computed parent"):
        r.value("2013101", "小计")


def test_rollup_of_the_economic_table_has_no_total_row() -> None:
    t = govaccts.example_report().table("公开06")
    r = t.rollup()
    assert r.leaves == {"301": 13, "303": 12, "302": 27, "307": 2, "310": 16, "399": 5}
    assert r.value("301", "决算数") == D("310.76") and t.value("301", "决算数") == D("310.75")
    assert r.value("302", "决算数") == D("52.15") and t.value("302", "决算数") == D("52.16")


def test_rollup_counts_blank_cells_as_zero() -> None:
    t = LedgerTable.build(id="t", columns=["a"], rows=[
        ("", "合计", {"a": ""}), ("201", "一般公共服务支出", {"a": "1.00"}),
        ("20101", "人大事务", {"a": "—"}), ("20103", "政府办公厅（室）及相关机构事务", {"a": "1.00"})])
    r = t.rollup()
    assert r.value("201", "a") == D("1.00")
    assert r.value("合计", "a") == D("1.00")
    assert t.value("合计", "a") is None
    assert ("合计", "a", None, D("1.00")) in r.differences()


# --- export ----------------------------------------------------------------------------------


def test_to_records() -> None:
    t = govaccts.example_report().table("公开05")
    recs = t.to_records()
    assert len(recs) == 28 * 3
    assert recs[0] == {"table": "公开05", "code": None, "label": "合计", "column": "小计",
                       "value": D("540.44"), "decimals": 2, "text": "540.44", "unit": "万元"}
    assert recs[-1] == {"table": "公开05", "code": "2210201", "label": "住房公积金",
                        "column": "项目支出", "value": D("0.00"), "decimals": 2, "text": "0.00",
                        "unit": "万元"}
    assert all(isinstance(r["value"], Decimal) for r in recs)


def test_to_records_keeps_blanks_and_precision() -> None:
    t = LedgerTable.build(id="t", columns=["a", "b"], unit="元",
                          rows=[("", "合计", {"a": "", "b": "19.5"})])
    assert t.to_records() == [
        {"table": "t", "code": None, "label": "合计", "column": "a", "value": None,
         "decimals": 0, "text": "", "unit": "元"},
        {"table": "t", "code": None, "label": "合计", "column": "b", "value": D("19.5"),
         "decimals": 1, "text": "19.5", "unit": "元"}]
    t7 = govaccts.example_report().table("公开07")
    assert {r["value"] for r in t7.to_records()} == {None}
