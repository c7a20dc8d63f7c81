"""Exact Arrow tables for ledgers (catalogs and findings: :mod:`govaccts.interchange.arrow_tables`) (``pip install 'govaccts[arrow]'``).

Amounts are ``decimal128(38, scale)`` columns — never float — and every cell comes
back exactly as printed: its value, its printed decimals, its text, and whether it
was blank (``—``) or absent.  A ledger is one Arrow row per printed row:

===================  ==========================  =========================================
column               type                        holds
===================  ==========================  =========================================
``code``             string                      the row's code (null for a labelled row)
``label``            string                      the printed label
``line``             int32                       the source line (null when unknown)
``attributes``       map<string, string>         non-amount columns (行次 …), or null
``C``                decimal128(38, s)           each amount column ``C``: the value, null
                                                 when blank or absent; ``s`` is the most
                                                 decimals printed in the column
``C__decimals``      int8                        printed decimals; null when absent
``C__text``          string                      the printed text; null when absent
===================  ==========================  =========================================

A blank cell has a null value and non-null decimals (``0.00`` has value 0); an absent
cell has all three null.  A column whose values need more than 38 digits at its scale
is ``decimal256(76, s)``.  Fields carry ``govaccts.column``/``govaccts.role`` metadata
and the schema the table's id, title, unit, scheme, year, source and build problems,
so :func:`from_arrow` rebuilds an equal :class:`~govaccts.LedgerTable`.

>>> import govaccts
>>> t = govaccts.example_report().table("公开05")
>>> at = to_arrow(t)
>>> at.schema.field("小计").type, at.num_rows == len(t)
(Decimal128Type(decimal128(38, 2)), True)
>>> from_arrow(at) == t
True
>>> rollup_arrow(at).to_pylist()[0]          # computed from the leaves; 540.44 printed
{'key': '合计', 'level': 0, '小计': Decimal('540.45'), '基本支出': Decimal('425.45'), '项目支出': Decimal('115.00')}
>>> rollup_values(rollup_arrow(at)) == t.rollup().computed
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from decimal import Context, Decimal
from typing import Any

import attrs

from govaccts.amounts import Amount
from govaccts.catalogs.codes import get_scheme, scheme_of
from govaccts.catalogs.entries import Catalog
from govaccts.errors import GovacctsError, LedgerError, Location
from govaccts.interchange import require
from govaccts.ledger.table import TOTAL_LABELS, LedgerTable, Problem, Row, label_key

__all__ = ["LEDGER_FORMAT", "from_arrow", "read_csv_arrow", "rollup_arrow", "rollup_values",
           "to_arrow", "total_label"]

LEDGER_FORMAT = "govaccts.ledger/1"
"""The ``govaccts.format`` schema metadata of a ledger table."""

DECIMALS = "__decimals"
TEXT = "__text"
"""Suffixes of a column's companions (its printed decimals and text)."""

_KEYS = ("code", "label", "line", "attributes")
_CTX = Context(prec=200)
_EXP = [Decimal((0, (1,), -d)) for d in range(0, 80)]


def _pa() -> Any:
    return require("pyarrow", "arrow")


# -- ledgers -----------------------------------------------------------------------------
def _decimal_array(pa: Any, values: list[Decimal | None], scale: int, what: str) -> Any:
    """``values`` as decimal128(38, scale), decimal256(76, scale) when wider; exact."""
    for precision, typ in ((38, pa.decimal128), (76, pa.decimal256)):
        try:
            return pa.array(values, type=typ(precision, scale))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            continue
    raise LedgerError(f"{what}: a value does not fit 76 digits at scale {scale}")


def _places(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def to_arrow(table: LedgerTable) -> Any:
    """The table as a ``pyarrow.Table`` (see the module docstring), exact.

    Raises :class:`~govaccts.LedgerError` for a row whose cells are not in the
    table's column order, repeat a column or name one the table does not have (no
    table built by :meth:`LedgerTable.build` has such a row).
    """
    pa = _pa()
    columns = table.columns
    pos = {c: i for i, c in enumerate(columns)}
    n = len(table.rows)
    values: list[list[Decimal | None]] = [[None] * n for _ in columns]
    decimals: list[list[int | None]] = [[None] * n for _ in columns]
    texts: list[list[str | None]] = [[None] * n for _ in columns]
    codes: list[str | None] = []
    labels: list[str] = []
    lines: list[int | None] = []
    attributes: list[list[tuple[str, str]] | None] = []
    for i, r in enumerate(table.rows):
        codes.append(r.code)
        labels.append(r.label)
        lines.append(r.line)
        attributes.append(list(r.attributes) if r.attributes else None)
        last = -1
        for c, a in r.cells:
            j = pos.get(c, -1)
            if j <= last:
                raise LedgerError(f"table {table.id} row {r.key}: cell {c!r} is not in the "
                                  f"table's column order {list(columns)}")
            last = j
            values[j][i] = a.value
            decimals[j][i] = a.decimals
            texts[j][i] = a.text
    fields: list[Any] = [
        pa.field("code", pa.string()), pa.field("label", pa.string(), nullable=False),
        pa.field("line", pa.int32()), pa.field("attributes", pa.map_(pa.string(), pa.string()))]
    arrays: list[Any] = [pa.array(codes, pa.string()), pa.array(labels, pa.string()),
                         pa.array(lines, pa.int32()),
                         pa.array(attributes, pa.map_(pa.string(), pa.string()))]
    for j, c in enumerate(columns):
        scale = max((d for d in decimals[j] if d is not None), default=0)
        try:
            arr = _decimal_array(pa, values[j], scale, f"table {table.id} column {c}")
        except LedgerError:  # a value with more places than printed: widen the scale
            scale = max([scale, *(_places(v) for v in values[j] if v is not None)])
            arr = _decimal_array(pa, values[j], scale, f"table {table.id} column {c}")
        meta = {"govaccts.column": c}
        fields += [pa.field(c, arr.type, metadata={**meta, "govaccts.role": "value"}),
                   pa.field(c + DECIMALS, pa.int8(), metadata={**meta, "govaccts.role": "decimals"}),
                   pa.field(c + TEXT, pa.string(), metadata={**meta, "govaccts.role": "text"})]
        arrays += [arr, pa.array(decimals[j], pa.int8()), pa.array(texts[j], pa.string())]
    info = {"id": table.id, "title": table.title, "columns": list(columns),
            "unit": table.unit.value, "scheme": table.scheme, "year": table.year,
            "source": table.source,
            "problems": [{"kind": p.kind.value, "message": p.message,
                          "location": attrs.asdict(p.location)} for p in table.problems]}
    schema = pa.schema(fields, metadata={"govaccts.format": LEDGER_FORMAT,
                                         "govaccts.table": json.dumps(info, ensure_ascii=False)})
    return pa.Table.from_arrays(arrays, schema=schema)


def _table_info(at: Any) -> dict[str, Any]:
    meta = at.schema.metadata or {}
    raw = meta.get(b"govaccts.table")
    return dict(json.loads(raw.decode("utf-8"))) if raw else {}


def _value_columns(at: Any) -> list[str]:
    """The ledger's amount columns: by field metadata, else every decimal column."""
    pa = _pa()
    out = []
    for f in at.schema:
        meta = f.metadata or {}
        role = meta.get(b"govaccts.role")
        if role == b"value" or (role is None and f.name not in _KEYS
                                and pa.types.is_decimal(f.type)):
            out.append(meta.get(b"govaccts.column", f.name.encode()).decode("utf-8"))
    return out


def _companion(at: Any, column: str, suffix: str) -> list[Any] | None:
    name = column + suffix
    return at.column(name).to_pylist() if name in at.schema.names else None


def _canonical(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def from_arrow(at: Any, *, catalog: Catalog | None = None) -> LedgerTable:
    """Rebuild the :class:`~govaccts.LedgerTable` that :func:`to_arrow` gave ``at``.

    A table without govaccts metadata (read back from a database, say) is read as
    well: its amount columns are its decimal columns, a missing ``__decimals``
    companion means every non-null value is printed to the column's scale and a
    missing ``__text`` its plain rendering.  ``catalog`` is attached to the result.
    """
    info = _table_info(at)
    columns: list[str] = list(info.get("columns") or _value_columns(at))
    n = at.num_rows
    names = at.schema.names
    codes = at.column("code").to_pylist() if "code" in names else [None] * n
    labels = at.column("label").to_pylist() if "label" in names else [""] * n
    lines = at.column("line").to_pylist() if "line" in names else [None] * n
    attributes = at.column("attributes").to_pylist() if "attributes" in names else [None] * n
    per_column: list[tuple[str, int, list[Any], list[Any], list[Any] | None]] = []
    for c in columns:
        col = at.column(c)
        scale = col.type.scale
        vals = col.to_pylist()
        decs = _companion(at, c, DECIMALS)
        if decs is None:
            decs = [scale if v is not None else None for v in vals]
        per_column.append((c, scale, vals, decs, _companion(at, c, TEXT)))
    quantize, exps = _CTX.quantize, _EXP
    rows: list[Row] = []
    for i in range(n):
        cells: list[tuple[str, Amount]] = []
        for c, scale, vals, decs, texts in per_column:
            d = decs[i]
            if d is None:
                continue
            v = vals[i]
            if d != scale and v is not None:  # Arrow gives the column's scale: print's back
                q = quantize(v, exps[d])
                if q == v:
                    v = q
            t = texts[i] if texts is not None else None
            cells.append((c, Amount(v, d, t if t is not None else _canonical(v))))
        attr = attributes[i]
        rows.append(Row(codes[i], labels[i] or "", tuple(cells), lines[i],
                        tuple(attr) if attr else ()))
    problems = [Problem(p["kind"], p["message"], Location(**p["location"]))
                for p in info.get("problems", ())]
    return LedgerTable(id=info.get("id", "arrow"), title=info.get("title", ""), columns=columns,
                       rows=rows, unit=info.get("unit", "万元"), scheme=info.get("scheme"),
                       year=info.get("year"), catalog=catalog, problems=problems,
                       source=info.get("source"))


# -- the bulk path: CSV text straight to decimal128 ---------------------------------------
def read_csv_arrow(path: str | os.PathLike[str], **options: Any) -> Any:
    """:func:`govaccts.interchange.arrow_csv.read_csv_arrow` (the CSV bulk path)."""
    from govaccts.interchange.arrow_csv import read_csv_arrow as read

    return read(path, **options)


def _lengths(scheme: str | None, codes: Sequence[str]) -> tuple[int, ...]:
    if scheme:
        return tuple(get_scheme(scheme).lengths)
    for c in codes:
        try:
            return tuple(get_scheme(scheme_of(c)).lengths)
        except GovacctsError:
            continue
    return ()


def total_label(at: Any) -> str | None:
    """The key of the ledger's grand-total row (合计 or 总计), as :meth:`LedgerTable.rollup`."""
    pc = require("pyarrow.compute", "arrow")
    labels = pc.filter(at.column("label"), pc.is_null(at.column("code")))
    keys = {label_key(x or "") for x in labels.to_pylist()}
    return next((t for t in TOTAL_LABELS if t in keys), None)


def rollup_arrow(at: Any, *, lengths: Sequence[int] | None = None) -> Any:
    """:meth:`LedgerTable.rollup` in Arrow compute: every parent summed from its leaves.

    ``at`` is a ledger in the layout of :func:`to_arrow`.  Returns a table ``key``
    (code, or 合计/总计 for the total), ``level`` (0 for the total, 1 for a 类 …) and one
    decimal column per amount column, null where no leaf below has that cell;
    ``computed[(key, column)]`` of the roll-up is exactly each non-null value.
    ``lengths`` are the code lengths of the levels (default: the scheme's).
    """
    pa = _pa()
    pc = require("pyarrow.compute", "arrow")
    info = _table_info(at)
    columns: list[str] = list(info.get("columns") or _value_columns(at))
    codes = at.column("code")
    lens = tuple(lengths) if lengths is not None else _lengths(
        info.get("scheme"), pc.drop_null(codes).slice(0, 1).to_pylist())
    code_len = pc.utf8_length(codes)
    prefixes = pa.chunked_array(
        [pc.filter(pc.utf8_slice_codeunits(codes, 0, n), pc.greater(code_len, n)).combine_chunks()
         for n in lens[:-1]], pa.string()) if len(lens) > 1 else pa.chunked_array([], pa.string())
    prefixes = pc.unique(prefixes)
    is_parent = pc.is_in(codes, value_set=prefixes)  # printed with a printed code below
    parents = pc.unique(pc.filter(codes, is_parent))
    is_leaf = pc.and_(pc.is_valid(codes), pc.invert(is_parent))
    names = at.schema.names
    leaves = at.select(["code", *columns, *(c + DECIMALS for c in columns
                                            if c + DECIMALS in names)]).filter(is_leaf)
    data = {}
    for c in columns:
        v = leaves.column(c)
        if c + DECIMALS in names:  # blank counts as 0, absent not at all
            blank = pc.and_(pc.is_null(v), pc.is_valid(leaves.column(c + DECIMALS)))
            if pc.any(blank).as_py():
                v = pc.if_else(blank, pa.scalar(Decimal(0), v.type), v)
        data[c] = v
    # one pass over the leaves, by their deepest parent prefix; the levels above are sums
    # of that small table (a sum is null only where no leaf has the cell, as in Python)
    deep = lens[-2] if len(lens) > 1 else 0
    small = pa.table({"key": pc.utf8_slice_codeunits(leaves.column("code"), 0, deep), **data}
                     ).group_by("key").aggregate([(c, "sum") for c in columns])
    small = small.rename_columns(["key" if n == "key" else n.removesuffix("_sum")
                                  for n in small.column_names])
    small_len = pc.utf8_length(small.column("key"))
    parts = []
    for level, n in enumerate(lens[:-1], start=1):
        key = pc.if_else(pc.greater_equal(small_len, n),
                         pc.utf8_slice_codeunits(small.column("key"), 0, n),
                         pa.scalar(None, pa.string()))
        g = pa.table({"key": key, **{c: small.column(c) for c in columns}}).group_by(
            "key").aggregate([(c, "sum") for c in columns])
        g = g.filter(pc.is_in(g.column("key"), value_set=parents))
        parts.append(pa.table({"key": g.column("key"),
                               "level": pa.array([level] * g.num_rows, pa.int8()),
                               **{c: g.column(f"{c}_sum") for c in columns}}))
    total = total_label(at)
    if total is not None and leaves.num_rows:
        sums = {c: pc.sum(small.column(c)) for c in columns}
        parts.insert(0, pa.table({"key": pa.array([total], pa.string()),
                                  "level": pa.array([0], pa.int8()),
                                  **{c: pa.array([sums[c].as_py()], sums[c].type)
                                     for c in columns}}))
    if not parts:
        return pa.table({"key": pa.array([], pa.string()), "level": pa.array([], pa.int8()),
                         **{c: pa.array([], at.schema.field(c).type) for c in columns}})
    out = pa.concat_tables(parts, promote_options="permissive")
    return out.sort_by([("level", "ascending"), ("key", "ascending")])


def rollup_values(result: Any) -> dict[tuple[str, str], Decimal]:
    """``{(key, column): value}`` of a roll-up table, nulls left out: compare it with
    ``LedgerTable.rollup().computed``."""
    out: dict[tuple[str, str], Decimal] = {}
    columns = [c for c in result.schema.names if c not in ("key", "level", "name")]
    for rec in result.to_pylist():
        for c in columns:
            if rec[c] is not None:
                out[(rec["key"], c)] = rec[c]
    return out


# -- catalogs -----------------------------------------------------------------------------
