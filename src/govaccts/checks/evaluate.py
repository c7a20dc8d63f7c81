"""Evaluating one identity: nothing when it holds exactly, else one finding judged by the
tolerance model (within rounding, or an error), with the cells it read."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from govaccts.amounts import EXACT, Amount, exact_sum
from govaccts.checks.context import Context
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.messages import MESSAGES
from govaccts.checks.tolerance import Mode, SumResult, check_sum
from govaccts.ledger.identities import Identity, IdentityKind, Ref
from govaccts.ledger.table import LedgerTable

__all__ = ["evaluate", "sum_finding"]


def _cell(tables: dict[str, LedgerTable], ref: Ref) -> Amount | None:
    t = tables.get(ref.table)
    return t.get_cell(ref.row, ref.column) if t is not None else None


def evaluate(identity: Identity, ctx: Context) -> Iterator[Finding]:
    """Findings of one identity: none when it holds exactly or nothing is printed."""
    total = _cell(ctx.tables, identity.total)
    parts = [_cell(ctx.tables, p) for p in identity.parts]
    where = identity.total
    if total is None or total.value is None:
        if any(p is not None and p.value not in (None, Decimal(0)) for p in parts):
            zh, en = MESSAGES["sum.total-missing"].render(total=where, text=identity.text)
            yield Finding(rule=identity.rule, severity=Severity.ERROR, message_zh=zh,
                          message_en=en, table=where.table, row=where.row, column=where.column,
                          mode=ctx.mode.value)
        return
    if identity.kind is IdentityKind.SUM and total.value == 0 and \
            all(p is None or p.value is None for p in parts):
        return
    weights = identity.weight_list()
    printed = exact_sum(EXACT.multiply(Decimal(w), p.value)
                        for w, p in zip(weights, parts, strict=True)
                        if p is not None and p.value is not None)
    if printed == total.value:
        return  # adds up exactly: nothing to say, whatever the mode
    equal = identity.kind is IdentityKind.EQUAL
    mode = Mode.EXACT if equal else ctx.mode
    res = check_sum(total, parts, weights, mode)
    cells = (CellRef(where.table, where.row, where.column, total.text),
             *(CellRef(r.table, r.row, r.column, a.text if a is not None else "")
               for r, a in zip(identity.parts, parts, strict=True)))
    t = ctx.tables.get(where.table)
    loc = t.location(where.row, where.column) if t is not None else None
    yield attrs.evolve(sum_finding(identity.rule, res, mode, where, cells, identity.text,
                                   equal=equal),
                       location=loc if loc is not None and loc.file else None)


def sum_finding(rule_id: str, res: SumResult, mode: Mode, where: Ref,
                cells: tuple[CellRef, ...], text: str, *, equal: bool = False) -> Finding:
    """The finding for a sum (or an equality) that does not hold exactly."""
    within = res.consistent
    gap = res.difference
    msg = ("equal.differs" if equal else "sum.within" if within
           else "sum.exact" if mode is Mode.EXACT else "sum.beyond")
    zh, en = MESSAGES[msg].render(text=text, gap=gap, tolerance=res.tolerance)
    return Finding(rule=rule_id, severity=Severity.ROUNDING if within else Severity.ERROR,
                   message_zh=zh, message_en=en, table=where.table, row=where.row,
                   column=where.column, reported=res.reported, computed=res.computed,
                   difference=gap, tolerance=res.tolerance, mode=mode.value, cells=cells)
