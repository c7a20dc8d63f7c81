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
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import cattrs

from govaccts.amounts import Amount, parse_amount
from govaccts.catalogs.codes import join_code, scheme_of
from govaccts.errors import AmountError, InvalidCodeError, LedgerError, Location, ReportReadError
from govaccts.io.delimited import read_delimited
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
from govaccts.ledger.table import TOTAL, LedgerTable

NAME_COLUMNS = NAME_HEADERS + LABEL_HEADERS


def read_table(path: str | Path, *, scheme: str | None = None, year: int | None = None,
               unit: str | None = None, id: str | None = None, title: str = "",
               encoding: str | None = None, strict: bool = False) -> LedgerTable:
    """Read one ledger table from a CSV or TSV file (see the module docstring).

    ``scheme`` defaults to what the code column's name says (``EXP_FUNC_CODE`` →
    function), else the scheme the printed codes belong to (never a silent guess: codes
    of several schemes are a finding); ``year`` may come from a ``FISCAL_YEAR`` column.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise LedgerError(f"cannot read: {exc.strerror}", location=Location(file=str(p))) \
            from None
    return parse_table(decode(raw, str(p), encoding), name=str(p), scheme=scheme, year=year,
                       unit=unit, id=id or p.stem, title=title, strict=strict)


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


def parse_table(text: str, *, name: str = "<text>", scheme: str | None = None,
                year: int | None = None, unit: str | None = None, id: str = "table",
                title: str = "", strict: bool = False) -> LedgerTable:
    """Like :func:`read_table`, from text."""
    d = read_delimited(text, name, error=ReportReadError, header_names=KNOWN_HEADERS)
    header, rows = d.header, d.rows
    unit = unit or d.metadata.get("unit") or "万元"
    title = title or d.metadata.get("title", "")
    code_i = next((header.index(c) for c in CODE_HEADERS if c in header), None)
    if code_i is not None and scheme is None:
        scheme = scheme_of_header(header[code_i])
    split = [header.index(c) for c in SPLIT_HEADERS if c in header]
    name_i = next((header.index(c) for c in NAME_COLUMNS if c in header), None)
    if name_i is None:
        raise LedgerError(f"no name column (one of {', '.join(NAME_COLUMNS)})",
                          location=Location(file=name, line=1))
    text_i = {header.index(c) for c in TEXT_HEADERS if c in header}
    used = {name_i, *text_i, *split, *([code_i] if code_i is not None else [])}
    amount_cols = [h for i, h in enumerate(header) if i not in used]
    if not amount_cols:
        raise LedgerError("no amount column", location=Location(file=name, line=1))
    if "FISCAL_YEAR" in header:
        years = {cells[header.index("FISCAL_YEAR")] for _, cells in rows}
        if len(years) != 1 or not next(iter(years)).isdigit():
            raise LedgerError(f"FISCAL_YEAR must hold one year, found {sorted(years)}",
                              location=Location(file=name))
        fy = int(next(iter(years)))
        if year is not None and year != fy:
            raise LedgerError(f"FISCAL_YEAR {fy} differs from the year asked, {year}",
                              location=Location(file=name))
        year = fy
    built = []
    lines = []
    attributes = []
    for line, cells in rows:
        if code_i is not None:
            code = cells[code_i]
        elif split:
            try:
                code = join_code(*(cells[i] for i in split)) if any(cells[i] for i in split) \
                    else ""
            except InvalidCodeError as exc:
                raise LedgerError(str(exc), location=Location(file=name, line=line)) from None
        else:
            code = ""
        label = cells[name_i] or (TOTAL if not code else "")
        built.append((code, label, {h: cells[header.index(h)] for h in amount_cols}))
        lines.append(line or 0)
        attributes.append({header[i]: cells[i] for i in sorted(text_i)})
    return LedgerTable.build(id=id, title=title, columns=amount_cols, rows=built, unit=unit,
                             scheme=scheme or _scheme_of_codes(c for c, _, _ in built),
                             year=year, strict=strict, file=name, lines=lines,
                             attributes=attributes)


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

