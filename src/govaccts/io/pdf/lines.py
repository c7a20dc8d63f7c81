"""Characters to words to lines, by position only.

Characters whose vertical centres lie within a fraction of their height of each
other form a line; a horizontal gap wider than a quarter of the character
height starts a new word.

>>> from govaccts.io.pdf.extract import RawPage
>>> page = RawPage(1, 5000, 8000, (("合", 100, 100, 200, 200), ("计", 400, 102, 500, 202),
...                                  ("1", 900, 101, 950, 201), ("2", 950, 101, 1000, 201)))
>>> [w.text for w in page_lines(page)[0].words]
['合', '计', '12']
"""

from __future__ import annotations

from govaccts.io.pdf.extract import RawChar, RawPage
from govaccts.io.pdf.model import PdfLine, PdfWord

WORD_GAP = 0.25  # of the character height
LINE_TOLERANCE = 0.4  # of the character height


def page_lines(page: RawPage) -> list[PdfLine]:
    """The page's lines, top to bottom, numbered from 1."""
    chars = sorted(page.chars, key=lambda c: (c[2] + c[4], c[1]))
    groups: list[list[RawChar]] = []
    mids: list[float] = []
    heights: list[float] = []
    for c in chars:
        mid = (c[2] + c[4]) / 2
        h = max(1, c[4] - c[2])
        if groups:
            # a char may belong to one of the last few lines (superscripts, mixed sizes)
            for k in range(len(groups) - 1, max(-1, len(groups) - 3), -1):
                if abs(mid - mids[k]) <= LINE_TOLERANCE * min(h, heights[k]):
                    g = groups[k]
                    g.append(c)
                    n = len(g)
                    mids[k] = (mids[k] * (n - 1) + mid) / n
                    heights[k] = max(heights[k], h)
                    break
            else:
                groups.append([c])
                mids.append(mid)
                heights.append(h)
        else:
            groups.append([c])
            mids.append(mid)
            heights.append(h)
    order = sorted(range(len(groups)), key=lambda k: mids[k])
    out: list[PdfLine] = []
    for k in order:
        words = _words(groups[k])
        out.append(PdfLine(page=page.number, line=len(out) + 1, words=tuple(words),
                           top=min(w.top for w in words), bottom=max(w.bottom for w in words)))
    return out


def _words(chars: list[RawChar]) -> list[PdfWord]:
    chars = sorted(chars, key=lambda c: c[1])
    words: list[PdfWord] = []
    text = ""
    x0 = x1 = top = bottom = 0
    for ch, cx0, ctop, cx1, cbottom in chars:
        h = max(1, cbottom - ctop)
        if text and cx0 - x1 < WORD_GAP * h:
            text += ch
            x1 = max(x1, cx1)
            top = min(top, ctop)
            bottom = max(bottom, cbottom)
            continue
        if text:
            words.append(PdfWord(text, x0, x1, top, bottom))
        text, x0, x1, top, bottom = ch, cx0, cx1, ctop, cbottom
    if text:
        words.append(PdfWord(text, x0, x1, top, bottom))
    return words
