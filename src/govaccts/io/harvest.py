"""Harvest code–name pairs from published reports: the documents as catalog evidence.

Every budget or final-accounts report prints dozens of classification codes beside
their names, dated by its fiscal year.  :func:`harvest` reads reports (PDF, with the
PDF reader of :mod:`govaccts.io.pdf`) and returns every (scheme, year, code, name as
printed) with its evidence: the document's citation, page, line and the printed row
as a quote.

* The **year** comes from the document: its cover, else the years its table titles
  print (never the file name).
* The **scheme** comes from the table: a table whose title or header names no 科目
  (unit codes in 收入总表, project numbers in 绩效 tables) gives no pairs; a table that
  says 功能 or 经济 takes only codes of that kind; the code's leading digit tells the
  rest (:func:`~govaccts.catalogs.codes.scheme_of`).
* **Wrapped names** are rejoined by the reader; a name that is only the start or the
  end of a fuller printing of the same code is a fragment, and two names of one code in
  one year are a conflict: :attr:`Harvest.conflicts` lists both, nothing is guessed
  (:mod:`govaccts.catalogs.printed`).
* The **citation** of a file comes from ``citations`` (file name → citation), else from a
  ``MANIFEST.tsv`` beside it (columns ``file`` and ``source``, optionally ``sha256``, the
  first hex digits of the file's SHA-256, which must match), else it is the path.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from govaccts.catalogs.codes import get_scheme, scheme_of
from govaccts.catalogs.printed import Reconciled, reconcile
from govaccts.errors import GovacctsError, InvalidCodeError
from govaccts.io.delimited import read_delimited_file

if TYPE_CHECKING:
    from govaccts.io.pdf.model import PdfDocument, PdfRow, PdfTable

__all__ = ["Harvest", "HarvestedDocument", "HarvestedPair", "NameConflict", "SkipReason",
           "SkippedRow", "harvest", "read_manifest"]

PAIR_FIELDS = ("scheme", "year", "code", "name", "citation", "page", "line", "quote", "table")
"""Columns of a harvested pair as CSV (``govaccts harvest --format csv``)."""

_YEAR = re.compile(r"(20\d\d)\s*年")
_ECONOMIC = ("dept-economic", "gov-economic")


class SkipReason(enum.Enum):
    """Why a printed code gave no pair."""

    OTHER_SCHEME = "other-scheme"
    """The table says 功能 (or 经济) but the code belongs to another scheme."""
    INVALID_CODE = "invalid-code"
    """The code is no code of any scheme (wrong length, a 00 part, an unknown leading digit)."""
    EMPTY_NAME = "empty-name"
    """No name is printed beside the code."""
    NOT_A_CLASSIFICATION = "not-a-classification"
    """The table names no 科目: its codes are unit codes or project numbers."""


@attrs.frozen
class HarvestedPair:
    """One code printed beside its name in one document (first printing; ``printed``
    counts how often the document prints this pair)."""

    scheme: str
    year: int
    code: str
    name: str
    citation: str
    page: int
    line: int
    quote: str
    table: str
    printed: int = 1

    def row(self) -> dict[str, str]:
        """The pair as CSV cells (:data:`PAIR_FIELDS`)."""
        return {f: str(getattr(self, f)) for f in PAIR_FIELDS}


@attrs.frozen
class SkippedRow:
    """A printed code that gave no pair, and why."""

    reason: SkipReason
    citation: str
    page: int
    line: int
    code: str
    name: str
    table: str
    detail: str = ""


@attrs.frozen
class HarvestedDocument:
    """One file: what the document says of itself, how many pairs it gave, or why none."""

    path: str
    citation: str
    sha256: str
    pages: int
    issuer: str | None
    year: int | None
    year_from: str
    """``cover``, ``titles`` (the years its table titles print) or ``none``."""
    kind: str | None
    pairs: int
    problem: str | None = None


@attrs.frozen
class NameConflict:
    """Names printed for one code in one year that cannot all be right.

    ``kind`` is ``fragment`` (a printing is the start or end of a fuller one: left out,
    with ``reason``) or ``conflict`` (two names, neither a fragment of the other: both
    listed, none chosen).
    """

    kind: str
    scheme: str
    year: int
    code: str
    names: tuple[tuple[str, tuple[str, ...]], ...]
    """(name, citations that print it): for a fragment, the fragment and then the names
    kept; for a conflict, the conflicting names."""
    reason: str


@attrs.frozen
class Harvest:
    """What :func:`harvest` found: the documents, their pairs, the rows skipped, and the
    fragments and conflicts among the pairs."""

    documents: tuple[HarvestedDocument, ...]
    pairs: tuple[HarvestedPair, ...]
    skipped: tuple[SkippedRow, ...]
    conflicts: tuple[NameConflict, ...]

    def counts(self) -> dict[tuple[str, int], int]:
        """Distinct codes by (scheme, year)."""
        seen = {(p.scheme, p.year, p.code) for p in self.pairs}
        return dict(sorted(Counter((s, y) for s, y, _ in seen).items()))


def read_manifest(path: str | Path) -> dict[str, tuple[str, str]]:
    """A ``MANIFEST.tsv``: file name → (citation, SHA-256 prefix or ``""``)."""
    p = Path(path)
    d = read_delimited_file(p, header_names=("file", "source"))
    header = [h.strip() for h in d.header]
    if "file" not in header or "source" not in header:
        raise GovacctsError(f"{p}: a manifest needs the columns file and source")
    fi, si = header.index("file"), header.index("source")
    hi = header.index("sha256") if "sha256" in header else None
    return {cells[fi].strip(): (cells[si].strip(), cells[hi].strip() if hi is not None else "")
            for _, cells in d.rows if cells[fi].strip()}


def _files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file())
        elif p.exists():
            out.append(p)
        else:
            raise GovacctsError(f"{p}: no such file or folder")
    return out


def _cite(path: Path, sha: str, citations: Mapping[str, str],
          manifests: dict[Path, dict[str, tuple[str, str]]]) -> tuple[str, str | None]:
    """(citation, problem) of a file."""
    for key in (str(path), path.name):
        if key in citations:
            return citations[key], None
    folder = path.parent
    if folder not in manifests:
        m = folder / "MANIFEST.tsv"
        manifests[folder] = read_manifest(m) if m.is_file() else {}
    entry = manifests[folder].get(path.name)
    if entry is None:
        return str(path), None
    citation, prefix = entry
    if prefix and not sha.startswith(prefix.lower()):
        return str(path), (f"SHA-256 {sha[:16]} differs from MANIFEST.tsv ({prefix}): "
                           "not the manifest's copy, cited by its path")
    return citation, None


def _year(doc: PdfDocument, tables: Sequence[PdfTable]) -> tuple[int | None, str]:
    if doc.year is not None:
        return doc.year, "cover"
    years = Counter(int(y) for t in tables
                    for y in _YEAR.findall(" ".join([t.title, *t.meta, *t.columns])))
    if len(years) == 1:
        return next(iter(years)), "titles"
    return None, "none"


def _header(t: PdfTable) -> str:
    return " ".join([t.title, *t.meta, *(c for row in t.header_rows for c in row), *t.columns])


def _declared(header: str) -> str | None:
    """The scheme kind a table's title and header name: function, economic or none."""
    function, economic = "功能" in header, "经济" in header
    if function and not economic:
        return "function"
    if economic and not function:
        return "economic"
    return None


def _quote(t: PdfTable, r: PdfRow) -> str:
    """The printed row from its code to its name and the first amount after it."""
    first = min((*t.code_columns, t.name_column if t.name_column is not None else 0))
    texts = [c.text.strip() for c in r.cells[first:] if c is not None and c.text.strip()]
    if r.name in texts:
        texts = texts[:texts.index(r.name) + 2]
    if (r.code or "") not in "".join(texts).replace(" ", ""):
        texts = [*(r.code_parts or (r.code or "",)), *texts]  # printed in the name's cell
    return " ".join(texts)


def _table_pairs(t: PdfTable, year: int, citation: str,
                 skipped: list[SkippedRow]) -> list[HarvestedPair]:
    coded = [r for r in t.rows if r.code]
    if not coded:
        return []
    header = _header(t)
    if "科目" not in header:
        skipped += [SkippedRow(SkipReason.NOT_A_CLASSIFICATION, citation, r.page, r.line,
                               r.code or "", r.name, t.title) for r in coded]
        return []
    declared = _declared(header)
    out: list[HarvestedPair] = []
    for r in coded:
        code = r.code or ""
        try:
            scheme = scheme_of(code)
        except InvalidCodeError as exc:
            skipped.append(SkippedRow(SkipReason.INVALID_CODE, citation, r.page, r.line, code,
                                      r.name, t.title, exc.reason))
            continue
        wrong = (declared == "function" and scheme != "function") or \
            (declared == "economic" and scheme not in _ECONOMIC)
        if wrong or scheme == "accounting":
            skipped.append(SkippedRow(
                SkipReason.OTHER_SCHEME, citation, r.page, r.line, code, r.name, t.title,
                f"a {get_scheme(scheme).title} code in a table of "
                f"{'功能' if declared == 'function' else '经济'}分类"))
            continue
        name = " ".join(r.name.split())
        if not name:
            skipped.append(SkippedRow(SkipReason.EMPTY_NAME, citation, r.page, r.line, code,
                                      r.name, t.title))
            continue
        out.append(HarvestedPair(scheme, year, code, name, citation, r.page, r.line,
                                 _quote(t, r), t.title))
    return out


def _document(path: Path, citations: Mapping[str, str],
              manifests: dict[Path, dict[str, tuple[str, str]]],
              skipped: list[SkippedRow]) -> tuple[HarvestedDocument, list[HarvestedPair]]:
    from govaccts.io.pdf import PdfReadError, read_pdf

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    citation, problem = _cite(path, sha, citations, manifests)

    def done(pages: int, issuer: str | None, year: int | None, year_from: str,
             kind: str | None, pairs: list[HarvestedPair], why: str | None
             ) -> tuple[HarvestedDocument, list[HarvestedPair]]:
        why = "; ".join(w for w in (problem, why) if w) or None
        return HarvestedDocument(str(path), citation, sha, pages, issuer, year, year_from, kind,
                                 len(pairs), why), pairs

    try:
        doc = read_pdf(path)
    except PdfReadError as exc:
        return done(0, None, None, "none", None, [], exc.reason)
    coded = [t for t in doc.tables if any(r.code for r in t.rows)]
    year, year_from = _year(doc, doc.tables)
    if year is None:
        why = "no fiscal year on the cover or in the table titles" if coded else None
        return done(doc.pages, doc.issuer, None, "none", doc.kind, [], why or "no coded table")
    found: dict[tuple[str, str, str], HarvestedPair] = {}
    for t in coded:
        for p in _table_pairs(t, year, citation, skipped):
            key = (p.scheme, p.code, p.name)
            old = found.get(key)
            found[key] = p if old is None else attrs.evolve(old, printed=old.printed + 1)
    pairs = sorted(found.values(), key=lambda p: (p.scheme, p.code, p.page, p.line))
    return done(doc.pages, doc.issuer, year, year_from, doc.kind, pairs,
                None if pairs else "no coded table")


def conflicts_among(pairs: Iterable[HarvestedPair]) -> list[tuple[tuple[str, int, str],
                                                                  Reconciled]]:
    """Each (scheme, year, code) whose printings are not one name, reconciled."""
    by_code: dict[tuple[str, str], list[HarvestedPair]] = {}
    for p in pairs:
        by_code.setdefault((p.scheme, p.code), []).append(p)
    out = []
    for (scheme, code), ps in sorted(by_code.items()):
        every = [(p.name, p.citation) for p in ps]
        for year in sorted({p.year for p in ps}):
            mine = [(p.name, p.citation) for p in ps if p.year == year]
            r = reconcile(code, mine, every)
            if r.fragments or r.conflict:
                out.append(((scheme, year, code), r))
    return out


def _conflicts(pairs: Sequence[HarvestedPair]) -> list[NameConflict]:
    out: list[NameConflict] = []
    for (scheme, year, code), r in conflicts_among(pairs):
        kept = tuple((p.name, p.by) for p in r.kept)
        for f in r.fragments:
            out.append(NameConflict("fragment", scheme, year, code, ((f.name, f.by), *kept),
                                    f.reason))
        if r.conflict:
            out.append(NameConflict("conflict", scheme, year, code, kept,
                                    f"{len(kept)} names printed for {code} in {year}, none a "
                                    "fragment of another: listed, none chosen"))
    return out


def harvest(*paths: str | Path, citations: Mapping[str, str] | None = None) -> Harvest:
    """Harvest every code–name pair printed in the PDFs ``paths`` (files or folders).

    ``citations`` maps a file's name (or path) to its citation (``owner/repo@commit:path``
    or an address); see the module docstring for the defaults.  Unreadable files (scanned,
    corrupt) are listed with their problem, never raised.
    """
    manifests: dict[Path, dict[str, tuple[str, str]]] = {}
    documents: list[HarvestedDocument] = []
    pairs: list[HarvestedPair] = []
    skipped: list[SkippedRow] = []
    for path in _files(paths):
        doc, found = _document(path, citations or {}, manifests, skipped)
        documents.append(doc)
        pairs += found
    return Harvest(tuple(documents), tuple(pairs), tuple(skipped), tuple(_conflicts(pairs)))
