"""The editions govaccts knows, loaded lazily, cached, thread-safe, overridable.

>>> import govaccts
>>> govaccts.editions("function")[:2]
(2009, 2019)
>>> govaccts.catalog("function", 2023) is govaccts.catalog("function", 2023)
True
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from govaccts.catalogs.codes import get_scheme
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.evidence import EditionInfo, Source
from govaccts.catalogs.files import (
    CatalogRow,
    build_catalog,
    data_root,
    load_catalog,
    read_editions,
    read_rows,
    read_sources,
)
from govaccts.errors import UnknownEditionError

ENV_VAR = "GOVACCTS_CATALOG_DIR"
"""A folder of ``<scheme>-<year>.csv`` files that override the bundled editions."""

_lock = threading.RLock()
_cache: dict[tuple[str, int, bool], Catalog] = {}
_registered: dict[tuple[str, int], Catalog] = {}
_sources: dict[str, Source] | None = None
_editions: dict[tuple[str, int], EditionInfo] | None = None
_rows: dict[str, tuple[CatalogRow, ...]] = {}


def _bundled_sources() -> dict[str, Source]:
    global _sources
    if _sources is None:
        from govaccts.catalogs.files import _read_text

        _sources = read_sources(_read_text(data_root() / "sources.csv", "sources.csv"))
    return _sources


def bundled_editions() -> dict[tuple[str, int], EditionInfo]:
    """Metadata of every bundled edition, keyed by (scheme, year)."""
    global _editions
    with _lock:
        if _editions is None:
            from govaccts.catalogs.files import _read_text

            _editions = read_editions(_read_text(data_root() / "editions.csv", "editions.csv"))
        return _editions


def _scheme_rows(scheme: str) -> tuple[CatalogRow, ...]:
    if scheme not in _rows:
        from govaccts.catalogs.files import _read_text

        name = f"{scheme}.csv"
        res = data_root() / name
        text = _read_text(res, name) if res.is_file() else "code,name,valid_from,valid_to,sources,aliases,note\n"
        _rows[scheme] = read_rows(text, scheme, _bundled_sources(), name)
    return _rows[scheme]


def _env_file(scheme: str, year: int) -> Path | None:
    folder = os.environ.get(ENV_VAR)
    if not folder:
        return None
    p = Path(folder) / f"{scheme}-{year}.csv"
    return p if p.is_file() else None


def editions(scheme: str) -> tuple[int, ...]:
    """The years for which an edition of ``scheme`` is available (bundled or registered)."""
    name = get_scheme(scheme).name
    with _lock:
        years = {y for (s, y) in bundled_editions() if s == name}
        years |= {y for (s, y) in _registered if s == name}
    folder = os.environ.get(ENV_VAR)
    if folder and Path(folder).is_dir():
        for p in Path(folder).glob(f"{name}-*.csv"):
            tail = p.stem[len(name) + 1:]
            if tail.isdigit():
                years.add(int(tail))
    return tuple(sorted(years))


def catalog(scheme: str, year: int, *, verified_only: bool = False) -> Catalog:
    """The edition of ``scheme`` for fiscal ``year``: cached, immutable, thread-safe.

    Lookup order: a catalog given to :func:`register_catalog`, then a file
    ``<scheme>-<year>.csv`` in the folder named by ``$GOVACCTS_CATALOG_DIR``, then
    the bundled data.  ``verified_only`` keeps only the rows attested for ``year``.
    """
    name = get_scheme(scheme).name
    if isinstance(year, bool) or not isinstance(year, int):
        raise UnknownEditionError(name, year, editions(name))
    key = (name, year, verified_only)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            return hit
        cat = _registered.get((name, year))
        if cat is None:
            env = _env_file(name, year)
            if env is not None:
                cat = load_catalog(env, scheme=name, year=year)
        if cat is None:
            info = bundled_editions().get((name, year))
            if info is None:
                raise UnknownEditionError(name, year, editions(name))
            cat = build_catalog(info, _scheme_rows(name), _bundled_sources(), f"{name}.csv")
        if verified_only:
            cat = cat.verified_only()
        _cache[key] = cat
        return cat


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
    with _lock:
        _registered[(cat.scheme, cat.year)] = cat
        _drop(cat.scheme, cat.year)


def unregister_catalog(scheme: str, year: int) -> None:
    """Undo :func:`register_catalog` for ``scheme`` and ``year``."""
    name = get_scheme(scheme).name
    with _lock:
        _registered.pop((name, year), None)
        _drop(name, year)


def _drop(scheme: str, year: int) -> None:
    for k in [k for k in _cache if k[0] == scheme and k[1] == year]:
        del _cache[k]


def clear_cache() -> None:
    """Forget every loaded edition (registered catalogs stay registered)."""
    global _sources, _editions
    with _lock:
        _cache.clear()
        _rows.clear()
        _sources = None
        _editions = None
