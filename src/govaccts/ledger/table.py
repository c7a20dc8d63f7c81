"""Ledger tables: rows keyed by code or label, named amount columns, a unit.

A :class:`LedgerTable` keeps every cell exactly as printed (an
:class:`~govaccts.Amount`: value, decimals, text).  Problems found while building
it — an unknown code, a code at a level the table does not hold, a duplicate row,
a name that does not match the code, a cell that is no amount — are kept as
:class:`Problem` records with their location; ``strict=True`` raises them instead.
Nothing is dropped silently.

>>> import govaccts
>>> t = govaccts.LedgerTable.build(
...     id="t", columns=["小计"], scheme="function", year=2023,
...     rows=[("", "合计", {"小计": "1.78"}), ("206", "科学技术支出", {"小计": "1.78"}),
...           ("20601", "科学技术管理事务", {"小计": "1.78"})])
>>> t.value("206", "小计"), t.problems
(Decimal('1.78'), ())
>>> t.rollup().value("合计", "小计")
Decimal('1.78')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from govaccts.amounts import Amount, Unit, amount_of, exact_sum
from govaccts.catalogs.codes import get_scheme, level_of, parent_code, parse_code
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.names import fold, name_key, strip_ordinal
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.errors import (
    AmountError,
    InvalidCodeError,
    LedgerError,
    Location,
    UnknownEditionError,
)

TOTAL = "合计"
"""The label of a tree table's grand-total row."""

PAGE_ATTRIBUTE = "页"
"""The row attribute that holds the page a row was printed on (documents read from PDF)."""

TOTAL_LABELS = ("合计", "总计")
"""Labels a tree table's grand-total row is printed with."""


class ProblemKind(enum.StrEnum):
    """What is wrong with a row or cell met while building a table (a ``str``)."""

    INVALID_CODE = "invalid-code"
    UNKNOWN_CODE = "unknown-code"
    WRONG_LEVEL = "wrong-level"
    DUPLICATE_ROW = "duplicate-row"
    NAME_MISMATCH = "name-mismatch"
    BAD_AMOUNT = "bad-amount"
    RAGGED_ROW = "ragged-row"
    MISSING_CELL = "missing-cell"
    NO_CATALOG = "no-catalog"


@attrs.frozen
class Problem:
    """A problem found while building a table, with where it is.

    ``kind`` is a :class:`ProblemKind` (a ``str``, so ``p.kind == "bad-amount"`` holds).
    """

    kind: ProblemKind = attrs.field(converter=ProblemKind)
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.message}"


class _LazyLocation:
    """Where a row is, made into a :class:`Location` only when a problem needs it."""

    __slots__ = ("file", "line", "page", "row", "table")

    def __init__(self, file: str | None, line: int | None, table: str, row: str,
                 page: int | None = None) -> None:
        self.file, self.line, self.table, self.row, self.page = file, line, table, row, page

    def at(self, column: str | None = None) -> Location:
        return Location(file=self.file, line=self.line, table=self.table, row=self.row,
                        column=column, page=self.page)


@attrs.frozen
class Row:
    """One printed row: a code (or ``None`` for a labelled row), its label, its cells."""

    code: str | None
    label: str
    cells: tuple[tuple[str, Amount], ...]
    line: int | None = attrs.field(default=None, eq=False)
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The code, or for a labelled row the label without ordinal and spaces."""
        return self.code if self.code is not None else label_key(self.label)

    def get(self, column: str) -> Amount | None:
        """The printed cell of ``column`` (``None`` when the row has no such cell)."""
        for c, a in self.cells:
            if c == column:
                return a
        return None

    def attribute(self, name: str) -> str | None:
        """A non-amount column's text (e.g. 行次, 区块)."""
        for c, v in self.attributes:
            if c == name:
                return v
        return None


def label_key(label: str) -> str:
    """Key of a labelled row: folded, without a leading ordinal (「一、」).

    >>> label_key("一、一般公共预算财政拨款收入")
    '一般公共预算财政拨款收入'
    """
    return strip_ordinal(fold(label))


class LedgerTable:
    """An immutable table of printed amounts (see the module docstring)."""

    __slots__ = ("_index", "_kids", "catalog", "columns", "id", "problems", "rows", "scheme",
                 "source", "title", "unit", "year")

    def __init__(self, *, id: str, columns: Sequence[str], rows: Iterable[Row],
                 title: str = "", unit: Unit | str = Unit.WAN, scheme: str | None = None,
                 year: int | None = None, catalog: Catalog | None = None,
                 problems: Iterable[Problem] = (), source: str | None = None) -> None:
        self.id = id
        self.title = title
        self.columns = tuple(columns)
        self.rows = tuple(rows)
        self.unit = Unit.parse(unit)
        self.scheme = get_scheme(scheme).name if scheme else None
        self.year = year
        self.catalog = catalog
        self.problems = tuple(problems)
        self.source = source
        self._index: dict[str, Row] = {}
        for r in self.rows:
            self._index.setdefault(r.key, r)
        self._kids: dict[str | None, tuple[Row, ...]] | None = None

    def __repr__(self) -> str:
        return f"<LedgerTable {self.id} {self.title}: {len(self.rows)} rows × {len(self.columns)}>"

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LedgerTable):
            return NotImplemented
        return (self.id, self.title, self.columns, self.rows, self.unit, self.scheme,
                self.year) == (other.id, other.title, other.columns, other.rows, other.unit,
                               other.scheme, other.year)

    __hash__ = None  # type: ignore[assignment]

    # -- construction -------------------------------------------------------------
    @classmethod
    def build(cls, *, id: str, columns: Sequence[str],
              rows: Iterable[tuple[str | None, str, Mapping[str, str | Amount | Decimal | int]]],
              title: str = "", unit: Unit | str = Unit.WAN, scheme: str | None = None,
              year: int | None = None, catalog: Catalog | None = None,
              levels: Sequence[int] | None = None, strict: bool = False,
              file: str | None = None, lines: Sequence[int | None] | None = None,
              attributes: Sequence[Mapping[str, str]] | None = None,
              store: CatalogStore | None = None) -> LedgerTable:
        """Build a table from ``(code, label, {column: text})`` rows, validating each.

        Codes are checked against ``catalog`` (by default the edition of ``scheme`` and
        ``year`` in ``store``, the default store unless given); ``levels`` limits the
        levels a code may have.
        """
        problems: list[Problem] = []
        if len(set(columns)) != len(columns):
            raise LedgerError(f"table {id}: a column appears twice in {list(columns)}")
        rows = list(rows)
        for what, given in (("lines", lines), ("attributes", attributes)):
            if given is not None and len(given) != len(rows):
                raise LedgerError(f"table {id}: {len(given)} {what} for {len(rows)} rows")
        if catalog is None and scheme is not None and year is not None:
            try:
                catalog = (store or default_store()).catalog(scheme, year)
            except UnknownEditionError as exc:  # the arithmetic needs no catalog: go on
                problems.append(Problem(ProblemKind.NO_CATALOG, f"{exc.message}; codes not validated",
                                        Location(file=file, table=id)))
        sch = get_scheme(scheme) if scheme else None
        built: list[Row] = []
        seen: dict[str, int | None] = {}
        column_set = set(columns)
        for i, (code_text, label, cells) in enumerate(rows):
            line = lines[i] if lines is not None else None
            code: str | None = None
            if code_text is not None and str(code_text).strip():
                try:
                    code = parse_code(str(code_text), sch)
                except InvalidCodeError as exc:
                    problems.append(Problem(ProblemKind.INVALID_CODE, exc.reason + f" ({code_text!r})",
                                            Location(file=file, line=line, table=id,
                                                     row=str(code_text))))
                    continue
            key = code if code is not None else label_key(label)
            page = attributes[i].get(PAGE_ATTRIBUTE) if attributes is not None else None
            loc = _LazyLocation(file, line, id, key, int(page) if page else None)
            if levels is not None and code is not None and level_of(code) not in levels:
                problems.append(Problem(ProblemKind.WRONG_LEVEL,
                                        f"{code} is a level-{level_of(code)} code; this table "
                                        f"holds levels {', '.join(map(str, levels))}", loc.at()))
            if catalog is not None and code is not None:
                entry = catalog.get(code)
                if entry is None:
                    problems.append(Problem(ProblemKind.UNKNOWN_CODE,
                                            f"{code} is not in {catalog.scheme} {catalog.year}",
                                            loc.at()))
                elif name_key(label) != name_key(entry.name) and all(
                        name_key(label) != name_key(a) for a in entry.aliases):
                    problems.append(Problem(ProblemKind.NAME_MISMATCH,
                                            f"printed {label!r}, {catalog.scheme} "
                                            f"{catalog.year} names {code} {entry.name!r}",
                                            loc.at()))
            if key in seen:
                first = f"line {seen[key]}" if seen[key] is not None else "an earlier row"
                problems.append(Problem(ProblemKind.DUPLICATE_ROW,
                                        f"row {key} repeats {first}; the first is kept",
                                        loc.at()))
                continue
            seen[key] = line
            amounts: list[tuple[str, Amount]] = []
            for col in columns:
                if col not in cells:
                    problems.append(Problem(ProblemKind.MISSING_CELL, f"no cell for column {col}",
                                            loc.at(col)))
                    continue
                raw = cells[col]
                if isinstance(raw, Amount):
                    amounts.append((col, raw))
                    continue
                try:
                    amounts.append((col, amount_of(raw)))
                except AmountError as exc:
                    problems.append(Problem(ProblemKind.BAD_AMOUNT, exc.reason + f" ({raw!r})",
                                            loc.at(col)))
            if len(cells) != len(column_set) or not column_set.issuperset(cells):
                for col in cells:
                    if col not in column_set:
                        problems.append(Problem(ProblemKind.RAGGED_ROW, f"cell for unknown column {col!r}",
                                                loc.at(str(col))))
            attrs_ = tuple(attributes[i].items()) if attributes is not None else ()
            built.append(Row(code, label, tuple(amounts), line, attrs_))
        if strict and problems:
            err = LedgerError(f"{len(problems)} problem(s) in table {id}:\n"
                              + "\n".join(str(p) for p in problems),
                              location=problems[0].location)
            err.problems = tuple(problems)
            raise err
        return cls(id=id, title=title, columns=columns, rows=built, unit=unit, scheme=scheme,
                   year=year, catalog=catalog, problems=problems, source=file)

    # -- access -------------------------------------------------------------------
    def row(self, key: str) -> Row:
        """The row with code or label ``key`` (labels match without ordinals/spaces)."""
        r = self._index.get(key) or self._index.get(label_key(key))
        if r is None:
            raise LedgerError(f"table {self.id} has no row {key!r}")
        return r

    def get_row(self, key: str) -> Row | None:
        """Like :meth:`row` but ``None`` when absent."""
        return self._index.get(key) or self._index.get(label_key(key))

    def get_cell(self, key: str, column: str) -> Amount | None:
        """The printed cell at ``key`` × ``column``, or ``None`` when the row or cell is absent."""
        r = self.get_row(key)
        return r.get(column) if r is not None else None

    def cell(self, key: str, column: str) -> Amount:
        """The printed cell at ``key`` × ``column`` (raises when absent)."""
        if column not in self.columns:
            raise LedgerError(f"table {self.id} has no column {column!r} "
                              f"(columns: {', '.join(self.columns)})")
        a = self.row(key).get(column)
        if a is None:
            raise LedgerError(f"table {self.id} has no cell {key!r} × {column!r}")
        return a

    def value(self, key: str, column: str) -> Decimal | None:
        """The printed value (``None`` for a blank cell)."""
        return self.cell(key, column).value

    def coded_rows(self) -> tuple[Row, ...]:
        """Rows keyed by a code, in printed order."""
        return tuple(r for r in self.rows if r.code is not None)

    def total_key(self) -> str | None:
        """The key of the grand-total row (合计 or 总计) of a coded table, if printed."""
        for label in TOTAL_LABELS:
            if label in self._index and self._index[label].code is None:
                return label
        return None

    def _printed_parent(self, code: str) -> str | None:
        """The nearest ancestor printed as a row, or the total row, or ``None``."""
        p = parent_code(code)
        while p is not None:
            r = self._index.get(p)
            if r is not None and r.code is not None:
                return p
            p = parent_code(p)
        return self.total_key()

    def children(self, key: str) -> tuple[Row, ...]:
        """Rows printed directly below ``key``: those whose nearest printed ancestor it is.

        A 项 printed without its 款 counts under its 类 (or the total): nothing goes
        unchecked because a level was omitted.
        """
        if self._kids is None:
            kids: dict[str | None, list[Row]] = {}
            for r in self.rows:
                if r.code is not None:
                    kids.setdefault(self._printed_parent(r.code), []).append(r)
            self._kids = {k: tuple(v) for k, v in kids.items()}
        k = key if key in self._index else label_key(key)
        if k in TOTAL_LABELS and self.total_key() is None:
            return self._kids.get(None, ())
        return self._kids.get(k, ())

    def location(self, key: str, column: str | None = None) -> Location:
        """Where a row (and column) of this table is."""
        r = self.get_row(key)
        page = r.attribute(PAGE_ATTRIBUTE) if r else None
        return Location(file=self.source, line=r.line if r else None, table=self.id, row=key,
                        column=column, page=int(page) if page else None)

    # -- roll-up ------------------------------------------------------------------
    def rollup(self) -> Rollup:
        """Compute every parent from the leaves, keeping printed values apart.

        A row with children printed below it is a parent; its computed value is
        the exact sum of its leaves' printed values.  The 合计 row sums the 类 rows'
        computed values.  Blank cells count as zero.
        """
        computed: dict[tuple[str, str], Decimal] = {}
        leaves: dict[str, int] = {}

        def walk(key: str) -> tuple[dict[str, Decimal], int]:
            kids = self.children(key)
            if not kids:
                r = self.row(key)
                vals = {c: (a.value if a.value is not None else Decimal(0)) for c, a in r.cells}
                return vals, 1
            sums: dict[str, list[Decimal]] = {}
            n = 0
            for k in kids:
                vals, m = walk(k.key)
                n += m
                for c, v in vals.items():
                    sums.setdefault(c, []).append(v)
            out = {c: exact_sum(vs) for c, vs in sums.items()}
            for c, v in out.items():
                computed[(key, c)] = v
            leaves[key] = n
            return out, n

        total = self.total_key()
        tops = [total] if total is not None else [
            r.key for r in self.rows if r.code is not None and self._printed_parent(r.code) is None]
        for t in tops:
            walk(t)
        return Rollup(self, computed, leaves)

    # -- export -------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """One dict per cell (long format), usable by pandas or DuckDB as they are.

        >>> import govaccts
        >>> t = govaccts.example_report().table("公开05")
        >>> t.to_records()[0]["value"], t.to_records()[0]["column"]
        (Decimal('540.44'), '小计')
        """
        return [
            {"table": self.id, "code": r.code, "label": r.label, "column": c,
             "value": a.value, "decimals": a.decimals, "text": a.text, "unit": self.unit.value}
            for r in self.rows for c, a in r.cells
        ]


@attrs.frozen
class Rollup:
    """Parents computed from leaves, beside the printed table.

    ``leaves[key]`` is the number of leaves summed into ``key``.
    """

    table: LedgerTable
    computed: Mapping[tuple[str, str], Decimal]
    leaves: Mapping[str, int]

    def value(self, key: str, column: str) -> Decimal:
        """The computed value of a parent row (raises for a leaf)."""
        k = key if (key, column) in self.computed else label_key(key)
        try:
            return self.computed[(k, column)]
        except KeyError:
            raise LedgerError(f"{key!r} × {column!r} is not a computed parent of "
                              f"table {self.table.id}") from None

    def differences(self) -> list[tuple[str, str, Decimal | None, Decimal]]:
        """``(key, column, printed, computed)`` wherever the two differ."""
        out = []
        for (key, col), comp in self.computed.items():
            a = self.table.row(key).get(col)
            printed = a.value if a is not None else None
            if printed != comp:
                out.append((key, col, printed, comp))
        return out
