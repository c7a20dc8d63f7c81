"""Reading and checking each devset report, side by side with pdfplumber's ``extract_tables()``.

For every text-layer PDF of the development set, two child processes run one after the
other: one reads the report with govaccts and checks it (``read_report`` + ``check``, the
whole of ``govaccts check REPORT.pdf``), the other runs pdfplumber's ``extract_tables()``
over every page (what a typical PDF checker does before it can check anything). Each
reports its seconds (import excluded) and its peak resident memory (``ru_maxrss``).

The issue's targets: govaccts at most 0.5× pdfplumber's time over the set, and the
240-page document (jinan_2024_city_budget) read in under 300 MB.

Usage: python benchmarks/pdf_check.py [--shared ../shared] [--plumber-python PY] [--json out.json]

pdfplumber is no dependency of govaccts: give ``--plumber-python`` a Python that has it
(``python -m venv /tmp/pp && /tmp/pp/bin/pip install pdfplumber``); without one its
columns say ``n/a``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def child_govaccts(path: str) -> None:
    import govaccts

    t = time.perf_counter()
    rep = govaccts.read_report(path)
    findings = govaccts.check(rep)
    json.dump({"secs": time.perf_counter() - t, "tables": len(rep.tables),
               "findings": len(findings)}, sys.stdout)


def child_plumber(path: str) -> None:
    """pdfplumber's extract_tables() over every page: the baseline of pdf_libs.py."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pdf_libs import child_baseline

    child_baseline(path)


def run(python: str, args: list[str]) -> tuple[dict[str, float], float] | None:
    proc = subprocess.Popen([python, str(HERE), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    data = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return json.loads(data), usage.ru_maxrss / 1024  # MB (Linux reports KiB)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parents[2] / "shared"))
    ap.add_argument("--plumber-python", default=sys.executable)
    ap.add_argument("--json")
    ap.add_argument("--child-govaccts", help=argparse.SUPPRESS)
    ap.add_argument("--child-plumber", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_govaccts:
        child_govaccts(a.child_govaccts)
        return 0
    if a.child_plumber:
        child_plumber(a.child_plumber)
        return 0
    devset = Path(a.shared) / "devset"
    pdfs = [p for p in sorted(devset.glob("*.pdf")) if "scanned" not in p.name]
    if not pdfs:
        print(f"no development set under {devset}", file=sys.stderr)
        return 2
    rows = []
    print(f"{'document':36} {'govaccts s':>10} {'MB':>6} {'pdfplumber s':>12} {'MB':>6} {'ratio':>6}")
    for pdf in pdfs:
        g = run(sys.executable, ["--child-govaccts", str(pdf)])
        p = run(a.plumber_python, ["--child-plumber", str(pdf)])
        gs, gm = (g[0]["secs"], g[1]) if g else (float("nan"), float("nan"))
        ps, pm = (p[0]["secs"], p[1]) if p else (None, None)
        ratio = f"{gs / ps:6.2f}" if ps else "   n/a"
        print(f"{pdf.stem:36} {gs:10.2f} {gm:6.0f} "
              + (f"{ps:12.2f} {pm:6.0f}" if ps is not None else f"{'n/a':>12} {'n/a':>6}")
              + f" {ratio}")
        rows.append({"document": pdf.stem, "govaccts_secs": gs, "govaccts_mb": gm,
                     "pdfplumber_secs": ps, "pdfplumber_mb": pm})
    g_total = sum(r["govaccts_secs"] for r in rows)
    p_times = [r["pdfplumber_secs"] for r in rows if r["pdfplumber_secs"] is not None]
    print(f"{'total':36} {g_total:10.2f} {'':6} "
          + (f"{sum(p_times):12.2f}" if len(p_times) == len(rows) else f"{'n/a':>12}"))
    if len(p_times) == len(rows):
        ratio = g_total / sum(p_times)
        print(f"govaccts / pdfplumber over the set: {ratio:.2f}× (target ≤ 0.5×): "
              + ("met" if ratio <= 0.5 else "NOT met"))
    big = next((r for r in rows if r["document"] == "jinan_2024_city_budget"), None)
    if big is not None:
        print(f"240-page document peak memory: {big['govaccts_mb']:.0f} MB (target < 300 MB): "
              + ("met" if big["govaccts_mb"] < 300 else "NOT met"))
    if a.json:
        Path(a.json).write_text(json.dumps({"results": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
