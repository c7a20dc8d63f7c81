"""One pass over a report's narrative: split it into paragraphs, blank out unreadable
figures, run the section rules of the 部门决算 template on the sections they read, then
read every paragraph into claims, tie each to what it restates and check it; what the
section rules read they check, and the rest is the claims'."""

from __future__ import annotations

import attrs

from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.findings import Finding
from govaccts.checks.narrative.annex import annex_findings, project_budget_findings
from govaccts.checks.narrative.base import NarrativeContext, unreadable
from govaccts.checks.narrative.coverage import Coverage, coverage_of
from govaccts.checks.narrative.empty import empty_statement_findings
from govaccts.checks.narrative.extract import extract_claims
from govaccts.checks.narrative.items import item_findings
from govaccts.checks.narrative.lists import list_claims
from govaccts.checks.narrative.procurement import procurement_findings
from govaccts.checks.narrative.sangong import sangong_findings
from govaccts.checks.narrative.subjects import LabelIndex
from govaccts.checks.narrative.text import Sentence, sentences
from govaccts.checks.narrative.ties import Status, Tier
from govaccts.checks.narrative.verify import Outcome, verify
from govaccts.checks.narrative.wording import table_name_findings, wording_findings
from govaccts.checks.tolerance import Mode
from govaccts.ledger.table import LedgerTable
from govaccts.reports.spec import ReportKind

__all__ = ["Prose", "narrative_claims", "narrative_coverage", "narrative_findings"]


@attrs.frozen
class Prose:
    """Prose and the tables it may restate, checked apart from a report: the text of a PDF
    whose tables were not read, a sentence in a test. Line numbers count from
    ``first_line`` of ``file``.

    >>> cov = narrative_coverage(Prose("支出合计563.56万元，其中：基本支出448.55万元，占79.6%。"))
    >>> cov.checked_sentences, cov.figures
    (1, 3)
    """

    narrative: str
    tables: dict[str, LedgerTable] = attrs.field(factory=dict)
    kind: ReportKind | None = None
    year: int | None = None
    department: str = ""
    file: str = "narrative"
    first_line: int = 1

    @property
    def raw(self) -> object:
        return _Source(self.file, self.first_line)

    def raw_table(self, key: str) -> None:
        return None


@attrs.frozen
class _Source:
    narrative_file: str
    narrative_line: int


def _section_rules(ctx: NarrativeContext, sents: list[Sentence], text: str) -> list[Finding]:
    main = [s for s in sents if not s.section.startswith(("第四部分", "第五部分"))]
    by: dict[str, list[Sentence]] = {}
    for s in main:
        by.setdefault(s.section, []).append(s)
    return [*item_findings(ctx, by.get("五(三)", [])),
            *sangong_findings(ctx, by.get("七(一)", []) + by.get("七", [])),
            *wording_findings(ctx, sents), *annex_findings(ctx, text),
            *procurement_findings(ctx, [x for x in main if x.section.startswith("十一")]),
            *project_budget_findings(ctx, sents)]


def _claims(ctx: NarrativeContext, sents: list[Sentence], index: LabelIndex
            ) -> list[Outcome]:
    """Every claim's outcome; claims in text a section rule read are the section rules'."""
    headings: dict[str, list[tuple[int, str]]] = {}
    for s in sents:
        if not s.starts:  # a one-line paragraph: a (sub)section's heading, in print order
            headings.setdefault(s.section, []).append((s.line, s.text))
    tier = Tier(ctx, index, headings)
    claims = extract_claims(sents, getattr(ctx.rep, "department", "") or "")
    claims += list_claims(claims)
    out = []
    for o in verify(ctx, tier, claims):
        if ctx.was_read(o.claim.para, o.claim.pos):
            o = Outcome(o.claim, Status.SECTION)
        out.append(o)
    return out


def _context(rep: object, tables: dict[str, LedgerTable], mode: Mode,
             store: CatalogStore | None) -> NarrativeContext:
    raw_report = getattr(rep, "raw", None)
    return NarrativeContext(rep, tables,
                            getattr(raw_report, "narrative_file", None) or "narrative",
                            getattr(raw_report, "narrative_line", 1), mode,
                            store or default_store())


def _run(rep: object, tables: dict[str, LedgerTable], mode: Mode, store: CatalogStore | None
         ) -> tuple[list[Finding], Coverage]:
    text = getattr(rep, "narrative", None) or ""
    ctx = _context(rep, tables, mode, store)
    sents, out = unreadable(ctx, sentences(text))
    out += _section_rules(ctx, sents, text)
    index = LabelIndex(ctx.tables, getattr(rep, "kind", None))
    outcomes = _claims(ctx, sents, index)
    out += empty_statement_findings(ctx, index, sents)
    seen = {(f.rule, f.location.line if f.location else None) for f in out}
    for o in outcomes:
        out += [f for f in o.findings
                if (f.rule, f.location.line if f.location else None) not in seen]
    out += table_name_findings(rep, tables)
    return out, coverage_of(outcomes, [s for s in sents if s.starts], ctx.first_line)


def narrative_findings(rep: object, tables: dict[str, LedgerTable], *,
                       mode: Mode = Mode.HALF_UP, store: CatalogStore | None = None
                       ) -> list[Finding]:
    """Every narrative finding for a report with narrative text (none without).

    ``mode`` is the tolerance mode of the run (in ``exact`` mode a stated total that
    differs from its items by rounding is an error); ``store`` gives the catalogs.
    """
    out, cov = _run(rep, tables, mode, store)
    if cov.sentences:
        out.append(cov.finding())
    return out


def narrative_coverage(rep: object, *, mode: Mode = Mode.HALF_UP,
                       store: CatalogStore | None = None) -> Coverage:
    """How much of a report's narrative was tied to its tables and checked."""
    return _run(rep, getattr(rep, "tables", {}), mode, store)[1]


def narrative_claims(rep: object, *, mode: Mode = Mode.HALF_UP,
                     store: CatalogStore | None = None) -> list[Outcome]:
    """Every claim of a report's narrative and what became of it, by the claims alone
    (the section rules of the 部门决算 template left out)."""
    ctx = _context(rep, getattr(rep, "tables", {}), mode, store)
    sents, _ = unreadable(ctx, sentences(getattr(rep, "narrative", None) or ""))
    return _claims(ctx, sents, LabelIndex(ctx.tables, getattr(rep, "kind", None)))
