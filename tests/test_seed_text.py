"""Tests of govaccts.io.seed_text: reading seed-style (PDF-extracted, tab-separated) report text."""

from __future__ import annotations

from pathlib import Path

import pytest

from govaccts.errors import ReportReadError
from govaccts.io.folders import read_report_folder
from govaccts.io.seed_text import MISSING_HEADER, parse_report_text, read_report_text
from govaccts.reports.raw import RawReport, RawTable

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govaccts" / "examples" / "hetang_2023"
SEED = EXAMPLE / "seed.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")


@pytest.fixture(scope="module")
def fixture() -> RawReport:
    return read_report_folder(EXAMPLE)


@pytest.fixture(scope="module")
def parsed() -> RawReport:
    return read_report_text(SEED)


def cells(table: RawTable) -> list[tuple[str, ...]]:
    return [c for _, c in table.rows]


def same_content(a: RawTable, b: RawTable) -> tuple[object, ...]:
    """Everything but the file, the line numbers and the notes."""
    return (a.id, a.part, a.title, a.layout, a.header, cells(a), a.unit, a.empty_note)


def by_key(report: RawReport) -> dict[tuple[str, str], RawTable]:
    return {(t.id, t.part): t for t in report.tables}


def line_of(prefix: str) -> int:
    """0-based index of the only seed line starting with ``prefix``."""
    hits = [i for i, line in enumerate(SEED_LINES) if line.startswith(prefix)]
    assert len(hits) == 1, (prefix, hits)
    return hits[0]


def mutated(index: int, new: str | None) -> str:
    """The seed with line ``index`` replaced (or deleted when ``new`` is None)."""
    lines = list(SEED_LINES)
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\n".join(lines)


# --- the seed equals its hand transcription ---------------------------------------------------


def test_seed_has_the_fixtures_tables_in_order(parsed: RawReport, fixture: RawReport) -> None:
    assert [(t.id, t.part) for t in parsed.tables] == [(t.id, t.part) for t in fixture.tables]


@pytest.mark.parametrize("index", range(11))
def test_seed_table_equals_fixture(index: int, parsed: RawReport, fixture: RawReport) -> None:
    got, want = parsed.tables[index], fixture.tables[index]
    assert got.header == want.header
    assert cells(got) == cells(want)
    assert same_content(got, want) == same_content(want, want)


def test_metadata(parsed: RawReport) -> None:
    assert parsed.department == "中共株洲市荷塘区委办公室"
    assert parsed.year == 2023
    assert parsed.unit == "万元"
    assert parsed.kind == "部门决算"
    assert parsed.source == str(SEED)
    assert all(t.unit == "万元" and t.file == str(SEED) for t in parsed.tables)


def test_titles_are_kept_as_printed(parsed: RawReport) -> None:
    titles = by_key(parsed)
    assert titles[("公开08", "")].title == "国有资产经营预算财政拨款支出决算表"  # misprint kept
    assert titles[("公开09", "")].title == "财政拨款“三公”经费支出决算表"
    assert titles[("公开04", "支出")].title == "财政拨款收入支出决算总表"
    assert titles[("公开01", "收入")].title == "收入支出决算总表"


def test_row_line_numbers_point_at_the_seed(parsed: RawReport) -> None:
    for table in parsed.tables:
        for line, row in table.rows:
            assert line is not None
            printed = SEED_LINES[line - 1]
            if table.layout == "economic" and row[2].endswith("合计"):
                printed = SEED_LINES[line - 2] + printed  # label above its amount
            for cell in row:
                if table.layout == "economic" and cell in ("人员经费", "公用经费"):
                    continue  # block labels are printed in the header
                if table.layout == "sangong" and cell in ("预算数", "决算数"):
                    continue
                assert cell in printed, (table.id, line, cell)


def test_notes_for_the_artefacts(parsed: RawReport) -> None:
    t03 = by_key(parsed)[("公开03", "")]
    assert t03.header[-1] == MISSING_HEADER
    assert any(MISSING_HEADER in n and "6" in n and "7" in n for n in t03.notes)
    assert any("printed in one cell" in n for n in t03.notes)  # "201 一般公共服务支出"
    assert not any("printed in one cell" in n for n in by_key(parsed)[("公开02", "")].notes)
    t09 = by_key(parsed)[("公开09", "")]
    assert any("1 extra value" in n and "0.00" in n for n in t09.notes)
    t01 = by_key(parsed)[("公开01", "收入")]
    assert any("inferred from the title" in n for n in t01.notes)


def test_empty_tables(parsed: RawReport) -> None:
    tables = by_key(parsed)
    for key in ("公开07", "公开08"):
        t = tables[(key, "")]
        assert cells(t) == [("", "合计", *[""] * (len(t.header) - 2))]
        assert t.empty_note.startswith("说明：") and t.empty_note.endswith("故本表无数据。")
    assert tables[("公开05", "")].empty_note == ""


def test_narrative(parsed: RawReport, fixture: RawReport) -> None:
    assert parsed.narrative is not None
    assert parsed.narrative.startswith("第三部分")
    assert "一、收入支出决算总体情况说明" in parsed.narrative
    assert parsed.narrative == fixture.narrative


# --- file handling and encodings ----------------------------------------------------------------


def test_gbk_copy_parses_identically(tmp_path: Path, parsed: RawReport) -> None:
    p = tmp_path / "seed-gbk.txt"
    p.write_bytes(SEED_TEXT.encode("gb18030"))
    gbk = read_report_text(p)
    assert [same_content(t, t) for t in gbk.tables] == [same_content(t, t) for t in parsed.tables]
    assert [t.rows for t in gbk.tables] == [t.rows for t in parsed.tables]
    assert gbk.narrative == parsed.narrative
    assert (gbk.department, gbk.year, gbk.unit) == (parsed.department, parsed.year, parsed.unit)


def test_crlf_and_bom(parsed: RawReport) -> None:
    text = "\ufeff" + SEED_TEXT.replace("\n", "\r\n")
    report = parse_report_text(text, name="crlf.txt")
    assert [t.rows for t in report.tables] == [t.rows for t in parsed.tables]
    assert report.narrative == parsed.narrative


def test_text_or_path_api(parsed: RawReport) -> None:
    from_str_path = read_report_text(str(SEED))
    from_text = read_report_text(SEED_TEXT, name="inline")
    assert from_text.source == "inline" and from_str_path.source == str(SEED)
    assert from_text.tables[3].file == "inline"
    for report in (from_str_path, from_text):
        assert [t.rows for t in report.tables] == [t.rows for t in parsed.tables]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportReadError) as err:
        read_report_text(tmp_path / "nope.txt")
    assert err.value.location is not None
    assert err.value.location.file == str(tmp_path / "nope.txt")


# --- bad inputs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_text(text: str) -> None:
    with pytest.raises(ReportReadError) as err:
        parse_report_text(text, name="empty.txt")
    assert err.value.location is not None and err.value.location.file == "empty.txt"


def test_text_without_tables() -> None:
    text = "\n".join(SEED_LINES[:82] + SEED_LINES[374:])  # cover, TOC, narrative; no tables
    with pytest.raises(ReportReadError, match="no public table") as err:
        parse_report_text(text, name="no-tables.txt")
    assert err.value.location is not None and err.value.location.file == "no-tables.txt"


def test_row_with_two_extra_values() -> None:
    i = line_of("201\t一般公共服务支出\t463.39")
    text = mutated(i, SEED_LINES[i] + "\t1.00\t2.00")
    with pytest.raises(ReportReadError) as err:
        parse_report_text(text, name="bad.txt")
    assert err.value.location is not None
    assert (err.value.location.file, err.value.location.line) == ("bad.txt", i + 1)
    assert "bad.txt" in str(err.value) and str(i + 1) in str(err.value)


def test_every_row_with_two_extra_values_is_not_explained() -> None:
    lines = list(SEED_LINES)
    start, end = line_of("支出决算表"), line_of("注:本表反映部门本年度各项支出情况")
    for i in range(start, end):
        if lines[i].startswith(("合计\t", "2")):
            lines[i] = lines[i].rstrip("\t") + "\t0.00\t"
    with pytest.raises(ReportReadError, match="8 values") as err:
        parse_report_text("\n".join(lines), name="bad.txt")
    assert err.value.location is not None and err.value.location.line is not None


def test_only_some_rows_with_an_extra_value() -> None:
    i = line_of("20101 人大事务")
    cells = SEED_LINES[i].split("\t")
    del cells[-2]  # this row of 03 loses its 7th value: which column is missing is unknown
    with pytest.raises(ReportReadError, match="cannot tell") as err:
        parse_report_text(mutated(i, "\t".join(cells)), name="bad.txt")
    assert err.value.location is not None and err.value.location.line == i + 1


def test_sangong_extra_values_must_all_be_equal() -> None:
    i = line_of("1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t")
    text = mutated(i, SEED_LINES[i][:-4] + "1.00")
    with pytest.raises(ReportReadError, match="cannot tell which is extra") as err:
        parse_report_text(text, name="bad.txt")
    assert err.value.location is not None and err.value.location.line == i + 1


def test_shifted_statement_cells() -> None:
    i = line_of("总计\t31\t563.56")
    text = mutated(i, "总计\t563.56\t总计\t62\t563.56")  # 行次 dropped: everything shifts
    with pytest.raises(ReportReadError) as err:
        parse_report_text(text, name="bad.txt")
    assert err.value.location is not None and err.value.location.line == i + 1


@pytest.mark.parametrize("garbage", [
    bytes(range(256)) * 8,
    b"\x89PNG\r\n\x1a\n" + bytes((i * 7919) % 256 for i in range(4096)),
])
def test_binary_garbage(tmp_path: Path, garbage: bytes) -> None:
    p = tmp_path / "garbage.txt"
    p.write_bytes(garbage)
    with pytest.raises(ReportReadError) as err:
        read_report_text(p)
    assert err.value.location is not None
    assert err.value.location.file == str(p) and err.value.location.line is not None


def test_control_characters_in_text() -> None:
    i = line_of("20126\t档案事务\t23.95\t23.95\t0.00")
    with pytest.raises(ReportReadError, match="control character") as err:
        parse_report_text(mutated(i, SEED_LINES[i] + "\x00"), name="nul.txt")
    assert err.value.location is not None and err.value.location.line == i + 1


def test_no_unit_anywhere() -> None:
    text = "\n".join(line for line in SEED_LINES if "金额单位" not in line)
    with pytest.raises(ReportReadError, match="金额单位"):
        parse_report_text(text, name="nounit.txt")


# --- nothing is hardcoded -----------------------------------------------------------------------


def test_deleted_row_is_missing(fixture: RawReport) -> None:
    i = line_of("2013102\t一般行政管理事务\t87.04\t0.00\t87.04")
    report = parse_report_text(mutated(i, None), name="deleted.txt")
    want = [c for c in cells(by_key(fixture)[("公开05", "")]) if c[0] != "2013102"]
    assert cells(by_key(report)[("公开05", "")]) == want
    assert len(want) == len(by_key(fixture)[("公开05", "")].rows) - 1


def test_changed_values_are_read(fixture: RawReport) -> None:
    i = line_of("201\t一般公共服务支出\t463.39")
    j = line_of("30103\t奖金\t90.32")
    text = mutated(i, SEED_LINES[i].replace("463.39", "463.40"))
    text = text.replace(SEED_LINES[j], SEED_LINES[j].replace("90.32", "90.33"))
    report = by_key(parse_report_text(text, name="changed.txt"))
    assert cells(report[("公开02", "")])[1][:3] == ("201", "一般公共服务支出", "463.40")
    assert ("人员经费", "30103", "奖金", "90.33") in cells(report[("公开06", "")])
    assert cells(report[("公开03", "")]) == cells(by_key(fixture)[("公开03", "")])


@pytest.mark.parametrize("title", [
    "财政拨款\"三公\"经费支出决算表", "财政拨款「三公」经费支出决算表",
    "财政拨款三公经费支出决算表",
])
def test_sangong_title_quotes(title: str) -> None:
    i = line_of("财政拨款“三公”经费支出决算表")
    report = by_key(parse_report_text(mutated(i, title), name="q.txt"))
    assert report[("公开09", "")].title == title
    assert len(report[("公开09", "")].rows) == 2


def test_department_from_the_cover() -> None:
    text = "\n".join(line for line in SEED_LINES
                     if not line.startswith(("部门：", "部门:")))
    assert parse_report_text(text, name="cover.txt").department == "中共株洲市荷塘区委办公室"


def test_printed_marker_sets_the_id() -> None:
    i = line_of("部门:中共株洲市荷塘区委办公室\t\t\t\t\t公开05表")
    report = parse_report_text(mutated(i, SEED_LINES[i].replace("05", "10")), name="ids.txt")
    titles = {t.title: t.id for t in report.tables}
    assert titles["一般公共预算财政拨款支出决算表"] == "公开10"


ROWS = "\t".join
OTHER_DISTRICT = "\n".join([
    "某某县财政局2022年度部门决算",
    "目录",
    "- 一、收入支出决算总表",
    "- 三、支出决算表",
    "第二部分 部门决算表",
    "收入支出决算总表",
    "公开01表",
    "部门：某某县财政局",
    "金额单位：元",
    ROWS(["收入", "", "", "支出", "", ""]),
    ROWS(["项目", "行次", "金额", "项目", "行次", "金额"]),
    ROWS(["栏次", "", "1", "栏次", "", "2"]),
    ROWS(["一、一般公共预算财政拨款收入", "1", "100.00", "一、一般公共服务支出", "5", "90.00"]),
    ROWS(["", "2", "", "二、住房保障支出", "6", "10.00"]),
    ROWS(["本年收入合计", "3", "100.00", "本年支出合计", "7", "100.00"]),
    ROWS(["总计", "4", "100.00", "总计", "8", "100.00"]),
    "支出决算表",
    ROWS(["部门：某某县财政局", "", "", "公开03表"]),
    ROWS(["项目", "", "", "金额单位：元"]),
    ROWS(["科目代码", "科目名称", "本年支出合计", "基本支出", "项目支出"]),
    ROWS(["栏次", "1", "2", "3", ""]),
    ROWS(["合计", "100.00", "80.00", "20.00"]),
    ROWS(["201 一般公共服务支出", "90.00", "70.00", "20.00"]),
    ROWS(["20106 财政事务", "90.00", "70.00", "20.00"]),
    ROWS(["2010601 行政运行", "90.00", "70.00", "20.00"]),
    ROWS(["221 住房保障支出", "10.00", "10.00", "0.00"]),
    "注：本表反映部门本年度各项支出情况。",
    "2022年度财政拨款'三公'经费支出决算表",
    "公开07表",
    "金额单位：元",
    ROWS(["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""]),
    ROWS(["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"] * 2),
    ROWS(["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2),
    ROWS([str(k) for k in range(1, 13)]),
    ROWS(["1.00", "0.50", "0.30", "0.00", "0.30", "0.20",
          "0.90", "0.40", "0.30", "0.00", "0.30", "0.20"]),
    "第三部分 2022年度部门决算情况说明",
    "一、收入支出决算总体情况说明",
])


def test_a_report_from_another_district() -> None:
    report = parse_report_text(OTHER_DISTRICT, name="other.txt")
    assert (report.department, report.year, report.unit) == ("某某县财政局", 2022, "元")
    tables = by_key(report)
    assert cells(tables[("公开01", "收入")]) == [
        ("一、一般公共预算财政拨款收入", "1", "100.00"), ("本年收入合计", "3", "100.00"),
        ("总计", "4", "100.00")]
    assert cells(tables[("公开01", "支出")])[1] == ("二、住房保障支出", "6", "10.00")
    t03 = tables[("公开03", "")]
    assert t03.header == ("科目代码", "科目名称", "本年支出合计", "基本支出", "项目支出")
    assert cells(t03)[0] == ("", "合计", "100.00", "80.00", "20.00")
    assert cells(t03)[3] == ("2010601", "行政运行", "90.00", "70.00", "20.00")
    assert not any(MISSING_HEADER in n for n in t03.notes)
    t09 = tables[("公开07", "")]  # 三公 numbered 07 in this region
    assert t09.title == "2022年度财政拨款'三公'经费支出决算表"
    assert t09.header == ("区块", "合计", "因公出国（境）费", "公务用车购置及运行维护费小计",
                          "公务用车购置费", "公务用车运行维护费", "公务接待费")
    assert cells(t09) == [("预算数", "1.00", "0.50", "0.30", "0.00", "0.30", "0.20"),
                          ("决算数", "0.90", "0.40", "0.30", "0.00", "0.30", "0.20")]
    assert report.narrative == "第三部分 2022年度部门决算情况说明\n一、收入支出决算总体情况说明"


def test_the_report_keeps_its_majority_unit_when_the_first_table_prints_another() -> None:
    i = line_of("收入支出决算总表")  # 公开01 prints no unit in the seed; here it prints 元
    report = parse_report_text(mutated(i, SEED_LINES[i] + "\n金额单位：元"), name="units.txt")
    assert report.unit == "万元"
    assert {(t.id, t.unit) for t in report.tables if t.id == "公开01"} == {("公开01", "元")}
    assert {t.unit for t in report.tables if t.id != "公开01"} == {"万元"}
