"""Across editions: names a code carried in other years, and edition diffs.

>>> import govaccts
>>> d = govaccts.diff(govaccts.catalog("function", 2009), govaccts.catalog("function", 2023))
>>> ("210", "医疗卫生", "卫生健康支出") in [(r.code, r.old_name, r.new_name) for r in d.renamed]
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from govaccts.catalogs.names import name_key

if TYPE_CHECKING:
    from govaccts.catalogs.entries import Catalog, Entry
    from govaccts.catalogs.store import CatalogStore


@attrs.frozen
class FormerName:
    """A name that ``code`` carried in another edition ``year``.

    ``current_name`` is the code's name in the edition asked about, or ``None``
    when the code is not in it.
    """

    code: str
    name: str
    year: int
    current_name: str | None


def former_names(cat: Catalog, name: str, store: CatalogStore | None = None
                 ) -> tuple[FormerName, ...]:
    """Codes of ``cat``'s scheme that carried ``name`` in another edition of ``store``."""
    from govaccts.catalogs.store import default_store

    store = store or default_store()
    catalog, editions = store.catalog, store.editions

    key = name_key(name)
    out: list[FormerName] = []
    seen: set[tuple[str, str]] = set()
    for year in sorted(editions(cat.scheme), reverse=True):
        if year == cat.year:
            continue
        other = catalog(cat.scheme, year)
        for m in other.resolve_all(name):
            e = m.entry
            printed = e.name if name_key(e.name) == key else next(
                (a for a in e.aliases if name_key(a) == key), None)
            if printed is None:
                continue
            current = cat._entries.get(e.code)
            if current is not None and (name_key(current.name) == key
                                        or any(name_key(a) == key for a in current.aliases)):
                continue
            if (e.code, printed) in seen:
                continue
            seen.add((e.code, printed))
            out.append(FormerName(e.code, printed, year, current.name if current else None))
    return tuple(out)


@attrs.frozen
class Renamed:
    """A code present in both editions under different names.

    ``cosmetic`` is true when the names differ only in print (bracket width,
    spaces, 其它/其他, a trailing 支出).
    """

    code: str
    old_name: str
    new_name: str
    cosmetic: bool


@attrs.frozen
class CatalogDiff:
    """Differences between two editions of one scheme: ``old`` → ``new``."""

    scheme: str
    old_year: int
    new_year: int
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    renamed: tuple[Renamed, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed)


def diff(old: Catalog, new: Catalog) -> CatalogDiff:
    """Codes added, removed and renamed from ``old`` to ``new`` (same scheme).

    Both catalogs are compared as they are: a partial edition shows as removals
    of codes that no source attests in it; check ``Catalog.info.completeness``.
    """
    if old.scheme != new.scheme:
        from govaccts.errors import UnknownSchemeError

        raise UnknownSchemeError(f"cannot diff {old.scheme} against {new.scheme}: "
                                 "editions of one scheme only")
    added = tuple(new[c] for c in new if c not in old._entries)
    removed = tuple(old[c] for c in old if c not in new._entries)
    renamed = tuple(
        Renamed(c, old[c].name, new[c].name, name_key(old[c].name) == name_key(new[c].name))
        for c in new
        if c in old._entries and old[c].name != new[c].name
    )
    return CatalogDiff(old.scheme, old.year, new.year, added, removed, renamed)
