"""Findings as a stream: checked and written as they are found, the summary last.

:func:`iter_findings` yields what :func:`govaccts.check` returns, table by table as each
is checked — within a table the build problems (a cell that is no amount, a missing
cell) before the sums they break — then the report's own rules.  :func:`write_findings_json`
writes them one by one as the JSON object ``govaccts check --format json`` prints
(sorted keys, two-space indent, UTF-8 text), the summary after the last finding.  With
:func:`govaccts.read_table`, which reads a file a chunk of rows at a time, a large table is
read and checked without holding its text or its findings.

>>> import io, json, govaccts
>>> t = govaccts.example_report().table("公开05")
>>> out = io.StringIO()
>>> summary = write_findings_json(out, iter_findings(t), mode="half-up")
>>> summary["rounding"], json.loads(out.getvalue())["summary"] == summary
(6, True)
>>> sorted(iter_findings(t)) == govaccts.check(t)
True

This module runs the checks, so it is read after :mod:`govaccts.checks` (imported when
first used).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from govaccts.catalogs.store import CatalogStore
    from govaccts.checks.findings import Finding
    from govaccts.checks.rules import Rule, RuleRegistry
    from govaccts.checks.tolerance import Mode
    from govaccts.ledger.identities import Identity
    from govaccts.ledger.table import LedgerTable
    from govaccts.reports.report import Report

__all__ = ["CAUSES", "iter_findings", "write_findings_json"]

CAUSES = ("table.problem",)
"""Table rules whose findings come first in a table: what they report (a cell that is no
amount, a missing cell, an unknown code) is why other rules find what they find."""


def _causes_first(rules: Sequence[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: 0 if r.id in CAUSES else 1)


def iter_findings(target: LedgerTable | Report, *, mode: Mode | str = "half-up",
                  rules: Iterable[str] | str | None = None,
                  identities: Sequence[Identity | str] = (),
                  store: CatalogStore | None = None,
                  registry: RuleRegistry | None = None) -> Iterator[Finding]:
    """The findings of :func:`govaccts.check` (same arguments), as they are found.

    Table by table (causes first: :data:`CAUSES`), then a table's extra ``identities``,
    then the report rules; ``sorted()`` of the stream is what ``check`` returns.
    """
    from govaccts.catalogs.store import default_store
    from govaccts.checks.context import Context
    from govaccts.checks.evaluate import evaluate
    from govaccts.checks.findings import rule_matches
    from govaccts.checks.registry import DEFAULT_REGISTRY
    from govaccts.checks.rules import RuleScope
    from govaccts.errors import GovacctsError, RuleError
    from govaccts.ledger.identities import parse_identity
    from govaccts.ledger.table import LedgerTable
    from govaccts.reports.report import Report

    chosen = (registry or DEFAULT_REGISTRY).select(rules)
    kind = target.kind if isinstance(target, Report) else None
    excluded = kind.excluded_rules if kind is not None else ()
    chosen = [r for r in chosen if not any(rule_matches(r.id, x) for x in excluded)]
    table_rules = _causes_first([r for r in chosen if r.scope is RuleScope.TABLE])
    if isinstance(target, Report):
        if identities:
            raise RuleError("identities= applies to a single table; a report brings its own")
        ctx = Context(mode, target.tables, store or default_store(), target.kind)
        for t in ctx.tables.values():
            for r in table_rules:
                yield from r.func(ctx, t)
        for r in chosen:
            if r.scope is not RuleScope.TABLE:
                yield from r.func(ctx, target)
        return
    if not isinstance(target, LedgerTable):
        raise GovacctsError(f"check() takes a LedgerTable or a Report, "
                            f"not {type(target).__name__}")
    ctx = Context(mode, {target.id: target}, store or default_store())
    for r in table_rules:
        yield from r.func(ctx, target)
    for ident in identities:
        for i in (parse_identity(ident, target) if isinstance(ident, str) else [ident]):
            yield from evaluate(i, ctx)


def _indented(value: object, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` prints it ``level`` objects deep."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    return text.replace("\n", "\n" + "  " * level)


def write_findings_json(out: TextIO, findings: Iterable[Finding], **fields: Any) -> dict[str, int]:
    """Write ``{"findings": [...], **fields, "summary": {...}}`` to ``out`` as findings come,
    byte for byte as ``json.dumps(..., ensure_ascii=False, sort_keys=True, indent=2)``
    prints the same object (findings in the order given), without a final newline;
    returns the summary.  ``fields`` must not name ``findings`` or ``summary``.
    """
    from govaccts.checks.findings import Severity, finding_to_dict

    if "findings" in fields or "summary" in fields:
        raise ValueError("fields may not be named 'findings' or 'summary'")
    counts = dict.fromkeys((s.value for s in Severity), 0)
    keys = sorted([*fields, "findings", "summary"])
    out.write("{")
    for n, key in enumerate(keys):
        out.write(("," if n else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if key == "findings":
            first = True
            for f in findings:
                counts[f.severity.value] += 1
                out.write(("[\n    " if first else ",\n    ") + _indented(finding_to_dict(f), 2))
                first = False
            out.write("[]" if first else "\n  ]")
        elif key == "summary":
            summary = {**counts, "total": sum(counts.values())}
            out.write(_indented(summary, 1))
        else:
            out.write(_indented(fields[key], 1))
    out.write("\n}")
    return {**counts, "total": sum(counts.values())}
