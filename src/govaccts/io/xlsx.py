"""Public tables published as ``.xlsx`` (budget systems export them), read through the same
specs as PDF and CSV: one table a sheet, as printed.

A sheet holds a title line, lines such as ``单位：万元`` / ``部门：…``, a header of one or more
rows (a parent label over several columns is carried over them: ``本年支出/基本支出``), and the
rows. Numbers are rendered with their cell's number format (``0.00`` → two decimals), so a
cell keeps the precision it is printed with; a number is never handed on as a float.

Needs the optional ``xlsx`` extra (openpyxl: chosen over python-calamine, which is about 8×
faster but gives no number formats, hence no printed precision; public tables have hundreds
of rows, not millions).
"""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal
from typing import Any

from govaccts.errors import Location, ReportReadError
from govaccts.io.vocabulary import (
    CODE_HEADERS,
    KNOWN_HEADERS,
    LABEL_HEADERS,
    NAME_HEADERS,
    UNIT_LINE,
)
from govaccts.ledger.table import TOTAL
from govaccts.reports.raw import RawReport, RawTable

__all__ = ["read_xlsx_report"]

_DEPT = re.compile(r"(?:部门|单位名称|编制单位|预算单位)\s*[:：]\s*(\S+)")
_YEAR = re.compile(r"(20\d\d)\s*年")
_DECIMALS = re.compile(r"0\.(0+)")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,3}$")


def _text(value: Any, number_format: str) -> str:
    """A cell as printed: a number with the decimals of its format, never a float."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        exact = Decimal(repr(value))  # float-ok: the file stores a double; its shortest repr
        m = _DECIMALS.search(number_format or "")
        if m:
            exact = exact.quantize(Decimal(1).scaleb(-len(m.group(1))))
        text = format(exact, "f")
        return f"{exact:,f}" if "," in (number_format or "") and abs(exact) >= 1000 else text
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return " ".join(str(value).split())


def _load(path: str) -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise ReportReadError("reading .xlsx needs openpyxl: pip install 'govaccts[xlsx]'",
                              location=Location(file=path)) from None
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and format errors of a corrupt file
        raise ReportReadError(f"cannot read the workbook: {exc}",
                              location=Location(file=path)) from None


def _is_header(cells: list[str]) -> bool:
    return any(c in KNOWN_HEADERS for c in cells)


_AMOUNT = re.compile(r"^-?[\d,]+\.\d+$|^-?\d[\d,]*$")


def _is_data(cells: list[str]) -> bool:
    """A row of the body: a code, a total, or an amount beside its label (a 栏次 row of
    column numbers is part of the header)."""
    if cells and cells[0] in ("栏次", "行次"):
        return False
    return (any(_CODE.match(c) for c in cells[:3]) or any(c in (TOTAL, "总计") for c in cells[:3])
            or any(_AMOUNT.match(c) for c in cells[1:]))


def _columns(header_rows: list[list[str]], width: int) -> list[str]:
    names = [""] * width
    for row in header_rows:
        carried = ""
        for j in range(width):
            cell = row[j] if j < len(row) else ""
            below = any(j < len(r) and r[j] for r in header_rows[header_rows.index(row) + 1:])
            if cell:
                carried = cell if below else ""
            part = cell or (carried if below else "")
            if part and part not in names[j].split("/"):
                names[j] = f"{names[j]}/{part}" if names[j] else part
    return names


def _sheet(ws: Any, file: str) -> tuple[RawTable | None, dict[str, str]]:
    rows = [(i, [_text(c.value, getattr(c, "number_format", "")) for c in r])
            for i, r in enumerate(ws.iter_rows(), 1)]
    rows = [(i, c) for i, c in rows if any(c)]
    meta: dict[str, str] = {}
    title = ""
    k = 0
    while k < len(rows) and not _is_header(rows[k][1]):
        line = " ".join(c for c in rows[k][1] if c)
        if (m := UNIT_LINE.search(line)) is not None:
            meta["unit"] = m.group(1)
        if (m := _DEPT.search(line)) is not None:
            meta["department"] = m.group(1)
        if not title and "表" in line and not UNIT_LINE.search(line):
            title = line
        k += 1
    if k == len(rows):
        return None, meta
    width = max(len(c) for _, c in rows)
    start = k
    k += 1  # the header row itself may print 合计 (a column of totals)
    while k < len(rows) and not _is_data(rows[k][1]):
        k += 1
    names = _columns([c for _, c in rows[start:k]], width)
    ci = next((j for j, n in enumerate(names) if n.split("/")[-1] in CODE_HEADERS), None)
    ni = next((j for j, n in enumerate(names)
               if n.split("/")[-1] in (*NAME_HEADERS, *LABEL_HEADERS)), None)
    data = [(i, c + [""] * (width - len(c))) for i, c in rows[k:]]
    if (m := _YEAR.search(title)) is not None:
        meta["year"] = m.group(1)
    title = title or ws.title
    common: dict[str, Any] = dict(id="", title=title, unit=meta.get("unit", "万元"), file=file)
    if ci is not None and ni is not None:
        amount = [j for j in range(width) if j not in (ci, ni)]
        header = ("科目编码", "科目名称", *(names[j] or f"（表头缺失）{j + 1}" for j in amount))
        out = tuple((i, (c[ci], c[ni] or ("" if c[ci] else TOTAL), *(c[j] for j in amount)))
                    for i, c in data)
        codes = [c[ci] for _, c in data if c[ci]]
        layout = "economic" if codes and all(x[0] in "35" for x in codes) else "tree"
        return RawTable(layout=layout, header=header, rows=out, **common), meta
    li = ni if ni is not None else 0
    amount = [j for j in range(width) if j != li]
    header = ("项目", *(names[j] or f"（表头缺失）{j + 1}" for j in amount))
    out = tuple((i, (c[li], *(c[j] for j in amount))) for i, c in data)
    return RawTable(layout="sangong", header=header, rows=out, **common), meta


def read_xlsx_report(path: str | os.PathLike[str], *, kind: str | None = None) -> RawReport:
    """Read a workbook of public tables (one a sheet) into a :class:`RawReport`.

    A sheet without a recognisable header is listed in the error when no sheet has one.
    """
    spath = os.fspath(path)
    wb = _load(spath)
    file = os.path.basename(spath)
    tables: list[RawTable] = []
    meta: dict[str, str] = {}
    skipped: list[str] = []
    for ws in wb.worksheets:
        t, m = _sheet(ws, file)
        meta = {**m, **meta}
        if t is None:
            skipped.append(ws.title)
        else:
            tables.append(t)
    if not tables:
        raise ReportReadError(f"no sheet holds a table with a recognisable header (sheets: "
                              f"{', '.join(skipped)})", location=Location(file=spath))
    titles = " ".join(t.title for t in tables)
    return RawReport(kind=kind or ("部门决算" if "决算" in titles else "部门预算"),
                     department=meta.get("department", ""), year=int(meta.get("year", 0)),
                     unit=tables[0].unit, tables=tuple(tables), source=spath,
                     description=f"{len(tables)} sheets of {file}"
                     + (f"; sheets without a table: {', '.join(skipped)}" if skipped else ""))
