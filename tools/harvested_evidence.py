"""Harvested evidence: code–name pairs read from published reports by ``govaccts.harvest``.

``python tools/build_catalogs.py --harvest FOLDER…`` reads the PDFs again and rewrites
``catalogs/evidence/harvested/pairs.csv`` (one row per pair and document: scheme, year,
code, name as printed, citation, page, line, the printed row as quote, table) and
``documents.csv`` (one row per file: citation, SHA-256 prefix, what the cover says, how
many pairs, or why none).  The build itself reads only these two files, so it never
needs the PDFs.

In the build every document is one source (kind ``harvested``, dated by the document's
fiscal year).  A printed name that is only the start or the end of a fuller printing of
the same code is a fragment of a wrapped or cut cell: it is left out and listed, never
made a catalog name (:func:`govaccts.catalogs.printed.reconcile`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from govaccts.catalogs.printed import reconcile

PAIR_FIELDS = ("scheme", "year", "code", "name", "citation", "page", "line", "quote", "table")
DOC_FIELDS = ("file", "citation", "sha256", "pages", "issuer", "year", "year_from", "kind",
              "pairs", "skipped", "problem")

Attestations = dict[tuple[str, str], list[tuple[str, str | None, str]]]
"""(scheme, code) → [(printed name, year or None, source id)], as build_catalogs collects."""


def folder(catalogs: Path) -> Path:
    return catalogs / "evidence" / "harvested"


def _render(fields: Iterable[str], rows: Iterable[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def write(catalogs: Path, paths: list[str]) -> str:
    """Harvest ``paths`` and write the two evidence files; a one-line summary."""
    from govaccts.io.harvest import harvest

    h = harvest(*paths)
    skipped = Counter(s.citation for s in h.skipped)
    docs = [dict(file=Path(d.path).name, citation=d.citation, sha256=d.sha256[:16],
                 pages=str(d.pages), issuer=d.issuer or "",
                 year="" if d.year is None else str(d.year), year_from=d.year_from,
                 kind=d.kind or "", pairs=str(d.pairs), skipped=str(skipped[d.citation]),
                 problem=d.problem or "")
            for d in sorted(h.documents, key=lambda d: (d.citation, d.path))]
    pairs = sorted((p.row() for p in h.pairs),
                   key=lambda r: (r["citation"], r["scheme"], r["code"], r["name"]))
    out = folder(catalogs)
    out.mkdir(parents=True, exist_ok=True)
    (out / "documents.csv").write_text(_render(DOC_FIELDS, docs), "utf-8")
    (out / "pairs.csv").write_text(_render(PAIR_FIELDS, pairs), "utf-8")
    return (f"harvested {len(h.documents)} files: {sum(1 for d in h.documents if d.pairs)} "
            f"with pairs, {len(h.pairs)} pairs, {len(h.skipped)} printed codes skipped")


def source_id(citation: str, year: str) -> str:
    return f"doc-{hashlib.sha1(citation.encode()).hexdigest()[:8]}-{year}"


def add_harvested(att: Attestations, read: Callable[[Path], list[dict[str, str]]],
                  catalogs: Path, add_source: Callable[..., str],
                  check_quote: Callable[[str, str, str, str], None],
                  modern: tuple[int, int], scheme_names: dict[str, str],
                  exclude: frozenset[str] = frozenset()
                  ) -> tuple[list[str], list[str], dict[str, int]]:
    """Add the harvested pairs of every document but ``exclude`` (citations) to ``att``.

    Returns the fragments left out (one line each, with the reason), the documents whose
    year has no edition, and counts for the report.
    """
    docs = {d["citation"]: d for d in read(folder(catalogs) / "documents.csv")}
    pairs = [p for p in read(folder(catalogs) / "pairs.csv") if p["citation"] not in exclude]
    by_code: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for p in pairs:
        if p["citation"] not in docs:
            raise SystemExit(f"evidence error: pair {p['code']} {p['name']} cites "
                             f"{p['citation']}, which documents.csv does not list")
        check_quote(p["citation"], p["quote"], p["code"], p["name"])
        by_code[(scheme_names.get(p["scheme"], p["scheme"]), p["code"])].append(p)
    fragments: list[str] = []
    no_edition: Counter[tuple[str, str]] = Counter()
    counts: Counter[str] = Counter()
    for (scheme, code), ps in sorted(by_code.items()):
        others = [(n, y, sid) for n, y, sid in att.get((scheme, code), []) if y is not None]
        references = [(p["name"], p["citation"]) for p in ps] + [(n, sid) for n, _, sid in others]
        for year in sorted({p["year"] for p in ps}):
            mine = [p for p in ps if p["year"] == year]
            if not modern[0] <= int(year) <= modern[1]:
                no_edition.update((p["citation"], year) for p in mine)
                continue
            r = reconcile(code, [(p["name"], p["citation"]) for p in mine]
                          + [(n, sid) for n, y, sid in others if y == year], references)
            dropped = {(f.name, c) for f in r.fragments for c in f.by}
            for f in r.fragments:
                cited = [c for c in f.by if c in docs]
                if cited:
                    counts["fragments"] += len(cited)
                    fragments.append(f"{scheme} {code} ({year}): {f.reason}; left out of "
                                     f"{len(cited)} document(s): {' '.join(sorted(cited))}")
            for p in mine:
                if any(name_is(p["name"], n) and c == p["citation"] for n, c in dropped):
                    continue
                d = docs[p["citation"]]
                sid = add_source(
                    source_id(p["citation"], year), "harvested",
                    f"{d['issuer'] or 'report'} {year} {d['kind'] or ''} (PDF, pairs harvested "
                    "with page, line and quote)".replace("  ", " "),
                    year, p["citation"],
                    f"{d['pairs']} pairs in catalogs/evidence/harvested/pairs.csv; "
                    f"fiscal year from the document's {d['year_from']}")
                att[(scheme, code)].append((p["name"], year, sid))
                counts["pairs"] += 1
    lines = [f"{c} ({y}): {n} pairs, no {y} edition" for (c, y), n in sorted(no_edition.items())]
    counts["no_edition"] = sum(no_edition.values())
    return fragments, lines, dict(counts)


def name_is(a: str, b: str) -> bool:
    from govaccts.catalogs.names import name_key

    return name_key(a) == name_key(b)
