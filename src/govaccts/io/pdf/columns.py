"""Columns of a table from the x-extents of its printed words.

Columns are the disjoint x-intervals covered by the words of the "anchor" data
lines (those that print a code, or all data lines when none does).  Words of other
lines, and header words, add a column only where they overlap none; a word that
spans several columns (a merged cell such as a centred 合计, or a parent header)
never merges them.

>>> from govaccts.io.pdf.model import PdfWord
>>> w = lambda x0, x1: PdfWord("x", x0, x1, 0, 100)
>>> ivs = build_intervals([[w(0, 100), w(300, 400)], [w(10, 90), w(320, 400)]], [[w(50, 350)], [w(600, 700)]])
>>> ivs
[(0, 100), (300, 400), (600, 700)]
>>> assign(w(40, 60), ivs), assign(w(560, 590), ivs)
(0, 2)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govaccts.io.pdf.classify import has_cjk
from govaccts.io.pdf.model import PdfLine, PdfWord

Interval = tuple[int, int]


def cell_words(line: PdfLine) -> list[PdfWord]:
    """The line's words with letter-spaced text joined: adjacent words of Chinese text,
    one of them a single character, less than 1.5 characters apart are one cell
    (``合  计``, ``项  目``)."""
    out: list[PdfWord] = []
    prev_len = 0
    for w in line.words:
        short = min(prev_len, len(w.text)) == 1
        prev_len = len(w.text)
        if out:
            p = out[-1]
            gap = w.x0 - p.x1
            em = max(p.height, w.height)
            if short and gap < 1.5 * em and _pure_cjk(p.text) and _pure_cjk(w.text):
                out[-1] = PdfWord(p.text + w.text, p.x0, w.x1, min(p.top, w.top),
                                  max(p.bottom, w.bottom))
                continue
        out.append(w)
    return out


def _pure_cjk(text: str) -> bool:
    return has_cjk(text) and not any(ch.isascii() and ch.isalnum() for ch in text)


def _merge(ivs: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a, b in sorted(ivs):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _overlaps(word: Interval, ivs: Sequence[Interval]) -> int:
    return sum(1 for a, b in ivs if word[0] < b and a < word[1])


def build_intervals(anchor: Sequence[Sequence[PdfWord]],
                    others: Sequence[Sequence[PdfWord]]) -> list[Interval]:
    """Disjoint column intervals, left to right (see the module doc).

    ``others`` are taken in order: a word over no column starts one, a word over one
    column widens it (unless that would reach a neighbour), a word over several is
    a spanning cell and changes nothing.
    """
    ivs = _merge([(w.x0, w.x1) for ws in anchor for w in ws])
    for ws in others:
        for w in ws:
            hit = [i for i, (a, b) in enumerate(ivs) if w.x0 < b and a < w.x1]
            if not hit:
                ivs.append((w.x0, w.x1))
                ivs.sort()
            elif len(hit) == 1:
                i = hit[0]
                a, b = min(ivs[i][0], w.x0), max(ivs[i][1], w.x1)
                if all(j == i or not (a < bj and aj < b) for j, (aj, bj) in enumerate(ivs)):
                    ivs[i] = (a, b)
    return ivs


def spanning_words(header: Sequence[Sequence[PdfWord]],
                   data: Sequence[Sequence[PdfWord]]) -> list[list[PdfWord]]:
    """The header lines without the words that title a group of columns from above: a
    word over no data and no lower header word, with lower header words on both sides
    that no other word of its line stands over (``收入`` centred over ``项目名称 | 金额``).
    Such a word names its neighbours; it is no column of its own.

    >>> from govaccts.io.pdf.model import PdfWord
    >>> w = lambda t, x0, x1: PdfWord(t, x0, x1, 0, 100)
    >>> [[x.text for x in ln] for ln in spanning_words(
    ...     [[w("收入", 170, 190)], [w("项目名称", 110, 150), w("金额", 250, 270)]], [])]
    [[], ['项目名称', '金额']]
    """
    below: list[list[PdfWord]] = []
    out: list[list[PdfWord]] = []
    flat = [w for ws in data for w in ws]
    for line in reversed(header):
        kept = []
        for w in line:
            # lower words beside it that no other word of its own line stands over
            lower = [x for ln in below for x in ln
                     if not any(o is not w and o.x0 < x.x1 and x.x0 < o.x1 for o in line)]
            over = any(w.x0 < x.x1 and x.x0 < w.x1 for x in [*lower, *flat])
            left = any(x.x1 <= w.x0 for x in lower)
            right = any(x.x0 >= w.x1 for x in lower)
            if not (lower and not over and left and right):
                kept.append(w)
        out.append(kept)
        below.append(list(line))
    return list(reversed(out))


def split_mixed(ivs: list[Interval], lines: Sequence[Sequence[PdfWord]]) -> list[Interval]:
    """Split a column that holds labels and amounts side by side: long labels of one
    row reach over the amounts of another, so their extents merged two columns into
    one. A line printing a label and then an amount in that one column shows where
    the amounts begin; every amount of the column must lie right of every such label.

    >>> from govaccts.io.pdf.model import PdfWord
    >>> w = lambda t, x0, x1: PdfWord(t, x0, x1, 0, 100)
    >>> split_mixed([(0, 400)], [[w("四、公共安全支出", 0, 200), w("16,458.75", 300, 400)],
    ...                          [w("十七、国土海洋气象等支出", 0, 350)]])
    [(0, 299), (300, 400)]
    """
    from govaccts.io.pdf.classify import is_strong_amount

    out: list[Interval] = []
    for i, (a, b) in enumerate(ivs):
        lefts: list[int] = []
        rights: list[int] = []
        amounts: list[int] = []
        for ws in lines:
            mine = sorted((w for w in ws if assign(w, ivs) == i), key=lambda w: w.x0)
            amounts += [w.x0 for w in mine if is_strong_amount(w.text)]
            k = next((j for j, w in enumerate(mine) if is_strong_amount(w.text)), None)
            if k and all(has_cjk(w.text) for w in mine[:k]) and all(
                    is_strong_amount(w.text) for w in mine[k:]):
                lefts.append(mine[k - 1].x1)
                rights.append(mine[k].x0)
        if lefts and max(lefts) < min(rights) and min(amounts) > max(lefts):
            p = min(amounts)
            out += [(a, p - 1), (p, b)]
        else:
            out.append((a, b))
    return out


def join_spaced_headers(ivs: list[Interval], header: Sequence[Sequence[PdfWord]],
                        data: Sequence[Sequence[PdfWord]]) -> list[Interval]:
    """Join two columns that are one header spaced out over a wide cell (``金    额``):
    neighbours each named by one character only, one of them holding no data.

    >>> from govaccts.io.pdf.model import PdfWord
    >>> w = lambda t, x0, x1: PdfWord(t, x0, x1, 0, 100)
    >>> join_spaced_headers([(0, 100), (300, 400), (500, 900)],
    ...                     [[w("名称", 0, 100), w("金", 300, 400), w("额", 600, 700)]],
    ...                     [[w("行政运行", 0, 100), w("1.00", 800, 900)]])
    [(0, 100), (300, 900)]
    """
    names = header_names(header, ivs)
    filled = [False] * len(ivs)
    for ws in data:
        for x in ws:
            filled[assign(x, ivs)] = True
    out: list[Interval] = []
    i = 0
    while i < len(ivs):
        if (i + 1 < len(ivs) and len(names[i]) == 1 == len(names[i + 1])
                and _pure_cjk(names[i] + names[i + 1]) and not (filled[i] and filled[i + 1])):
            out.append((ivs[i][0], ivs[i + 1][1]))
            i += 2
            continue
        out.append(ivs[i])
        i += 1
    return out


def join_split_text_columns(ivs: list[Interval], header: Sequence[Sequence[PdfWord]],
                            lines: Sequence[Sequence[PdfWord]]) -> list[Interval]:
    """Join two neighbouring columns of text that are one column printed with its
    labels at different places (some centred, some left-aligned): one of them has no
    header, neither holds an amount, and no line prints in both but as one run of
    text (``1.`` ``一般公`` letter-spaced over the boundary).

    >>> from govaccts.io.pdf.model import PdfWord
    >>> w = lambda t, x0, x1: PdfWord(t, x0, x1, 0, 100)
    >>> join_split_text_columns([(0, 100), (200, 300), (400, 500)], [[w("项目名称", 0, 100),
    ...     w("金额", 400, 500)]], [[w("收入总计", 50, 150), w("1.00", 400, 500)],
    ...     [w("小计", 220, 280), w("2.00", 400, 500)]])
    [(0, 300), (400, 500)]
    """

    if len(ivs) < 2:
        return ivs
    names = header_names(header, ivs)
    text = [True] * len(ivs)
    used: list[set[int]] = []
    apart: set[int] = set()  # columns i whose words on some line stand apart from i + 1's
    for ws in lines:
        cols: dict[int, list[PdfWord]] = {}
        for x in ws:
            c = assign(x, ivs)
            cols.setdefault(c, []).append(x)
            ordinal = re.fullmatch(r"\d{1,2}[.、．]", x.text) is not None
            if not (has_cjk(x.text) or ordinal):
                text[c] = False
        for c in cols:
            if c + 1 in cols:
                last, first = max(cols[c], key=lambda x: x.x1), min(cols[c + 1], key=lambda x: x.x0)
                if first.x0 - last.x1 > 1.5 * max(last.height, first.height):
                    apart.add(c)
        used.append(set(cols))
    out: list[Interval] = []
    i = 0
    while i < len(ivs):
        j = i + 1
        if (j < len(ivs) and text[i] and text[j] and (not names[i] or not names[j])
                and any(i in u for u in used) and any(j in u for u in used)
                and i not in apart):
            out.append((ivs[i][0], ivs[j][1]))
            i += 2
            continue
        out.append(ivs[i])
        i += 1
    return out


def assign(word: PdfWord, ivs: Sequence[Interval]) -> int:
    """The column of a word: the one holding its centre, else the most overlapped, else
    the nearest."""
    mid = (word.x0 + word.x1) / 2
    for i, (a, b) in enumerate(ivs):
        if a <= mid <= b:
            return i
    best, best_ov = -1, 0
    for i, (a, b) in enumerate(ivs):
        ov = min(b, word.x1) - max(a, word.x0)
        if ov > best_ov:
            best, best_ov = i, ov
    if best >= 0:
        return best
    return min(range(len(ivs)), key=lambda i: min(abs(ivs[i][0] - mid), abs(ivs[i][1] - mid)))


def covered(word: PdfWord, ivs: Sequence[Interval]) -> list[int]:
    """Columns a header word spans: those overlapped by at least half of the narrower."""
    out = []
    for i, (a, b) in enumerate(ivs):
        ov = min(b, word.x1) - max(a, word.x0)
        if ov > 0 and ov >= 0.5 * min(b - a, word.x1 - word.x0):
            out.append(i)
    return out


def header_names(header: Sequence[Sequence[PdfWord]], ivs: Sequence[Interval]) -> list[str]:
    """Flatten multi-row headers: a word over one column is (part of) that column's own
    name; a word over several is a parent of each (``本年支出/基本支出``), also when it is
    narrower than they are but centred over them and they all have names below it
    (``事业收入`` over ``金额 | 其中：教育收费``).

    >>> from govaccts.io.pdf.model import PdfWord
    >>> w = lambda t, x0, x1: PdfWord(t, x0, x1, 0, 100)
    >>> header_names([[w("合计", 0, 100), w("事业收入", 250, 350)],
    ...               [w("金额", 150, 250), w("其中：教育收费", 330, 470)]],
    ...              [(0, 100), (150, 290), (310, 470)])
    ['合计', '事业收入/金额', '事业收入/其中：教育收费']
    """
    leaf = [""] * len(ivs)
    parents: list[list[str]] = [[] for _ in ivs]
    for n, words in enumerate(header):
        below = {assign(x, ivs) for line in header[n + 1:] for x in line} if ivs else set()
        mine = [assign(x, ivs) for x in words] if ivs else []
        for w, own in zip(words, mine, strict=True):
            cols = covered(w, ivs) or ([own] if ivs else [])
            if len(cols) == 1:
                cols = _centred_span(w, cols[0], ivs, below, set(mine) - {own}) or cols
            if len(cols) == 1:
                leaf[cols[0]] += w.text
            else:
                for c in cols:
                    if w.text not in parents[c]:
                        parents[c].append(w.text)
    return ["/".join([*parents[i], leaf[i]] if leaf[i] else parents[i]) for i in range(len(ivs))]


_FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算")


def _parent_split(name: str) -> tuple[str, str] | None:
    """``name`` as a parent and an item glued (「公务用车购置及运行维护费公务用车购置费」): the
    one cut after a 费 whose remainder is an item of the parent's (a 费 that starts like
    it); ``None`` when there is no such cut, or more than one."""
    cuts = [(name[:k], name[k:]) for k in range(4, len(name) - 1)
            if name[k - 1] == "费" and name[k:].endswith("费") and name[k:k + 2] == name[:2]]
    return cuts[0] if len(cuts) == 1 else None


def fund_groups(names: list[str]) -> list[str]:
    """Items each split by fund, their names centred over the middle fund column (深圳's
    三公 table: 「总计 | 因公出国(境)费 | …」 over 「一般公共预算 | 政府性基金预算 | 国有资本经营
    预算」 repeated): the item's name is the parent of its three columns. A parent centred
    over three items, the first a 小计, glued to the middle item's name, is split off.
    Unless at least two such groups each carry an item's name, the names are returned as
    they are; columns outside the groups (项目, 单位名称 …) keep theirs.

    >>> fund_groups(["项目", "一般公共预算", "总计政府性基金预算", "国有资本经营预算",
    ...              "一般公共预算", "公务接待费政府性基金预算", "国有资本经营预算"])[1:5]
    ['总计/一般公共预算', '总计/政府性基金预算', '总计/国有资本经营预算', '公务接待费/一般公共预算']
    """
    n = len(_FUNDS)
    starts = [i for i in range(len(names) - n + 1)
              if all(names[i + j].endswith(_FUNDS[j]) for j in range(n))]
    if len(starts) < 2:
        return names
    items = []
    for i in starts:
        found = [x for j in range(n) if (x := names[i + j][:-len(_FUNDS[j])].strip("/"))]
        items.append(found[0] if len(set(found)) == 1 else "".join(found))
    if not all(items):
        return names
    parents = [""] * len(items)
    for g in range(1, len(items) - 1):
        split = _parent_split(items[g])
        if split is not None and items[g - 1] in ("小计", "合计"):
            parents[g - 1] = parents[g] = parents[g + 1] = split[0]
            items[g] = split[1]
    out = list(names)
    for i, item, parent in zip(starts, items, parents, strict=True):
        for j in range(n):
            out[i + j] = "/".join(x for x in (parent, item, _FUNDS[j]) if x)
    return out


def _centred_span(w: PdfWord, c: int, ivs: Sequence[Interval], below: set[int],
                  taken: set[int]) -> list[int] | None:
    """The two columns a word is centred over the gap between (column ``c`` and a
    neighbour), both named below it and neither named beside it on its own line."""
    for j, k in ((c - 1, c), (c, c + 1)):
        if j < 0 or k >= len(ivs) or {j, k} - below or {j, k} & taken:
            continue
        gap = (ivs[j][1] + ivs[k][0]) / 2
        narrow = min(ivs[j][1] - ivs[j][0], ivs[k][1] - ivs[k][0])
        if abs((w.x0 + w.x1) / 2 - gap) <= min(0.25 * (w.x1 - w.x0), 0.15 * narrow):
            return [j, k]
    return None


def pair_header_columns(ivs: list[Interval], data: Sequence[Sequence[PdfWord]],
                        header: Sequence[Sequence[PdfWord]]) -> list[Interval]:
    """Merge a column that only a header word occupies with a neighbouring column that
    only data occupy: a centred header over right-aligned amounts (or left-aligned codes).

    >>> from govaccts.io.pdf.model import PdfWord
    >>> w = lambda x0, x1: PdfWord("x", x0, x1, 0, 100)
    >>> pair_header_columns([(0, 100), (200, 260), (300, 400)], [[w(0, 100), w(300, 400)]],
    ...                     [[w(0, 100), w(200, 260)]])
    [(0, 100), (200, 400)]
    """
    n = len(ivs)
    has_data = [False] * n
    has_header = [False] * n
    for ws in data:
        for w in ws:
            has_data[assign(w, ivs)] = True
    for ws in header:
        for w in ws:
            cols = covered(w, ivs)
            if len(cols) <= 1:
                has_header[cols[0] if cols else assign(w, ivs)] = True
    only_h = [has_header[i] and not has_data[i] for i in range(n)]
    only_d = [has_data[i] and not has_header[i] for i in range(n)]
    partner: dict[int, int] = {}
    for i in range(n):  # each header-only column takes its nearer data-only neighbour
        if not only_h[i]:
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < n and only_d[j] and j not in partner]
        if near:
            best = min(near, key=lambda j: ivs[j][0] - ivs[i][1] if j > i else ivs[i][0] - ivs[j][1])
            partner[i], partner[best] = best, i
    out: list[Interval] = []
    for i in range(n):
        other = partner.get(i)
        if other is None:
            out.append(ivs[i])
        elif other > i:
            out.append((ivs[i][0], ivs[other][1]))
    return out
