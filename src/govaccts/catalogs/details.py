"""Uncoded 明细科目: sub-accounts a standard prescribes by name only, never by code.

The 政府会计制度 codes its 一级科目 (``8001`` 资金结存) and prescribes 明细 by name
(“零余额账户用款额度”、“货币资金”、“财政应返还额度”), some with 明细 of their own.
govaccts never invents digits for them: a :class:`Detail` is keyed by its 一级 code and
the path of names below it, written ``8001/财政应返还额度/财政直接支付``. A path part in
brackets (``1214/[基建项目]/预付工程款``) is a per-unit dimension (each 基建项目), not a
named 明细. A unit's own 明细 are not part of the official catalog: load them as a
catalog of your own (:func:`govaccts.load_catalog`).

>>> import govaccts
>>> cat = govaccts.catalog("accounting", 2024)
>>> [d.name for d in cat.details("8001")]
['零余额账户用款额度', '货币资金', '财政应返还额度']
>>> d = cat.detail("8001/财政应返还额度/财政直接支付")
>>> d.level, d.level_name, d.parent_key, d.verified
(3, '明细科目', '8001/财政应返还额度', True)
"""

from __future__ import annotations

from govaccts._frozen import frozen
from govaccts.catalogs.evidence import Source, Status
from govaccts.errors import CatalogFileError, Location, UnknownCodeError

TYPE_CHECKING = False  # not typing's: a first catalog lookup does without it
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["DETAIL_FIELDS", "Detail", "DetailIndex", "DetailRow", "detail_key", "pick_details",
           "read_details"]

DETAIL_FIELDS: tuple[str, ...] = ("parent", "path", "name", "valid_from", "valid_to", "sources",
                                  "normal_side", "note")
"""Fields of a scheme's details file (``catalogs/<scheme>-details.csv``)."""

SEP = "/"


def detail_key(code: str, *names: str) -> str:
    """The key of a 明细: its 一级 code and the names below it, joined by ``/``.

    >>> detail_key("8001", "货币资金", "财政拨款资金")
    '8001/货币资金/财政拨款资金'
    """
    return SEP.join((code, *(n for n in names if n)))


@frozen
class DetailRow:
    """One row of a details file, before an edition is picked."""

    parent: str
    path: tuple[str, ...]
    name: str
    valid_from: int
    valid_to: int
    sources: tuple[str, ...]
    normal_side: str
    note: str
    line: int


@frozen
class Detail:
    """One uncoded 明细 of one edition.

    ``code`` is its 一级科目's code; ``path`` the 明细 names between (empty for a 明细
    directly below the 一级科目); ``normal_side`` is set only where the standard states a
    side for the 明细 itself.
    """

    code: str
    path: tuple[str, ...]
    name: str
    year: int
    status: Status
    sources: tuple[Source, ...] = ()
    normal_side: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        """``8001/货币资金`` — the code, then the names down to this 明细."""
        return detail_key(self.code, *self.path, self.name)

    @property
    def parent_key(self) -> str:
        """The key of the 明细 (or the code of the 一级科目) just above."""
        return detail_key(self.code, *self.path)

    @property
    def level(self) -> int:
        """2 for a 明细 of a 一级科目, 3 for a 明细 of a 明细."""
        return 2 + len(self.path)

    @property
    def level_name(self) -> str:
        """明细科目."""
        return "明细科目"

    @property
    def verified(self) -> bool:
        """True when a cited source attests it for this edition's year."""
        return self.status is Status.VERIFIED

    def __str__(self) -> str:
        return self.key


class DetailIndex:
    """The 明细 of one edition by key and by the key of what is above them."""

    __slots__ = ("_by_key", "_children")

    def __init__(self, details: Iterable[Detail] = ()) -> None:
        self._by_key: dict[str, Detail] = {}
        self._children: dict[str, list[Detail]] = {}
        for d in details:
            self._by_key[d.key] = d
            self._children.setdefault(d.parent_key, []).append(d)

    def __len__(self) -> int:
        return len(self._by_key)

    def all(self) -> tuple[Detail, ...]:
        """Every 明细, in file order."""
        return tuple(self._by_key.values())

    def below(self, key: str) -> tuple[Detail, ...]:
        """The 明细 directly below a code or a 明细 key."""
        return tuple(self._children.get(key, ()))

    def get(self, key: str) -> Detail | None:
        """The 明细 with ``key``, or ``None``."""
        return self._by_key.get(key)

    def __getitem__(self, key: str) -> Detail:
        hit = self._by_key.get(key)
        if hit is None:
            code = key.split(SEP, 1)[0]
            exc = UnknownCodeError(key, "accounting", 0)
            exc.message = (f"no 明细 {key!r} in the official catalog (明细 of {code}: "
                           f"{', '.join(d.name for d in self.below(code)) or 'none'}); a unit's "
                           "own 明细 load as a catalog of its own")
            raise exc
        return hit


def _year(value: str, what: str, loc: Location) -> int:
    if not (value.isascii() and value.isdigit()):
        raise CatalogFileError(f"{what} must be a year, got {value!r}", location=loc)
    return int(value)


def read_details(text: str, codes: Iterable[str], sources: Sequence[str],
                 name: str) -> tuple[DetailRow, ...]:
    """Parse and check a details file: known 一级 codes and sources, paths that exist,
    no key twice in overlapping years."""
    from govaccts.io.delimited import read_delimited

    known, cited_ok = set(codes), set(sources)
    rows: list[DetailRow] = []
    seen: dict[str, DetailRow] = {}
    for line, rec in read_delimited(text, name, error=CatalogFileError, fields=DETAIL_FIELDS,
                                    single_line=True, strip=False).records():
        loc = Location(file=name, line=line)
        if rec["parent"] not in known:
            raise CatalogFileError(f"明细 {rec['name']!r} under unknown code {rec['parent']!r}",
                                   location=loc)
        if not rec["name"].strip() or SEP in rec["name"]:
            raise CatalogFileError(f"bad 明细 name {rec['name']!r}", location=loc)
        path = tuple(p for p in rec["path"].split(SEP) if p)
        for sid in rec["sources"].split():
            if sid not in cited_ok:
                raise CatalogFileError(f"明细 cites unknown source {sid!r}", location=loc)
        row = DetailRow(rec["parent"], path, rec["name"], _year(rec["valid_from"], "valid_from",
                                                                 loc),
                        _year(rec["valid_to"], "valid_to", loc), tuple(rec["sources"].split()),
                        rec["normal_side"], rec["note"], line)
        key = detail_key(row.parent, *path, row.name)
        if path and not path[-1].startswith("[") and \
                detail_key(row.parent, *path) not in seen:
            raise CatalogFileError(f"明细 {key!r}: {detail_key(row.parent, *path)!r} is not "
                                   "listed above it", location=loc)
        if key in seen:
            raise CatalogFileError(f"明细 {key!r} twice (line {seen[key].line})", location=loc)
        seen[key] = row
        rows.append(row)
    return tuple(rows)


def pick_details(rows: Iterable[DetailRow], year: int, sources: dict[str, Source],
                 attests: Callable[[Source, int], bool]) -> DetailIndex:
    """The 明细 valid in ``year``, with their status (``attests(source, year)`` decides
    whether a source attests that year)."""
    out = []
    for r in rows:
        if not r.valid_from <= year <= r.valid_to:
            continue
        cited = tuple(sources[s] for s in r.sources)
        if any(attests(s, year) for s in cited):
            status = Status.VERIFIED
        else:
            status = Status.CARRIED if cited else Status.UNVERIFIED
        out.append(Detail(r.parent, r.path, r.name, year, status, cited, r.normal_side, r.note))
    return DetailIndex(out)
