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
    if not isinstance(entries, list) or not entries:
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
            empty_note=_str(t, "empty_note", where, ""), file=fname))
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
