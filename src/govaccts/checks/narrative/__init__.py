"""Narrative checks: the 情况说明 (and annexes) held against the tables.

A 部门决算 narrative restates dozens of table figures. This package reads it with
regular expressions over the sentence patterns of these reports, anchored to the
section headings (一、收入支出决算总体情况说明 …), and yields findings for:

* ``narrative.amount`` — a quoted amount that differs from the cell it restates;
* ``narrative.percent`` — a share, growth or completion rate that does not follow
  from the figures (tolerance: the printed precision of the percentage, 四舍五入,
  widened by the rounding of the amounts it is computed from);
* ``narrative.unit`` — an amount stated in 元 where 万元 is meant (or the reverse);
* ``narrative.reference`` — a 「X（类）Y（款）Z（项）」 reference that does not resolve
  in the report year's catalog, or is not in table 05;
* ``narrative.wording`` — 大于/小于/等于 contradicting the figures, a rate over a
  zero budget, template left-overs (「大于（小于）」, 「XX」);
* ``narrative.fund-name`` — 国有资产经营 for 国有资本经营;
* ``narrative.repeated`` — the same quantity stated twice with two values.

Every finding points at its text: section, line of the narrative and the sentence.

The modules: :mod:`~.text` (paragraphs and sections), :mod:`~.figures` (amount and
percentage patterns), :mod:`~.messages` (every message template), :mod:`~.base` (the
comparisons all families share), one module per rule family (:mod:`~.statements`,
:mod:`~.items`, :mod:`~.sangong`, :mod:`~.procurement`, :mod:`~.annex`,
:mod:`~.wording`), :mod:`~.run` (one pass) and :mod:`~.rules` (the rule list).

>>> import govaccts
>>> fs = govaccts.check(govaccts.example_report(), rules=["narrative."])
>>> sorted({f.rule for f in fs if f.severity.value == "error"})
['narrative.amount', 'narrative.fund-name', 'narrative.percent', 'narrative.repeated', 'narrative.unit', 'narrative.wording']
"""

from __future__ import annotations

from govaccts.checks.narrative.coverage import Coverage
from govaccts.checks.narrative.rules import NARRATIVE_RULES
from govaccts.checks.narrative.run import (
    Prose,
    narrative_claims,
    narrative_coverage,
    narrative_findings,
)
from govaccts.checks.narrative.text import Sentence, sentences

__all__ = ["NARRATIVE_RULES", "Coverage", "Prose", "Sentence", "narrative_claims",
           "narrative_coverage", "narrative_findings", "sentences"]
