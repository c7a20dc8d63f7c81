"""What became of a claim: its status (checked, untied, ambiguous …), its findings, and the
other figures of the text the check held it against."""

from __future__ import annotations

import attrs

from govaccts.checks.findings import Finding
from govaccts.checks.narrative.claims import Claim, Figure
from govaccts.checks.narrative.text import Sentence
from govaccts.checks.narrative.ties import Status

__all__ = ["Outcome"]


@attrs.frozen
class Outcome:
    """A claim, what became of it, and its findings."""

    claim: Claim
    status: Status
    findings: tuple[Finding, ...] = ()
    uses: tuple[tuple[Sentence, Figure], ...] = ()
    """Other figures of the text (with their paragraphs) the check held this claim
    against: a check that passes checks them too."""
