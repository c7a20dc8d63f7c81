"""Running checks: every selected rule on a table or a report of any kind, to the end.

>>> import govaccts
>>> findings = govaccts.check(govaccts.example_report(), rules=["sum.", "equal."])
>>> govaccts.summarize(findings)["error"]
0
>>> sorted({f.rule for f in findings if f.severity.value == "rounding"})
['sum.cross-table', 'sum.row', 'sum.statement', 'sum.tree']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.context import Context
from govaccts.checks.evaluate import evaluate
from govaccts.checks.findings import Finding, rule_matches
from govaccts.checks.registry import DEFAULT_REGISTRY
from govaccts.checks.rules import RuleRegistry, RuleScope
from govaccts.checks.tolerance import Mode
from govaccts.errors import GovacctsError, RuleError
from govaccts.ledger.identities import Identity, parse_identity
from govaccts.ledger.table import LedgerTable
from govaccts.reports.report import Report

__all__ = ["check", "check_report", "check_table", "run_rules"]


def check(target: LedgerTable | Report, *, mode: Mode | str = Mode.HALF_UP,
          rules: Iterable[str] | str | None = None, identities: Sequence[Identity | str] = (),
          store: CatalogStore | None = None,
          registry: RuleRegistry | None = None) -> list[Finding]:
    """Check a table or a report of any kind; every finding, sorted, never stopping early.

    ``mode`` is the tolerance model (``half-up``, ``interval``, ``exact``) and reaches
    every rule, the narrative ones included; ``rules`` selects rules by id or prefix;
    ``identities`` adds row identities to a single table; ``store`` is where codes are
    looked up.

    >>> from govaccts import example_report, summarize
    >>> summarize(check(example_report(), rules=["sum.", "equal."]))["error"]  # tables add up
    0
    >>> summarize(check(example_report()))["error"]       # the narrative has real defects
    18
    >>> summarize(check(example_report(), mode="exact"))["rounding"]  # exact: no rounding
    0
    """
    if isinstance(target, Report):
        if identities:
            raise RuleError("identities= applies to a single table; a report brings its own")
        return check_report(target, mode=mode, rules=rules, store=store, registry=registry)
    if not isinstance(target, LedgerTable):
        raise GovacctsError(f"check() takes a LedgerTable or a Report, "
                            f"not {type(target).__name__}")
    return check_table(target, mode=mode, rules=rules, identities=identities, store=store,
                       registry=registry)


def check_table(table: LedgerTable, *, mode: Mode | str = Mode.HALF_UP,
                identities: Sequence[Identity | str] = (),
                rules: Iterable[str] | str | None = None, store: CatalogStore | None = None,
                registry: RuleRegistry | None = None) -> list[Finding]:
    """Run the table rules on one table, plus extra ``identities``.

    ``identities`` may be :class:`Identity` objects or strings such as
    ``"本年支出合计=基本支出+项目支出"`` (checked on every row; ``-`` for a negative
    weight).

    >>> import govaccts
    >>> t = govaccts.example_report().table("公开05")
    >>> fs = check_table(t, identities=["小计=基本支出+项目支出"])
    >>> [(f.rule, f.row, f.column, str(f.difference)) for f in fs if f.rule == "sum.row"]
    [('sum.row', '201', '小计', '-0.01')]
    """
    ctx = Context(mode, {table.id: table}, store or default_store())
    out: list[Finding] = []
    for r in (registry or DEFAULT_REGISTRY).select(rules):
        if r.scope is RuleScope.TABLE:
            out.extend(r.func(ctx, table))
    for ident in identities:
        for i in (parse_identity(ident, table) if isinstance(ident, str) else [ident]):
            out.extend(evaluate(i, ctx))
    return sorted(out)


def check_report(rep: Report, *, mode: Mode | str = Mode.HALF_UP,
                 rules: Iterable[str] | str | None = None, store: CatalogStore | None = None,
                 registry: RuleRegistry | None = None) -> list[Finding]:
    """Every selected rule on a report: table rules on each table, report rules once."""
    ctx = Context(mode, rep.tables, store or default_store(), rep.kind)
    return run_rules(ctx, rep, rules=rules, registry=registry)


def run_rules(ctx: Context, report: object, *, rules: Iterable[str] | str | None = None,
              registry: RuleRegistry | None = None) -> list[Finding]:
    """Run table rules on every table of ``ctx`` and report rules on ``report``; sorted.

    Rules the report's kind excludes (:attr:`ReportKind.excluded_rules`) are left out.
    """
    out: list[Finding] = []
    excluded = ctx.kind.excluded_rules if ctx.kind is not None else ()
    for r in (registry or DEFAULT_REGISTRY).select(rules):
        if any(rule_matches(r.id, x) for x in excluded):
            continue
        if r.scope is RuleScope.TABLE:
            for t in ctx.tables.values():
                out.extend(r.func(ctx, t))
        else:
            out.extend(r.func(ctx, report))
    return sorted(out)
