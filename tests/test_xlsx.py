"""Public tables as .xlsx read through the same specs: the seed report's tables, written as a
workbook the way budget systems export them (title, unit line, header, rows; numbers as
numbers with a 0.00 format), read back to the same figures and the same findings."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

import govaccts
from govaccts.errors import ReportReadError
from govaccts.io.vocabulary import KNOWN_HEADERS

openpyxl = pytest.importorskip("openpyxl")

EXAMPLE = Path(govaccts.__file__).resolve().parent / "examples" / "hetang_2023"
TABLES = {"02.csv": "收入决算表", "03.csv": "支出决算表", "05.csv": "一般公共预算财政拨款支出决算表",
          "06.csv": "一般公共预算财政拨款基本支出决算明细表", "09.csv": "财政拨款“三公”经费支出决算表"}


def _workbook(path: Path, *, drop: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, title in TABLES.items():
        ws = wb.create_sheet(name[:2])
        ws.append([f"2023年度{title}"])
        ws.append(["部门：中共株洲市荷塘区委办公室", None, "单位：万元"])
        with (EXAMPLE / name).open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        ws.append(rows[0])
        for r in rows[1:]:
            if drop and drop in r[:2]:
                continue
            out: list[object] = []
            for j, cell in enumerate(r):
                is_text = not cell or rows[0][j] in KNOWN_HEADERS
                out.append(cell if is_text else float(cell.replace(",", "")))  # float-ok: as Excel stores it
            ws.append(out)
            for c in ws[ws.max_row]:
                if isinstance(c.value, float):
                    c.number_format = "#,##0.00"
    wb.save(path)
    return path


def test_the_seed_tables_read_back_from_xlsx(tmp_path: Path) -> None:
    folder = govaccts.example_report()
    rep = govaccts.read_report(_workbook(tmp_path / "r.xlsx"))
    assert rep.kind.name == "部门决算" and rep.year == 2023
    assert sorted(rep.tables) == ["公开02", "公开03", "公开05", "公开06", "公开09"]
    for key, t in rep.tables.items():
        want = folder.tables[key]
        assert t.columns == want.columns, key
        assert [(r.key, [(c, a.text) for c, a in r.cells]) for r in t.rows] == \
            [(r.key, [(c, a.text) for c, a in r.cells]) for r in want.rows], key
    assert rep.table("公开05").value("201", "小计") == Decimal("443.89")
    keys = {"sum.tree", "sum.row", "precision.column"}
    assert sorted((f.rule, f.table, f.row, f.column, f.difference)
                  for f in govaccts.check(rep) if f.rule in keys) == \
        sorted((f.rule, f.table, f.row, f.column, f.difference)
               for f in govaccts.check(folder) if f.rule in keys and f.table in rep.tables)


def test_a_changed_workbook_is_found_wrong(tmp_path: Path) -> None:
    rep = govaccts.read_report(_workbook(tmp_path / "r.xlsx", drop="2013102"))
    errs = [(f.rule, f.table, f.row) for f in govaccts.check(rep) if f.severity.value == "error"]
    assert ("sum.tree", "公开05", "20131") in errs


def test_a_workbook_without_a_table_says_which_sheets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表无数据"])
    wb.save(tmp_path / "e.xlsx")
    with pytest.raises(ReportReadError, match="sheets: 说明"):
        govaccts.read_report(tmp_path / "e.xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ReportReadError, match="cannot read the workbook"):
        govaccts.read_report(tmp_path / "bad.xlsx")
