"""One pass over a report's narrative: split it into paragraphs, blank out unreadable
figures, and run every rule family on the sections it reads."""

from __future__ import annotations

from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.findings import Finding
from govaccts.checks.narrative.annex import annex_findings, project_budget_findings
from govaccts.checks.narrative.base import NarrativeContext, unreadable
from govaccts.checks.narrative.items import class_findings, item_findings
from govaccts.checks.narrative.procurement import procurement_findings
from govaccts.checks.narrative.sangong import sangong_findings
from govaccts.checks.narrative.statements import statement_findings
from govaccts.checks.narrative.text import Sentence, sentences
from govaccts.checks.narrative.wording import table_name_findings, wording_findings
from govaccts.checks.tolerance import Mode
from govaccts.ledger.table import LedgerTable

__all__ = ["narrative_findings"]


def narrative_findings(rep: object, tables: dict[str, LedgerTable], *,
                       mode: Mode = Mode.HALF_UP, store: CatalogStore | None = None
                       ) -> list[Finding]:
    """Every narrative finding for a report with narrative text (none without).

    ``mode`` is the tolerance mode of the run (in ``exact`` mode a stated total that
    differs from its items by rounding is an error); ``store`` gives the catalogs.
    """
    text = getattr(rep, "narrative", None) or ""
    raw_report = getattr(rep, "raw", None)
    ctx = NarrativeContext(rep, tables,
                           getattr(raw_report, "narrative_file", None) or "narrative",
                           getattr(raw_report, "narrative_line", 1), mode,
                           store or default_store())
    sents, out = unreadable(ctx, sentences(text))
    main = [s for s in sents if not s.section.startswith(("第四部分", "第五部分"))]
    by: dict[str, list[Sentence]] = {}
    for s in main:
        by.setdefault(s.section, []).append(s)
    out += [*statement_findings(ctx, by), *class_findings(ctx, by.get("五(二)", [])),
            *item_findings(ctx, by.get("五(三)", [])),
            *sangong_findings(ctx, by.get("七(一)", []) + by.get("七", [])),
            *wording_findings(ctx, sents), *annex_findings(ctx, text),
            *procurement_findings(ctx, [x for x in main if x.section.startswith("十一")]),
            *project_budget_findings(ctx, sents), *table_name_findings(rep, tables)]
    return out
