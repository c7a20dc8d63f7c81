"""The narrative rules as declared data: id, titles, and the function that runs the
narrative analysis once per check (cached on the run's context) and yields that rule's
findings."""

from __future__ import annotations

from collections.abc import Iterator

from govaccts.checks.context import Context
from govaccts.checks.findings import Finding
from govaccts.checks.rules import Rule, RuleFunc, RuleScope

__all__ = ["NARRATIVE_RULES"]

_RULES = (
    ("narrative.amount", "说明数字与表格一致", "amounts quoted in the narrative equal the table cells"),
    ("narrative.percent", "说明中的比率可由表格数字算出", "shares, growth and completion rates follow "
                                                   "from the figures"),
    ("narrative.unit", "金额单位正确", "amounts stated in the unit the tables use"),
    ("narrative.reference", "科目引用可解析", "「X（类）Y（款）Z（项）」 references resolve and appear in "
                                        "table 05"),
    ("narrative.wording", "措辞与数字一致", "wording agrees with the figures; no template left-overs"),
    ("narrative.fund-name", "资金名称正确", "the fund is 国有资本经营, not 国有资产经营"),
    ("narrative.repeated", "同一数字前后一致", "the same quantity stated twice has one value"),
    ("narrative.coverage", "说明核对覆盖面", "how much of the narrative's figures were tied to "
                                       "the tables (or to figures the text states) and checked"),
)


def _rule_func(rule_id: str) -> RuleFunc:
    def run(ctx: Context, rep: object) -> Iterator[Finding]:
        from govaccts.checks.narrative.run import narrative_findings

        found = ctx.cache.get("narrative")
        if found is None:
            found = ctx.cache["narrative"] = narrative_findings(rep, ctx.tables, mode=ctx.mode,
                                                                store=ctx.store)
        for f in found:
            if f.rule == rule_id:
                yield f
    return run


NARRATIVE_RULES = tuple(
    Rule(rid, zh, en, RuleScope.REPORT, _rule_func(rid),
         f"{en}. Read from the 情况说明 and the annexes as claims tied to the tables through "
         "the report kind's labels and anchors, and by the section rules of the 部门决算 "
         "template; see docs/narrative.rst.")
    for rid, zh, en in _RULES)
"""The narrative rules, collected by :mod:`govaccts.checks.registry`."""
