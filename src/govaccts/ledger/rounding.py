"""Sum-preserving (controlled) rounding: published tables that foot exactly.

Rounding every figure of a hierarchy on its own (元 → 万元, to 0.01) leaves
parents that differ from the sum of their rounded children by a cent or two.
:func:`round_preserving_sums` rounds top-down instead: the total is rounded
四舍五入, then within every sibling group each child is rounded down and the
cents still owed to the parent go to the children with the largest remainders
(the largest-remainder method).  The result:

* every printed parent equals the sum of its printed children exactly;
* every printed value differs from its exact value by less than one unit of the
  last place (0.01 here).

>>> from decimal import Decimal
>>> leaves = {"2010101": Decimal("12250"), "2010102": Decimal("12250"),
...           "2010103": Decimal("12250")}
>>> r = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
>>> r["合计"], r["201"], r["20101"], [r[c] for c in sorted(leaves)]
(Decimal('3.68'), Decimal('3.68'), Decimal('3.68'), [Decimal('1.23'), Decimal('1.23'), Decimal('1.22')])

Rounding each leaf 四舍五入 would give 1.23 × 3 = 3.69 ≠ 3.68.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal

from govaccts.amounts import EXACT, Unit, convert, exact_sum, round_amount, to_decimal
from govaccts.catalogs.codes import ancestor_codes, normalize_code
from govaccts.errors import LedgerError
from govaccts.ledger.table import TOTAL


def round_preserving_sums(leaves: Mapping[str, Decimal | int], *, places: int = 2,
                          from_unit: Unit | str | None = None, to_unit: Unit | str | None = None,
                          rounding: str = "half-up", total: bool = True) -> dict[str, Decimal]:
    """Round a code hierarchy so that every parent equals the sum of its children.

    ``leaves`` maps leaf codes to exact values (parents are derived from the codes;
    a code may not be both a leaf and the parent of another leaf).  Values are
    converted ``from_unit`` → ``to_unit`` exactly first when both are given.  The
    result holds every leaf, every parent and, with ``total``, the 合计 key.
    ``rounding`` applies to the top of the hierarchy only; below it, cents are
    allocated by largest remainder (ties: the larger exact value, then code order).
    """
    exact: dict[str, Decimal] = {}
    for code, value in leaves.items():
        c = normalize_code(code)
        v = to_decimal(value)
        if from_unit is not None and to_unit is not None:
            v = convert(v, from_unit, to_unit, places=None)
        if c in exact:
            raise LedgerError(f"leaf {c} given twice")
        exact[c] = v
    for c in exact:
        for p in ancestor_codes(c):
            if p in exact:
                raise LedgerError(f"{p} is given as a leaf but is the parent of {c}")
    children: dict[str, list[str]] = {}
    values: dict[str, Decimal] = dict(exact)
    for c in exact:
        child = c
        for p in reversed(ancestor_codes(c)):  # nearest parent first
            kids = children.setdefault(p, [])
            if child not in kids:
                kids.append(child)
            child = p
    for p in sorted(children, key=len, reverse=True):
        values[p] = exact_sum(values[k] for k in children[p])
    roots = sorted({c[:3] for c in values})
    quantum = Decimal(1).scaleb(-places)
    out: dict[str, Decimal] = {}
    if total:
        grand = exact_sum(values[r] for r in roots)
        out[TOTAL] = round_amount(grand, places, rounding)
        _allocate(out[TOTAL], roots, values, quantum, out)
    else:
        for r in roots:
            out[r] = round_amount(values[r], places, rounding)
    stack = list(roots)
    while stack:
        p = stack.pop()
        kids = sorted(children.get(p, ()))
        if kids:
            _allocate(out[p], kids, values, quantum, out)
            stack.extend(kids)
    return out


def _allocate(target: Decimal, kids: list[str], values: Mapping[str, Decimal],
              quantum: Decimal, out: dict[str, Decimal]) -> None:
    floors = {k: values[k].quantize(quantum, rounding=ROUND_FLOOR, context=EXACT) for k in kids}
    owed = EXACT.divide(EXACT.subtract(target, exact_sum(floors.values())), quantum)
    units = int(owed)
    if units != owed or not 0 <= units <= len(kids):  # pragma: no cover - a proof obligation
        raise LedgerError(f"cannot allocate {target} over {len(kids)} children")
    order = sorted(kids, key=lambda k: (EXACT.subtract(floors[k], values[k]),
                                        EXACT.minus(values[k]), k))
    for i, k in enumerate(order):
        out[k] = EXACT.add(floors[k], quantum) if i < units else floors[k]
