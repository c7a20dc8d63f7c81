"""``python -m govaccts.io.pdf PATH``: dump what the reader finds, as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from govaccts.io.pdf.document import read_pdf
from govaccts.io.pdf.errors import PdfReadError
from govaccts.io.pdf.model import PdfDocument


def to_json(doc: PdfDocument) -> dict[str, Any]:
    return {
        "path": doc.path, "pages": doc.pages, "title": doc.title, "issuer": doc.issuer,
        "year": doc.year, "kind": doc.kind,
        "tables": [{
            "title": t.title, "label": t.label, "pages": list(t.pages), "unit": t.unit,
            "meta": list(t.meta),
            "columns": list(t.columns), "name_column": t.name_column,
            "code_columns": list(t.code_columns),
            "header_rows": [list(h) for h in t.header_rows],
            "rows": [{"code": r.code, "name": r.name, "cells": list(r.texts()), "page": r.page,
                      "line": r.line, "indent": r.indent,
                      "code_parts": list(r.code_parts) if r.code_parts else None}
                     for r in t.rows],
            "warnings": list(t.warnings),
        } for t in doc.tables],
        "prose": [{"page": p.page, "line": p.line, "text": p.text} for p in doc.prose],
        "table_like_titles_seen": list(doc.table_like_titles_seen),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m govaccts.io.pdf", description=__doc__)
    ap.add_argument("path")
    a = ap.parse_args(argv)
    try:
        doc = read_pdf(a.path)
    except PdfReadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(to_json(doc), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
