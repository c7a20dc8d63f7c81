"""The narrative as paragraphs: lines a PDF extraction wrapped are joined, and each
paragraph is tagged with its section (一 … 十三, （一） …) and the lines it came from.

>>> ps = sentences("一、收入支出决算总体情况说明\\n\\n2023年度收、支总计563.56\\n万元。")
>>> [(p.section, p.text, p.line) for p in ps]
[('一', '一、收入支出决算总体情况说明', 1), ('一', '2023年度收、支总计563.56万元。', 3)]
>>> ps[1].line_at(ps[1].text.index("万元"))
4
"""

from __future__ import annotations

import re

import attrs

__all__ = ["CN_NUM", "FULL_WIDTH", "HEADING", "SUB", "Sentence", "is_table_row", "sentences"]

CN_NUM = "一二三四五六七八九十"
HEADING = re.compile(rf"^([{CN_NUM}]+)、(.+)$")
"""A section heading: 「一、收入支出决算总体情况说明」."""
SUB = re.compile(rf"^[（(]([{CN_NUM}]+)[)）]\s*(.*)$")
"""A subsection heading: 「（三）一般公共预算财政拨款支出决算具体情况」."""

FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
"""Full-width digits, point and percent sign, folded one to one (offsets are kept)."""

_PART = re.compile(rf"^(第[{CN_NUM}]+部分)\s*([^\d.…·]*)$")
"""A part: 「第三部分」 alone, or with its title 「第五部分 财政拨款“三公”经费预算情况」 (not a
table of contents' line, whose page number or leader dots end it)."""
_ITEM_HEAD = re.compile(r"^\d+[、.](?!\d).*[（(]项[)）][。.]?$")


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


_CELL_RUN = re.compile(r"(?:-?\d[\d,]*\.\d{2}\s+){3,}-?\d[\d,]*\.\d{2}(?!\d|\s*(?:亿元|万元|元|%))")
"""Four amounts in a row, separated by spaces and followed by no unit: a table's row, never
prose (「三年支出为 100.00 200.00 300.00 400.00 万元」 is prose)."""


def is_table_row(text: str) -> bool:
    """True for a paragraph that is a table's row (an annex row, tab-separated) or holds
    one (a project table's 绩效目标 text read around its amounts: 「…应用补300.00 300.00 300.00
    0.00 0.00 0.00 0.00购金额超6亿元…」): not prose, neither read for claims nor counted.

    >>> is_table_row("广州市创新药械应用补300.00 300.00 300.00 0.00 0.00购金额超6亿元")
    True
    >>> is_table_row("支出合计563.56万元，其中：基本支出448.55万元，项目支出115.01万元。")
    False
    >>> is_table_row("三年支出为 100.00 200.00 300.00 400.00 万元")
    False
    """
    return "\t" in text or bool(_CELL_RUN.search(text))


def _starts_block(t: str) -> bool:
    return bool(HEADING.match(t) or SUB.match(t) or re.match(r"^\d+[、.](?!\d)", t)
                or t.startswith(("第", "附件")))


_SPACED = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \u3000]+"
                     r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
"""Spaces between two Chinese characters (or full-width punctuation): letter-spacing a PDF
extraction kept (「增 加 2.7 万 元」), never meaningful."""


ORDINAL = re.compile(r"^\s*(\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]+[)）])")
"""The number an item of a list starts with: 「1.」, 「（1）」, 「（一）」."""
FOLIO = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[-—–－\s]*$")
"""A page number printed on a line of its own (「25」, 「- 30 -」, 「第 3 页」)."""


def _running(lines: list[str]) -> set[str]:
    """Running heads and feet: a line without closing punctuation printed on three pages
    or more (「无锡市交通运输局2026年度部门预算公开」), with or without its page number."""
    keys = [re.sub(r"^[-—–－]\s*\d{1,4}\s*[-—–－]|\s+", "", ln) for ln in lines]
    seen: dict[str, int] = {}
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if n >= 3 and len(k) > 6 and not re.search(r"[。；;：:]$", k)}


def _open_bracket(text: str) -> bool:
    """True when ``text`` ends inside brackets opened in its last sentence, at a clause's
    end: 「A 61.49万元（a 0万元，…；」 goes on with b. (A bracket a 。 follows inside is a
    stray one: 「…（含上年结转，详见附表1。」 does not glue the next paragraphs on.)"""
    if not re.search(r"[；;，,、]$", text):
        return False
    last = text[text.rfind("。") + 1:]
    return last.count("（") + last.count("(") > last.count("）") + last.count(")")


def _flatten(lines: list[tuple[int, str]]) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """Join lines that a PDF extraction wrapped mid-sentence: (text, starts)."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for ln, text in lines:
        t = _SPACED.sub("", text.strip())
        if not t or FOLIO.match(t):
            continue  # a page number between two pages of a sentence is not part of it
        if out and (not re.search(r"[。；：！？:;]$", out[-1][0]) or _open_bracket(out[-1][0])) \
                and not _starts_block(t) and not _ITEM_HEAD.match(out[-1][0]):
            prev, starts = out[-1]
            starts.append((len(prev), ln))
            out[-1] = (prev + t, starts)
        else:
            out.append((t, [(0, ln)]))
    return [(t, tuple(st)) for t, st in out]


def sentences(narrative: str) -> list[Sentence]:
    """The narrative's paragraphs, each tagged with its section (一 … 十三, （一）…).

    Lines that a PDF extraction wrapped mid-sentence are joined, so a claim that runs
    over a line break (or over 。/； into the next clause) is read whole.
    """
    lines = narrative.translate(FULL_WIDTH).splitlines()
    running = _running(lines)
    out: list[Sentence] = []
    section = ""
    sub = ""
    part = ""
    titled = False
    buf: list[tuple[int, str]] = []

    def flush() -> None:
        for text, starts in _flatten(buf):
            label = section + (f"({sub})" if sub else "")
            # a titled part's sections keep their bare number (as before titled parts were
            # read), so a label can recur in another part and the first heading of a label
            # names its table (docs/narrative-corpus.rst: what resolving by position exposes)
            if part and part != "第三部分" and not (titled and section):
                label = f"{part} {label}".strip()
            out.append(Sentence(label, text, starts[0][1], starts))
        buf.clear()

    for i, raw in enumerate(lines, start=1):
        t = raw.strip()
        if (m0 := _PART.match(t)) and len(t) < 40:
            flush()
            part, section, sub = m0.group(1), "", ""
            titled = bool(m0.group(2))
            if m0.group(2):  # 「第五部分 财政拨款“三公”经费预算情况」: the part's heading
                out.append(Sentence(part if part != "第三部分" else "", t, i))
            continue
        m = HEADING.match(t)
        if m and len(t) < 40:
            flush()
            section, sub = m.group(1), ""
            out.append(Sentence(section, t, i))
            continue
        m2 = SUB.match(t)
        if m2 and len(m2.group(2)) < 40 and section:
            flush()
            sub = m2.group(1)
            out.append(Sentence(f"{section}({sub})", t, i))
            continue
        if running and re.sub(r"^[-—–－]\s*\d{1,4}\s*[-—–－]|\s+", "", t) in running:
            continue
        buf.append((i, raw))
    flush()
    return out
