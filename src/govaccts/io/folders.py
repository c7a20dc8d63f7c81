"""Reading reports: the raw form every reader produces, and the folder reader.

Readers turn a source (a folder of per-table CSV files with a ``manifest.toml``,
or seed-style text extracted from a PDF) into a :class:`RawReport`: tables as
printed text cells with their line numbers, plus the narrative.  The report
model (:mod:`govaccts.reports.final_accounts`) builds typed tables from it.

A folder's ``manifest.toml``::

    [report]
    kind = "部门决算"
    department = "…"
    year = 2023
    unit = "万元"
    narrative = "narrative.txt"      # optional

    [[tables]]
    id = "公开05"                    # optional: tables are identified by title
    title = "一般公共预算财政拨款支出决算表"
    file = "05.csv"
    layout = "tree"                 # statement | tree | economic | sangong
    part = ""                       # 收入 / 支出 for two-sided statement tables
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Sequence
from pathlib import Path

from govaccts.errors import Location, ReportReadError
from govaccts.io.delimited import read_delimited_file
from govaccts.io.encodings import decode
from govaccts.io.vocabulary import KNOWN_HEADERS
from govaccts.reports.raw import LAYOUTS, RawReport, RawTable


def _str(d: dict[str, object], key: str, where: Location, default: str | None = None) -> str:
    v = d.get(key, default)
    if not isinstance(v, str):
        raise ReportReadError(f"manifest: {key!r} must be a string", location=where)
    return v


def read_report_folder(path: str | Path, *, encoding: str | None = None) -> RawReport:
    """Read a folder (or its ``manifest.toml``) of per-table CSV/TSV files."""
    p = Path(path)
    manifest = p if p.is_file() else p / "manifest.toml"
    folder = manifest.parent
    mname = str(manifest)
    try:
        data = tomllib.loads(decode(manifest.read_bytes(), mname, encoding))
    except FileNotFoundError:
        raise ReportReadError("no manifest.toml", location=Location(file=mname)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ReportReadError(f"manifest is not valid TOML: {exc}",
                              location=Location(file=mname)) from None
    meta = data.get("report")
    where = Location(file=mname)
    if not isinstance(meta, dict):
        raise ReportReadError("manifest has no [report] table", location=where)
    year = meta.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ReportReadError("manifest: report.year must be an integer", location=where)
    tables: list[RawTable] = []
    entries = data.get("tables")
    if entries is None and meta.get("narrative"):
        entries = []  # a prose-only report
    if not isinstance(entries, list) or not (entries or meta.get("narrative")):
        raise ReportReadError("manifest lists no [[tables]]", location=where)
    for t in entries:
        if not isinstance(t, dict):
            raise ReportReadError("manifest: each [[tables]] entry must be a table", location=where)
        fname = _str(t, "file", where)
        layout = _str(t, "layout", where, "tree")
        if layout not in LAYOUTS:
            raise ReportReadError(f"manifest: unknown layout {layout!r} for {fname} "
                                  f"(known: {', '.join(LAYOUTS)})", location=where)
        fpath = folder / fname
        d = read_delimited_file(fpath, encoding=encoding, error=ReportReadError,
                                header_names=KNOWN_HEADERS)
        header, rows = d.header, d.rows
        notes = t.get("notes", [])
        tables.append(RawTable(
            id=_str(t, "id", where, ""), title=_str(t, "title", where), layout=layout,
            header=header, rows=rows, part=_str(t, "part", where, ""),
            unit=_str(t, "unit", where, d.metadata.get("unit") or _str(meta, "unit", where, "万元")),
            notes=tuple(str(n) for n in notes) if isinstance(notes, Sequence) else (),
            empty_note=_str(t, "empty_note", where, ""), file=fname,
            department=_str(t, "department", where, d.metadata.get("department") or "")))
    narrative = None
    if meta.get("narrative"):
        npath = folder / _str(meta, "narrative", where)
        try:
            narrative = decode(npath.read_bytes(), str(npath), encoding)
        except OSError as exc:
            raise ReportReadError(f"cannot read narrative: {exc.strerror}",
                                  location=Location(file=str(npath))) from None
    return RawReport(kind=_str(meta, "kind", where, "部门决算"),
                     department=_str(meta, "department", where, ""), year=year,
                     unit=_str(meta, "unit", where, "万元"), tables=tuple(tables),
                     narrative=narrative, source=str(folder),
                     description=_str(meta, "description", where, ""),
                     narrative_file=_str(meta, "narrative", where, "") or None)


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_report_folder(raw: RawReport, folder: str | Path) -> Path:
    """Write ``raw`` as a report folder (``manifest.toml``, one CSV a table, the narrative),
    the form :func:`read_report_folder` reads back, so a reading can be fixed by hand and
    checked again. Each row's page, when known, is kept in a ``页`` column.

    Returns the manifest's path.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    head = ["[report]", f"kind = {_toml_str(raw.kind)}",
            f"department = {_toml_str(raw.department)}", f"year = {raw.year}",
            f"unit = {_toml_str(raw.unit)}", f"source = {_toml_str(raw.source or '')}",
            f"description = {_toml_str(raw.description)}"]
    if raw.narrative is not None:
        (out / "narrative.txt").write_text(raw.narrative + "\n", encoding="utf-8")
        head.append('narrative = "narrative.txt"')
    blocks = ["\n".join(head)]
    for i, t in enumerate(raw.tables, 1):
        name = f"{i:02d}.csv"
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        paged = bool(t.row_pages) and "页" not in t.header
        w.writerow([*t.header, *(["页"] if paged else [])])
        for k, (_, cells) in enumerate(t.rows):
            w.writerow([*cells, *([t.row_pages[k] or ""] if paged else [])])
        (out / name).write_text(buf.getvalue(), encoding="utf-8")
        entry = ["[[tables]]", f"id = {_toml_str(t.id)}", f"title = {_toml_str(t.title)}",
                 f"file = {_toml_str(name)}", f"layout = {_toml_str(t.layout)}",
                 f"part = {_toml_str(t.part)}", f"unit = {_toml_str(t.unit)}",
                 "notes = [" + ", ".join(_toml_str(n) for n in t.notes) + "]",
                 f"empty_note = {_toml_str(t.empty_note)}",
                 *([f"department = {_toml_str(t.department)}"] if t.department else [])]
        blocks.append("\n".join(entry))
    manifest = out / "manifest.toml"
    manifest.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return manifest
