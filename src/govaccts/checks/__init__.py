"""Consistency checks: the tolerance model, findings as data, rules, their registry and runner.

Layering inside: tolerance, findings, messages → rules, context → evaluate → table_rules,
report_rules, narrative → registry → runner.
"""

from govaccts.checks.context import Context
from govaccts.checks.evaluate import evaluate
from govaccts.checks.registry import register_rule, rule, rules, unregister_rule
from govaccts.checks.rules import Rule, RuleRegistry, RuleScope
from govaccts.checks.runner import check, check_report, check_table, run_rules

__all__ = ["Context", "Rule", "RuleRegistry", "RuleScope", "check", "check_report",
           "check_table", "evaluate", "register_rule", "rule", "rules", "run_rules",
           "unregister_rule"]
