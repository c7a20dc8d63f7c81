"""The one CSV/TSV reader of govaccts: catalog files, report folders and single tables.

It decodes (UTF-8, BOM, GBK: :mod:`govaccts.io.encodings`), finds the delimiter, reads
*preamble* lines before the header as metadata (a title line, ``单位：万元``,
``编制单位：…``), and returns the header and every non-blank row with its line number.
A ragged row, a duplicate header, a field spanning lines where that is not allowed, or
a malformed file is an error of the caller's class naming file and line.

>>> d = read_delimited("一般公共预算支出表\\n单位：万元\\n科目编码,科目名称,合计\\n201,一般公共服务支出,3.00\\n",
...                    "t.csv", header_names=("科目编码",))
>>> d.header, d.rows, d.metadata["unit"], d.metadata["title"]
(('科目编码', '科目名称', '合计'), ((4, ('201', '一般公共服务支出', '3.00')),), '万元', '一般公共预算支出表')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType

import attrs

from govaccts.errors import GovacctsError, Location
from govaccts.io.encodings import decode
from govaccts.io.vocabulary import UNIT_LINE

__all__ = ["Delimited", "DelimitedStream", "read_delimited", "read_delimited_file",
           "stream_delimited"]

_KEY_VALUE = re.compile(r"^([^:：]{1,12})\s*[:：]\s*(.+)$")
_META_KEYS = MappingProxyType({"编制单位": "department", "单位名称": "department",
                               "部门": "department", "年度": "year"})


@attrs.frozen
class Delimited:
    """A delimited file as read: header, rows with their line numbers, preamble metadata."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header_line: int = 1
    preamble: tuple[tuple[int, str], ...] = ()
    metadata: Mapping[str, str] = attrs.field(factory=dict)
    delimiter: str = ","

    def records(self) -> Iterable[tuple[int, dict[str, str]]]:
        """Rows as ``{header: cell}`` dicts with their line numbers."""
        for line, cells in self.rows:
            yield line, dict(zip(self.header, cells, strict=True))


def _metadata(preamble: list[tuple[int, str]]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for _, text in preamble:
        unit = UNIT_LINE.fullmatch(text.strip())
        kv = _KEY_VALUE.match(text)
        if unit:
            meta["unit"] = unit.group(1)
        elif kv and kv.group(1).strip() in _META_KEYS:
            meta[_META_KEYS[kv.group(1).strip()]] = kv.group(2).strip()
        elif "title" not in meta:
            meta["title"] = text
    return meta


class _Scanner:
    """The one loop over a delimited file's records: preamble, header, rows, errors."""

    def __init__(self, lines: Iterable[str], name: str, delimiter: str,
                 error: type[GovacctsError], fields: tuple[str, ...] | None,
                 header_names: Iterable[str] | None, single_line: bool, strip: bool) -> None:
        self.reader = csv.reader(lines, delimiter=delimiter)
        self.name, self.error, self.fields = name, error, fields
        self.wanted = frozenset(header_names or ())
        self.single_line, self.strip = single_line, strip
        self.preamble: list[tuple[int, str]] = []
        self.header: tuple[str, ...] | None = None
        self.header_line = 0
        self.records = self._records()

    def _records(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """Every non-blank row after the header; the header and preamble are kept."""
        reader, name, error = self.reader, self.name, self.error
        fields, wanted, strip = self.fields, self.wanted, self.strip
        try:
            end = reader.line_num
            for cells in reader:
                line, end = end + 1, reader.line_num
                joined = "\x1f".join(cells)  # one string to look at, not a cell at a time
                if self.single_line and (line != end or "\n" in joined or "\r" in joined):
                    raise error(f"a field spans lines {line}–{end} (unbalanced quote?)",
                                location=Location(file=name, line=line))
                if not joined.replace("\x1f", "").strip():
                    continue  # a blank row
                if self.header is not None:
                    if len(cells) != len(self.header):
                        raise error(f"expected {len(self.header)} fields, got {len(cells)} "
                                    "(truncated or corrupt row?)",
                                    location=Location(file=name, line=line))
                    yield line, tuple(c.strip() for c in cells) if strip else tuple(cells)
                    continue
                filled = [c.strip() for c in cells]
                is_header = (fields is not None or
                             (bool(wanted & set(filled)) if wanted else len(cells) > 1))
                if not is_header:
                    if sum(1 for c in filled if c) > 1:
                        raise error("a line before the header holds several cells: "
                                    "no header found" + (f" (expected one of "
                                                         f"{', '.join(sorted(wanted))})"
                                                         if wanted else ""),
                                    location=Location(file=name, line=line))
                    self.preamble.append((line, next(c for c in filled if c)))
                    continue
                self.header, self.header_line = (tuple(filled) if strip else tuple(cells),
                                                 line)
                yield line, ()  # the header: read_header stops here
        except csv.Error as exc:
            raise error(f"malformed CSV: {exc}",
                        location=Location(file=name, line=reader.line_num)) from None

    def read_header(self) -> None:
        """Read up to the header (nothing at all when there is none)."""
        for _ in self.records:
            return

    def check_header(self) -> tuple[str, ...]:
        """The header, after the checks every file gets (present, as required, unique)."""
        name, error, header = self.name, self.error, self.header
        if header is None:
            raise error("empty file (no header)", location=Location(file=name, line=1))
        if self.fields is not None and header != self.fields:
            raise error(f"header must be {','.join(self.fields)}, got {','.join(header)}",
                        location=Location(file=name, line=self.header_line))
        dupes = sorted({h for h in header if h and header.count(h) > 1})
        if dupes:
            raise error(f"column {', '.join(dupes)} appears twice in the header",
                        location=Location(file=name, line=self.header_line))
        return header


def _delimiter(first: str) -> str:
    return "\t" if "\t" in first and "," not in first else ","


def read_delimited(text: str, name: str, *, error: type[GovacctsError] = GovacctsError,
                   fields: tuple[str, ...] | None = None,
                   header_names: Iterable[str] | None = None,
                   single_line: bool = False, strip: bool = True) -> Delimited:
    """Read CSV or TSV ``text`` (``name`` for locations).

    ``fields``: the exact header the file must have (catalog data files). Otherwise the
    header is the first row holding one of ``header_names`` (when given), else the first
    row of two or more cells; lines before it are preamble, each of one cell only.
    ``single_line``: a quoted field may not span lines (data files are one row a line).
    ``strip``: cells lose surrounding spaces (off for data files, whose validators report
    padding). With ``fields`` a byte-order mark is part of the header, hence an error.
    """
    if fields is None:
        text = text.removeprefix("\ufeff")
    first = next((ln for ln in text.split("\n") if ln.count(",") or ln.count("\t")), "")
    delimiter = _delimiter(first)
    scan = _Scanner(io.StringIO(text, newline=""), name, delimiter, error, fields,
                    header_names, single_line, strip)
    rows = [row for row in scan.records if row[1]]  # () marks the header
    header = scan.check_header()
    return Delimited(name, header, tuple(rows), scan.header_line, tuple(scan.preamble),
                     MappingProxyType(_metadata(scan.preamble)), delimiter)


class DelimitedStream:
    """A delimited file being read: header, preamble and metadata known; the rows read
    as they are asked for, one at a time (:meth:`rows`) or a chunk of columns at a time
    (:meth:`chunks`) — one or the other (see :func:`stream_delimited`)."""

    def __init__(self, scan: _Scanner, delimiter: str) -> None:
        self._scan = scan
        self.name = scan.name
        try:
            self.header = scan.check_header()
        except GovacctsError:
            for _ in scan.records:  # a malformed row anywhere is reported first, as ever
                pass
            raise
        self.header_line = scan.header_line
        self.preamble = tuple(scan.preamble)
        self.metadata: Mapping[str, str] = MappingProxyType(_metadata(scan.preamble))
        self.delimiter = delimiter

    def __repr__(self) -> str:
        return f"<DelimitedStream {self.name}: {', '.join(self.header)}>"

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """The rows not read yet, as ``(line, cells)``, cells stripped."""
        return self._scan.records

    def chunks(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """The rows not read yet, ``size`` at a time, as ``(lines, columns)``: the cells
        of each column stripped, blank rows left out, a ragged row an error.  No object
        is made per row beyond what :mod:`csv` makes."""
        scan = self._scan
        reader, name, error = scan.reader, scan.name, scan.error
        width = len(self.header)
        try:
            while True:
                lines: list[int] = []
                rows: list[list[str]] = []
                end = reader.line_num
                for cells in reader:
                    line, end = end + 1, reader.line_num
                    if len(cells) != width:
                        if not any(c.strip() for c in cells):
                            continue
                        raise error(f"expected {width} fields, got {len(cells)} "
                                    "(truncated or corrupt row?)",
                                    location=Location(file=name, line=line))
                    lines.append(line)
                    rows.append(cells)
                    if len(rows) == size:
                        break
                if not rows:
                    return
                cols = [list(map(str.strip, map(itemgetter(i), rows))) for i in range(width)]
                if width and "" in cols[0]:  # a row all blank is skipped, as ever
                    blank = {k for k, v in enumerate(cols[0])
                             if not v and not any(col[k] for col in cols)}
                    if blank:
                        keep = [k for k in range(len(rows)) if k not in blank]
                        cols = [[col[k] for k in keep] for col in cols]
                        lines = [lines[k] for k in keep]
                if lines:
                    yield lines, cols
        except csv.Error as exc:
            raise error(f"malformed CSV: {exc}",
                        location=Location(file=name, line=reader.line_num)) from None


def stream_delimited(lines: Iterable[str], name: str, *,
                     error: type[GovacctsError] = GovacctsError,
                     header_names: Iterable[str] | None = None,
                     delimiter: str | None = None) -> DelimitedStream:
    """:func:`read_delimited` without holding the text: ``lines`` (a text file opened with
    ``newline=""``, or any iterable of lines) are read up to the header now, the rows as
    they are asked for; the same rules, errors and metadata.

    >>> d = stream_delimited(["单位：万元\\n", "科目编码,科目名称,合计\\n", "201,一般公共服务支出,3.00\\n"],
    ...                      "t.csv", header_names=("科目编码",))
    >>> d.header, d.metadata["unit"], list(d.rows())
    (('科目编码', '科目名称', '合计'), '万元', [(3, ('201', '一般公共服务支出', '3.00'))])
    """
    it = iter(lines)
    head: list[str] = []
    if delimiter is None:  # as read_delimited: the first "\n"-line with a comma or tab
        segment = ""
        for ln in it:
            head.append(ln)
            segment += ln
            if ln.endswith("\n") or "\n" in ln:
                if segment.count(",") or segment.count("\t"):
                    break
                segment = ""
        else:
            segment = segment if (segment.count(",") or segment.count("\t")) else ""
        delimiter = _delimiter(segment)
    if head:
        head[0] = head[0].removeprefix("\ufeff")
        source: Iterable[str] = chain(head, it)
    else:
        source = _without_bom(it)
    scan = _Scanner(source, name, delimiter, error, None, header_names, False, True)
    scan.read_header()
    return DelimitedStream(scan, delimiter)


def _without_bom(lines: Iterator[str]) -> Iterator[str]:
    for i, ln in enumerate(lines):
        yield ln.removeprefix("\ufeff") if i == 0 else ln


def read_delimited_file(path: str | Path, *, encoding: str | None = None,
                        error: type[GovacctsError] = GovacctsError,
                        fields: tuple[str, ...] | None = None,
                        header_names: Iterable[str] | None = None,
                        single_line: bool = False, name: str | None = None) -> Delimited:
    """:func:`read_delimited` on a file, decoded (UTF-8, BOM, GBK; or ``encoding``)."""
    p = Path(path)
    shown = name or str(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", location=Location(file=shown)) from None
    return read_delimited(decode(raw, shown, encoding, error), shown, error=error,
                          fields=fields, header_names=header_names, single_line=single_line)
