"""Performance tables (绩效自评表, 绩效目标表): the rates, scores and funds they print.

* ``perf.rate`` — a 执行率 against 全年执行数 / 全年预算数 in the same row, under 四舍五入
  at the printed precision (a printed 1000% where the figures give 100% is an error);
* ``perf.score`` — a 得分 above its 分值; a total row's 得分 (分值) against the sum of the
  other rows';
* ``perf.funds`` — a 绩效目标表's 年度资金总额 against 其中：财政拨款 + 上年结转 + 其他资金,
  the figures as printed beside those labels.

Rates and scores are read from the table's cells (a percentage column is kept as text by
the builder); nothing here is a float.

>>> import govaccts
>>> t = govaccts.LedgerTable.build(id="自评", columns=["全年预算数", "全年执行数", "分值", "得分"],
...     rows=[("", "项目甲", {"全年预算数": "100.00", "全年执行数": "100.00", "分值": "10",
...                         "得分": "10"})], attributes=[{"执行率": "1000%"}])
>>> [(f.rule, f.row) for f in govaccts.check(t, rules=["perf."])]
[('perf.rate', '项目甲')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from govaccts.amounts import EXACT, Amount, parse_amount
from govaccts.checks.context import Context
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.rules import Rule, RuleScope
from govaccts.errors import AmountError
from govaccts.ledger.table import TOTAL_LABELS, LedgerTable, Row
from govaccts.reports.report import Report

__all__ = ["PERFORMANCE_RULES"]

_BUDGET = re.compile(r"(?:全年)?预算数$|^预算数?$")
_SPENT = re.compile(r"(?:全年)?执行数$|^实际支出$")
_RATE = re.compile(r"执行率")
_SCALE = re.compile(r"^分值")
_SCORE = re.compile(r"^得分")


def _find(names: list[str], pattern: re.Pattern[str]) -> str | None:
    hits = [n for n in names if pattern.search(n.split("/")[-1])]
    return hits[0] if len(hits) == 1 else None


def _value(text: str | None) -> Amount | None:
    if not text:
        return None
    try:
        a = parse_amount(text.replace("%", "").replace("％", "").strip())
    except AmountError:
        return None
    return a if a.value is not None else None


def _text(row: Row, name: str | None) -> str | None:
    if name is None:
        return None
    a = row.get(name)
    if a is not None:
        return a.text
    return row.attribute(name)


def _rates(table: LedgerTable) -> Iterator[Finding]:
    names = [*table.columns, *table.attribute_names()]
    budget, spent, rate = _find(names, _BUDGET), _find(names, _SPENT), _find(names, _RATE)
    if budget is None or spent is None or rate is None:
        return
    for r in table.rows:
        b, s, p = _value(_text(r, budget)), _value(_text(r, spent)), _value(_text(r, rate))
        if b is None or s is None or p is None or b.value == 0:
            continue
        assert b.value is not None and s.value is not None and p.value is not None
        exact = EXACT.divide(EXACT.multiply(s.value, Decimal(100)), b.value)
        lo, hi = EXACT.subtract(p.value, p.half_ulp), EXACT.add(p.value, p.half_ulp)
        blo, bhi = EXACT.subtract(b.value, b.half_ulp), EXACT.add(b.value, b.half_ulp)
        slo, shi = EXACT.subtract(s.value, s.half_ulp), EXACT.add(s.value, s.half_ulp)
        if blo > 0:
            cands = [EXACT.divide(EXACT.multiply(x, Decimal(100)), y) for x in (slo, shi)
                     for y in (blo, bhi)]
            if min(cands) <= hi and lo <= max(cands):
                continue
        elif lo <= exact <= hi:
            continue
        shown = exact.quantize(Decimal(1).scaleb(-max(p.decimals, 1)), context=EXACT)
        yield Finding(rule="perf.rate", severity=Severity.ERROR,
                      message_zh=f"执行率应为{shown}%（{s.text}/{b.text}），表中为{_text(r, rate)}",
                      message_en=f"执行率: {s.text}/{b.text} = {shown}%, the table prints "
                                 f"{_text(r, rate)}", table=table.id, row=r.key, column=rate,
                      reported=p.value, computed=shown, tolerance=p.half_ulp,
                      cells=(CellRef(table.id, r.key, budget, b.text),
                             CellRef(table.id, r.key, spent, s.text)))


def _scores(table: LedgerTable) -> Iterator[Finding]:
    names = [*table.columns, *table.attribute_names()]
    scale, score = _find(names, _SCALE), _find(names, _SCORE)
    if scale is None or score is None:
        return
    for r in table.rows:
        m, g = _value(_text(r, scale)), _value(_text(r, score))
        if m is not None and g is not None and g.value is not None and m.value is not None \
                and g.value > m.value:
            yield Finding(rule="perf.score", severity=Severity.ERROR,
                          message_zh=f"得分{g.text}高于分值{m.text}",
                          message_en=f"the score {g.text} is above its 分值 {m.text}",
                          table=table.id, row=r.key, column=score, reported=g.value,
                          computed=m.value)
    totals = [r for r in table.rows if r.label in TOTAL_LABELS or r.label in ("总分", "合计得分")]
    if len(totals) != 1:
        return
    for col in (scale, score):
        parts = [_value(_text(r, col)) for r in table.rows if r is not totals[0]]
        total = _value(_text(totals[0], col))
        printed = [a for a in parts if a is not None]
        if total is None or not printed or total.value is None:
            continue
        got = sum((a.value for a in printed if a.value is not None), Decimal(0))
        slack = sum((a.half_ulp for a in printed), total.half_ulp)
        if abs(got - total.value) > slack:
            yield Finding(rule="perf.score", severity=Severity.ERROR,
                          message_zh=f"合计{col}{total.text}与各项之和{got}不符",
                          message_en=f"the total's {col} {total.text} is not the sum of the "
                                     f"rows' ({got})", table=table.id, row=totals[0].key,
                          column=col, reported=total.value, computed=got,
                          difference=total.value - got, tolerance=slack)


_FUNDS = (("total", re.compile(r"年度资金总额")), ("fiscal", re.compile(r"财政拨款")),
          ("carry", re.compile(r"上年结转")), ("other", re.compile(r"其他资金")))
_FIGURE = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")


def _funds(key: str, rep: Report) -> Iterator[Finding]:
    """年度资金总额 = 财政拨款 + 上年结转 + 其他资金, each the first figure printed after its
    label in the same row of the form."""
    raw = rep.raw_table(key)
    if raw is None:
        return
    found: dict[str, tuple[Amount, int | None]] = {}
    for line, cells in raw.rows:
        texts = [c.strip() for c in cells]
        for i, text in enumerate(texts):
            role = next((r for r, pat in _FUNDS if pat.search(text)), None)
            figure = next((t for t in texts[i + 1:] if _FIGURE.match(t)), None)
            if role is not None and figure is not None and role not in found:
                a = _value(figure)
                if a is not None:
                    found[role] = (a, line)
    if set(found) != {"total", "fiscal", "carry", "other"}:
        return
    total = found["total"][0]
    parts = [found[r][0] for r in ("fiscal", "carry", "other")]
    got = sum((a.value for a in parts if a.value is not None), Decimal(0))
    slack = sum((a.half_ulp for a in parts), total.half_ulp)
    assert total.value is not None
    if abs(got - total.value) > slack:
        yield Finding(rule="perf.funds", severity=Severity.ERROR,
                      message_zh=f"年度资金总额{total.text}与财政拨款、上年结转、其他资金之和{got}不符",
                      message_en=f"年度资金总额 {total.text} is not 财政拨款 + 上年结转 + 其他资金 "
                                 f"({' + '.join(a.text for a in parts)} = {got})",
                      table=key, row="年度资金总额", reported=total.value, computed=got,
                      difference=total.value - got, tolerance=slack)


def _table_rule(func: Callable[[LedgerTable], Iterator[Finding]]
                ) -> Callable[[Context, object], Iterator[Finding]]:
    def run(ctx: Context, table: object) -> Iterator[Finding]:
        if isinstance(table, LedgerTable):
            yield from func(table)
    return run


def _funds_rule(ctx: Context, rep: object) -> Iterator[Finding]:
    if not isinstance(rep, Report):
        return
    for key in rep.tables:
        spec = rep.kind.spec(key)
        if spec is not None and spec.key == "绩效目标表":
            yield from _funds(key, rep)


PERFORMANCE_RULES = (
    Rule("perf.rate", "执行率与执行数、预算数一致", "a 执行率 follows from 执行数 / 全年预算数",
         RuleScope.TABLE, _table_rule(_rates),
         "Per row of a table printing 全年预算数, 全年执行数 and 执行率: the rate is the ratio "
         "under 四舍五入 at its printed precision, every figure within its own rounding."),
    Rule("perf.score", "得分不超过分值，合计为各项之和", "scores within their 分值, totals add up",
         RuleScope.TABLE, _table_rule(_scores),
         "Per row: 得分 ≤ 分值; a table's one total row: its 分值 and 得分 are the sums of the "
         "other rows'."),
    Rule("perf.funds", "绩效目标表资金构成", "a 绩效目标表's funds add up", RuleScope.REPORT,
         _funds_rule, "年度资金总额 = 其中：财政拨款 + 上年结转 + 其他资金, as printed in the form."),
)
"""The performance-table rules, collected by :mod:`govaccts.checks.registry`."""
