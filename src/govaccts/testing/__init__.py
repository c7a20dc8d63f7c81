"""Helpers for the unit tests of tools that build or check reports.

>>> import govaccts
>>> from govaccts.testing import assert_consistent
>>> report = govaccts.example_report()
>>> assert_consistent(report, rules=["sum.", "equal."])    # rounding gaps are allowed
>>> assert_consistent(report, rules=["sum.", "equal."], allow=["warning", "info"])
Traceback (most recent call last):
...
AssertionError: 26 finding(s) not allowed (allowed: warning, info):
...
>>> assert_consistent(report)                               # its narrative is wrong
Traceback (most recent call last):
...
AssertionError: 18 finding(s) not allowed (allowed: rounding, warning, info):
...
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from govaccts.checks.findings import Finding, Severity, render_text
from govaccts.checks.tolerance import Mode
from govaccts.ledger.identities import Identity

DEFAULT_ALLOW = ("rounding", "warning", "info")


def inconsistencies(target: object, *, mode: Mode | str = Mode.HALF_UP,
                    allow: Iterable[str] = DEFAULT_ALLOW,
                    rules: list[str] | None = None,
                    identities: Sequence[str | Identity] = (),
                    strict_codes: bool = False) -> list[Finding]:
    """The findings of :func:`govaccts.check` whose severity or rule is not in ``allow``.

    ``allow`` holds severities (``"rounding"``, ``"warning"``, ``"info"``,
    ``"error"``) and rule ids (``"precision.column"``) or prefixes (``"narrative"``).
    ``identities`` adds row identities to a single table's check
    (``"小计=基本支出+项目支出"``). ``strict_codes``: a code the catalog edition does not
    hold is never allowed (in a partial edition it is otherwise only a warning).
    """
    import govaccts
    from govaccts.checks.findings import rule_matches
    from govaccts.checks.runner import check_table
    from govaccts.ledger.table import LedgerTable

    allowed = tuple(allow)
    sev = {s for s in allowed if s in {x.value for x in Severity}}
    rule_ids = tuple(a for a in allowed if a not in sev)
    if identities:
        if not isinstance(target, LedgerTable):
            raise TypeError("identities= applies to a single LedgerTable")
        found = check_table(target, mode=mode, rules=rules, identities=identities)
    else:
        found = govaccts.check(target, mode=mode, rules=rules)  # type: ignore[arg-type]
    return [f for f in found
            if (strict_codes and f.rule == "table.problem" and f.detail == "unknown-code")
            or (f.severity.value not in sev and not any(rule_matches(f.rule, r) for r in rule_ids))]


def assert_consistent(target: object, *, mode: Mode | str = Mode.HALF_UP,
                      allow: Iterable[str] = DEFAULT_ALLOW,
                      rules: list[str] | None = None,
                      identities: Sequence[str | Identity] = (),
                      strict_codes: bool = False) -> None:
    """Fail with a readable list of findings unless ``target`` adds up.

    By default rounding gaps, warnings and info notes are allowed and errors are
    not; pass ``allow`` to change that, and ``strict_codes=True`` to fail on any code the
    catalog edition does not hold.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    allowed = tuple(allow)
    bad = inconsistencies(target, mode=mode, allow=allowed, rules=rules, identities=identities,
                          strict_codes=strict_codes)
    if bad:
        raise AssertionError(f"{len(bad)} finding(s) not allowed (allowed: "
                             f"{', '.join(allowed) or 'nothing'}):\n{render_text(bad)}")
