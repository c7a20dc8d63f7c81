"""The seed-style text reader reads the tables of the 部门决算 kind's specs: a table spec
registered with govaccts.reports.kinds.register_table_spec (a new table, a region's title
variant) is read with no other change. Each test restores the kind it changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from govaccts.errors import ReportReadError
from govaccts.io.folders import read_report_folder
from govaccts.io.seed_text import parse_report_text
from govaccts.reports.builder import build_report
from govaccts.reports.kinds import register_report_kind, register_table_spec, report_kind
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.spec import Layout, TableSpec

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govaccts" / "examples" / "hetang_2023"
SEED_TEXT = (EXAMPLE / "seed.txt").read_text(encoding="utf-8")
ROWS = "\t".join


def cells(table: RawTable) -> list[tuple[str, ...]]:
    return [c for _, c in table.rows]


def by_key(report: RawReport) -> dict[tuple[str, str], RawTable]:
    return {(t.id, t.part): t for t in report.tables}


Register = Callable[[TableSpec], object]


@pytest.fixture
def register() -> Iterator[Register]:
    """Register table specs on 部门决算 for one test; the kind is restored afterwards."""
    original = report_kind("部门决算")
    try:
        yield lambda spec: register_table_spec("部门决算", spec)
    finally:
        register_report_kind(original, replace=True)


MADE_UP = "\n".join([
    "2024年度", "示例单位部门决算", "第二部分 部门决算表",
    "示例专项资金支出决算表", "公开21表", "金额单位：万元", "部门：示例单位",
    ROWS(["科目代码", "科目名称", "本年支出合计", "基本支出"]),
    ROWS(["合计", "", "3.00", "3.00"]),
    ROWS(["201", "一般公共服务支出", "3.00", "3.00"]),
    "资产负债简表",
    ROWS(["资产", "", "", "负债", "", ""]),
    ROWS(["项目", "行次", "金额", "项目", "行次", "金额"]),
    ROWS(["流动资产", "1", "5.00", "流动负债", "3", "2.00"]),
    ROWS(["总计", "2", "5.00", "总计", "4", "2.00"]),
    "第三部分 情况说明",
])


def test_a_registered_table_spec_is_read(register: Register) -> None:
    with pytest.raises(ReportReadError, match="no public table"):
        parse_report_text(MADE_UP, name="made-up.txt")  # unknown titles are not tables
    register(TableSpec("公开21", "专项资金支出决算表", Layout.TREE,
                       aliases=("示例专项资金支出决算表",)))
    register(TableSpec("公开22", "资产负债表", Layout.STATEMENT, aliases=("资产负债简表",),
                       parts=("资产", "负债")))
    report = parse_report_text(MADE_UP, name="made-up.txt")
    assert (report.department, report.year, report.unit) == ("示例单位", 2024, "万元")
    tables = by_key(report)
    assert list(tables) == [("公开21", ""), ("公开22", "资产"), ("公开22", "负债")]
    t21 = tables[("公开21", "")]
    assert (t21.title, t21.layout) == ("示例专项资金支出决算表", "tree")
    assert t21.header == ("科目代码", "科目名称", "本年支出合计", "基本支出")
    assert cells(t21) == [("", "合计", "3.00", "3.00"), ("201", "一般公共服务支出", "3.00", "3.00")]
    assert cells(tables[("公开22", "负债")]) == [("流动负债", "3", "2.00"), ("总计", "4", "2.00")]
    assert any("inferred from the title" in n for n in tables[("公开22", "资产")].notes)
    assert report.narrative == "第三部分 情况说明"
    built = build_report(report)  # and the builder types them by the same specs
    assert list(built.tables) == ["公开21", "公开22-资产", "公开22-负债"]
    assert built.table("公开21").value("201", "基本支出") == Decimal("3.00")


def test_a_one_sided_statement_spec(register: Register) -> None:
    register(TableSpec("公开23", "资产简表", Layout.STATEMENT))
    text = "\n".join(["2024年度", "资产简表", "金额单位：元",
                      ROWS(["项目", "行次", "金额"]), ROWS(["总计", "1", "5.00"])])
    [table] = parse_report_text(text, name="one-side.txt").tables
    assert (table.id, table.part, table.header) == ("公开23", "", ("项目", "行次", "金额"))
    assert cells(table) == [("总计", "1", "5.00")]


def test_a_regions_title_variant_is_one_alias(register: Register) -> None:
    text = SEED_TEXT.replace("\n一般公共预算财政拨款支出决算表\n", "\n一般公共预算财政拨款支出情况表\n")
    assert text.count("一般公共预算财政拨款支出情况表") == 1
    with pytest.raises(ReportReadError, match="rows continue after the notes"):
        parse_report_text(text, name="variant.txt")  # unknown: its rows run on into 公开04's
    spec = report_kind("部门决算").spec("公开05")
    assert spec is not None
    register(attrs.evolve(spec, aliases=(*spec.aliases, "一般公共预算财政拨款支出情况表")))
    report = by_key(parse_report_text(text, name="variant.txt"))
    assert report[("公开05", "")].title == "一般公共预算财政拨款支出情况表"
    assert cells(report[("公开05", "")]) == cells(by_key(read_report_folder(EXAMPLE))[("公开05", "")])


def test_the_column_names_the_reader_writes_are_in_the_vocabulary() -> None:
    from govaccts.io import vocabulary
    from govaccts.io.seed_text import cells, headers, statement

    assert {statement.ROW_NUMBERS, headers.COLUMN_NUMBERS, cells.BLOCK_COLUMN} <= set(
        vocabulary.TEXT_HEADERS)
    assert (cells.CODE_COLUMN, cells.NAME_COLUMN) == ("科目代码", "科目名称")
    assert cells.LABEL_COLUMNS == set(vocabulary.CODE_HEADERS) | set(
        vocabulary.NAME_HEADERS) | set(vocabulary.LABEL_HEADERS)
