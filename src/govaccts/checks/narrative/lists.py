"""Totals stated with their parts: 「X万元，其中：A a万元、B b万元」, 「1.26亿元（A 4500万元、
B 2000万元…）」, a sentence ending in 具体包括： followed by numbered paragraphs 「1.… a万元」,
and changes — 「减少 Δ万元。其中：A增加 a万元，B减少 b万元」. The parts of a list add up to its
head within rounding; a list may name only some parts (其中), so the longest run of parts
from the first that adds up is what is checked, and a list that never adds up is left
untied, not reported.

>>> from govaccts.checks.narrative.text import sentences
>>> from govaccts.checks.narrative.extract import extract_claims
>>> ls = list_claims(extract_claims(sentences("支出合计563.56万元，其中：基本支出448.55万元，项目支出115.01万元。")))
>>> [(x.head.figure.text, [i.figure.text for i in x.items]) for x in ls]
[('563.56', ['448.55', '115.01'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from govaccts.checks.narrative.claims import AmountClaim, ChangeClaim, Claim, ListClaim
from govaccts.checks.narrative.text import ORDINAL, Sentence

__all__ = ["ListClaim", "list_claims"]

_MARK = re.compile(r"其中|具体包括|主要包括|包括|分别为|分别是|主要用于")
_OPENS = re.compile(r"(?:其中|包括|具体如下|如下|以下方面|具体情况)[：:]\s*$")
_END = re.compile(r"[。；;]")
_ASIDE = re.compile(r"[（(][^（()）]*[）)]")


@attrs.define
class _Open:
    """A list over paragraphs, still open: its head, its items, their numbering."""

    head: AmountClaim
    items: list[AmountClaim] = attrs.Factory(list)
    style: str | None = None

    def takes(self, style: str | None) -> bool:
        """True when a paragraph numbered ``style`` (``None``: unnumbered) is an item."""
        return style == self.style or not self.items


_INNER = re.compile(r"(?:主要包括|具体包括|包括|其中)[：:]\s*(\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])")


def _style(text: str) -> str | None:
    m = ORDINAL.match(text)
    if m is None:
        return None
    o = m.group(1)
    return "（一）" if re.search(r"[一二三四五六七八九十]", o) else "（1）" if o[0] in "（(" else "1."


def _numbered(text: str, amts: list[AmountClaim], style: str | None, start: int = 0
              ) -> list[AmountClaim]:
    """The items of a paragraph: the first amount of each clause numbered ``style`` (the
    first amount only, when the paragraph is an unnumbered item)."""
    if style is None or not amts:
        return amts[:1]
    out: list[AmountClaim] = []
    seen: set[int] = set()
    for a in amts:
        seg = max(text.rfind(ch, start, a.figure.start) for ch in "；;。") + 1
        seg = max(seg, start)
        if seg not in seen and _style(text[seg:a.figure.start]) == style:
            seen.add(seg)
            out.append(a)
    return out


def _inside(text: str, start: int, pos: int) -> bool:
    """True when ``pos`` is inside brackets opened after ``start`` (an aside)."""
    seg = text[start:pos]
    return seg.count("（") + seg.count("(") > seg.count("）") + seg.count(")")


def _close(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return -1  # never closed: no aside


def _in_paragraph(para: Sentence, amts: list[AmountClaim]) -> Iterator[ListClaim]:
    text = para.text
    for i, head in enumerate(amts):
        rest = amts[i + 1:]
        if not rest:
            return
        after = text[head.figure.end:rest[0].figure.start]
        bracket = re.match(r"\s*[（(]", text[head.figure.end:])
        if bracket:
            end = _close(text, head.figure.end + bracket.end() - 1)
            items = [a for a in rest if a.figure.start < end]  # none when never closed
            if items:
                yield ListClaim(para, head, tuple(items), aside=True)
            continue
        m = _MARK.search(after)
        if m is None or _inside(text, 0, head.figure.start):
            continue
        if not _after_sentence(text, head, after, m) and (
                _END.search(after, 0, m.start()) or m.start() > 15
                or re.search(r"增|减|下降|原因|比|较", after[:m.start()])):
            continue  # 「…增加 1,210.00 万元，主要原因包括：」 lists reasons, not parts
        items, skipping = [], False
        prev_end = head.figure.end + m.end()
        if rest[0].figure.start - prev_end > 30:
            continue  # 「…，用于…，包括人事管理…」: a description, not a list of amounts
        for a in rest:
            gap = _unbracketed(text[prev_end:a.figure.start])
            if "。" in gap:
                break
            if skipping and _END.search(gap):
                skipping = False
            if items and _MARK.search(gap) and not _END.search(gap):
                skipping = True  # a list inside the list: its parts are not this one's
            if _inside(text, head.figure.end, a.figure.start):
                continue  # an aside of an item: the gap to the next one spans its brackets
            if not skipping:
                items.append(a)
            prev_end = a.figure.end
        if items:
            yield ListClaim(para, head, tuple(items), marker=m.group(0))


def _unbracketed(text: str) -> str:
    """``text`` without its asides in brackets (nested ones too)."""
    while (shorter := _ASIDE.sub("", text)) != text:
        text = shorter
    return text


def _after_sentence(text: str, head: AmountClaim, after: str, m: re.Match[str]) -> bool:
    """True for 「X A万元，比上年增加…，主要原因是…。其中：B b万元」: 其中 opens the sentence
    after the one ``head`` is the first amount of, and lists that amount's parts."""
    start = max(text.rfind(ch, 0, head.figure.start) for ch in "。；;") + 1
    return m.group(0) == "其中" and after[:m.start()].rstrip().endswith("。") \
        and after.count("。") == 1 and not re.search(r"[\d.]+\s*(?:亿元|万元|元)",
                                                    text[start:head.figure.start])


def _parallel(lists: list[ListClaim], changes: list[ChangeClaim]) -> Iterator[ListClaim]:
    """The changes of a list's head and parts, each stated beside its amount (「A a万元，比上年
    增加 Δa万元；B b万元，比上年减少 Δb万元」): if this year's parts add up to the head and last
    year's did, so do the changes. Only a run that adds up confirms them: the list is never
    complete, as its wording cannot say that last year's parts were the same."""
    of: dict[int, ChangeClaim] = {}
    for c in changes:
        if c.of is not None and c.delta is not None and id(c.of) not in of:
            of[id(c.of)] = c
    for lst in lists:
        head = of.get(id(lst.head))
        items = [of.get(id(i)) for i in lst.items]
        if head is None or len(items) < 2 or any(
                i is None or i.base != head.base for i in items):
            continue
        yield ListClaim(head.para, head, tuple(i for i in items if i is not None))


def _changes(para: Sentence, changes: list[ChangeClaim]) -> Iterator[ListClaim]:
    """「…减少 Δ万元。其中：A增加 a万元，B减少 b万元」."""
    text = para.text
    for i, head in enumerate(changes):
        if head.delta is None or head.subject:
            continue
        items = []
        for c in changes[i + 1:]:
            if c.delta is None or not c.subject:
                break
            items.append(c)
        if len(items) >= 2 and _MARK.search(text, head.delta.end, items[0].pos):
            yield ListClaim(para, head, tuple(items))


def list_claims(claims: list[Claim]) -> list[ListClaim]:
    """Every list of a narrative's claims: within a paragraph, in brackets, and over
    numbered paragraphs under a sentence that ends in 包括： (or 其中：, 如下：)."""
    by: dict[int, tuple[Sentence, list[AmountClaim], list[ChangeClaim]]] = {}
    for c in claims:
        if isinstance(c, AmountClaim | ChangeClaim):
            entry = by.setdefault(id(c.para), (c.para, [], []))
            if isinstance(c, AmountClaim):
                entry[1].append(c)
            else:
                entry[2].append(c)
    out: list[ListClaim] = []
    stack: list[_Open] = []

    def close() -> None:
        top = stack.pop()
        if top.items:
            out.append(ListClaim(top.head.para, top.head, tuple(top.items)))

    section = None
    short: ListClaim | None = None  # a 主要包括 list still short of its head at its paragraph's end
    for para, amts, changes in by.values():
        st = _style(para.text)
        if short is not None:
            if para.section == short.para.section and st is None and amts \
                    and amts[0].figure.start < 40 and not _MARK.search(para.text):
                short = attrs.evolve(short, items=(*short.items, *_firsts(para.text, amts)))
                if _sum(short) < short.head.figure.wan:  # type: ignore[union-attr]
                    continue
            out.append(short)
            short = None
        found = list(_in_paragraph(para, amts))
        if found and _runs_on(found[-1], amts):
            short = found.pop()
        out += found
        out += _changes(para, changes)
        if para.section != section:
            while stack:
                close()
            section = para.section
        if st is not None:
            while stack and not stack[-1].takes(st) and any(o.takes(st) for o in stack[:-1]):
                close()  # a numbered paragraph of an outer list ends the inner one
        if stack and amts and amts[0].figure.start < 60 and stack[-1].takes(st):
            stack[-1].style = st
            stack[-1].items += _numbered(para.text, amts, st)
        if amts and _OPENS.search(para.text.rstrip("。；; ")):
            last = max(amts, key=lambda a: a.figure.start)
            sentence_start = max(para.text.rfind(ch, 0, last.figure.start) for ch in "。；") + 1
            stack.append(_Open(next(a for a in amts if a.figure.start >= sentence_start)))
        elif m := _INNER.search(para.text):  # 「…844.03万元，主要包括：1.统计专项调查业务…」
            heads = [a for a in amts if a.figure.end <= m.start()]
            style = _style(m.group(1))
            items = _numbered(para.text, [a for a in amts if a.figure.start >= m.end()], style,
                              m.start(1))
            if heads and items:
                stack.append(_Open(heads[-1], items, style))
    while stack:
        close()
    if short is not None:
        out.append(short)
    out += _following(list(by.values()))
    every = [c for _, _, changes in by.values() for c in changes]
    return out + list(_parallel([x for x in out if isinstance(x.head, AmountClaim)], every))


Item = AmountClaim | ChangeClaim


def _tail(para: Sentence, amts: list[AmountClaim], changes: list[ChangeClaim]) -> Item | None:
    """The one figure of a paragraph's last sentence: an amount, or a change with its Δ."""
    text = para.text.rstrip("。；; ")
    start = max(text.rfind(ch) for ch in "。；;") + 1
    last = [a for a in amts if a.figure.start >= start]
    moves = [c for c in changes if c.delta is not None and c.delta.start >= start]
    if len(last) == 1 and all(c.of is last[0] for c in moves):
        return last[0]  # 「“三公”经费26.11万元，比上年减少25.05万元，下降49%，…。」
    if not last and len(moves) == 1 and moves[0].rate is None:
        return moves[0]  # 「…与上年相比减少 6,331.03 万元。」
    return None


def _opening(text: str, claims: list[Item], change: bool) -> list[Item]:
    """The first amount (``change``: the first change with its Δ) of each clause of a
    paragraph (clauses end at ，；。)."""
    out: list[Item] = []
    seen: set[int] = set()
    for c in claims:
        pos = c.delta.start if isinstance(c, ChangeClaim) and c.delta is not None else c.pos
        clause = max(text.rfind(ch, 0, pos) for ch in "，,；;。")
        if (isinstance(c, ChangeClaim) != change or clause in seen or _inside(text, 0, pos)
                or (isinstance(c, ChangeClaim) and (c.delta is None or not c.subject))):
            continue
        seen.add(clause)
        out.append(c)
    return out


def _following(paras: list[tuple[Sentence, list[AmountClaim], list[ChangeClaim]]]
               ) -> Iterator[ListClaim]:
    """A total ending its paragraph and its parts in the paragraphs after it: 「…政府采购预算
    总金额为 2247.85 万元。」 then 「其中拟购买货物 59 万元，拟购买工程 0 万元，…」, or 「…与上年
    相比增加 2,898.54 万元。」 then 「1.教育支出比上年增加 3,805.13 万元…」「2.…」. Never
    complete (其中 may name some parts only): a run that adds up confirms them."""
    for n, (para, amts, changes) in enumerate(paras):
        head = _tail(para, amts, changes)
        if head is None:
            continue
        change = isinstance(head, ChangeClaim)
        items: list[Item] = []
        style: str | None = None  # the items' numbering; "其中" for an unnumbered list
        for q, qa, qc in paras[n + 1:]:
            found = _opening(q.text, sorted([*qa, *qc], key=lambda c: c.pos), change)
            st = _style(q.text)
            if q.section != para.section or not found:
                break
            if not items and q.text.startswith("其中"):
                style, items = "其中", found  # 「其中拟购买货物 59 万元，拟购买工程 0 万元，…」
                continue
            if (st or "其中") != (style or st) or found[0].pos > 60:
                break
            style = st or "其中"
            items += found if style == "其中" else found[:1]
        if len(items) >= 2:
            yield ListClaim(para, head, tuple(items), marker="其中")


def _sum(lst: ListClaim) -> Decimal:
    return sum((i.figure.wan for i in lst.items if isinstance(i, AmountClaim)), Decimal(0))


def _runs_on(lst: ListClaim, amts: list[AmountClaim]) -> bool:
    """True for a list that may go on in the next paragraph: opened by 主要包括 (which need
    not name every part, so a run that never adds up is no finding), its last item the
    paragraph's last amount, its items short of its head (「1.安全生产管理 1,074.77 万元，主要
    包括：A 596.40 万元…；D 85.00 万元。」 then 「宣传业务 43.59 万元，用于…。」)."""
    return lst.marker == "主要包括" and isinstance(lst.head, AmountClaim) \
        and lst.items[-1] is amts[-1] and _sum(lst) < lst.head.figure.wan


def _firsts(text: str, amts: list[AmountClaim]) -> list[AmountClaim]:
    """The first amount of each clause ended by 。 or ；: the items of an unnumbered
    paragraph that goes on with a list."""
    out: list[AmountClaim] = []
    seen: set[int] = set()
    for a in amts:
        seg = max(text.rfind(ch, 0, a.figure.start) for ch in "；;。")
        if seg not in seen:
            seen.add(seg)
            out.append(a)
    return out
