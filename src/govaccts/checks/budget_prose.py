"""Prose checks for the kinds that have no narrative rules of their own (government
reports): what the 情况说明 says against itself and against the tables. A 部门预算 runs the
narrative claims (:mod:`govaccts.checks.narrative`) and only ``prose.typography`` of these.

* ``prose.percent`` — a growth rate against the amount and the change stated with it
  (``X 万元，与上年相比增加 D 万元，增长 P%``: P = D / (X − D)), and a share against the
  total stated just before (``合计 T 万元，其中：… Y 万元，占 P%``), each within the
  rounding of every figure as printed (四舍五入);
* ``prose.amount`` — an amount the prose restates from a table (a 类 or 款/项 of the
  function tables, 基本支出/项目支出, a 三公 item, 收入/支出预算总计) that differs from
  the table;
* ``prose.typography`` — doubled or clashing punctuation (``。。``, ``，。``), template
  left-overs (``XX``, ``大于（小于）``), an amount with decimals and no unit.

Amounts are compared exactly as printed (万元); nothing here is a float.

>>> import govaccts
>>> sorted(r.id for r in govaccts.rules() if r.id.startswith("prose."))
['prose.amount', 'prose.percent', 'prose.typography']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from govaccts.amounts import EXACT, Amount, parse_amount
from govaccts.checks.context import Context
from govaccts.checks.findings import CellRef, Finding, Severity
from govaccts.checks.narrative.text import FOLIO, Sentence
from govaccts.checks.rules import Rule, RuleScope
from govaccts.errors import AmountError, Location
from govaccts.ledger.table import LedgerTable, label_key
from govaccts.reports.report import Report
from govaccts.reports.roles import EXPENDITURE, SANGONG

__all__ = ["BUDGET_PROSE_RULES", "paragraphs", "prose_findings"]

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_FULL = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")

Paragraph = Sentence
"""Lines of prose joined where a sentence runs on, with the line each starts on (a
narrative :class:`~govaccts.checks.narrative.text.Sentence` without a section)."""


def paragraphs(narrative: str) -> list[Paragraph]:
    """The prose as paragraphs: a line not ending in 。；：！？ runs on into the next;
    page numbers are left out."""
    out: list[Paragraph] = []
    buf, starts = "", []
    first = 0
    for n, raw in enumerate(narrative.translate(_FULL).splitlines(), start=1):
        t = raw.strip()
        if not t or FOLIO.match(t):
            continue  # a page number between two pages of a sentence is not part of it
        if not buf:
            first = n
        starts.append((len(buf), n))
        buf += t
        if re.search(r"[。；：！？:;]$", t):
            out.append(Paragraph("", buf, first, tuple(starts)))
            buf, starts = "", []
    if buf:
        out.append(Paragraph("", buf, first, tuple(starts)))
    return out


def _amount(text: str) -> Amount | None:
    try:
        a = parse_amount(text)
    except AmountError:
        return None
    return a if a.value is not None else None


class _Ctx:
    def __init__(self, rep: Report, ctx: Context) -> None:
        self.rep, self.ctx = rep, ctx
        raw = rep.raw
        self.file = raw.narrative_file or "narrative"
        self.pages = raw.narrative_pages
        self.files = raw.narrative_files

    def location(self, p: Paragraph, offset: int) -> Location:
        n = p.line_at(offset)
        if 0 < n <= len(self.pages) and self.pages[n - 1][0]:
            page, line = self.pages[n - 1]
            file = self.files[n - 1] if n <= len(self.files) else self.file
            return Location(file=file, page=page, line=line, table="情况说明")
        return Location(file=self.file, line=n, table="情况说明")

    def finding(self, rule: str, sev: Severity, p: Paragraph, offset: int, zh: str, en: str,
                **kw: object) -> Finding:
        excerpt = p.text[max(0, offset - 10):offset + 50]
        return Finding(rule=rule, severity=sev, message_zh=zh, message_en=en, table="情况说明",
                       row=f"line {p.line_at(offset)}", location=self.location(p, offset),
                       detail=excerpt, **kw)  # type: ignore[arg-type]


def _ratio_ok(pct: Amount, num: Amount, den: Amount) -> tuple[bool, Decimal | None]:
    """Whether 100·num/den can round to the printed percentage (every figure within its
    printed rounding); the exact ratio as printed."""
    assert pct.value is not None and num.value is not None and den.value is not None
    if den.value == 0:
        return False, None
    exact = EXACT.divide(EXACT.multiply(num.value, Decimal(100)), den.value)
    lo_p, hi_p = EXACT.subtract(pct.value, pct.half_ulp), EXACT.add(pct.value, pct.half_ulp)
    blo, bhi = EXACT.subtract(den.value, den.half_ulp), EXACT.add(den.value, den.half_ulp)
    if blo <= 0 <= bhi:
        return lo_p <= exact <= hi_p, exact
    alo, ahi = EXACT.subtract(num.value, num.half_ulp), EXACT.add(num.value, num.half_ulp)
    cands = [EXACT.divide(EXACT.multiply(x, Decimal(100)), y) for x in (alo, ahi) for y in (blo, bhi)]
    return min(cands) <= hi_p and lo_p <= max(cands), exact


_GROWTH = re.compile(_NUM + r"\s*万元[^。；\d]{0,24}?(?:与上年(?:相比)?|比上年|较上年)[^。；\d]{0,10}?"
                     r"(增加|减少|增长|下降)\s*" + _NUM + r"\s*万元[，,]?\s*(?:增长|减少|下降|降低|降幅|增幅)"
                     r"(?:为)?\s*"
                     + _NUM + r"\s*%")


def _growth(c: _Ctx, p: Paragraph) -> Iterator[Finding]:
    for m in _GROWTH.finditer(p.text):
        cur, change, pct = _amount(m.group(1)), _amount(m.group(3)), _amount(m.group(4))
        if cur is None or change is None or pct is None:
            continue
        assert cur.value is not None and change.value is not None
        up = m.group(2) in ("增加", "增长")
        prior_v = cur.value - change.value if up else cur.value + change.value
        # the prior year's figure carries the rounding of both: one place less is wider
        prior = Amount(prior_v, max(0, min(cur.decimals, change.decimals) - 1), str(prior_v))
        ok, exact = _ratio_ok(pct, change, prior)
        if ok or exact is None:
            continue
        shown = exact.quantize(Decimal(1).scaleb(-max(pct.decimals, 1) - 1), context=EXACT)
        yield c.finding("prose.percent", Severity.ERROR, p, m.start(),
                        f"增减幅度应为{shown}%（{change.text}/{prior_v}），说明为{pct.text}%",
                        f"growth rate: {change.text} over the prior year's {prior_v} "
                        f"(= {cur.text} {'−' if up else '+'} {change.text}) is {shown}%, "
                        f"the prose says {pct.text}%",
                        reported=pct.value, computed=shown, tolerance=pct.half_ulp)


_TOTAL = re.compile(_NUM + r"\s*万元(?:[（(][^）)]{0,40}[)）])?[，,]?\s*其中[:：]?")
_SHARE = re.compile(_NUM + r"\s*万元[，,]\s*占\s*" + _NUM + r"\s*%")


def _shares(c: _Ctx, paras: list[Paragraph]) -> Iterator[Finding]:
    """A share (``Y 万元，占 P%``, no other base named) against the total that the
    enumeration it belongs to starts with (``T 万元，其中``, the nearest before it, in
    the same paragraph or up to eight paragraphs above)."""
    total: Amount | None = None
    left = 0
    for p in paras:
        left -= 1
        marks = sorted([(m.start(), "t", m) for m in _TOTAL.finditer(p.text)]
                       + [(m.start(), "s", m) for m in _SHARE.finditer(p.text)],
                       key=lambda x: x[0])
        for _, what, m in marks:
            if what == "t":
                total, left = _amount(m.group(1)), 8
                continue
            if total is None or left < 0:
                continue
            part, pct = _amount(m.group(1)), _amount(m.group(2))
            if part is None or pct is None:
                continue
            ok, exact = _ratio_ok(pct, part, total)
            if ok or exact is None:
                continue
            shown = exact.quantize(Decimal("0.01"), context=EXACT)
            yield c.finding("prose.percent", Severity.ERROR, p, m.start(),
                            f"占比应为{shown}%（{part.text}/{total.text}），说明为{pct.text}%",
                            f"share: {part.text} of {total.text} is {shown}%, the prose says "
                            f"{pct.text}%", reported=pct.value, computed=shown,
                            tolerance=pct.half_ulp)


def _cell(t: LedgerTable | None, row: str | None, column: str | None) -> Amount | None:
    if t is None or row is None or column is None:
        return None
    a = t.get_cell(row, column)
    return a if a is not None and a.value is not None else None


def _tables(rep: Report, key: str) -> list[LedgerTable]:
    return [t for k, t in rep.tables.items() if (s := rep.kind.spec(k)) is not None and s.key == key]


def _total_column(t: LedgerTable) -> str | None:
    got = EXPENDITURE.assign(t.columns)
    return got.get("total") or (t.columns[0] if len(t.columns) == 1 else None)


def _function_cells(rep: Report, names: list[str]) -> list[tuple[LedgerTable, str, Amount]]:
    """Cells of the function tables (一般公共预算 / 财政拨款 支出表) whose rows the names
    (类, 款, 项 from the top) lead to."""
    out: list[tuple[LedgerTable, str, Amount]] = []
    for t in [*_tables(rep, "一般公共预算支出表"), *_tables(rep, "财政拨款支出表")]:
        col = _total_column(t)
        rows = t.coded_rows()
        for r in rows:
            if r.code is None or label_key(r.label).rstrip("支出") != names[-1].rstrip("支出"):
                continue
            path = [x for x in (r.code[:3], r.code[:5]) if len(x) < len(r.code)]
            parents = [label_key(row.label) for c in path if (row := t.get_row(c)) is not None]
            if all(any(n.rstrip("支出") in pl for pl in parents) for n in names[:-1]):
                a = _cell(t, r.key, col)
                if a is not None and col is not None:
                    out.append((t, r.key, a))
    return out


_ITEM = re.compile(r"([\u4e00-\u9fff、]{2,30})[（(](类|款|项)[)）](?:([\u4e00-\u9fff、]{2,30})[（(](款|项)[)）])?"
                   r"(?:([\u4e00-\u9fff、]{2,30})[（(](项)[)）])?\s*(?:预算)?支出\s*" + _NUM + r"\s*万元")
_SANGONG = (("abroad", r"因公出国[(（]境[)）]费"), ("car", r"公务用车购置及运行(?:维护)?费"),
            ("car-buy", r"公务用车购置"), ("car-run", r"公务用车运行(?:维护)?费"),
            ("reception", r"公务接待费"), ("meeting", r"会议费"), ("training", r"培训费"))
_USE = re.compile(r"(基本支出|项目支出|单位预留机动经费)(?:预算数为|预算|为)\s*" + _NUM + r"\s*万元")


def _compare(c: _Ctx, p: Paragraph, offset: int, stated: Amount, cells: list[tuple[LedgerTable, str, str, Amount]],
             what: str) -> Iterator[Finding]:
    """One finding when the stated amount equals none of the cells it restates."""
    if not cells or any(a.value == stated.value for _, _, _, a in cells):
        return
    t, row, col, a = cells[0]
    yield c.finding("prose.amount", Severity.ERROR, p, offset,
                    f"{what}说明为{stated.text}万元，{t.id}列示{a.text}",
                    f"{what}: the prose says {stated.text}, table {t.id} [{row}, {col}] prints "
                    f"{a.text}", reported=stated.value, computed=a.value,
                    cells=(CellRef(t.id, row, col, a.text),))


def _restated(c: _Ctx, paras: list[Paragraph]) -> Iterator[Finding]:
    rep = c.rep
    sides = {k: t for k, t in rep.tables.items() if k.startswith("收支总表-")}
    sangong = _tables(rep, "三公经费表")
    sg = sangong[0] if len(sangong) == 1 else None
    sg_cols = SANGONG.assign(sg.columns) if sg is not None else {}
    sg_row = sg.total_key() or (sg.rows[0].key if sg is not None and len(sg.rows) == 1 else None) \
        if sg is not None else None
    for p in paras:
        for m in _ITEM.finditer(p.text):
            stated = _amount(m.group(7))
            names = [n for n in (m.group(1), m.group(3), m.group(5)) if n]
            if stated is None:
                continue
            if m.group(2) == "类" and len(names) == 1:
                side = sides.get("收支总表-支出")
                row = next((r.key for r in side.rows if label_key(r.label).rstrip("支出")
                            == names[0].rstrip("支出")), None) if side is not None else None
                a = _cell(side, row, side.columns[0] if side is not None else None)
                if side is not None and row is not None and a is not None:
                    yield from _compare(c, p, m.start(), stated, [(side, row, side.columns[0], a)],
                                        f"{names[0]}（类）支出")
                continue
            cells = [(t, k, _total_column(t) or "", a) for t, k, a in _function_cells(rep, names)]
            yield from _compare(c, p, m.start(), stated, cells, "".join(names) + "支出")
        for m in _USE.finditer(p.text):
            before = p.text[max(0, m.start() - 12):m.start()]
            if "拨款" in before or "一般公共预算" in before or "基金" in before:
                continue  # the 基本支出 of one fund, not the report's: no table row to compare
            side = next((t for k, t in sorted(sides.items(), reverse=True)  # 支出用途 first
                         if k != "收支总表-收入" and any(EXPENDITURE.role(r.key) == "basic"
                                                       for r in t.rows)), None)
            stated = _amount(m.group(2))
            if side is None or stated is None or len(side.columns) != 1:
                continue
            row = next((r.key for r in side.rows if EXPENDITURE.role(r.key)
                        == EXPENDITURE.role(m.group(1))), None)
            a = _cell(side, row, side.columns[0])
            if row is not None and a is not None:
                yield from _compare(c, p, m.start(), stated, [(side, row, side.columns[0], a)],
                                    m.group(1))
        if sg is None:
            continue
        for role, pattern in _SANGONG:
            for m in re.finditer(pattern + r"(?:预算)?支出\s*" + _NUM + r"\s*万元", p.text):
                stated, col = _amount(m.group(1)), sg_cols.get(role)
                a = _cell(sg, sg_row, col)
                if stated is not None and a is not None and col is not None and sg_row is not None:
                    yield from _compare(c, p, m.start(), stated, [(sg, sg_row, col, a)],
                                        pattern.replace("\\", ""))


_DOUBLED = re.compile(r"[，。；：、,;]{2,}")
_TEMPLATE = re.compile(r"[XＸ×]{2,}|[xX]{2}万元|大于[（(]小于[)）]|增加[（(]减少[)）]|增长[（(]下降[)）]")
_BARE = re.compile(r"(?<![\d.,“\"])(\d[\d,]*\.\d{2})(?![\d]|\s*(?:[%％万元亿个人项次辆年月日米吨倍]|平方|公里|个百分点|[(（]))")


def _typography(c: _Ctx, paras: list[Paragraph], templates: bool = True
                ) -> Iterator[Finding]:
    for p in paras:
        for m in _DOUBLED.finditer(p.text):
            if m.group(0) in ("……",):
                continue
            yield c.finding("prose.typography", Severity.WARNING, p, m.start(),
                            f"标点重复或冲突：“{m.group(0)}”", f"doubled or clashing "
                            f"punctuation: 「{m.group(0)}」")
        for m in _TEMPLATE.finditer(p.text) if templates else ():
            yield c.finding("prose.typography", Severity.WARNING, p, m.start(),
                            f"模板残留：“{m.group(0)}”", f"template left-over: 「{m.group(0)}」")
        if "万元" in p.text:
            for m in _BARE.finditer(p.text):
                yield c.finding("prose.typography", Severity.WARNING, p, m.start(),
                                f"金额{m.group(1)}未注明单位", f"the amount {m.group(1)} has no unit "
                                "(the sentence states others in 万元)")


def prose_findings(rep: Report, ctx: Context) -> list[Finding]:
    """Every prose finding of a report (none without prose)."""
    if not rep.narrative:
        return []
    c = _Ctx(rep, ctx)
    paras = paragraphs(rep.narrative)
    out: list[Finding] = []
    for p in paras:
        out += _growth(c, p)
    # a kind whose narrative rules run reports template left-overs as narrative.wording
    kind = ctx.kind
    templates = kind is None or any(x.startswith("narrative") for x in kind.excluded_rules)
    out += [*_shares(c, paras), *_restated(c, paras), *_typography(c, paras, templates)]
    return out


def _rule(rule_id: str):  # type: ignore[no-untyped-def]
    def run(ctx: Context, rep: object) -> Iterator[Finding]:
        if not isinstance(rep, Report):
            return
        found = ctx.cache.get("prose")
        if found is None:
            found = ctx.cache["prose"] = prose_findings(rep, ctx)
        yield from (f for f in found if f.rule == rule_id)
    return run


BUDGET_PROSE_RULES = (
    Rule("prose.percent", "说明中的增幅与占比", "growth rates and shares stated in the prose",
         RuleScope.REPORT, _rule("prose.percent"),
         "A growth rate against the amount and change stated with it (P = D / (X − D)); a "
         "share against the total its enumeration starts with; within the rounding of each "
         "figure as printed."),
    Rule("prose.amount", "说明复述表格数字", "amounts the prose restates from the tables",
         RuleScope.REPORT, _rule("prose.amount"),
         "A 类 or 款/项 amount, 基本支出/项目支出, a 三公 item stated in the prose against the "
         "table that prints it."),
    Rule("prose.typography", "说明排版", "typography of the prose", RuleScope.REPORT,
         _rule("prose.typography"),
         "Doubled or clashing punctuation (。。, ，。), template left-overs (XX, 大于（小于）), an "
         "amount with decimals and no unit in a sentence stating amounts in 万元."),
)
"""The prose rules, collected by :mod:`govaccts.checks.registry`."""
