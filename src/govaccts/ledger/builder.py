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
from collections.abc import Mapping, Sequence

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


_ALL_LENGTHS = frozenset({3, 5, 7, 9})


@attrs.define
class TableParts:
    """What a table is made of, column by column (internal to :mod:`govaccts.ledger`)."""

    codes: list[str | None]
    labels: list[str]
    index: dict[str, int]
    columns: list[Column]
    lines: array[int] | list[int | None] | None = None
    attr_rows: list[tuple[tuple[str, str], ...]] | None = None
    attr_names: tuple[str, ...] | None = None
    attr_cols: list[list[str]] | None = None
    problems: list[Problem] = attrs.field(factory=list)

    def line(self, i: int) -> int | None:
        if self.lines is None:
            return None
        line = self.lines[i]
        return None if line == NO_LINE else line


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
        self.parts = TableParts([], [], {}, [Column() for _ in self.columns])
        if attr_names is not None:
            self.parts.attr_names = tuple(attr_names)
            self.parts.attr_cols = [[] for _ in attr_names]
        self._lengths = frozenset(scheme.lengths) if scheme is not None else _ALL_LENGTHS
        self._lead = scheme.leading_digit if scheme is not None else ""
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
            cells: Sequence[Sequence[Cell]], *, lines: Sequence[int | None] | None = None,
            attributes: Sequence[Mapping[str, str]] | None = None,
            attr_values: Sequence[Sequence[str]] | None = None,
            maps: Sequence[Mapping[str, object]] | None = None,
            missing: bool = False) -> None:
        """Add one chunk: ``codes``/``labels`` per row, ``cells`` per column (each as long
        as the chunk). ``attributes``: per-row mappings; ``attr_values``: per attribute
        column; ``maps``: the rows' cell mappings, to report cells of unknown columns;
        ``missing``: some cells may be :data:`NO_CELL`."""
        parts = self.parts
        index, out_codes, out_labels = parts.index, parts.codes, parts.labels
        sch, catalog, levels = self.scheme, self.catalog, self.levels
        lengths, lead = self._lengths, self._lead
        keep: list[int] = []
        base = self.pos
        n = len(codes)
        if lines is not None and parts.lines is None:
            parts.lines = array("q", [NO_LINE]) * len(out_codes)
        for k in range(n):
            code_text = codes[k]
            label = labels[k]
            code: str | None
            if code_text is None:
                code = None
            elif (type(code_text) is str and code_text.isdigit() and code_text.isascii()
                  and len(code_text) in lengths and code_text.startswith(lead)
                  and code_text.find("00", 3) < 0):
                code = code_text  # what parse_code returns for it (property-tested)
            else:
                text = str(code_text)
                if text.strip():
                    try:
                        code = parse_code(text, sch)
                    except InvalidCodeError as exc:
                        line = lines[k] if lines is not None else None
                        self.problem((base + k, 0), ProblemKind.INVALID_CODE,
                                     exc.reason + f" ({code_text!r})",
                                     self._loc(line, text))
                        continue
                else:
                    code = None
            key = code if code is not None else label_key(label)
            if levels is not None or catalog is not None:
                line = lines[k] if lines is not None else None
                if levels is not None and code is not None and level_of(code) not in levels:
                    self.problem((base + k, 0), ProblemKind.WRONG_LEVEL,
                                 f"{code} is a level-{level_of(code)} code; this table "
                                 f"holds levels {', '.join(map(str, levels))}",
                                 self._loc(line, key))
                if catalog is not None and code is not None:
                    entry = catalog.get(code)
                    if entry is None:
                        self.problem((base + k, 0), ProblemKind.UNKNOWN_CODE,
                                     f"{code} is not in {catalog.scheme} {catalog.year}",
                                     self._loc(line, key))
                    elif label != entry.name and name_key(label) != name_key(entry.name) and \
                            all(name_key(label) != name_key(a) for a in entry.aliases):
                        self.problem((base + k, 0), ProblemKind.NAME_MISMATCH,
                                     f"printed {label!r}, {catalog.scheme} {catalog.year} "
                                     f"names {code} {entry.name!r}", self._loc(line, key))
            j = index.get(key)
            if j is not None:
                prev = parts.line(j)
                first = f"line {prev}" if prev is not None else "an earlier row"
                line = lines[k] if lines is not None else None
                self.problem((base + k, 0), ProblemKind.DUPLICATE_ROW,
                             f"row {key} repeats {first}; the first is kept",
                             self._loc(line, key))
                continue
            index[key] = len(out_codes)
            out_codes.append(code)
            out_labels.append(label)
            if lines is not None:
                self._add_line(lines[k])
            keep.append(k)
        self.pos += n
        if not keep:
            return
        everything = len(keep) == n
        start = len(out_codes) - len(keep)
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

    def _key(self, row: int) -> str:
        code = self.parts.codes[row]
        return code if code is not None else label_key(self.parts.labels[row])

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
