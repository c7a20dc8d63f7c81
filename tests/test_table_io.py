"""Tests of govaccts.io.tables: ledger tables from CSV/TSV files and to/from JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts import LedgerTable
from govaccts.amounts import format_amount
from govaccts.errors import AmountError, LedgerError, Location, ReportReadError
from govaccts.io.tables import (
    parse_table,
    read_table,
    table_from_dict,
    table_from_json,
    table_to_csv,
    table_to_dict,
    table_to_json,
)

D = Decimal
quick = settings(max_examples=120, derandomize=True, database=None, deadline=None)

CSV_05 = """科目代码,科目名称,小计,基本支出,项目支出
,合计,"1,540.44",425.43,115.01
206,科学技术支出,1.78,1.78,0.00
20601,科学技术管理事务,1.78,1.78,0.00
2060199,其他科学技术管理事务支出,1.78,1.78,—
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def summary(t: LedgerTable) -> list[tuple[str | None, str, tuple[tuple[str, str], ...]]]:
    return [(r.code, r.label, tuple((c, a.text) for c, a in r.cells)) for r in t.rows]


EXPECTED_05 = [
    (None, "合计", (("小计", "1,540.44"), ("基本支出", "425.43"), ("项目支出", "115.01"))),
    ("206", "科学技术支出", (("小计", "1.78"), ("基本支出", "1.78"), ("项目支出", "0.00"))),
    ("20601", "科学技术管理事务", (("小计", "1.78"), ("基本支出", "1.78"), ("项目支出", "0.00"))),
    ("2060199", "其他科学技术管理事务支出",
     (("小计", "1.78"), ("基本支出", "1.78"), ("项目支出", "—"))),
]


# --- CSV / TSV, encodings --------------------------------------------------------------------


def test_read_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "t05.csv", CSV_05)
    t = read_table(path, year=2023)
    assert t.id == "t05"
    assert t.source == str(path)
    assert t.scheme == "function" and t.year == 2023
    assert t.columns == ("小计", "基本支出", "项目支出")
    assert summary(t) == EXPECTED_05
    assert t.problems == ()
    assert [r.line for r in t.rows] == [2, 3, 4, 5]
    assert t.value("合计", "小计") == D("1540.44")
    assert t.cell("2060199", "项目支出").is_blank


def test_read_tsv(tmp_path: Path) -> None:
    text = CSV_05.replace('"1,540.44"', "1540.44").replace(",", "\t")
    t = read_table(write(tmp_path, "t05.tsv", text), year=2023, id="公开05", title="一般公共预算")
    assert t.id == "公开05" and t.title == "一般公共预算"
    assert t.columns == ("小计", "基本支出", "项目支出")
    assert t.value("合计", "小计") == D("1540.44")
    assert len(t.rows) == 4 and t.problems == ()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    t = read_table(write(tmp_path, "t.csv", CSV_05, encoding), year=2023, id="t")
    assert summary(t) == EXPECTED_05
    assert t.problems == ()


def test_bom_does_not_hide_the_code_column(tmp_path: Path) -> None:
    raw = "\ufeff科目代码,科目名称,小计\n206,科学技术支出,1.78\n"
    t = read_table(write(tmp_path, "bom.csv", raw[1:], "utf-8-sig"), year=2023)
    assert t.rows[0].code == "206"


def test_explicit_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", CSV_05, "gbk")
    assert summary(read_table(path, encoding="gbk", year=2023)) == EXPECTED_05
    with pytest.raises(ReportReadError, match="cannot decode as utf-8") as exc:
        read_table(path, encoding="utf-8")
    assert exc.value.location == Location(file=str(path))


def test_undecodable_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("科目代码,科目名称,小计\n".encode() + b"206,\xff\xfe\x81,1.78\n")
    with pytest.raises(ReportReadError, match="neither UTF-8 nor GBK") as exc:
        read_table(path)
    assert exc.value.location == Location(file=str(path), line=2)


def test_split_code_columns(tmp_path: Path) -> None:
    text = ("类,款,项,科目名称,小计\n"
            ",,,合计,1.78\n"
            "206,,,科学技术支出,1.78\n"
            "206,01,,科学技术管理事务,1.78\n"
            "206,01,99,其他科学技术管理事务支出,1.78\n")
    t = read_table(write(tmp_path, "split.csv", text), year=2023)
    assert [r.code for r in t.rows] == [None, "206", "20601", "2060199"]
    assert t.columns == ("小计",)  # 类/款/项 are not amount columns
    assert t.scheme == "function" and t.problems == ()
    assert t.rollup().value("合计", "小计") == D("1.78")


def test_split_code_error_names_file_and_line(tmp_path: Path) -> None:
    text = "类,款,项,科目名称,小计\n206,,,科学技术支出,1.78\n206,1,,科学技术管理事务,1.78\n"
    path = write(tmp_path, "split.csv", text)
    with pytest.raises(LedgerError, match="part '1' must have 2 digits") as exc:
        read_table(path)
    assert exc.value.location == Location(file=str(path), line=3)
    assert str(exc.value).startswith(f"{path}:3: ")


def test_budget_integration_aliases(tmp_path: Path) -> None:
    text = ("FISCAL_YEAR,AGENCY_CODE,EXP_FUNC_CODE,EXP_FUNC_NAME,AMT\n"
            "2023,101001,206,科学技术支出,1.78\n"
            "2023,101001,20601,科学技术管理事务,1.78\n")
    t = read_table(write(tmp_path, "bi.csv", text))
    assert t.scheme == "function"
    assert t.year == 2023  # from the FISCAL_YEAR column
    assert t.catalog is not None and t.catalog.year == 2023
    assert t.columns == ("AMT",)
    assert [r.code for r in t.rows] == ["206", "20601"]
    assert t.rows[0].attribute("FISCAL_YEAR") == "2023"
    assert t.rows[0].attribute("AGENCY_CODE") == "101001"
    assert t.problems == ()
    # the year asked may repeat the column's
    assert read_table(write(tmp_path, "bi.csv", text), year=2023).year == 2023


def test_dept_economic_alias(tmp_path: Path) -> None:
    text = ("DEP_BGT_ECO_CODE,DEP_BGT_ECO_NAME,FISCAL_YEAR,决算数\n"
            "301,工资福利支出,2023,310.75\n30101,基本工资,2023,78.01\n")
    t = read_table(write(tmp_path, "eco.csv", text))
    assert t.scheme == "dept-economic" and t.year == 2023
    assert [r.code for r in t.rows] == ["301", "30101"]
    assert t.problems == ()


def test_fiscal_year_conflicts(tmp_path: Path) -> None:
    text = ("FISCAL_YEAR,EXP_FUNC_CODE,EXP_FUNC_NAME,AMT\n"
            "2023,206,科学技术支出,1.78\n2022,20601,科学技术管理事务,1.78\n")
    path = write(tmp_path, "two.csv", text)
    with pytest.raises(LedgerError, match=r"FISCAL_YEAR must hold one year, found \['2022', "
                                          r"'2023'\]") as exc:
        read_table(path)
    assert exc.value.location is not None and exc.value.location.file == str(path)
    one = write(tmp_path, "one.csv", text.replace("2022", "2023"))
    with pytest.raises(LedgerError, match="FISCAL_YEAR 2023 differs from the year asked, 2024"):
        read_table(one, year=2024)


def test_ragged_row_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "科目代码,科目名称,小计\n206,科学技术支出,1.78\n"
                                    "20601,科学技术管理事务,1.78,9\n")
    with pytest.raises(ReportReadError, match="expected 3 fields, got 4") as exc:
        read_table(path)
    assert exc.value.location == Location(file=str(path), line=3)


def test_bad_amount_is_a_problem_with_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "b.csv", "科目代码,科目名称,小计\n206,科学技术支出,1.78\n"
                                    "20601,科学技术管理事务,1.7x\n")
    t = read_table(path, year=2023)
    assert [(p.kind, p.location) for p in t.problems] == [
        ("bad-amount", Location(file=str(path), line=3, table="b", row="20601", column="小计"))]
    with pytest.raises(LedgerError, match="bad-amount") as exc:
        read_table(path, year=2023, strict=True)
    assert exc.value.location == Location(file=str(path), line=3, table="b", row="20601",
                                          column="小计")
    assert f"{path}:3 b row 20601 [小计]: bad-amount" in str(exc.value)


def test_missing_name_or_amount_column(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no name column") as exc:
        parse_table("科目代码,小计\n206,1.78\n", name="x.csv")
    assert exc.value.location == Location(file="x.csv", line=1)
    with pytest.raises(LedgerError, match="no amount column") as exc:
        parse_table("科目代码,科目名称,行次\n206,科学技术支出,1\n", name="y.csv")
    assert exc.value.location == Location(file="y.csv", line=1)
    with pytest.raises(ReportReadError, match="no header"):
        parse_table("", name="empty.csv")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="cannot read") as exc:
        read_table(tmp_path / "nope.csv")
    assert exc.value.location == Location(file=str(tmp_path / "nope.csv"))


def test_labelled_statement_table() -> None:
    text = "项目,行次,金额\n一、一般公共预算财政拨款收入,1,540.44\n本年收入合计,27,540.44\n"
    t = parse_table(text)
    assert t.scheme is None
    assert [r.key for r in t.rows] == ["一般公共预算财政拨款收入", "本年收入合计"]
    assert t.columns == ("金额",)
    assert t.rows[0].attribute("行次") == "1"


# --- JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(govaccts.example_report().tables))
def test_json_round_trip_of_every_example_table(key: str) -> None:
    t = govaccts.example_report().table(key)
    back = table_from_json(table_to_json(t))
    assert back == t
    assert summary(back) == summary(t)
    assert [r.attributes for r in back.rows] == [r.attributes for r in t.rows]


def test_json_keeps_printed_text() -> None:
    t = govaccts.example_report().table("公开05")
    d = json.loads(table_to_json(t))
    assert d["unit"] == "万元" and d["year"] == 2023 and d["scheme"] == "function"
    assert d["rows"][0] == {"code": None, "label": "合计",
                            "cells": {"小计": "540.44", "基本支出": "425.43", "项目支出": "115.01"}}
    t7 = govaccts.example_report().table("公开07")
    assert json.loads(table_to_json(t7))["rows"][0]["cells"]["小计"] == ""


def _with_cell(value: str) -> str:
    """The 公开05 JSON with the 201 小计 cell replaced by raw JSON ``value``."""
    text = table_to_json(govaccts.example_report().table("公开05"))
    assert text.count('"443.89"') == 1
    return text.replace('"443.89"', value)


@pytest.mark.parametrize("raw", ["443.89", "443.0", "4.4389e2", "-0.5"])
def test_json_float_is_refused(raw: str) -> None:
    with pytest.raises(AmountError, match="floats are refused"):
        table_from_json(_with_cell(raw))


@pytest.mark.parametrize("raw", ["443", "0", "-1"])
def test_json_int_is_refused(raw: str) -> None:
    with pytest.raises(AmountError, match="amounts in JSON are strings"):
        table_from_json(_with_cell(raw))


@pytest.mark.parametrize("raw", ["true", "null", "[]", '{"v": "1"}'])
def test_json_other_non_strings_are_refused(raw: str) -> None:
    with pytest.raises(AmountError, match="amounts in JSON are strings"):
        table_from_json(_with_cell(raw))


def test_json_dict_with_python_numbers_is_refused() -> None:
    d = table_to_dict(govaccts.example_report().table("公开05"))
    d["rows"][1]["cells"]["小计"] = 443.89
    with pytest.raises(AmountError):
        table_from_dict(d)
    d["rows"][1]["cells"]["小计"] = D("443.89")
    with pytest.raises(AmountError):
        table_from_dict(d)


def test_json_malformed() -> None:
    with pytest.raises(LedgerError, match="invalid JSON"):
        table_from_json("{")
    with pytest.raises(LedgerError, match="a table is a JSON object"):
        table_from_json("[1]")
    with pytest.raises(LedgerError, match="not a govaccts table"):
        table_from_json('{"id": "x"}')
    with pytest.raises(AmountError, match="exponent"):
        table_from_json(_with_cell('"4.4389e2"'))


def test_json_is_validated_strictly_by_default() -> None:
    d = table_to_dict(govaccts.example_report().table("公开05"))
    d["rows"][1]["label"] = "教育支出"  # 201 is 一般公共服务支出
    with pytest.raises(LedgerError, match="name-mismatch"):
        table_from_dict(d)
    t = table_from_dict(d, strict=False)
    assert [p.kind for p in t.problems] == ["name-mismatch"]


# --- generated tables: JSON and CSV round trips -----------------------------------------------

ENTRIES = govaccts.catalog("function", 2023).entries()
COLUMNS = ("小计", "基本支出", "项目支出", "本年收入合计", "其他收入")

cell_text = st.one_of(
    st.builds(lambda n, e, places, thousands: format_amount(D(n).scaleb(-e), places,
                                                            thousands=thousands),
              st.integers(-10**12, 10**12), st.integers(0, 4), st.integers(0, 2), st.booleans()),
    st.sampled_from(["", "—", "0.00", "-0.00"]),
)


@st.composite
def tables(draw: st.DrawFn, *, with_attributes: bool = True) -> LedgerTable:
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
    entries = draw(st.lists(st.sampled_from(ENTRIES), min_size=0, max_size=10,
                            unique_by=lambda e: e.code))
    rows: list[tuple[str | None, str, dict[str, str]]] = []
    if draw(st.booleans()):
        rows.append(("", "合计", {c: draw(cell_text) for c in columns}))
    rows += [(e.code, e.name, {c: draw(cell_text) for c in columns}) for e in entries]
    attributes = None
    if with_attributes and draw(st.booleans()):
        attributes = [{"行次": str(i + 1)} for i in range(len(rows))]
    return LedgerTable.build(id=draw(st.sampled_from(["公开05", "t", "表"])), columns=columns,
                             rows=rows, scheme="function", year=2023, strict=True,
                             title=draw(st.sampled_from(["", "支出决算表"])),
                             attributes=attributes)


@quick
@given(t=tables())
def test_json_round_trip_generated(t: LedgerTable) -> None:
    text = table_to_json(t)
    back = table_from_json(text)
    assert back == t
    assert [r.attributes for r in back.rows] == [r.attributes for r in t.rows]
    assert [tuple((c, a.text, a.decimals) for c, a in r.cells) for r in back.rows] == \
        [tuple((c, a.text, a.decimals) for c, a in r.cells) for r in t.rows]
    # every amount is a JSON string
    for row in json.loads(text)["rows"]:
        assert all(isinstance(v, str) for v in row["cells"].values())


@quick
@given(t=tables(with_attributes=False))
def test_csv_round_trip_generated(t: LedgerTable) -> None:
    back = parse_table(table_to_csv(t), id=t.id, year=t.year, title=t.title)
    assert back == t
    assert back.problems == ()
