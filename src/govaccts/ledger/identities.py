"""Identities between printed cells: ``total = Σ weight·part`` or ``a = b``, as data.

Report kinds declare identities (:mod:`govaccts.reports`); the checks evaluate them
(:mod:`govaccts.checks`). An identity names cells by :class:`Ref`, never by position.

>>> from govaccts.ledger import LedgerTable
>>> t = LedgerTable.build(id="t", columns=["合计", "基本", "项目"],
...                       rows=[("201", "一般公共服务支出", {"合计": "3", "基本": "1", "项目": "2"})])
>>> [str(i) for i in parse_identity("合计=基本+项目", t)]
['t 201: 合计 = 基本 + 项目']
"""

from __future__ import annotations

import enum

import attrs

from govaccts.errors import RuleError
from govaccts.ledger.table import LedgerTable

__all__ = ["Identity", "IdentityKind", "Ref", "parse_identity", "tree_identities"]


@attrs.frozen
class Ref:
    """A cell by table key, row key (code or label) and column."""

    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}[{self.row}, {self.column}]"


class IdentityKind(enum.StrEnum):
    """``sum``: the total equals the weighted sum of the parts, within rounding;
    ``equal``: one figure printed twice, equal exactly whatever the mode."""

    SUM = "sum"
    EQUAL = "equal"


@attrs.frozen
class Identity:
    """``total = Σ weights·parts`` (:attr:`IdentityKind.SUM`) or ``total = parts[0]``.

    ``rule`` is the rule id findings carry; ``text`` says the identity in words. An
    unprinted part (a row omitted because it is zero) counts as an exact zero.
    """

    rule: str
    total: Ref
    parts: tuple[Ref, ...]
    weights: tuple[int, ...] = attrs.field(default=())
    kind: IdentityKind = attrs.field(default=IdentityKind.SUM, converter=IdentityKind)
    text: str = ""

    @weights.validator
    def _check_weights(self, _: object, value: tuple[int, ...]) -> None:
        if any(isinstance(w, bool) or not isinstance(w, int) for w in value):
            raise RuleError(f"identity {self.text or self.rule}: weights are ints, not {value!r}")
        if value and len(value) != len(self.parts):
            raise RuleError(f"identity {self.text or self.rule}: {len(value)} weights for "
                            f"{len(self.parts)} parts")

    def weight_list(self) -> tuple[int, ...]:
        """The weights, +1 for every part when none were given."""
        return self.weights or (1,) * len(self.parts)

    def __str__(self) -> str:
        return self.text or f"{self.total} = " + " + ".join(map(str, self.parts))


def tree_identities(table: LedgerTable, *, skip_exact: bool = False) -> list[Identity]:
    """Parent = Σ children, edge by edge (合计 → 类 → 款 → 项), for every column.

    ``skip_exact`` leaves out the identities that hold exactly as printed (decided on
    the table's integer columns), which no check has anything to say about.

    >>> import govaccts
    >>> t = govaccts.example_report().table("公开05")
    >>> len(tree_identities(t)), len(tree_identities(t, skip_exact=True))
    (42, 6)
    """
    out: list[Identity] = []
    parents = table.tree_parents()
    if not parents:
        return out
    exact = [table.exact_tree_sums(col) if skip_exact else None for col in table.columns]
    for key, row, kids in parents:
        names = " + ".join(kids)
        for col, done in zip(table.columns, exact, strict=True):
            if done is not None and row in done:
                continue
            out.append(Identity("sum.tree", Ref(table.id, key, col),
                                tuple(Ref(table.id, k, col) for k in kids),
                                text=f"{table.id} {col}: {key} = {names}"))
    return out


def parse_identity(text: str, table: LedgerTable, rule: str = "sum.row") -> list[Identity]:
    """``"合计=基本支出+项目支出"`` → one row identity per row of ``table``.

    ``-`` gives a part the weight −1. An unknown column is a
    :class:`~govaccts.errors.RuleError` naming the table's columns.
    """
    if text.count("=") != 1:
        raise RuleError(f"identity {text!r} needs exactly one '='")
    left, right = (s.strip() for s in text.split("="))
    terms: list[tuple[int, str]] = []
    sign = 1
    buf = ""
    for ch in right + "+":
        if ch in "+-":
            if buf.strip():
                terms.append((sign, buf.strip()))
            sign = 1 if ch == "+" else -1
            buf = ""
        else:
            buf += ch
    for name in [left, *(n for _, n in terms)]:
        if name not in table.columns:
            raise RuleError(f"identity {text!r}: table {table.id} has no column {name!r} "
                            f"(columns: {', '.join(table.columns)})")
    shown = f"{left} = " + " ".join(
        ("+ " if i and w > 0 else "− " if w < 0 else "") + n for i, (w, n) in enumerate(terms))
    return [Identity(rule, Ref(table.id, key, left),
                     tuple(Ref(table.id, key, n) for _, n in terms),
                     tuple(w for w, _ in terms), text=f"{table.id} {key}: {shown}")
            for key in table.keys()]
