"""The accounting scheme (政府会计制度 会计科目) and trial-balance checks, on the real data."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import govaccts
from govaccts.catalogs.accounting import Element, Side, account, accounts
from govaccts.catalogs.codes import get_scheme, parse_code, scheme_of
from govaccts.checks.findings import Severity
from govaccts.checks.trial_balance_rules import check_trial_balance, function_totals
from govaccts.errors import CatalogFileError, LedgerError, UnknownCodeError
from govaccts.ledger.trial_balance import COLUMNS, TrialBalance, column_key

ROOT = Path(__file__).resolve().parents[1]
EV = ROOT / "catalogs" / "evidence" / "accounting"
EXAMPLE = resources.files("govaccts.examples").joinpath("made_up_trial_balance_2024.csv")


def evidence_rows() -> list[dict[str, str]]:
    with (EV / "accounts.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


BASE = [r for r in evidence_rows() if r["level"] == "1" and r["source_id"] == "zfkj-std"]


# --- the catalog -----------------------------------------------------------------------------

def test_base_standard_has_103_accounts_77_and_26() -> None:
    assert len(BASE) == 103
    halves = [r["element"].startswith("预算") for r in BASE]
    assert halves.count(False) == 77 and halves.count(True) == 26


@pytest.mark.parametrize("year", range(2019, 2027))
def test_every_edition_holds_all_103_verified(year: int) -> None:
    cat = govaccts.catalog("accounting", year)
    for r in BASE:
        e = cat[r["code"]]
        assert e.name == r["name"] and e.verified, e
        assert r["quote"] in e.note          # the printed row, quoted
        assert any(s.id == "zfkj-std" for s in e.sources)
    cov = cat.coverage()
    assert cov.unverified == 0 and cov.carried == 0 and cov.orphans == ()
    assert cat.info.completeness == "complete"


def test_amendments_enter_with_their_effective_year() -> None:
    sizes = {y: len(govaccts.catalog("accounting", y)) for y in (2019, 2020, 2021, 2024)}
    assert sizes == {2019: 103, 2020: 104, 2021: 107, 2024: 107}
    d = govaccts.diff(govaccts.catalog("accounting", 2020), govaccts.catalog("accounting", 2021))
    assert [e.code for e in d.added] == ["1841", "1842", "3601"] and not d.removed
    assert govaccts.catalog("accounting", 2024)["1841"].name == "PPP 项目资产"
    # sector supplements (林场 1841 林木资产, 彩票 2308 …) are evidence only: one name a code
    assert "2308" not in govaccts.catalog("accounting", 2024)


def test_lookup_1011_and_scheme_machinery() -> None:
    cat = govaccts.catalog("accounting", 2024)
    e = cat["1011"]
    assert (e.name, e.level, e.level_name, e.parent, e.children) == (
        "零余额账户用款额度", 1, "一级科目", None, ())
    assert scheme_of("1011") == "accounting" and scheme_of("2013101") == "function"
    assert parse_code("１０１１", "accounting") == "1011"
    assert get_scheme("会计科目").name == "accounting"
    assert [x.code for x in cat.search("资金结存")] == ["8001"]
    assert cat.resolve("财政拨款结转").code == "8101"
    assert cat.resolve("财政应返还额度").code == "1201"
    with pytest.raises(govaccts.InvalidCodeError, match="start with 1–8"):
        parse_code("9001", "accounting")
    with pytest.raises(UnknownCodeError):
        cat["9001"]


def test_sources_are_cited_by_address() -> None:
    cat = govaccts.catalog("accounting", 2024)
    for s in cat.sources():
        assert s.reference.startswith("https://"), s
    airgaap = [e.code for e in cat.values() if any(s.id == "airgaap-no1p2" for s in e.sources)]
    assert len(airgaap) == 57 and airgaap[0] == "1001" and airgaap[-1] == "3401"


def test_details_are_uncoded_and_keyed_by_name_path() -> None:
    cat = govaccts.catalog("accounting", 2024)
    assert [d.name for d in cat.details("8001")] == ["零余额账户用款额度", "货币资金", "财政应返还额度"]
    assert [d.key for d in cat.details("8001/财政应返还额度")] == [
        "8001/财政应返还额度/财政直接支付", "8001/财政应返还额度/财政授权支付"]
    assert cat.detail("8101/累计结转").normal_side == "贷"
    assert cat.details("1214/[基建项目]")[0].key == "1214/[基建项目]/预付备料款"
    # 解释第2号 adds 财政拨款资金 under 资金结存——货币资金 from 2020
    assert cat.detail("8001/货币资金/财政拨款资金").verified
    assert govaccts.catalog("accounting", 2019).details("8001/货币资金") == ()
    with pytest.raises(UnknownCodeError, match="a unit's own 明细"):
        cat.detail("1002/工商银行")
    cov = cat.coverage()
    assert [(lv.level, lv.rows, lv.verified) for lv in cov.details] == [(2, 129, 129), (3, 22, 22)]
    assert govaccts.catalog("function", 2023).details("201") == ()


def test_elements_and_sides_are_data_with_evidence() -> None:
    accts = accounts(2019)
    by_el = {el: sum(1 for a in accts.values() if a.element is el) for el in Element}
    assert by_el == {Element.ASSET: 35, Element.LIABILITY: 16, Element.NET_ASSETS: 7,
                     Element.REVENUE: 11, Element.EXPENSE: 8, Element.BUDGET_REVENUE: 9,
                     Element.BUDGET_EXPENDITURE: 8, Element.BUDGET_SURPLUS: 9}
    assert account("1011", 2024).normal_side is Side.DEBIT
    assert account("1602", 2024).normal_side is Side.CREDIT        # contra-asset, stated
    assert account("3301", 2024).normal_side is Side.EITHER
    stated = [a for a in accts.values() if a.side_basis == "stated"]
    assert len(stated) == 59 and all(a.evidence.startswith("本科目") for a in stated)
    for a in accts.values():
        if a.side_basis == "element":
            assert a.element in (Element.REVENUE, Element.EXPENSE, Element.BUDGET_REVENUE,
                                 Element.BUDGET_EXPENDITURE)
        assert a.code[0] == "12345678"[list(Element).index(a.element)]


def test_links_to_the_budget_classifications() -> None:
    assert account("6001", 2024).runs_by == ("basic-project", "function-项", "fund-type")
    assert account("7201", 2024).runs_by == ("basic-project", "dept-economic-款", "function-项",
                                             "fund-type")
    assert account("8101", 2024).runs_by == ("basic-project", "function-相关科目", "fund-type")
    assert all(lk.quote for a in accounts(2024).values() for lk in a.links)
    expenditure = [a for a in accounts(2024).values() if a.element is Element.BUDGET_EXPENDITURE]
    assert all("function-项" in a.runs_by for a in expenditure)


def test_bad_attribute_file_names_file_and_line(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "catalogs"
    shutil.copytree(ROOT / "catalogs", data, ignore=shutil.ignore_patterns("evidence"))
    p = data / "accounting-attributes.csv"
    p.write_text(p.read_text("utf-8").replace("1001,资产,借", "1001,资产,左", 1), "utf-8")
    with pytest.raises(CatalogFileError, match="左") as ei:
        accounts(2024, govaccts.CatalogStore(data, override_dir=None))
    assert ei.value.location is not None and ei.value.location.line == 2


# --- trial balance ---------------------------------------------------------------------------

def example() -> TrialBalance:
    with resources.as_file(EXAMPLE) as p:
        return TrialBalance.read(p, 2024)


def rows_of(tb: TrialBalance) -> list[tuple[str, str, dict[str, str]]]:
    return [(r.key, r.name, {c: a.text for c, a in r.amounts.items()}) for r in tb.rows]


def edit(tb: TrialBalance, changes: dict[tuple[str, str], str]) -> TrialBalance:
    rows = rows_of(tb)
    for (key, col), text in changes.items():
        next(cells for k, _, cells in rows if k == key)[col] = text
    return TrialBalance.build(tb.year, rows)


def test_example_is_clean_in_every_mode() -> None:
    tb = example()
    assert len(tb.accounts("financial")) == 10 and len(tb.accounts("budgetary")) == 5
    for mode in ("exact", "interval", "half-up"):
        assert check_trial_balance(tb, mode=mode) == []
    assert function_totals(tb)["201"] == Decimal("700000.00")
    assert function_totals(tb, "期末借方")["2080505"] == Decimal("120500.00")


@pytest.mark.parametrize(("changes", "rule", "row", "column", "gap"), [
    # 借方合计 = 贷方合计: 期初 and 本期 moved together keep every row's movement, but the
    # period's debits no longer equal its credits (totals line adjusted with them)
    ({("1002", "期初借方"): "49000.00", ("1002", "本期借方"): "33000.00",
      ("财务会计合计", "期初借方"): "350000.00", ("财务会计合计", "本期借方"): "2300500.00"},
     "trial-balance.debits-credits", "财务会计", "本期借方", "1000.00"),
    # 期初 ± 发生 = 期末: one opening balance off
    ({("2201", "期初贷方"): "10100.00", ("财务会计合计", "期初贷方"): "351100.00"},
     "trial-balance.movement", "2201", "期末贷方", "-100.00"),
    # 资产 + 费用 = 负债 + 净资产 + 收入: 期初 and 期末 of one asset moved together
    ({("1601", "期初借方"): "300050.00", ("1601", "期末借方"): "400050.00",
      ("财务会计合计", "期初借方"): "351050.00", ("财务会计合计", "期末借方"): "1228050.00"},
     "trial-balance.equation", "财务会计", "期末", "50.00"),
    # 预算收入 − 预算支出 against 预算结余
    ({("8202", "期初贷方"): "51500.00", ("8202", "期末贷方"): "51500.00",
      ("预算会计合计", "期初贷方"): "51500.00", ("预算会计合计", "期末贷方"): "883500.00"},
     "trial-balance.budget-surplus", "预算会计", "期末", "-500.00"),
    # a printed total line
    ({("预算会计合计", "本期借方"): "1652600.00"}, "trial-balance.totals", "预算会计合计",
     "本期借方", "100.00"),
    # 预算支出 明细 by 功能分类 rolling up
    ({("7101/基本支出/2080505", "本期借方"): "120000.00",
      ("7101/基本支出/2080505", "期末借方"): "120000.00"},
     "trial-balance.details", "7101/基本支出", None, None),
])
def test_each_identity_broken_once(changes: dict[tuple[str, str], str], rule: str, row: str,
                                   column: str | None, gap: str | None) -> None:
    found = check_trial_balance(edit(example(), changes), mode="exact")
    mine = [f for f in found if f.rule == rule]
    if rule == "trial-balance.details":     # one 明细 cell twice (本期 and 期末)
        assert {(f.row, f.column) for f in found} == {(row, "本期借方"), (row, "期末借方")}
        assert len(found) == 2
        assert all(f.difference == Decimal("500.00") for f in found)
        return
    assert found == mine and len(mine) == 1, found
    f = mine[0]
    assert (f.table, f.row, f.column, f.severity) == ("科目余额表", row, column, Severity.ERROR)
    assert f.difference == Decimal(gap) and f.tolerance == 0 and f.mode == "exact"


def test_after_closing_equation_and_unclosed_accounts() -> None:
    tb = example()
    found = check_trial_balance(tb, closing="after")
    assert [(f.rule, f.row) for f in found] == [("trial-balance.equation", "财务会计"),
                                                ("trial-balance.budget-surplus", "预算会计")]
    assert "4001、4609、5001" in found[0].message_zh
    # the same figures after 结转: 收入/费用 into 本期盈余 / 累计盈余, 预算收支 into 结余
    closed = edit(tb, {("4001", "期末贷方"): "", ("4609", "期末贷方"): "",
                       ("5001", "期末借方"): "", ("3001", "期末贷方"): "347500.00"})
    assert [f.rule for f in check_trial_balance(closed, closing="after")
            if f.rule == "trial-balance.equation"] == []


def test_rounding_tolerance_in_wan_yuan() -> None:
    rows = [("1002", "银行存款", {"期初借方": "1.00", "本期借方": "0.33", "本期贷方": "0.11",
                                "期末借方": "1.23"})]
    tb = TrialBalance.build(2024, rows)
    found = [f for f in check_trial_balance(tb) if f.rule == "trial-balance.movement"]
    assert len(found) == 1 and found[0].severity is Severity.ROUNDING
    assert found[0].difference == Decimal("0.01") and found[0].tolerance == Decimal("0.02")
    exact = [f for f in check_trial_balance(tb, mode="exact") if f.rule == "trial-balance.movement"]
    assert exact[0].severity is Severity.ERROR


def test_balance_side_and_function_code() -> None:
    tb = TrialBalance.build(2024, [
        ("1002", "银行存款", {"期初借方": "10.00", "本期贷方": "15.00", "期末贷方": "5.00"}),
        ("7101", "行政支出", {"本期借方": "5.00", "期末借方": "5.00"}),
        ("7101/2019999", "其他", {"本期借方": "3.00", "期末借方": "3.00"}),
        ("7101/2010000", "坏", {"本期借方": "2.00", "期末借方": "2.00"}),
    ])
    found = check_trial_balance(tb)
    side = [f for f in found if f.rule == "trial-balance.balance-side"]
    assert [(f.row, f.column, f.severity) for f in side] == [("1002", "期末贷方", Severity.WARNING)]
    codes = {f.row: f.severity for f in found if f.rule == "trial-balance.function-code"}
    assert codes == {"7101/2010000": Severity.ERROR, "7101/2019999": Severity.WARNING}


def test_reading_names_file_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "tb.csv"
    p.write_text("科目编码,科目名称,期初余额借方,本年借方发生额\n1001,库存现金,1.00,2.0x\n", "utf-8")
    with pytest.raises(LedgerError) as ei:
        TrialBalance.read(p, 2024)
    loc = ei.value.location
    assert loc is not None and (loc.file, loc.line, loc.row, loc.column) == (
        str(p), 2, "1001", "本期借方")
    p.write_text("科目编码,科目名称,期初借方\n9999,无,1.00\n", "utf-8")
    with pytest.raises(LedgerError, match="no 一级科目") as ei:
        TrialBalance.read(p, 2024)
    assert ei.value.location is not None and ei.value.location.line == 2
    with pytest.raises(LedgerError, match="no row '7101'"):
        TrialBalance.build(2024, [("7101/基本支出", "基本支出", {})])
    assert [column_key(h) for h in ("年初借方余额", "期末余额(贷方)", "借方")] == [
        "期初借方", "期末贷方", "本期借方"]
    assert len(COLUMNS) == 6
