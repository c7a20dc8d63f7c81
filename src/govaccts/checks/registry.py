"""The default rule registry, built from the declared lists of built-in rules; the module
functions users already call (:func:`register_rule`, :func:`rule`, :func:`rules`)."""

from __future__ import annotations

from collections.abc import Callable

from govaccts.checks.budget_prose import BUDGET_PROSE_RULES
from govaccts.checks.narrative import NARRATIVE_RULES
from govaccts.checks.performance import PERFORMANCE_RULES
from govaccts.checks.report_rules import REPORT_RULES
from govaccts.checks.rules import Rule, RuleFunc, RuleRegistry, RuleScope
from govaccts.checks.table_rules import TABLE_RULES

__all__ = ["BUILTIN_RULES", "DEFAULT_REGISTRY", "register_rule", "rule", "rules",
           "unregister_rule"]

BUILTIN_RULES: tuple[Rule, ...] = (*TABLE_RULES, *REPORT_RULES, *NARRATIVE_RULES,
                                   *BUDGET_PROSE_RULES, *PERFORMANCE_RULES)
"""Every built-in rule, from the declared lists."""

DEFAULT_REGISTRY = RuleRegistry(BUILTIN_RULES)
"""The registry checks use unless given another."""


def register_rule(r: Rule, *, replace: bool = False) -> Rule:
    """Add a rule to the default registry (``replace`` to override an existing id)."""
    return DEFAULT_REGISTRY.register(r, replace=replace)


def unregister_rule(id: str) -> None:
    """Remove a rule from the default registry."""
    DEFAULT_REGISTRY.unregister(id)


def rules() -> tuple[Rule, ...]:
    """Every rule of the default registry, by id."""
    return DEFAULT_REGISTRY.all()


def rule(id: str, *, title_zh: str, title_en: str, scope: RuleScope | str = RuleScope.TABLE,
         description: str = "") -> Callable[[RuleFunc], RuleFunc]:
    """Decorator form of :func:`register_rule`.

    >>> from govaccts import Finding, Severity
    >>> @rule("demo.nonnegative", title_zh="金额非负", title_en="amounts are not negative")
    ... def _nonnegative(ctx, table):
    ...     for r in table.rows:
    ...         for col, a in r.cells:
    ...             if a.value is not None and a.value < 0:
    ...                 yield Finding(rule="demo.nonnegative", severity=Severity.WARNING,
    ...                               message_zh="金额为负", message_en="negative amount",
    ...                               table=table.id, row=r.key, column=col)
    >>> "demo.nonnegative" in [r.id for r in rules()]
    True
    >>> unregister_rule("demo.nonnegative")
    """
    def deco(func: RuleFunc) -> RuleFunc:
        register_rule(Rule(id, title_zh, title_en, scope, func,
                           description or (func.__doc__ or "")))
        return func
    return deco
