"""Narrative checks: the 情况说明 (and annexes) held against the tables.

A 部门决算 narrative restates dozens of table figures.  This module reads it with
regular expressions over the sentence patterns of these reports, anchored to the
section headings (一、收入支出决算总体情况说明 …), and yields findings for:

* ``narrative.amount`` — a quoted amount that differs from the cell it restates;
* ``narrative.percent`` — a share, growth or completion rate that does not follow
  from the figures (tolerance: the printed precision of the percentage, 四舍五入,
  widened by the rounding of the amounts it is computed from);
* ``narrative.unit`` — an amount stated in 元 where 万元 is meant (or the reverse);
* ``narrative.reference`` — a 「X（类）Y（款）Z（项）」 reference that does not resolve
  in the report year's catalog, or is not in table 05;
* ``narrative.wording`` — 大于/小于/等于 contradicting the figures, a rate over a
  zero budget, template left-overs (「大于（小于）」, 「XX」);
* ``narrative.fund-name`` — 国有资产经营 for 国有资本经营;
* ``narrative.repeated`` — the same quantity stated twice with two values.

Every finding points at its text: section, line of the narrative and the sentence.

>>> import govaccts
>>> fs = govaccts.check(govaccts.example_report(), rules=["narrative."])
>>> sorted({f.rule for f in fs if f.severity.value == "error"})
['narrative.amount', 'narrative.fund-name', 'narrative.percent', 'narrative.repeated', 'narrative.unit', 'narrative.wording']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from govaccts.amounts import EXACT, Amount, parse_amount
from govaccts.catalogs.store import CatalogStore
from govaccts.checks.context import Context
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.rules import Rule, RuleScope
from govaccts.checks.tolerance import Mode, check_sum
from govaccts.errors import AmountError, GovacctsError, Location
from govaccts.ledger.table import TOTAL, LedgerTable

_CN_NUM = "一二三四五六七八九十"
_HEADING = re.compile(rf"^([{_CN_NUM}]+)、(.+)$")
_SUB = re.compile(rf"^[（(]([{_CN_NUM}]+)[)）]\s*(.*)$")
_AMOUNT = r"\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"
_PCT = r"(\d+(?:\.\d+)?)\s*%"


@attrs.frozen
class Sentence:
    """A paragraph of the narrative (lines a PDF extraction wrapped are joined) and where it is."""

    section: str
    """Section number and subsection, e.g. ``五(三)``."""
    text: str
    line: int
    """1-based line of the narrative text where the paragraph starts."""
    starts: tuple[tuple[int, int], ...] = ()
    """(offset in ``text``, line) where each joined line begins."""

    def line_at(self, offset: int) -> int:
        """The line of the narrative holding ``text[offset]``."""
        line = self.line
        for off, ln in self.starts:
            if off > offset:
                break
            line = ln
        return line


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
"""Full-width digits, point and percent sign, folded one to one (offsets are kept)."""

_ITEM_HEAD = re.compile(r"^\d+[、.](?!\d).*[（(]项[)）][。.]?$")


def _flatten(lines: list[tuple[int, str]]) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """Join lines that a PDF extraction wrapped mid-sentence: (text, starts)."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for ln, text in lines:
        t = text.strip()
        if not t:
            continue
        if out and not re.search(r"[。；：！？:;]$", out[-1][0]) and not _starts_block(t) \
                and not _ITEM_HEAD.match(out[-1][0]):
            prev, starts = out[-1]
            starts.append((len(prev), ln))
            out[-1] = (prev + t, starts)
        else:
            out.append((t, [(0, ln)]))
    return [(t, tuple(st)) for t, st in out]


def _starts_block(t: str) -> bool:
    return bool(_HEADING.match(t) or _SUB.match(t) or re.match(r"^\d+[、.](?!\d)", t)
                or t.startswith(("第", "附件")))


def sentences(narrative: str) -> list[Sentence]:
    """The narrative's paragraphs, each tagged with its section (一 … 十三, （一）…).

    Lines that a PDF extraction wrapped mid-sentence are joined, so a claim that runs
    over a line break (or over 。/； into the next clause) is read whole.
    """
    lines = narrative.translate(_FULL_WIDTH).splitlines()
    out: list[Sentence] = []
    section = ""
    sub = ""
    part = ""
    buf: list[tuple[int, str]] = []

    def flush() -> None:
        for text, starts in _flatten(buf):
            label = section + (f"({sub})" if sub else "")
            if part and part != "第三部分":
                label = f"{part} {label}".strip()
            out.append(Sentence(label, text, starts[0][1], starts))
        buf.clear()

    for i, raw in enumerate(lines, start=1):
        t = raw.strip()
        if re.match(r"^第[一二三四五六七八九十]+部分$", t):
            flush()
            part, section, sub = t, "", ""
            continue
        m = _HEADING.match(t)
        if m and len(t) < 40:
            flush()
            section, sub = m.group(1), ""
            out.append(Sentence(section, t, i))
            continue
        m2 = _SUB.match(t)
        if m2 and len(m2.group(2)) < 40 and section:
            flush()
            sub = m2.group(1)
            out.append(Sentence(f"{section}({sub})", t, i))
            continue
        buf.append((i, raw))
    flush()
    return out


def _value(text: str) -> Decimal | None:
    """A quoted figure's value, read by the one amount parser (``None`` if unreadable)."""
    try:
        return parse_amount(text).value
    except AmountError:
        return None


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _unreadable(ctx: _Ctx, sents: list[Sentence]) -> tuple[list[Sentence], list[Finding]]:
    """Blank out (with □, same length, so offsets hold) every figure the amount parser
    refuses, and report each: no claim is read from a malformed number, and no malformed
    number stops the check."""
    out: list[Sentence] = []
    found: list[Finding] = []
    for s in sents:
        text = s.text
        for m in _NUMBER.finditer(s.text):
            token = m.group(0)
            if "," not in token and "." not in token and not token.startswith("0"):
                continue  # plain integers (years, counts) are always readable
            try:
                parse_amount(token)
            except AmountError as exc:
                if re.fullmatch(r"(?:19|20)\d\d(?:\.\d{1,2}){1,2}", token):
                    continue  # a date such as 2024.6.16
                text = text[:m.start()] + "□" * len(token) + text[m.end():]
                found.append(_finding("narrative.amount", Severity.ERROR, ctx, s,
                                      f"数字“{token}”格式错误，无法读取",
                                      f"the figure {token!r} cannot be read: {exc.reason}",
                                      pos=m.start()))
        out.append(attrs.evolve(s, text=text) if text != s.text else s)
    return out, found


def _wan(value: Decimal, unit: str) -> Decimal:
    if unit == "元":
        return EXACT.divide(value, Decimal(10000))
    if unit == "亿元":
        return EXACT.multiply(value, Decimal(10000))
    return value


@attrs.frozen
class _Ctx:
    rep: object
    tables: dict[str, LedgerTable]
    narrative_name: str
    first_line: int = 1
    mode: Mode = Mode.HALF_UP
    store: CatalogStore = attrs.field(factory=lambda: _default_store())

    def cell(self, table: str, row: str, column: str) -> Amount | None:
        t = self.tables.get(table)
        return t.get_cell(row, column) if t is not None else None


def _loc(ctx: _Ctx, s: Sentence, pos: int | None = None) -> Location:
    line = (s.line_at(pos) if pos is not None else s.line) + ctx.first_line - 1
    return Location(file=ctx.narrative_name, line=line, table=f"情况说明 {s.section}".strip())


def _finding(rule_id: str, sev: Severity, ctx: _Ctx, s: Sentence, zh: str, en: str, *,
             row: str | None = None, column: str | None = None,
             reported: Decimal | None = None, computed: Decimal | None = None,
             tolerance: Decimal | None = None, cells: tuple[CellRef, ...] = (),
             pos: int | None = None) -> Finding:
    diff = EXACT.subtract(reported, computed) if reported is not None and computed is not None \
        else None
    return Finding(rule=rule_id, severity=sev, message_zh=zh, message_en=en,
                   table=f"情况说明 {s.section}".strip(), row=row, column=column,
                   reported=reported, computed=computed, difference=diff, tolerance=tolerance,
                   cells=cells, location=_loc(ctx, s, pos), detail=_excerpt(s.text, pos))


def _excerpt(text: str, pos: int | None) -> str:
    """The sentence (between 。/；) around ``pos``, or the paragraph's start."""
    if pos is None:
        return text[:160]
    start = max(text.rfind(c, 0, pos) for c in "。；;") + 1
    ends = [i for i in (text.find(c, pos) for c in "。；;") if i >= 0]
    return text[start:(min(ends) + 1 if ends else len(text))][:160]


def _compare_amount(ctx: _Ctx, s: Sentence, quoted: Decimal | None, unit: str, what: str,
                    table: str, row: str, column: str, pos: int | None = None) -> Iterator[Finding]:
    cell = ctx.cell(table, row, column)
    if quoted is None or cell is None or cell.value is None:
        return
    value = _wan(quoted, unit)
    ref = (CellRef(table, row, column, cell.text),)
    if value == cell.value:
        return
    if unit != "万元" and quoted == cell.value:
        sev = Severity.ERROR if quoted != 0 else Severity.WARNING
        yield _finding("narrative.unit", sev, ctx, s,
                       f"{what}写作{quoted}{unit}，表中为{cell.text}万元：单位应为万元",
                       f"{what} is stated as {quoted} {unit}; table {table} prints the same "
                       f"figure in 万元 ({cell.text}): the unit is wrong",
                       row=row, column=column, reported=quoted, computed=cell.value, cells=ref,
                       pos=pos)
        return
    yield _finding("narrative.amount", Severity.ERROR, ctx, s,
                   f"说明中{what}为{quoted}{unit}，表{table}[{row}, {column}]为{cell.text}万元",
                   f"the narrative states {what} {quoted} {unit}; table {table} "
                   f"[{row}, {column}] prints {cell.text} 万元",
                   row=row, column=column, reported=value, computed=cell.value, cells=ref,
                   pos=pos)


def _ratio_interval(a: Amount, b: Amount) -> tuple[Decimal, Decimal] | None:
    """Range of 100·a/b over the rounding intervals of a and b (None if b may be 0)."""
    assert a.value is not None and b.value is not None
    ha, hb = a.half_ulp, b.half_ulp
    blo, bhi = EXACT.subtract(b.value, hb), EXACT.add(b.value, hb)
    if blo <= 0 <= bhi:
        return None
    alo, ahi = EXACT.subtract(a.value, ha), EXACT.add(a.value, ha)
    cands = [EXACT.divide(EXACT.multiply(x, Decimal(100)), y) for x in (alo, ahi) for y in (blo, bhi)]
    return min(cands), max(cands)


def _check_percent(ctx: _Ctx, s: Sentence, pct_text: str, num: Amount, den: Amount,
                   what: str, row: str | None = None, pos: int | None = None) -> Iterator[Finding]:
    """A printed percentage against 100·num/den (amounts as printed, in 万元)."""
    pct = parse_amount(pct_text)
    assert pct.value is not None
    if num.value is None or den.value is None:
        return
    if den.value == 0:
        yield _finding("narrative.wording", Severity.ERROR, ctx, s,
                       f"{what}为{pct_text}%，但分母为0，比率无意义",
                       f"{what} is stated as {pct_text}% over a zero base (no rate exists)",
                       row=row, reported=pct.value, pos=pos)
        return
    exact = EXACT.divide(EXACT.multiply(num.value, Decimal(100)), den.value)
    lo_p, hi_p = EXACT.subtract(pct.value, pct.half_ulp), EXACT.add(pct.value, pct.half_ulp)
    rng = _ratio_interval(num, den)
    shown = exact.quantize(Decimal(1).scaleb(-max(pct.decimals, 1) - 1), context=EXACT)
    if lo_p <= exact < hi_p:
        return
    if rng is not None and rng[0] < hi_p and lo_p <= rng[1]:
        return
    yield _finding("narrative.percent", Severity.ERROR, ctx, s,
                   f"{what}应为{shown}%，说明为{pct_text}%",
                   f"{what}: {num.text}/{den.text} = {shown}%, the narrative says {pct_text}%",
                   row=row, reported=pct.value, computed=shown, tolerance=pct.half_ulp, pos=pos)


_CHANGE = r"(增加|减少)" + _AMOUNT + r"[，,]\s*(?:增长|下降|降低|减少)" + _PCT


def _growth(ctx: _Ctx, s: Sentence, current: Amount, prefix: str = "",
            what: str = "增减幅度 (growth rate)") -> Iterator[Finding]:
    """Every 「增加/减少 Δ，增长/下降 p%」 after ``prefix``: p against Δ over the base year."""
    for m in re.finditer(prefix + _CHANGE, s.text):
        if current.value is None:
            return
        g = m.groups()[-4:]  # (增加|减少, Δ, unit, p)
        delta = parse_amount(g[1])
        assert delta.value is not None
        base_v = EXACT.subtract(current.value, delta.value) if g[0] == "增加" else \
            EXACT.add(current.value, delta.value)
        base = Amount(value=base_v, decimals=max(current.decimals, delta.decimals),
                      text=str(base_v))
        label = what.format(*m.groups()[:-4]) if "{" in what else what
        yield from _check_percent(ctx, s, g[3], delta, base, label, pos=m.start())
        if not prefix:
            return  # one plain change per paragraph: the first is the statement's own


def _amount_after(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern + r"\s*(?:为)?\s*" + _AMOUNT, text)


def _total_and_growth(ctx: _Ctx, sents: list[Sentence], pattern: str, what: str,
                      table: str) -> Iterator[Finding]:
    """A statement's 总计 restated, and the growth rate stated beside it."""
    for s in sents:
        m = _amount_after(pattern, s.text)
        if m is None:
            continue
        yield from _compare_amount(ctx, s, _value(m.group(1)), m.group(2),
                                   what, table, "总计", "金额", pos=m.start(1))
        c = ctx.cell(table, "总计", "金额")
        if c is not None:
            yield from _growth(ctx, s, c)


def _table_amounts(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    m: re.Match[str] | None
    pm: re.Match[str] | None
    by: dict[str, list[Sentence]] = {}
    for s in sents:
        by.setdefault(s.section, []).append(s)
    # 一、收支总计 and 四、财政拨款收支总计, each with its growth over last year
    yield from _total_and_growth(ctx, by.get("一", []), r"(?<!财政拨款)收、?支总计", "收支总计",
                                 "公开01-收入")
    yield from _total_and_growth(ctx, by.get("四", []), r"财政拨款收、?支总计", "财政拨款收支总计",
                                 "公开04-收入")
    # 二、收入 / 三、支出: total and parts with shares
    for sec, table, total_col, total_word in (("二", "公开02", "本年收入合计", "收入合计"),
                                              ("三", "公开03", "本年支出合计", "支出合计")):
        t = ctx.tables.get(table)
        if t is None:
            continue
        for s in by.get(sec, []):
            m = _amount_after(total_word, s.text)
            if not m:
                continue
            yield from _compare_amount(ctx, s, _value(m.group(1)), m.group(2),
                                       total_word, table, TOTAL, total_col)
            tot = ctx.cell(table, TOTAL, total_col)
            for pm in re.finditer(r"([^，,；;：:。]+?)" + _AMOUNT + r"[，,]\s*占" + _PCT, s.text):
                name = pm.group(1).strip()
                col = next((c for c in t.columns if c == name or c.startswith(name)), None)
                if col is None:
                    continue
                yield from _compare_amount(ctx, s, _value(pm.group(2)),
                                           pm.group(3), name, table, TOTAL, col, pos=pm.start(2))
                part = ctx.cell(table, TOTAL, col)
                if part is not None and tot is not None:
                    yield from _check_percent(ctx, s, pm.group(4), part, tot,
                                              f"{name}占{total_word}比重 (share)", row=col,
                                              pos=pm.start(4))
    # 五(一): 财政拨款支出, 占本年支出合计
    for s in by.get("五(一)", []):
        m = _amount_after(r"财政拨款支出", s.text)
        if m:
            yield from _compare_amount(ctx, s, _value(m.group(1)), m.group(2),
                                       "财政拨款支出", "公开05", TOTAL, "小计")
            c5, c3 = ctx.cell("公开05", TOTAL, "小计"), ctx.cell("公开03", TOTAL, "本年支出合计")
            pm = re.search(r"占本年支出合计的" + _PCT, s.text)
            if pm and c5 is not None and c3 is not None:
                yield from _check_percent(ctx, s, pm.group(1), c5, c3,
                                          "财政拨款支出占本年支出合计 (share)")
            if c5 is not None:
                yield from _growth(ctx, s, c5)
    # 五(二): 类 amounts and shares
    yield from _class_amounts(ctx, by.get("五(二)", []))
    # 五(三): total and 项 items
    yield from _items(ctx, by.get("五(三)", []))
    # 六、基本支出, 人员经费, 公用经费
    for s in by.get("六", []):
        for word, table, row, col in (("基本支出", "公开05", TOTAL, "基本支出"),
                                      ("人员经费", "公开06", "人员经费合计", "决算数"),
                                      ("公用经费", "公开06", "公用经费合计", "决算数")):
            m = re.search(r"(?:财政拨款)?" + word + _AMOUNT, s.text)
            if not m:
                continue
            yield from _compare_amount(ctx, s, _value(m.group(1)), m.group(2),
                                       word, table, row, col)
            pm = re.search(word + _AMOUNT + r"[，,]\s*占基本支出的" + _PCT, s.text)
            part, base = ctx.cell(table, row, col), ctx.cell("公开05", TOTAL, "基本支出")
            if pm and part is not None and base is not None:
                yield from _check_percent(ctx, s, pm.group(3), part, base,
                                          f"{word}占基本支出比重 (share)")
    # 七、三公
    yield from _sangong(ctx, by.get("七(一)", []) + by.get("七", []))
    # 九、机关运行经费 = 06 公用经费合计 (administrative units)
    for s in by.get("九", []):
        m = _amount_after(r"机关运行经费支出", s.text)
        if m:
            yield from _compare_amount(ctx, s, _value(m.group(1)), m.group(2),
                                       "机关运行经费", "公开06", "公用经费合计", "决算数")
            cur = ctx.cell("公开06", "公用经费合计", "决算数")
            if cur is not None:
                yield from _growth(ctx, s, cur, r"比(年初预算数|上年决算数)",
                                   "机关运行经费比{}增减幅度")


def _class_amounts(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    year = getattr(ctx.rep, "year", None)
    text = "".join(s.text for s in sents)
    first = sents[0] if sents else None
    tot = ctx.cell("公开05", TOTAL, "小计")
    if first is None or year is None:
        return
    for m in re.finditer(r"([^，,；;：:。（）()]+)[（(]类[)）]\s*支出" + _AMOUNT + r"[，,]\s*占" + _PCT,
                         text):
        s = next((x for x in sents if m.group(1) in x.text), first)
        try:
            entry = ctx.store.catalog("function", year).resolve(m.group(1), level=1)
        except GovacctsError as exc:
            yield _finding("narrative.reference", Severity.ERROR, ctx, s,
                           f"「{m.group(1)}（类）」不是{year}年的类级科目",
                           f"「{m.group(1)}（类）」 is no 类 of {year}: {exc}")
            continue
        yield from _compare_amount(ctx, s, _value(m.group(2)), m.group(3),
                                   f"{m.group(1)}（类）支出", "公开05", entry.code, "小计")
        part = ctx.cell("公开05", entry.code, "小计")
        if part is not None and tot is not None:
            yield from _check_percent(ctx, s, m.group(4), part, tot,
                                      f"{m.group(1)}（类）占财政拨款支出比重 (share)",
                                      row=entry.code)


_ITEM = re.compile(r"^(\d+)[、.]\s*(.+?[（(]项[)）])[。.]?$")
_ITEM_BODY = re.compile(r"年初预算(?:数)?为" + _AMOUNT + r"[，,]\s*支出决算(?:数)?为" + _AMOUNT)
_RATE = re.compile(r"完成(?:年初)?预算的" + _PCT)
_CMP = re.compile(r"决算数(大于[（(]小于[)）]|小于[（(]大于[)）]|大于|小于|等于)(?:年初)?预算数")


def _items(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    year = getattr(ctx.rep, "year", None)
    budgets: list[Amount] = []
    actuals: list[Amount] = []
    total_budget: tuple[Sentence, Amount] | None = None
    current: tuple[Sentence, str] | None = None
    for s in sents:
        m0 = re.search(r"年初预算数为" + _AMOUNT + r"[，,]\s*支出决算数为" + _AMOUNT, s.text)
        if m0 and current is None:
            a, b = parse_amount(m0.group(1)), parse_amount(m0.group(3))
            total_budget = (s, a)
            yield from _compare_amount(ctx, s, b.value or Decimal(0), m0.group(4),
                                       "财政拨款支出决算数", "公开05", TOTAL, "小计")
            rm = _RATE.search(s.text)
            if rm:
                yield from _check_percent(ctx, s, rm.group(1), b, a, "完成年初预算 (completion)")
            continue
        im = _ITEM.match(s.text)
        if im:
            current = (s, im.group(2))
            continue
        bm = _ITEM_BODY.search(s.text)
        if not bm or current is None:
            continue
        ref_s, ref = current
        code: str | None = None
        if year is not None:
            try:
                code = ctx.store.catalog("function", year).resolve_path(ref).code
            except GovacctsError as exc:
                # The catalog may lack a real code (partial editions): table 05 prints codes
                # beside names, so the reference can still be followed through the table.
                code, deepest = _resolve_in_table(ctx.tables.get("公开05"), ref)
                if code is None:
                    where = f"; table 05 has nothing of that name under {deepest}" \
                        if deepest else ""
                    yield _finding("narrative.reference", Severity.ERROR, ctx, ref_s,
                                   f"科目引用「{ref}」在{year}年科目表及公开05中均无法对应",
                                   f"reference 「{ref}」 matches no row of table 05{where}, and "
                                   f"the {year} catalog does not know it: {exc}", row=deepest)
        budget_raw, bunit, actual_raw, aunit = bm.group(1), bm.group(2), bm.group(3), bm.group(4)
        budget, actual = parse_amount(budget_raw), parse_amount(actual_raw)
        assert budget.value is not None and actual.value is not None
        if bunit != "万元":
            sev = Severity.ERROR if budget.value != 0 else Severity.WARNING
            yield _finding("narrative.unit", sev, ctx, s,
                           f"年初预算以“{bunit}”表述（{budget_raw}{bunit}），决算以“{aunit}”表述，"
                           f"按表中单位应为{budget_raw}万元",
                           f"the budget is stated in {bunit} ({budget_raw} {bunit}) beside an "
                           f"actual in {aunit}; the tables and the rates work in 万元",
                           row=code, column="年初预算", reported=budget.value, pos=bm.start(1))
        budget_w = budget.value  # a 元 slip is reported above; the arithmetic reads 万元
        budgets.append(budget)
        actuals.append(actual)
        if code is not None:
            if ctx.cell("公开05", code, "小计") is None:
                yield _finding("narrative.reference", Severity.ERROR, ctx, ref_s,
                               f"{code}不在公开05中", f"{code} ({ref}) is not printed in table 05",
                               row=code)
            else:
                yield from _compare_amount(ctx, s, actual.value, aunit, f"{ref}决算数", "公开05",
                                           code, "小计")
        rm = _RATE.search(s.text)
        if rm:
            yield from _check_percent(ctx, s, rm.group(1), actual, budget,
                                      "完成年初预算 (completion)", row=code)
        cm = _CMP.search(s.text)
        if cm:
            word = cm.group(1)
            if "（" in word or "(" in word:
                yield _finding("narrative.wording", Severity.ERROR, ctx, s,
                               f"模板残留「决算数{word}年初预算数」",
                               f"template left-over 「决算数{word}年初预算数」 (pick one)", row=code)
            else:
                truth = "大于" if actual.value > budget_w else "小于" if actual.value < budget_w \
                    else "等于"
                if word != truth:
                    yield _finding("narrative.wording", Severity.ERROR, ctx, s,
                                   f"决算{actual_raw}、预算{budget_raw}，应为“{truth}”，说明为“{word}”",
                                   f"actual {actual_raw} vs budget {budget_raw} is '{truth}', "
                                   f"the narrative says '{word}'", row=code)
        current = None
    if total_budget is not None and budgets:
        s, a = total_budget
        yield from _total_of_items(ctx, s, a, budgets, "年初预算",
                                   f"年初预算数{a.text}与各项年初预算之和",
                                   f"the 年初预算数 {a.text} vs the sum of the items' budgets")
    c5 = ctx.cell("公开05", TOTAL, "小计")
    if c5 is not None and actuals and sents:
        yield from _total_of_items(ctx, sents[0], c5, actuals, "决算数",
                                   f"公开05合计{c5.text}与各项决算数之和",
                                   f"table 05 合计 {c5.text} vs the sum of the items' 决算数")


def _total_of_items(ctx: _Ctx, s: Sentence, total: Amount, items: list[Amount], column: str,
                    zh: str, en: str) -> Iterator[Finding]:
    """A stated total against the sum of the items stated below it (within rounding)."""
    res = check_sum(total, items, mode=ctx.mode)
    if res.difference == 0:
        return
    sev = Severity.ROUNDING if res.consistent else Severity.ERROR
    yield _finding("narrative.amount", sev, ctx, s,
                   f"{zh}（{res.computed}）相差{res.difference}",
                   f"{en} ({res.computed}): difference {res.difference}"
                   + (", within rounding" if res.consistent else ""),
                   column=column, reported=res.reported, computed=res.computed,
                   tolerance=res.tolerance)


def _resolve_in_table(table: LedgerTable | None, ref: str) -> tuple[str | None, str | None]:
    """Follow 「X（类）Y（款）Z（项）」 through a coded table's printed names.

    Returns the code when every part matches a printed row under the previous one,
    else ``None`` and the deepest code that did match.
    """
    from govaccts.catalogs.names import name_key
    from govaccts.catalogs.references import split_reference

    if table is None:
        return None, None
    parent: str | None = None
    for part in split_reference(ref):
        key = name_key(part)
        rows = table.children(parent) if parent is not None else [
            r for r in table.coded_rows() if r.code is not None and len(r.code) == 3]
        hit = next((r for r in rows if name_key(r.label) == key), None)
        if hit is None:
            return None, parent
        parent = hit.key
    return parent, parent


_SANGONG_ITEMS = (("“三公”经费财政拨款支出", "合计"), ("三公经费财政拨款支出", "合计"),
                  ("因公出国（境）费支出", "因公出国（境）费"), ("公务接待费支出", "公务接待费"),
                  ("公务用车购置费支出", "公务用车购置费"),
                  ("公务用车运行维护费支出", "公务用车运行维护费"))


def _sangong(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    for s in sents:
        m = re.search(r"^(.*?)预算为" + _AMOUNT + r"[，,]\s*支出决算为" + _AMOUNT, s.text)
        if not m:
            continue
        col = next((c for w, c in _SANGONG_ITEMS if m.group(1).strip().endswith(w)), None)
        if col is None:
            continue
        budget, actual = parse_amount(m.group(2)), parse_amount(m.group(4))
        yield from _compare_amount(ctx, s, budget.value or Decimal(0), m.group(3),
                                   f"{col}预算数", "公开09", "预算数", col)
        yield from _compare_amount(ctx, s, actual.value or Decimal(0), m.group(5),
                                   f"{col}决算数", "公开09", "决算数", col)
        rm = _RATE.search(s.text)
        if rm:
            yield from _check_percent(ctx, s, rm.group(1), actual, budget,
                                      f"{col}完成预算 (completion)", row=col)


_RESIDUE = re.compile(r"大于[（(]小于[)）]|小于[（(]大于[)）]|增加[（(]减少[)）]|增长[（(]下降[)）]"
                      r"|(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|＊{2,}")


def _global(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    for s in sents:
        for m in _RESIDUE.finditer(s.text):
            before = s.text[max(0, m.start() - 3):m.start()]
            if before.endswith("决算数") and re.match(r"(?:年初)?预算数", s.text[m.end():]):
                continue  # 「决算数大于（小于）预算数」 is reported with its 五(三) item
            yield _finding("narrative.wording", Severity.ERROR, ctx, s,
                           f"模板残留「{m.group(0)}」", f"template left-over 「{m.group(0)}」",
                           pos=m.start())
        for _ in re.finditer(r"国有资产经营", s.text):
            yield _finding("narrative.fund-name", Severity.ERROR, ctx, s,
                           "“国有资产经营预算”应为“国有资本经营预算”",
                           "国有资产经营 (state assets) for 国有资本经营 (state capital): the "
                           "fund is 国有资本经营预算")


def _annex(ctx: _Ctx, narrative: str) -> Iterator[Finding]:
    """Figures restated in the annexes: 三公 budget, 一般公共预算支出."""
    lines = narrative.splitlines()
    header_budget: int | None = None
    for i, raw in enumerate(lines, start=1):
        cells = [c.strip() for c in raw.split("\t")]
        if any("预算数" in c for c in cells) and any("决算数" in c for c in cells):
            header_budget = next(j for j, c in enumerate(cells) if "预算数" in c)
            continue
        s = Sentence("附件", raw.strip(), i)
        if header_budget is not None and cells and cells[0] in ("三公经费", "“三公”经费") \
                and len(cells) > header_budget and cells[header_budget]:
            try:
                annex = parse_amount(cells[header_budget])
            except GovacctsError:
                continue
            t9 = ctx.cell("公开09", "预算数", "合计")
            if t9 is not None and t9.value is not None and annex.value != t9.value:
                yield _finding("narrative.repeated", Severity.ERROR, ctx, s,
                               f"附件中“三公”经费预算数为{annex.text}万元，公开09及说明七为{t9.text}万元",
                               f"the annex states a 三公 budget of {annex.text} 万元; table 09 "
                               f"(and section 七) print {t9.text} 万元",
                               row="三公经费", column="预算数", reported=annex.value,
                               computed=t9.value,
                               cells=(CellRef("公开09", "预算数", "合计", t9.text),))
        if "一般公共预算支出情况" in raw:
            for k, follow in enumerate(lines[i:i + 3]):
                m = re.search(r"支出" + _AMOUNT, follow)
                if m:
                    yield from _compare_amount(ctx, Sentence("附件", follow.strip(), i + 1 + k),
                                               _value(m.group(1)), m.group(2),
                                               "一般公共预算支出", "公开05", TOTAL, "小计")
                    break


def _procurement(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    """十一、政府采购: total = 货物 + 工程 + 服务; SME shares consistent with the SME total."""
    text = "".join(s.text for s in sents)
    if not sents:
        return
    s0 = sents[0]
    tm = re.search(r"政府采购支出总额" + _AMOUNT, text)
    parts = {k: re.search(r"政府采购" + k + r"支出" + _AMOUNT, text) for k in ("货物", "工程", "服务")}
    if tm is None or not all(parts.values()):
        return
    total = parse_amount(tm.group(1))
    amounts = {k: parse_amount(m.group(1)) for k, m in parts.items() if m is not None}
    res = check_sum(total, list(amounts.values()), mode=ctx.mode)
    if not res.consistent:
        yield _finding("narrative.amount", Severity.ERROR, ctx, s0,
                       f"政府采购支出总额{total.text}万元不等于货物、工程、服务之和{res.computed}万元",
                       f"government procurement total {total.text} is not 货物 + 工程 + 服务 = "
                       f"{res.computed}", reported=res.reported, computed=res.computed,
                       tolerance=res.tolerance)
    sm = re.search(r"授予中小企业合同金额" + _AMOUNT + r"[，,]\s*占政府采购支出总额的" + _PCT, text)
    if sm is None:
        return
    sme = parse_amount(sm.group(1))
    yield from _check_percent(ctx, s0, sm.group(3), sme, total, "授予中小企业合同金额占比 (share)")
    if sme.value != total.value:
        return
    for k, a in amounts.items():
        km = re.search(k + r"采购授予中小企业合同金额占" + k + r"支出金额的" + _PCT, text)
        if km is None or a.value == 0:
            continue
        stated = parse_amount(km.group(1)).value
        para = next((x for x in sents if km.group(0) in x.text), s0)
        kpos = para.text.find(km.group(0))
        if stated != Decimal(100):
            share = EXACT.divide(EXACT.multiply(a.value or Decimal(0), Decimal(100)),
                                 total.value or Decimal(1)).quantize(Decimal("0.1"), context=EXACT)
            hint = (f"; {km.group(1)}% is {k}'s share of the total ({a.text}/{total.text})"
                    if share == stated else "")
            yield _finding("narrative.percent", Severity.ERROR, ctx, para,
                           f"全部采购均授予中小企业，{k}采购授予中小企业比例应为100%，说明为{km.group(1)}%",
                           f"all procurement went to SMEs, so the SME share of {k} must be 100%, "
                           f"the narrative says {km.group(1)}%{hint}", row=k,
                           reported=stated, computed=Decimal(100), pos=kpos)


def _project_budget(ctx: _Ctx, sents: list[Sentence]) -> Iterator[Finding]:
    """年初预算项目 A；B；… 年中执行调增 X，实际支出 Y，结余结转 Z: Σ + X = Y + Z."""
    joined: list[Sentence] = []
    for s in sents:  # the claim spans sentences split at "；": rejoin each paragraph
        if joined and joined[-1].line == s.line and joined[-1].section == s.section:
            joined[-1] = Sentence(s.section, joined[-1].text + s.text, s.line)
        else:
            joined.append(s)
    for s in joined:
        m = re.search(r"年初预算项目[“\"]?(.+?)[”\"]?年中执行调增" + _AMOUNT + r"[，,]\s*实际支出"
                      + _AMOUNT + r"[，,]\s*结余结转" + _AMOUNT, s.text)
        if not m:
            continue
        budgets = [parse_amount(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*万元", m.group(1))]
        if not budgets:
            continue
        added, spent, left = (parse_amount(m.group(i)) for i in (2, 4, 6))
        lhs = [*budgets, added]
        res = check_sum(spent, [*lhs, left], weights=[1] * len(lhs) + [-1], mode=ctx.mode)
        if not res.consistent:
            yield _finding("narrative.amount", Severity.ERROR, ctx, s,
                           f"年初预算{'+'.join(b.text for b in budgets)}加调增{added.text}为"
                           f"{EXACT.add(res.computed, left.value or Decimal(0))}万元，"
                           f"与实际支出{spent.text}加结余结转{left.text}不符",
                           f"project budgets {' + '.join(b.text for b in budgets)} plus the "
                           f"mid-year increase {added.text} do not equal spending {spent.text} plus "
                           f"carry-over {left.text}", reported=res.reported, computed=res.computed,
                           tolerance=res.tolerance)


def narrative_findings(rep: object, tables: dict[str, LedgerTable], *,
                       mode: Mode = Mode.HALF_UP, store: CatalogStore | None = None
                       ) -> list[Finding]:
    """Every narrative finding for a report with narrative text (none without).

    ``mode`` is the tolerance mode of the run (in ``exact`` mode a stated total that
    differs from its items by rounding is an error); ``store`` gives the catalogs.
    """
    text = getattr(rep, "narrative", None) or ""
    raw_report = getattr(rep, "raw", None)
    ctx = _Ctx(rep, tables, getattr(raw_report, "narrative_file", None) or "narrative",
               getattr(raw_report, "narrative_line", 1), mode, store or _default_store())
    sents, out = _unreadable(ctx, sentences(text))
    main = [s for s in sents if not s.section.startswith(("第四部分", "第五部分"))]
    out += [*_table_amounts(ctx, main), *_global(ctx, sents), *_annex(ctx, text),
           *_procurement(ctx, [x for x in main if x.section.startswith("十一")]),
           *_project_budget(ctx, sents)]
    raw = getattr(rep, "raw_table", None)
    for key, t in tables.items():
        note = raw(key).empty_note if callable(raw) and raw(key) is not None else ""
        if "国有资产经营" in note:
            out.append(Finding(rule="narrative.fund-name", severity=Severity.ERROR,
                               message_zh=f"表{key}的说明“{note}”应为“国有资本经营…”",
                               message_en=f"the 说明 of table {key} names 国有资产经营 for "
                                          "国有资本经营", table=key, detail=note))
        if "国有资产经营" in t.title:
            out.append(Finding(rule="narrative.fund-name", severity=Severity.ERROR,
                               message_zh=f"表题“{t.title}”应为“国有资本经营…”",
                               message_en=f"table title 「{t.title}」 names 国有资产经营 for "
                                          "国有资本经营", table=key))
    return out


_RULES = (
    ("narrative.amount", "说明数字与表格一致", "amounts quoted in the narrative equal the table cells"),
    ("narrative.percent", "说明中的比率可由表格数字算出", "shares, growth and completion rates follow "
                                                   "from the figures"),
    ("narrative.unit", "金额单位正确", "amounts stated in the unit the tables use"),
    ("narrative.reference", "科目引用可解析", "「X（类）Y（款）Z（项）」 references resolve and appear in "
                                        "table 05"),
    ("narrative.wording", "措辞与数字一致", "wording agrees with the figures; no template left-overs"),
    ("narrative.fund-name", "资金名称正确", "the fund is 国有资本经营, not 国有资产经营"),
    ("narrative.repeated", "同一数字前后一致", "the same quantity stated twice has one value"),
)


def _rule_func(rule_id: str):  # type: ignore[no-untyped-def]
    def run(ctx: Context, rep: object) -> Iterator[Finding]:
        found = ctx.cache.get("narrative")
        if found is None:
            found = ctx.cache["narrative"] = narrative_findings(rep, ctx.tables, mode=ctx.mode,
                                                                store=ctx.store)
        for f in found:
            if f.rule == rule_id:
                yield f
    return run


NARRATIVE_RULES = tuple(
    Rule(rid, zh, en, RuleScope.REPORT, _rule_func(rid),
         f"{en}. Read from the 情况说明 and the annexes by sentence patterns anchored to the "
         "section headings; see docs/narrative.rst.")
    for rid, zh, en in _RULES)
"""The narrative rules, collected by :mod:`govaccts.checks.registry`."""


def _default_store() -> CatalogStore:
    from govaccts.catalogs.store import default_store

    return default_store()
