"""Prose → claims. Each figure of a paragraph is read by what stands right before it in its
clause: a direction word makes it a change, 占 … a share, 完成 … 的 a completion rate,
anything else an amount of the subject named there (or, when the words there are generic
— 支出决算为 —, of the sentence's subject). A paragraph's first amount is its lead: the
whole of shares that name none; a sentence that ends in 其中：/包括： makes its amount the
lead of the list below it.

>>> from govaccts.checks.narrative.text import sentences
>>> cs = extract_claims(sentences("2023年度收入合计559.94万元，其中：财政拨款收入540.44万元，占96.5%。"))
>>> [(c.kind.value, getattr(c, "subject", ""), c.figure.text) for c in cs]
[('amount', '收入合计', '559.94'), ('amount', '财政拨款收入', '540.44'), ('share', '', '96.5')]
>>> cs[2].part.subject, cs[2].lead.subject
('财政拨款收入', '收入合计')
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from govaccts.catalogs.names import fold
from govaccts.catalogs.references import split_reference_levels
from govaccts.checks.narrative.claims import (
    AmountClaim,
    ChangeClaim,
    Claim,
    Figure,
    RateClaim,
    ReferenceClaim,
    ShareClaim,
)
from govaccts.checks.narrative.phrases import (
    ACTOR,
    GENERIC,
    LAST_YEAR,
    NAMED_ACTOR,
    YEAR,
    clean_subject,
    performance_subject,
)
from govaccts.checks.narrative.text import ORDINAL, Sentence, is_table_row
from govaccts.errors import AmountError

__all__ = ["FIGURE", "clean_subject", "extract_claims", "figures"]

FIGURE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万\s?元|亿\s?元|元|%)")
"""A figure with its unit (thousands separators allowed)."""
_THRESHOLD_AFTER = re.compile(r"\s*(?:[（(]含[)）])?\s*(?:以上|以下|以内|及以上|左右)")
_THRESHOLD_BEFORE = re.compile(r"(?:[≥≤><＞＜]|不低于|不高于|不少于|不超过|低于|高于|超过|控制在|达到|约)\s*$")
_SENTENCE_END = re.compile(r"[。；;！？]")
_CLAUSE_END = re.compile(r"[，,：:]")
_DIR_AMOUNT = re.compile(r"(增加|减少|增长|下降|降低|上升|压减|减|增)了?\s*$")
_DIR_PCT = re.compile(r"(增长|下降|降低|减少|增加|上升|提高|增幅|降幅|减幅|下滑)了?(?:幅度)?(?:为|达)?\s*$")
_SHARE = re.compile(r"占(.*?)(?:的)?(?:比[例重])?(?:为|是)?\s*$")
_RATE = re.compile(r"完成((?:[^，,；;。]*?)(?:预算|计划)(?:数)?)的?\s*$")
"""「完成(年初)预算的 p%」 (a rate of a budget or plan; 「支付完成率」 is an indicator)."""
_BASE = re.compile(r"(?:与|比|较|同比)(\s*[^，,；。与比较]{0,24}?)(?:相比|比较|对比)?"
                   r"(?=[，,]|增|减|下降|降低|上升|持平|相同|一致|无变化|没有变化|未发生变化|$)")
_FLAT = re.compile(r"(?<!基本)(?<!大致)(?<!总体)(?:(?:与|比|较)([^，,；。基]{0,20}?)"
                   r"(?<!基本)(?:相同|持平|一致|无变化|没有变化|未发生变化|无增减)"
                   r"|(?<!基本)(?<!大致)持平|(?<!较大)(?<!基本)无增减变化)")
_LIST_OPEN = re.compile(r"(?:其中|包括|具体如下|如下|以下方面|具体情况|主要用于)[：:]?\s*$|[：:]\s*$")
_LIST_MARK = re.compile(r"其中|包括|分别为|分别是|主要用于|具体如下")
_PRIOR = re.compile(r"(?:比|较|与)[^，,。；]*$")
_DIRECTION_NEXT = re.compile(r"\s*(?:相比)?[，,]?\s*(?:增加|减少|增长|下降|降低|上升|持平|相同|一致)")
_CODE = re.compile(r"[（(\[【]\s*(\d{3}(?:\d{2}){0,2})\s*[)）\]】]")
_TAG = re.compile(r"[（(]\s*[类款项]\s*[)）]")

def figures(text: str) -> Iterator[Figure]:
    """Every figure of ``text`` with a unit that is a claim (thresholds such as
    「100万元以上」 and targets such as 「≥95%」 left out)."""
    for m in FIGURE.finditer(text):
        if _THRESHOLD_AFTER.match(text, m.end()) or _THRESHOLD_BEFORE.search(text[:m.start()]):
            continue
        try:
            yield Figure.parse(m.group(1), re.sub(r"\s", "", m.group(2)), m.start(), m.end())
        except AmountError:
            continue


def _bounds(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (at 。；！？)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after ，：, or a 、 that ends a figure)."""
    i = pos
    depth = 0
    while i > lo:
        ch = text[i - 1]
        if ch in "）)】]":
            depth += 1
        elif ch in "（(【[":
            depth = max(0, depth - 1)
        elif depth == 0 and (_CLAUSE_END.match(ch)
                             or (ch == "、" and re.search(r"(?:万元|元|%)\s*$", text[lo:i - 1]))):
            return i
        i -= 1
    return lo


def _reference(para: Sentence, text: str, at: int) -> ReferenceClaim | None:
    """A 类/款/项 reference (「X（类）Y（款）Z（项）」) or a name with its code in brackets
    (「小学教育（2050202）」, 「[201]一般公共服务支出」) ending ``text``'s clause."""
    clause = text[_clause_start(text, 0, len(text)):]
    code = _CODE.search(clause)
    if _TAG.search(clause):
        parts = split_reference_levels(clause)
        names = tuple((_name(n), lv) for n, lv in parts if lv is not None)
        # 「编制…、江河湖泊治理和河口控制等专业（项）规划」: an enumeration, not a name
        names = tuple((n, lv) for n, lv in names if n and not ("、" in n and "等" in n))
        for k in range(len(names) - 1, 0, -1):  # 「…由"A（款）B（项）"调整为"C（款）D（项）"」: the last
            if names[k][1] <= names[k - 1][1]:
                names = names[k:]
                break
        if names:
            return ReferenceClaim(para, clause.strip(), names, code.group(1) if code else None,
                                  at + len(text) - len(clause))
    if code and (name := _name(clause[:code.start()])):
        return ReferenceClaim(para, clause.strip(), ((name, None),), code.group(1),
                              at + len(text) - len(clause))
    if m := re.match(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、])?\s*"
                     r"(\d{3}(?:\d{2}){0,2})\s*[-－—–]\s*([^\d\s].*?)\s*$", clause):
        # 「（一）2010301-行政运行」
        return ReferenceClaim(para, clause.strip(), ((_name(m.group(2)), None),), m.group(1),
                              at + len(text) - len(clause))
    if m := re.match(r"^\s*[\[【](\d{3}(?:\d{2}){0,2})[\]】]\s*(.+?)\s*$", clause):
        return ReferenceClaim(para, clause.strip(), ((_name(m.group(2)), None),), m.group(1),
                              at + len(text) - len(clause))
    return None


def _reference_before(para: Sentence, text: str, lo: int, pos: int) -> ReferenceClaim | None:
    """The last reference in a clause of ``text[lo:pos]`` (the figure's own clause first)."""
    end = pos
    while end > lo:
        start = _clause_start(text, lo, end)
        ref = _reference(para, text[start:end], start)
        if ref is not None:
            return ref
        end = start - 1
    return None


_TITLE = re.compile(r"^\s*((?:\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）])"
                    r"[^。，,；;：:\d]{2,20})。")
"""A numbered paragraph opening with its item's title as a sentence of its own."""


def _name(text: str) -> str:
    t = re.split(r"[，,：:；;。“”\"「」『』]", text)[-1]  # not at 、: 「公诉、审判、侦查、执行等检察监督」
    t = re.split(r"[（(][\d一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]+、"
                 r"|(?<=[工程项目])在", t)[-1]  # 「…整治工程在农林水支出（类）」
    t = YEAR.sub("", fold(t).strip("，,：:；;。、 "))
    return NAMED_ACTOR.sub("", ACTOR.sub("", t))


class _Reader:
    """State across one narrative: the section's list lead, the 类 (and 款) named last,
    an item heading waiting for the paragraph that gives its figures."""

    def __init__(self, department: str) -> None:
        self.department = department
        self.section = ""
        self.section_lead: AmountClaim | None = None
        self.context: tuple[tuple[str, int | None], ...] = ()
        self.heading_ref: ReferenceClaim | None = None
        self.heading_name = ""
        """A short figure-less paragraph before this one (an item's title)."""
        self.para_lead: AmountClaim | None = None
        self.para_amounts: list[AmountClaim] = []
        self.para_last: AmountClaim | None = None
        self.standalone: AmountClaim | None = None
        """The section's last amount that is neither a share's part nor a listed item."""
        self.parts: set[int] = set()
        self.items: set[int] = set()
        self.list_head: AmountClaim | None = None
        """The last amount its sentence follows with 其中/包括: the head of a list."""
        self.section_first: AmountClaim | None = None
        """The section's first amount that is neither a part, an item nor an aside."""

    def _lead(self, part: AmountClaim | None) -> AmountClaim | None:
        """The whole of a share that names none: the paragraph's first amount, else the
        list the paragraph belongs to, else the section's first total, else its last —
        never a part, an item or an aside, and never less than the part."""
        for cand in (self.para_lead, self.section_lead, self.list_head, self.section_first,
                     self.standalone):
            if cand is None or cand is part or id(cand) in self.parts \
                    or (cand is not self.para_lead and id(cand) in self.items):
                continue
            if part is not None and abs(cand.figure.wan) < abs(part.figure.wan):
                continue
            return cand
        return None

    def _note_reference(self, ref: ReferenceClaim) -> ReferenceClaim:
        """Complete a partial reference from the context; remember a 类 (and 款) named."""
        levels = [lv for _, lv in ref.names]
        if ref.code is None and levels and levels[0] not in (None, 1) and self.context:
            ref = attrs.evolve(ref, context=tuple(
                (n, lv) for n, lv in self.context if lv is not None and lv < levels[0]))
        if levels and levels[0] == 1:
            self.context = tuple(x for x in ref.names if x[1] in (1, 2))
        elif levels and levels[0] == 2 and ref.context:
            self.context = (*ref.context, *(x for x in ref.names if x[1] == 2))
        return ref

    def paragraph(self, para: Sentence) -> Iterator[Claim]:
        if para.section != self.section:
            self.section, self.section_lead, self.standalone = para.section, None, None
            self.list_head = self.section_first = None
        text = para.text
        if is_table_row(text):
            return  # a table row, not prose
        if not any(True for _ in figures(text)):
            ref = _reference(para, text.rstrip("。. "), 0)
            if ref is not None:
                ref = self._note_reference(ref)
                self.heading_ref = ref
                yield ref
            elif len(text) <= 24 and para.starts:  # 「1.因公出国（境）费。」: the next one's subject
                self.heading_name = _name(text.rstrip("。.：: "))
            return
        self.para_lead = self.para_last = None
        if m := _TITLE.match(text):  # 「1.因公出国（境）费用。2026 年预算数 98 万元，…」
            self.heading_name = _name(m.group(1))
        seen: list[AmountClaim] = []
        self.para_amounts = seen
        for lo, hi in _bounds(text):
            claims = list(self._sentence(para, text, lo, hi))
            amounts = [c for c in claims if isinstance(c, AmountClaim)]
            seen += amounts
            yield from claims
            if amounts and _LIST_OPEN.search(text[lo:hi].rstrip("。；; ")):
                self.section_lead = amounts[0]
            if amounts and _LIST_MARK.search(text, amounts[0].figure.end, hi):
                self.list_head = amounts[0]
        for c in seen:
            if id(c) not in self.parts and id(c) not in self.items:
                self.standalone = c
                self.section_first = self.section_first or c
        self.heading_ref = None
        self.heading_name = ""
        if self.para_lead is not None and re.match(r"^[（(][一二三四五六七八九十]+[)）]", text) \
                and len(text) < 40:
            self.section_lead = self.para_lead  # 「（一）收入预算总计 3,210.1 万元。」 heads a list

    def _sentence(self, para: Sentence, text: str, lo: int, hi: int) -> Iterator[Claim]:
        topic: AmountClaim | None = None
        topic_ref = self.heading_ref
        last: AmountClaim | None = None
        change: ChangeClaim | None = None
        prior: Figure | None = None
        prev_end = lo
        for f0 in figures(text[lo:hi]):
            f = Figure(f0.amount, f0.unit, f0.start + lo, f0.end + lo)
            start = max(_clause_start(text, lo, f.start), prev_end)
            left = text[start:f.start]
            base = _base(text, lo, f.start)
            if f.unit == "%":
                if m := _SHARE.search(left):
                    part_phrase = "" if last is not None and last.figure.end >= start else \
                        clean_subject(left[:m.start()], self.department)[0]
                    part = last if not part_phrase else None
                    if part is not None:
                        self.parts.add(id(part))
                    yield ShareClaim(para, f, fold(m.group(1)), part, self._lead(part),
                                     part_phrase)
                elif m := _DIR_PCT.search(left):
                    if change is not None and change.rate is None:
                        change = attrs.evolve(change, rate=f, rate_direction=m.group(1))
                    else:
                        if change is not None:
                            yield change
                        change = self._change(para, left[:m.start()], "", None, f, m.group(1),
                                              base, last, prior, f.start)
                        prior = None
                elif m := _RATE.search(left):
                    sides = _amounts(para, text, 0, f.start, self.department)
                    budget = next((c for c in reversed(sides) if c.scope == "预算"), None)
                    actual = next((c for c in reversed(sides) if c.scope != "预算"), None)
                    yield RateClaim(para, f, fold(m.group(1)), actual, budget)
                prev_end = f.end
                continue
            if m := _DIR_AMOUNT.search(left):
                if change is not None:
                    yield change
                change = self._change(para, left[:m.start()], m.group(1), f, None, "", base,
                                      last, prior, f.start)
                prior = None
                prev_end = f.end
                continue
            if _PRIOR.search(left) and _DIRECTION_NEXT.match(text, f.end):
                prior = f  # 「比2025年年初预算数14708.87万元增加…」: the base, stated
                prev_end = f.end
                continue
            subject, scope = clean_subject(left, self.department)
            if change is not None and change.prior is None and LAST_YEAR.match(subject):
                change = attrs.evolve(change, prior=f)  # 「增加 5,000 万元（去年预算数为 0 万元…）」
                prev_end = f.end
                continue
            subject = performance_subject(text[lo:f.start]) or subject
            ref = _reference(para, left, start)
            if ref is None and topic is None:
                ref = _reference_before(para, text, lo, start)
            if ref is not None and not (ref.names[-1][1] is None and ref.code is None):
                ref = self._note_reference(ref)
                topic_ref = ref
                yield ref
            ref_of: ReferenceClaim | None = ref
            if subject in GENERIC:
                if topic is not None:
                    subject, ref_of = topic.subject, topic.ref
                elif topic_ref is not None:
                    subject, ref_of = topic_ref.names[-1][0], topic_ref
                elif self.heading_name:
                    subject = self.heading_name
            elif ref_of is None and topic is None:
                ref_of = topic_ref
            claim = AmountClaim(para, subject, f, scope, ref_of)
            if _LIST_MARK.search(text, 0, f.start) or _aside(text, f.start):
                self.items.add(id(claim))
            topic = topic or claim
            last = claim
            self.para_last = claim
            if self.para_lead is None:
                self.para_lead = claim
            yield claim
            prev_end = f.end
        if change is not None:
            yield change
        yield from _flat(para, text, lo, hi, last or topic or self.para_lead)

    def _change(self, para: Sentence, before: str, direction: str, delta: Figure | None,
                rate: Figure | None, rate_direction: str, base: str,
                last: AmountClaim | None, prior: Figure | None, at: int) -> ChangeClaim:
        """A change about the amount its sentence states (unless it names its own
        subject), or — with none — about one of the amounts around it."""
        if re.match(r"^\s*[）)]", before):  # 「A 34.29万元（a…；b…。）比上年增加 24.29 万元」: A's
            head = _before_bracket(para.text, at, self.para_amounts)
            if head is not None:
                return ChangeClaim(para, "", direction, delta, rate, rate_direction, base, head,
                                   at, prior, ())
        subject = _change_subject(before, self.department)
        of = last if last is not None and (not subject or fold(subject) == fold(last.subject)) \
            else None
        if of is None and subject:  # 「收、支总预算 X 万元。与上年相比，收、支总计各增加 D」
            of = next((c for c in (last, self.para_lead, self.section_lead)
                       if c is not None and _core(c.subject) == _core(subject)), None)
        if of is None and not subject and last is None and self.para_last is not None \
                and self.para_last is self.para_lead and ORDINAL.match(para.text) \
                and _next_sentence(para.text, self.para_last.figure.end, at):
            of = self.para_last  # 「3．A 7344.46 万元，主要用于…。与上年相比增加 2627.95 万元，增长…」
        context: tuple[AmountClaim, ...] = ()
        if of is None and not subject:
            context = tuple(dict.fromkeys(
                c for c in (self.para_lead, self.list_head, self.section_lead, self.standalone)
                if c is not None))
        return ChangeClaim(para, subject, direction, delta, rate, rate_direction, base, of, at,
                           prior, context)


def _next_sentence(text: str, start: int, pos: int) -> bool:
    """True when ``pos`` is in the sentence right after the one ``start`` is in."""
    ends = list(_SENTENCE_END.finditer(text, start, pos))
    return len(ends) == 1


def _before_bracket(text: str, pos: int, amounts: list[AmountClaim]) -> AmountClaim | None:
    """The amount right before the bracket that closes before ``pos``."""
    close = max(text.rfind("）", 0, pos), text.rfind(")", 0, pos))
    depth = 0
    for i in range(close, -1, -1):
        depth += text[i] in "）)"
        depth -= text[i] in "（("
        if depth == 0:
            before = [a for a in amounts if a.figure.end <= i and not text[a.figure.end:i].strip(
                " 万元亿")]
            return before[-1] if before else None
    return None


def _aside(text: str, pos: int) -> bool:
    """True when ``pos`` is inside brackets (「（本年支出预算415,808.40万元）」)."""
    before = text[:pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _amounts(para: Sentence, text: str, lo: int, end: int, department: str
             ) -> list[AmountClaim]:
    """The amount claims of ``text[lo:end]`` (for the two sides of a completion rate)."""
    out = []
    prev_end = lo
    for f0 in figures(text[lo:end]):
        f = Figure(f0.amount, f0.unit, f0.start + lo, f0.end + lo)
        start = max(_clause_start(text, lo, f.start), prev_end)
        left = text[start:f.start]
        prev_end = f.end
        if f.unit == "%" or _DIR_AMOUNT.search(left):
            continue
        subject, scope = clean_subject(left, department)
        out.append(AmountClaim(para, subject, f, scope))
    return out


def _flat(para: Sentence, text: str, lo: int, hi: int, of: AmountClaim | None
          ) -> Iterator[ChangeClaim]:
    for m in _FLAT.finditer(text, lo, hi):
        if re.search(r"基本|大致|总体|略|较大|小幅", text[lo:m.end()]):
            continue  # 「基本持平」: roughly unchanged, not unchanged
        yield ChangeClaim(para, "", "持平", None, None, "", fold(m.group(1) or ""), of, m.start())


def _base(text: str, lo: int, pos: int) -> str:
    hits = list(_BASE.finditer(text, lo, pos))
    return re.sub(r"相比$", "", fold(hits[-1].group(1))) if hits else ""


def _core(subject: str) -> str:
    """A subject without what totals and changes add to it (各, 总计, 预算 …), for
    matching a change with the amount it is about."""
    t = fold(subject).replace("、", "").replace("其它", "其他")
    return re.sub(r"(?:各|预算|总计|总额|合计|总数|总)+$", "", re.sub(r"各$", "", t))


def _change_subject(text: str, department: str) -> str:
    text = re.sub(r"(?:与|比|较|同比)[^，,]*?(?:相比|比较)?$", "", text)
    text = re.sub(r"^\s*则", "", text)  # 「如对比2025年年度预算，则减少…」
    subject, _ = clean_subject(text, department)
    return "" if subject in GENERIC else subject


def extract_claims(paragraphs: list[Sentence], department: str = "") -> list[Claim]:
    """Every claim of a narrative's paragraphs, in reading order."""
    reader = _Reader(department)
    out: list[Claim] = []
    for p in paragraphs:
        out.extend(reader.paragraph(p))
    return out
