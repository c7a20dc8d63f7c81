"""How much of a narrative was checked: per figure-bearing sentence and per figure, what
became of its claims — checked (against a table cell or figures the text states, or by
the section rules), untied, ambiguous. One ``info`` finding says it for the report;
:func:`narrative_coverage` gives the counts and the sentences."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import attrs

from govaccts.amounts import EXACT
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.narrative.claims import (
    AmountClaim,
    ChangeClaim,
    Figure,
    ListClaim,
    RateClaim,
    ReferenceClaim,
    ShareClaim,
)
from govaccts.checks.narrative.extract import figures
from govaccts.checks.narrative.messages import render
from govaccts.checks.narrative.text import Sentence, is_table_row
from govaccts.checks.narrative.ties import Status
from govaccts.checks.narrative.verify import Outcome

__all__ = ["Coverage", "SentenceCoverage", "coverage_of"]


@attrs.frozen
class SentenceCoverage:
    """One sentence that states figures: its line, text, and each figure's status."""

    line: int
    text: str
    figures: tuple[tuple[str, Status], ...]

    @property
    def checked(self) -> bool:
        """True when every figure of the sentence was checked."""
        return all(s in (Status.CHECKED, Status.SECTION) for _, s in self.figures)

    @property
    def touched(self) -> bool:
        """True when at least one of its figures was checked."""
        return any(s in (Status.CHECKED, Status.SECTION) for _, s in self.figures)


@attrs.frozen
class Coverage:
    """The figure-bearing sentences of a narrative and what became of their figures."""

    sentences: tuple[SentenceCoverage, ...]

    def count(self, status: Status) -> int:
        return sum(1 for s in self.sentences for _, st in s.figures if st is status)

    @property
    def figures(self) -> int:
        return sum(len(s.figures) for s in self.sentences)

    @property
    def checked_sentences(self) -> int:
        return sum(1 for s in self.sentences if s.checked)

    @property
    def share(self) -> Decimal:
        """Percentage of figure-bearing sentences whose every figure was checked."""
        if not self.sentences:
            return Decimal(0)
        return EXACT.divide(Decimal(100 * self.checked_sentences), Decimal(len(self.sentences))
                            ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=EXACT)

    def finding(self) -> Finding:
        """The report's one ``narrative.coverage`` info finding."""
        zh, en = render("coverage.summary", sentences=len(self.sentences),
                        checked=self.checked_sentences, share=self.share, figures=self.figures,
                        figures_checked=self.count(Status.CHECKED) + self.count(Status.SECTION),
                        untied=self.count(Status.UNTIED), ambiguous=self.count(Status.AMBIGUOUS))
        left = [f"{s.line}: {s.text[:60]}" for s in self.sentences if not s.checked][:20]
        return Finding(rule="narrative.coverage", severity=Severity.INFO, message_zh=zh,
                       message_en=en, table="情况说明", detail="\n".join(left))


def _figures_of(o: Outcome) -> list[Figure]:
    c = o.claim
    if isinstance(c, AmountClaim | ShareClaim | RateClaim):
        return [c.figure]
    if isinstance(c, ChangeClaim):
        return [f for f in (c.delta, c.rate) if f is not None]
    assert isinstance(c, ReferenceClaim | ListClaim)
    return []


def coverage_of(outcomes: Iterable[Outcome], paragraphs: Iterable[Sentence],
                first_line: int = 1) -> Coverage:
    """Group the figures of ``paragraphs`` by sentence (a paragraph's text between 。/；)
    with the best status a claim on each got (a figure no claim reads is untied); lines
    are counted from ``first_line``, the line the narrative starts on in its file."""
    by: dict[tuple[int, int], dict[int, Status]] = {}
    texts: dict[tuple[int, int], tuple[int, str]] = {}
    rank = {Status.CHECKED: 0, Status.SECTION: 0, Status.AMBIGUOUS: 1, Status.UNTIED: 2}

    def note(para: Sentence, f: Figure, status: Status) -> None:
        text = para.text
        start = max(text.rfind(ch, 0, f.start) for ch in "。；;！？") + 1
        k = (para.line, start)
        ends = [i for i in (text.find(ch, f.end) for ch in "。；;！？") if i >= 0]
        texts[k] = (para.line_at(start) + first_line - 1,
                    text[start:(min(ends) + 1 if ends else len(text))])
        figs = by.setdefault(k, {})
        old = figs.get(f.start)
        if old is None or rank[status] < rank[old]:
            figs[f.start] = status

    for o in outcomes:
        for f in _figures_of(o):
            note(o.claim.para, f, o.status)
        if o.status is Status.CHECKED:
            for para, f in o.uses:
                note(para, f, o.status)
    for p in paragraphs:
        if is_table_row(p.text):
            continue  # table rows of the annexes, not prose
        for f in figures(p.text):
            if f.unit != "%":  # a percentage no claim reads is no fiscal figure
                note(p, f, Status.UNTIED)
    return Coverage(tuple(
        SentenceCoverage(texts[k][0], texts[k][1], tuple((str(p), st) for p, st in figs.items()))
        for k, figs in sorted(by.items())))
