"""Rules: what a check runs. A rule is data (id, titles, scope) plus a function.

Rules are collected explicitly: each module of rules declares a list
(``TABLE_RULES``, ``REPORT_RULES``, ``NARRATIVE_RULES``) and the default registry is
built from those lists (:mod:`govaccts.checks.registry`); users add their own with
:func:`govaccts.register_rule` or the :func:`govaccts.rule` decorator.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from govaccts.checks.findings import Finding, rule_matches
from govaccts.errors import RuleError

if TYPE_CHECKING:
    from govaccts.checks.context import Context

__all__ = ["Rule", "RuleFunc", "RuleRegistry", "RuleScope"]


class RuleScope(enum.StrEnum):
    """``table``: called once per table; ``report``: once per report."""

    TABLE = "table"
    REPORT = "report"


RuleFunc = Callable[["Context", Any], Iterable[Finding]]


def _scope(value: object) -> RuleScope:
    try:
        if isinstance(value, str):
            return RuleScope(value)
    except ValueError:
        pass
    raise RuleError(f"rule scope must be 'table' or 'report', not {value!r}")


@attrs.frozen
class Rule:
    """A rule: id, Chinese and English titles, scope and the function."""

    id: str
    title_zh: str
    title_en: str
    scope: RuleScope = attrs.field(converter=_scope)
    func: RuleFunc = attrs.field(repr=False)
    description: str = ""


class RuleRegistry:
    """Rules by id, built from declared lists; extensible, thread-unsafe by design
    (register at import or set-up time, not while checks run)."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for r in rules:
            self.register(r)

    def register(self, r: Rule, *, replace: bool = False) -> Rule:
        """Add ``r`` (``replace`` to override an existing id)."""
        if not isinstance(r, Rule):
            raise RuleError(f"register a Rule, not {type(r).__name__}")
        if r.id in self._rules and not replace:
            raise RuleError(f"rule {r.id!r} is already registered")
        self._rules[r.id] = r
        return r

    def unregister(self, id: str) -> None:
        """Remove the rule ``id`` (no error when absent)."""
        self._rules.pop(id, None)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.all())

    def __contains__(self, id: object) -> bool:
        return id in self._rules

    def all(self) -> tuple[Rule, ...]:
        """Every rule, by id."""
        return tuple(self._rules[k] for k in sorted(self._rules))

    def select(self, selection: Iterable[str] | str | None) -> list[Rule]:
        """The rules a selection names (ids or prefixes such as ``"sum."``); all for ``None``.

        A selector that matches no rule is a :class:`~govaccts.errors.RuleError`.
        """
        every = self.all()
        if selection is None:
            return list(every)
        sel = (selection,) if isinstance(selection, str) else tuple(selection)
        unknown = [s for s in sel if not any(rule_matches(r.id, s) for r in every)]
        if unknown:
            raise RuleError(f"unknown rule(s) {', '.join(unknown)} "
                            f"(known: {', '.join(r.id for r in every)})")
        return [r for r in every if any(rule_matches(r.id, s) for s in sel)]
