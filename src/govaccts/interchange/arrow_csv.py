"""The bulk path of a million-cell CSV into Arrow: the file parsed into decimal128 columns
by Arrow itself, with govaccts' amount rules (see :func:`read_csv_arrow`)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from govaccts.amounts import MAX_DIGITS, MAX_TEXT_LENGTH, parse_amount
from govaccts.catalogs.codes import get_scheme, parse_code, scheme_of
from govaccts.errors import AmountError, GovacctsError, InvalidCodeError, LedgerError, Location
from govaccts.interchange import require
from govaccts.interchange.arrow import DECIMALS, LEDGER_FORMAT, TEXT, _pa
from govaccts.io.vocabulary import CODE_HEADERS, NAME_HEADERS

__all__ = ["read_csv_arrow"]


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
    from concurrent.futures import ThreadPoolExecutor

    texts = [t.column(c).combine_chunks() for c in columns]
    with ThreadPoolExecutor(max(1, min(len(columns), pa.cpu_count()))) as pool:  # Arrow frees the GIL
        coded = pool.submit(_codes, pa, pc, t.column(code_col).combine_chunks(), scheme, name)
        done = pool.map(lambda ct: _amount_column(pa, pc, name, *ct),
                        zip(columns, texts, strict=True))
        codes = coded.result()  # a bad code is reported before a bad cell, as ever
        converted = list(done)
    # the line of each row, 2, 3, … (one header line, one line a row), made in Arrow
    lines = pc.cumulative_sum(pc.fill_null(pa.nulls(n, pa.int32()), 1), start=1)
    fields: list[Any] = [pa.field("code", pa.string()), pa.field("label", pa.string(), False),
                         pa.field("line", pa.int32()),
                         pa.field("attributes", pa.map_(pa.string(), pa.string()))]
    arrays: list[Any] = [codes, t.column(name_col), lines,
                         pa.nulls(n, pa.map_(pa.string(), pa.string()))]
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
        values, places = _slow_cells(pa, pc, file, column, pc.take(text, where), where)
        bare = pc.replace_with_mask(bare, slow, values)
        decs = pc.replace_with_mask(decs, slow, pc.cast(places, decs.type))
    scale = pc.max(decs).as_py() or 0
    return _cast_decimal(pa, pc, bare, scale), pc.cast(decs, pa.int8())


def _slow_cells(pa: Any, pc: Any, file: str, column: str, texts: Any, where: Any
                ) -> tuple[Any, Any]:
    """The values (plain text, null when blank) and decimals of the cells off the fast
    path, as Arrow arrays: blanks and ``(1.00)`` negatives in Arrow, the rest by
    :func:`govaccts.parse_amount` (which raises for a cell that is no amount, naming
    file, line and column)."""
    blank = pc.and_(pc.match_substring_regex(texts, _BLANK_RE),
                    pc.less_equal(pc.utf8_length(texts), MAX_TEXT_LENGTH))
    body = pc.replace_substring(pc.utf8_slice_codeunits(texts, 1, -1), ",", "")
    digits = pc.utf8_length(pc.utf8_ltrim(pc.replace_substring(body, ".", ""), "0"))
    paren = pc.and_(pc.match_substring_regex(texts, _PAREN_RE),
                    pc.less_equal(digits, MAX_DIGITS))
    dot = pc.find_substring(body, ".")
    values = pc.if_else(paren, pc.binary_join_element_wise("-", body, ""),
                        pa.scalar(None, pa.string()))
    places = pc.if_else(pc.and_(paren, pc.greater_equal(dot, 0)),
                        pc.subtract(pc.subtract(pc.utf8_length(body), dot), 1), 0)
    odd = pc.invert(pc.or_(blank, paren))
    if pc.any(odd).as_py():
        made: list[str | None] = []
        decimals: list[int] = []
        at = pc.indices_nonzero(odd)
        for k, t in zip(at.to_pylist(), pc.take(texts, at).to_pylist(), strict=True):
            try:
                a = parse_amount(t)
            except AmountError as exc:
                exc.location = Location(file=file, line=where[k].as_py() + 2, column=column)
                raise
            made.append(None if a.value is None else format(a.value, "f"))
            decimals.append(a.decimals)
        values = pc.replace_with_mask(values, odd, pa.array(made, pa.string()))
        places = pc.replace_with_mask(places, odd, pa.array(decimals, places.type))
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
