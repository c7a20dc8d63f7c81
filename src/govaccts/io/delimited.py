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
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import attrs

from govaccts.errors import GovacctsError, Location
from govaccts.io.encodings import decode

__all__ = ["Delimited", "read_delimited", "read_delimited_file"]

_UNIT = re.compile(r"^(?:金额)?单位\s*[:：]\s*(亿元|万元|千元|元)\s*$")
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
        unit = _UNIT.match(text)
        kv = _KEY_VALUE.match(text)
        if unit:
            meta["unit"] = unit.group(1)
        elif kv and kv.group(1).strip() in _META_KEYS:
            meta[_META_KEYS[kv.group(1).strip()]] = kv.group(2).strip()
        elif "title" not in meta:
            meta["title"] = text
    return meta


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
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    wanted = frozenset(header_names or ())
    preamble: list[tuple[int, str]] = []
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[tuple[int, tuple[str, ...]]] = []
    try:
        end = reader.line_num
        for cells in reader:
            line, end = end + 1, reader.line_num
            if single_line and (line != end or any("\n" in c or "\r" in c for c in cells)):
                raise error(f"a field spans lines {line}–{end} (unbalanced quote?)",
                            location=Location(file=name, line=line))
            filled = [c.strip() for c in cells]
            if not any(filled):
                continue
            if header is None:
                is_header = (fields is not None or
                             (bool(wanted & set(filled)) if wanted else len(cells) > 1))
                if not is_header:
                    if sum(1 for c in filled if c) > 1:
                        raise error("a line before the header holds several cells: "
                                    "no header found" + (f" (expected one of "
                                                         f"{', '.join(sorted(wanted))})"
                                                         if wanted else ""),
                                    location=Location(file=name, line=line))
                    preamble.append((line, next(c for c in filled if c)))
                    continue
                header, header_line = tuple(filled) if strip else tuple(cells), line
                continue
            if len(cells) != len(header):
                raise error(f"expected {len(header)} fields, got {len(cells)} "
                            "(truncated or corrupt row?)", location=Location(file=name, line=line))
            rows.append((line, tuple(filled) if strip else tuple(cells)))
    except csv.Error as exc:
        raise error(f"malformed CSV: {exc}",
                    location=Location(file=name, line=reader.line_num)) from None
    if header is None:
        raise error("empty file (no header)", location=Location(file=name, line=1))
    if fields is not None and header != fields:
        raise error(f"header must be {','.join(fields)}, got {','.join(header)}",
                    location=Location(file=name, line=header_line))
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise error(f"column {', '.join(dupes)} appears twice in the header",
                    location=Location(file=name, line=header_line))
    return Delimited(name, header, tuple(rows), header_line, tuple(preamble),
                     MappingProxyType(_metadata(preamble)), delimiter)


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
