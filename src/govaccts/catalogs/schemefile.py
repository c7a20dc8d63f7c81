"""A scheme file (``function.csv`` …) read and checked as columns, its rows made when read.

A first ``catalog("function", 2023)["2013101"]`` reads the whole of ``function.csv``
(2,239 rows) to build one edition of 391 entries; checking the file row by row and
making an object per row cost more than everything else a first lookup does.  Here the
file is checked a column at a time — codes, names, years and cited sources each by a
few passes that run in C — and kept as columns (:class:`SchemeRows`), a
:class:`CatalogRow` made only when a row is read.  Whenever a column check finds
anything unusual, :func:`checked_rows` checks the rows one by one instead, which
raises the first problem as :class:`~govaccts.CatalogFileError` naming file and line
(or, when nothing is wrong after all, gives the same columns): a file is never accepted
that the row-by-row check would refuse, and every error is the one it raises.

>>> rows = read_scheme_rows("code,name,valid_from,valid_to,sources,aliases,note\\n"
...                         "201,一般公共服务支出,2019,2026,,,\\n", "function", {}, "f.csv")
>>> len(rows), rows[0].code, rows[0].line
(1, '201', 2)
"""

from __future__ import annotations

from govaccts._frozen import frozen
from govaccts.catalogs.codes import get_scheme, normalize_code
from govaccts.errors import CatalogFileError, InvalidCodeError, Location
from govaccts.io.fields import ROW_FIELDS

TYPE_CHECKING = False  # not typing's: a first catalog lookup does without it
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from govaccts.catalogs.evidence import Source

__all__ = ["CatalogRow", "SchemeRows", "checked_rows", "data_rows", "read_scheme_rows"]

@frozen
class CatalogRow:
    """One row of a scheme file: a code and name valid over a range of years."""

    code: str
    name: str
    valid_from: int
    valid_to: int
    sources: tuple[str, ...]
    aliases: tuple[str, ...]
    note: str
    line: int


class SchemeRows:
    """The checked rows of a scheme file as columns; a sequence of :class:`CatalogRow`."""

    __slots__ = ("aliases", "codes", "lines", "names", "notes", "sources", "valid_from",
                 "valid_to")

    def __init__(self, codes: Sequence[str], names: Sequence[str], valid_from: Sequence[int],
                 valid_to: Sequence[int], sources: Sequence[tuple[str, ...]],
                 aliases: Sequence[tuple[str, ...]], notes: Sequence[str],
                 lines: Sequence[int]) -> None:
        self.codes, self.names, self.notes, self.lines = codes, names, notes, lines
        self.valid_from, self.valid_to = valid_from, valid_to
        self.sources, self.aliases = sources, aliases

    @classmethod
    def of(cls, rows: Sequence[CatalogRow]) -> SchemeRows:
        """The columns of ``rows``."""
        return cls([r.code for r in rows], [r.name for r in rows], [r.valid_from for r in rows],
                   [r.valid_to for r in rows], [r.sources for r in rows],
                   [r.aliases for r in rows], [r.note for r in rows], [r.line for r in rows])

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> CatalogRow:
        return CatalogRow(self.codes[i], self.names[i], self.valid_from[i], self.valid_to[i],
                          self.sources[i], self.aliases[i], self.notes[i], self.lines[i])

    def __iter__(self) -> Iterator[CatalogRow]:
        return map(CatalogRow, self.codes, self.names, self.valid_from, self.valid_to,
                   self.sources, self.aliases, self.notes, self.lines)

    def valid_in(self, year: int) -> list[int]:
        """The indices of the rows valid in ``year``."""
        return [i for i, (a, b) in enumerate(zip(self.valid_from, self.valid_to, strict=True))
                if a <= year <= b]


def data_rows(text: str, name: str, fields: tuple[str, ...]
              ) -> Sequence[tuple[int, Sequence[str]]]:
    """The rows of a catalog data file, ``(line, cells)`` in the order of ``fields``.

    A file that is plainly one row a line — its first line exactly the header ``fields``,
    no carriage return or NUL, every line but the last (empty) one a row of
    ``len(fields)`` cells — is split line by line (:mod:`csv` for a line with a quote);
    any other file is read by the strict reader
    (:func:`govaccts.io.delimited.read_delimited`), which reads what is allowed (blank
    rows, say) and raises :class:`~govaccts.CatalogFileError` naming file and line for
    what is not.  Both give the same rows for a file both read.
    """
    lines = text.split("\n")
    if lines[0] == ",".join(fields) and not lines[-1] and "\r" not in text \
            and "\0" not in text:
        body = lines[1:-1]
        try:
            from _csv import Error, reader
        except ImportError:  # pragma: no cover - an interpreter without the C module
            from csv import Error, reader
        try:  # a line ending inside a quoted field gets its line break in a cell
            rows = [ln.split(",") if '"' not in ln else next(reader([ln + "\n"]), ["\n"])
                    for ln in body]
        except Error:
            rows = []
        width = len(fields)
        if len(rows) == len(body) and all(len(r) == width for r in rows) and not any(
                "\n" in c for ln, r in zip(body, rows, strict=True) if '"' in ln for c in r):
            return list(zip(range(2, len(rows) + 2), rows, strict=True))
    from govaccts.io.delimited import read_delimited

    return read_delimited(text, name, error=CatalogFileError, fields=fields, single_line=True,
                          strip=False).rows


def read_scheme_rows(text: str, scheme: str, sources: dict[str, Source], name: str
                     ) -> SchemeRows:
    """Read and check a scheme file: codes, names, ranges, cited sources, overlaps."""
    rows = data_rows(text, name, ROW_FIELDS)
    return _by_columns(rows, scheme, sources) or checked_rows(rows, scheme, sources, name)


def _by_columns(rows: Sequence[tuple[int, Sequence[str]]], scheme: str,
                sources: dict[str, Source]) -> SchemeRows | None:
    """The rows checked a column at a time; ``None`` when any check finds anything."""
    if not rows:
        return None
    lines = [line for line, _ in rows]
    codes, names, vf_, vt_, cited_, aliases_, notes = zip(*(cells for _, cells in rows),
                                                          strict=True)
    sch = get_scheme(scheme)
    digits = "".join(codes)
    if not (digits.isascii() and digits.isdigit()) \
            or not set(map(len, codes)) <= set(sch.lengths) \
            or not {c[0] for c in codes} <= set(sch.leading_digit) \
            or any("00" in (c[3:5], c[5:7], c[7:9]) for c in set(codes)) \
            or "" in names or any(n != n.strip() for n in names):
        return None
    for col in (vf_, vt_):
        years = "".join(col)
        if "" in col or not (years.isascii() and years.isdigit()):
            return None
    vf, vt = list(map(int, vf_)), list(map(int, vt_))
    if any(a > b for a, b in zip(vf, vt, strict=True)):
        return None
    cited: dict[str, tuple[str, ...]] = {}
    for t in set(cited_):
        cited[t] = tuple(t.split())
        if not all(s in sources for s in cited[t]):
            return None
    first = dict(zip(reversed(codes), range(len(codes) - 1, -1, -1), strict=True))
    if len(first) != len(codes):  # a code on several rows: their ranges may not overlap
        last = dict(zip(codes, range(len(codes)), strict=True))
        spans: dict[str, list[tuple[int, int]]] = {
            c: [] for c, j in last.items() if first[c] != j}
        for c, a, b in zip(codes, vf, vt, strict=True):
            if c in spans:
                spans[c].append((a, b))
        if any(a <= d and c <= b for s in spans.values() for n, (a, b) in enumerate(s)
               for c, d in s[n + 1:]):
            return None
    return SchemeRows(codes, names, vf, vt, list(map(cited.__getitem__, cited_)),
                      [tuple(a for a in t.split("|") if a) if t else () for t in aliases_],
                      notes, lines)


def checked_rows(rows: Sequence[tuple[int, Sequence[str]]], scheme: str,
                 sources: dict[str, Source], name: str) -> SchemeRows:
    """The rows checked one by one: the first problem raises
    :class:`~govaccts.CatalogFileError` naming file and line."""
    out: list[CatalogRow] = []
    by_code: dict[str, list[CatalogRow]] = {}
    for line, (code_, cname, vf_, vt_, cited_, aliases_, note) in rows:
        loc = Location(file=name, line=line)
        try:
            code = normalize_code(code_, scheme)
        except InvalidCodeError as exc:
            raise CatalogFileError(str(exc), location=loc) from None
        if code != code_:
            raise CatalogFileError(f"code {code_!r} is not canonical", location=loc)
        if not cname.strip() or cname != cname.strip():
            raise CatalogFileError(f"empty or padded name for {code}", location=loc)
        vf = _year(vf_, "valid_from", loc)
        vt = _year(vt_, "valid_to", loc)
        if vf > vt:
            raise CatalogFileError(f"valid_from {vf} after valid_to {vt}", location=loc)
        cited = tuple(cited_.split())
        for sid in cited:
            if sid not in sources:
                raise CatalogFileError(f"row {code} cites unknown source {sid!r}", location=loc)
        aliases = tuple(a for a in aliases_.split("|") if a)
        row = CatalogRow(code, cname, vf, vt, cited, aliases, note, line)
        for other in by_code.get(code, ()):
            if other.valid_from <= vt and vf <= other.valid_to:
                raise CatalogFileError(
                    f"code {code} overlaps line {other.line} ({other.valid_from}-{other.valid_to})",
                    location=loc)
        by_code.setdefault(code, []).append(row)
        out.append(row)
    return SchemeRows.of(out)


def _year(value: str, what: str, loc: Location) -> int:
    if not (value.isascii() and value.isdigit()):
        raise CatalogFileError(f"{what} must be a year, got {value!r}", location=loc)
    return int(value)
