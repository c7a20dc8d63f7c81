"""The sums a statement's printed outline implies: items numbered 一、二、… above a
subtotal, sub-items numbered 1. 2. (or （一）（二）) under an item, carry-over rows between
the subtotal and the grand total.

A side of a 收支总表 prints, top to bottom, its items, ``本年收入合计`` (or ``当年收入小计``),
the carry-over rows and ``收入总计``. The subtotal is the sum of the items of the top level;
an item followed by sub-items of one deeper level is their sum; the grand total is the
subtotal plus the rows between. ``其中：`` rows are part of no sum. An outline that mixes
numbered and unnumbered items above a subtotal is ambiguous and gives no identity.

>>> rows = ["一、财政拨款", "1.一般公共预算", "2.政府性基金预算", "二、其他资金", "当年收入小计",
...         "上年结转资金", "收入合计"]
>>> for total, parts in outline_sums(rows):
...     print(total, "=", " + ".join(parts))
一、财政拨款 = 1.一般公共预算 + 2.政府性基金预算
当年收入小计 = 一、财政拨款 + 二、其他资金
收入合计 = 当年收入小计 + 上年结转资金
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govaccts.catalogs.names import fold

__all__ = ["grouped_sums", "is_total_label", "level", "outline_sums"]

_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
    (3, re.compile(r"^\d+[、.．)）](?!\d)")),
    (4, re.compile(r"^[(（]\d+[)）]")),
)
_TOTAL = re.compile(r"(?:合计|小计|总计)$")


def level(label: str) -> int | None:
    """The outline level of a printed label: 1 for 一、, 2 for （一）, 3 for 1., 4 for (1);
    0 for an unnumbered label; ``None`` for a ``其中`` row.

    >>> [level(x) for x in ("一、财政拨款", "（二）事业收入", "1.一般公共预算", "上年结转", "其中：捐赠")]
    [1, 2, 3, 0, None]
    """
    t = fold(label)
    if t.startswith("其中"):
        return None
    for n, pattern in _LEVELS:
        if pattern.match(t):
            return n
    return 0


def is_total_label(label: str) -> bool:
    """A 合计/小计/总计 row (``本年收入合计``, ``支出总计``, ``收 入 总 计``)."""
    t = fold(label)
    return bool(_TOTAL.search(t)) and level(t) in (0,)


def _items(labels: Sequence[str]) -> list[tuple[str, tuple[str, ...]]] | None:
    """(top-level sum parts) and item = Σ sub-items for a run of item rows; ``None``
    when the run's numbering is ambiguous."""
    rows = [(lab, level(lab)) for lab in labels if fold(lab)]
    levels = [lv for _, lv in rows if lv is not None]
    if not levels:
        return None
    numbered = [lv for lv in levels if lv > 0]
    if numbered and len(numbered) != len(levels):
        return None  # numbered and unnumbered items side by side
    top = min(levels)
    out: list[tuple[str, tuple[str, ...]]] = [("", tuple(lab for lab, lv in rows if lv == top))]
    i = 0
    while i < len(rows):
        lab, lv = rows[i]
        j = i + 1
        while j < len(rows) and (rows[j][1] is None or (rows[j][1] or 0) > (lv or 0)):
            j += 1
        kids = [(k, klv) for k, klv in rows[i + 1:j] if klv is not None]
        if lv is not None and kids:
            first = min(klv for _, klv in kids)
            direct = [k for k, klv in kids if klv == first]
            if lv > 0 and all(klv == first for _, klv in kids):
                out.append((lab, tuple(direct)))
            elif lv > 0:
                deeper = _items([k for k, _ in kids])
                if deeper is None:
                    return None
                out.append((lab, tuple(direct)))
                out += [s for s in deeper[1:]]
        i = j
    return out


def outline_sums(labels: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(total label, part labels) of every sum the outline of a statement side implies
    (labels as printed, top to bottom)."""
    totals = [i for i, lab in enumerate(labels) if is_total_label(lab)]
    if not totals:
        return []
    out: list[tuple[str, tuple[str, ...]]] = []
    first = totals[0]
    items = _items(labels[:first])
    if items is not None:
        top = items[0][1]
        if top:
            out += [s for s in items[1:]]
            out.append((labels[first], top))
    last = totals[-1]
    if last != first:
        between = [lab for lab in labels[first + 1:last] if fold(lab) and not is_total_label(lab)]
        run = _items(between) if between else [("", ())]
        if run is not None and len(totals) == 2:
            out += [s for s in run[1:]]
            out.append((labels[last], (labels[first], *run[0][1])))
    return out


def grouped_sums(labels: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The sums of a statement printed as groups (``group:item`` labels, each group with
    its ``group:小计``): each 小计 is the sum of its group's other items (``其中`` rows
    left out), and an ungrouped total row is the sum of the groups' 小计.

    >>> for total, parts in grouped_sums(["收入总计", "甲:小计", "甲:一", "甲:二", "乙:小计",
    ...                                   "乙:其中：丙"]):
    ...     print(total, "=", " + ".join(parts))
    甲:小计 = 甲:一 + 甲:二
    收入总计 = 甲:小计 + 乙:小计
    """
    groups: dict[str, list[str]] = {}
    for lab in labels:
        if ":" in lab:
            g, item = lab.split(":", 1)
            groups.setdefault(g, []).append(item)
    out: list[tuple[str, tuple[str, ...]]] = []
    subtotals: list[str] = []
    for g, items in groups.items():
        if fold(items[0]) != "小计" or items.count(items[0]) != 1:
            return []
        subtotals.append(f"{g}:{items[0]}")
        rest = [f"{g}:{x}" for x in items[1:] if level(x) is not None]
        if rest:
            out.append((subtotals[-1], tuple(rest)))
    totals = [lab for lab in labels if ":" not in lab and is_total_label(lab)]
    if len(totals) == 1 and len(totals) + sum(len(v) for v in groups.values()) == len(
            [x for x in labels if fold(x)]):
        out.append((totals[0], tuple(subtotals)))
    return out
