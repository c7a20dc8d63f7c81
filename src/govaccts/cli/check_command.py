"""The ``check`` command: a report (folder, manifest, seed text) or one table (CSV/TSV)."""

from __future__ import annotations

import argparse
from typing import Any

from govaccts.checks.tolerance import Mode
from govaccts.cli.plumbing import Command, Payload, UsageError, _year, emit


# -- check -----------------------------------------------------------------------------
def _args_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", nargs="?", metavar="REPORT|TABLE.csv",
                   help="a report folder, its manifest.toml, seed-style text (.txt), "
                        "or one table as CSV/TSV")
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
    """Check a report or a table: every finding, errors first; exit 1 if any is an error."""
    import govaccts
    from govaccts.io.tables import read_table

    if bool(args.example) == bool(args.target):
        raise UsageError("give a REPORT or TABLE.csv, or --example NAME (one of them)")
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
            findings = govaccts.check_table(table, mode=args.mode, identities=args.identity,
                                            rules=rules or None)
            return _report_findings(args, findings, {"kind": "table", "path": str(path)})
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


CHECK = Command("check", "check a report or table: rounding-aware findings", _args_check, _cmd_check)
