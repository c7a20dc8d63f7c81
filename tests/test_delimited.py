"""Preamble lines before a CSV's header (issue #10): a title line and ``单位：元`` are the
table's metadata, read through :func:`govaccts.io.tables.parse_table`; a preamble line of
several cells is a typed error naming file and line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govaccts.errors import Location, ReportReadError
from govaccts.io.tables import parse_table

TITLE = "2023年一般公共预算财政拨款支出决算表"
HEADER = "科目编码,科目名称,合计"
ROW = "201,一般公共服务支出,3.00"


def lines(*text: str) -> str:
    return "\n".join(text) + "\n"


@pytest.mark.parametrize("unit_line", ["单位：元", "金额单位:元", "单位: 元"])
def test_title_and_unit_before_the_header_are_metadata(unit_line: str) -> None:
    t = parse_table(lines(TITLE, unit_line, HEADER, ROW), name="t.csv")
    assert (t.title, t.unit.value, t.columns) == (TITLE, "元", ("合计",))
    [row] = t.rows
    assert (row.code, row.label, row.line) == ("201", "一般公共服务支出", 4)
    amount = row.get("合计")
    assert amount is not None and amount.value == Decimal("3.00")


def test_preamble_of_a_tsv_and_blank_lines() -> None:
    text = lines("", TITLE, "", "单位：元", HEADER.replace(",", "\t"), ROW.replace(",", "\t"))
    t = parse_table(text, name="t.tsv")
    assert (t.title, t.unit.value, [r.line for r in t.rows]) == (TITLE, "元", [6])


def test_the_callers_title_and_unit_win_over_the_preamble() -> None:
    t = parse_table(lines(TITLE, "单位：元", HEADER, ROW), name="t.csv", unit="万元",
                    title="给定标题")
    assert (t.title, t.unit.value) == ("给定标题", "万元")


def test_without_a_preamble_the_unit_is_wan_yuan_and_no_title() -> None:
    t = parse_table(lines(HEADER, ROW), name="t.csv")
    assert (t.title, t.unit.value) == ("", "万元")


@pytest.mark.parametrize(("text", "line"), [
    (lines(f"{TITLE},附表", "单位：元", HEADER, ROW), 1),
    (lines(TITLE, "单位：元,编制单位：示例单位", HEADER, ROW), 2),
])
def test_two_cells_on_a_preamble_line_is_an_error_with_file_and_line(text: str,
                                                                     line: int) -> None:
    with pytest.raises(ReportReadError, match="several cells") as exc:
        parse_table(text, name="bad.csv")
    assert exc.value.location == Location(file="bad.csv", line=line)
    assert f"bad.csv:{line}" in str(exc.value)


def test_header_only_csv_is_an_empty_table_with_its_metadata() -> None:
    t = parse_table(lines(TITLE, "单位：元", HEADER), name="empty.csv")
    assert (t.title, t.unit.value, t.columns, t.rows) == (TITLE, "元", ("合计",), ())


def test_a_preamble_without_a_header_is_an_error_with_the_file() -> None:
    with pytest.raises(ReportReadError, match="no header") as exc:
        parse_table(lines(TITLE, "单位：元"), name="nohead.csv")
    assert exc.value.location is not None and exc.value.location.file == "nohead.csv"
