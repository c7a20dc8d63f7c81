"""The tree of a coded table, and sums over it, on the integer columns.

Every coded row hangs below its nearest printed ancestor (or the 合计 row, or the top);
:func:`rollup_column` sums leaves up that tree exactly, with the scale
:func:`govaccts.exact_sum` would give the Decimals; :func:`exact_edges` finds the
parent × column pairs whose printed children add up to the printed parent exactly, so
the checks judge only the others.  No float anywhere: integers at a common scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby, islice
from operator import itemgetter

from govaccts.ledger.builder import TableParts
from govaccts.ledger.columns import BLANK, MISSING, OBJECT, Column

__all__ = ["TOP", "Tree", "exact_edges", "rollup_column"]

TOP = -1
"""The parent of top-level coded rows when the table has no 合计 row."""

_CUT = itemgetter(slice(None, -2))


class Tree:
    """Kids of every parent, the walk order of a roll-up and leaf counts, by row index.

    ``canon`` maps a row to the first row with its key (rows read by key, as a
    duplicate's cells are never read).
    """

    __slots__ = ("canon", "kids", "leaves", "order", "plan", "tops")

    def __init__(self, parts: TableParts, keys: Sequence[str], total: int | None) -> None:
        top = TOP if total is None else total
        kids = _ordered_kids(parts, top) if parts.ordered else _kids(parts, top)
        self.kids = kids
        self.canon: list[int] | None = None
        if keys:
            index = parts.key_index()
            self.canon = [index[k] for k in keys]
        # each parent's kids as nodes (first rows of their keys): leaves, then parents
        nodes = kids if self.canon is None else {
            u: [self.canon[k] for k in ks] for u, ks in kids.items()}
        self.tops = [top] if total is not None else nodes.get(TOP, [])
        self.order: list[int] = []
        """Parents reachable from the tops, in post-order, each once."""
        self.leaves: dict[int, int] = {}
        """Leaves below each parent."""
        self.plan: list[tuple[int, int, int, list[int] | None, list[int]]] = []
        """``(parent, start, stop, leaf kids, parent kids)`` in post-order: the leaf kids
        are rows ``start:stop`` when contiguous (and ``None`` given), else listed."""
        is_parent = kids.__contains__
        seen = self.leaves

        def walk(u: int) -> int:
            ks = nodes[u]
            inner = list(filter(is_parent, ks))
            n = len(ks) - len(inner)
            for c in inner:
                n += seen[c] if c in seen else walk(c)
            seen[u] = n
            self.order.append(u)
            leaf = ks if not inner else [c for c in ks if c not in kids]
            if leaf and self.canon is None and leaf[-1] - leaf[0] + 1 == len(leaf):
                self.plan.append((u, leaf[0], leaf[-1] + 1, None, inner))
            else:
                self.plan.append((u, 0, 0, leaf, inner))
            return n

        for t in self.tops:
            if is_parent(t) and t not in seen:
                walk(t)

    def node(self, i: int) -> int:
        return self.canon[i] if self.canon is not None else i

    def is_parent(self, u: int) -> bool:
        return bool(self.kids.get(u))


def _kids(parts: TableParts, top: int) -> dict[int, list[int]]:
    """Each row below its nearest printed ancestor: most rows' parent is printed, so every
    code's parent is looked up at once and rows that share one (they follow each other)
    are grouped at C speed; the others walk up."""
    codes, index = parts.codes, parts.key_index()
    found = list(map(index.get, map(_CUT, [c or "" for c in codes])))
    kids: dict[int, list[int]] = {}
    rank = found.__getitem__
    for p, run in groupby(range(len(found)), rank):
        if p is not None and codes[p] is not None:
            kids.setdefault(p, []).extend(run)
            continue
        for i in run:  # a 类, a row whose parent is not printed, a labelled row
            if codes[i] is not None:
                kids.setdefault(_ancestor(parts, i, top), []).append(i)
    return kids


def _ordered_kids(parts: TableParts, top: int) -> dict[int, list[int]]:
    """:func:`_kids` of ordered rows (:class:`TableParts`), a run of codes of one length
    at a time: when the row before a run is a prefix of its first and last codes, it is
    the parent of every code between them, which increase."""
    codes = parts.codes
    kids: dict[int, list[int]] = {}
    lo = len(parts.head)
    for length, same in groupby(map(len, islice(codes, lo, None))):  # type: ignore[arg-type]
        hi = lo + len(list(same))
        p = lo - 1
        up = codes[p] if p >= len(parts.head) else None
        if up is not None and len(up) == length - 2 and \
                codes[lo].startswith(up) and codes[hi - 1].startswith(up):  # type: ignore[union-attr]
            kids.setdefault(p, []).extend(range(lo, hi))
        else:
            for i in range(lo, hi):
                kids.setdefault(_ancestor(parts, i, top), []).append(i)
        lo = hi
    return kids


def _ancestor(parts: TableParts, i: int, top: int) -> int:
    """The nearest printed ancestor of coded row ``i`` (``top`` when none is printed)."""
    codes = parts.codes
    up = codes[i]
    assert up is not None
    while len(up) > 3:
        up = up[:-2]
        j = parts.find(up)
        if j is not None and codes[j] is not None:
            return j
    return top


def rollup_column(tree: Tree, col: Column) -> dict[int, tuple[int, int]]:
    """``{parent: (integer, scale)}`` of one column: each parent's leaves summed.

    A leaf without a cell adds nothing (and a parent all of whose leaves lack it gets
    no value); a blank cell adds an exact 0 at scale 0; the scale is the most decimals
    of the values summed, as an exact Decimal sum would have it.
    """
    out: dict[int, tuple[int, int]] = {}
    uniform = col.common_decimals
    node = tree.node
    if uniform is not None and not col.kinds & {BLANK, OBJECT, MISSING}:
        ints = col.ints
        get = ints.__getitem__
        total: dict[int, int] = {}
        for u, lo, hi, leaf, inner in tree.plan:
            s = sum(ints[lo:hi]) if leaf is None else sum(map(get, leaf))
            for c in inner:
                s += total[c]
            total[u] = s
            out[u] = (s, uniform)
        return out
    # the general case: blank and absent cells, mixed decimals, cells held as objects
    done: dict[int, tuple[int, int] | None] = {}
    for u in tree.order:
        acc: tuple[int, int] | None = None
        for k in tree.kids[u]:
            c = node(k)
            term = done[c] if c in done else _leaf(col, c)
            if term is None:
                continue
            acc = term if acc is None else _add(acc, term)
        done[u] = acc
        if acc is not None:
            out[u] = acc
    return out


def _leaf(col: Column, i: int) -> tuple[int, int] | None:
    if not col.present(i):
        return None
    scaled = col.scaled(i)
    return scaled if scaled is not None else (0, 0)


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    (x, s), (y, t) = a, b
    if s == t:
        return x + y, s
    if s < t:
        return x * 10 ** (t - s) + y, t
    return x + y * 10 ** (s - t), s


def exact_edges(tree: Tree, col: Column) -> set[int] | None:
    """Parents whose printed value in ``col`` equals the sum of their printed children
    exactly (or, printed blank or absent, whose children are all zero, blank or absent):
    the edges a tree check has nothing to say about.  ``None``: not decidable on the
    integers (a cell held as an object)."""
    norm = col.normalized()
    if norm is None:
        return None
    ints, _ = norm
    codes = col.codes
    get = ints.__getitem__
    node = tree.node
    out: set[int] = set()
    for u, ks in tree.kids.items():
        if u < 0 or not ks:
            continue
        parts = [node(k) for k in ks]
        if codes[u] < BLANK:
            if sum(map(get, parts)) == ints[u]:
                out.add(u)
        elif all(ints[k] == 0 for k in parts):  # blank/absent parts hold 0
            out.add(u)
    return out

