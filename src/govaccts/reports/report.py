"""A typed report of any kind: metadata, tables by key, the narrative, the raw reading."""

from __future__ import annotations

import attrs

from govaccts.errors import LedgerError
from govaccts.ledger.table import LedgerTable
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.spec import ReportKind

__all__ = ["FinalAccountsReport", "Report"]


@attrs.frozen(eq=False)
class Report:
    """A disclosed report: metadata, typed tables by key, the narrative text.

    Table keys are the specs' keys (``公开05``), with ``-<part>`` for the sides of a
    two-sided statement (``公开01-收入``). Reports compare (and hash) by identity.
    """

    department: str
    year: int
    unit: str
    tables: dict[str, LedgerTable]
    narrative: str | None
    raw: RawReport = attrs.field(repr=False)
    _raw_by_key: dict[str, RawTable] = attrs.field(repr=False, alias="raw_by_key",
                                                   factory=dict)
    kind: ReportKind = attrs.field(kw_only=True, repr=False)

    @property
    def kind_name(self) -> str:
        """The kind's name (``部门决算``)."""
        return self.kind.name

    def table(self, key: str) -> LedgerTable:
        """A table by key (``公开05``, ``公开01-支出``) or by printed title."""
        if key in self.tables:
            return self.tables[key]
        spec = self.kind.identify(key)
        if spec is not None:
            hits = [k for k in self.tables if k == spec.key or k.startswith(spec.key + "-")]
            if len(hits) == 1:
                return self.tables[hits[0]]
            if hits:
                raise LedgerError(f"{key!r} names {len(hits)} tables ({', '.join(hits)}): "
                                  "give the part")
        raise LedgerError(f"report has no table {key!r} (tables: {', '.join(self.tables)})")

    def raw_table(self, key: str) -> RawTable | None:
        """The raw table (notes, 说明) behind a table key."""
        return self._raw_by_key.get(key)


FinalAccountsReport = Report
"""The 0.1 name of :class:`Report` (a 部门决算 is a report of kind ``部门决算``)."""
