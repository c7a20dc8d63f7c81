"""Ledger tables to and from CSV/TSV and JSON.

CSV/TSV: a code column (``科目代码``, ``科目编码``, ``code`` or the budget-integration
names ``EXP_FUNC_CODE``, ``DEP_BGT_ECO_CODE``, ``GOV_BGT_ECO_CODE``) or three
columns ``类``/``款``/``项`` joined; a name column (``科目名称``, ``name``); text
columns kept as attributes (``行次``, ``区块``, ``FISCAL_YEAR`` …); every other
column is an amount column with its header as printed.  UTF-8 (with or without
BOM) and GBK are detected.

JSON keeps every cell as its printed text, so precision survives the round trip;
numbers (floats above all) are refused on input.

>>> import govaccts
>>> t = govaccts.example_report().table("公开05")
>>> table_from_json(table_to_json(t)) == t
True
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import cattrs

from govaccts.amounts import Amount, parse_amount
from govaccts.catalogs.codes import get_scheme, join_code, scheme_of
from govaccts.errors import AmountError, InvalidCodeError, LedgerError, Location, ReportReadError
from govaccts.io.delimited import stream_delimited
from govaccts.io.encodings import decode
from govaccts.io.vocabulary import (
    CODE_HEADERS,
    KNOWN_HEADERS,
    LABEL_HEADERS,
    NAME_HEADERS,
    SPLIT_HEADERS,
    TEXT_HEADERS,
    code_header,
    scheme_of_header,
)
from govaccts.ledger.builder import CHUNK, TableBuilder
from govaccts.ledger.rows import TOTAL, Problem
from govaccts.ledger.table import LedgerTable, raise_problems, resolve_catalog

NAME_COLUMNS = NAME_HEADERS + LABEL_HEADERS


def read_table(path: str | Path, *, scheme: str | None = None, year: int | None = None,
               unit: str | None = None, id: str | None = None, title: str = "",
               encoding: str | None = None, strict: bool = False) -> LedgerTable:
    """Read one ledger table from a CSV or TSV file (see the module docstring).

    ``scheme`` defaults to what the code column's name says (``EXP_FUNC_CODE`` →
    function), else the scheme the first rows' codes belong to (never a silent guess:
    codes of several schemes are a finding); ``year`` may come from a ``FISCAL_YEAR``
    column. The file is read as a stream, a chunk of rows at a time: its text is never held
    whole, only the table's columns.
    """
    p = Path(path)
    name = str(p)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise LedgerError(f"cannot read: {exc.strerror}", location=Location(file=name)) \
            from None
    with fh:
        for enc in ((encoding,) if encoding is not None else ("utf-8-sig", "gb18030")):
            fh.seek(0)
            try:
                text = io.TextIOWrapper(fh, encoding=enc, newline="")
            except LookupError:
                break
            try:
                return _read(text, name=name, scheme=scheme, year=year, unit=unit,
                             id=id or p.stem, title=title, strict=strict)
            except UnicodeDecodeError:
                continue
            finally:
                text.detach()
        decode(p.read_bytes(), name, encoding)  # says why the text cannot be decoded
    raise AssertionError("unreachable")  # pragma: no cover


def parse_table(text: str, *, name: str = "<text>", scheme: str | None = None,
                year: int | None = None, unit: str | None = None, id: str = "table",
                title: str = "", strict: bool = False) -> LedgerTable:
    """Like :func:`read_table`, from text."""
    return _read(io.StringIO(text, newline=""), name=name, scheme=scheme, year=year,
                 unit=unit, id=id, title=title, strict=strict)


def _read(lines: Iterable[str], *, name: str, scheme: str | None, year: int | None,
          unit: str | None, id: str, title: str, strict: bool) -> LedgerTable:
    """The table of a delimited file, read and built a chunk of rows at a time.

    Errors come in the order a whole-file read gives them: the reader's (a ragged or
    malformed row, wherever it is) first, then the header's, then the rows'.
    """
    d = stream_delimited(lines, name, error=ReportReadError, header_names=KNOWN_HEADERS)
    header = d.header
    unit = unit or d.metadata.get("unit") or "万元"
    title = title or d.metadata.get("title", "")
    code_i = next((header.index(c) for c in CODE_HEADERS if c in header), None)
    if code_i is not None and scheme is None:
        scheme = scheme_of_header(header[code_i])
    split = [header.index(c) for c in SPLIT_HEADERS if c in header]
    name_i = next((header.index(c) for c in NAME_COLUMNS if c in header), None)
    text_i = sorted({header.index(c) for c in TEXT_HEADERS if c in header})
    used = {*text_i, *split, *([code_i] if code_i is not None else []),
            *([name_i] if name_i is not None else [])}
    amount_i = [i for i in range(len(header)) if i not in used]
    late: list[LedgerError] = []  # raised once every row has been read
    if name_i is None:
        late.append(LedgerError(f"no name column (one of {', '.join(NAME_COLUMNS)})",
                                location=Location(file=name, line=1)))
    elif not amount_i:
        late.append(LedgerError("no amount column", location=Location(file=name, line=1)))
    if late:
        for _ in d.chunks(CHUNK):
            pass
        raise late[0]
    assert name_i is not None
    year_i = header.index("FISCAL_YEAR") if "FISCAL_YEAR" in header else None
    years: set[str] = set()
    builder: TableBuilder | None = None
    problems: list[Problem] = []
    catalog = None
    chunks = iter(d.chunks(CHUNK))
    ahead: list[tuple[list[int], list[list[str]]]] = []
    if scheme is None and (code_i is not None or split):
        # no scheme given or named by the header: the one the printed codes belong to
        # (read ahead to the first chunk with a code; several schemes: none, and the check
        # says so, rule table.structure)
        first = code_i if code_i is not None else split[0]
        for chunk in chunks:
            ahead.append(chunk)
            if any(c.strip() for c in chunk[1][first]):
                break
        scheme = _scheme_of_codes(c for _, cols in ahead for c in cols[first])
    for line_nos, cols in itertools.chain(ahead, chunks):
        if late:
            continue  # an error is certain: only read on, for the reader's errors
        if year_i is not None:
            years.update(cols[year_i])
            fy = _fiscal_year(years, year, name)
            if isinstance(fy, LedgerError):
                late.append(fy)
                continue
            year = fy
        if code_i is not None:
            codes: list[str] = cols[code_i]
        elif split:
            try:
                codes = [join_code(*parts) if any(parts) else ""
                         for parts in zip(*(cols[i] for i in split), strict=True)]
            except InvalidCodeError:
                late.append(_split_error(cols, split, line_nos, name))
                continue
        else:
            codes = [""] * len(line_nos)
        if builder is None:
            catalog = resolve_catalog(id, scheme, year, None, None, name, problems)
            builder = TableBuilder(id=id, columns=[header[i] for i in amount_i],
                                   scheme=get_scheme(scheme) if scheme else None,
                                   catalog=catalog, file=name,
                                   attr_names=[header[i] for i in text_i])
        labels = [nm or (TOTAL if not code else "")
                  for code, nm in zip(codes, cols[name_i], strict=True)]
        builder.add(codes, labels, [cols[i] for i in amount_i], lines=line_nos,
                    attr_values=[_interned(cols[i]) for i in text_i])
    if year_i is not None and not late:
        fy = _fiscal_year(years, year, name)
        if isinstance(fy, LedgerError):
            late.append(fy)
    if late:
        raise late[0]
    if builder is None:  # no rows
        catalog = resolve_catalog(id, scheme, year, None, None, name, problems)
        builder = TableBuilder(id=id, columns=[header[i] for i in amount_i], file=name,
                               attr_names=[header[i] for i in text_i])
    parts = builder.finish(problems)
    if strict:
        raise_problems(id, parts.problems)
    return LedgerTable._from_parts(parts, id=id, title=title, columns=builder.columns,
                                   unit=unit, scheme=scheme, year=year, catalog=catalog,
                                   problems=parts.problems, source=name)


def _scheme_of_codes(codes: Iterable[str]) -> str | None:
    """The one scheme the printed codes belong to; ``None`` when they belong to several (the
    check then says so, rule ``table.structure``) or to none."""
    found: set[str] = set()
    for c in codes:
        if not c or not c.strip():
            continue
        try:
            found.add(scheme_of(c))
        except InvalidCodeError:
            continue  # the build reports it, with its line
    return found.pop() if len(found) == 1 else None


def _fiscal_year(years: set[str], asked: int | None, name: str) -> int | LedgerError:
    """The one year a FISCAL_YEAR column holds, or the error to raise."""
    if len(years) != 1 or not next(iter(years)).isdigit():
        return LedgerError(f"FISCAL_YEAR must hold one year, found {sorted(years)}",
                           location=Location(file=name))
    fy = int(next(iter(years)))
    if asked is not None and asked != fy:
        return LedgerError(f"FISCAL_YEAR {fy} differs from the year asked, {asked}",
                           location=Location(file=name))
    return fy


def _split_error(cols: list[list[str]], split: list[int], lines: list[int],
                 name: str) -> LedgerError:
    """The error of the first row whose 类/款/项 columns do not join into a code."""
    for k, line in enumerate(lines):
        parts = [cols[i][k] for i in split]
        try:
            if any(parts):
                join_code(*parts)
        except InvalidCodeError as exc:
            return LedgerError(str(exc), location=Location(file=name, line=line))
    raise AssertionError("no split code error")  # pragma: no cover


def _interned(values: list[str]) -> list[str]:
    """The same texts, each distinct one held once (a FISCAL_YEAR on every row)."""
    seen: dict[str, str] = {}
    return [seen.setdefault(v, v) for v in values]


def table_to_csv(table: LedgerTable) -> str:
    """The table as CSV text (``<code header>,科目名称,<columns>``), cells as printed; the
    code header names the table's scheme (``功能分类科目编码`` …) so it reads back the same."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([code_header(table.scheme), "科目名称", *table.columns])
    for r in table.rows:
        cells = [r.get(c) for c in table.columns]
        w.writerow([r.code or "", r.label, *(a.text if a is not None else "" for a in cells)])
    return buf.getvalue()


_conv = cattrs.Converter()


def _amount_in(v: object, _: object) -> Amount:
    if not isinstance(v, str):
        raise AmountError(v, "amounts in JSON are strings as printed (never numbers: floats "
                             "are not converted)")
    return parse_amount(v)


_conv.register_unstructure_hook(Amount, lambda a: a.text)
_conv.register_structure_hook(Amount, _amount_in)


def table_to_dict(table: LedgerTable) -> dict[str, Any]:
    """A JSON-ready dict: metadata and rows, each cell its printed text."""
    return {
        "id": table.id, "title": table.title, "unit": table.unit.value, "scheme": table.scheme,
        "year": table.year, "columns": list(table.columns),
        "rows": [{"code": r.code, "label": r.label,
                  "cells": {c: _conv.unstructure(a) for c, a in r.cells},
                  **({"attributes": dict(r.attributes)} if r.attributes else {})}
                 for r in table.rows],
    }


def table_from_dict(d: dict[str, Any], *, strict: bool = True) -> LedgerTable:
    """Inverse of :func:`table_to_dict`; validated like any table (strict by default)."""
    try:
        rows = d["rows"]
        cells = [{c: _conv.structure(v, Amount) for c, v in r["cells"].items()} for r in rows]
        return LedgerTable.build(
            id=d["id"], title=d.get("title", ""), columns=d["columns"],
            rows=[(r.get("code") or "", r["label"], c) for r, c in zip(rows, cells, strict=True)],
            unit=d.get("unit", "万元"), scheme=d.get("scheme"), year=d.get("year"), strict=strict,
            attributes=[r.get("attributes", {}) for r in rows])
    except (KeyError, TypeError, AttributeError, cattrs.BaseValidationError) as exc:
        raise LedgerError(f"not a govaccts table: {exc!r}") from None


def table_to_json(table: LedgerTable) -> str:
    """JSON text of :func:`table_to_dict`."""
    return json.dumps(table_to_dict(table), ensure_ascii=False, indent=1)


def table_from_json(text: str, *, strict: bool = True) -> LedgerTable:
    """Parse :func:`table_to_json` output; a float amount raises :class:`~govaccts.AmountError`."""
    try:
        data = json.loads(text, parse_float=_no_float)
    except json.JSONDecodeError as exc:
        raise LedgerError(f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise LedgerError("a table is a JSON object")
    return table_from_dict(data, strict=strict)


def _no_float(text: str) -> object:
    raise AmountError(text, "a JSON number: amounts are strings as printed, floats are refused")

