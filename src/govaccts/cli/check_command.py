"""The ``check`` command: a report (folder, manifest, seed text) or one table (CSV/TSV)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO, cast

from govaccts.checks.tolerance import Mode
from govaccts.cli.plumbing import (
    EXIT_USAGE,
    Command,
    Payload,
    UsageError,
    _positive,
    _write,
    _year,
    emit,
)


# -- check -----------------------------------------------------------------------------
def _args_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", nargs="*", metavar="REPORT|TABLE.csv|FOLDER",
                   help="a report folder, its manifest.toml, seed-style text (.txt), "
                        "or one table as CSV/TSV; several of them, or a folder of them, "
                        "are checked one report after another (see --jobs)")
    p.add_argument("--jobs", type=_positive, default=1, metavar="N",
                   help="check N sources at a time in a pool of processes (default: 1)")
    p.add_argument("--summary", metavar="OUT.csv|OUT.json",
                   help="also write one line per source (source, kind, department, year, "
                        "errors, rounding, warnings, read problems, seconds, read error)")
    p.add_argument("--example", metavar="NAME", help="check a bundled example report "
                   "(hetang-2023)")
    p.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.HALF_UP.value,
                   help="tolerance model (default: half-up, 四舍五入)")
    p.add_argument("--rules", action="append", metavar="IDS",
                   help="rule ids or prefixes to run, comma-separated (e.g. sum.,narrative.)")
    p.add_argument("--scheme", help="a table's scheme (default: from its code column, "
                   "else function)")
    p.add_argument("--year", type=_year, help="a table's fiscal year (or its FISCAL_YEAR column)")
    p.add_argument("--unit", default="万元", help="a table's unit (default: 万元)")
    p.add_argument("--identity", action="append", default=[], metavar="EXPR",
                   help='a row identity for a table, e.g. "合计=基本支出+项目支出" (repeatable)')
    p.add_argument("--show-info", action="store_true", help="also list info findings")
    p.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when errors are found (findings are still printed)")


def _cmd_check(args: argparse.Namespace) -> int:
    """Check a report or a table: every finding, errors first; exit 1 if any is an error.

    Several sources, a folder of them, --jobs or --summary: each source in turn, then
    the totals; exit 2 if a source could not be read.
    """
    import govaccts
    from govaccts.io.tables import read_table

    if bool(args.example) == bool(args.target):
        raise UsageError("give a REPORT or TABLE.csv, or --example NAME (one of them)")
    if args.summary is not None and not args.summary.lower().endswith((".csv", ".json")):
        raise UsageError(f"--summary writes .csv or .json, not {args.summary!r}")
    if (len(args.target) > 1 or args.jobs > 1 or args.summary is not None
            or any(_is_folder_of_reports(t) for t in args.target)):
        return _check_batch(args)
    args.target = args.target[0] if args.target else None
    is_table = not args.example and str(args.target).lower().endswith((".csv", ".tsv"))
    if args.identity and not is_table:
        raise UsageError("--identity applies to a single table (TABLE.csv)")
    rules = [r.strip() for chunk in (args.rules or []) for r in chunk.split(",") if r.strip()]
    target: govaccts.FinalAccountsReport
    if args.example:
        target = govaccts.example_report(args.example)
        what = {"kind": "report", "name": args.example}
    else:
        path = args.target
        if is_table:
            table = read_table(path, scheme=args.scheme, year=args.year, unit=args.unit)
            what = {"kind": "table", "path": str(path)}
            if args.format == "json":
                return _stream_table_json(args, table, rules, what)
            findings = govaccts.check_table(table, mode=args.mode, identities=args.identity,
                                            rules=rules or None)
            return _report_findings(args, findings, what)
        target = govaccts.read_report(path)
        what = {"kind": "report", "path": str(path)}
    findings = govaccts.check(target, mode=args.mode, rules=rules or None)
    what.update(department=getattr(target, "department", ""), year=getattr(target, "year", None))
    return _report_findings(args, findings, what)


def _report_findings(args: argparse.Namespace, findings: list[Any], what: Payload) -> int:
    from govaccts.checks.findings import Severity, finding_to_dict, render_text, summarize

    summary = summarize(findings)
    shown = findings if args.show_info or args.format == "json" else [
        f for f in findings if f.severity is not Severity.INFO]
    payload: Payload = {"target": what, "mode": args.mode,
                        "findings": [finding_to_dict(f) for f in findings],
                        "summary": summary}

    def render(_: Payload) -> str:
        text = render_text(shown)
        if len(shown) != len(findings):
            text += f" ({summary['info']} info not shown: --show-info)"
        return text

    emit(args, payload, render)
    if args.exit_zero:
        return 0
    return 1 if summary["error"] else 0


class _Utf8Stdout:
    """Standard output as :func:`~govaccts.cli.plumbing.emit` writes JSON: UTF-8 text."""

    def write(self, text: str) -> int:
        _write(sys.stdout, text, utf8=True)
        return len(text)


def _stream_table_json(args: argparse.Namespace, table: Any, rules: list[str],
                       what: Payload) -> int:
    """``--format json`` of one table, written as the findings are found (a table's build
    problems before the sums they break), the summary after the last one: the document
    ``json.dumps`` prints for the same payload, its findings in the order found rather
    than sorted.  Unknown rules and bad identities are reported before any output."""
    from govaccts.checks.registry import DEFAULT_REGISTRY
    from govaccts.checks.streaming import iter_findings, write_findings_json
    from govaccts.ledger.identities import parse_identity

    DEFAULT_REGISTRY.select(rules or None)
    identities = [i for text in args.identity for i in parse_identity(text, table)]
    found = iter_findings(table, mode=args.mode, rules=rules or None, identities=identities)
    out = cast(TextIO, _Utf8Stdout())
    summary = write_findings_json(out, found, mode=args.mode, target=what)
    out.write("\n")
    if args.exit_zero:
        return 0
    return 1 if summary["error"] else 0


def _is_folder_of_reports(target: str) -> bool:
    p = Path(target)
    return p.is_dir() and not (p / "manifest.toml").is_file()


def _check_batch(args: argparse.Namespace) -> int:
    """Many sources (or --jobs, --summary): each one's findings, then the totals.

    Exit 2 if a source could not be read, else 1 if any has an error (unless
    --exit-zero), else 0.
    """
    import concurrent.futures

    import govaccts
    from govaccts.batch import check_many, find_sources, summary_csv, summary_json
    from govaccts.checks.findings import Severity, finding_to_dict, render_text

    if args.identity:
        raise UsageError("--identity applies to a single table (TABLE.csv)")
    rules = [r.strip() for chunk in (args.rules or []) for r in chunk.split(",") if r.strip()]
    sources: list[Any] = ([govaccts.example_report(args.example)] if args.example
                          else list(find_sources(args.target)))
    if not sources:
        raise UsageError(f"no reports or tables found in {', '.join(args.target)}")
    json_out = args.format == "json"
    rows: list[dict[str, Any]] = []
    reports: list[Payload] = []
    pool = (concurrent.futures.ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None)
    try:
        for c in check_many(sources, executor=pool, mode=args.mode, rules=rules or None,
                            scheme=args.scheme, year=args.year, unit=args.unit):
            rows.append(c.summary())
            if json_out:
                reports.append({"target": {"source": c.name, "kind": c.kind,
                                           "department": c.department, "year": c.year},
                                "findings": [finding_to_dict(f) for f in c.findings],
                                "summary": c.counts, "error": c.error,
                                "read_problems": c.read_problems})
                continue
            head = " ".join(str(x) for x in (c.kind, c.department, c.year) if x)
            _write(sys.stdout, f"== {c.name}" + (f" ({head})" if head else "") + "\n")
            if c.error is not None:
                _write(sys.stdout, f"could not be checked: {c.error}\n\n")
                continue
            shown = [f for f in c.findings if args.show_info or f.severity is not Severity.INFO]
            _write(sys.stdout, render_text(shown).rstrip("\n") + "\n\n")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    totals = _totals(rows)
    if args.summary is not None:
        text = (summary_json(rows) if args.summary.lower().endswith(".json")
                else summary_csv(rows))
        Path(args.summary).write_text(text, "utf-8")
    if json_out:
        emit(args, {"mode": args.mode, "reports": reports, "summary": totals}, lambda _: "")
    else:
        _write(sys.stdout, f"{totals['sources']} sources: {totals['error']} error, "
                           f"{totals['rounding']} rounding, {totals['warning']} warning; "
                           f"{totals['unreadable']} could not be checked\n")
    if totals["unreadable"]:
        return EXIT_USAGE
    if args.exit_zero:
        return 0
    return 1 if totals["error"] else 0


def _totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Totals over the summary rows of a batch."""
    out = {"sources": len(rows), "error": 0, "rounding": 0, "warning": 0, "unreadable": 0}
    for r in rows:
        if r["read_error"] is not None:
            out["unreadable"] += 1
            continue
        for k, field in (("error", "errors"), ("rounding", "rounding"), ("warning", "warnings")):
            out[k] += r[field]
    return out


CHECK = Command("check", "check a report or table: rounding-aware findings", _args_check, _cmd_check)
