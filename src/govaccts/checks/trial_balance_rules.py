"""Checks of a trial balance (科目余额表), as findings with location and tolerance.

Each identity is checked once, on its own data, so one broken figure shows where it is:

* ``trial-balance.debits-credits`` — 本期借方合计 = 本期贷方合计, for each half
  (财务会计, 预算会计: each is a double-entry system of its own, 平行记账).
* ``trial-balance.movement`` — per row, 期初 ± 发生 = 期末 by the normal side (借:
  期末 = 期初 + 借方 − 贷方; 贷: 期末 = 期初 + 贷方 − 借方; a balance printed on the
  other side counts negative).
* ``trial-balance.balance-side`` — a warning for a 期末 balance on the side opposite
  to the account's normal side.
* ``trial-balance.equation`` — 财务会计 期末: 资产 + 费用 = 负债 + 净资产 + 收入 before
  closing; after closing (收入/费用 结转 to 本期盈余) 资产 = 负债 + 净资产.
* ``trial-balance.budget-surplus`` — 预算会计 期末: 预算收入 − 预算支出 = the net debit
  of the 预算结余 accounts (资金结存 less the 结转结余), which net to zero after each
  closing, so this is their movement since; after closing 预算收入 and 预算支出 are out.
* ``trial-balance.totals`` — a printed 合计 line equals the sum of its rows.
* ``trial-balance.details`` — the 明细 rows under a row add up to it (the 预算支出
  明细 by 功能分类 项 among them).
* ``trial-balance.function-code`` — a 明细 by 功能分类 is a 项 of that year's function
  tree (an error when malformed or of another level; a warning when the bundled,
  partial function edition does not list it).

Amounts are exact ``Decimal``; a gap inside the rounding of the printed figures is a
``rounding`` finding under ``half-up``/``interval``, an error under ``exact``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from govaccts.amounts import Amount, exact_sum
from govaccts.catalogs.accounting import Element, Side
from govaccts.catalogs.codes import ancestor_codes, normalize_code
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.checks.evaluate import sum_finding
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.tolerance import Mode, check_sum
from govaccts.errors import GovacctsError, InvalidCodeError, Location
from govaccts.ledger.identities import Ref
from govaccts.ledger.trial_balance import COLUMNS, HALVES, TOTAL_KEYS, TBRow, TrialBalance

__all__ = ["CLOSING", "check_trial_balance", "function_totals"]

CLOSING = ("before", "after")
"""Whether the 期末 columns are before or after the period-end closing entries (结转)."""
_HALF_ZH = {"financial": "财务会计", "budgetary": "预算会计"}
_FIN_LEFT = (Element.ASSET, Element.EXPENSE)
_FIN_RIGHT = (Element.LIABILITY, Element.NET_ASSETS, Element.REVENUE)
_CLOSED = (Element.REVENUE, Element.EXPENSE, Element.BUDGET_REVENUE, Element.BUDGET_EXPENDITURE)


def _balance(rule: str, tb: TrialBalance, mode: Mode, where: Ref, left: Sequence[Amount],
             right: Sequence[Amount], text: str) -> Iterator[Finding]:
    """Σ left = Σ right, judged by the tolerance of every printed figure in it."""
    left = [a for a in left if a.value is not None]
    right = [a for a in right if a.value is not None]
    if not left:
        left, right = right, left
    if not left:
        return
    parts = [*right, *left[1:]]
    res = check_sum(left[0], parts, [1] * len(right) + [-1] * (len(left) - 1), mode)
    if res.difference == 0:
        return
    loc = tb.location(where.row if where.row in {r.key for r in tb.rows} else None, where.column)
    f = sum_finding(rule, res, mode, where, (), text)
    yield _located(f, tb, loc)


def _located(f: Finding, tb: TrialBalance, loc: Location) -> Finding:
    return attrs.evolve(f, location=loc if tb.file else None)


def _side(r: TBRow) -> Side:
    assert r.account is not None
    return r.account.normal_side


def _debits_credits(tb: TrialBalance, mode: Mode) -> Iterator[Finding]:
    for half in HALVES:
        rows = tb.accounts(half)
        if rows:
            yield from _balance(
                "trial-balance.debits-credits", tb, mode, Ref(tb.id, _HALF_ZH[half], "本期借方"),
                [r.amount("本期借方") for r in rows], [r.amount("本期贷方") for r in rows],
                f"{_HALF_ZH[half]} 本期借方合计 = 本期贷方合计")


def _movement(tb: TrialBalance, mode: Mode) -> Iterator[Finding]:
    for r in tb.rows:
        if r.account is None:
            continue
        credit = _side(r) is Side.CREDIT
        d, c = ("贷方", "借方") if credit else ("借方", "贷方")
        a = {k: r.amount(k) for k in COLUMNS}
        total = a["期末" + d]
        parts = [a["期初" + d], a["期初" + c], a["本期" + d], a["本期" + c], a["期末" + c]]
        if total.value is None and all(p.value is None for p in parts):
            continue
        if total.value is None:
            total = Amount(Decimal(0), max(p.decimals for p in parts), "")
        res = check_sum(total, parts, [1, -1, 1, -1, 1], mode)
        if res.difference != 0:
            side = _side(r).value
            f = sum_finding("trial-balance.movement", res, mode, Ref(tb.id, r.key, "期末" + d),
                            (), f"{r.key} {r.name}（{side}）期末 = 期初 ± 本期发生")
            yield _located(f, tb, tb.location(r.key, "期末" + d))


def _balance_side(tb: TrialBalance) -> Iterator[Finding]:
    for r in tb.accounts():
        side = _side(r)
        if side is Side.EITHER:
            continue
        wrong = "期末贷方" if side is Side.DEBIT else "期末借方"
        v = r.amount(wrong).value
        if v:
            yield _located(Finding(
                rule="trial-balance.balance-side", severity=Severity.WARNING, table=tb.id,
                row=r.key, column=wrong, reported=v,
                message_zh=f"{r.key} {r.name}余额方向为{side.value}，期末却有{wrong[2:]}余额{v}",
                message_en=f"{r.key} {r.name} normally carries a {side.value} balance but shows "
                           f"{v} in {wrong}"), tb, tb.location(r.key, wrong))


def _equation(tb: TrialBalance, mode: Mode, closing: str) -> Iterator[Finding]:
    rows = tb.accounts("financial")
    if rows:
        left_el = _FIN_LEFT if closing == "before" else (Element.ASSET,)
        right_el = _FIN_RIGHT if closing == "before" else (Element.LIABILITY, Element.NET_ASSETS)
        yield from _net("trial-balance.equation", tb, mode, "财务会计", rows, left_el, right_el,
                        "资产 + 费用 = 负债 + 净资产 + 收入" if closing == "before"
                        else "资产 = 负债 + 净资产（结转后）")
    rows = tb.accounts("budgetary")
    if rows:
        inc = (Element.BUDGET_REVENUE,) if closing == "before" else ()
        exp = (Element.BUDGET_EXPENDITURE,) if closing == "before" else ()
        yield from _net("trial-balance.budget-surplus", tb, mode, "预算会计", rows,
                        (Element.BUDGET_SURPLUS, *exp), inc,
                        "预算收入 − 预算支出 = 预算结余净借方（资金结存 − 结转结余）"
                        if closing == "before" else "资金结存 = 结转结余（结转后）")


def _net(rule: str, tb: TrialBalance, mode: Mode, half_zh: str, rows: Sequence[TBRow],
         debit_el: Sequence[Element], credit_el: Sequence[Element], text: str
         ) -> Iterator[Finding]:
    """Σ net debit of ``debit_el`` = Σ net credit of ``credit_el`` at 期末; accounts of
    other elements (closed ones after closing) must then carry nothing."""
    left: list[Amount] = []
    right: list[Amount] = []
    open_ = []
    for r in rows:
        el = r.account.element if r.account else None
        dr, cr = r.amount("期末借方"), r.amount("期末贷方")
        if el in debit_el or el in credit_el:
            left.append(dr)
            right.append(cr)
        elif el in _CLOSED and (dr.value or cr.value):
            open_.append(r.key)
    extra = f"；结转后仍有余额：{'、'.join(open_)}" if open_ else ""
    yield from _balance(rule, tb, mode, Ref(tb.id, half_zh, "期末"), left, right, text + extra)


def _sums(rule: str, tb: TrialBalance, mode: Mode, key: str, total_row: TBRow,
          part_rows: Sequence[TBRow], what: str) -> Iterator[Finding]:
    """``total_row`` = Σ ``part_rows`` in every column (a blank total counts as 0 when a
    part is printed)."""
    for col in COLUMNS:
        total = total_row.amount(col)
        parts = [p.amount(col) for p in part_rows]
        if total.value is None and all(p.value in (None, 0) for p in parts):
            continue
        if total.value is None:
            total = Amount(Decimal(0), 2, "")
        res = check_sum(total, parts, mode=mode)
        if res.difference != 0:
            f = sum_finding(rule, res, mode, Ref(tb.id, key, col), (), f"{key} = Σ {what} [{col}]")
            yield _located(f, tb, tb.location(key, col))


def _totals(tb: TrialBalance, mode: Mode) -> Iterator[Finding]:
    for t in tb.totals():
        yield from _sums("trial-balance.totals", tb, mode, t.key, t,
                         tb.accounts(TOTAL_KEYS[t.key]), "一级科目")


def _details(tb: TrialBalance, mode: Mode) -> Iterator[Finding]:
    for r in tb.rows:
        kids = tb.children(r.key) if r.account is not None else ()
        if kids:
            yield from _sums("trial-balance.details", tb, mode, r.key, r, kids, "明细")


def _function_codes(tb: TrialBalance, store: CatalogStore) -> Iterator[Finding]:
    cat = store.get("function", tb.year)
    for r in tb.rows:
        code = r.function_code
        if code is None:
            continue
        problem, severity = "", Severity.ERROR
        try:
            normalize_code(code, "function")
        except InvalidCodeError as exc:
            problem = exc.reason
        if not problem and cat is not None and code not in cat:
            problem = (f"not in the bundled function edition {tb.year}"
                       + (" (partial: check the official file)"
                          if cat.info.completeness == "partial" else ""))
            severity = Severity.WARNING if cat.info.completeness == "partial" else Severity.ERROR
        if problem:
            yield _located(Finding(
                rule="trial-balance.function-code", severity=severity, table=tb.id, row=r.key,
                message_zh=f"功能分类明细{code}有误：{problem}",
                message_en=f"功能分类 明细 {code}: {problem}"), tb, tb.location(r.key))


def check_trial_balance(tb: TrialBalance, *, mode: Mode | str = Mode.HALF_UP,
                        closing: str = "before", store: CatalogStore | None = None
                        ) -> list[Finding]:
    """Every trial-balance finding, sorted (see the module docstring for the rules).

    >>> from govaccts.ledger.trial_balance import TrialBalance
    >>> tb = TrialBalance.build(2024, [
    ...     ("1011", "零余额账户用款额度", {"本期借方": "500.00", "本期贷方": "480.00", "期末借方": "20.00"}),
    ...     ("5001", "业务活动费用", {"本期借方": "480.00", "期末借方": "480.00"}),
    ...     ("4001", "财政拨款收入", {"本期贷方": "500.00", "期末贷方": "500.00"}),
    ... ])
    >>> check_trial_balance(tb)
    []
    >>> [f.rule for f in check_trial_balance(tb, closing="after")]
    ['trial-balance.equation']
    """
    m = Mode.parse(mode)
    if closing not in CLOSING:
        raise GovacctsError(f"closing is 'before' or 'after', not {closing!r}")
    st = store or default_store()
    out = [*_debits_credits(tb, m), *_movement(tb, m), *_balance_side(tb),
           *_equation(tb, m, closing), *_totals(tb, m), *_details(tb, m),
           *_function_codes(tb, st)]
    return sorted(out)


def function_totals(tb: TrialBalance, column: str = "本期借方") -> dict[str, Decimal]:
    """The 预算支出 明细 by 功能分类 rolled up the function tree: code (类, 款, 项) →
    exact total of ``column``; what a 部门决算's 支出决算表 is compiled from.

    >>> from govaccts.ledger.trial_balance import TrialBalance
    >>> tb = TrialBalance.build(2023, [
    ...     ("7101", "行政支出", {"本期借方": "30.00"}),
    ...     ("7101/2013101", "行政运行", {"本期借方": "30.00"})])
    >>> function_totals(tb)
    {'201': Decimal('30.00'), '20131': Decimal('30.00'), '2013101': Decimal('30.00')}
    """
    acc: dict[str, list[Decimal]] = {}
    for r in tb.rows:
        code = r.function_code
        v = r.amount(column).value
        if code is None or v is None or tb.children(r.key):
            continue
        for c in (*ancestor_codes(code), code):
            acc.setdefault(c, []).append(v)
    return {c: exact_sum(vs) for c, vs in sorted(acc.items())}
