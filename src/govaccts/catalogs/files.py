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

import os

from govaccts.catalogs.codes import get_scheme, level_of, parent_code, parse_code
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
from govaccts.catalogs.schemefile import CatalogRow, SchemeRows, data_rows, read_scheme_rows
from govaccts.errors import CatalogFileError, InvalidCodeError, Location, UnknownSchemeError
from govaccts.io.fields import EDITION_FIELDS, SOURCE_FIELDS

TYPE_CHECKING = False  # not typing's: a first catalog lookup imports neither typing nor pathlib
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Traversable
    from pathlib import Path

COMPLETENESS = ("complete", "partial")


def data_root() -> Traversable:
    """The bundled ``catalogs`` folder, as an importlib resource."""
    from importlib import resources

    return resources.files("govaccts.catalogs").joinpath("data")


DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
"""The bundled folder as a path in the file system (read without importlib.resources where
the package is installed as files, see :func:`read_data`)."""


def read_data(name: str) -> str | None:
    """The text of the bundled data file ``name``, or ``None`` when there is none."""
    if not os.path.isdir(DATA_DIR):  # a package installed as a zip file, say
        res = data_root() / name
        return read_text(res, name) if res.is_file() else None
    try:
        with open(os.path.join(DATA_DIR, name), "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogFileError(f"cannot read catalog file: {exc}",
                               location=Location(file=name)) from None
    return _decode(raw, name)


def read_text(res: Traversable | Path, name: str) -> str:
    try:
        raw = res.read_bytes()
    except OSError as exc:
        raise CatalogFileError(f"cannot read catalog file: {exc}",
                               location=Location(file=name)) from None
    return _decode(raw, name)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogFileError(f"not UTF-8 text (byte {exc.start})",
                               location=Location(file=name, line=line)) from None


def _int(value: str, what: str, file: str, line: int) -> int:
    if not (value.isascii() and value.isdigit()):
        raise CatalogFileError(f"{what} must be a year, got {value!r}",
                               location=Location(file=file, line=line))
    return int(value)


def read_sources(text: str, name: str = "sources.csv") -> dict[str, Source]:
    """Parse ``sources.csv``."""
    out: dict[str, Source] = {}
    kinds = {k.value: k for k in SourceKind}
    for line, (sid, kind, title, year, reference, note) in data_rows(text, name, SOURCE_FIELDS):
        if not sid or sid in out or kind not in kinds:
            loc = Location(file=name, line=line)
            if not sid:
                raise CatalogFileError("empty source id", location=loc)
            if sid in out:
                raise CatalogFileError(f"duplicate source id {sid!r}", location=loc)
            raise CatalogFileError(f"unknown source kind {kind!r}", location=loc)
        out[sid] = Source(sid, kinds[kind], title, _int(year, "year", name, line) if year else None,
                          reference, note)
    return out


def _scheme(value: str, name: str, line: int) -> str:
    try:
        return get_scheme(value).name
    except UnknownSchemeError as exc:
        raise CatalogFileError(exc.message, location=Location(file=name, line=line)) from None


def read_editions(text: str, name: str = "editions.csv") -> dict[tuple[str, int], EditionInfo]:
    """Parse ``editions.csv``."""
    out: dict[tuple[str, int], EditionInfo] = {}
    for line, (scheme_, year_, label, approximate, completeness, compiled) in data_rows(
            text, name, EDITION_FIELDS):
        loc = Location(file=name, line=line)
        scheme = _scheme(scheme_, name, line)
        year = _int(year_, "year", name, line)
        if completeness not in COMPLETENESS:
            raise CatalogFileError(f"completeness must be one of {', '.join(COMPLETENESS)}, "
                                   f"got {completeness!r}", location=loc)
        if (scheme, year) in out:
            raise CatalogFileError(f"duplicate edition {scheme} {year}", location=loc)
        if approximate not in ("true", "false"):
            raise CatalogFileError("approximate must be true or false", location=loc)
        out[(scheme, year)] = EditionInfo(scheme, year, label, approximate == "true",
                                          completeness, compiled)
    return out


LEAVE_ONE_OUT_FIELDS = ("citation", "file", "year", "scheme", "pairs", "same", "different",
                        "fragment", "missing", "historic_same", "historic_other", "evidence")
"""Columns of ``leave-one-out.csv`` (written by ``tools/leave_one_out.py``)."""


def read_leave_one_out(text: str, name: str = "leave-one-out.csv"
                       ) -> dict[tuple[str, int], LeaveOneOut]:
    """Parse ``leave-one-out.csv`` (one row per document and scheme) into one
    :class:`~govaccts.catalogs.evidence.LeaveOneOut` per (scheme, year)."""
    sums: dict[tuple[str, int], list[int]] = {}
    count_fields = LEAVE_ONE_OUT_FIELDS[4:-1]
    for line, cells in data_rows(text, name, LEAVE_ONE_OUT_FIELDS):
        scheme = _scheme(cells[3], name, line)
        counts = [_int(c, f, name, line)
                  for c, f in zip(cells[4:-1], count_fields, strict=True)]
        acc = sums.setdefault((scheme, _int(cells[2], "year", name, line)),
                              [0] * (1 + len(counts)))
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
    for line, cells in data_rows(text, name, HISTORIC_NAMES_FIELDS):
        out[(cells[0], _int(cells[1], "level", name, line))] = (
            _int(cells[3], "in_c2009", name, line), _int(cells[4], "same_name", name, line))
    return out


def read_rows(text: str, scheme: str, sources: dict[str, Source],
              name: str | None = None) -> tuple[CatalogRow, ...]:
    """Parse and check one scheme file: codes, ranges, cited sources, overlaps
    (:mod:`govaccts.catalogs.schemefile`)."""
    return tuple(read_scheme_rows(text, scheme, sources, name or f"{scheme}.csv"))


def build_catalog(info: EditionInfo, rows: Sequence[CatalogRow] | SchemeRows,
                  sources: dict[str, Source],
                  name: str, details: Sequence[DetailRow] = ()) -> Catalog:
    """The edition ``info.year`` of a scheme file's rows (and uncoded 明细), with each
    entry's status (:func:`~govaccts.catalogs.evidence.attests`)."""
    table = rows if isinstance(rows, SchemeRows) else SchemeRows.of(rows)
    year = info.year
    picked = table.valid_in(year)
    codes = table.codes
    if info.completeness == "complete":
        present = {codes[i] for i in picked}
        for i in picked:
            pc = parent_code(codes[i])
            if pc is not None and pc not in present:
                raise CatalogFileError(f"{codes[i]}: parent {pc} missing from complete edition "
                                       f"{info.scheme} {year}",
                                       location=Location(name, table.lines[i]))
    judged: dict[tuple[str, ...], tuple[tuple[Source, ...], Status]] = {}
    for ids in {table.sources[i] for i in picked}:
        cited = tuple(sources[s] for s in ids)
        judged[ids] = (cited, Status.VERIFIED if any(attests(s, year) for s in cited) else
                       Status.CARRIED if cited else Status.UNVERIFIED)
    names, aliases, notes, cited_ids = table.names, table.aliases, table.notes, table.sources
    return Catalog._of(info, ((codes[i], names[i], judged[cited_ids[i]], aliases[i], notes[i])
                              for i in picked), pick_details(details, year, sources, attests))


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
    from pathlib import Path

    from govaccts.io.delimited import read_delimited
    from govaccts.io.encodings import decode
    from govaccts.io.vocabulary import CODE_HEADERS, NAME_HEADERS

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
