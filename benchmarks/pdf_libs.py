"""Measure candidate PDF libraries for govaccts.io.pdf: speed, peak memory, positional accuracy.

For each library (pypdfium2, pdfminer.six, pdfplumber) and every text-layer PDF of the devset,
a child process extracts every character with its box, groups characters into words and words
into lines by position (the same grouping for every library), and reports:

- seconds per document (extraction + grouping, in the child, import excluded),
- peak resident memory of the child (``ru_maxrss`` from ``os.wait4``),
- accuracy: of the hand-verified truth rows (``devset/truth/*.csv``), how many have their code
  (as one token, or as 类|款|项 tokens) and every printed amount as tokens of ONE reconstructed line.

As a reference it also times pdfplumber's ``extract_tables()`` over every page (the baseline the
reader must beat by 2x).

Usage: python benchmarks/pdf_libs.py [--shared /work/shared] [--libs pypdfium2,pdfminer,pdfplumber]
       [--baseline] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

Char = tuple[str, float, float, float, float]  # text, x0, y0(top), x1, y1(bottom), top-down coords


def chars_pypdfium2(path: str) -> Iterator[list[Char]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(path)
    try:
        for page in doc:
            height = page.get_height()
            tp = page.get_textpage()
            out: list[Char] = []
            import ctypes

            rect = raw.FS_RECTF()
            for i in range(tp.count_chars()):
                cp = raw.FPDFText_GetUnicode(tp.raw, i)
                if cp <= 32 or cp == 0xFFFE:
                    continue
                raw.FPDFText_GetLooseCharBox(tp.raw, i, ctypes.byref(rect))
                out.append((chr(cp), rect.left, height - rect.top, rect.right, height - rect.bottom))
            tp.close()
            page.close()
            yield out
    finally:
        doc.close()


def chars_pdfminer(path: str) -> Iterator[list[Char]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    def walk(obj: object, out: list[Char], height: float) -> None:
        if isinstance(obj, LTChar):
            t = obj.get_text()
            if t.strip():
                out.append((t, obj.x0, height - obj.y1, obj.x1, height - obj.y0))
        elif isinstance(obj, LTContainer):
            for o in obj:
                walk(o, out, height)

    for page in extract_pages(path, laparams=None):
        out: list[Char] = []
        walk(page, out, page.height)
        yield out


def chars_pdfplumber(path: str) -> Iterator[list[Char]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out = [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
                   for c in page.chars if c["text"].strip()]
            page.close()
            yield out


LIBS = {"pypdfium2": chars_pypdfium2, "pdfminer": chars_pdfminer, "pdfplumber": chars_pdfplumber}


def lines_of(chars: list[Char]) -> list[list[str]]:
    """Group chars into lines (by vertical centre) and words (by horizontal gap)."""
    chars = sorted(chars, key=lambda c: ((c[2] + c[4]) / 2, c[1]))
    rows: list[list[Char]] = []
    for c in chars:
        mid = (c[2] + c[4]) / 2
        if rows:
            last = rows[-1]
            lmid = sum((x[2] + x[4]) / 2 for x in last) / len(last)
            if abs(mid - lmid) <= max(2.0, 0.35 * (c[4] - c[2])):
                last.append(c)
                continue
        rows.append([c])
    out: list[list[str]] = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        words: list[str] = []
        prev: Char | None = None
        for c in row:
            h = max(1.0, c[4] - c[2])
            if prev is not None and c[1] - prev[3] < 0.25 * h:
                words[-1] += c[0]
            else:
                words.append(c[0])
            prev = c
        out.append(words)
    return out


def child(lib: str, path: str) -> None:
    t = time.perf_counter()
    lines: list[list[str]] = []
    nchars = 0
    for page_chars in LIBS[lib](path):
        nchars += len(page_chars)
        lines.extend(lines_of(page_chars))
    secs = time.perf_counter() - t
    json.dump({"secs": secs, "chars": nchars, "lines": lines}, sys.stdout, ensure_ascii=False)


def child_baseline(path: str) -> None:
    import pdfplumber

    t = time.perf_counter()
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_tables())
            page.close()
    json.dump({"secs": time.perf_counter() - t, "tables": n}, sys.stdout)


def run_child(args: list[str]) -> tuple[dict[str, object], float]:
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    data = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {args}")
    return json.loads(data), usage.ru_maxrss / 1024  # MB (Linux reports KiB)


def truth_rows(shared: Path, stem: str) -> list[tuple[str, set[str]]]:
    rows = []
    for f in sorted(glob.glob(str(shared / "devset" / "truth" / f"{stem}.*.csv"))):
        with open(f, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                code = (r.get("code") or "").strip()
                if code:
                    amounts = {v.replace(",", "").strip() for k, v in r.items()
                               if k not in ("code", "name") and v and v.strip()}
                    rows.append((code, amounts))
    return rows


def accuracy(lines: list[list[str]], rows: list[tuple[str, set[str]]]) -> int:
    index = []
    for words in lines:
        toks = {w.replace(",", "") for w in words}
        digits = [w for w in words if w.isdigit()]
        codes = {digits[0]} if digits else set()
        if len(digits) >= 2:
            codes.add(digits[0] + digits[1])
        if len(digits) >= 3:
            codes.add(digits[0] + digits[1] + digits[2])
        index.append((codes, toks))
    return sum(1 for code, amounts in rows
               if any(code in codes and amounts <= toks for codes, toks in index))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.environ.get("GOVACCTS_SHARED", "/work/shared"))
    ap.add_argument("--libs", default=",".join(LIBS))
    ap.add_argument("--baseline", action="store_true", help="also time pdfplumber extract_tables()")
    ap.add_argument("--json", help="write all figures to this file")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--child-baseline", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    if a.child_baseline:
        child_baseline(a.child_baseline)
        return
    shared = Path(a.shared)
    pdfs = sorted(p for p in (shared / "devset").glob("*.pdf") if "scanned" not in p.name)
    pdfs += sorted(shared / "corpus" / f"{s}.pdf" for s in
                   {Path(f).name.split(".")[0] for f in glob.glob(str(shared / "devset/truth/*.csv"))}
                   if (shared / "corpus" / f"{s}.pdf").exists())
    results: dict[str, dict[str, object]] = {}
    print(f"{'document':36} {'lib':10} {'secs':>7} {'peakMB':>7} {'chars':>8} {'truth':>9}")
    totals: dict[str, list[float]] = {}
    for pdf in pdfs:
        rows = truth_rows(shared, pdf.stem)
        for lib in a.libs.split(","):
            data, mb = run_child(["--child", lib, str(pdf)])
            lines = data["lines"]
            assert isinstance(lines, list)
            hit = accuracy(lines, rows)
            secs = float(data["secs"])  # type: ignore[arg-type]
            t = totals.setdefault(lib, [0.0, 0.0, 0, 0])
            t[0] += secs
            t[1] = max(t[1], mb)
            t[2] += hit
            t[3] += len(rows)
            results[f"{pdf.name}:{lib}"] = {"secs": secs, "peak_mb": mb, "chars": data["chars"],
                                            "truth_hit": hit, "truth_rows": len(rows)}
            print(f"{pdf.name:36} {lib:10} {secs:7.2f} {mb:7.0f} {data['chars']:8} "
                  f"{f'{hit}/{len(rows)}':>9}", flush=True)
        if a.baseline:
            data, mb = run_child(["--child-baseline", str(pdf)])
            results[f"{pdf.name}:extract_tables"] = {"secs": data["secs"], "peak_mb": mb}
            t = totals.setdefault("extract_tables", [0.0, 0.0, 0, 0])
            t[0] += float(data["secs"])  # type: ignore[arg-type]
            t[1] = max(t[1], mb)
            print(f"{pdf.name:36} {'ext_tables':10} {data['secs']:7.2f} {mb:7.0f}", flush=True)
    print()
    for lib, (secs, mb, hit, n) in totals.items():
        acc = f"{int(hit)}/{int(n)} = {hit / n:.1%}" if n else "-"
        print(f"TOTAL {lib:14} {secs:8.2f} s  max peak {mb:6.0f} MB  truth rows on one line: {acc}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
