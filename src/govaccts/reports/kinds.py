"""The registry of report kinds: the built-in ones and those users register.

>>> import govaccts
>>> [k.name for k in govaccts.report_kinds()]
['部门决算', '部门预算', '高等学校部门决算', '政府决算', '政府预算']
>>> govaccts.identify_table("财政拨款“三公”经费支出决算表")
'公开09'
"""

from __future__ import annotations

import threading

from govaccts.errors import GovacctsError
from govaccts.reports.spec import ReportKind, TableSpec

__all__ = ["identify_table", "register_report_kind", "register_table_spec", "report_kind",
           "report_kinds"]

_lock = threading.Lock()
_kinds: dict[str, ReportKind] | None = None


def _registry() -> dict[str, ReportKind]:
    global _kinds
    with _lock:
        if _kinds is None:
            import attrs

            from govaccts.reports.budget import BUDGET
            from govaccts.reports.final_accounts import FINAL_ACCOUNTS
            from govaccts.reports.government import GOVERNMENT_BUDGET, GOVERNMENT_FINAL
            from govaccts.reports.university import UNIVERSITY_FINAL

            final = attrs.evolve(FINAL_ACCOUNTS, stage="决算", excluded_rules=("prose.",))
            built = (final, BUDGET, UNIVERSITY_FINAL,
                     GOVERNMENT_FINAL, GOVERNMENT_BUDGET)
            _kinds = {k.name: k for k in built}
        return _kinds


def report_kinds() -> tuple[ReportKind, ...]:
    """Every registered kind, built-in first."""
    return tuple(_registry().values())


def report_kind(name: str) -> ReportKind:
    """The kind called ``name`` (or one of its aliases)."""
    for k in report_kinds():
        if name == k.name or name in k.aliases:
            return k
    raise GovacctsError(f"unknown report kind {name!r} "
                        f"(known: {', '.join(k.name for k in report_kinds())})")


def register_report_kind(kind: ReportKind, *, replace: bool = False) -> ReportKind:
    """Add a kind of report (``replace`` to override one of the same name)."""
    reg = _registry()
    with _lock:
        if kind.name in reg and not replace:
            raise GovacctsError(f"report kind {kind.name!r} is already registered")
        reg[kind.name] = kind
    return kind


def register_table_spec(kind: str, spec: TableSpec) -> ReportKind:
    """Add a table spec to the kind ``kind`` (or replace the spec of the same key)."""
    return register_report_kind(report_kind(kind).with_table(spec), replace=True)


def identify_table(title: str, kind: str | None = None) -> str | None:
    """The key of the table spec whose title is ``title`` (in ``kind``, or any kind)."""
    for k in ([report_kind(kind)] if kind else report_kinds()):
        spec = k.identify(title)
        if spec is not None:
            return spec.key
    return None
