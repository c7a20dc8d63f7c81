"""Consistency checks: the tolerance model, findings as data, rules and their runner."""

from govaccts.checks.identities import (
    Context,
    Identity,
    Ref,
    Rule,
    check_table,
    evaluate,
    parse_identity,
    register_rule,
    rule,
    rules,
    run_rules,
    tree_identities,
    unregister_rule,
)

__all__ = ["Context", "Identity", "Ref", "Rule", "check_table", "evaluate", "parse_identity",
           "register_rule", "rule", "rules", "run_rules", "tree_identities", "unregister_rule"]
