#!/usr/bin/env python3
"""Measure the narrative claims on the real documents of ../shared/devset and ../shared/corpus.

For every PDF: the report as govaccts reads it (``read_report``: its tables, typed by the
kind the document is — 部门预算, 部门决算, 高等学校部门决算 — and its narrative), then the
claims against those tables: figure-bearing sentences, how many were tied and checked,
figures checked / untied / ambiguous, every error and warning with its sentence and page,
for triage (docs/narrative-corpus.rst). Whether a PDF is a department's budget or final
accounts at all (whole-government reports and notices are left out) is read from the
first page of ``pdftotext -layout`` (poppler-utils), which also gives the sentence shapes.
``--json FILE`` writes the results as data.

Usage: python tools/narrative_corpus.py [SHARED_DIR] [--only STEM ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from govaccts.checks.narrative import (
    Prose,
    narrative_claims,
    narrative_coverage,
    narrative_findings,
    sentences,
)
from govaccts.checks.narrative.claims import signature
from govaccts.checks.narrative.extract import figures
from govaccts.checks.narrative.ties import Status
from govaccts.io.reading import read_report

ROOT = Path(__file__).resolve().parents[1]

_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*\d*\s*$")
_NUMERIC_CELL = re.compile(r"-?[\d,]+(?:\.\d+)?%?|-|—|－")


def is_table_line(line: str) -> bool:
    """A line of a table (cells far apart, mostly numbers or short labels), a table of
    contents or a page number, rather than prose (which keeps its punctuation even where
    justification spreads it)."""
    s = line.strip()
    if not s:
        return False
    if _TOC.search(s) or re.fullmatch(r"[-—\s\d]+|第\s*\d+\s*页.*|-\s*\d+\s*-", s):
        return True
    cells = [c for c in re.split(r"\s{3,}", s) if c]
    if len(cells) < 2:
        return False
    nums = [c for c in cells if _NUMERIC_CELL.fullmatch(c)]
    if len(nums) >= 2 and 2 * len(nums) >= len(cells):
        return True
    if re.search(r"[，。；：]", s):
        return False
    return len(cells) >= 3 or all(len(c) <= 12 for c in cells)


def prose_of(text: str) -> str:
    """The prose lines of a layout text (table lines, and running heads printed on three or
    more pages, blanked, so line numbers hold)."""
    lines = text.replace("\f", "").splitlines()
    counts = Counter(re.sub(r"\s+", "", ln) for ln in lines)
    out = []
    for raw in lines:
        key = re.sub(r"\s+", "", raw)
        running = counts[key] >= 3 and len(key) > 6 and not re.search(r"[。；]$", key)
        out.append("" if running or is_table_line(raw) else raw.strip())
    return "\n".join(out)


def kind_of(text: str) -> str | None:
    """部门决算 or 部门预算, as the title on the first page says; ``None`` for a document
    of another kind (a whole-government report, a notice): not in this measurement."""
    head = re.sub(r"\s+", "", text[:400])
    m = re.search(r"(?:部门|单位|年度)(决算|预算)", head)
    if m is None or re.search(r"市级决算|决算（草案）|决算草案|预算执行情况|预算草案", head):
        return None
    return "部门" + m.group(1)


def year_of(stem: str, text: str) -> int | None:
    m = re.search(r"(20\d\d)\s*年", text[:600])
    return int(m.group(1)) if m else None


def measure(pdf: Path, cache: Path) -> dict[str, object]:
    txt = cache / (pdf.stem + ".txt")
    if not txt.exists():
        subprocess.run(["pdftotext", "-layout", str(pdf), str(txt)], check=True)
    text = txt.read_text("utf-8", errors="replace")
    if kind_of(text) is None:
        return {"document": pdf.name, "kind": None}
    rep = read_report(pdf)
    cov = narrative_coverage(rep)
    pages = rep.raw.narrative_pages
    first = rep.raw.narrative_line

    def page(line: int | None) -> int | None:
        at = (line or 0) - first
        return pages[at][0] if 0 <= at < len(pages) else None

    found = [f for f in narrative_findings(rep, rep.tables)
             if f.severity.value in ("error", "warning")]
    return {"document": pdf.name, "kind": rep.kind.name, "tables": sorted(rep.tables),
            "sentences": len(cov.sentences), "checked": cov.checked_sentences,
            "share": str(cov.share), "figures": cov.figures,
            "figures_checked": cov.count(Status.CHECKED) + cov.count(Status.SECTION),
            "untied": cov.count(Status.UNTIED), "ambiguous": cov.count(Status.AMBIGUOUS),
            "findings": [{"rule": f.rule, "severity": f.severity.value,
                          "line": f.location.line if f.location else None,
                          "page": page(f.location.line if f.location else None),
                          "message": f.message_en, "sentence": f.detail} for f in found]}


def standalone(text: str) -> dict[str, object]:
    """What the claims make of one sentence read alone (no tables, no context)."""
    prose = Prose(text)
    claims = [o.claim for o in narrative_claims(prose)]
    cov = narrative_coverage(prose)
    found = [f"{f.rule}:{f.severity.value}" for f in narrative_findings(prose, {})
             if f.severity.value in ("error", "warning")]
    return {"claims": signature(claims),
            "figures": [st.value for s in cov.sentences for _, st in s.figures],
            "findings": found}


def shapes(pdfs: list[Path], cache: Path, least: int = 3) -> list[dict[str, object]]:
    """One short quoted sentence for every sentence shape stated at least ``least`` times
    (two for the ten commonest), with its source, page and line, and what the claims make
    of it read alone."""
    groups: dict[str, list[tuple[str, int, int, str]]] = {}
    for pdf in pdfs:
        raw = (cache / (pdf.stem + ".txt")).read_text("utf-8", errors="replace")
        if kind_of(raw) is None:
            continue
        starts = [0]
        for ln in raw.split("\n"):
            starts.append(starts[-1] + len(ln) + 1)
        for para in sentences(prose_of(raw)):
            for part in re.split(r"(?<=[。；;])", para.text):
                part = part.strip()
                if not part or "\t" in part or len(part) > 110 or not any(figures(part)):
                    continue
                sig = str(standalone(part)["claims"])
                if not sig:
                    continue
                line = para.line_at(max(para.text.find(part), 0))
                page = raw.count("\f", 0, starts[line - 1]) + 1
                groups.setdefault(sig, []).append((pdf.parent.name + "/" + pdf.name, page, line,
                                                   part))
    out: list[dict[str, object]] = []
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for rank, (sig, found) in enumerate(ranked):
        if len(found) < least:
            break
        picks = sorted(found, key=lambda x: (len(x[3]), x[0], x[2]))
        docs = {x[0] for x in found}
        chosen = [picks[0]] + ([p for p in picks if p[0] != picks[0][0]][:1] if rank < 10 else [])
        for src, page, line, text in chosen:
            out.append({"shape": sig, "count": len(found), "documents": len(docs),
                        "source": src, "page": page, "line": line, "text": text,
                        **standalone(text)})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", default=str(ROOT.parent / "shared"))
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "prose"))
    ap.add_argument("--shapes", default=None,
                    help="write the sentence-shape fixture (tests/fixtures) to this file")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    pdfs = sorted([*(shared / "devset").glob("*.pdf"), *(shared / "corpus").glob("*.pdf")])
    if args.only:
        pdfs = [p for p in pdfs if p.stem in args.only]
    rows = [measure(p, cache) for p in pdfs]
    for r in rows:
        if r["kind"] is None:
            print(f"{r['document']:44} (not a 部门预算/部门决算: left out)")
            continue
        print(f"{r['document']:44} {r['kind']} tables={len(r['tables'])} "  # type: ignore[arg-type]
              f"sentences={r['sentences']} checked={r['checked']} ({r['share']}%) "
              f"figures={r['figures']} checked={r['figures_checked']} untied={r['untied']} "
              f"ambiguous={r['ambiguous']} findings={len(r['findings'])}")  # type: ignore[arg-type]
    for r in rows:
        for f in r.get("findings", ()):  # type: ignore[attr-defined]
            print(f"\n{r['document']}:{f['line']} (p.{f['page']}): {f['severity']} {f['rule']}: "
                  f"{f['message']}"
                  f"\n    {f['sentence']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    if args.shapes:
        Path(args.shapes).write_text(json.dumps(shapes(pdfs, cache), ensure_ascii=False,
                                                indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
