"""The ``read`` command: a report (PDF, folder, seed text) as data, or as a CSV folder."""

from __future__ import annotations

import argparse
from typing import Any

from govaccts.cli.plumbing import Command, Payload, emit


def _args_read(p: argparse.ArgumentParser) -> None:
    p.add_argument("report", metavar="REPORT",
                   help="a text-layer PDF, a report folder or its manifest.toml, or seed text")
    p.add_argument("--to", metavar="FOLDER",
                   help="also write the reading as a report folder (manifest.toml + one CSV "
                        "a table) to fix by hand and check again")


def _table(key: str, rep: Any, raw: Any) -> Payload:
    spec = rep.kind.identify(raw.title)
    code_col = raw.header[0] if raw.layout in ("tree", "economic") else None
    pages = list(raw.row_pages) or [None] * len(raw.rows)
    rows = []
    for (line, cells), page in zip(raw.rows, pages, strict=True):
        if code_col is not None:
            rows.append({"code": cells[0] or None, "name": cells[1], "cells": list(cells[2:]),
                         "page": page, "line": line})
        else:
            rows.append({"code": None, "name": cells[0], "cells": list(cells[1:]),
                         "page": page, "line": line})
    return {"key": key, "title": raw.title, "spec": spec.key if spec else None,
            "part": raw.part or None, "layout": raw.layout, "unit": raw.unit,
            "pages": list(raw.pages), "columns": list(raw.header), "rows": rows,
            "notes": list(raw.notes)}


def _cmd_read(args: argparse.Namespace) -> int:
    """Read a report and print it as data (``--format json``) or as a summary."""
    import govaccts
    from govaccts.io.folders import write_report_folder

    rep = govaccts.read_report(args.report)
    raw = rep.raw
    texts = (raw.narrative or "").split("\n") if raw.narrative is not None else []
    where: list[tuple[int | None, int]] = [*raw.narrative_pages] or [
        (None, n) for n in range(1, len(texts) + 1)]
    prose = [{"page": pg, "line": ln, "text": text}
             for text, (pg, ln) in zip(texts, where, strict=True)]
    payload: Payload = {
        "path": str(args.report), "kind": rep.kind.name, "department": rep.department,
        "year": rep.year or None, "unit": rep.unit,
        "tables": [_table(k, rep, rep.raw_table(k)) for k in rep.tables],
        "narrative": prose}
    if args.to:
        payload["written"] = str(write_report_folder(raw, args.to))

    def render(p: Payload) -> str:
        lines = [f"{p['path']}: {p['kind']} {p['department']} {p['year'] or '(year unknown)'}, "
                 f"{len(p['tables'])} tables, {len(p['narrative'])} lines of prose"]
        for t in p["tables"]:
            pg = f"p.{t['pages'][0]}" if t["pages"] else ""
            lines.append(f"  {t['key']:<24} {pg:<6} {t['unit']:<4} {len(t['rows']):>4} rows  "
                         f"{t['title']}")
        if "written" in p:
            lines.append(f"written: {p['written']}")
        return "\n".join(lines)

    emit(args, payload, render)
    return 0


READ = Command("read", "read a report (PDF, folder, text) and print it as data", _args_read,
               _cmd_read)
