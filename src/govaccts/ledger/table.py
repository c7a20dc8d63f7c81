"""Ledger tables: rows keyed by code or label, named amount columns, a unit.

A :class:`LedgerTable` keeps every cell exactly as printed: value, decimals and text
(read as an :class:`~govaccts.Amount`).  It stores them by column — scaled integers
and one code byte per cell (:mod:`govaccts.ledger.columns`) — and makes a
:class:`Row` or an :class:`~govaccts.Amount` when one is read, so a table of a million
cells holds no million objects.  Problems found while building it — an unknown code,
a code at a level the table does not hold, a duplicate row, a name that does not
match the code, a cell that is no amount — are kept as :class:`Problem` records with
their location; ``strict=True`` raises them instead.  Nothing is dropped silently.

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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any

from govaccts.amounts import Amount, Unit
from govaccts.catalogs.codes import get_scheme
from govaccts.catalogs.entries import Catalog
from govaccts.catalogs.store import CatalogStore
from govaccts.errors import LedgerError, Location
from govaccts.ledger.builder import CHUNK, TableBuilder, TableParts
from govaccts.ledger.columns import MISSING, Column
from govaccts.ledger.rollup import Rollup, _Computed
from govaccts.ledger.rows import TOTAL, TOTAL_LABELS, Problem, ProblemKind, Row, label_key
from govaccts.ledger.rowseq import Rows, _cells_of, _columns_of, _joined, _parts_from_rows
from govaccts.ledger.tree import TOP, Tree, exact_edges, rollup_column

__all__ = ["PAGE_ATTRIBUTE", "TOTAL", "TOTAL_LABELS", "LedgerTable", "Problem", "ProblemKind",
           "Rollup", "Row", "label_key"]

PAGE_ATTRIBUTE = "页"
"""The row attribute that holds the page a row was printed on (documents read from PDF)."""


_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)

SMALL = 16_384
"""A table of at most this many cells keeps each :class:`Row` it has made (a report's
tables are read again and again by the checks); a larger one makes them when read."""


class LedgerTable:
    """An immutable table of printed amounts (see the module docstring)."""

    __slots__ = ("_colpos", "_cols", "_parts", "_rows", "_tree", "catalog", "columns", "id",
                 "problems", "scheme", "source", "title", "unit", "year")

    def __init__(self, *, id: str, columns: Sequence[str], rows: Iterable[Row],
                 title: str = "", unit: Unit | str = Unit.WAN, scheme: str | None = None,
                 year: int | None = None, catalog: Catalog | None = None,
                 problems: Iterable[Problem] = (), source: str | None = None) -> None:
        columns = tuple(columns)
        self._setup(_parts_from_rows(columns, rows), id=id, columns=columns, title=title,
                    unit=unit, scheme=scheme, year=year, catalog=catalog,
                    problems=problems, source=source)

    def _setup(self, parts: TableParts, *, id: str, columns: Sequence[str], title: str,
               unit: Unit | str, scheme: str | None, year: int | None,
               catalog: Catalog | None, problems: Iterable[Problem],
               source: str | None) -> None:
        self.id = id
        self.title = title
        self.columns = tuple(columns)
        self.unit = Unit.parse(unit)
        self.scheme = get_scheme(scheme).name if scheme else None
        self.year = year
        self.catalog = catalog
        self.problems = tuple(problems)
        self.source = source
        self._parts = parts
        self._cols = tuple(parts.columns)
        self._colpos = {c: j for j, c in enumerate(self.columns)}
        self._tree: Tree | None = None
        n = len(parts.codes)
        self._rows: list[Row | None] | None = [None] * n \
            if n * max(1, len(self.columns)) <= SMALL else None

    @classmethod
    def _from_parts(cls, parts: TableParts, **meta: Any) -> LedgerTable:
        table = cls.__new__(cls)
        table._setup(parts, **meta)
        return table

    def __repr__(self) -> str:
        return f"<LedgerTable {self.id} {self.title}: {len(self)} rows × {len(self.columns)}>"

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self._parts.codes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LedgerTable):
            return NotImplemented
        return (self.id, self.title, self.columns, self.unit, self.scheme, self.year) == \
            (other.id, other.title, other.columns, other.unit, other.scheme, other.year) and \
            self._same_rows(other)

    __hash__ = None  # type: ignore[assignment]

    def _same_rows(self, other: LedgerTable) -> bool:
        """Rows equal as :class:`Row` objects are (codes, labels, cells, attributes)."""
        a, b = self._parts, other._parts
        if a.codes != b.codes or a.labels != b.labels:
            return False
        if len(self._cols) != len(other._cols):
            return all(x == y for x, y in zip(self.rows, other.rows, strict=True))
        if any(self._attributes(i) != other._attributes(i) for i in range(len(a.codes))):
            return False
        return all(x == y for x, y in zip(self._cols, other._cols, strict=True))

    # -- construction -------------------------------------------------------------
    @classmethod
    def build(cls, *, id: str, columns: Sequence[str],
              rows: Iterable[tuple[str | None, str, Mapping[str, str | Amount]]],
              title: str = "", unit: Unit | str = Unit.WAN, scheme: str | None = None,
              year: int | None = None, catalog: Catalog | None = None,
              levels: Sequence[int] | None = None, strict: bool = False,
              file: str | None = None, lines: Sequence[int | None] | None = None,
              attributes: Sequence[Mapping[str, str]] | None = None,
              store: CatalogStore | None = None) -> LedgerTable:
        """Build a table from ``(code, label, {column: text})`` rows, validating each.

        Codes are checked against ``catalog`` (by default the edition of ``scheme`` and
        ``year`` in ``store``, the default store unless given); ``levels`` limits the
        levels a code may have.  Cells may also be :class:`~govaccts.Amount` objects.
        """
        if len(set(columns)) != len(columns):
            raise LedgerError(f"table {id}: a column appears twice in {list(columns)}")
        rows = rows if isinstance(rows, list) else list(rows)
        for what, given in (("lines", lines), ("attributes", attributes)):
            if given is not None and len(given) != len(rows):
                raise LedgerError(f"table {id}: {len(given)} {what} for {len(rows)} rows")
        problems: list[Problem] = []
        catalog = resolve_catalog(id, scheme, year, catalog, store, file, problems)
        cols = tuple(columns)
        builder = TableBuilder(id=id, columns=cols, scheme=get_scheme(scheme) if scheme else None,
                               catalog=catalog, levels=levels, file=file)
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            try:
                shaped = set(map(len, part)) == {3}
            except TypeError:
                shaped = False
            if not shaped:  # unpack each as a row-by-row build would, with its errors
                part = [(code, label, cells) for code, label, cells in part]
            maps = list(map(_THIRD, part))
            joined = _joined(maps, cols)
            if joined is not None:  # every row has every column (and maybe more)
                cells: list[Sequence[Any]] | Callable[[], list[Sequence[Any]]] = \
                    partial(_cells_of, maps, cols)
                exact, missing = set(map(len, maps)) <= {len(cols)}, False
            else:
                cells, exact, missing = _columns_of(maps, cols)
            builder.add(list(map(_FIRST, part)), list(map(_SECOND, part)), cells,
                        joined=joined, maps=None if exact else maps, missing=missing,
                        lines=lines[start:start + CHUNK] if lines is not None else None,
                        attributes=(attributes[start:start + CHUNK] if attributes is not None
                                    else None))
        parts = builder.finish(problems)
        if strict:
            raise_problems(id, parts.problems)
        return cls._from_parts(parts, id=id, title=title, columns=cols, unit=unit,
                               scheme=scheme, year=year, catalog=catalog,
                               problems=parts.problems, source=file)

    # -- access -------------------------------------------------------------------
    @property
    def rows(self) -> Rows:
        """The rows in printed order (a read-only sequence of :class:`Row`)."""
        return Rows(self)

    def column(self, name: str) -> Column:
        """The amount column ``name`` (read-only: scaled integers, decimals, texts)."""
        j = self._colpos.get(name)
        if j is None:
            raise LedgerError(f"table {self.id} has no column {name!r} "
                              f"(columns: {', '.join(self.columns)})")
        return self._cols[j]

    def _attributes(self, i: int) -> tuple[tuple[str, str], ...]:
        p = self._parts
        if p.attr_rows is not None:
            return p.attr_rows[i]
        if p.attr_names is not None and p.attr_cols is not None:
            return tuple(zip(p.attr_names, (v[i] for v in p.attr_cols), strict=True))
        return ()

    def _row(self, i: int) -> Row:
        made = self._rows
        if made is None:
            return self._make_row(i)
        r = made[i]
        if r is None:
            r = made[i] = self._make_row(i)
        return r

    def _make_row(self, i: int) -> Row:
        p = self._parts
        cells = tuple((name, a) for name, col in zip(self.columns, self._cols, strict=True)
                      if (a := col.amount(i)) is not None)
        return Row(p.codes[i], p.labels[i], cells, p.line(i), self._attributes(i))

    def _find(self, key: str) -> int | None:
        i = self._parts.find(key)
        return i if i is not None else self._parts.find(label_key(key))

    def _key(self, i: int) -> str:
        code = self._parts.codes[i]
        return code if code is not None else label_key(self._parts.labels[i])

    def row(self, key: str) -> Row:
        """The row with code or label ``key`` (labels match without ordinals/spaces)."""
        i = self._find(key)
        if i is None:
            raise LedgerError(f"table {self.id} has no row {key!r}")
        return self._row(i)

    def get_row(self, key: str) -> Row | None:
        """Like :meth:`row` but ``None`` when absent."""
        i = self._find(key)
        return self._row(i) if i is not None else None

    def get_cell(self, key: str, column: str) -> Amount | None:
        """The printed cell at ``key`` × ``column``, or ``None`` when the row or cell is absent."""
        i = self._find(key)
        j = self._colpos.get(column)
        if i is None or j is None:
            return None
        if self._rows is not None:  # a small table keeps the rows it has made
            return self._row(i).get(column)
        return self._cols[j].amount(i)

    def cell(self, key: str, column: str) -> Amount:
        """The printed cell at ``key`` × ``column`` (raises when absent)."""
        col = self.column(column)
        i = self._find(key)
        if i is None:
            raise LedgerError(f"table {self.id} has no row {key!r}")
        a = col.amount(i)
        if a is None:
            raise LedgerError(f"table {self.id} has no cell {key!r} × {column!r}")
        return a

    def value(self, key: str, column: str) -> Decimal | None:
        """The printed value (``None`` for a blank cell)."""
        return self.cell(key, column).value

    def keys(self) -> list[str]:
        """The key of every row (code, or label without ordinal and spaces), in order."""
        codes, labels = self._parts.codes, self._parts.labels
        return [c if c is not None else label_key(lb) for c, lb in zip(codes, labels, strict=True)]

    def coded_rows(self) -> tuple[Row, ...]:
        """Rows keyed by a code, in printed order."""
        return tuple(self._row(i) for i, c in enumerate(self._parts.codes) if c is not None)

    def codes(self) -> list[str]:
        """The code of every coded row, in printed order (no :class:`Row` is made)."""
        return [c for c in self._parts.codes if c is not None]

    def attribute_names(self) -> set[str]:
        """The names of the rows' attributes (行次 …), met row by row (no :class:`Row` made)."""
        p = self._parts
        if p.attr_rows is not None:
            return {k for attrs in p.attr_rows for k, _ in attrs}
        return set(p.attr_names) if p.attr_names and p.attr_cols is not None and len(self) \
            else set()

    def total_key(self) -> str | None:
        """The key of the grand-total row (合计 or 总计) of a coded table, if printed."""
        codes = self._parts.codes
        for label in TOTAL_LABELS:
            i = self._parts.find(label)
            if i is not None and codes[i] is None:
                return label
        return None

    def _get_tree(self) -> Tree:
        if self._tree is None:
            total = self.total_key()
            p = self._parts
            keys = [self._key(i) for i in range(len(p.codes))] \
                if not p.ordered and len(p.key_index()) != len(p.codes) else []
            self._tree = Tree(p, keys, p.find(total) if total is not None else None)
        return self._tree

    def _kid_rows(self, key: str) -> list[int]:
        tree = self._get_tree()
        k = key if self._parts.find(key) is not None else label_key(key)
        if k in TOTAL_LABELS and self.total_key() is None:
            return tree.kids.get(TOP, [])
        u = self._parts.find(k)
        return tree.kids.get(u, []) if u is not None else []

    def children(self, key: str) -> tuple[Row, ...]:
        """Rows printed directly below ``key``: those whose nearest printed ancestor it is.

        A 项 printed without its 款 counts under its 类 (or the total): nothing goes
        unchecked because a level was omitted.
        """
        return tuple(map(self._row, self._kid_rows(key)))

    def tree_parents(self) -> list[tuple[str, int, list[str]]]:
        """``(key, row, child keys)`` of every printed parent: the total row first (when it
        has children), then coded rows in printed order."""
        tree = self._get_tree()
        out: list[tuple[str, int, list[str]]] = []
        total = self.total_key()
        if total is not None:
            t = self._parts.find(total)
            assert t is not None
            if tree.kids.get(t):
                out.append((self._key(t), t, [self._key(k) for k in tree.kids[t]]))
        for i, code in enumerate(self._parts.codes):
            if code is not None:
                u = tree.node(i)
                if tree.kids.get(u):
                    out.append((code, u, [self._key(k) for k in tree.kids[u]]))
        return out

    def exact_tree_sums(self, column: str) -> set[int] | None:
        """Rows (as in :meth:`tree_parents`) whose printed value in ``column`` is the exact
        sum of their printed children's, judged on the integers; ``None`` when that
        cannot be decided there (a cell kept as an object)."""
        return exact_edges(self._get_tree(), self.column(column))

    def location(self, key: str, column: str | None = None) -> Location:
        """Where a row (and column) of this table is."""
        i = self._find(key)
        page = dict(self._attributes(i)).get(PAGE_ATTRIBUTE) if i is not None else None
        return Location(file=self.source, line=self._parts.line(i) if i is not None else None,
                        table=self.id, row=key, column=column, page=int(page) if page else None)

    # -- roll-up ------------------------------------------------------------------
    def rollup(self) -> Rollup:
        """Compute every parent from the leaves, keeping printed values apart.

        A row with children printed below it is a parent; its computed value is
        the exact sum of its leaves' printed values.  The 合计 row sums the 类 rows'
        computed values.  Blank cells count as zero.  Computed on the integer columns.
        """
        tree = self._get_tree()
        sums = [rollup_column(tree, col) for col in self._cols]
        data: dict[tuple[str, str], tuple[int, int]] = {}
        orders = self._column_orders(tree) if any(c.kinds & {MISSING} for c in self._cols) \
            else None
        every = range(len(self.columns))
        for u in tree.order:
            key = self._key(u)
            for j in (orders[u] if orders is not None else every):
                got = sums[j].get(u)
                if got is not None:
                    data[(key, self.columns[j])] = got
        leaves = {self._key(u): n for u, n in tree.leaves.items()}
        return Rollup(self, _Computed(data), leaves)

    def _column_orders(self, tree: Tree) -> dict[int, list[int]]:
        """For each parent, its columns in the order a row-by-row sum meets them (a row
        without some cell puts that column later)."""
        orders: dict[int, list[int]] = {}
        cols = self._cols
        for u in tree.order:
            seen: dict[int, None] = {}
            for k in tree.kids[u]:
                c = tree.node(k)
                if c in orders:
                    seen.update(dict.fromkeys(orders[c]))
                else:
                    seen.update((j, None) for j, col in enumerate(cols) if col.present(c))
            orders[u] = list(seen)
        return orders

    # -- export -------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """One dict per cell (long format), usable by pandas or DuckDB as they are.

        >>> import govaccts
        >>> t = govaccts.example_report().table("公开05")
        >>> t.to_records()[0]["value"], t.to_records()[0]["column"]
        (Decimal('540.44'), '小计')
        """
        p = self._parts
        unit = self.unit.value
        out = []
        for i in range(len(p.codes)):
            code, label = p.codes[i], p.labels[i]
            for name, col in zip(self.columns, self._cols, strict=True):
                a = col.amount(i)
                if a is not None:
                    out.append({"table": self.id, "code": code, "label": label, "column": name,
                                "value": a.value, "decimals": a.decimals, "text": a.text,
                                "unit": unit})
        return out


def raise_problems(id: str, problems: Sequence[Problem]) -> None:
    """Raise a :class:`LedgerError` holding ``problems`` (as data), if there are any: what
    ``strict=True`` does with a table's problems."""
    if problems:
        err = LedgerError(f"{len(problems)} problem(s) in table {id}:\n"
                          + "\n".join(str(p) for p in problems), location=problems[0].location)
        err.problems = tuple(problems)
        raise err


def resolve_catalog(id: str, scheme: str | None, year: int | None, catalog: Catalog | None,
                    store: CatalogStore | None, file: str | None,
                    problems: list[Problem]) -> Catalog | None:
    """The catalog a table's codes are checked against: ``catalog``, else the edition of
    ``scheme`` and ``year`` in ``store`` (the default store unless given); a missing
    edition is a :data:`ProblemKind.NO_CATALOG` problem, and codes go unchecked."""
    if catalog is not None or scheme is None or year is None:
        return catalog
    from govaccts.catalogs.store import default_store
    from govaccts.errors import UnknownEditionError

    try:
        return (store if store is not None else default_store()).catalog(scheme, year)
    except UnknownEditionError as exc:  # the arithmetic needs no catalog: go on
        problems.append(Problem(ProblemKind.NO_CATALOG, f"{exc.message}; codes not validated",
                                Location(file=file, table=id)))
        return None
