"""Counting an edition's rows by level and status: :meth:`govaccts.Catalog.coverage`.

>>> import govaccts
>>> c = govaccts.catalog("function", 2009).coverage()
>>> c.rows == c.verified + c.carried + c.unverified
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from govaccts.catalogs.evidence import Coverage, EditionInfo, LevelCoverage, Status

if TYPE_CHECKING:
    from govaccts.catalogs.details import Detail
    from govaccts.catalogs.entries import Entry

_ORDER = (Status.VERIFIED, Status.CARRIED, Status.UNVERIFIED)


def _by_level(items: Iterable[Entry | Detail]) -> tuple[LevelCoverage, ...]:
    levels: dict[int, list[int]] = {}
    for x in items:
        counts = levels.setdefault(x.level, [0, 0, 0, 0])
        counts[0] += 1
        counts[1 + _ORDER.index(x.status)] += 1
    return tuple(LevelCoverage(lv, *levels[lv]) for lv in sorted(levels))


def count_coverage(info: EditionInfo, entries: Mapping[str, Entry],
                   details: Iterable[Detail]) -> Coverage:
    """The coverage of an edition's ``entries`` (code → entry) and uncoded ``details``."""
    by_level = _by_level(entries.values())
    orphans = tuple(e.code for e in entries.values()
                    if e.parent_code is not None and e.parent_code not in entries)
    return Coverage(
        scheme=info.scheme, year=info.year, rows=len(entries),
        verified=sum(lv.verified for lv in by_level),
        carried=sum(lv.carried for lv in by_level),
        unverified=sum(lv.unverified for lv in by_level),
        by_level=by_level, orphans=orphans, details=_by_level(details),
        leave_one_out=info.leave_one_out,
    )
