"""Narrative checks: the 情况说明 (and annexes) held against the tables.

A 部门决算 or 部门预算 narrative restates dozens of table figures. This package reads every
paragraph into claims (an amount with its subject, a share with its whole, a change with
its base, a completion rate, a 类/款/项 reference, a total with its parts), ties each to
the cell (or the figure of the text) it restates through the report kind's table specs,
and checks it; a few section rules of the 部门决算 template read what only it says (the
五(三) items, 七 三公, 十一 政府采购, the annexes). It yields findings for:

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
* ``narrative.repeated`` — the same quantity stated twice with two values;
* ``narrative.coverage`` — one ``info`` finding: how much of the prose was checked.

Every finding points at its text: section, line of the narrative and the sentence.

The modules, in the order the data flows: :mod:`~.text` (paragraphs and sections),
:mod:`~.figures` (amount and percentage patterns), :mod:`~.messages` (every message
template), :mod:`~.base` (the run's context, the comparisons the section rules share);
the claims — :mod:`~.claims` (the data), :mod:`~.extract` (prose → claims), :mod:`~.lists`
(totals and their parts), :mod:`~.subjects` (labels and anchors → cells), :mod:`~.ties`
(claims → cells, in context), :mod:`~.ranges`, :mod:`~.verify` (the checks), :mod:`~.empty` (statements of
no money), :mod:`~.coverage`; the section rules — :mod:`~.items` (五(三)), :mod:`~.sangong`
(七), :mod:`~.procurement` (十一), :mod:`~.annex`, :mod:`~.wording`; then :mod:`~.run` (one
pass) and :mod:`~.rules` (the rule list).

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
