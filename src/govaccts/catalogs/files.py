"""Read catalog data files: the bundled ``catalogs/`` folder and users' own CSV files.

Bundled data (see ``catalogs/README.md``): ``sources.csv`` describes each source
once; ``editions.csv`` lists every edition with how it was compiled; one file per
scheme (``function.csv`` …) holds rows with the years they are valid for
(``valid_from``/``valid_to``) and the ids of the sources that attest them.  A
rename is two rows of one code with adjacent ranges.

Every problem in a file raises :class:`~govaccts.CatalogFileError` naming the file
and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import attrs

from govaccts.catalogs.codes import get_scheme, level_of, normalize_code, parent_code, parse_code
from govaccts.catalogs.details import DetailRow, pick_details
from govaccts.catalogs.entries import Catalog, Entry
from govaccts.catalogs.evidence import (
    EditionInfo,
    LeaveOneOut,
    Source,
    SourceKind,
    Status,
    attests,
)
from govaccts.errors import CatalogFileError, InvalidCodeError, Location, UnknownSchemeError
from govaccts.io.delimited import read_delimited
from govaccts.io.encodings import decode
from govaccts.io.vocabulary import (
    CODE_HEADERS,
    EDITION_FIELDS,
    NAME_HEADERS,
    ROW_FIELDS,
    SOURCE_FIELDS,
)

COMPLETENESS = ("complete", "partial")


@attrs.frozen
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


def data_root() -> Traversable:
    """The bundled ``catalogs`` folder, as an importlib resource."""
    return resources.files("govaccts.catalogs").joinpath("data")


def read_text(res: Traversable | Path, name: str) -> str:
    try:
        raw = res.read_bytes()
    except OSError as exc:
        raise CatalogFileError(f"cannot read catalog file: {exc}",
                               location=Location(file=name)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogFileError(f"not UTF-8 text (byte {exc.start})",
                               location=Location(file=name, line=line)) from None


def _records(text: str, name: str, fields: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    """Rows of a catalog data file as dicts with their line numbers (exact header)."""
    return read_delimited(text, name, error=CatalogFileError, fields=fields,
                          single_line=True, strip=False).records()


def _int(value: str, what: str, loc: Location) -> int:
    if not (value.isascii() and value.isdigit()):
        raise CatalogFileError(f"{what} must be a year, got {value!r}", location=loc)
    return int(value)


def read_sources(text: str, name: str = "sources.csv") -> dict[str, Source]:
    """Parse ``sources.csv``."""
    out: dict[str, Source] = {}
    for line, rec in _records(text, name, SOURCE_FIELDS):
        loc = Location(file=name, line=line)
        if not rec["id"]:
            raise CatalogFileError("empty source id", location=loc)
        if rec["id"] in out:
            raise CatalogFileError(f"duplicate source id {rec['id']!r}", location=loc)
        try:
            kind = SourceKind(rec["kind"])
        except ValueError:
            raise CatalogFileError(f"unknown source kind {rec['kind']!r}", location=loc) from None
        year = _int(rec["year"], "year", loc) if rec["year"] else None
        out[rec["id"]] = Source(rec["id"], kind, rec["title"], year, rec["reference"], rec["note"])
    return out


def read_editions(text: str, name: str = "editions.csv") -> dict[tuple[str, int], EditionInfo]:
    """Parse ``editions.csv``."""
    out: dict[tuple[str, int], EditionInfo] = {}
    for line, rec in _records(text, name, EDITION_FIELDS):
        loc = Location(file=name, line=line)
        try:
            scheme = get_scheme(rec["scheme"]).name
        except UnknownSchemeError as exc:
            raise CatalogFileError(exc.message, location=loc) from None
        year = _int(rec["year"], "year", loc)
        if rec["completeness"] not in COMPLETENESS:
            raise CatalogFileError(f"completeness must be one of {', '.join(COMPLETENESS)}, "
                                   f"got {rec['completeness']!r}", location=loc)
        if (scheme, year) in out:
            raise CatalogFileError(f"duplicate edition {scheme} {year}", location=loc)
        if rec["approximate"] not in ("true", "false"):
            raise CatalogFileError("approximate must be true or false", location=loc)
        out[(scheme, year)] = EditionInfo(scheme, year, rec["label"], rec["approximate"] == "true",
                                          rec["completeness"], rec["compiled"])
    return out


LEAVE_ONE_OUT_FIELDS = ("citation", "file", "year", "scheme", "pairs", "same", "different",
                        "fragment", "missing", "historic_same", "historic_other", "evidence")
"""Columns of ``leave-one-out.csv`` (written by ``tools/leave_one_out.py``)."""


def read_leave_one_out(text: str, name: str = "leave-one-out.csv"
                       ) -> dict[tuple[str, int], LeaveOneOut]:
    """Parse ``leave-one-out.csv`` (one row per document and scheme) into one
    :class:`~govaccts.catalogs.evidence.LeaveOneOut` per (scheme, year)."""
    sums: dict[tuple[str, int], list[int]] = {}
    for line, rec in _records(text, name, LEAVE_ONE_OUT_FIELDS):
        loc = Location(file=name, line=line)
        try:
            scheme = get_scheme(rec["scheme"]).name
        except UnknownSchemeError as exc:
            raise CatalogFileError(exc.message, location=loc) from None
        counts = [_int(rec[f], f, loc) for f in LEAVE_ONE_OUT_FIELDS[4:-1]]
        acc = sums.setdefault((scheme, _int(rec["year"], "year", loc)), [0] * (1 + len(counts)))
        acc[0] += 1
        for i, c in enumerate(counts, start=1):
            acc[i] += c
    return {k: LeaveOneOut(documents=v[0], pairs=v[1], same=v[2], different=v[3],
                           fragments=v[4], missing=v[5], historic_same=v[6],
                           historic_other=v[7]) for k, v in sums.items()}


HISTORIC_NAMES_FIELDS = ("scheme", "level", "pairs", "in_c2009", "same_name", "other_name",
                         "evidence")
"""Columns of ``historic-names.csv`` (written by ``tools/leave_one_out.py``)."""


def read_historic_names(text: str, name: str = "historic-names.csv"
                        ) -> dict[tuple[str, int], tuple[int, int]]:
    """Parse ``historic-names.csv``: (scheme, level) → (codes printed today that the
    c.2009 catalog has, of which with the printed name)."""
    out: dict[tuple[str, int], tuple[int, int]] = {}
    for line, rec in _records(text, name, HISTORIC_NAMES_FIELDS):
        loc = Location(file=name, line=line)
        out[(rec["scheme"], _int(rec["level"], "level", loc))] = (
            _int(rec["in_c2009"], "in_c2009", loc), _int(rec["same_name"], "same_name", loc))
    return out


def read_rows(text: str, scheme: str, sources: dict[str, Source],
              name: str | None = None) -> tuple[CatalogRow, ...]:
    """Parse and check one scheme file: codes, ranges, cited sources, overlaps."""
    name = name or f"{scheme}.csv"
    rows: list[CatalogRow] = []
    by_code: dict[str, list[CatalogRow]] = {}
    for line, rec in _records(text, name, ROW_FIELDS):
        loc = Location(file=name, line=line)
        try:
            code = normalize_code(rec["code"], scheme)
        except InvalidCodeError as exc:
            raise CatalogFileError(str(exc), location=loc) from None
        if code != rec["code"]:
            raise CatalogFileError(f"code {rec['code']!r} is not canonical", location=loc)
        if not rec["name"].strip() or rec["name"] != rec["name"].strip():
            raise CatalogFileError(f"empty or padded name for {code}", location=loc)
        vf = _int(rec["valid_from"], "valid_from", loc)
        vt = _int(rec["valid_to"], "valid_to", loc)
        if vf > vt:
            raise CatalogFileError(f"valid_from {vf} after valid_to {vt}", location=loc)
        cited = tuple(rec["sources"].split())
        for sid in cited:
            if sid not in sources:
                raise CatalogFileError(f"row {code} cites unknown source {sid!r}", location=loc)
        aliases = tuple(a for a in rec["aliases"].split("|") if a)
        row = CatalogRow(code, rec["name"], vf, vt, cited, aliases, rec["note"], line)
        for other in by_code.get(code, ()):
            if other.valid_from <= vt and vf <= other.valid_to:
                raise CatalogFileError(
                    f"code {code} overlaps line {other.line} ({other.valid_from}-{other.valid_to})",
                    location=loc)
        by_code.setdefault(code, []).append(row)
        rows.append(row)
    return tuple(rows)


def build_catalog(info: EditionInfo, rows: Sequence[CatalogRow], sources: dict[str, Source],
                  name: str, details: Sequence[DetailRow] = ()) -> Catalog:
    """The edition ``info.year`` of a scheme file's rows (and uncoded 明细), with each
    entry's status (:func:`~govaccts.catalogs.evidence.attests`)."""
    year = info.year
    picked = [r for r in rows if r.valid_from <= year <= r.valid_to]
    if info.completeness == "complete":
        codes = {r.code for r in picked}
        for r in picked:
            pc = parent_code(r.code)
            if pc is not None and pc not in codes:
                raise CatalogFileError(f"{r.code}: parent {pc} missing from complete edition "
                                       f"{info.scheme} {year}", location=Location(name, r.line))
    entries = []
    for r in picked:
        cited = tuple(sources[s] for s in r.sources)
        if any(attests(s, year) for s in cited):
            status = Status.VERIFIED
        elif cited:
            status = Status.CARRIED
        else:
            status = Status.UNVERIFIED
        entries.append(Entry(r.code, r.name, info.scheme, year, status, cited, r.aliases, r.note))
    return Catalog(info, entries, pick_details(details, year, sources, attests))




def load_catalog(path: str | Path, *, scheme: str, year: int,
                 encoding: str | None = None, label: str | None = None) -> Catalog:
    """Read an official (or your own) classification file into a :class:`Catalog`.

    The file is CSV with a header naming a code column (``code``, ``科目编码``,
    ``科目代码`` …) and a name column (``name``, ``科目名称`` …); other columns are
    ignored except ``parent_code``/``level``, which must agree with the code.
    UTF-8 (with or without BOM) and GBK are detected; pass ``encoding`` to force
    one.  Every row is marked verified by this file.  Use
    :func:`govaccts.register_catalog` to make it the edition that
    :func:`govaccts.catalog` returns.

    >>> import govaccts, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = p.write_text("科目编码,科目名称\\n201,一般公共服务支出\\n20101,人大事务\\n", "utf-8")
    >>> cat = govaccts.load_catalog(p, scheme="function", year=2024)
    >>> cat["20101"].parent.name, cat["20101"].verified, cat["201"].sources[0].kind.value
    ('一般公共服务支出', True, 'user-file')
    """
    scheme = get_scheme(scheme).name
    if isinstance(year, bool) or not isinstance(year, int):
        raise CatalogFileError(f"year is an int, not {year!r}", location=Location(file=str(path)))
    p = Path(path)
    name = str(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CatalogFileError(f"cannot read: {exc.strerror}", location=Location(file=name)) \
            from None
    d = read_delimited(decode(raw, name, encoding, CatalogFileError), name,
                       error=CatalogFileError, single_line=True)
    header = [h.strip() for h in d.header]
    ci = _column(header, CODE_HEADERS, "code", name)
    ni = _column(header, NAME_HEADERS, "name", name)
    pi = header.index("parent_code") if "parent_code" in header else None
    li = header.index("level") if "level" in header else None
    source = Source(id=f"file:{p.name}", kind=SourceKind.USER_FILE, title=label or p.name,
                    year=year, reference=str(p.resolve()))
    entries: dict[str, Entry] = {}
    lines: dict[str, int] = {}
    for line, cells in d.rows:
        loc = Location(file=name, line=line)
        try:
            code = parse_code(cells[ci], scheme)
        except InvalidCodeError as exc:
            raise CatalogFileError(str(exc), location=loc) from None
        cname = " ".join(cells[ni].split())
        if not cname:
            raise CatalogFileError(f"empty name for {code}", location=loc)
        if code in entries:
            raise CatalogFileError(f"duplicate code {code} (first on line {lines[code]})",
                                   location=loc)
        if pi is not None and cells[pi].strip() != (parent_code(code) or ""):
            raise CatalogFileError(f"parent_code {cells[pi]!r} does not match {code}",
                                   location=loc)
        if li is not None and cells[li].strip() != str(level_of(code)):
            raise CatalogFileError(f"level {cells[li]!r} does not match {code}", location=loc)
        entries[code] = Entry(code, cname, scheme, year, Status.VERIFIED, (source,))
        lines[code] = line
    if not entries:
        raise CatalogFileError("no rows below the header",
                               location=Location(file=name, line=d.header_line))
    info = EditionInfo(scheme, year, label or f"{scheme} {year} from {p.name}", False, "user",
                       f"loaded from the caller's file {p.name}")
    return Catalog(info, entries.values())


def _column(header: list[str], names: Sequence[str], what: str, file: str) -> int:
    lowered = [h.lower() for h in header]
    for n in names:
        if n.lower() in lowered:
            return lowered.index(n.lower())
    raise CatalogFileError(f"no {what} column (expected one of {', '.join(names)})",
                           location=Location(file=file, line=1))
