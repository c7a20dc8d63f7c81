"""The PDF reading layer (govaccts.io.pdf) on real published reports.

The committed fixture (tests/fixtures/js_cppcc_2019_budget_tables.pdf) is always read; the
development set (``../shared/devset`` beside the repository, or /work/shared/devset) adds
more documents when it is present.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from govaccts.errors import GovacctsError, ReportReadError
from govaccts.io.pdf import (
    CorruptPdfError,
    EncryptedPdfError,
    PdfDocument,
    PdfLibraryMissingError,
    PdfLine,
    PdfReadError,
    PdfWord,
    ScannedPdfError,
    read_pdf,
)
from govaccts.io.pdf.__main__ import main as dump_main
from govaccts.io.pdf.tables import TableLines, build_table
from shared_material import shared_dir

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "js_cppcc_2019_budget_tables.pdf"


DEVSET = shared_dir("devset")
needs_devset = pytest.mark.skipif(DEVSET is None, reason="development set (../shared/devset) absent")
_cache: dict[str, PdfDocument] = {}


def doc(name: str) -> PdfDocument:
    if name not in _cache:
        assert DEVSET is not None
        _cache[name] = read_pdf(DEVSET / name)
    return _cache[name]


@pytest.fixture(scope="module")
def cppcc() -> PdfDocument:
    return read_pdf(FIXTURE)


# -- the committed fixture ---------------------------------------------------------------

def test_fixture_finds_all_twelve_tables_by_title(cppcc: PdfDocument) -> None:
    assert cppcc.pages == 12
    assert [t.label for t in cppcc.tables] == [f"公开{n:02d}表" for n in range(1, 13)]
    titles = [t.title for t in cppcc.tables]
    assert titles[0] == "收支预算总表"
    assert titles[4] == "财政拨款支出预算表（功能科目）"
    assert titles[6] == "一般公共预算支出预算表（功能科目）"
    assert titles[8] == "“三公”经费、会议费、培训费支出预算表"
    assert all(t.unit == "万元" for t in cppcc.tables)
    assert cppcc.tables[0].meta == ("部门：江苏省政协办公厅 单位：万元",)
    assert [t.pages for t in cppcc.tables] == [(n,) for n in range(1, 13)]


def test_fixture_function_table_rows(cppcc: PdfDocument) -> None:
    t = cppcc.table("一般公共预算支出预算表")
    assert t.columns == ("功能科目编码", "功能科目名称", "金额")
    assert (t.code_columns, t.name_column) == ((0,), 1)
    assert len(t.rows) == 17
    total = t.rows[0]
    assert (total.code, total.name, total.texts()[-1]) == (None, "合计", "13,297.11")
    r = t.row("2010201")
    assert (r.name, r.texts(), r.code_parts) == ("行政运行", ("2010201", "行政运行", "5,223.22"),
                                                 ("201", "02", "01"))
    assert (r.page, r.line) == (7, 8)
    assert t.row("2080505").name == "机关事业单位基本养老保险缴费支出"
    assert t.row("2210202").texts()[-1] == "1,754.17"
    assert [r.code for r in t.rows if r.code and len(r.code) == 3] == ["201", "208", "221"]


def test_fixture_two_sided_statement_keeps_both_sides(cppcc: PdfDocument) -> None:
    t = cppcc.table("收支预算总表")
    first = t.rows[0]
    assert first.name == "一、财政拨款"
    assert "13,297.11" in first.texts() and "一、一般公共服务支出" in first.texts()
    assert "6,522.75" in first.texts()


def test_fixture_empty_table_and_note_in_prose(cppcc: PdfDocument) -> None:
    t = cppcc.table("财政拨款政府性基金支出预算表")
    assert t.rows == ()
    assert any(p.text == "注：本部门无该项目" and p.page == 10 for p in cppcc.prose)


def test_amounts_are_strings_and_positions_ints(cppcc: PdfDocument) -> None:
    for t in cppcc.tables:
        for r in t.rows:
            for c in r.cells:
                if c is not None:
                    assert isinstance(c.text, str)
                    assert isinstance(c.x0, int) and isinstance(c.x1, int)


def test_dump_tool_prints_json(cppcc: PdfDocument, capsys: pytest.CaptureFixture[str]) -> None:
    assert dump_main([str(FIXTURE)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["tables"]) == 12
    row = next(r for r in out["tables"][6]["rows"] if r["code"] == "2010201")
    assert row["cells"] == ["2010201", "行政运行", "5,223.22"]
    assert set(out["tables"][0]) >= {"title", "pages", "unit", "columns", "rows"}


# -- bad input ---------------------------------------------------------------------------

def test_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(PdfReadError, match="file not found"):
        read_pdf(tmp_path / "nope.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"this is not a PDF at all")
    with pytest.raises(CorruptPdfError, match="not a readable PDF") as exc:
        read_pdf(bad)
    assert isinstance(exc.value, ReportReadError) and isinstance(exc.value, GovacctsError)
    assert str(bad) in str(exc.value)


def test_encrypted_pdf(tmp_path: Path) -> None:
    enc = tmp_path / "enc.pdf"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32
            + b"> /P -4 >>"]
    body = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += (b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<" + b"00" * 16 + b"> <"
             + b"00" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    enc.write_bytes(body)
    with pytest.raises(EncryptedPdfError, match="encrypted"):
        read_pdf(enc)


def test_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name.startswith("pypdfium2"):
            raise ImportError("No module named 'pypdfium2'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(PdfLibraryMissingError, match=r"pip install 'govaccts\[pdf\]'"):
        read_pdf(FIXTURE)


# -- layouts the fixture does not print --------------------------------------------------

def _line(page: int, n: int, top: int, *words: tuple[str, int]) -> PdfLine:
    ws = tuple(PdfWord(t, x, x + 100 * len(t) if not t[0].isdigit() else x + 55 * len(t),
                       top, top + 100) for t, x in words)
    return PdfLine(page, n, ws, top, top + 100)


def test_three_column_codes_joined_and_inherited_only_as_printed() -> None:
    header = _line(1, 3, 300, ("类", 100), ("款", 400), ("项", 700), ("科目名称", 1000),
                   ("金额", 2400))
    rows = [
        _line(1, 4, 500, ("201", 100), ("一般公共服务支出", 1000), ("100.00", 2400)),
        _line(1, 5, 700, ("201", 100), ("01", 400), ("人大事务", 1000), ("60.00", 2400)),
        _line(1, 6, 900, ("201", 100), ("01", 400), ("01", 700), ("行政运行", 1000), ("50.00", 2400)),
        _line(1, 7, 1100, ("02", 700), ("一般行政管理事务", 1000), ("10.00", 2400)),
    ]
    t = TableLines(title="支出决算表", label=None, title_lines=[], header=[header], body=rows,
                   data={(r.page, r.line) for r in rows})
    table = build_table(t)
    assert table.code_columns == (0, 1, 2)
    assert [r.code for r in table.rows] == ["201", "20101", "2010101", "2010102"]
    assert table.rows[2].code_parts == ("201", "01", "01")
    assert table.rows[3].code_parts == ("", "", "02")  # as printed; 201|01 from the row above
    assert table.columns == ("类", "款", "项", "科目名称", "金额")


def test_wrapped_name_rejoined_and_unplaced_text_warned() -> None:
    rows = [
        _line(1, 1, 500, ("2080505", 100), ("机关事业单位基本", 1000), ("8.00", 3000)),
        _line(1, 2, 640, ("养老保险缴费支出", 1000)),
        _line(1, 3, 900, ("2080506", 100), ("职业年金", 1000), ("4.00", 3000)),
    ]
    t = TableLines(title="支出表", label=None, title_lines=[], body=rows,
                   data={(1, 1), (1, 3)})
    table = build_table(t)
    assert [r.name for r in table.rows] == ["机关事业单位基本养老保险缴费支出", "职业年金"]


# -- the development set -----------------------------------------------------------------

@needs_devset
def test_scanned_document_raises() -> None:
    assert DEVSET is not None
    with pytest.raises(ScannedPdfError, match="no text layer: this looks scanned; OCR it first"):
        read_pdf(DEVSET / "jinan_2021_city_final_scanned.pdf")


@needs_devset
def test_court_budget_tables() -> None:
    d = doc("js_court_2019_budget.pdf")
    assert (d.issuer, d.year, d.kind) == ("江苏省高级人民法院", 2019, "部门预算")
    t = d.table("一般公共预算支出预算表")
    assert (t.label, t.pages, t.unit) == ("公开07表", (12,), "万元")
    assert len(t.rows) == 18
    assert t.row("2040501").texts()[-1] == "17,279.29"
    assert t.rows[0].name == "合计" and t.rows[0].texts()[-1] == "37,188.34"
    assert len([t for t in d.tables if t.label]) == 12


@needs_devset
def test_procuratorate_table_over_two_pages_and_spaced_total() -> None:
    d = doc("js_procuratorate_2018_budget.pdf")
    t = d.table("一般公共预算支出预算表")
    assert t.pages == (17, 18)
    assert len(t.rows) == 15
    assert t.rows[0].name == "合计"
    assert t.row("2040405").texts()[-1] == "1895.00"
    f = d.table("财政拨款支出预算表")
    assert f.pages == (15, 16) and len(f.rows) == 15
    sangong = d.table("“三公”经费")
    assert sangong.title.endswith("支出预算表")  # a title printed over two lines


@needs_devset
def test_university_final_accounts_wrapped_names_and_repeated_total() -> None:
    d = doc("swu_2023_final.pdf")
    assert (d.issuer, d.year, d.kind) == ("西南大学", 2023, "部门决算")
    t = d.table("高等学校财政拨款支出决算表")
    assert (t.label, t.pages, t.unit) == ("表4", (14, 15), "万元")
    assert len(t.rows) == 24
    assert t.row("20805").name == "行政事业单位养老支出"
    assert t.row("2080505").name == "机关事业单位基本养老保险缴费支出"
    totals = [r for r in t.rows if r.name == "合计"]
    assert len(totals) == 2 and all(r.texts()[-4] == "237,100.00" for r in totals)
    e = d.table("高等学校支出决算表")
    assert e.columns[2:] == ("合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                             "对附属单位补助支出")
    assert e.row("2050205").texts()[2:5] == ("389,606.87", "296,144.16", "93,462.71")


@needs_devset
def test_whole_government_tables_rows_by_indentation() -> None:
    d = doc("hangzhou_2023_city_final.pdf")
    assert d.year == 2023
    t = next(t for t in d.tables if t.title == "2023年杭州市本级一般公共预算专项转移支付决算表")
    assert t.label == "附表十五" and t.unit == "万元"
    assert t.rows[0].name == "合计" and t.rows[0].texts()[1] == "1,334,163"
    first = t.rows[1]
    assert (first.code, first.name) == (None, "一、一般公共服务支出")
    assert first.texts()[1] == "36,535"
    sub = t.rows[2]
    assert sub.name == "1.标准化建设资助"


@needs_devset
def test_prose_only_report_and_reading_order() -> None:
    d = doc("guangzhou_2023_city_final_report.pdf")
    assert d.year == 2023 and d.kind == "决算"
    assert len(d.prose) > 600
    keys = [(p.page, p.line) for p in d.prose]
    assert keys == sorted(keys)


@needs_devset
@pytest.mark.skipif(os.environ.get("GOVACCTS_FAST") == "1", reason="fast run")
def test_big_city_budget_reads_fast_enough() -> None:
    d = doc("jinan_2024_city_budget.pdf")
    assert d.pages == 240 and d.year == 2024 and d.kind == "预算"
    assert len(d.tables) > 100
    assert all(t.unit in ("万元", "元", "亿元", None) for t in d.tables)


@needs_devset
def test_indented_function_table_over_seventeen_pages() -> None:
    d = doc("jinan_2023_city_final.pdf")
    t = d.table("2023年市本级一般公共预算支出决算功能分类明细表")
    assert t.label == "表74" and t.unit == "万元"
    assert t.pages == tuple(range(130, 147))  # the header repeated on every page is dropped
    assert t.columns == ("科目名称", "决算数")
    assert len(t.rows) == 544 and not any(r.name == "科目名称" for r in t.rows)
    top, cls, kuan, xiang = t.rows[:4]
    assert (top.name, top.texts()[1]) == ("一般公共预算支出", "4485326")
    assert [(r.code, r.name, r.indent) for r in (cls, kuan, xiang)] == [
        (None, "一般公共服务支出", 0), (None, "人大事务", 1), (None, "行政运行", 2)]
