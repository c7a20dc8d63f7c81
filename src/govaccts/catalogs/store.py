"""The catalog store: which editions exist, loading them lazily, caching, registrations.

A :class:`CatalogStore` owns everything that is loaded or derived from catalog data: the
bundled sources and editions, the built catalogs, catalogs a user registered, and any
value other layers derive from them (:meth:`CatalogStore.derived`). Registering,
unregistering or clearing invalidates all of it at once, so nothing stale survives.

There is one default store (:func:`default_store`); the module functions
:func:`catalog`, :func:`editions`, :func:`register_catalog`, … act on it. Build another
for tests or for a set of editions of your own; checks take it as ``store=``.

>>> import govaccts
>>> govaccts.editions("function")[:2]
(2009, 2019)
>>> govaccts.catalog("function", 2023) is govaccts.catalog("function", 2023)
True
>>> mine = CatalogStore()
>>> mine.catalog("function", 2023) is govaccts.catalog("function", 2023)
False
"""

from __future__ import annotations

import os
from _thread import RLock  # threading.RLock, without importing threading

from govaccts.catalogs.codes import get_scheme
from govaccts.catalogs.details import DetailRow, read_details
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.evidence import EditionInfo, Source
from govaccts.catalogs.files import (
    build_catalog,
    load_catalog,
    read_data,
    read_editions,
    read_historic_names,
    read_leave_one_out,
    read_sources,
    read_text,
)
from govaccts.catalogs.schemefile import SchemeRows, read_scheme_rows
from govaccts.errors import UnknownEditionError
from govaccts.io.fields import ROW_FIELDS

TYPE_CHECKING = False  # not typing's: a first lookup imports neither typing nor pathlib
if TYPE_CHECKING:
    from collections.abc import Callable
    from importlib.abc import Traversable
    from pathlib import Path
    from typing import TypeVar

    T = TypeVar("T")

__all__ = ["ENV_VAR", "CatalogStore", "catalog", "clear_cache", "default_store", "editions",
           "register_catalog", "unregister_catalog"]

ENV_VAR = "GOVACCTS_CATALOG_DIR"
"""A folder of ``<scheme>-<year>.csv`` files that override the bundled editions."""

_FROM_ENV = object()


class CatalogStore:
    """Loads, caches and overrides catalog editions; thread-safe.

    ``data`` is the folder of bundled data (default: the package's); ``override_dir`` a
    folder of ``<scheme>-<year>.csv`` files that take precedence (default: the folder
    named by ``$GOVACCTS_CATALOG_DIR`` at each call; ``None`` for none).
    """

    def __init__(self, data: Traversable | Path | None = None,
                 override_dir: str | Path | object | None = _FROM_ENV) -> None:
        self._data = data
        self._override = override_dir
        self._lock = RLock()
        self._cache: dict[tuple[str, int, bool, str | None], Catalog] = {}
        self._registered: dict[tuple[str, int], Catalog] = {}
        self._derived: dict[object, object] = {}
        self._sources: dict[str, Source] | None = None
        self._editions: dict[tuple[str, int], EditionInfo] | None = None
        self._rows: dict[str, SchemeRows] = {}
        self._details: dict[str, tuple[DetailRow, ...]] = {}

    def __repr__(self) -> str:
        return f"<CatalogStore {len(self._cache)} loaded, {len(self._registered)} registered>"

    def __reduce__(self) -> tuple[object, ...]:
        # A store travels to worker processes as its configuration and registrations;
        # caches are rebuilt there.
        return (_rebuild_store, (self._data, self._override, tuple(self._registered.values())))

    # -- data -----------------------------------------------------------------------
    def _override_dir(self) -> Path | None:
        folder = os.environ.get(ENV_VAR) if self._override is _FROM_ENV else self._override
        if not folder:
            return None
        from pathlib import Path

        return Path(folder) if isinstance(folder, (str, Path)) else None

    def sources(self) -> dict[str, Source]:
        """The bundled sources, by id."""
        with self._lock:
            if self._sources is None:
                self._sources = read_sources(self._required_text("sources.csv"))
            return self._sources

    def bundled_editions(self) -> dict[tuple[str, int], EditionInfo]:
        """Metadata of every bundled edition, keyed by (scheme, year)."""
        with self._lock:
            if self._editions is None:
                eds = read_editions(self._required_text("editions.csv"))
                text = self.data_text("leave-one-out.csv")
                loo = read_leave_one_out(text) if text is not None else {}
                self._editions = {k: EditionInfo(i.scheme, i.year, i.label, i.approximate,
                                                 i.completeness, i.compiled, loo[k])
                                  if k in loo else i for k, i in eds.items()}
            return self._editions

    def _scheme_rows(self, scheme: str) -> SchemeRows:
        if scheme not in self._rows:
            name = f"{scheme}.csv"
            text = self.data_text(name)
            self._rows[scheme] = read_scheme_rows(text if text is not None else
                                                  ",".join(ROW_FIELDS) + "\n", scheme,
                                                  self.sources(), name)
        return self._rows[scheme]

    def data_text(self, name: str) -> str | None:
        """The text of a bundled data file (``accounting-attributes.csv`` …), or ``None``."""
        if self._data is None:
            return read_data(name)
        res = self._data / name
        return read_text(res, name) if res.is_file() else None

    def _required_text(self, name: str) -> str:
        """The text of a data file every store has (``sources.csv``, ``editions.csv``)."""
        text = self.data_text(name)
        if text is None:  # read again, for the error that says why it cannot be read
            from govaccts.catalogs.files import data_root

            res = self._data if self._data is not None else data_root()
            return read_text(res / name, name)
        return text

    def _scheme_details(self, scheme: str) -> tuple[DetailRow, ...]:
        """Uncoded 明细 of a scheme (``<scheme>-details.csv``; none for most schemes)."""
        if scheme not in self._details:
            name = f"{scheme}-details.csv"
            text = self.data_text(name)
            self._details[scheme] = () if text is None else read_details(
                text, set(self._scheme_rows(scheme).codes), tuple(self.sources()), name)
        return self._details[scheme]

    def _override_file(self, scheme: str, year: int) -> Path | None:
        folder = self._override_dir()
        p = folder / f"{scheme}-{year}.csv" if folder else None
        return p if p is not None and p.is_file() else None

    # -- editions -------------------------------------------------------------------
    def editions(self, scheme: str) -> tuple[int, ...]:
        """The years for which an edition of ``scheme`` is available."""
        name = get_scheme(scheme).name
        with self._lock:
            years = {y for (s, y) in self.bundled_editions() if s == name}
            years |= {y for (s, y) in self._registered if s == name}
        folder = self._override_dir()
        if folder and folder.is_dir():
            for p in folder.glob(f"{name}-*.csv"):
                tail = p.stem[len(name) + 1:]
                if tail.isdigit():
                    years.add(int(tail))
        return tuple(sorted(years))

    def catalog(self, scheme: str, year: int, *, verified_only: bool = False,
                fallback: str | None = None) -> Catalog:
        """The edition of ``scheme`` for fiscal ``year``: cached, immutable.

        Lookup order: a registered catalog, then ``<scheme>-<year>.csv`` in the override
        folder, then the bundled data. ``verified_only`` keeps the rows attested for
        ``year``.  ``fallback="historic"``: a *partial* edition answers a code it lacks with
        the historic (c.2009) entry, marked :attr:`~govaccts.Status.HISTORIC` and noted
        with how often such names still hold (:meth:`Catalog.with_historic`).
        """
        name = get_scheme(scheme).name
        if isinstance(year, bool) or not isinstance(year, int):
            raise UnknownEditionError(name, year, self.editions(name))
        if fallback is not None:
            return self._with_fallback(name, year, verified_only, fallback)
        key = (name, year, verified_only, None)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                return hit
            cat = self._registered.get((name, year))
            if cat is None:
                path = self._override_file(name, year)
                if path is not None:
                    cat = load_catalog(path, scheme=name, year=year)
            if cat is None:
                info = self.bundled_editions().get((name, year))
                if info is None:
                    raise UnknownEditionError(name, year, self.editions(name))
                cat = build_catalog(info, self._scheme_rows(name), self.sources(), f"{name}.csv",
                                    self._scheme_details(name))
            if verified_only:
                cat = cat.verified_only()
            self._cache[key] = cat
            return cat

    def _with_fallback(self, name: str, year: int, verified_only: bool, fallback: str
                       ) -> Catalog:
        if fallback != "historic":
            raise ValueError(f"unknown fallback {fallback!r} (known: historic)")
        key = (name, year, verified_only, fallback)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        cat = self.catalog(name, year, verified_only=verified_only)
        old = self.historic_edition(name)
        if cat.info.completeness == "partial" and old is not None and old != year:
            cat = cat.with_historic(self.catalog(name, old), self._historic_notes(name))
        with self._lock:
            return self._cache.setdefault(key, cat)

    def historic_edition(self, scheme: str) -> int | None:
        """The year of the scheme's historic edition (dated approximately, complete), the
        source of the historic fallback; ``None`` when it has none."""
        name = get_scheme(scheme).name
        years = [y for (s, y), info in self.bundled_editions().items()
                 if s == name and info.approximate and info.completeness == "complete"]
        return max(years) if years else None

    def _historic_notes(self, scheme: str) -> dict[int, str]:
        """By level: how often the c.2009 name is the name printed today (historic-names.csv)."""
        text = self.data_text("historic-names.csv")
        out: dict[int, str] = {}
        for (s, level), (codes, same) in (read_historic_names(text) if text else {}).items():
            if s == scheme and codes:
                word = get_scheme(scheme).level_names[level - 1]
                out[level] = (f"for {codes} {word} codes printed in real reports of 2019–2026, "
                              f"the c.2009 name was the printed one for {same} "
                              f"({100 * same / codes:.0f}%)")
        return out

    def get(self, scheme: str, year: int) -> Catalog | None:
        """The edition, or ``None`` when there is none for that year."""
        try:
            return self.catalog(scheme, year)
        except UnknownEditionError:
            return None

    # -- registrations and invalidation --------------------------------------------
    def register(self, cat: Catalog) -> None:
        """Make ``cat`` the edition this store returns for its scheme and year."""
        with self._lock:
            self._registered[(cat.scheme, cat.year)] = cat
            self._invalidate()

    def unregister(self, scheme: str, year: int) -> None:
        """Undo :meth:`register` for ``scheme`` and ``year``."""
        name = get_scheme(scheme).name
        with self._lock:
            self._registered.pop((name, year), None)
            self._invalidate()

    def clear(self) -> None:
        """Forget everything loaded or derived (registered catalogs stay registered)."""
        with self._lock:
            self._invalidate()
            self._rows.clear()
            self._details.clear()
            self._sources = None
            self._editions = None

    def _invalidate(self) -> None:
        self._cache.clear()
        self._derived.clear()

    def derived(self, key: object, compute: Callable[[], T]) -> T:
        """A value computed from this store's catalogs, cached until the store changes.

        Other layers hang their caches here (never on a module-level ``lru_cache``), so
        that :meth:`register` and :meth:`clear` reach them.
        """
        with self._lock:
            if key in self._derived:
                return self._derived[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._derived.setdefault(key, value)
        return value


def _rebuild_store(data: Traversable | Path | None, override: object,
                   registered: tuple[Catalog, ...]) -> CatalogStore:
    store = CatalogStore(data, override)
    for cat in registered:
        store.register(cat)
    return store


_DEFAULT = CatalogStore()


def default_store() -> CatalogStore:
    """The store behind :func:`govaccts.catalog` and the checks' default."""
    return _DEFAULT


def editions(scheme: str) -> tuple[int, ...]:
    """The years for which an edition of ``scheme`` is available (default store)."""
    return _DEFAULT.editions(scheme)


def catalog(scheme: str, year: int, *, verified_only: bool = False,
            fallback: str | None = None) -> Catalog:
    """The edition of ``scheme`` for fiscal ``year`` from the default store.

    Lookup order: a catalog given to :func:`register_catalog`, then a file
    ``<scheme>-<year>.csv`` in the folder named by ``$GOVACCTS_CATALOG_DIR``, then
    the bundled data.  ``verified_only`` keeps only the rows attested for ``year``.
    ``fallback="historic"`` answers a code a partial edition lacks with its c.2009 entry,
    marked as a historic candidate:

    >>> cat = catalog("function", 2025, fallback="historic")
    >>> "2130101" in cat, cat["2130101"].name, cat["2130101"].status.value
    (False, '行政运行', 'historic')
    """
    return _DEFAULT.catalog(scheme, year, verified_only=verified_only, fallback=fallback)


def register_catalog(cat: Catalog) -> None:
    """Make ``cat`` the edition that :func:`catalog` returns for its scheme and year.

    >>> import govaccts, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = p.write_text("code,name\\n201,一般公共服务支出\\n", "utf-8")
    >>> govaccts.register_catalog(govaccts.load_catalog(p, scheme="function", year=2031))
    >>> len(govaccts.catalog("function", 2031))
    1
    >>> govaccts.unregister_catalog("function", 2031)
    """
    _DEFAULT.register(cat)


def unregister_catalog(scheme: str, year: int) -> None:
    """Undo :func:`register_catalog` for ``scheme`` and ``year``."""
    _DEFAULT.unregister(scheme, year)


def clear_cache() -> None:
    """Forget every loaded edition and derived value (registered catalogs stay)."""
    _DEFAULT.clear()
