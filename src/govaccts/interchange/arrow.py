"""Exact Arrow tables for ledgers, catalogs and findings (``pip install 'govaccts[arrow]'``).

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

import csv
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

import attrs

from govaccts.amounts import MAX_DIGITS, MAX_TEXT_LENGTH, Amount, parse_amount
from govaccts.catalogs.codes import get_scheme, level_of, parse_code, scheme_of
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.errors import AmountError, GovacctsError, InvalidCodeError, LedgerError, Location
from govaccts.interchange import require
from govaccts.io.vocabulary import CODE_HEADERS, NAME_HEADERS
from govaccts.ledger.table import TOTAL_LABELS, LedgerTable, Problem, Row, label_key

__all__ = ["FINDINGS_SCALE", "LEDGER_FORMAT", "catalog_to_arrow", "findings_from_arrow", "findings_to_arrow",
           "from_arrow", "read_csv_arrow", "rollup_arrow", "rollup_values", "to_arrow",
           "total_label"]

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
_BODY = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*|0)(?:\.[0-9]+)?"
_PLAIN_RE = f"^-?{_BODY}$"
"""The plain amounts that :func:`govaccts.parse_amount` reads on its fast path."""
_PAREN_RE = f"^\\({_BODY}\\)$"
"""A negative printed in parentheses, ``(1,234.50)``."""


def read_csv_arrow(path: str | os.PathLike[str], *, code_column: str | None = None,
                   name_column: str | None = None, id: str | None = None,
                   scheme: str | None = None, year: int | None = None,
                   unit: str = "万元") -> Any:
    """A large ledger CSV straight into the Arrow layout of :func:`to_arrow`, vectorised.

    The file is UTF-8 with one header line: a code column (``科目代码`` …), a name
    column (``科目名称`` …) and amount columns.  Plain amounts (``1,234.50``,
    ``-3``) are checked and converted in Arrow compute; any other cell goes through
    :func:`govaccts.parse_amount`, so every cell gets exactly the value, decimals and
    text that :meth:`LedgerTable.build` would give it, and a cell that is no amount
    raises :class:`~govaccts.AmountError` naming file, line and column.  Codes are
    normalised as :func:`govaccts.parse_code` does (a malformed one raises), but
    neither looked up in a catalog nor checked for duplicates: that is
    :meth:`LedgerTable.build`'s work.  ``line`` is
    the row's line in the file when no cell holds a line break.
    """
    pa = _pa()
    pcsv = require("pyarrow.csv", "arrow")
    pc = require("pyarrow.compute", "arrow")
    name = os.fspath(path)
    with open(name, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), None)
    if not header:
        raise LedgerError("no header line", location=Location(file=name, line=1))
    header = [h.strip() for h in header]
    code_col = code_column or next((h for h in header if h in CODE_HEADERS), None)
    name_col = name_column or next((h for h in header if h in NAME_HEADERS), None)
    if code_col is None or name_col is None:
        raise LedgerError(f"need a code column ({', '.join(CODE_HEADERS)}) and a name column "
                          f"({', '.join(NAME_HEADERS)})", location=Location(file=name, line=1))
    columns = [h for h in header if h not in (code_col, name_col)]
    t = pcsv.read_csv(name, read_options=pcsv.ReadOptions(column_names=header, skip_rows=1),
                      convert_options=pcsv.ConvertOptions(
                          column_types=dict.fromkeys(header, pa.string()),
                          strings_can_be_null=False, quoted_strings_can_be_null=False))
    n = t.num_rows
    codes = _codes(pa, pc, t.column(code_col).combine_chunks(), scheme, name)
    lines = pa.array(range(2, n + 2), pa.int32())  # one header line, one line a row
    fields: list[Any] = [pa.field("code", pa.string()), pa.field("label", pa.string(), False),
                         pa.field("line", pa.int32()),
                         pa.field("attributes", pa.map_(pa.string(), pa.string()))]
    arrays: list[Any] = [codes, t.column(name_col), lines,
                         pa.nulls(n, pa.map_(pa.string(), pa.string()))]
    from concurrent.futures import ThreadPoolExecutor

    texts = [t.column(c).combine_chunks() for c in columns]
    with ThreadPoolExecutor(max(1, min(len(columns), pa.cpu_count()))) as pool:  # Arrow frees the GIL
        converted = list(pool.map(lambda ct: _amount_column(pa, pc, name, *ct),
                                  zip(columns, texts, strict=True)))
    for c, text, (value, decimals) in zip(columns, texts, converted, strict=True):
        meta = {"govaccts.column": c}
        fields += [pa.field(c, value.type, metadata={**meta, "govaccts.role": "value"}),
                   pa.field(c + DECIMALS, pa.int8(), metadata={**meta, "govaccts.role": "decimals"}),
                   pa.field(c + TEXT, pa.string(), metadata={**meta, "govaccts.role": "text"})]
        arrays += [value, decimals, text]
    info = {"id": id or Path(name).stem, "title": "", "columns": columns,
            "unit": unit, "scheme": scheme or _scheme_of_codes(pc, codes), "year": year,
            "source": name, "problems": []}
    schema = pa.schema(fields, metadata={"govaccts.format": LEDGER_FORMAT,
                                         "govaccts.table": json.dumps(info, ensure_ascii=False)})
    return pa.Table.from_arrays(arrays, schema=schema)


def _codes(pa: Any, pc: Any, raw: Any, scheme: str | None, file: str) -> Any:
    """Codes as :func:`govaccts.parse_code` gives them; blank → null; a bad one raises."""
    trimmed = pc.utf8_trim_whitespace(raw)
    if scheme is None:
        first = pc.drop_null(pc.if_else(pc.equal(trimmed, ""), None, trimmed))
        scheme = _scheme_of_codes(pc, first) if len(first) else None
    lengths = get_scheme(scheme).lengths if scheme else (3, 5, 7, 9)
    ok = pc.or_(pc.equal(trimmed, ""), pc.and_(
        pc.match_substring_regex(trimmed, "^[0-9]+$"),
        pc.is_in(pc.utf8_length(trimmed), value_set=pa.array(lengths, pa.int32()))))
    if not pc.all(ok).as_py():
        fixed = []
        for i, (t, good) in enumerate(zip(trimmed.to_pylist(), ok.to_pylist(), strict=True)):
            try:
                fixed.append(t if good or not t else parse_code(t, scheme))
            except InvalidCodeError as exc:
                exc.location = Location(file=file, line=i + 2)
                raise
        trimmed = pa.array(fixed, pa.string())
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _cast_decimal(pa: Any, pc: Any, bare: Any, scale: int) -> Any:
    for precision, typ in ((38, pa.decimal128), (76, pa.decimal256)):
        try:
            return pc.cast(bare, typ(precision, scale))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    raise LedgerError(f"a value does not fit 76 digits at scale {scale}")


_BLANK_RE = "^\\s*[-\u2013\u2014\u2015\u2212]*\\s*$"
"""Blank cells as :func:`govaccts.parse_amount` reads them (empty, dashes)."""


def _amount_column(pa: Any, pc: Any, file: str, column: str, text: Any) -> tuple[Any, Any]:
    """One column's printed text → (decimal values, printed decimals), exactly as
    :func:`govaccts.parse_amount` reads each cell."""
    fast = pc.match_substring_regex(text, _PLAIN_RE)
    if len(text) and pc.max(pc.binary_length(text)).as_py() > MAX_DIGITS:
        digits = pc.utf8_length(pc.utf8_ltrim(pc.replace_substring(
            pc.replace_substring(text, ",", ""), ".", ""), "-0"))
        fast = pc.and_(fast, pc.less_equal(digits, MAX_DIGITS))
    bare = pc.replace_substring(text, ",", "")
    dot = pc.find_substring(bare, ".")
    decs = pc.if_else(pc.less(dot, 0), 0, pc.subtract(pc.subtract(pc.binary_length(bare), dot), 1))
    slow = pc.invert(fast)
    if pc.any(slow).as_py():  # blanks and the few other cells
        where = pc.indices_nonzero(slow)
        values, places = _slow_cells(pc, file, column, pc.take(text, where), where)
        bare = pc.replace_with_mask(bare, slow, pa.array(values, pa.string()))
        decs = pc.replace_with_mask(decs, slow, pa.array(places, decs.type))
    scale = pc.max(decs).as_py() or 0
    return _cast_decimal(pa, pc, bare, scale), pc.cast(decs, pa.int8())


def _slow_cells(pc: Any, file: str, column: str, texts: Any, where: Any
                ) -> tuple[list[str | None], list[int]]:
    """The values (plain text, ``None`` when blank) and decimals of the cells off the
    fast path: blanks and ``(1.00)`` negatives in Arrow, the rest by
    :func:`govaccts.parse_amount` (which raises for a cell that is no amount, naming
    file, line and column)."""
    blank = pc.and_(pc.match_substring_regex(texts, _BLANK_RE),
                    pc.less_equal(pc.utf8_length(texts), MAX_TEXT_LENGTH))
    body = pc.replace_substring(pc.utf8_slice_codeunits(texts, 1, -1), ",", "")
    digits = pc.utf8_length(pc.utf8_ltrim(pc.replace_substring(body, ".", ""), "0"))
    paren = pc.and_(pc.match_substring_regex(texts, _PAREN_RE),
                    pc.less_equal(digits, MAX_DIGITS))
    dot = pc.find_substring(body, ".")
    values: list[str | None] = pc.if_else(
        paren, pc.binary_join_element_wise("-", body, ""), None).to_pylist()
    places: list[int] = pc.if_else(
        pc.and_(paren, pc.greater_equal(dot, 0)),
        pc.subtract(pc.subtract(pc.utf8_length(body), dot), 1), 0).to_pylist()
    odd = pc.indices_nonzero(pc.invert(pc.or_(blank, paren)))
    for k, t in zip(odd.to_pylist(), pc.take(texts, odd).to_pylist(), strict=True):
        try:
            a = parse_amount(t)
        except AmountError as exc:
            exc.location = Location(file=file, line=where[k].as_py() + 2, column=column)
            raise
        values[k] = None if a.value is None else format(a.value, "f")
        places[k] = a.decimals
    return values, places


def _scheme_of_codes(pc: Any, codes: Any) -> str | None:
    first = pc.drop_null(codes)
    if len(first) == 0:
        return None
    try:
        return scheme_of(first[0].as_py())
    except GovacctsError:
        return None


# -- the roll-up in Arrow compute ---------------------------------------------------------
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
                     ("row", pa.string()), ("column", pa.string())])
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
                           detail=rec["detail"], **amounts))
    return out
