"""Repairs of a table's printed lines before its columns are laid out.

Some producers print a cell's amount a little below (or above) its row's label, on a
baseline of its own; with few amounts per table those amount-only lines would become
rows of their own and the labels fragments of the wrong row. :func:`join_offset_amounts`
puts each such line back on the label line it is nearest to, when that is clearly
nearer than the usual distance between rows.

>>> from govaccts.io.pdf.model import PdfLine, PdfWord
>>> def ln(n, top, *words):
...     ws = tuple(PdfWord(t, x, x + 200, top, top + 50) for t, x in words)
...     return PdfLine(1, n, ws, top, top + 50)
>>> lines = [ln(1, 0, ("小计", 0)), ln(2, 65, ("37,188.34", 900)), ln(3, 230, ("公共财政拨款", 0)),
...          ln(4, 305, ("37,188.34", 900)), ln(5, 460, ("专项收入", 0)), ln(6, 690, ("事业收入", 0))]
>>> [[w.text for w in x.words] for x in join_offset_amounts(lines, set())[0]]
[['小计', '37,188.34'], ['公共财政拨款', '37,188.34'], ['专项收入'], ['事业收入']]
"""

from __future__ import annotations

import itertools
import statistics

import attrs

from govaccts.io.pdf.classify import has_cjk, is_amount, is_code, is_strong_amount
from govaccts.io.pdf.model import PdfLine

__all__ = ["join_code_lines", "join_offset_amounts", "line_pitch"]


def line_pitch(lines: list[PdfLine]) -> float:  # float-ok: page geometry, not an amount
    """The median distance between consecutive lines of one page (0 when unknown)."""
    d = [b.mid - a.mid for a, b in itertools.pairwise(lines) if a.page == b.page and b.mid > a.mid]
    return float(statistics.median(d)) if d else 0.0  # float-ok: page geometry


def _amount_only(ln: PdfLine) -> bool:
    return all(is_amount(w.text) for w in ln.words)


def _free_for(ln: PdfLine, amounts: PdfLine) -> bool:
    """A line with a label and nothing printed where the amounts of ``amounts`` are."""
    return any(has_cjk(w.text) for w in ln.words) and not any(
        w.x0 < a.x1 and a.x0 < w.x1 for w in ln.words for a in amounts.words)


def join_offset_amounts(body: list[PdfLine], data: set[tuple[int, int]]
                        ) -> tuple[list[PdfLine], set[tuple[int, int]]]:
    """(body, data keys) with each amount-only line joined to the label line next to
    it, when that label line is nearer than half the usual row distance, nearer than any other label line, and
    printing nothing where the amounts go (see the module doc). Nothing else changes."""
    pitch = line_pitch(body)
    if not pitch:
        return body, data
    out = list(body)
    joined: dict[int, int] = {}  # index of an amount line -> index of its label line
    for k, ln in enumerate(body):
        if not _amount_only(ln) or k in joined.values():
            continue
        same = [j for j in (k - 1, k + 1) if 0 <= j < len(body) and body[j].page == ln.page
                and j not in joined and len(body[j].words) >= len(ln.words)
                and body[j].top < ln.bottom and ln.top < body[j].bottom
                and not any(w.x0 < a.x1 and a.x0 < w.x1 for w in body[j].words for a in ln.words)
                and j not in joined.values()]
        if len(same) == 1:  # printed on the same line, a little lower (another type size)
            joined[k] = same[0]
            continue
        near = [j for j in (k - 1, k + 1) if 0 <= j < len(body) and body[j].page == ln.page
                and _free_for(body[j], ln) and j not in joined.values() and j not in joined]
        if not near:
            continue
        j = min(near, key=lambda j: abs(body[j].mid - ln.mid))
        dist = abs(body[j].mid - ln.mid)
        others = [abs(body[i].mid - ln.mid) for i in near if i != j]
        if dist < pitch / 2 and all(dist < 0.6 * o for o in others):
            joined[k] = j
    if not joined:
        return body, data
    data = set(data)
    for k, j in joined.items():
        lab, amt = body[j], body[k]
        words = tuple(sorted([*lab.words, *amt.words], key=lambda w: w.x0))
        out[j] = attrs.evolve(lab, words=words, top=min(lab.top, amt.top),
                              bottom=max(lab.bottom, amt.bottom))
        data.discard((amt.page, amt.line))
        data.add((lab.page, lab.line))
    return [ln for k, ln in enumerate(out) if k not in joined], data


def _coded(ln: PdfLine) -> bool:
    return is_code(ln.words[0].text)


def _apart(a: PdfLine, b: PdfLine) -> bool:
    """No word of ``b`` that is an amount is printed over a word of ``a``."""
    return not any(w.x0 < x.x1 and x.x0 < w.x1 for w in a.words for x in b.words
                   if is_strong_amount(x.text))


def _amounts_no_code(ln: PdfLine) -> bool:
    return not is_code(ln.words[0].text) and any(is_strong_amount(w.text) for w in ln.words)


def join_code_lines(body: list[PdfLine], data: set[tuple[int, int]]
                    ) -> tuple[list[PdfLine], set[tuple[int, int]]]:
    """(body, data keys) with a line that prints a code (alone, centred in a tall cell,
    or with some amounts) joined to the line of amounts next to it that prints no
    code and no amount where the coded line has one (amounts aligned to the foot of a
    two-line cell), when the two are less than a line's height apart and nearer than
    any other such line.

    >>> from govaccts.io.pdf.model import PdfLine, PdfWord
    >>> def ln(n, top, *words):
    ...     ws = tuple(PdfWord(t, x, x + 200, top, top + 100) for t, x in words)
    ...     return PdfLine(1, n, ws, top, top + 100)
    >>> lines = [ln(1, 0, ("206", 0), ("科学技术支出", 300), ("1,989.00", 900)),
    ...          ln(2, 200, ("实验室及相关", 300)), ln(3, 280, ("2060204", 0)),
    ...          ln(4, 360, ("设施", 300), ("1,165.07", 900)), ln(5, 560, ("221", 0), ("1.00", 900))]
    >>> [[w.text for w in x.words] for x in join_code_lines(lines, set())[0]]
    [['206', '科学技术支出', '1,989.00'], ['实验室及相关'], ['2060204', '设施', '1,165.07'], ['221', '1.00']]
    """
    out = list(body)
    gone: set[int] = set()
    data = set(data)
    for k, ln in enumerate(body):
        if k in gone or not _coded(ln):
            continue
        near = [j for j in (k - 1, k + 1) if 0 <= j < len(body) and j not in gone
                and body[j].page == ln.page and _amounts_no_code(body[j])
                and _apart(ln, body[j])]
        if not near:
            continue
        j = min(near, key=lambda j: abs(body[j].mid - ln.mid))
        dist = abs(body[j].mid - ln.mid)
        others = [abs(body[i].mid - ln.mid) for i in near if i != j]
        other = body[j]
        height = max(ln.bottom - ln.top, other.bottom - other.top)
        if dist < height and all(dist < o for o in others):
            words = tuple(sorted([*ln.words, *other.words], key=lambda w: w.x0))
            out[k] = attrs.evolve(ln, words=words, top=min(ln.top, other.top),
                                  bottom=max(ln.bottom, other.bottom))
            gone.add(j)
            data.discard((other.page, other.line))
            data.add((ln.page, ln.line))
    return [ln for k, ln in enumerate(out) if k not in gone], data
