#!/usr/bin/env python3
"""Leave one document out: how well do the catalogs resolve a report they have not seen?

For each harvested document with pairs in a modern year (2019–2026): build the catalogs
from all the evidence but that document's pairs (``tools/build_catalogs.py``), then look
up every (scheme, year, code, printed name) the document prints in its year's edition:

* ``same`` — the code is there under the printed name (folded by the name key: brackets,
  spaces, 其它/其他, a trailing 支出 … are no differences) or a printed variant of it;
* ``different`` — the code is there under another name;
* ``fragment`` — the printed name is only the start or end of the catalog name: a cut
  or wrapped cell of the document, not a difference of names (counted apart);
* ``missing`` — the code is not in the edition; ``historic_same`` of those have a c.2009
  entry of the same name (``catalog(…, fallback="historic")`` would answer right),
  ``historic_other`` one of another name (a historic candidate that misleads).

Run from the repository root: ``python tools/leave_one_out.py`` prints the tables per
document, per year and pooled; ``--write`` also writes ``catalogs/leave-one-out.csv``
(one row per document and scheme) and ``catalogs/historic-names.csv`` (how often the
c.2009 name is the name printed today, per scheme and level), which the docs, the store
(:meth:`govaccts.Catalog.coverage`) and the historic fallback read.  ``--missing FILE``
writes the printings found ``missing`` (scheme, year, code, printed name, citation, file):
the pairs only the one document attests, the list to search evidence for.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_catalogs  # noqa: E402

from govaccts.catalogs.codes import level_of  # noqa: E402
from govaccts.catalogs.files import build_catalog, read_editions, read_rows, read_sources  # noqa: E402
from govaccts.catalogs.names import name_key  # noqa: E402

CAT = ROOT / "catalogs"
PAIRS = CAT / "evidence" / "harvested" / "pairs.csv"
DOCS = CAT / "evidence" / "harvested" / "documents.csv"
SCHEMES = ("function", "dept-economic", "gov-economic", "revenue")
COUNTS = ("pairs", "same", "different", "fragment", "missing", "historic_same",
          "historic_other")
MISSING_FIELDS = ("scheme", "year", "code", "name", "citation", "file")
LOO_FIELDS = ("citation", "file", "year", "scheme", *COUNTS, "evidence")
HISTORIC_FIELDS = ("scheme", "level", "pairs", "in_c2009", "same_name", "other_name",
                   "evidence")


def evidence_digest() -> str:
    """The first 16 hex digits of the SHA-256 of the harvested pairs: a result computed on
    other evidence is stale."""
    return hashlib.sha256(PAIRS.read_bytes()).hexdigest()[:16]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _is_part(short: str, long: str) -> bool:
    return len(short) < len(long) and (long.startswith(short) or long.endswith(short))


def printed_pairs(citation: str | None = None) -> dict[str, set[tuple[str, int, str, str]]]:
    """Citation → the distinct (scheme, year, code, name) it prints in a modern year."""
    lo, hi = build_catalogs.MODERN
    out: dict[str, set[tuple[str, int, str, str]]] = defaultdict(set)
    for p in read_csv(PAIRS):
        if lo <= int(p["year"]) <= hi and citation in (None, p["citation"]):
            out[p["citation"]].add((p["scheme"], int(p["year"]), p["code"], p["name"]))
    return out


def same_issuer(docs: list[dict[str, str]]) -> dict[str, frozenset[str]]:
    """Citation → the citations of reports of the same issuer and year (a 部门预算 and a 单位
    预算 of one bureau, a university's budget and final accounts): left out together by
    ``--by-issuer``."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in docs:
        issuer = re.sub(r"（本级）|\(本级\)|部门预?$|部$", "", d["issuer"])
        groups[(issuer, d["year"])].add(d["citation"])
    return {c: frozenset(g) for g in groups.values() for c in g}


def evaluate(citation: str, pairs: set[tuple[str, int, str, str]],
             also: frozenset[str] = frozenset(),
             missing: list[tuple[str, int, str, str]] | None = None) -> dict[str, Counter[str]]:
    """Counts by scheme for one document (and ``also`` those) left out of the build; the
    printings found ``missing`` are appended to ``missing`` when given."""
    files, _ = build_catalogs.build(exclude=frozenset({citation}) | also, accounting=False)
    sources = read_sources(files["sources.csv"])
    editions = read_editions(files["editions.csv"])
    rows = {s: read_rows(files[f"{s}.csv"], s, sources) for s in SCHEMES}
    cats = {}
    out: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, int, str, str]] = set()
    for scheme, year, code, name in sorted(pairs):
        key = (scheme, year, code, name_key(name))
        if key in seen:
            continue  # one printing per name key: variants of print count once
        seen.add(key)
        if (scheme, year) not in cats:
            cats[(scheme, year)] = build_catalog(editions[(scheme, year)], rows[scheme],
                                                 sources, f"{scheme}.csv")
        e = cats[(scheme, year)].get(code)
        c = out[scheme]
        c["pairs"] += 1
        if e is None:
            c["missing"] += 1
            if missing is not None:
                missing.append((scheme, year, code, name))
            old = [r for r in rows[scheme] if r.code == code and r.valid_to < build_catalogs.MODERN[0]]
            if old:
                same = any(name_key(n) == key[3] for r in old for n in (r.name, *r.aliases))
                c["historic_same" if same else "historic_other"] += 1
        elif key[3] in {name_key(n) for n in (e.name, *e.aliases)}:
            c["same"] += 1
        elif _is_part(key[3], name_key(e.name)):
            c["fragment"] += 1
        else:
            c["different"] += 1
    return out


def historic_names() -> list[dict[str, str]]:
    """Per scheme and level: of the distinct (code, printed name) harvested for a modern
    year, how many codes the c.2009 catalog has, and with the same name or another."""
    files, _ = build_catalogs.build(accounting=False)
    sources = read_sources(files["sources.csv"])
    out = []
    digest = evidence_digest()
    for scheme in ("function", "dept-economic"):
        old: dict[str, set[str]] = defaultdict(set)
        for r in read_rows(files[f"{scheme}.csv"], scheme, sources):
            if r.valid_to < build_catalogs.MODERN[0]:
                old[r.code] |= {name_key(n) for n in (r.name, *r.aliases)}
        seen = {(p[2], name_key(p[3])) for ps in printed_pairs().values() for p in ps
                if p[0] == scheme}
        by_level: dict[int, Counter[str]] = defaultdict(Counter)
        for code, key in seen:
            c = by_level[level_of(code)]
            c["pairs"] += 1
            if code in old:
                c["in_c2009"] += 1
                c["same_name" if key in old[code] else "other_name"] += 1
        for level, c in sorted(by_level.items()):
            out.append({"scheme": scheme, "level": str(level),
                        **{k: str(c[k]) for k in HISTORIC_FIELDS[2:-1]}, "evidence": digest})
    return out


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def table(title: str, rows: list[tuple[str, Counter[str]]]) -> str:
    """Shares of the pairs that are no fragment (a cut cell is no printed name)."""
    head = (f"{'':<36} {'pairs':>6} {'frag':>5} {'same':>7} {'diff':>6} {'missing':>8} "
            f"{'+hist':>7} {'hist≠':>6}")
    lines = [title, head]
    for label, c in rows:
        n = c["pairs"] - c["fragment"]
        lines.append(f"{label[:36]:<36} {c['pairs']:>6} {c['fragment']:>5} "
                     f"{share(c['same'], n):>7} {share(c['different'], n):>6} "
                     f"{share(c['missing'], n):>8} "
                     f"{share(c['same'] + c['historic_same'], n):>7} "
                     f"{share(c['historic_other'], n):>6}")
    return "\n".join(lines)


def render(fields: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true",
                    help="write catalogs/leave-one-out.csv and catalogs/historic-names.csv")
    ap.add_argument("--by-issuer", action="store_true",
                    help="leave out every report of the same issuer and year together (a "
                         "stricter check; not written)")
    ap.add_argument("--missing", metavar="FILE",
                    help="also write the printings found missing (scheme, year, code, printed "
                         "name, citation, file) as CSV: the pairs no other evidence attests")
    args = ap.parse_args()
    docs = read_csv(DOCS)
    files = {d["citation"]: d["file"] for d in docs}
    groups = same_issuer(docs) if args.by_issuer else {}
    digest = evidence_digest()
    results: list[dict[str, str]] = []
    missing_rows: list[dict[str, str]] = []
    for citation, pairs in sorted(printed_pairs().items(), key=lambda kv: files[kv[0]]):
        year = min(p[1] for p in pairs)
        also = groups.get(citation, frozenset())
        missing: list[tuple[str, int, str, str]] = []
        for scheme, c in sorted(evaluate(citation, pairs, also, missing).items()):
            results.append({"citation": citation, "file": files[citation], "year": str(year),
                            "scheme": scheme, **{k: str(c[k]) for k in COUNTS},
                            "evidence": digest})
        missing_rows += [{"scheme": m[0], "year": str(m[1]), "code": m[2], "name": m[3],
                          "citation": citation, "file": files[citation]} for m in missing]
    for scheme in ("function", "dept-economic"):
        mine = [r for r in results if r["scheme"] == scheme]
        per_doc = [(r["file"], Counter({k: int(r[k]) for k in COUNTS})) for r in mine]
        per_year: dict[str, Counter[str]] = defaultdict(Counter)
        for r in mine:
            per_year[r["year"]].update({k: int(r[k]) for k in COUNTS})
        pooled = sum(per_year.values(), Counter())
        print(table(f"\n{scheme}: per document", per_doc))
        print(table(f"\n{scheme}: per year", sorted(per_year.items())))
        print(table(f"\n{scheme}: pooled", [("all documents", pooled)]))
    hist = historic_names()
    print("\nc.2009 name against the name printed today (distinct code–name pairs):")
    for h in hist:
        print(f"  {h['scheme']:<14} level {h['level']}: {h['pairs']:>4} pairs, "
              f"{h['in_c2009']:>4} codes in c.2009, same name "
              f"{share(int(h['same_name']), int(h['in_c2009']))}")
    if args.missing:
        Path(args.missing).write_text(render(MISSING_FIELDS, missing_rows), "utf-8")
        print(f"\nwrote {len(missing_rows)} missing printings to {args.missing}")
    if args.write and not args.by_issuer:
        (CAT / "leave-one-out.csv").write_text(render(LOO_FIELDS, results), "utf-8")
        (CAT / "historic-names.csv").write_text(render(HISTORIC_FIELDS, hist), "utf-8")
        print("\nwrote catalogs/leave-one-out.csv and catalogs/historic-names.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
