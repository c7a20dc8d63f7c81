"""Tests of govaccts.interchange: exact Arrow tables, the Arrow bulk path, the roll-up in
Arrow compute and in DuckDB.

Exact means every cell comes back as printed: the Decimal with its exponent, the
printed decimals, the text, blank vs 0.00 vs absent.  The roll-ups are compared with
``LedgerTable.rollup().computed`` key by key, on the example report and on a
generated ledger of more than 100,000 cells with every awkward shape.
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts import LedgerTable, Row, parse_amount
from govaccts.interchange import MissingDependencyError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

from govaccts.interchange.arrow import (  # noqa: E402 - after the skips
    from_arrow,
    read_csv_arrow,
    rollup_arrow,
    rollup_values,
    to_arrow,
)
from govaccts.interchange.arrow_tables import (  # noqa: E402
    catalog_to_arrow,
    findings_from_arrow,
    findings_to_arrow,
)
from govaccts.interchange.duckdb import rollup_duckdb, rollup_query  # noqa: E402
from govaccts.testing.ledgers import synthetic_csv, synthetic_rows  # noqa: E402

quick = settings(max_examples=60, derandomize=True, database=None, deadline=None)


def exact(t: LedgerTable) -> list[Any]:
    """Everything printed, each Decimal by its repr (so 1.50 ≠ 1.5)."""
    return [(r.code, r.label, r.line, r.attributes,
             [(c, repr(a.value), a.decimals, a.text) for c, a in r.cells]) for r in t.rows]


def assert_same_table(back: LedgerTable, t: LedgerTable) -> None:
    assert back == t
    assert exact(back) == exact(t)
    assert (back.id, back.title, back.unit, back.scheme, back.year, back.source, back.problems) \
        == (t.id, t.title, t.unit, t.scheme, t.year, t.source, t.problems)


@pytest.fixture(scope="module")
def report() -> govaccts.Report:
    return govaccts.example_report()


@pytest.fixture(scope="module")
def big() -> LedgerTable:
    """A generated ledger of more than 100,000 printed cells."""
    columns, rows = synthetic_rows(100_000, seed=14)
    t = LedgerTable.build(id="big", columns=columns, rows=rows, scheme="function")
    assert sum(len(r.cells) for r in t.rows) >= 100_000
    return t


# -- ledgers ------------------------------------------------------------------------------
def test_every_table_of_the_example_round_trips_exactly(report: govaccts.Report) -> None:
    for key, t in report.tables.items():
        at = to_arrow(t)
        assert at.num_rows == len(t.rows), key
        assert_same_table(from_arrow(at), t)


def test_columns_are_decimal128_never_float(report: govaccts.Report) -> None:
    at = to_arrow(report.table("公开05"))
    for c in ("小计", "基本支出", "项目支出"):
        assert at.schema.field(c).type == pa.decimal128(38, 2)
        assert at.schema.field(c + "__decimals").type == pa.int8()
    assert not any(pa.types.is_floating(f.type) for f in at.schema)
    row = at.slice(0, 1).to_pylist()[0]
    assert (row["code"], row["label"], row["小计"], row["小计__text"]) == \
        (None, "合计", Decimal("540.44"), "540.44")


def test_blank_zero_and_absent_are_three_things() -> None:
    t = LedgerTable.build(id="t", columns=["a", "b"], rows=[
        ("201", "x", {"a": "—", "b": "0.00"}),
        ("20101", "y", {"a": "5"}),            # b absent
    ])
    at = to_arrow(t)
    cols = at.to_pydict()
    assert cols["a"] == [None, Decimal("5")] and cols["a__decimals"] == [0, 0]
    assert cols["a__text"] == ["—", "5"]
    assert cols["b"] == [Decimal("0.00"), None] and cols["b__decimals"] == [2, None]
    assert cols["b__text"] == ["0.00", None]
    back = from_arrow(at)
    assert back.row("201").get("a") == parse_amount("—")
    assert back.row("20101").get("b") is None
    assert_same_table(back, t)


AMOUNT_TEXT = st.one_of(
    # every scale a reader produces, 0 to 30 places, up to 30 significant digits
    st.integers(0, 30).flatmap(lambda d: st.tuples(
        st.integers(0, 10 ** (30 - d) - 1), st.integers(0, 10 ** d - 1) if d else st.just(0),
        st.just(d), st.sampled_from(["", "-", "(", "，"]))).map(_render := lambda x: _text(*x)),
    st.sampled_from(["", "—", "-", "——", " 12.5 ", "０", "１２．３０", "+7", "－3.1",
                     "0.000000000000000000000000000001", "9" * 30, "-0", "(0.00)"]),
)


def _text(integer: int, fraction: int, d: int, style: str) -> str:
    body = f"{integer:,}" if style == "，" else str(integer)
    if d:
        body += "." + str(fraction).zfill(d)
    if style == "(":
        return f"({body})"
    return ("-" if style == "-" else "") + body


@quick
@given(st.lists(st.lists(AMOUNT_TEXT, min_size=3, max_size=3), min_size=1, max_size=8))
def test_every_precision_the_readers_produce_round_trips(cells: list[list[str]]) -> None:
    rows = [(f"2010{i + 1:03d}"[:7], f"行{i}", dict(zip("abc", r, strict=True)))
            for i, r in enumerate(cells)]
    t = LedgerTable.build(id="p", columns=["a", "b", "c"], rows=rows, scheme="function")
    assert not [p for p in t.problems if p.kind == "bad-amount"]
    at = to_arrow(t)
    for c in "abc":
        assert pa.types.is_decimal(at.schema.field(c).type)
    assert_same_table(from_arrow(at), t)


def test_a_column_wider_than_38_digits_is_decimal256() -> None:
    wide = "9" * 30
    tiny = "0." + "0" * 29 + "1"
    t = LedgerTable.build(id="w", columns=["a", "b"], rows=[
        ("201", "x", {"a": wide, "b": "1.25"}), ("20101", "y", {"a": tiny, "b": "2"})])
    at = to_arrow(t)
    assert at.schema.field("a").type == pa.decimal256(76, 30)
    assert at.schema.field("b").type == pa.decimal128(38, 2)
    assert_same_table(from_arrow(at), t)


def test_parquet_keeps_everything(report: govaccts.Report, tmp_path: Path) -> None:
    t = report.table("公开06")
    pq.write_table(to_arrow(t), tmp_path / "t.parquet")
    assert_same_table(from_arrow(pq.read_table(tmp_path / "t.parquet")), t)


def test_a_table_from_a_database_without_metadata_reads_back(report: govaccts.Report) -> None:
    t = report.table("公开05")
    con = duckdb.connect()
    con.register("ledger", to_arrow(t))
    plain = con.sql("SELECT * FROM ledger").to_arrow_table()
    assert not (plain.schema.metadata or {}).get(b"govaccts.table")
    back = from_arrow(plain)
    assert back.columns == t.columns and exact(back) == exact(t)
    # without companions: values at the column's scale, plain text
    bare = con.sql('SELECT code, label, "小计" FROM ledger').to_arrow_table()
    first = from_arrow(bare).rows[0]
    assert first.cells == (("小计", parse_amount("540.44")),)


def test_cells_given_out_of_column_order_come_back_in_column_order() -> None:
    # the columnar table stores cells by column: the order a Row lists them in is not kept
    a, b = parse_amount("1.00"), parse_amount("2.0")
    t = LedgerTable(id="t", columns=["a", "b"], rows=[Row("201", "x", (("b", b), ("a", a)))])
    back = from_arrow(to_arrow(t))
    assert back == t and back.rows[0].cells == (("a", a), ("b", b))


# -- the bulk path ------------------------------------------------------------------------
def test_the_bulk_csv_path_gives_what_build_gives(tmp_path: Path) -> None:
    columns, rows = synthetic_rows(3_000, seed=2)
    rows[5][2][columns[0]] = "（1,234.50）"     # off the fast path: parse_amount
    rows[6][2][columns[1]] = "１２．３０"
    rows[7] = (" '" + rows[7][0], rows[7][1], rows[7][2])   # a spreadsheet code, normalised
    path = tmp_path / "ledger.csv"
    path.write_text("\ufeff" + synthetic_csv(columns, rows), "utf-8")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    built = LedgerTable.build(
        id="ledger", columns=columns, scheme="function", file=str(path),
        lines=list(range(2, len(table) + 1)),
        rows=[(r[0], r[1], dict(zip(columns, r[2:], strict=True))) for r in table[1:]])
    bulk = read_csv_arrow(path)
    back = from_arrow(bulk)
    assert back.columns == built.columns
    assert exact(back) == exact(built)
    assert rollup_values(rollup_arrow(bulk)) == built.rollup().computed


BULK_CELLS = st.one_of(
    st.decimals(min_value=-10**7, max_value=10**7, places=2, allow_nan=False).map(
        lambda d: st.sampled_from([f"{d:,}", f"{d}", f"{d:.1f}", f"{d:.0f}"])).flatmap(lambda s: s),
    st.sampled_from(["", "—", "——", "-", "(1,234.50)", "(0.50)", "（2.00）", "１２．３０", "0",
                     "0.00", "-0.00", "+3", "1,234", "00.5", "3.", "1 000"]))


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(BULK_CELLS, min_size=2, max_size=2), min_size=1, max_size=30))
def test_the_bulk_path_reads_any_cell_as_build(tmp_path_factory: pytest.TempPathFactory,
                                               cells: list[list[str]]) -> None:
    """Plain cells in Arrow compute, blanks and parentheses in Arrow, the rest by
    parse_amount: every cell as LedgerTable.build reads it, or the same error."""
    path = tmp_path_factory.mktemp("bulk") / "t.csv"
    codes = [f"201{k // 99 + 1:02d}{k % 99 + 1:02d}" for k in range(len(cells))]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["科目代码", "科目名称", "a", "b"])
        w.writerows([c, "x", *cs] for c, cs in zip(codes, cells, strict=True))
    built = LedgerTable.build(id="t", columns=["a", "b"], scheme="function", file=str(path),
                              lines=list(range(2, len(cells) + 2)),
                              rows=[(c, "x", {"a": a, "b": b})
                                    for c, (a, b) in zip(codes, cells, strict=True)])
    bad = [p for p in built.problems if p.kind.value == "bad-amount"]
    if bad:
        with pytest.raises(govaccts.AmountError) as ei:
            read_csv_arrow(path)
        assert ei.value.location is not None
        assert (ei.value.location.line, ei.value.location.column) in {
            (p.location.line, p.location.column) for p in bad}
        return
    assert exact(from_arrow(read_csv_arrow(path))) == exact(built)


def test_the_bulk_path_names_a_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("科目代码,科目名称,小计\n201,一般公共服务支出,1.00\n20101,人大事务,12%\n",
                    "utf-8")
    with pytest.raises(govaccts.AmountError, match=r"bad.csv:3 \[小计\].*percentage"):
        read_csv_arrow(path)
    path.write_text("科目代码,科目名称,小计\n2x1,一般公共服务支出,1.00\n", "utf-8")
    with pytest.raises(govaccts.InvalidCodeError, match=r"bad\.csv:2"):
        read_csv_arrow(path)


# -- roll-ups -----------------------------------------------------------------------------
def test_rollups_of_the_example_tables(report: govaccts.Report) -> None:
    cat = catalog_to_arrow(govaccts.catalog("function", 2023))
    for key in ("公开05", "公开07", "公开08", "公开06"):
        t = report.table(key)
        at = to_arrow(t)
        expected = t.rollup().computed
        assert rollup_values(rollup_arrow(at)) == expected, key
        assert rollup_values(rollup_duckdb(at, cat)) == expected, key


def test_duckdb_rollup_equals_rollup_on_100000_cells(big: LedgerTable) -> None:
    at = to_arrow(big)
    cat = catalog_to_arrow(govaccts.catalog("function", 2023))
    expected = big.rollup().computed
    assert len(expected) > 1_000
    got = rollup_duckdb(at, cat)
    assert rollup_values(got) == expected
    assert rollup_values(rollup_arrow(at)) == expected
    assert pa.types.is_decimal(got.schema.field("小计").type)
    named = {r["key"]: r["name"] for r in got.to_pylist() if r["name"] is not None}
    assert named["201"] == "一般公共服务支出"


@pytest.mark.parametrize("rows, scheme", [
    # a 项 printed without its 款, a 类 with nothing below, blanks, absent cells, 总计
    ([("", "总计", {"a": "9.99"}), ("201", "x", {"a": "1.00", "b": ""}),
      ("2010101", "y", {"a": "0.50"}), ("2010102", "z", {"a": "—", "b": "2"}),
      ("20102", "w", {"a": "0.25"}), ("2010201", "v", {"b": "1.5"}),
      ("205", "u", {"a": "(3.00)"})], "function"),
    # no total row; 经济分类 (levels of 3 and 5 digits)
    ([("301", "工资福利支出", {"a": "10"}), ("30101", "基本工资", {"a": "4.00", "b": "1"}),
      ("30102", "津贴补贴", {"a": "6.01"}), ("302", "商品和服务支出", {"b": "—"}),
      ("30201", "办公费", {"b": ""})], "dept-economic"),
])
def test_rollups_of_awkward_tables(rows: list[Any], scheme: str) -> None:
    t = LedgerTable.build(id="t", columns=["a", "b"], rows=rows, scheme=scheme)
    at = to_arrow(t)
    expected = t.rollup().computed
    assert expected
    assert rollup_values(rollup_arrow(at)) == expected
    assert rollup_values(rollup_duckdb(at)) == expected


def test_the_query_reads_as_spark_sql(report: govaccts.Report) -> None:
    sql = rollup_query(["小计", "基本支出"], (3, 5, 7), dialect="spark")
    assert "`小计`" in sql and "`小计__decimals`" in sql and '"' not in sql
    assert "GROUP BY ROLLUP (l1, l2)" in sql and "grouping_id(l1, l2) AS g" in sql
    # DuckDB knows grouping_id too: with its quotes, the Spark text computes the same
    t = report.table("公开05")
    con = duckdb.connect()
    con.register("ledger", to_arrow(t))
    con.register("catalog", catalog_to_arrow(govaccts.catalog("function", 2023)))
    spark = rollup_query(t.columns, (3, 5, 7), dialect="spark").replace("`", '"')
    assert rollup_values(con.sql(spark).to_arrow_table()) == t.rollup().computed
    with pytest.raises(ValueError):
        rollup_query(["a"], (3,), dialect="oracle")


# -- catalogs and findings ----------------------------------------------------------------
def test_catalog_to_arrow_has_the_files_validity_ranges() -> None:
    root = Path(__file__).resolve().parents[1] / "catalogs"
    for scheme, year in (("function", 2023), ("function", 2009), ("dept-economic", 2024)):
        cat = govaccts.catalog(scheme, year)
        at = catalog_to_arrow(cat)
        assert at.schema.names == ["code", "parent", "level", "name", "status", "valid_from",
                                   "valid_to"]
        assert at.num_rows == len(cat)
        with (root / f"{scheme}.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        editions = set(govaccts.editions(scheme))
        for r in at.to_pylist():
            e = cat[r["code"]]
            assert (r["parent"], r["level"], r["name"], r["status"]) == \
                (e.parent_code, e.level, e.name, e.status.value)
            years = {y for x in rows if x["code"] == r["code"] and x["name"] == r["name"]
                     for y in range(int(x["valid_from"]), int(x["valid_to"]) + 1)}
            lo = hi = year
            while lo - 1 in years and lo - 1 in editions:
                lo -= 1
            while hi + 1 in years and hi + 1 in editions:
                hi += 1
            assert (r["valid_from"], r["valid_to"]) == (lo, hi), r


def test_findings_round_trip_exactly(report: govaccts.Report) -> None:
    findings = govaccts.check(report)
    assert any(f.tolerance is not None for f in findings)
    at = findings_to_arrow(findings)
    assert at.schema.field("difference").type == pa.decimal128(38, 10)
    assert at.schema.field("tolerance").type == pa.decimal128(38, 10)
    back = findings_from_arrow(at)
    assert back == findings
    assert govaccts.findings_to_json(back) == govaccts.findings_to_json(findings)
    both = pa.concat_tables([findings_to_arrow(findings, source="a"),
                             findings_to_arrow(findings[:3], source="b")])
    assert both.column("source").to_pylist() == ["a"] * len(findings) + ["b"] * 3
    assert findings_from_arrow(both) == [*findings, *findings[:3]]


# -- without the extras -------------------------------------------------------------------
def test_a_missing_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                              report: govaccts.Report) -> None:
    t = report.table("公开05")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'govaccts\[arrow\]'"):
        to_arrow(t)
    with pytest.raises(ImportError):  # it is an ImportError too
        catalog_to_arrow(govaccts.catalog("function", 2023))
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'govaccts\[duckdb\]'"):
        rollup_duckdb(object())
