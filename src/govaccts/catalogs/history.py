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
from govaccts.errors import UnknownNameError

if TYPE_CHECKING:
    from govaccts.catalogs.entries import Catalog, Entry
    from govaccts.catalogs.evidence import Source
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
class Removal:
    """A change notice that removes ``code`` (named ``name``) from the edition of ``year`` on,
    as compiled into ``catalogs/removals.csv``."""

    scheme: str
    code: str
    name: str
    year: int
    sources: tuple[Source, ...]
    note: str = ""


@attrs.frozen
class Removed:
    """A code of the old edition that a source shows removed by the new one.

    ``evidence`` says which: a change notice (``sources``), or the new edition itself when
    it is complete (an official file, or the caller's own).
    """

    entry: Entry
    evidence: str
    sources: tuple[Source, ...] = ()

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def name(self) -> str:
        return self.entry.name


@attrs.frozen
class CatalogDiff:
    """Differences between two editions of one scheme: ``old`` → ``new``.

    ``removed`` are the codes of ``old`` that a source shows gone (each with its evidence);
    ``not_attested`` the codes of ``old`` that ``new``, a partial edition, only lacks
    evidence for: nothing says they were removed.
    """

    scheme: str
    old_year: int
    new_year: int
    added: tuple[Entry, ...]
    removed: tuple[Removed, ...]
    renamed: tuple[Renamed, ...]
    not_attested: tuple[Entry, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.not_attested)


REMOVAL_FIELDS = ("scheme", "code", "name", "year", "sources", "note")
"""Columns of ``catalogs/removals.csv`` (compiled by ``tools/build_catalogs.py``)."""


def removals(store: CatalogStore | None = None) -> tuple[Removal, ...]:
    """Every change notice of ``store`` (by default the default store) that removes a code."""
    from govaccts.catalogs.store import default_store

    st = store or default_store()

    def load() -> tuple[Removal, ...]:
        from govaccts.errors import CatalogFileError
        from govaccts.io.delimited import read_delimited

        text = st.data_text("removals.csv")
        if text is None:
            return ()
        sources = st.sources()
        out = []
        for line, rec in read_delimited(text, "removals.csv", error=CatalogFileError,
                                        fields=REMOVAL_FIELDS, single_line=True).records():
            cited = tuple(sources[s] for s in rec["sources"].split() if s in sources)
            if len(cited) != len(rec["sources"].split()) or not rec["year"].isdigit():
                from govaccts.errors import Location

                raise CatalogFileError(f"removal of {rec['code']}: unknown source or bad year",
                                       location=Location(file="removals.csv", line=line))
            out.append(Removal(rec["scheme"], rec["code"], rec["name"], int(rec["year"]),
                               cited, rec["note"]))
        return tuple(out)

    return st.derived(("catalog-removals",), load)


def diff(old: Catalog, new: Catalog, store: CatalogStore | None = None) -> CatalogDiff:
    """Codes added, removed, renamed and not attested from ``old`` to ``new`` (same scheme).

    A code of ``old`` missing from ``new`` is *removed* when a source says so: a change
    notice of ``store`` (:func:`removals`) dated after ``old`` and by ``new``, or ``new``
    itself when it is complete (or the caller's own file).  Otherwise a partial ``new`` only
    lacks evidence for it: *not attested*.
    """
    if old.scheme != new.scheme:
        from govaccts.errors import UnknownSchemeError

        raise UnknownSchemeError(f"cannot diff {old.scheme} against {new.scheme}: "
                                 "editions of one scheme only")
    added = tuple(new[c] for c in new if c not in old._entries)
    gone = [old[c] for c in old if c not in new._entries]
    notices = {(r.code, name_key(r.name)): r for r in removals(store)
               if r.scheme == old.scheme and old.year < r.year <= new.year} if gone else {}
    removed: list[Removed] = []
    not_attested: list[Entry] = []
    for e in gone:
        notice = notices.get((e.code, name_key(e.name)))
        if notice is not None:
            removed.append(Removed(e, f"removed from {notice.year}: "
                                      + "; ".join(str(s) for s in notice.sources),
                                   notice.sources))
        elif new.info.completeness != "partial":
            removed.append(Removed(e, f"absent from {new.info.label}, a "
                                      f"{'complete edition' if new.info.completeness == 'complete' else 'file of the caller'}"))
        else:
            not_attested.append(e)
    renamed = tuple(
        Renamed(c, old[c].name, new[c].name, name_key(old[c].name) == name_key(new[c].name))
        for c in new
        if c in old._entries and old[c].name != new[c].name
    )
    return CatalogDiff(old.scheme, old.year, new.year, added, tuple(removed), renamed,
                       tuple(not_attested))


def unknown_name(cat: Catalog, name: str, parent: str | None, level: int | None
                 ) -> UnknownNameError:
    """The error of :meth:`Catalog.resolve` for a name that resolves to nothing there: it
    names where the name does exist, else the editions where it was (or is) a code's name."""
    elsewhere = [m.entry.code for m in cat.resolve_all(name)]
    if elsewhere:
        where = (f"under {parent}" if parent is not None else "") + \
            (f" at level {level}" if level is not None else "")
        return UnknownNameError(name, cat.scheme, cat.year,
                                f"{where.strip()}; the name exists elsewhere: "
                                f"{', '.join(elsewhere)}")
    hint = "; ".join(
        f"{f.name} {'was' if f.year < cat.year else 'is'} the name of {f.code} in {f.year}"
        + ((f", now {f.current_name}" if f.year < cat.year else
            f", {f.current_name} in {cat.year}") if f.current_name
           else ", not in this edition")
        for f in cat.former_names(name)[:5]
    )
    return UnknownNameError(name, cat.scheme, cat.year, hint)
