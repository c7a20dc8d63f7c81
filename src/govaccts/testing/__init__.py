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

from collections.abc import Iterable

from govaccts.findings import Finding, Severity, render_text
from govaccts.tolerance import Mode

DEFAULT_ALLOW = ("rounding", "warning", "info")


def inconsistencies(target: object, *, mode: Mode | str = Mode.HALF_UP,
                    allow: Iterable[str] = DEFAULT_ALLOW,
                    rules: list[str] | None = None) -> list[Finding]:
    """The findings of :func:`govaccts.check` whose severity or rule is not in ``allow``.

    ``allow`` holds severities (``"rounding"``, ``"warning"``, ``"info"``,
    ``"error"``) and rule ids (``"precision.column"``) or prefixes (``"narrative."``).
    """
    import govaccts

    allowed = tuple(allow)
    sev = {s for s in allowed if s in {x.value for x in Severity}}
    rule_ids = tuple(a for a in allowed if a not in sev)
    found = govaccts.check(target, mode=mode, rules=rules)  # type: ignore[arg-type]
    return [f for f in found
            if f.severity.value not in sev
            and not any(f.rule == r or (r.endswith(".") and f.rule.startswith(r))
                        for r in rule_ids)]


def assert_consistent(target: object, *, mode: Mode | str = Mode.HALF_UP,
                      allow: Iterable[str] = DEFAULT_ALLOW,
                      rules: list[str] | None = None) -> None:
    """Fail with a readable list of findings unless ``target`` adds up.

    By default rounding gaps, warnings and info notes are allowed and errors are
    not; pass ``allow`` to change that.
    """
    allowed = tuple(allow)
    bad = inconsistencies(target, mode=mode, allow=allowed, rules=rules)
    if bad:
        raise AssertionError(f"{len(bad)} finding(s) not allowed (allowed: "
                             f"{', '.join(allowed) or 'nothing'}):\n{render_text(bad)}")
