"""The ``harvest`` command: code–name pairs printed in reports, with their evidence."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter

from govaccts.cli.plumbing import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    Command,
    Payload,
    UsageError,
    _write,
    emit,
)
from govaccts.cli.textwidth import render_table


def _args_harvest(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE.pdf|FOLDER",
                   help="published reports (PDF with a text layer), or folders of them")
    p.add_argument("--cite", action="append", default=[], metavar="FILE=CITATION",
                   help="the citation of a file (owner/repo@commit:path or an address); "
                        "default: MANIFEST.tsv beside the file (columns file, source), "
                        "else its path (repeatable)")


def _citations(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, citation = item.partition("=")
        if not sep or not name.strip() or not citation.strip():
            raise UsageError(f"--cite takes FILE=CITATION, not {item!r}")
        out[name.strip()] = citation.strip()
    return out


def _cmd_harvest(args: argparse.Namespace) -> int:
    """Every (scheme, year, code, name as printed) the reports print, each with the
    document's citation, page, line and the printed row; fragments of cut names and
    conflicting names are listed, never resolved by guessing.  Exit 1 when nothing was
    harvested."""
    from govaccts.io.harvest import PAIR_FIELDS, harvest

    h = harvest(*args.paths, citations=_citations(args.cite))
    code = EXIT_OK if h.pairs else EXIT_NOT_FOUND
    if args.format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(PAIR_FIELDS), lineterminator="\n")
        w.writeheader()
        w.writerows(p.row() for p in h.pairs)
        _write(sys.stdout, buf.getvalue(), utf8=True)
        return code
    payload: Payload = {
        "documents": [{"path": d.path, "citation": d.citation, "sha256": d.sha256,
                       "pages": d.pages, "issuer": d.issuer, "year": d.year,
                       "year_from": d.year_from, "kind": d.kind, "pairs": d.pairs,
                       "problem": d.problem} for d in h.documents],
        "pairs": [{**p.row(), "year": p.year, "page": p.page, "line": p.line,
                   "printed": p.printed} for p in h.pairs],
        "skipped": [{"reason": s.reason.value, "citation": s.citation, "page": s.page,
                     "line": s.line, "code": s.code, "name": s.name, "table": s.table,
                     "detail": s.detail} for s in h.skipped],
        "conflicts": [{"kind": c.kind, "scheme": c.scheme, "year": c.year, "code": c.code,
                       "names": [{"name": n, "citations": list(by)} for n, by in c.names],
                       "reason": c.reason} for c in h.conflicts],
        "counts": [{"scheme": s, "year": y, "codes": n} for (s, y), n in h.counts().items()],
    }
    emit(args, payload, _render)
    return code


def _render(p: Payload) -> str:
    docs = p["documents"]
    lines = [render_table(
        ["file", "year", "from", "kind", "issuer", "pairs", "problem"],
        [[d["path"].rsplit("/", 1)[-1], d["year"] or "", d["year_from"], d["kind"] or "",
          d["issuer"] or "", d["pairs"], d["problem"] or ""] for d in docs],
        align=["<", ">", "<", "<", "<", ">", "<"])]
    if p["counts"]:
        lines += ["", render_table(["scheme", "year", "codes"],
                                   [[c["scheme"], c["year"], c["codes"]] for c in p["counts"]],
                                   align=["<", ">", ">"])]
    for c in p["conflicts"]:
        names = " / ".join(f"{n['name']} ({len(n['citations'])})" for n in c["names"])
        lines.append(f"{c['kind']}: {c['scheme']} {c['year']} {c['code']}: {names} — "
                     f"{c['reason']}")
    skipped = Counter(s["reason"] for s in p["skipped"])
    with_pairs = sum(1 for d in docs if d["pairs"])
    lines += ["", f"{len(p['pairs'])} pairs from {with_pairs} of {len(docs)} files; "
              f"{len(p['conflicts'])} fragments or conflicts; printed codes skipped: "
              + (", ".join(f"{n} {r}" for r, n in sorted(skipped.items())) or "none"),
              "--format csv gives the pairs with citation, page, line and quote"]
    return "\n".join(lines)


HARVEST = Command("harvest", "code–name pairs printed in reports, with their evidence",
                  _args_harvest, _cmd_harvest, formats=("text", "json", "csv"))
"""The ``harvest`` command."""
