"""Entry and Catalog: one immutable edition of one scheme, with lookup and hierarchy.

>>> import govaccts
>>> cat = govaccts.catalog("function", 2023)
>>> e = cat["2013101"]
>>> e.code, e.name, e.level, e.level_name
('2013101', '行政运行', 3, '项')
>>> e.parent.code, [a.code for a in cat.path("2013101")]
('20131', ['201', '20131', '2013101'])
>>> e.verified, [s.id for s in e.sources]
(True, ['seed-hetang-2023'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from govaccts._frozen import field, frozen
from govaccts.catalogs.codes import (
    ancestor_codes,
    get_scheme,
    level_name,
    level_of,
    normalize_code,
    other_scheme,
    parent_code,
)
from govaccts.catalogs.details import Detail, DetailIndex
from govaccts.catalogs.evidence import Coverage, EditionInfo, Source, Status
from govaccts.errors import (
    AmbiguousNameError,
    InvalidCodeError,
    UnknownCodeError,
    UnknownNameError,
)

TYPE_CHECKING = False  # not typing's: a first catalog lookup does without it
if TYPE_CHECKING:
    from govaccts.catalogs.history import FormerName
    from govaccts.catalogs.store import CatalogStore

    _Fields = tuple[str, str, tuple[tuple[Source, ...], Status], tuple[str, ...], str]


@frozen(eq=False)
class Entry:
    """One code of one edition: code, name, level, evidence and a link to its catalog.

    Entries compare equal when scheme, year, code and name are equal.
    """

    code: str
    name: str
    scheme: str
    year: int
    status: Status
    sources: tuple[Source, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""
    _catalog: Catalog | None = field(default=None, repr=False, alias="catalog")

    @property
    def level(self) -> int:
        """1 类, 2 款, 3 项, 4 目."""
        return level_of(self.code)

    @property
    def level_name(self) -> str:
        """类, 款, 项 or 目 (一级科目 in the accounting scheme)."""
        return level_name(self.code, self.scheme)

    @property
    def verified(self) -> bool:
        """True when a cited source attests this code and name for this edition's year."""
        return self.status is Status.VERIFIED

    @property
    def historic(self) -> bool:
        """True for a historic candidate: the c.2009 entry of a code this edition lacks
        (:attr:`Status.HISTORIC`), never a modern name."""
        return self.status is Status.HISTORIC

    @property
    def parent_code(self) -> str | None:
        """The parent's code (even when the parent is not in the catalog)."""
        return parent_code(self.code)

    @property
    def parent(self) -> Entry | None:
        """The parent entry; ``None`` for a 类 or when the parent is not in the catalog."""
        pc = self.parent_code
        if pc is None or self._catalog is None:
            return None
        return self._catalog.get(pc)

    @property
    def children(self) -> tuple[Entry, ...]:
        """Direct children, in code order."""
        return self._catalog.children(self.code) if self._catalog is not None else ()

    def _key(self) -> tuple[str, int, str, str]:
        return (self.scheme, self.year, self.code, self.name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@frozen
class NameMatch:
    """One candidate of a name resolution and how it matched.

    ``how`` is ``exact`` (the printed name), ``normalized`` (after folding brackets,
    spaces, tags, 其它/其他 and a trailing 支出) or ``alias`` (a variant printed by a
    source).
    """

    entry: Entry
    how: str


class Catalog(Mapping[str, Entry]):
    """One edition of one scheme: an immutable mapping code → :class:`Entry`.

    Build catalogs with :func:`govaccts.catalog` (bundled editions) or
    :func:`govaccts.load_catalog` (a CSV file of your own).
    """

    __slots__ = ("_children_index", "_details", "_entries", "_historic", "_historic_notes",
                 "_names_index", "info", "scheme", "year")

    def __init__(self, info: EditionInfo, rows: Iterable[Entry],
                 details: DetailIndex | None = None) -> None:
        self.info = info
        self._historic: Catalog | None = None
        self._historic_notes: dict[int, str] = {}
        self._details = details if details is not None else DetailIndex()
        self.scheme, self.year = info.scheme, info.year
        self._entries = {r.code: Entry(r.code, r.name, r.scheme, r.year, r.status, r.sources,
                                       r.aliases, r.note, self)
                         for r in sorted(rows, key=lambda r: r.code)}
        self._children_index: dict[str | None, tuple[Entry, ...]] | None = None  # when used
        self._names_index: dict[str, tuple[NameMatch, ...]] | None = None

    @classmethod
    def _of(cls, info: EditionInfo, rows: Iterable[_Fields], details: DetailIndex) -> Catalog:
        """The edition of ``(code, name, (sources, status), aliases, note)`` rows."""
        cat = cls(info, (), details)
        cat._entries = {r[0]: Entry(r[0], r[1], cat.scheme, cat.year, r[2][1], r[2][0], r[3],
                                    r[4], cat) for r in sorted(rows, key=lambda r: r[0])}
        return cat

    @property
    def _children(self) -> dict[str | None, tuple[Entry, ...]]:  # parent code → children
        if self._children_index is None:
            children: dict[str | None, list[Entry]] = {}
            for e in self._entries.values():
                if (pc := e.parent_code) is None or pc in self._entries:
                    children.setdefault(pc, []).append(e)
            self._children_index = {k: tuple(v) for k, v in children.items()}
        return self._children_index

    @property
    def _by_key(self) -> dict[str, tuple[NameMatch, ...]]:
        """Name key → the entries whose name or an alias has it; made when first used."""
        if self._names_index is None:
            from govaccts.catalogs.names import name_key

            by_key: dict[str, list[NameMatch]] = {}
            for e in self._entries.values():
                for text, how in ((e.name, "normalized"), *((a, "alias") for a in e.aliases)):
                    by_key.setdefault(name_key(text), []).append(NameMatch(e, how))
            self._names_index = {k: tuple(v) for k, v in by_key.items()}
        return self._names_index

    # -- Mapping protocol -------------------------------------------------------
    def _canon(self, code: str) -> str:
        """Canonical form of a lookup key: malformed → InvalidCodeError; a well-formed
        code of another scheme (wrong leading digit) is simply not found."""
        canon = normalize_code(code)
        if len(canon) not in get_scheme(self.scheme).lengths:
            normalize_code(canon, self.scheme)  # raises with the scheme's levels
        return canon

    def __getitem__(self, code: str) -> Entry:
        canon = self._canon(code)
        try:
            return self._entries[canon]
        except KeyError:
            candidate = self._candidate(canon)
            if candidate is not None:
                return candidate
            exc = UnknownCodeError(canon, self.scheme, self.year)
            other = other_scheme(canon, self.scheme)
            if other is not None:
                exc.message += (f": {canon} is a {other.title} ({other.name}) code, not a "
                                 f"{get_scheme(self.scheme).title} code")
            elif self.info.completeness == "partial":
                exc.message += " (a partial edition: see govaccts.load_catalog)"
            raise exc from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str):
            return False
        try:
            return self._canon(code) in self._entries
        except InvalidCodeError:
            return False

    def __repr__(self) -> str:
        fallback = ", historic fallback" if self._historic is not None else ""
        return f"<Catalog {self.scheme} {self.year}: {len(self)} entries{fallback}>"

    def get(self, code: str, default: Entry | None = None) -> Entry | None:  # type: ignore[override]
        """The entry for ``code`` or ``default``; a malformed code still raises.

        >>> import govaccts
        >>> govaccts.catalog("function", 2023).get("9999999") is None
        True
        """
        canon = self._canon(code)
        found = self._entries.get(canon)
        if found is None:
            found = self._candidate(canon)
        return default if found is None else found

    # -- the historic fallback --------------------------------------------------------
    def with_historic(self, historic: Catalog, notes: dict[int, str] | None = None) -> Catalog:
        """This edition, answering a code it lacks with ``historic``'s entry as a historic
        candidate (:attr:`Status.HISTORIC`, ``notes`` by level: how far such names hold).
        ``in``, iteration, ``len`` and :meth:`coverage` stay the edition's own, as for a
        :class:`collections.defaultdict`.  See ``catalog(…, fallback="historic")``."""
        cat = Catalog(self.info, self._entries.values(), self._details)
        cat._historic = historic
        cat._historic_notes = dict(notes or {})
        return cat

    @property
    def fallback(self) -> str | None:
        """``"historic"`` when lookups that miss answer with a historic candidate."""
        return "historic" if self._historic is not None else None

    def _candidate(self, code: str) -> Entry | None:
        old = self._historic._entries.get(code) if self._historic is not None else None
        if old is None or self._historic is None:
            return None
        note = (f"historic candidate: no source attests {code} in {self.scheme} {self.year}; "
                f"{old.name} is its name in {self._historic.info.label}, not a modern name")
        extra = self._historic_notes.get(old.level)
        return Entry(code, old.name, self.scheme, self.year, Status.HISTORIC, old.sources,
                     old.aliases, note + (f"; {extra}" if extra else ""), catalog=self)

    def entries(self) -> tuple[Entry, ...]:
        """All entries in code order."""
        return tuple(self._entries.values())

    # -- hierarchy --------------------------------------------------------------
    def roots(self) -> tuple[Entry, ...]:
        """The 类 entries, in code order."""
        return self._children.get(None, ())

    def children(self, code: str) -> tuple[Entry, ...]:
        """Direct children of ``code`` in code order (raises for an unknown code)."""
        return self._children.get(self[code].code, ())

    def descendants(self, code: str) -> tuple[Entry, ...]:
        """All entries below ``code``, depth first, in code order."""
        out: list[Entry] = []
        stack = list(reversed(self.children(code)))
        while stack:
            e = stack.pop()
            out.append(e)
            stack.extend(reversed(self._children.get(e.code, ())))
        return tuple(out)

    def ancestors(self, code: str) -> tuple[Entry, ...]:
        """Ancestors present in the catalog, 类 first, excluding ``code`` itself."""
        return self.path(code)[:-1]

    def path(self, code: str) -> tuple[Entry, ...]:
        """Entries from the 类 down to ``code`` (missing ancestors are skipped)."""
        e = self[code]
        return (*(self._entries[p] for p in ancestor_codes(e.code) if p in self._entries), e)

    def leaves(self) -> tuple[Entry, ...]:
        """Entries without children."""
        return tuple(e for e in self._entries.values() if e.code not in self._children)

    def details(self, key: str) -> tuple[Detail, ...]:
        """Uncoded 明细 directly below a code or a 明细 key (``8001/财政应返还额度``);
        empty for schemes without them."""
        code, _, rest = key.partition("/")
        return self._details.below("/".join((self[code].code, rest)) if rest else self[code].code)

    def detail(self, key: str) -> Detail:
        """The 明细 with ``key`` (``8001/货币资金``); :class:`~govaccts.UnknownCodeError`
        when the official catalog prescribes none such."""
        code, _, rest = key.partition("/")
        return self._details["/".join((self[code].code, rest))]

    def all_details(self) -> tuple[Detail, ...]:
        """Every uncoded 明细 of the edition."""
        return self._details.all()

    # -- evidence ---------------------------------------------------------------
    def coverage(self) -> Coverage:
        """Row counts by level and status, and the orphans (parent not in the edition).

        >>> import govaccts
        >>> c = govaccts.catalog("function", 2009).coverage()
        >>> c.rows, [lv.rows for lv in c.by_level], c.orphans
        (1541, [20, 206, 1315], ())
        """
        from govaccts.catalogs.coverage import count_coverage

        return count_coverage(self.info, self._entries, self._details.all())

    def verified_only(self) -> Catalog:
        """A catalog of the entries verified for this year only (never a fallback)."""
        return Catalog(self.info, (e for e in self._entries.values() if e.verified),
                       DetailIndex(d for d in self._details.all() if d.verified))

    def sources(self) -> tuple[Source, ...]:
        """Every source cited by the edition's entries, by id."""
        seen: dict[str, Source] = {}
        for e in self._entries.values():
            for s in e.sources:
                seen.setdefault(s.id, s)
        return tuple(seen[k] for k in sorted(seen))

    # -- names ------------------------------------------------------------------
    def resolve_all(self, name: str, parent: str | None = None,
                    level: int | None = None) -> tuple[NameMatch, ...]:
        """Every entry whose name (or a printed variant) matches ``name``.

        ``parent`` narrows the candidates to the descendants of a code or of a
        resolved parent name; ``level`` (1 类 … 4 目) to one level.  Each entry
        appears once, with its best way of matching.

        >>> import govaccts
        >>> [m.entry.code for m in govaccts.catalog("function", 2023).resolve_all("行政运行",
        ...                                                                      parent="20131")]
        ['2013101']
        """
        from govaccts.catalogs.names import fold, name_key, strip_level_tag, strip_ordinal

        matches = self._by_key.get(name_key(name), ())
        folded = strip_level_tag(strip_ordinal(fold(name)))
        rank = {"exact": 0, "normalized": 1, "alias": 2}
        best: dict[str, NameMatch] = {}
        for m in matches:
            if fold(m.entry.name) == folded:
                m = NameMatch(m.entry, "exact")
            old = best.get(m.entry.code)
            if old is None or rank[m.how] < rank[old.how]:
                best[m.entry.code] = m
        out = list(best.values())
        if parent is not None:
            prefix = self._parent_prefix(parent)
            out = [m for m in out if m.entry.code.startswith(prefix) and m.entry.code != prefix]
        if level is not None:
            out = [m for m in out if m.entry.level == level]
        return tuple(sorted(out, key=lambda m: (rank[m.how], m.entry.code)))

    def _parent_prefix(self, parent: str) -> str:
        from govaccts.catalogs.names import fold

        digits = fold(parent)
        if digits.isascii() and digits.isdigit():
            return self[digits].code
        return self.resolve(parent).code

    def resolve(self, name: str, parent: str | None = None, level: int | None = None) -> Entry:
        """The one entry named ``name`` (see :func:`govaccts.names.name_key`).

        Raises :class:`~govaccts.AmbiguousNameError` when several entries match and
        :class:`~govaccts.UnknownNameError` when none does; the latter says when the
        name belonged to a code in another edition.

        >>> import govaccts
        >>> govaccts.catalog("function", 2023).resolve("党委办公厅(室)及相关机构事务").code
        '20131'
        """
        matches = self.resolve_all(name, parent, level)
        codes = sorted({m.entry.code for m in matches})
        if len(codes) == 1:
            return matches[0].entry
        if codes:
            raise AmbiguousNameError(name, codes)
        from govaccts.catalogs.history import unknown_name

        raise unknown_name(self, name, parent, level)

    def former_names(self, name: str, store: CatalogStore | None = None
                     ) -> tuple[FormerName, ...]:
        """Where ``name`` is the name a code carried in another edition (of ``store``,
        by default the default store)."""
        from govaccts.catalogs.history import former_names

        return former_names(self, name, store)

    def resolve_path(self, text: str) -> Entry:
        """Resolve a reference such as 「一般公共服务（类）人大事务（款）行政运行（项）」.

        Each part narrows the next, so an ambiguous 项 name is resolved by its 款.

        >>> import govaccts
        >>> govaccts.catalog("function", 2023).resolve_path(
        ...     "社会保障和就业（类）行政事业单位养老（款）机关事业单位基本养老保险缴费（项）").code
        '2080505'
        """
        from govaccts.catalogs.references import split_reference_levels

        parent: str | None = None
        entry: Entry | None = None
        for part, level in split_reference_levels(text):
            entry = self.resolve(part, parent=parent, level=level)
            parent = entry.code
        if entry is None:
            raise UnknownNameError(text, self.scheme, self.year, "empty reference")
        return entry

    def search(self, query: str, limit: int | None = None) -> tuple[Entry, ...]:
        """Entries whose code or name matches ``query``, best first.

        Ranking: exact name, normalised name, name starting with the query, name
        containing it, then code prefix; ties in code order.

        >>> import govaccts
        >>> [e.code for e in govaccts.catalog("function", 2023).search("行政运行")][:3]
        ['2010101', '2010201', '2010301']
        """
        from govaccts.catalogs.ranking import rank

        out = rank(self._entries.values(), query)
        return out[:limit] if limit is not None else out

