"""The columnar ledger agrees with the object-per-cell semantics it replaced.

A reference implementation of the old design (a :class:`Row` of :class:`Amount` objects
per printed row, the recursive roll-up over Decimals, tree identities edge by edge) is
kept here, and generated ledgers — codes with levels left out, rows out of order,
duplicates, blank, odd, bad and missing cells, thousands separators, minus zeros, values
beyond 64 bits — must read, roll up, check and round-trip exactly alike.
"""

from __future__ import annotations

import gc
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import govaccts
from govaccts import LedgerTable
from govaccts.amounts import Amount, exact_sum, parse_amount
from govaccts.amounts import parse as parse_module
from govaccts.catalogs.codes import parse_code
from govaccts.checks.context import Context
from govaccts.checks.evaluate import evaluate
from govaccts.checks.findings import finding_to_dict, summarize
from govaccts.checks.streaming import iter_findings, write_findings_json
from govaccts.errors import AmountError, InvalidCodeError, LedgerError, Location, ReportReadError
from govaccts.io.delimited import read_delimited, stream_delimited
from govaccts.io.tables import parse_table, read_table, table_from_json, table_to_csv, table_to_json
from govaccts.ledger.builder import TableBuilder
from govaccts.ledger.columns import Column
from govaccts.ledger.identities import Identity, Ref, tree_identities
from govaccts.ledger.rows import TOTAL_LABELS, Problem, ProblemKind, Row, label_key

D = Decimal
quick = settings(max_examples=200, derandomize=True, database=None, deadline=None)
few = settings(max_examples=60, derandomize=True, database=None, deadline=None)


# --- the reference: one Row of Amounts per printed row (the design before issue #13) ----------


def ref_build(columns: Sequence[str], rows: Sequence[tuple[str | None, str, Mapping[str, object]]],
              scheme: str | None = None) -> tuple[list[Row], list[tuple[str, str, Location]]]:
    """Rows and problems as the row-by-row build made them (no catalog, no levels)."""
    problems: list[tuple[str, str, Location]] = []
    built: list[Row] = []
    seen: dict[str, int | None] = {}
    colset = set(columns)
    for i, (code_text, label, cells) in enumerate(rows):
        line = i + 2
        code = None
        if code_text is not None and str(code_text).strip():
            try:
                code = parse_code(str(code_text), scheme)
            except InvalidCodeError as exc:
                problems.append(("invalid-code", exc.reason + f" ({code_text!r})",
                                 Location(file="g.csv", line=line, table="g", row=str(code_text))))
                continue
        key = code if code is not None else label_key(label)

        def at(column: str | None = None, key: str = key, line: int = line) -> Location:
            return Location(file="g.csv", line=line, table="g", row=key, column=column)

        if key in seen:
            first = f"line {seen[key]}" if seen[key] is not None else "an earlier row"
            problems.append(("duplicate-row", f"row {key} repeats {first}; the first is kept",
                             at()))
            continue
        seen[key] = line
        amounts = []
        for col in columns:
            if col not in cells:
                problems.append(("missing-cell", f"no cell for column {col}", at(col)))
                continue
            raw = cells[col]
            if isinstance(raw, Amount):
                amounts.append((col, raw))
                continue
            try:
                amounts.append((col, parse_amount(raw)))  # type: ignore[arg-type]
            except AmountError as exc:
                problems.append(("bad-amount", exc.reason + f" ({raw!r})", at(col)))
        if len(cells) != len(colset) or not colset.issuperset(cells):
            for col in cells:
                if col not in colset:
                    problems.append(("ragged-row", f"cell for unknown column {col!r}",
                                     at(str(col))))
        built.append(Row(code, label, tuple(amounts), line))
    return built, problems


class RefTable:
    """The old access, children and roll-up, over a list of Rows."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.index: dict[str, Row] = {}
        for r in rows:
            self.index.setdefault(r.key, r)
        kids: dict[str | None, list[Row]] = {}
        for r in rows:
            if r.code is not None:
                kids.setdefault(self.printed_parent(r.code), []).append(r)
        self.kids = kids

    def total_key(self) -> str | None:
        for label in TOTAL_LABELS:
            if label in self.index and self.index[label].code is None:
                return label
        return None

    def printed_parent(self, code: str) -> str | None:
        p = code[:-2] if len(code) > 3 else None
        while p is not None:
            r = self.index.get(p)
            if r is not None and r.code is not None:
                return p
            p = p[:-2] if len(p) > 3 else None
        return self.total_key()

    def children(self, key: str) -> list[Row]:
        k = key if key in self.index else label_key(key)
        if k in TOTAL_LABELS and self.total_key() is None:
            return self.kids.get(None, [])
        return self.kids.get(k, [])

    def rollup(self) -> tuple[dict[tuple[str, str], Decimal], dict[str, int]]:
        computed: dict[tuple[str, str], Decimal] = {}
        leaves: dict[str, int] = {}

        def walk(key: str) -> tuple[dict[str, Decimal], int]:
            kids = self.children(key)
            if not kids:
                r = self.index[key] if key in self.index else self.index[label_key(key)]
                return {c: (a.value if a.value is not None else D(0)) for c, a in r.cells}, 1
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
            r.key for r in self.rows if r.code is not None and self.printed_parent(r.code) is None]
        for t in tops:
            walk(t)
        return computed, leaves

    def tree_identities(self, table_id: str, columns: Sequence[str]) -> list[Identity]:
        out = []
        parents = []
        total = self.total_key()
        if total is not None and self.children(total):
            parents.append(self.index[total])
        parents += [r for r in self.rows if r.code is not None and self.children(r.key)]
        for p in parents:
            kids = self.children(p.key)
            for col in columns:
                names = " + ".join(k.key for k in kids)
                out.append(Identity("sum.tree", Ref(table_id, p.key, col),
                                    tuple(Ref(table_id, k.key, col) for k in kids),
                                    text=f"{table_id} {col}: {p.key} = {names}"))
        return out


# --- generated ledgers ---------------------------------------------------------------------------

PLAIN = st.builds(
    lambda n, d, sep: format(D(n).scaleb(-d), ",f" if sep else "f"),
    st.one_of(st.integers(-10**15, 10**15), st.integers(-10**29, 10**29)),
    st.integers(0, 4), st.booleans())
ODD = st.sampled_from(["（1.00）", "(2.50)", "１２．５０", "+3", " 7 ", "-0.00", "-0", "−4.5",
                       "1,234", "0.5", "-0.05", "00", "01.5", "0,123", "99999999999999999999.99"])
BLANK = st.sampled_from(["", "—", "-", "——", "－"])
BAD = st.sampled_from(["1.2.3", "abc", "1e5", "12%", "1,23", "NaN", "1٩", "(1"])
CELL = st.one_of(PLAIN, PLAIN, PLAIN, ODD, BLANK, BAD)
CENTS = st.builds(lambda n, sep: format(D(n).scaleb(-2), ",f" if sep else "f"),
                  st.integers(-10**12, 10**12), st.booleans())
"""Every cell printed to cents: the integer fast paths (one scale per column)."""
COLUMNS = ("小计", "基本支出", "项目支出")
LABELS = ("行政运行", "一般行政管理事务", "机关服务", "其他支出")


@st.composite
def ledgers(draw: st.DrawFn, *, cells: st.SearchStrategy[object] = CELL,
            messy: bool = True) -> tuple[tuple[str, ...], list[tuple[str | None, str, dict[str, object]]]]:
    ncols = draw(st.integers(1, 3))
    columns = COLUMNS[:ncols]
    codes: list[str] = []
    ordered = draw(st.booleans())  # codes in increasing order: the tables' ordered layout
    key = sorted if ordered else list
    for lei in key(draw(st.lists(st.integers(201, 212), min_size=1, max_size=4, unique=True))):
        if draw(st.booleans()) or not messy:
            codes.append(str(lei))
        for kuan in key(draw(st.lists(st.integers(1, 12), max_size=3, unique=True))):
            k = f"{lei}{kuan:02d}"
            if draw(st.integers(0, 4)) or not messy:
                codes.append(k)
            for xiang in key(draw(st.lists(st.integers(1, 12), max_size=4, unique=True))):
                codes.append(f"{k}{xiang:02d}")
    if messy and not ordered and draw(st.booleans()):
        codes = draw(st.permutations(codes))
    rows: list[tuple[str | None, str, dict[str, object]]] = []
    for code in codes:
        rows.append((code, draw(st.sampled_from(LABELS)), {c: draw(cells) for c in columns}))
    if draw(st.booleans()):
        rows.insert(0, (draw(st.sampled_from(["", None])), draw(st.sampled_from(["合计", "总计", "合 计"])),
                        {c: draw(cells) for c in columns}))
    if messy and rows and draw(st.integers(0, 3)) == 0:  # a duplicate, a missing and an extra cell
        rows.append(rows[draw(st.integers(0, len(rows) - 1))])
        code, label, cs = rows[draw(st.integers(0, len(rows) - 1))]
        rows.append((code, label, {k: v for k, v in list(cs.items())[1:]}))
        rows.append(("2019999", "其他", {**{c: "1.00" for c in columns}, "多": "3"}))
        rows.append(("2x1", "坏代码", {c: "1.00" for c in columns}))
    if messy and draw(st.integers(0, 5)) == 0:
        rows.append(("一、", "一、一般公共服务", {c: draw(cells) for c in columns}))
    return columns, rows


def build(columns: Sequence[str], rows: list[tuple[str | None, str, dict[str, object]]],
          **kw: object) -> LedgerTable:
    return LedgerTable.build(id="g", columns=columns, rows=rows, file="g.csv",  # type: ignore[arg-type]
                             lines=list(range(2, len(rows) + 2)), **kw)  # type: ignore[arg-type]


def cells_of(r: Row) -> list[tuple[str, Decimal | None, int, str]]:
    return [(c, a.value, a.decimals, a.text) for c, a in r.cells]


def exact(v: Decimal | None) -> tuple[str, str] | None:
    """A Decimal with its exponent (Decimal('1.0') == Decimal('1.00'), but prints apart)."""
    return None if v is None else (str(v), repr(v))


@quick
@given(ledgers())
def test_build_reads_every_cell_as_the_row_by_row_build(led: tuple) -> None:  # type: ignore[type-arg]
    columns, rows = led
    t = build(columns, rows)
    ref_rows, ref_problems = ref_build(columns, rows)
    assert [(r.code, r.label, r.line) for r in t.rows] == \
        [(r.code, r.label, r.line) for r in ref_rows]
    assert [[(c, exact(v), d, s) for c, v, d, s in cells_of(r)] for r in t.rows] == \
        [[(c, exact(v), d, s) for c, v, d, s in cells_of(r)] for r in ref_rows]
    assert [(p.kind.value, p.message, p.location) for p in t.problems] == ref_problems
    assert list(t.rows) == ref_rows
    for r in ref_rows:
        for c, a in r.cells:
            assert t.cell(r.key, c) == a
            assert str(t.get_cell(r.key, c)) == a.text


@quick
@given(st.one_of(ledgers(), ledgers(cells=CENTS), ledgers(cells=CENTS, messy=False)))
def test_rollup_agrees_exactly_with_decimal_sums(led: tuple) -> None:  # type: ignore[type-arg]
    columns, rows = led
    t = build(columns, rows)
    ref = RefTable(ref_build(columns, rows)[0])
    computed, leaves = ref.rollup()
    got = t.rollup()
    # the same parents, in the same order, with the same Decimals (exponent included)
    assert [(k, exact(v)) for k, v in got.computed.items()] == \
        [(k, exact(v)) for k, v in computed.items()]
    assert dict(got.leaves) == leaves and list(got.leaves) == list(leaves)
    for key in {k for k, _ in computed}:
        assert [r.key for r in t.children(key)] == [r.key for r in ref.children(key)]
    want = []
    for (key, col), comp in computed.items():
        a = ref.index[key].get(col)
        printed = a.value if a is not None else None
        if printed != comp:
            want.append((key, col, printed, comp))
    assert got.differences() == want


@quick
@given(ledgers(cells=CENTS, messy=False), st.data())
def test_rows_repeated_through_the_constructor(led: tuple, data: st.DataObject) -> None:  # type: ignore[type-arg]
    # LedgerTable(rows=...) keeps repeated keys (build drops them): reads go to the first
    columns, rows = led
    ref_rows = ref_build(columns, rows)[0]
    every = list(ref_rows)
    for _ in range(data.draw(st.integers(0, 4))):  # a repeated key, other cells, anywhere
        r = data.draw(st.sampled_from(ref_rows))
        again = Row(r.code, r.label, tuple((c, parse_amount(data.draw(CENTS))) for c in columns))
        every.insert(data.draw(st.integers(0, len(every))), again)
    t = LedgerTable(id="g", columns=columns, rows=every)
    computed, leaves = RefTable(every).rollup()
    got = t.rollup()
    assert [(k, exact(v)) for k, v in got.computed.items()] == \
        [(k, exact(v)) for k, v in computed.items()]
    assert dict(got.leaves) == leaves
    assert list(t.rows) == every


@quick
@given(st.one_of(ledgers(), ledgers(cells=CENTS), ledgers(cells=st.one_of(CENTS, BLANK))))
def test_tree_and_precision_findings_agree(led: tuple) -> None:  # type: ignore[type-arg]
    columns, rows = led
    t = build(columns, rows)
    ref = RefTable(ref_build(columns, rows)[0])
    ctx = Context("half-up", {"g": t})
    want = [f for i in ref.tree_identities("g", columns) for f in evaluate(i, ctx)]
    assert sorted(govaccts.check_table(t, rules=["sum.tree"])) == sorted(want)
    assert [str(i) for i in tree_identities(t)] == \
        [str(i) for i in ref.tree_identities("g", columns)]
    # precision: every printed value with fewer decimals than its column's most
    expected = []
    for col in columns:
        printed = [(r, a) for r in ref.rows if (a := r.get(col)) is not None and a.value is not None]
        if printed:
            most = max(a.decimals for _, a in printed)
            expected += [(r.key, col, a.text) for r, a in printed if a.decimals < most]
    got = [(f.row, f.column, f.cells[0].text)
           for f in govaccts.check_table(t, rules=["precision.column"])]
    assert sorted(got) == sorted(expected)


@few
@given(ledgers(messy=False, cells=st.one_of(PLAIN, ODD.filter(lambda t: t == t.strip()), BLANK)))
def test_json_and_csv_round_trips(led: tuple) -> None:  # type: ignore[type-arg]
    columns, rows = led
    t = LedgerTable.build(id="g", columns=columns, rows=rows)  # type: ignore[arg-type]
    assume(not t.problems)
    assert table_from_json(table_to_json(t), strict=False) == t
    back = parse_table(table_to_csv(t), id="g", scheme=None)  # cells are read stripped
    assert [(r.code, r.label, r.cells) for r in back.rows] == \
        [(r.code, r.label, r.cells) for r in t.rows]
    # the same table from Row objects (the public constructor) is equal too
    assert LedgerTable(id="g", columns=columns, rows=list(t.rows)) == t


@quick
@given(st.lists(st.one_of(PLAIN, ODD, BLANK, BAD), min_size=1, max_size=40))
def test_column_parse_is_parse_amount(texts: list[str]) -> None:
    col = Column()
    errors = dict(col.extend(texts))
    for i, text in enumerate(texts):
        try:
            want = parse_amount(text)
        except AmountError as exc:
            assert str(errors[i]) == str(exc)
            assert col.amount(i) is None
            continue
        got = col.amount(i)
        assert got == want and exact(got.value) == exact(want.value)  # type: ignore[union-attr]
        assert col.scaled(i) == (None if want.value is None else
                                 (int(want.value.scaleb(want.decimals)), want.decimals))


# --- the fast path of parse_amount --------------------------------------------------------------


def strict_parse(text: str) -> Amount:
    """parse_amount with its fast path switched off."""
    saved = parse_module._parse_plain
    parse_module._parse_plain = lambda _t: None  # type: ignore[assignment]
    try:
        return parse_amount(text)
    finally:
        parse_module._parse_plain = saved


TEXT = st.one_of(PLAIN, ODD, BAD, BLANK,
                 st.text(alphabet="0123456789,.-+ ()٩１", max_size=12))


@quick
@given(TEXT)
def test_fast_path_is_the_strict_path(text: str) -> None:
    parse_module._parse_plain.cache_clear()
    try:
        want: Amount | str = strict_parse(text)
    except AmountError as exc:
        want = str(exc)
    try:
        got: Amount | str = parse_amount(text)
    except AmountError as exc:
        got = str(exc)
    assert got == want
    if isinstance(got, Amount) and isinstance(want, Amount):
        assert exact(got.value) == exact(want.value)


@quick
@given(PLAIN)
def test_plain_text_is_its_canonical_rendering(text: str) -> None:
    plain = parse_module.parse_plain(text)
    assert plain is not None
    n, code = plain
    value = parse_module.decimal_of(n, code & parse_module.DECIMALS_MASK)
    assert value == parse_amount(text).value
    if not (n == 0 and text.startswith("-")):
        assert format(value, ",f" if code & parse_module.SEP else "f") == text


def test_non_ascii_digits_are_refused() -> None:
    # the old fast path read '1٩' as 19 while the strict path refused '١٢'
    for text in ("1٩", "1,٢٣٤", "٩"):
        with pytest.raises(AmountError, match="is not allowed"):
            parse_amount(text)


# --- columns ----------------------------------------------------------------------------------


def test_column_keeps_odd_texts_only() -> None:
    texts = ["1,234.50", "999.99", "0.00", "（2.00）", "—", "", "-0.00", "1234.5"]
    col = Column.from_texts(texts)
    assert [a.text for a in col] == texts  # type: ignore[union-attr]
    # "1234.5" is the plain rendering, "1,234.50" the one with separators: a code each
    assert sorted(col._texts.values()) == ["-0.00", "—", "（2.00）"]


def test_one_style_and_scale_per_column() -> None:
    # below 1,000 a figure prints alike with separators or without: the column's style
    col = Column.from_texts(["1,234.50", "999.99", "0.00", "-12.00"])
    assert len(col.kinds) == 1 and col.common_decimals == 2
    assert col.normalized() == (col.ints, 2)
    mixed = Column.from_texts(["1.5", "2.25", "", "3"])
    assert mixed.common_decimals is None and mixed.max_decimals() == 2
    assert mixed.normalized() == ([150, 225, 0, 300], 2)
    assert mixed.fewer_decimals(2) == [0, 3]


def test_values_beyond_64_bits_and_objects() -> None:
    big = "9" * 28 + ".99"
    col = Column.from_texts([big, "1.00", None])
    assert isinstance(col.ints, list)
    assert col.value(0) == D(big) and col.amount(2) is None and not col.present(2)
    # an Amount whose value does not have its decimals' exponent is kept as it is
    odd = Amount(value=D("1.5"), decimals=2, text="1.50")
    negzero = Amount(value=D("-0.00"), decimals=2, text="-0.00")
    col = Column.from_texts([odd, negzero, parse_amount("2.25")])
    assert col.amount(0) is odd and col.amount(1) is negzero
    assert col.normalized() is None and col.scaled(0) == (15, 1)


def test_from_scaled() -> None:
    col = Column.from_scaled([123450, None, -5, 10**20], [2, 0, 2, 2], thousands=True)
    assert [str(a) for a in col] == ["1,234.50", "", "-0.05", "1,000,000,000,000,000,000.00"]
    with pytest.raises(AmountError, match="never a float"):
        Column.from_scaled([1.5], 2)  # type: ignore[list-item]  # float-ok: refused
    with pytest.raises(AmountError, match="decimals"):
        Column.from_scaled([1], 31)


def test_table_holds_no_amount_object_per_cell() -> None:
    rows = [(f"201{i // 99 + 1:02d}{i % 99 + 1:02d}", "行政运行", {"a": f"{i}.00", "b": "1.50"})
            for i in range(5000)]
    gc.collect()
    before = sum(isinstance(o, Amount) for o in gc.get_objects())
    t = LedgerTable.build(id="t", columns=["a", "b"], rows=rows)  # type: ignore[arg-type]
    gc.collect()
    after = sum(isinstance(o, Amount) for o in gc.get_objects())
    assert len(t) == 5000 and after - before < 100


def test_small_tables_keep_their_rows_large_ones_do_not() -> None:
    from govaccts.ledger.table import SMALL

    small = govaccts.example_report().table("公开05")
    assert small.row("201") is small.row("201") is small.rows[small.keys().index("201")]
    assert small.get_cell("201", "小计") is small.row("201").get("小计")
    rows = [(f"{201 + i // 9801}{i // 99 % 99 + 1:02d}{i % 99 + 1:02d}", "行政运行", {"a": "1.00"})
            for i in range(SMALL + 1)]
    large = LedgerTable.build(id="t", columns=["a"], rows=rows)  # type: ignore[arg-type]
    first = large.row(rows[0][0])
    assert large.row(rows[0][0]) == first and large.row(rows[0][0]) is not first
    assert large.keys() == [r[0] for r in rows]


# --- ordered rows: keys found by bisection, the tree a run of codes at a time -----------------


def with_index(t: LedgerTable) -> LedgerTable:
    """The same table with its rows treated as unordered: every key in a dict."""
    parts = attrs.evolve(t._parts, ordered=False, index=None, head={})
    parts.index = {}
    for i in range(len(parts.codes)):
        parts.index.setdefault(t._key(i), i)
    return LedgerTable._from_parts(parts, id=t.id, columns=t.columns, title=t.title,
                                   unit=t.unit, scheme=t.scheme, year=t.year,
                                   catalog=t.catalog, problems=t.problems, source=t.source)


@given(st.one_of(ledgers(), ledgers(cells=CENTS, messy=False)),
       st.sampled_from(["", "9", "2", "201", "20101", "合计", "总计", "zz", "一、"]))
def test_ordered_rows_are_found_and_summed_as_with_an_index(led: tuple, probe: str) -> None:  # type: ignore[type-arg]
    columns, rows = led
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("govaccts.ledger.builder.SMALL_INDEX", 0)  # keys found by bisection
        t = build(columns, rows)
        check_like_indexed(t, with_index(t), columns, probe)


def check_like_indexed(t: LedgerTable, u: LedgerTable, columns: Sequence[str],
                       probe: str) -> None:
    assert t == u and t.keys() == u.keys()
    for key in [*t.keys(), probe, probe + "01"]:
        assert t._find(key) == u._find(key)
        assert t.children(key) == u.children(key)
    assert t.total_key() == u.total_key() and t.tree_parents() == u.tree_parents()
    r, q = t.rollup(), u.rollup()
    assert dict(r.computed) == dict(q.computed) and dict(r.leaves) == dict(q.leaves)
    assert t._get_tree().plan == u._get_tree().plan
    for c in columns:
        assert t.exact_tree_sums(c) == u.exact_tree_sums(c)


def test_a_ledger_in_code_order_needs_no_key_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("govaccts.ledger.builder.SMALL_INDEX", 0)  # as for a large ledger
    rows = [("", "合计", {"a": "3.00"}), ("201", "一般公共服务支出", {"a": "3.00"}),
            ("20101", "人大事务", {"a": "1.00"}), ("2010101", "行政运行", {"a": "1.00"}),
            ("20102", "政协事务", {"a": "2.00"}), ("2010201", "行政运行", {"a": "2.00"})]
    t = LedgerTable.build(id="t", columns=["a"], rows=rows)  # type: ignore[arg-type]
    assert t._parts.ordered and t._parts.index is None
    assert t.rollup().value("合计", "a") == Decimal("3.00") and t._parts.index is None
    assert [r.code for r in t.children("201")] == ["20101", "20102"]
    assert t.row("2010201").label == "行政运行" and t.get_row("2010301") is None
    assert t._parts.index is None
    late = LedgerTable.build(id="t", columns=["a"], rows=[*rows, ("", "其中", {"a": "1"})])  # type: ignore[arg-type]
    assert not late._parts.ordered and late._parts.index is not None  # a label after codes
    assert late.row("其中").code is None


# --- what the table rules read without making rows ---------------------------------------------


@given(ledgers())
def test_codes_and_attribute_names_are_those_of_the_rows(led: tuple) -> None:  # type: ignore[type-arg]
    columns, rows = led
    t = build(columns, rows, attributes=[{"行次": str(i)} if i % 3 else {}
                                         for i in range(len(rows))])
    assert t.codes() == [r.code for r in t.coded_rows()]
    assert t.attribute_names() == {k for r in t.rows for k, _ in r.attributes}
    rep = govaccts.example_report()
    for table in rep.tables.values():
        assert table.attribute_names() == {k for r in table.rows for k, _ in r.attributes}
        assert table.codes() == [r.code for r in table.coded_rows()]


@given(st.lists(st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=10),
                          st.sampled_from(["２０１", "201 01", "x", "4001", "1001", "80010"])),
                max_size=30))
def test_schemes_judged_by_shape_are_scheme_of(codes: list[str]) -> None:
    from govaccts.checks.table_rules import _scheme, _schemes

    assert _schemes(codes) == {s for c in codes if (s := _scheme(c)) is not None}


# --- chunks: the build and the reader see rows a chunk at a time ---------------------------------


@few
@given(ledgers(), st.integers(1, 5))
def test_chunk_boundaries_change_nothing(led: tuple, size: int) -> None:  # type: ignore[type-arg]
    columns, rows = led
    whole = build(columns, rows)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("govaccts.ledger.table.CHUNK", size)
        chunked = build(columns, rows)
    assert chunked == whole and chunked.problems == whole.problems
    assert [r.line for r in chunked.rows] == [r.line for r in whole.rows]


@pytest.mark.parametrize("scheme", [None, "function", "dept-economic", "gov-economic", "revenue"])
@quick
@given(codes=st.lists(st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=10),
                                st.sampled_from(["201", "20101", "2010101", "30101", "10101",
                                                 "201001", "2010001", "2 01 01", "'201", ""])),
                      min_size=1, max_size=8))
def test_codes_judged_in_bulk_are_parse_code(scheme: str | None, codes: list[str]) -> None:
    sch = govaccts.get_scheme(scheme) if scheme else None
    b = TableBuilder(id="t", columns=[], scheme=sch)
    fast = b._fast_keys(codes, ["x"] * len(codes))
    if fast is None:
        return  # parse_code decides row by row
    for code, got in zip(codes, fast[0], strict=True):
        if code:
            assert parse_code(code, scheme) == got
        else:
            assert got is None


# --- reading a CSV as a stream --------------------------------------------------------------------

CSV = """一般公共预算财政拨款支出决算表
单位：万元
科目代码,科目名称,行次,小计,基本支出
,合计,1,"1,540.44",425.43
206,科学技术支出,2,1.78,1.78

20601,科学技术管理事务,3,1.78,—
 , , , ,
2060199,其他科学技术管理事务支出,4,1.78,1.0x
"""


@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_read_table_in_chunks(tmp_path: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="gbk")
    monkeypatch.setattr("govaccts.io.tables.CHUNK", size)
    t = read_table(path)
    assert t.title == "一般公共预算财政拨款支出决算表" and t.unit.value == "万元"
    assert [(r.key, r.line, r.attribute("行次")) for r in t.rows] == [
        ("合计", 4, "1"), ("206", 5, "2"), ("20601", 7, "3"), ("2060199", 9, "4")]
    assert [(p.kind, p.location.line, p.location.column) for p in t.problems] == [
        ("bad-amount", 9, "基本支出")]
    monkeypatch.setattr("govaccts.io.tables.CHUNK", 8192)
    assert t == parse_table(CSV, name=str(path), id="t")


def test_reader_errors_come_first_wherever_they_are(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("govaccts.io.tables.CHUNK", 2)
    text = ("科目代码,科目名称,FISCAL_YEAR,小计\n201,一般公共服务支出,2023,1\n"
            "20101,人大事务,2024,1\n2010101,行政运行,2023,1\n2010102,一般行政管理事务,2023\n")
    with pytest.raises(ReportReadError, match="expected 4 fields"):
        parse_table(text)
    with pytest.raises(LedgerError, match=r"FISCAL_YEAR must hold one year, found \['2023', '2024'\]"):
        parse_table(text.rsplit("\n", 2)[0] + "\n")
    with pytest.raises(ReportReadError, match="expected 2 fields"):
        parse_table("科目代码,小计\n201,1\n201,1,2\n")  # no name column, but the ragged row first


def test_a_file_that_is_not_utf8_late_is_read_as_gb18030(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("govaccts.io.tables.CHUNK", 1)
    body = "code,name,a\n" + "".join(f"2010{i},x{i},1\n" for i in range(1, 10))
    path = tmp_path / "late.csv"
    path.write_bytes(body.encode() + "20110,其他,2\n".encode("gbk"))
    t = read_table(path, scheme="function")
    assert t.row("20110").label == "其他" and len(t) == 10


@quick
@given(st.lists(st.lists(st.sampled_from(["", " ", "a", "1,2", '"q"', "x y", "科目"]),
                         min_size=1, max_size=4), max_size=8),
       st.sampled_from([",", "\t"]), st.sampled_from(["\n", "\r\n"]))
def test_stream_reads_what_read_delimited_reads(table: list[list[str]], sep: str,
                                                nl: str) -> None:
    buf = io.StringIO(newline="")
    import csv
    csv.writer(buf, delimiter=sep, lineterminator=nl).writerows(table)
    text = buf.getvalue()
    try:
        want: object = read_delimited(text, "t")
    except govaccts.GovacctsError as exc:
        want = str(exc)
    try:
        d = stream_delimited(io.StringIO(text, newline=""), "t")
        got: object = (d.header, list(d.rows()), d.preamble, dict(d.metadata), d.delimiter)
    except govaccts.GovacctsError as exc:
        got = str(exc)
    if isinstance(want, str):
        assert got == want
    else:
        assert got == (want.header, list(want.rows), want.preamble,  # type: ignore[attr-defined]
                       dict(want.metadata), want.delimiter)  # type: ignore[attr-defined]


# --- findings as a stream --------------------------------------------------------------------------


def test_stream_of_findings_is_check() -> None:
    rep = govaccts.example_report()
    assert sorted(iter_findings(rep)) == govaccts.check(rep)
    assert sorted(iter_findings(rep, mode="exact", rules=["sum."])) == \
        govaccts.check(rep, mode="exact", rules=["sum."])
    t = rep.table("公开05")
    ids = ["小计=基本支出+项目支出"]
    assert sorted(iter_findings(t, identities=ids)) == govaccts.check_table(t, identities=ids)


def test_causes_come_before_their_consequences() -> None:
    rows = [("", "合计", {"a": "3.00"}), ("201", "一般公共服务支出", {"a": "3.00"}),
            ("20101", "人大事务", {"a": "1.0x"}), ("20102", "政协事务", {"a": "2.00"})]
    t = LedgerTable.build(id="t", columns=["a"], rows=rows)  # type: ignore[arg-type]
    rules = [f.rule for f in iter_findings(t) if f.rule != "table.catalog"]  # no year: a note
    assert rules == ["table.problem", "sum.tree"]


@few
@given(ledgers())
def test_json_written_as_found_is_json_dumps(led: tuple) -> None:  # type: ignore[type-arg]
    columns, rows = led
    fs = list(iter_findings(build(columns, rows)))
    out = io.StringIO()
    summary = write_findings_json(out, iter(fs), target={"kind": "table", "path": "g.csv"},
                                  mode="half-up")
    payload = {"target": {"kind": "table", "path": "g.csv"}, "mode": "half-up",
               "findings": [finding_to_dict(f) for f in fs], "summary": summarize(fs)}
    assert out.getvalue() == json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2)
    assert summary == summarize(fs)


def test_problem_kinds_are_unchanged() -> None:
    assert {k.value for k in ProblemKind} == {
        "invalid-code", "unknown-code", "wrong-level", "duplicate-row", "name-mismatch",
        "bad-amount", "ragged-row", "missing-cell", "no-catalog"}
    assert Problem(ProblemKind.BAD_AMOUNT, "m", Location()).kind == "bad-amount"
