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
from govaccts.ledger.table import LedgerTable, Problem, ProblemKind

__all__ = ["evaluate", "sum_finding"]


def _cell(tables: dict[str, LedgerTable], ref: Ref) -> Amount | None:
    t = tables.get(ref.table)
    return t.get_cell(ref.row, ref.column) if t is not None else None


def _unread(ctx: Context) -> dict[tuple[str, str, str], Problem]:
    """Cells the tables could not read (no amount, missing), by (table, row, column)."""
    index = ctx.cache.get("unread-cells")
    if index is None:
        index = ctx.cache["unread-cells"] = {
            (t.id, p.location.row, p.location.column): p
            for t in ctx.tables.values() for p in t.problems
            if p.kind in (ProblemKind.BAD_AMOUNT, ProblemKind.MISSING_CELL)
            and p.location.row is not None and p.location.column is not None}
    return index


def evaluate(identity: Identity, ctx: Context) -> Iterator[Finding]:
    """Findings of one identity: none when it holds exactly or nothing is printed.

    A cell the table could not read counts as nothing; a finding it causes names it
    (``cause``) and sorts after it.
    """
    total = _cell(ctx.tables, identity.total)
    parts = [_cell(ctx.tables, p) for p in identity.parts]
    where = identity.total
    unread = _unread(ctx)
    causes = [(r, unread[(r.table, r.row, r.column)])
              for r, a in zip((identity.total, *identity.parts), (total, *parts), strict=True)
              if a is None and (r.table, r.row, r.column) in unread]
    for f in _findings(identity, ctx, total, parts, where):
        if causes:
            r, prob = causes[0]
            zh, en = MESSAGES["cause.unread-cell"].render(
                cell=f"{r.table} {r.row} [{r.column}]", kind=prob.kind)
            f = attrs.evolve(f, message_zh=f.message_zh + zh, message_en=f.message_en + en,
                             cause=f"table.problem {r.table} {r.row} [{r.column}]")
        yield f


def _findings(identity: Identity, ctx: Context, total: Amount | None,
              parts: list[Amount | None], where: Ref) -> Iterator[Finding]:
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
    f = sum_finding(identity.rule, res, mode, where, cells, identity.text, equal=equal)
    if not res.consistent and not equal and t is not None and t.unit.value == "万元":
        f = _yuan_for_wan(f, identity, total, parts, mode)
    yield attrs.evolve(f, location=loc if loc is not None and loc.file else None)


_WAN = Decimal(10000)


def _yuan_for_wan(f: Finding, identity: Identity, total: Amount, parts: list[Amount | None],
                  mode: Mode) -> Finding:
    """Say so when one figure divided by 10,000 (元 written where 万元 is meant) would make
    the identity hold."""
    refs = (identity.total, *identity.parts)
    figures = (total, *parts)
    for i, (ref, a) in enumerate(zip(refs, figures, strict=True)):
        if a is None or a.value is None or abs(a.value) < _WAN:
            continue
        wan = Amount(value=EXACT.divide(a.value, _WAN).quantize(Decimal("0.01")), decimals=2,
                     text="")
        trial = [wan if j == i else x for j, x in enumerate(figures)]
        res = check_sum(trial[0] or total, trial[1:], identity.weight_list(), mode)
        if res.consistent:
            zh, en = MESSAGES["unit.yuan-for-wan"].render(
                cell=f"{ref.table} {ref.row} [{ref.column}]", text=a.text, wan=wan.value)
            return attrs.evolve(f, message_zh=f.message_zh + zh, message_en=f.message_en + en)
    return f


def sum_finding(rule_id: str, res: SumResult, mode: Mode, where: Ref,
                cells: tuple[CellRef, ...], text: str, *, equal: bool = False) -> Finding:
    """The finding for a sum (or an equality) that does not hold exactly."""
    within = res.consistent
    gap = res.difference
    msg = ("equal.differs" if equal else "sum.within" if within
           else "sum.exact" if mode is Mode.EXACT else "sum.beyond")
    zh, en = MESSAGES[msg].render(
        text=text, gap=gap, tolerance=res.tolerance, op="<" if res.strict else "≤",
        n=res.rounded, s="" if res.rounded == 1 else "s", how="四舍五入" if mode is Mode.HALF_UP else "舍入",
        how_en="四舍五入" if mode is Mode.HALF_UP else "any rounding")
    return Finding(rule=rule_id, severity=Severity.ROUNDING if within else Severity.ERROR,
                   message_zh=zh, message_en=en, table=where.table, row=where.row,
                   column=where.column, reported=res.reported, computed=res.computed,
                   difference=gap, tolerance=res.tolerance, mode=mode.value, cells=cells,
                   strict=res.strict if mode is not Mode.EXACT else None)
