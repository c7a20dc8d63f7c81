"""Exact Arrow tables for catalogs and findings (``pip install 'govaccts[arrow]'``): a
catalog with each code's validity range, findings with each Decimal's exponent.

>>> import govaccts
>>> at = findings_to_arrow(govaccts.check(govaccts.example_report(), rules=["sum."]))
>>> findings_from_arrow(at) == govaccts.check(govaccts.example_report(), rules=["sum."])
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from govaccts.catalogs.codes import level_of
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.errors import Location
from govaccts.interchange.arrow import _CTX, _decimal_array, _pa, _places

__all__ = ["FINDINGS_SCALE", "catalog_to_arrow", "findings_from_arrow", "findings_to_arrow"]


def _valid_range(cat: Catalog, code: str, name: str, others: Mapping[int, Catalog]) -> tuple[int, int]:
    lo = hi = cat.year
    while (lo - 1) in others and _named(others[lo - 1], code, name):
        lo -= 1
    while (hi + 1) in others and _named(others[hi + 1], code, name):
        hi += 1
    return lo, hi


def _named(cat: Catalog, code: str, name: str) -> bool:
    e = cat.get(code)
    return e is not None and e.name == name


def catalog_to_arrow(cat: Catalog, *, store: CatalogStore | None = None) -> Any:
    """One Arrow row per entry: code, parent, level, name, status, valid_from, valid_to.

    ``valid_from``/``valid_to`` are the run of consecutive fiscal years around the
    catalog's year in which ``store``'s editions (the default store's unless given)
    give the code this same name; the catalog's own year is always in it.  The
    schema's metadata holds the scheme, year and label.

    >>> import govaccts
    >>> at = catalog_to_arrow(govaccts.catalog("function", 2023))
    >>> row = next(r for r in at.to_pylist() if r["code"] == "2013101")
    >>> row["parent"], row["level"], row["name"], row["status"], row["valid_from"] <= 2023
    ('20131', 3, '行政运行', 'verified', True)
    """
    pa = _pa()
    store = store or default_store()
    others: dict[int, Catalog] = {}
    for y in store.editions(cat.scheme):
        if y != cat.year:
            other = store.get(cat.scheme, y)
            if other is not None:
                others[y] = other
    entries = cat.entries()
    ranges = [_valid_range(cat, e.code, e.name, others) for e in entries]
    schema = pa.schema([pa.field("code", pa.string(), False), pa.field("parent", pa.string()),
                        pa.field("level", pa.int8(), False), pa.field("name", pa.string(), False),
                        pa.field("status", pa.string(), False),
                        pa.field("valid_from", pa.int16(), False),
                        pa.field("valid_to", pa.int16(), False)],
                       metadata={"govaccts.format": "govaccts.catalog/1",
                                 "govaccts.scheme": cat.scheme, "govaccts.year": str(cat.year),
                                 "govaccts.label": cat.info.label})
    return pa.Table.from_pydict({
        "code": [e.code for e in entries], "parent": [e.parent_code for e in entries],
        "level": [level_of(e.code) for e in entries], "name": [e.name for e in entries],
        "status": [e.status.value for e in entries], "valid_from": [r[0] for r in ranges],
        "valid_to": [r[1] for r in ranges]}, schema=schema)


# -- findings -----------------------------------------------------------------------------
_AMOUNT_FIELDS = ("reported", "computed", "difference", "tolerance")
_EXPONENT = "__exponent"


FINDINGS_SCALE = 10
"""The scale of a findings table's amounts, unless a value needs more places: one scale
for every report, so that tables of many reports concatenate as they are."""


def _finding_schema(pa: Any, types: Mapping[str, Any], source: bool) -> Any:
    loc = pa.struct([("file", pa.string()), ("line", pa.int32()), ("table", pa.string()),
                     ("row", pa.string()), ("column", pa.string()), ("page", pa.int32())])
    cell = pa.struct([("table", pa.string()), ("row", pa.string()), ("column", pa.string()),
                      ("text", pa.string())])
    fields = [pa.field("source", pa.string())] if source else []
    fields += [pa.field("rule", pa.string(), False), pa.field("severity", pa.string(), False),
               pa.field("table", pa.string()), pa.field("row", pa.string()),
               pa.field("column", pa.string())]
    for f in _AMOUNT_FIELDS:
        fields += [pa.field(f, types[f]), pa.field(f + _EXPONENT, pa.int8())]
    fields += [pa.field("mode", pa.string()), pa.field("message_zh", pa.string(), False),
               pa.field("message_en", pa.string(), False), pa.field("detail", pa.string(), False),
               pa.field("strict", pa.bool_()), pa.field("cause", pa.string(), False),
               pa.field("cells", pa.list_(cell)), pa.field("location", loc)]
    return pa.schema(fields, metadata={"govaccts.format": "govaccts.findings/1"})


def findings_to_arrow(findings: Iterable[Finding], *, source: str | None = None) -> Any:
    """One Arrow row per finding; amounts are decimal128 with their exponent beside them.

    Amounts are ``decimal128(38, 10)`` (more places, or decimal256, only when a value
    needs them), so tables of many reports concatenate as they are; with ``source``, a
    first column names where the findings come from (``pyarrow.concat_tables``).
    Exact: :func:`findings_from_arrow` gives the findings back, each Decimal as it was.
    """
    pa = _pa()
    fs = list(findings)
    cols: dict[str, Any] = {}
    if source is not None:
        cols["source"] = [source] * len(fs)
    cols |= {"rule": [f.rule for f in fs], "severity": [f.severity.value for f in fs],
             "table": [f.table for f in fs], "row": [f.row for f in fs],
             "column": [f.column for f in fs]}
    types = {}
    for name in _AMOUNT_FIELDS:
        vals = [getattr(f, name) for f in fs]
        scale = max([FINDINGS_SCALE, *(_places(v) for v in vals if v is not None)])
        arr = _decimal_array(pa, vals, scale, f"findings: {name}")
        types[name] = arr.type
        cols[name] = arr
        cols[name + _EXPONENT] = [None if v is None else v.as_tuple().exponent for v in vals]
    cols |= {"mode": [f.mode for f in fs], "message_zh": [f.message_zh for f in fs],
             "message_en": [f.message_en for f in fs], "detail": [f.detail for f in fs],
             "strict": [f.strict for f in fs], "cause": [f.cause for f in fs],
             "cells": [[attrs.asdict(c) for c in f.cells] if f.cells else None for f in fs],
             "location": [attrs.asdict(f.location) if f.location is not None else None
                          for f in fs]}
    return pa.Table.from_pydict(cols, schema=_finding_schema(pa, types, source is not None))


def findings_from_arrow(at: Any) -> list[Finding]:
    """The findings of :func:`findings_to_arrow`, exactly (the ``source`` column is dropped)."""
    out = []
    for rec in at.to_pylist():
        amounts = {}
        for name in _AMOUNT_FIELDS:
            v, e = rec[name], rec[name + _EXPONENT]
            amounts[name] = None if v is None else _CTX.quantize(v, Decimal((0, (1,), e)))
        cells = tuple(CellRef(**c) for c in rec["cells"] or ())
        loc = rec["location"]
        out.append(Finding(rule=rec["rule"], severity=Severity(rec["severity"]),
                           message_zh=rec["message_zh"], message_en=rec["message_en"],
                           table=rec["table"], row=rec["row"], column=rec["column"],
                           mode=rec["mode"], cells=cells,
                           location=Location(**loc) if loc is not None else None,
                           detail=rec["detail"], strict=rec["strict"], cause=rec["cause"],
                           reported=amounts["reported"], computed=amounts["computed"],
                           difference=amounts["difference"], tolerance=amounts["tolerance"]))
    return out
