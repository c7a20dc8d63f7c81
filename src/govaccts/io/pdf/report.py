"""A read PDF as a report: each :class:`PdfTable` becomes a :class:`RawTable` (cells as
printed, with page and line), the prose becomes the narrative, the cover gives kind,
department and year. The builder then types it like any other reading.

A table that prints several label columns side by side (a 收支总表: 收入 items and
amounts on the left, 支出 on the right) is split into one part a label column, each with
the amount columns up to the next label column, so every side reads as a statement.
"""

from __future__ import annotations

import itertools
import os
import re
from typing import Any

from govaccts.errors import Location, ReportReadError
from govaccts.io.pdf.document import read_pdf
from govaccts.io.pdf.model import PdfDocument, PdfTable
from govaccts.io.vocabulary import SPLIT_HEADERS
from govaccts.ledger.table import TOTAL
from govaccts.reports.raw import RawReport, RawTable

__all__ = ["pdf_to_raw", "read_pdf_report"]

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^[-—–－]$")
_MISSING = "（表头缺失）"


def read_pdf_report(path: str | os.PathLike[str], *, kind: str | None = None) -> RawReport:
    """Read a text-layer PDF report into a :class:`RawReport` (see the module docstring)."""
    return pdf_to_raw(read_pdf(path), kind=kind)


def _kind(doc: PdfDocument) -> str:
    """The report kind: from the cover, else from the table titles (预算 / 决算)."""
    text = " ".join(filter(None, [doc.kind or "", doc.title or "",
                                  *(t.title for t in doc.tables[:4])]))
    if "决算" in text:
        return "部门决算" if "部门" in text or not doc.tables or "高等学校" in text else "决算"
    if "预算" in text:
        return "部门预算"
    return doc.kind or ""


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for i, n in enumerate(names):
        n = n or f"{_MISSING}{i + 1}"
        base, k = n, 2
        while n in out:
            n, k = f"{base}#{k}", k + 1
        out.append(n)
    return out


def _label_columns(t: PdfTable) -> list[int]:
    """Columns holding text labels (not amounts) in most of their non-blank cells."""
    out = []
    for j in range(len(t.columns)):
        cells = [r.texts()[j] for r in t.rows if j < len(r.cells) and r.texts()[j]]
        if cells and sum(not _AMOUNT.match(c.replace(" ", "")) for c in cells) * 2 > len(cells):
            out.append(j)
    return out


def _side_name(header: str, k: int) -> str:
    for word in ("收入", "支出"):
        if word in header:
            return word
    return f"第{k + 1}栏"


def _tables(t: PdfTable, file: str) -> list[RawTable]:
    width = len(t.columns)
    names = _unique(list(t.columns))
    coded = any(r.code for r in t.rows)
    row_pages = tuple(r.page for r in t.rows)
    common: dict[str, Any] = dict(title=t.title, unit=t.unit or "万元", file=file,
                                  pages=t.pages, notes=tuple(t.warnings), row_pages=row_pages)
    if coded:
        skip = {t.name_column, *t.code_columns}
        amount = [j for j in range(width) if j not in skip]
        header = ("科目编码", "科目名称", *(names[j] for j in amount))
        rows = tuple((r.line, (r.code or "", r.name or ("" if r.code else TOTAL),
                               *(r.texts()[j] if j < len(r.cells) else "" for j in amount)))
                     for r in t.rows)
        codes = [r.code for r in t.rows if r.code]
        layout = "economic" if all(c[0] in "35" for c in codes) else "tree"
        return [RawTable(id=t.label or "", layout=layout, header=header, rows=rows, **common)]
    labels = _label_columns(t)
    if len(labels) > 1 and not any(h in SPLIT_HEADERS for h in t.columns):
        out: list[RawTable] = []
        bounds = [*labels, width]
        for k, (lo, hi) in enumerate(itertools.pairwise(bounds)):
            amount = list(range(lo + 1, hi))
            if not amount:
                continue
            header = ("项目", *(names[j] for j in amount))
            rows = tuple((r.line, (r.texts()[lo], *(r.texts()[j] for j in amount)))
                         for r in t.rows if any(r.texts()[j] for j in (lo, *amount)))
            part = _side_name(names[lo], k)
            if any(p.part == part for p in out):
                part = f"{part}{k + 1}"
            pages = tuple(r.page for r in t.rows if any(r.texts()[j] for j in (lo, *amount)))
            out.append(RawTable(id=t.label or "", layout="statement", header=header, rows=rows,
                                part=part, **(common | {"row_pages": pages})))
        return out
    label = labels[0] if labels else None
    amount = [j for j in range(width) if j != label]
    header = ("项目", *(names[j] for j in amount))
    rows = tuple((r.line, ((r.texts()[label] if label is not None else r.name) or
                           (TOTAL if len(t.rows) == 1 else ""),
                           *(r.texts()[j] for j in amount))) for r in t.rows)
    return [RawTable(id=t.label or "", layout="sangong", header=header, rows=rows, **common)]


def pdf_to_raw(doc: PdfDocument, *, kind: str | None = None) -> RawReport:
    """The :class:`RawReport` of a read PDF (``kind`` overrides what the cover says)."""
    file = os.path.basename(doc.path)
    if not doc.tables and not doc.prose:
        seen = "; ".join(doc.table_like_titles_seen[:12]) or "none"
        raise ReportReadError(f"no public table and no prose found (table-like titles seen: "
                              f"{seen})", location=Location(file=doc.path))
    tables: list[RawTable] = []
    for t in doc.tables:
        tables.extend(_tables(t, file))
    narrative = "\n".join(p.text for p in doc.prose) if doc.prose else None
    units = [t.unit for t in doc.tables if t.unit]
    unit = max(set(units), key=units.count) if units else "万元"
    return RawReport(kind=kind or _kind(doc), department=doc.issuer or "", year=doc.year or 0,
                     unit=unit, tables=tuple(tables), narrative=narrative, source=doc.path,
                     description=doc.title or "", narrative_file=file,
                     narrative_pages=tuple((p.page, p.line) for p in doc.prose))
