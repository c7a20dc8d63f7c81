"""Evidence: where a catalog row comes from, and how complete an edition is.

Sources are described once (``catalogs/sources.csv``) and rows cite them by id.
A row is *verified* in an edition when a cited source attests it for that
edition's year; a row attested only in other years is *carried* into the
edition by its validity range; a row with no source at all is *unverified*
(typed from the maintainers' knowledge, and marked so).

>>> SourceKind("real-document").value
'real-document'
"""

from __future__ import annotations

import enum

from govaccts._frozen import frozen


class SourceKind(enum.Enum):
    """What kind of evidence a source is."""

    OFFICIAL_FILE = "official-file"
    """An official classification file (e.g. 财政部《政府收支分类科目》)."""
    REAL_DOCUMENT = "real-document"
    """A real published document printing codes beside names (a 部门决算, a notice)."""
    FISCAL_SYSTEM_CATALOG = "fiscal-system-catalog"
    """The code table of a real fiscal information system."""
    CHANGE_NOTICE = "change-notice"
    """A published notice that adds, removes or renames codes (e.g. 财预〔2024〕22号)."""
    PUBLIC_PAGE = "public-page"
    """A public web page printing the code beside the name (often a mirror of a notice)."""
    REPOSITORY_FILE = "repo-file"
    """A file in a public repository, cited ``owner/repo@commit:path`` (e.g. the text of a
    published document kept as a test fixture)."""
    HARVESTED = "harvested"
    """A published report (PDF) read by :func:`govaccts.harvest`, cited
    ``owner/repo@commit:path`` or by address: each of its pairs is kept with page, line
    and the printed row in ``catalogs/evidence/harvested/pairs.csv``."""
    STANDARD = "standard"
    """The text of a standing regulation (e.g. 财会〔2017〕25号), dated by the year it takes
    effect: it attests its rows in every edition from that year on, within their range."""
    USER_FILE = "user-file"
    """A file loaded by the caller with :func:`govaccts.load_catalog`."""


class Status(enum.Enum):
    """How well an entry is attested in one edition."""

    VERIFIED = "verified"
    """A cited source attests this code with this name for this edition's year."""
    CARRIED = "carried"
    """Attested in another year only; carried into this edition by its validity range."""
    UNVERIFIED = "unverified"
    """No source: from the maintainers' knowledge of the classification."""
    HISTORIC = "historic"
    """Not in this edition at all: the code's entry in the historic (c.2009) catalog, given
    only when asked for (``catalog(…, fallback="historic")``).  A candidate, never the
    modern name by evidence, never counted as verified; its note says how often the c.2009
    name is the one printed today."""


@frozen
class Source:
    """One piece of evidence, described once and cited by id.

    ``year`` is the fiscal year the source attests (``None`` when undated).
    """

    id: str
    kind: SourceKind
    title: str
    year: int | None
    reference: str
    note: str = ""

    def __str__(self) -> str:
        year = f" ({self.year})" if self.year is not None else ""
        return f"[{self.id}] {self.title}{year} — {self.reference}"


def attests(source: Source, year: int) -> bool:
    """Whether ``source`` attests its rows for fiscal ``year``: a source dated that year,
    or a standing regulation (:attr:`SourceKind.STANDARD`) in force by then.

    >>> std = Source("s", SourceKind.STANDARD, "财会〔2017〕25号", 2019, "…")
    >>> attests(std, 2024), attests(std, 2018)
    (True, False)
    """
    if source.year is None:
        return False
    if source.kind is SourceKind.STANDARD:
        return source.year <= year
    return source.year == year


@frozen
class LeaveOneOut:
    """How an edition fares on real reports it was built without.

    ``tools/leave_one_out.py`` harvests every document but one, rebuilds the catalogs and
    looks up each (code, printed name) of the document left out in its year's edition;
    these are the counts over the ``documents`` of this edition's scheme and year.
    ``same``: the code is there under the printed name (folded by the name key) or a
    printed variant; ``different``: under another name; ``missing``: not there, of which
    ``historic_same`` have a c.2009 entry of the printed name and ``historic_other`` one of
    another name; ``fragments``: printings that are a cut cell of the document, not a name
    (left out of the shares).
    """

    documents: int
    pairs: int
    same: int
    different: int
    fragments: int
    missing: int
    historic_same: int = 0
    historic_other: int = 0

    @property
    def judged(self) -> int:
        """Pairs that are no fragment: the denominator of the shares."""
        return self.pairs - self.fragments

    def share(self, count: int) -> float:  # float-ok: a display ratio, not an amount
        """``count`` as a share of :attr:`judged` (0.0 when nothing was judged)."""
        return count / self.judged if self.judged else 0.0

    @property
    def same_share(self) -> float:  # float-ok: a display ratio, not an amount
        """Share resolved with the printed name."""
        return self.share(self.same)

    @property
    def different_share(self) -> float:  # float-ok: a display ratio, not an amount
        """Share resolved to a different name."""
        return self.share(self.different)


@frozen
class LevelCoverage:
    """Row counts of one level of an edition."""

    level: int
    rows: int
    verified: int
    carried: int
    unverified: int


@frozen
class Coverage:
    """How much of an edition is attested, by level.

    ``orphans`` are codes whose parent is not in the edition (the parent exists in
    the official classification but no source names it yet).
    """

    scheme: str
    year: int
    rows: int
    verified: int
    carried: int
    unverified: int
    by_level: tuple[LevelCoverage, ...]
    orphans: tuple[str, ...]
    details: tuple[LevelCoverage, ...] = ()
    """Uncoded 明细 the standard prescribes, by level (2, 3): counted apart from ``rows``,
    which counts codes (see :mod:`govaccts.catalogs.details`)."""
    leave_one_out: LeaveOneOut | None = None
    """How the edition resolved real reports it was built without (``None``: no such
    measurement for this edition)."""

    @property
    def verified_share(self) -> float:  # float-ok: a display ratio, not an amount
        """Share of rows verified for this year (0.0 when empty)."""
        return self.verified / self.rows if self.rows else 0.0


@frozen
class EditionInfo:
    """Metadata of one edition: how it was compiled and how complete it claims to be."""

    scheme: str
    year: int
    label: str
    approximate: bool
    completeness: str
    """``complete`` (the source is a whole classification), ``partial`` or ``user``."""
    compiled: str
    """How the edition was compiled, in one or two sentences."""
    leave_one_out: LeaveOneOut | None = None
    """The leave-one-document-out measurement of the edition, when there is one."""
