"""Tables of labelled rows: a grid of printed texts with its label columns, made into the
labelled tables of a report (one a side of a two-sided statement).

A 收支总表 prints several label columns side by side — 收入 items and amounts on the
left, 支出 on the right, sometimes 支出 twice (by function and by use). Each label column
with the amount columns up to the next one is a *side*. Two label columns next to each
other are a *group* column and an *item* column (``一般公共预算资金 | 小计``): the item's
label becomes ``group:item``. A total printed across sides (``当年支出小计`` in a merged
cell over both 支出 breakdowns, its figure once at the right) labels the row of every
side it spans and its figure serves each of them.
"""

from __future__ import annotations

import itertools
import re

import attrs

from govaccts.io.pdf.classify import squash
from govaccts.io.pdf.model import PdfTable

__all__ = ["Grid", "Side", "grid_of", "label_columns", "sides"]

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^[-—–－]$")
_SPREADS = re.compile(r"(?:合计|小计|总计)$|结转|结余")


def is_amount_text(text: str) -> bool:
    return bool(_AMOUNT.match(text.replace(" ", "")))


@attrs.define
class Grid:
    """The printed texts of a table: ``cells[i][j]`` of row ``i``, column ``j``."""

    columns: list[str]
    cells: list[list[str]]
    lines: list[int]
    pages: list[int]


def grid_of(t: PdfTable) -> Grid:
    width = len(t.columns)
    cells = [[(r.texts()[j] if j < len(r.cells) else "") for j in range(width)] for r in t.rows]
    return Grid(list(t.columns), cells, [r.line for r in t.rows], [r.page for r in t.rows])


def label_columns(g: Grid) -> list[int]:
    """Columns holding text labels (not amounts) in most of their non-blank cells."""
    out = []
    for j in range(len(g.columns)):
        texts = [row[j] for row in g.cells if row[j]]
        if texts and sum(not is_amount_text(c) for c in texts) * 2 > len(texts):
            out.append(j)
    return out


def _group(g: Grid, gc: int, ic: int) -> list[str] | None:
    """``group:item`` labels when column ``gc`` is a sparse group column beside the item
    column ``ic``; groups are the runs that start at each ``小计`` item, each holding
    a group label (its wrapped lines joined) (else ``None``: not a grouped table)."""
    groups = [i for i, row in enumerate(g.cells) if row[gc]]
    items = [i for i, row in enumerate(g.cells) if row[ic]]
    if not groups or len(groups) * 2 > len(items) + 2:
        return None
    starts = [i for i in items if squash(g.cells[i][ic]) == "小计"]
    if not starts:
        return None
    bounds = [*starts, len(g.cells)]
    names: dict[int, str] = {}
    for a, b in itertools.pairwise(bounds):
        inside = [i for i in groups if a <= i < b]
        if not inside:
            return None
        for i in range(a, b):  # a group cell wrapped over two rows is one label
            names[i] = "".join(g.cells[k][gc] for k in inside)
    if any(i < starts[0] for i in groups):
        return None
    return [f"{names[i]}:{row[ic]}" if i in names and row[ic] else row[ic]
            for i, row in enumerate(g.cells)]


def _side_name(header: str, taken: list[str], k: int) -> str:
    """收入 / 支出 by the side's headers (``收 入`` spaced over two columns counts), a
    second 支出 side by use ``支出用途``, else ``第k栏``."""
    if re.search("收.*入", header):
        name = "收入"
    elif re.search("支.*出", header) or "功能" in header:
        name = "支出"
    else:
        name = f"第{k + 1}栏"
    if name in taken:
        name = "支出用途" if "用途" in header and "支出用途" not in taken else f"{name}{k + 1}"
    return name


@attrs.frozen
class Side:
    """One side: its name (``""`` for a one-sided table), amount column indices and its
    rows as (index in the grid, label, amount texts)."""

    name: str
    amounts: tuple[int, ...]
    rows: tuple[tuple[int, str, tuple[str, ...]], ...]


def sides(g: Grid, labels: list[int]) -> list[Side]:
    """The sides of a table of labelled rows (see the module doc)."""
    labels = list(labels)
    for gc in list(labels):  # group | item label columns next to each other
        if gc + 1 in labels:
            grouped = _group(g, gc, gc + 1)
            if grouped is not None:
                for i, text in enumerate(grouped):
                    g.cells[i][gc + 1] = text
                labels.remove(gc)
    bounds = [*labels, len(g.columns)]
    spans = [(lo, [j for j in range(lo + 1, hi) if j not in labels])
             for lo, hi in itertools.pairwise(bounds)]
    spans = [(lo, am) for lo, am in spans if am]
    label_of = [[g.cells[i][lo] for lo, _ in spans] for i in range(len(g.cells))]
    amounts_of = [[[g.cells[i][j] for j in am] for _, am in spans] for i in range(len(g.cells))]
    for i in range(len(g.cells)):
        for k in range(len(spans)):
            texts = amounts_of[i][k]
            words = [t for t in texts if t and not is_amount_text(t)]
            if not label_of[i][k] and len(words) == 1 and len(spans) > 1:
                # a label printed over the amount column (a merged cell): the row's label
                label_of[i][k] = words[0]
                amounts_of[i][k] = ["" if t == words[0] else t for t in texts]
        for k in range(1, len(spans) - 1):  # never from the 收入 side
            lab = label_of[i][k]
            if not lab or label_of[i][k + 1] or not _SPREADS.search(squash(lab)):
                continue
            here, there = amounts_of[i][k], amounts_of[i][k + 1]
            if (any(here) and any(there)) or len(here) != len(there):
                continue
            label_of[i][k + 1] = lab  # one merged label over two 支出 breakdowns
            if any(there):
                amounts_of[i][k] = list(there)
            else:
                amounts_of[i][k + 1] = list(here)
    out: list[Side] = []
    taken: list[str] = []
    for k, (lo, am) in enumerate(spans):
        heads = "".join(g.columns[j] for j in (lo, *am))
        name = _side_name(heads, taken, k) if len(spans) > 1 else ""
        taken.append(name)
        rows = tuple((i, label_of[i][k], tuple(amounts_of[i][k])) for i in range(len(g.cells))
                     if label_of[i][k] or any(amounts_of[i][k]))
        out.append(Side(name, tuple(am), rows))
    return out
