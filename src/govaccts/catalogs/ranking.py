"""Ranking an edition's entries against a query: :meth:`govaccts.Catalog.search`.

Ranks, best first: the exact name, the normalised name (:func:`~govaccts.catalogs.names.
name_key`), a name starting with the query, a name containing it, a code starting with the
query's digits, then a printed variant (alias) containing it; ties in code order.

>>> import govaccts
>>> [e.code for e in rank(govaccts.catalog("function", 2023).values(), "档案")]
['20126', '2012699']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from govaccts.catalogs.names import fold, name_key

if TYPE_CHECKING:
    from govaccts.catalogs.entries import Entry


def _rank(e: Entry, key: str, folded: str) -> int | None:
    k = name_key(e.name)
    if fold(e.name) == folded:
        return 0
    if k == key:
        return 1
    if key and k.startswith(key):
        return 2
    if key and key in k:
        return 3
    if folded.isdigit() and e.code.startswith(folded):
        return 4
    if any(key and key in name_key(a) for a in e.aliases):
        return 5
    return None


def rank(entries: Iterable[Entry], query: str) -> tuple[Entry, ...]:
    """The entries matching ``query``, best first (see the module docstring)."""
    key, folded = name_key(query), fold(query)
    ranked = [(r, e.code, e) for e in entries if (r := _rank(e, key, folded)) is not None]
    ranked.sort(key=lambda t: (t[0], t[1]))
    return tuple(t[2] for t in ranked)
