"""The consistency API: rules, identities and the runner.

A *rule* is a function that yields :class:`~govaccts.Finding` records for a table
or a report; rules live in a registry that other tools extend with
:func:`register_rule`.  Sums are judged by the tolerance model of
:mod:`govaccts.checks.tolerance`; every rule runs to the end, nothing stops at the first
finding.

>>> import govaccts
>>> findings = govaccts.check(govaccts.example_report(), rules=["sum.", "equal."])
>>> govaccts.summarize(findings)["error"]
0
>>> sorted({f.rule for f in findings if f.severity.value == "rounding"})
['sum.cross-table', 'sum.row', 'sum.statement', 'sum.tree']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from govaccts.amounts import EXACT, Amount, exact_sum
from govaccts.checks.findings import CellRef, Finding, Severity, rule_matches
from govaccts.checks.tolerance import Mode, SumResult, check_sum
from govaccts.errors import RuleError
from govaccts.ledger.table import LedgerTable, Row


@attrs.frozen
class Ref:
    """A cell by table key, row key (code or label) and column."""

    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}[{self.row}, {self.column}]"


@attrs.frozen
class Identity:
    """``total = Σ weights·parts`` (``kind="sum"``) or ``total = parts[0]`` (``"equal"``).

    ``rule`` is the rule id findings carry; ``text`` says the identity in words.
    ``missing_as_zero`` lets an unprinted part (a row omitted because it is zero)
    count as an exact zero.
    """

    rule: str
    total: Ref
    parts: tuple[Ref, ...]
    weights: tuple[int, ...] = ()
    kind: str = "sum"
    text: str = ""
    missing_as_zero: bool = True

    def weight_list(self) -> tuple[int, ...]:
        """The weights, +1 for every part when none were given."""
        return self.weights or (1,) * len(self.parts)


@attrs.frozen
class Context:
    """What a rule gets besides its target: the mode, the report's tables, and a cache.

    ``cache`` lives for one run, so rules that share an analysis (the narrative rules,
    the model's identities) do it once.
    """

    mode: Mode
    tables: dict[str, LedgerTable]
    cache: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


RuleFunc = Callable[[Context, Any], Iterable[Finding]]


@attrs.frozen
class Rule:
    """A registered rule: id, Chinese and English titles, scope and the function."""

    id: str
    title_zh: str
    title_en: str
    scope: str
    """``table`` (called once per table) or ``report`` (once per report)."""
    func: RuleFunc = attrs.field(repr=False)
    description: str = ""


_REGISTRY: dict[str, Rule] = {}


def register_rule(r: Rule, *, replace: bool = False) -> Rule:
    """Add a rule to the registry (``replace`` to override an existing id)."""
    if r.scope not in ("table", "report"):
        raise RuleError(f"rule scope must be 'table' or 'report', not {r.scope!r}")
    if r.id in _REGISTRY and not replace:
        raise RuleError(f"rule {r.id!r} is already registered")
    _REGISTRY[r.id] = r
    return r


def rule(id: str, *, title_zh: str, title_en: str, scope: str = "table",
         description: str = "") -> Callable[[RuleFunc], RuleFunc]:
    """Decorator form of :func:`register_rule`.

    >>> @rule("demo.nonnegative", title_zh="金额非负", title_en="amounts are not negative")
    ... def _nonnegative(ctx, table):
    ...     for r in table.rows:
    ...         for col, a in r.cells:
    ...             if a.value is not None and a.value < 0:
    ...                 yield Finding(rule="demo.nonnegative", severity=Severity.WARNING,
    ...                               message_zh="金额为负", message_en="negative amount",
    ...                               table=table.id, row=r.key, column=col)
    >>> "demo.nonnegative" in [r.id for r in rules()]
    True
    >>> unregister_rule("demo.nonnegative")
    """
    def deco(func: RuleFunc) -> RuleFunc:
        register_rule(Rule(id, title_zh, title_en, scope, func, description or (func.__doc__ or "")))
        return func
    return deco


def unregister_rule(id: str) -> None:
    """Remove a rule from the registry."""
    _REGISTRY.pop(id, None)


def rules() -> tuple[Rule, ...]:
    """Every registered rule, by id."""
    return tuple(_REGISTRY[k] for k in sorted(_REGISTRY))


def _selected(selection: Iterable[str] | str | None) -> list[Rule]:
    if selection is None:
        return list(rules())
    sel = (selection,) if isinstance(selection, str) else tuple(selection)
    out = [r for r in rules() if any(rule_matches(r.id, s) for s in sel)]
    unknown = [s for s in sel if not any(rule_matches(r.id, s) for r in rules())]
    if unknown:
        raise RuleError(f"unknown rule(s) {', '.join(unknown)} "
                            f"(known: {', '.join(r.id for r in rules())})")
    return out


# -- evaluating identities ---------------------------------------------------------------


def _cell(tables: dict[str, LedgerTable], ref: Ref) -> Amount | None:
    t = tables.get(ref.table)
    return t.get_cell(ref.row, ref.column) if t is not None else None


def _fmt(d: Decimal | None) -> str:
    return "" if d is None else str(d)


def evaluate(identity: Identity, ctx: Context) -> Iterator[Finding]:
    """Findings of one identity: none when it holds exactly or nothing is printed."""
    total = _cell(ctx.tables, identity.total)
    parts = [_cell(ctx.tables, p) for p in identity.parts]
    if total is None or total.value is None:
        if any(p is not None and p.value not in (None, Decimal(0)) for p in parts):
            yield Finding(rule=identity.rule, severity=Severity.ERROR,
                          message_zh=f"{identity.total}未列示，但其组成项有数：{identity.text}",
                          message_en=f"{identity.total} is not printed but its parts are: "
                                     f"{identity.text}",
                          table=identity.total.table, row=identity.total.row,
                          column=identity.total.column, mode=ctx.mode.value)
        return
    if all(p is None or p.value is None for p in parts) and identity.kind == "sum" and \
            total.value == 0:
        return
    if not identity.missing_as_zero and any(p is None for p in parts):
        return
    weights = identity.weight_list()
    printed = exact_sum(EXACT.multiply(Decimal(w), p.value)
                        for w, p in zip(weights, parts, strict=True)
                        if p is not None and p.value is not None)
    if printed == total.value:
        return  # adds up exactly: nothing to say, whatever the mode
    mode = Mode.EXACT if identity.kind == "equal" else ctx.mode
    res = check_sum(total, parts, weights, mode)
    cells = (CellRef(identity.total.table, identity.total.row, identity.total.column, total.text),
             *(CellRef(r.table, r.row, r.column, a.text if a is not None else "")
               for r, a in zip(identity.parts, parts, strict=True)))
    t = ctx.tables.get(identity.total.table)
    loc = t.location(identity.total.row, identity.total.column) if t is not None else None
    yield attrs.evolve(_sum_finding(identity.rule, res, mode, identity.total, cells,
                                    identity.text, equal=identity.kind == "equal"),
                       location=loc if loc is not None and loc.file else None)


def _sum_finding(rule_id: str, res: SumResult, mode: Mode, where: Ref,
                 cells: tuple[CellRef, ...], text: str, *, equal: bool = False) -> Finding:
    within = res.consistent
    sev = Severity.ROUNDING if within else Severity.ERROR
    gap = res.difference
    if equal:
        zh = f"同一数字两处列示不一致：{text}，相差{gap}"
        en = f"the same figure is printed twice with different values: {text}; difference {gap}"
    elif within:
        zh = f"{text}：相差{gap}，在四舍五入尾数误差范围内（容差{res.tolerance}）"
        en = f"{text}: off by {gap}, within rounding (tolerance {res.tolerance})"
    elif mode is Mode.EXACT:
        zh = f"{text}：相差{gap}（精确模式，不允许尾数差）"
        en = f"{text}: off by {gap} (exact mode: no rounding allowed)"
    else:
        zh = f"{text}：相差{gap}，超出尾数误差范围（容差{res.tolerance}）"
        en = f"{text}: off by {gap}, beyond rounding (tolerance {res.tolerance})"
    return Finding(rule=rule_id, severity=sev, message_zh=zh, message_en=en, table=where.table,
                   row=where.row, column=where.column, reported=res.reported,
                   computed=res.computed, difference=gap, tolerance=res.tolerance,
                   mode=mode.value, cells=cells)


# -- built-in table rules --------------------------------------------------------------------


def tree_identities(table: LedgerTable) -> list[Identity]:
    """Parent = Σ children, edge by edge (合计 → 类 → 款 → 项), for every column."""
    out: list[Identity] = []
    parents: list[Row] = []
    total = table.total_key()
    if total is not None and table.children(total):
        parents.append(table.row(total))
    parents += [r for r in table.coded_rows() if table.children(r.key)]
    for p in parents:
        kids = table.children(p.key)
        for col in table.columns:
            names = " + ".join(k.key for k in kids)
            out.append(Identity("sum.tree", Ref(table.id, p.key, col),
                                tuple(Ref(table.id, k.key, col) for k in kids),
                                text=f"{table.id} {col}: {p.key} = {names}"))
    return out


@rule("sum.tree", title_zh="上下级科目金额合计关系", title_en="parent equals the sum of its children",
      description="For every amount column of a table keyed by code: 合计 = Σ 类, 类 = Σ 款, "
                  "款 = Σ 项, checked edge by edge so each tolerance counts only the direct children.")
def _tree(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for ident in tree_identities(table):
        yield from evaluate(ident, ctx)


@rule("precision.column", title_zh="金额小数位数不一致",
      title_en="a cell printed with fewer decimals than its column",
      description="Within one column every figure should be printed to the same number of "
                  "decimals; a cell with fewer decimals has a wider rounding interval than "
                  "the others and usually marks a hand-typed value.")
def _precision(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for col in table.columns:
        cells = [(r, r.get(col)) for r in table.rows]
        printed = [(r, a) for r, a in cells if a is not None and a.value is not None]
        if not printed:
            continue
        most = max(a.decimals for _, a in printed)
        for r, a in printed:
            if a.decimals < most:
                yield Finding(rule="precision.column", severity=Severity.WARNING,
                              message_zh=f"该数保留{a.decimals}位小数，本列其他数保留{most}位",
                              message_en=f"printed with {a.decimals} decimals where its column "
                                         f"has {most}",
                              table=table.id, row=r.key, column=col, reported=a.value,
                              cells=(CellRef(table.id, r.key, col, a.text),))


_PROBLEM_SEVERITY = {"no-catalog": Severity.WARNING, "name-mismatch": Severity.ERROR, "unknown-code": Severity.ERROR,
                     "invalid-code": Severity.ERROR, "duplicate-row": Severity.ERROR,
                     "bad-amount": Severity.ERROR, "wrong-level": Severity.ERROR,
                     "missing-cell": Severity.ERROR, "ragged-row": Severity.ERROR}
_PROBLEM_ZH = {"no-catalog": "无该年度科目表", "name-mismatch": "科目名称与科目代码不符", "unknown-code": "科目代码不在该年度科目表中",
               "invalid-code": "科目代码格式错误", "duplicate-row": "重复行",
               "bad-amount": "金额格式错误", "wrong-level": "科目级次不符",
               "missing-cell": "缺少单元格", "ragged-row": "多余单元格"}


@rule("table.problem", title_zh="表格行与科目表不符", title_en="a row that does not fit the catalog",
      description="Problems found while building the table: unknown code, code at a level the "
                  "table does not hold, duplicate row, name that does not match the code, cell "
                  "that is no amount. An unknown code is a warning when the catalog edition is "
                  "partial (the code may exist without evidence in govaccts).")
def _problems(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    partial = table.catalog is not None and table.catalog.info.completeness == "partial"
    for p in table.problems:
        sev = _PROBLEM_SEVERITY.get(p.kind, Severity.ERROR)
        en = p.message
        if p.kind == "unknown-code" and partial:
            sev = Severity.WARNING
            en += " (the bundled edition is partial: check against the official file)"
        yield Finding(rule="table.problem", severity=sev,
                      message_zh=f"{_PROBLEM_ZH.get(p.kind, p.kind)}：{p.message}",
                      message_en=f"{p.kind}: {en}", table=table.id, row=p.location.row,
                      column=p.location.column, location=p.location, detail=p.kind)


@rule("table.shape", title_zh="表格结构异常", title_en="a column without a header",
      description="A column the reader had to add because rows carry more values than the "
                  "header names (an extraction artefact, or a template error).")
def _shape(ctx: Context, table: LedgerTable) -> Iterator[Finding]:
    for col in table.columns:
        if not col or col.startswith("（表头缺失"):
            yield Finding(rule="table.shape", severity=Severity.WARNING,
                          message_zh="该列无表头：数据行比表头多一列",
                          message_en="rows carry one more value than the header names; the "
                                     "extra column is kept unnamed and left out of row identities",
                          table=table.id, column=col)


# -- running ------------------------------------------------------------------------------


def check_table(table: LedgerTable, *, mode: Mode | str = Mode.HALF_UP,
                identities: Sequence[Identity | str] = (),
                rules: Iterable[str] | str | None = None) -> list[Finding]:
    """Run the table rules on one table, plus extra ``identities``.

    ``identities`` may be :class:`Identity` objects or strings such as
    ``"本年支出合计=基本支出+项目支出"`` (checked on every row; ``-`` for a negative
    weight).

    >>> import govaccts
    >>> t = govaccts.example_report().table("公开05")
    >>> fs = check_table(t, identities=["小计=基本支出+项目支出"])
    >>> [(f.rule, f.row, f.column, str(f.difference)) for f in fs if f.rule == "sum.row"]
    [('sum.row', '201', '小计', '-0.01')]
    """
    ctx = Context(Mode.parse(mode), {table.id: table})
    out: list[Finding] = []
    for r in _selected(rules):
        if r.scope == "table":
            out.extend(r.func(ctx, table))
    for ident in identities:
        for i in (parse_identity(ident, table) if isinstance(ident, str) else [ident]):
            out.extend(evaluate(i, ctx))
    return sorted(out)


def parse_identity(text: str, table: LedgerTable) -> list[Identity]:
    """``"合计=基本支出+项目支出"`` → one row identity per row of ``table``."""
    if text.count("=") != 1:
        raise RuleError(f"identity {text!r} needs exactly one '='")
    left, right = (s.strip() for s in text.split("="))
    terms: list[tuple[int, str]] = []
    sign = 1
    buf = ""
    for ch in right + "+":
        if ch in "+-":
            if buf.strip():
                terms.append((sign, buf.strip()))
            elif ch == "-" and not terms:
                pass
            sign = 1 if ch == "+" else -1
            buf = ""
        else:
            buf += ch
    for name in [left, *(n for _, n in terms)]:
        if name not in table.columns:
            raise RuleError(f"identity {text!r}: table {table.id} has no column {name!r} "
                                f"(columns: {', '.join(table.columns)})")
    shown = f"{left} = " + " ".join(
        ("+ " if i and w > 0 else "− " if w < 0 else "") + n for i, (w, n) in enumerate(terms))
    return [Identity("sum.row", Ref(table.id, r.key, left),
                     tuple(Ref(table.id, r.key, n) for _, n in terms),
                     tuple(w for w, _ in terms), text=f"{table.id} {r.key}: {shown}")
            for r in table.rows]


def run_rules(tables: dict[str, LedgerTable], report: object, *, mode: Mode | str = Mode.HALF_UP,
              rules: Iterable[str] | str | None = None) -> list[Finding]:
    """Run table rules on every table and report rules on ``report``; sorted findings."""
    ctx = Context(Mode.parse(mode), tables)
    out: list[Finding] = []
    for r in _selected(rules):
        if r.scope == "table":
            for t in tables.values():
                out.extend(r.func(ctx, t))
        else:
            out.extend(r.func(ctx, report))
    return sorted(out)
