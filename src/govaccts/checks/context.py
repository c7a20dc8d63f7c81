"""What every rule receives besides its target: mode, tables, catalog store, report kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.tolerance import Mode

if TYPE_CHECKING:
    from govaccts.ledger.table import LedgerTable
    from govaccts.reports.spec import ReportKind

__all__ = ["Context"]


def _mode(value: Mode | str) -> Mode:
    return Mode.parse(value)


@attrs.frozen
class Context:
    """The tolerance ``mode``, the report's ``tables`` by key, the catalog ``store``, the
    report ``kind`` (``None`` for a single table) and a per-run ``cache``.

    Every rule gets the same context, the narrative ones included, so a mode or a store
    given to :func:`govaccts.check` reaches them all. ``cache`` lives for one run, so
    rules that share an analysis do it once.
    """

    mode: Mode = attrs.field(converter=_mode)
    tables: dict[str, LedgerTable]
    store: CatalogStore = attrs.field(factory=default_store)
    kind: ReportKind | None = None
    cache: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
