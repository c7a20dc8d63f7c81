"""The tree of a coded table, and sums over it, on the integer columns.

Every coded row hangs below its nearest printed ancestor (or the 合计 row, or the top);
:func:`rollup_column` sums leaves up that tree exactly, with the scale
:func:`govaccts.exact_sum` would give the Decimals; :func:`exact_edges` finds the
parent × column pairs whose printed children add up to the printed parent exactly, so
the checks judge only the others.  No float anywhere: integers at a common scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govaccts.ledger.columns import BLANK, MISSING, OBJECT, Column

__all__ = ["TOP", "Tree", "exact_edges", "rollup_column"]

TOP = -1
"""The parent of top-level coded rows when the table has no 合计 row."""


class Tree:
    """Kids of every parent, the walk order of a roll-up and leaf counts, by row index.

    ``canon`` maps a row to the first row with its key (rows read by key, as a
    duplicate's cells are never read).
    """

    __slots__ = ("canon", "kids", "leaves", "order", "tops")

    def __init__(self, codes: Sequence[str | None], index: Mapping[str, int],
                 keys: Sequence[str], total: int | None) -> None:
        kids: dict[int, list[int]] = {}
        for i, code in enumerate(codes):
            if code is None:
                continue
            parent = TOP if total is None else total
            p = code
            while len(p) > 3:
                p = p[:-2]
                j = index.get(p)
                if j is not None and codes[j] is not None:
                    parent = j
                    break
            kids.setdefault(parent, []).append(i)
        self.kids = kids
        self.canon: list[int] | None = None
        if len(index) != len(codes):
            self.canon = [index[k] for k in keys]
        self.tops = [total] if total is not None else [self.node(i) for i in kids.get(TOP, ())]
        # post-order of the parents reachable from the tops, each once
        self.order: list[int] = []
        self.leaves: dict[int, int] = {}
        for t in self.tops:
            self._walk(t)

    def node(self, i: int) -> int:
        return self.canon[i] if self.canon is not None else i

    def _walk(self, u: int) -> int:
        ks = self.kids.get(u)
        if not ks:
            return 1
        done = self.leaves.get(u)
        if done is not None:
            return done
        n = 0
        for k in ks:
            n += self._walk(self.node(k))
        self.leaves[u] = n
        self.order.append(u)
        return n

    def is_parent(self, u: int) -> bool:
        return bool(self.kids.get(u))


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
        for u in tree.order:
            s = 0
            leaf: list[int] = []
            for k in tree.kids[u]:
                c = node(k)
                if c in total:
                    s += total[c]
                else:
                    leaf.append(c)
            if leaf:
                if tree.canon is None and leaf[-1] - leaf[0] + 1 == len(leaf):  # a run of rows
                    s += sum(ints[leaf[0]:leaf[-1] + 1])
                else:
                    s += sum(map(get, leaf))
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

