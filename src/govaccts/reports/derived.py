"""Identities derived from what a table prints: sums its columns' roles imply (per row),
sums its row labels' roles imply (per column), and the sums of a statement's outline.

Used by the report kinds whose templates vary too much for fixed row identities
(部门预算, 高等学校决算): each declares which :class:`~govaccts.reports.roles.SumFamily`
applies to which table, and only recognised tables get identities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from govaccts.catalogs.store import CatalogStore
from govaccts.errors import AmbiguousNameError, UnknownNameError
from govaccts.ledger.identities import Identity, IdentityKind, Ref
from govaccts.ledger.table import LedgerTable
from govaccts.reports.outline import grouped_sums, is_total_label, outline_sums
from govaccts.reports.report import Report
from govaccts.reports.roles import MEMO, SumFamily, sums_of
from govaccts.reports.spec import Layout

__all__ = ["class_code", "column_sums", "equal", "label_sums", "rows_as_columns",
           "side_figures", "statement_sums", "table_identities"]


def column_sums(t: LedgerTable, families: Iterable[SumFamily]) -> Iterator[Identity]:
    """Per row: a total column = Σ its part columns, as the columns' roles say."""
    for total, parts in sums_of(t.columns, tuple(families)):
        shown = f"{total} = " + " + ".join(parts)
        for r in t.rows:
            yield Identity("sum.row", Ref(t.id, r.key, total),
                           tuple(Ref(t.id, r.key, p) for p in parts), text=f"{t.id} {r.key}: {shown}")


def label_sums(t: LedgerTable, families: Iterable[SumFamily]) -> Iterator[Identity]:
    """Per column: a total row = Σ its part rows, as the rows' labels (their roles) say."""
    labels = [r.label for r in t.rows]
    keys = {r.label: r.key for r in t.rows}
    for total, parts in sums_of(labels, tuple(families)):
        for col in t.columns:
            yield Identity("sum.statement", Ref(t.id, keys[total], col),
                           tuple(Ref(t.id, keys[p], col) for p in parts),
                           text=f"{t.id} {col}: {keys[total]} = "
                                + " + ".join(keys[p] for p in parts))


def statement_sums(t: LedgerTable) -> Iterator[Identity]:
    """Per column of a statement side: the sums its outline implies (see
    :mod:`govaccts.reports.outline`)."""
    labels = [r.label for r in t.rows]
    keys = [r.key for r in t.rows]
    by_label = dict(zip(labels, keys, strict=True))
    grouped = any(":" in lab for lab in labels)
    for total, parts in (grouped_sums(labels) if grouped else outline_sums(labels)):
        for col in t.columns:
            yield Identity("sum.statement", Ref(t.id, by_label[total], col),
                           tuple(Ref(t.id, by_label[p], col) for p in parts),
                           text=f"{t.id} {col}: {by_label[total]} = "
                                + " + ".join(by_label[p] for p in parts))


def side_figures(t: LedgerTable) -> tuple[str | None, str | None]:
    """(subtotal, grand total) row keys of a statement side: the first and the last
    合计/小计/总计 row (the same row when only one is printed)."""
    totals = [r.key for r in t.rows if is_total_label(r.label)]
    if not totals:
        return None, None
    return totals[0], totals[-1]


def equal(a: Ref, b: Ref, text: str) -> Identity:
    """The same figure printed in two places (equal exactly, whatever the mode)."""
    return Identity("equal.cross-table", a, (b,), kind=IdentityKind.EQUAL, text=text)


def total_row(t: LedgerTable) -> str | None:
    """The row that totals a table: its 合计/总计 row, or its only row."""
    return t.total_key() or (t.rows[0].key if len(t.rows) == 1 else None)


def rows_as_columns(side: LedgerTable, table: LedgerTable, family: SumFamily,
                    what: str) -> Iterator[Identity]:
    """A statement side's rows against another table's total row, column by column,
    matched by role (``一、财政拨款收入`` = 收入表 合计 ``财政拨款收入``): the same figure
    printed twice. Only rows and columns with one role each are linked."""
    total = total_row(table)
    if total is None or len(side.columns) != 1:
        return
    by_role: dict[str, list[str]] = {}
    for c in table.columns:
        role = family.role(c)
        if role is not None:
            by_role.setdefault(role, []).append(c)
    seen: set[str] = set()
    for r in side.rows:
        role = family.role(r.key)
        if role in (None, MEMO, "total") or role in seen or len(by_role.get(role, [])) != 1:
            continue
        seen.add(role)
        col = by_role[role][0]
        yield equal(Ref(side.id, r.key, side.columns[0]), Ref(table.id, total, col),
                    f"{what}: {side.id} {r.key} = {table.id} {total} {col}")


def class_code(store: CatalogStore, year: int, label: str) -> str | None:
    """The 类 code a statement row's label names (``五、教育支出`` → 205), ``None`` when no
    类 of the year's function catalog has that name; cached on the store."""
    def compute() -> str | None:
        cat = store.get("function", year)
        try:
            return cat.resolve(label, level=1).code if cat is not None else None
        except (UnknownNameError, AmbiguousNameError):
            return None
    return store.derived(("class-code", year, label), compute)


def classes(side: LedgerTable, table: LedgerTable, column: str, store: CatalogStore,
            year: int, what: str) -> Iterator[Identity]:
    """A statement side's function-class rows (``五、教育支出``) against the class rows
    of a coded table (205), in ``column``; a blank class row that the coded table
    leaves out is not linked, a class with a figure it leaves out is a difference."""
    if len(side.columns) != 1 or column not in table.columns:
        return
    for r in side.rows:
        code = class_code(store, year, r.label)
        printed = r.get(side.columns[0])
        if code is not None and (table.get_row(code) is not None or (
                printed is not None and printed.value)):
            yield equal(Ref(side.id, r.key, side.columns[0]), Ref(table.id, code, column),
                        f"{what}: {side.id} {r.key} = {table.id} {code} {column}")


def table_identities(rep: Report, families: Mapping[str, tuple[SumFamily, ...]],
                     label_families: Mapping[str, tuple[SumFamily, ...]] | None = None
                     ) -> Iterator[Identity]:
    """The within-table identities of every table whose spec key has families: column
    sums per row; for statement (and 三公) tables also the outline (or the label roles)
    per column."""
    for key, t in rep.tables.items():
        spec = rep.kind.spec(key)
        if spec is None:
            continue
        yield from column_sums(t, families.get(spec.key, ()))
        by_labels = (label_families or {}).get(spec.key, ())
        if by_labels:
            yield from label_sums(t, by_labels)
        elif spec.layout is Layout.STATEMENT and not t.coded_rows():
            yield from statement_sums(t)
