"""Building a table's columns from printed rows, a chunk at a time, validating every row.

:meth:`govaccts.LedgerTable.build` and the CSV reader (:mod:`govaccts.io.tables`) hand
rows to a :class:`TableBuilder` in chunks: the codes and labels of a chunk, and its
cells column by column.  Each row is validated as it comes (code, level, catalog,
duplicate); each column is parsed in bulk (:meth:`Column.extend`).  Problems are kept
in the order a row-by-row build finds them: by row, then the row's own problems, then
its cells column by column, then cells of unknown columns.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from itertools import islice
from operator import lt

import attrs

from govaccts.catalogs.codes import Scheme, level_of, parse_code
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.names import name_key
from govaccts.errors import InvalidCodeError, LedgerError, Location
from govaccts.ledger.columns import NO_CELL, Cell, Column
from govaccts.ledger.rows import Problem, ProblemKind, label_key

__all__ = ["CHUNK", "NO_CELL", "NO_LINE", "TableBuilder", "TableParts"]

CHUNK = 8192
"""Rows per chunk: enough to parse columns in bulk, few enough to keep the texts small."""

NO_LINE = -(2**63)
"""The line of a row read from no file (``None``), as stored in an ``array('q')``."""


_CODE_SHAPE = str.maketrans("123456789", "999999999")

SMALL_INDEX = 4096
"""Rows of a table whose key index is made at the first look-up even when its rows are
ordered (:class:`TableParts`)."""


@attrs.define
class TableParts:
    """What a table is made of, column by column (internal to :mod:`govaccts.ledger`).

    ``index`` maps each key to the first row with it.  A table whose rows are *ordered*
    — its labelled rows (``head``: their keys, distinct and no code) first, then codes
    that increase — has no repeated key, and a key is found by bisection: the index of
    a large ledger is then made only if a key is looked up that way (:meth:`key_index`).
    """

    codes: list[str | None]
    labels: list[str]
    index: dict[str, int] | None
    columns: list[Column]
    lines: array[int] | list[int | None] | None = None
    attr_rows: list[tuple[tuple[str, str], ...]] | None = None
    attr_names: tuple[str, ...] | None = None
    attr_cols: list[list[str]] | None = None
    problems: list[Problem] = attrs.field(factory=list)
    ordered: bool = False
    head: dict[str, int] = attrs.field(factory=dict)

    def line(self, i: int) -> int | None:
        if self.lines is None:
            return None
        line = self.lines[i]
        return None if line == NO_LINE else line

    def key_index(self) -> dict[str, int]:
        """Key → the first row with that key (made now when the rows are ordered)."""
        if self.index is None:
            index: dict[str | None, int] = dict(zip(self.codes, range(len(self.codes)), strict=True))
            index.pop(None, None)  # the labelled rows, which the head names
            index.update(self.head)
            self.index = index  # type: ignore[assignment]
        return self.index  # type: ignore[return-value]

    def find(self, key: str) -> int | None:
        """The first row whose key is ``key``, or ``None``."""
        if self.index is None and len(self.codes) <= SMALL_INDEX:
            self.key_index()  # a report's tables are read again and again: a dict is faster
        if self.index is not None:
            return self.index.get(key)
        i = self.head.get(key)
        if i is not None:
            return i
        codes = self.codes
        j = bisect_left(codes, key, len(self.head))  # type: ignore[type-var]
        return j if j < len(codes) and codes[j] == key else None


class TableBuilder:
    """Rows in, :class:`TableParts` out (see the module docstring)."""

    def __init__(self, *, id: str, columns: Sequence[str], scheme: Scheme | None = None,
                 catalog: Catalog | None = None, levels: Sequence[int] | None = None,
                 file: str | None = None, attr_names: Sequence[str] | None = None) -> None:
        self.id = id
        self.columns = tuple(columns)
        self.scheme = scheme
        self.catalog = catalog
        self.levels = levels
        self.file = file
        self.parts = TableParts([], [], None, [Column() for _ in self.columns], ordered=True)
        if attr_names is not None:
            self.parts.attr_names = tuple(attr_names)
            self.parts.attr_cols = [[] for _ in attr_names]
        self._lead = scheme.leading_digit if scheme is not None else ""
        self._shape_ok: dict[str, bool] = {}
        self._keyed: list[tuple[tuple[int, int, int], Problem]] = []
        self._seq = 0
        self.pos = 0
        """Input rows seen so far (kept or dropped)."""

    def problem(self, at: tuple[int, int], kind: ProblemKind, message: str,
                location: Location) -> None:
        """Record a problem; ``at`` is (input row, phase): phase 0 the row's own, 1 a cell
        (then the column index follows in the key), 2 a cell of an unknown column."""
        self._seq += 1
        self._keyed.append(((at[0], at[1], self._seq), Problem(kind, message, location)))

    def _loc(self, line: int | None, row: str, column: str | None = None) -> Location:
        return Location(file=self.file, line=line, table=self.id, row=row, column=column)

    def add(self, codes: Sequence[object], labels: Sequence[str],
            cells: Sequence[Sequence[Cell]] | Callable[[], Sequence[Sequence[Cell]]], *,
            joined: str | None = None, lines: Sequence[int | None] | None = None,
            attributes: Sequence[Mapping[str, str]] | None = None,
            attr_values: Sequence[Sequence[str]] | None = None,
            maps: Sequence[Mapping[str, object]] | None = None,
            missing: bool = False) -> None:
        """Add one chunk: ``codes``/``labels`` per row, ``cells`` per column (each as long
        as the chunk; or a function making them, called when needed). ``joined``: every
        cell, row by row, joined by newlines (tried first: one bulk parse for all the
        columns). ``attributes``: per-row mappings; ``attr_values``: per attribute
        column; ``maps``: the rows' cell mappings, to report cells of unknown columns;
        ``missing``: some cells may be :data:`NO_CELL`."""
        parts = self.parts
        base = self.pos
        n = len(codes)
        if lines is not None and parts.lines is None:
            parts.lines = array("q", [NO_LINE]) * len(parts.codes)
        row_codes: Sequence[str | None]
        keys: Sequence[str | None]
        fast = self._fast_keys(codes, labels)
        if fast is None:
            row_codes, keys = self._parse_codes(codes, labels, lines)
        else:
            row_codes, keys = fast
        if self.levels is not None or self.catalog is not None:
            for k, key in enumerate(keys):
                if key is not None:
                    self._check_row(base + k, row_codes[k], labels[k], key,
                                    lines[k] if lines is not None else None)
        keep = self._dedupe(row_codes, labels, keys, lines, fast is not None)
        self.pos += n
        if not keep:
            return
        everything = len(keep) == n
        start = len(parts.codes) - len(keep)
        if lines is None and parts.lines is not None:
            parts.lines.extend([NO_LINE] * len(keep))
        if attributes is not None:
            if parts.attr_rows is None:
                parts.attr_rows = [()] * start
            parts.attr_rows += [tuple(attributes[k].items()) for k in keep]
        if attr_values is not None:
            assert parts.attr_cols is not None
            for store, values in zip(parts.attr_cols, attr_values, strict=True):
                store += values if everything else [values[k] for k in keep]
        if not (joined is not None and everything and not missing
                and Column.extend_rows(parts.columns, joined, n)):
            self._add_cells(cells() if callable(cells) else cells, keep, everything,
                            missing, base, start)
        if maps is not None:
            known = set(self.columns)
            ncols = len(known)
            for m, k in enumerate(keep):
                mp = maps[k]
                if len(mp) != ncols or not known.issuperset(mp):
                    row = start + m
                    for col in mp:
                        if col not in known:
                            self.problem((base + k, 2), ProblemKind.RAGGED_ROW,
                                         f"cell for unknown column {col!r}",
                                         self._loc(parts.line(row), self._key(row),
                                                   str(col)))

    def _add_cells(self, cells: Sequence[Sequence[Cell]], keep: list[int], everything: bool,
                   missing: bool, base: int, start: int) -> None:
        """The chunk's cells, column by column, with their problems."""
        parts = self.parts
        for j, column_cells in enumerate(cells):
            kept = column_cells if everything else [column_cells[k] for k in keep]
            if missing:
                for m, c in enumerate(kept):
                    if c is NO_CELL:
                        row = start + m
                        self.problem((base + keep[m], 1), ProblemKind.MISSING_CELL,
                                     f"no cell for column {self.columns[j]}",
                                     self._loc(parts.line(row), self._key(row),
                                               self.columns[j]))
            for m, err in parts.columns[j].extend(kept):
                row = start + m
                self.problem((base + keep[m], 1), ProblemKind.BAD_AMOUNT,
                             err.reason + f" ({kept[m]!r})",
                             self._loc(parts.line(row), self._key(row), self.columns[j]))

    def _fast_keys(self, codes: Sequence[object],
                   labels: Sequence[str]) -> tuple[Sequence[str | None], Sequence[str]] | None:
        """Codes and keys of a chunk whose codes are all canonical or empty, judged in
        bulk: each distinct shape of code (zeros kept, other digits → 9) once; ``None``
        when some row needs :func:`~govaccts.parse_code`."""
        try:
            joined = "\n".join(codes)  # type: ignore[arg-type]
        except TypeError:
            return None
        n = len(codes)
        if joined.count("\n") != n - 1:
            return None
        shapes = joined.translate(_CODE_SHAPE).split("\n")
        ok = self._shape_ok
        empty = False
        for shape in set(shapes):
            if not shape:
                empty = True
                continue
            good = ok.get(shape)
            if good is None:
                good = ok[shape] = self._judge_shape(shape)
            if not good:
                return None
        blanks = shapes.count("") if empty else 0
        if self._lead and ("\n" + joined).count("\n" + self._lead) != n - blanks:
            return None
        if not empty:
            return codes, codes  # type: ignore[return-value]
        return ([c or None for c in codes],  # type: ignore[misc]
                [c or label_key(lb) for c, lb in zip(codes, labels, strict=True)])  # type: ignore[misc]

    def _judge_shape(self, shape: str) -> bool:
        """Whether codes of this shape are canonical: :func:`~govaccts.parse_code` returns
        a representative unchanged (its rules look at length, leading digit and zeros)."""
        if not (shape.isascii() and shape.isdigit()):
            return False
        rep = (self._lead or shape[0].replace("9", "1")) + shape[1:].replace("9", "1")
        try:
            return parse_code(rep, self.scheme) == rep
        except InvalidCodeError:
            return False

    def _parse_codes(self, codes: Sequence[object], labels: Sequence[str],
                     lines: Sequence[int | None] | None
                     ) -> tuple[list[str | None], list[str | None]]:
        """Codes and keys row by row; a row whose code does not parse gets key ``None``
        (it is dropped) and an invalid-code problem."""
        sch, base = self.scheme, self.pos
        row_codes: list[str | None] = []
        keys: list[str | None] = []
        for k, code_text in enumerate(codes):
            code: str | None = None
            if code_text is not None:
                text = str(code_text)
                if text.strip():
                    try:
                        code = parse_code(text, sch)
                    except InvalidCodeError as exc:
                        self.problem((base + k, 0), ProblemKind.INVALID_CODE,
                                     exc.reason + f" ({code_text!r})",
                                     self._loc(lines[k] if lines is not None else None, text))
                        row_codes.append(None)
                        keys.append(None)
                        continue
            row_codes.append(code)
            keys.append(code if code is not None else label_key(labels[k]))
        return row_codes, keys

    def _check_row(self, i: int, code: str | None, label: str, key: str,
                   line: int | None) -> None:
        """Level and catalog problems of one row."""
        levels, catalog = self.levels, self.catalog
        if levels is not None and code is not None and level_of(code) not in levels:
            self.problem((i, 0), ProblemKind.WRONG_LEVEL,
                         f"{code} is a level-{level_of(code)} code; this table "
                         f"holds levels {', '.join(map(str, levels))}", self._loc(line, key))
        if catalog is not None and code is not None:
            entry = catalog.get(code)
            if entry is None:
                self.problem((i, 0), ProblemKind.UNKNOWN_CODE,
                             f"{code} is not in {catalog.scheme} {catalog.year}",
                             self._loc(line, key))
            elif label != entry.name and name_key(label) != name_key(entry.name) and \
                    all(name_key(label) != name_key(a) for a in entry.aliases):
                self.problem((i, 0), ProblemKind.NAME_MISMATCH,
                             f"printed {label!r}, {catalog.scheme} {catalog.year} "
                             f"names {code} {entry.name!r}", self._loc(line, key))

    def _dedupe(self, row_codes: Sequence[str | None], labels: Sequence[str],
                keys: Sequence[str | None], lines: Sequence[int | None] | None,
                fast: bool) -> list[int]:
        """Append the rows whose key is new; a repeated key is a duplicate-row problem
        (the first is kept).  Returns the kept rows' positions in the chunk.  ``fast``:
        no key is ``None`` (no row was dropped for its code)."""
        parts = self.parts
        out_codes = parts.codes
        n = len(keys)
        first = len(out_codes)
        if parts.ordered:
            if fast and self._in_order(row_codes, keys):  # no key can repeat: no index
                out_codes.extend(row_codes)
                parts.labels.extend(labels)
                if lines is not None:
                    self._add_lines(lines)
                return list(range(n))
            parts.ordered = False
            parts.key_index()
        index = parts.key_index()
        if fast:  # the common case, every key new: one update, undone if it was not so
            index.update(zip(keys, range(first, first + n), strict=True))  # type: ignore[arg-type]
            if len(index) == first + n:
                out_codes.extend(row_codes)
                parts.labels.extend(labels)
                if lines is not None:
                    self._add_lines(lines)
                return list(range(n))
            parts.index = index = {self._key(i): i for i in range(first)}
        keep: list[int] = []
        base = self.pos
        for k, key in enumerate(keys):
            if key is None:
                continue
            j = index.get(key)
            if j is not None:
                prev = parts.line(j)
                said = f"line {prev}" if prev is not None else "an earlier row"
                self.problem((base + k, 0), ProblemKind.DUPLICATE_ROW,
                             f"row {key} repeats {said}; the first is kept",
                             self._loc(lines[k] if lines is not None else None, key))
                continue
            index[key] = len(out_codes)
            out_codes.append(row_codes[k])
            parts.labels.append(labels[k])
            if lines is not None:
                self._add_line(lines[k])
            keep.append(k)
        return keep

    def _in_order(self, row_codes: Sequence[str | None], keys: Sequence[str | None]) -> bool:
        """Whether the rows of a chunk keep the table ordered (see :class:`TableParts`);
        if so, the head takes its labelled rows."""
        parts = self.parts
        k = 0
        while k < len(row_codes) and row_codes[k] is None:
            k += 1
        coded = row_codes[k:] if k else row_codes
        last = parts.codes[-1] if parts.codes else None
        if (k and last is not None) or None in coded:
            return False  # a labelled row after a coded one
        if coded and ((last is not None and not last < coded[0])  # type: ignore[operator]
                      or not all(map(lt, coded, islice(coded, 1, None)))):  # type: ignore[arg-type]
            return False
        head = parts.head
        named = keys[:k]
        if any(key is None or key in head or (key.isascii() and key.isdigit()) for key in named) \
                or len(set(named)) != k:
            return False
        head.update(zip(named, range(len(parts.codes), len(parts.codes) + k),  # type: ignore[arg-type]
                        strict=True))
        return True

    def _key(self, row: int) -> str:
        code = self.parts.codes[row]
        return code if code is not None else label_key(self.parts.labels[row])

    def _add_lines(self, lines: Sequence[int | None]) -> None:
        parts = self.parts
        if isinstance(parts.lines, array):
            try:
                parts.lines.extend(array("q", lines))  # type: ignore[arg-type]
                return
            except (TypeError, OverflowError):  # a None among them, or not ints
                pass
        for line in lines:
            self._add_line(line)

    def _add_line(self, line: int | None) -> None:
        parts = self.parts
        assert parts.lines is not None
        if isinstance(parts.lines, array):
            try:
                parts.lines.append(NO_LINE if line is None else line)
                return
            except (TypeError, OverflowError):  # not an int: keep lines as given
                parts.lines = [parts.line(i) for i in range(len(parts.lines))]
        parts.lines.append(line)

    def finish(self, problems: Sequence[Problem] = ()) -> TableParts:
        """The parts, with ``problems`` (found before the rows) first, then the rows'."""
        self._keyed.sort(key=lambda kp: kp[0])
        self.parts.problems = [*problems, *(p for _, p in self._keyed)]
        if self.parts.lines is not None and len(self.parts.lines) != len(self.parts.codes):
            raise LedgerError(f"table {self.id}: lines out of step")  # pragma: no cover
        return self.parts
