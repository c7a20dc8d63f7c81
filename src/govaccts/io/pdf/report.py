"""A read PDF as a report: each :class:`PdfTable` becomes a :class:`RawTable` (cells as
printed, with page and line), the prose becomes the narrative, the cover gives kind,
department and year. The builder then types it like any other reading.

A table that prints several label columns side by side (a 收支总表: 收入 items and
amounts on the left, 支出 on the right) is split into one part a label column, each with
the amount columns up to the next label column, so every side reads as a statement.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

import attrs

from govaccts.errors import Location, ReportReadError
from govaccts.io.pdf.classify import squash
from govaccts.io.pdf.document import read_pdf
from govaccts.io.pdf.model import PdfDocument, PdfTable
from govaccts.io.pdf.sides import grid_of, label_columns, sides
from govaccts.io.vocabulary import DEPARTMENT_END
from govaccts.ledger.table import TOTAL
from govaccts.reports.kinds import report_kinds
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.spec import Layout, ReportKind

__all__ = ["choose_kind", "merge_raw", "pdf_to_raw", "read_pdf_report"]

_MISSING = "（表头缺失）"


def read_pdf_report(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
                    kind: str | None = None) -> RawReport:
    """Read a text-layer PDF report into a :class:`RawReport` (see the module docstring);
    a sequence of paths is one report printed in several files (:func:`merge_raw`)."""
    if isinstance(path, (str, os.PathLike)):
        return pdf_to_raw(read_pdf(path), kind=kind)
    return merge_raw([pdf_to_raw(read_pdf(p), kind=kind) for p in path], kind=kind)


def merge_raw(parts: Sequence[RawReport], *, kind: str | None = None) -> RawReport:
    """One report from the files it is printed in (a 情况说明 in one PDF, the tables in
    another): every file's tables, in order, each keeping its file; the prose of every
    file in order, each line with its file (``narrative_files``); the kind, department
    and year from the first file that states them.

    A kind given is kept; else the kind of the file that has tables decides (the
    prose-only half of a report cannot tell a budget's tables from a final account's).
    """
    if not parts:
        raise ReportReadError("no file given for the report")
    lines: list[str] = []
    pages: list[tuple[int, int]] = []
    files: list[str] = []
    for r in parts:
        text = (r.narrative or "").splitlines()
        lines += text
        pages += list(r.narrative_pages) or [(0, 0)] * len(text)
        files += [r.narrative_file or r.source or ""] * len(text)
    with_tables = [r for r in parts if r.tables] or list(parts)
    units = [t.unit for r in parts for t in r.tables]
    named = sorted({f for f in files if f}, key=files.index)
    return RawReport(
        kind=kind or with_tables[0].kind,
        department=next((r.department for r in parts if r.department), ""),
        year=next((r.year for r in parts if r.year), 0),
        unit=max(set(units), key=units.count) if units else parts[0].unit,
        tables=tuple(t for r in parts for t in r.tables),
        narrative="\n".join(lines) if lines else None,
        source=" + ".join(r.source or "" for r in parts),
        description=" + ".join(r.description for r in parts if r.description),
        narrative_file=named[0] if len(named) == 1 else " + ".join(named) or None,
        narrative_pages=tuple(pages), narrative_files=tuple(files),
        notes=tuple(n for r in parts for n in r.notes))


def _stage(doc: PdfDocument) -> str:
    """预算 or 决算: from the cover, else from the table titles, else from the first
    lines of prose (the more frequent word)."""
    cover = " ".join(filter(None, [doc.kind or "", doc.title or ""]))
    prose = " ".join(p.text for p in doc.prose[:60])
    for text in (cover, " ".join(t.title for t in doc.tables), prose):
        b, f = text.count("预算"), text.count("决算")
        if f and (f >= b or "决算" in (doc.kind or "")):
            return "决算"
        if b:
            return "预算"
    return ""


_GOVERNMENT = re.compile(r"[省市区县](?:级|本级)?(?:\d{4}年)?(?:政府)?(?:预算|决算)")
"""A cover naming a level of government's own 预算/决算 (市级决算, 全市预算 …)."""


def choose_kind(doc: PdfDocument) -> str:
    """The report kind of a read PDF: among the registered kinds of the cover's stage
    (预算 / 决算), the one that identifies most of the document's table titles (ties go
    to the kind the cover names); a document with no identified table keeps the cover's
    kind (部门… for a department, else the government kind of the stage when one is
    registered)."""
    stage = _stage(doc)
    kinds = [k for k in report_kinds() if not stage or k.stage == stage] or list(report_kinds())
    cover = (doc.kind or "").replace("单位", "部门")

    def score(k: ReportKind) -> tuple[int, bool]:
        return (sum(k.identify(t.title) is not None for t in doc.tables),
                cover in (k.name, *k.aliases))

    best = max(kinds, key=score) if kinds else None
    if best is not None and score(best)[0] > 0:
        return best.name
    dept = [k for k in kinds if k.name.startswith("部门")]
    gov = [k for k in kinds if k.name.startswith("政府")]
    on_cover = " ".join(filter(None, [doc.kind or "", doc.title or ""]))
    if gov and "部门" not in on_cover and "单位" not in on_cover and _GOVERNMENT.search(on_cover):
        return gov[0].name  # 关于广州市2023年市级决算（草案）的报告: the government's report
    text = " ".join(filter(None, [on_cover, *(p.text for p in doc.prose[:60])]))
    if ("部门" in text or "单位" in text) and dept:
        return dept[0].name
    if gov:
        return gov[0].name
    return dept[0].name if dept else (doc.kind or "")


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for i, n in enumerate(names):
        n = n or f"{_MISSING}{i + 1}"
        base, k = n, 2
        while n in out:
            n, k = f"{base}#{k}", k + 1
        out.append(n)
    return out


def is_chart(t: PdfTable) -> bool:
    """A chart read as a table: no header, and every figure printed is a percentage
    (a pie chart's labels and its legend)."""
    texts = [x for r in t.rows for x in r.texts() if x]
    figures = [x for x in texts if re.fullmatch(r"[-\d.,]+%?", x.replace(" ", ""))]
    return (not any(c.strip() for c in t.columns) and bool(figures)
            and all(x.endswith("%") for x in figures))


_EMPTY_NOTE = re.compile(r"[（(]?(?:此表为空|本表为空|本表无数据|(?:本单位|本部门)?无[\u4e00-\u9fff]{2,16}"
                         r"(?:支出|收入|经费|项目|数据)(?:[,，。；][^）)]*)?)[)）]?")


def _empty_note(t: PdfTable) -> tuple[str, PdfTable]:
    """A note printed in an empty table's header (``此表为空``, ``（无政府性基金支出）``):
    the table's 说明, taken out of the column names."""
    if any(r.amounts() for r in t.rows):
        return "", t
    for text in [*t.columns, *(c for row in t.header_rows for c in row), *t.meta]:
        m = _EMPTY_NOTE.search(squash(text))
        if m:
            cols = tuple(_EMPTY_NOTE.sub("", squash(c)) for c in t.columns)
            return m.group(0), attrs.evolve(t, columns=cols)
    return "", t


def _records(t: PdfTable, file: str) -> RawTable:
    """A table of records (政府采购, 绩效) with every printed column: the first one is the
    row label, the others are kept as printed (the builder keeps text as text)."""
    note, t = _empty_note(t)
    names = _unique(list(t.columns))
    rows = tuple((r.line, tuple(r.texts()[j] if j < len(r.cells) else "" for j in range(len(names))))
                 for r in t.rows)
    header = ("项目", *names[1:]) if names else ("项目",)
    return RawTable(id=t.label or "", title=t.title, layout="list", header=header, rows=rows,
                    unit=t.unit or "万元", file=file, pages=t.pages, notes=tuple(t.warnings),
                    row_pages=tuple(r.page for r in t.rows), empty_note=note)


def _tables(t: PdfTable, file: str) -> list[RawTable]:
    note, t = _empty_note(t)
    width = len(t.columns)
    names = _unique(list(t.columns))
    coded = any(r.code for r in t.rows)
    row_pages = tuple(r.page for r in t.rows)
    common: dict[str, Any] = dict(title=t.title, unit=t.unit or "万元", file=file,
                                  pages=t.pages, notes=tuple(t.warnings), row_pages=row_pages,
                                  empty_note=note, department=table_department(t),
                                  columns_uncertain=t.columns_uncertain)
    if is_chart(t):
        header = ("项目", *names)
        rows = tuple((r.line, (r.name, *r.texts())) for r in t.rows)
        note = "a chart (a legend and percentages, no header, no amount): kept as text"
        return [RawTable(id=t.label or "", layout="list", header=header, rows=rows,
                         **(common | {"notes": (*common["notes"], note), "empty_note": note}))]
    code_cols, name_col = t.code_columns, t.name_column
    if not coded:  # an empty table (or one of totals only) printed with code columns
        heads = [squash(c) for c in t.columns]
        cc = next((j for j, h in enumerate(heads) if re.search(r"编码|代码", h)), None)
        nc = next((j for j, h in enumerate(heads) if "名称" in h and j != cc), None)
        if cc is not None and nc is not None:
            coded, code_cols, name_col = True, (cc,), nc
    if coded:
        skip = {name_col, *code_cols}
        amount = [j for j in range(width) if j not in skip]
        header = ("科目编码", "科目名称", *(names[j] for j in amount))
        kept = list(t.rows)
        if (len(kept) > 2 and not kept[0].code and not kept[-1].code
                and kept[0].name == kept[-1].name
                and [kept[0].texts()[j] for j in amount] == [kept[-1].texts()[j] for j in amount]):
            note = (f"page {kept[-1].page} line {kept[-1].line}: the total row {kept[-1].name} "
                    "printed again at the foot with the same figures: read once")
            kept.pop()
            common = common | {"notes": (*common["notes"], note),
                               "row_pages": tuple(r.page for r in kept)}
        rows = tuple((r.line, (r.code or "", r.name or ("" if r.code else TOTAL),
                               *(r.texts()[j] if j < len(r.cells) else "" for j in amount)))
                     for r in kept)
        codes = [r.code for r in kept if r.code]
        layout = "economic" if all(c[0] in "35" for c in codes) else "tree"
        return [RawTable(id=t.label or "", layout=layout, header=header, rows=rows, **common)]
    g = grid_of(t)
    labels = label_columns(g)
    if not labels:  # one line of amounts (a 三公 table, a 支出总表 of totals only)
        header = ("项目", *names)
        rows = tuple((r.line, (r.name or (TOTAL if len(t.rows) == 1 else ""), *r.texts()))
                     for r in t.rows)
        return [RawTable(id=t.label or "", layout="sangong", header=header, rows=rows, **common)]
    out: list[RawTable] = []
    parts = sides(g, labels)
    for side in parts:
        header = ("项目", *_unique([t.columns[j] for j in side.amounts]))
        rows = tuple((g.lines[i], (label, *texts)) for i, label, texts in side.rows)
        layout = "statement" if len(parts) > 1 or len(t.rows) > 1 else "sangong"
        out.append(RawTable(id=t.label or "", layout=layout, header=header, rows=rows,
                            part=side.name, **(common | {
                                "row_pages": tuple(g.pages[i] for i, _, _ in side.rows),
                                "row_indents": tuple(t.rows[i].indent for i, _, _ in side.rows)})))
    return out


_DEPT_RE = re.compile(r"(?:部门名称|单位名称|部门|单位)\s*[:：]\s*(\S{3,}?)(?:\s|单位[:：]|$)")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?\s*(?:预算|决算)")


def table_department(t: PdfTable, pattern: re.Pattern[str] | None = None) -> str:
    """The department a table's heading names (``部门名称：深圳市交通运输局（本级）``,
    ``编制单位：…``); a 单位名称 or 预算单位 may be a unit of the department, not it."""
    for line in t.meta:
        m = (pattern or _TABLE_DEPT_RE).search(line)
        if m and not m.group(1).startswith(("万元", "元")) and not re.search(r"[:：]", m.group(1)):
            return m.group(1)
    return ""


_TABLE_DEPT_RE = re.compile(r"(?:部门名称|编制单位|编制部门|(?<![单预])部门)\s*[:：]\s*(\S{3,}?)"
                            r"(?:\s|单位[:：]|$)")


def _department(doc: PdfDocument) -> str:
    """The department: the cover's, unless the line break cut it (「深圳市气象局部门预」,
    「…交通管理局（本」) and the tables name it whole; the tables' when the cover names none."""
    named = next((d for t in doc.tables if (d := table_department(t, _DEPT_RE))), "")
    whole = re.sub(r"[（(]本级[)）]$", "", named)
    issuer = doc.issuer or ""
    core = re.sub(r"(?:部(?:门(?:预算?)?)?|[（(]本级?)$", "", issuer)
    if not issuer or (core != issuer and whole.startswith(core) and whole != core + "部"):
        return whole if issuer else named
    if whole.startswith(issuer) and whole != issuer and not _NAME_END.search(issuer):
        return whole  # 「深圳市人民政府国有资产监督」 / 「管理委员会2026年部门预算」: cut mid-name
    return issuer


_NAME_END = re.compile(DEPARTMENT_END + r"$|[)）]$")
"""How a department's name ends: a cover name that ends otherwise was cut by a line break."""


def _year(doc: PdfDocument) -> int:
    """The fiscal year the prose or the titles name (``2019年度部门预算``) when the cover
    names none."""
    for text in [*(p.text for p in doc.prose[:80]), *(t.title for t in doc.tables)]:
        m = _YEAR_RE.search(squash(text))
        if m:
            return int(m.group(1))
    return 0


def pdf_to_raw(doc: PdfDocument, *, kind: str | None = None) -> RawReport:
    """The :class:`RawReport` of a read PDF (``kind`` overrides what the cover says)."""
    file = os.path.basename(doc.path)
    if not doc.tables and not doc.prose:
        seen = "; ".join(doc.table_like_titles_seen[:12]) or "none"
        raise ReportReadError(f"no public table and no prose found (table-like titles seen: "
                              f"{seen})", location=Location(file=doc.path))
    name = kind or choose_kind(doc)
    known = next((k for k in report_kinds() if name in (k.name, *k.aliases)), None)
    tables: list[RawTable] = []
    for t in doc.tables:
        spec = known.identify(t.title) if known is not None else None
        if spec is not None and spec.layout is Layout.LIST:
            tables.append(_records(t, file))  # every column kept: a list of records
        else:
            tables.extend(_tables(t, file))
    narrative = "\n".join(p.text for p in doc.prose) if doc.prose else None
    units = [t.unit for t in doc.tables if t.unit]
    unit = max(set(units), key=units.count) if units else "万元"
    return RawReport(kind=name, department=_department(doc),
                     year=doc.year or _year(doc),
                     unit=unit, tables=tuple(tables), narrative=narrative, source=doc.path,
                     description=doc.title or "", narrative_file=file,
                     narrative_pages=tuple((p.page, p.line) for p in doc.prose),
                     notes=tuple(f"{file}: {w}" for w in doc.warnings))
