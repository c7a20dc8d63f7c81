"""Synthetic function-classification ledgers of any size, for tests and benchmarks.

:func:`synthetic_rows` makes the ``(code, label, {column: text})`` rows that
:meth:`govaccts.LedgerTable.build` takes: a 合计 row, 类 201–229, 款 and 项 below
them, with what real tables print and what a roll-up must get right — cells printed
with and without thousands separators, with 0, 1 or 2 decimals, as ``0.00``, blank
(``""``, ``—``) or negative (``-7.25``, ``(3.00)``), cells left out, 项 printed without
their 款, and 类 and 款 printed without anything below them.  The amounts are random
(parents are not the sums of their children): it is the roll-up that computes them.

>>> import govaccts
>>> columns, rows = synthetic_rows(200, seed=1)
>>> t = govaccts.LedgerTable.build(id="t", columns=columns, rows=rows, scheme="function")
>>> len(t.columns), sum(len(r.cells) for r in t.rows) >= 200
(3, True)
>>> print(synthetic_csv(columns, rows).splitlines()[0])
科目代码,科目名称,小计,基本支出,项目支出
"""

from __future__ import annotations

import csv
import io
import math
import random

__all__ = ["COLUMNS", "WIDE_COLUMNS", "synthetic_csv", "synthetic_rows"]

COLUMNS = ("小计", "基本支出", "项目支出")
"""The amount columns of a synthetic ledger, as printed in 公开05."""

WIDE_COLUMNS = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                "对附属单位补助支出")
"""Six amount columns, as printed in 公开03 支出决算表 (enough for a million cells)."""

_NAMES = ("行政运行", "一般行政管理事务", "机关服务", "事业运行", "专项业务", "信息化建设",
          "其他支出")


def _cell(rng: random.Random) -> str | None:
    """One printed cell: mostly plain cents, with every odd form a reader produces."""
    r = rng.random()
    if r < 0.02:
        return None  # no cell at all
    if r < 0.05:
        return rng.choice(("", "—", "-", "——"))
    if r < 0.15:
        return "0.00"
    if r < 0.17:
        return "0"
    if r < 0.19:
        return f"{rng.randrange(1, 10**5)}.{rng.randrange(10)}"  # one decimal
    if r < 0.21:
        return f"-{rng.randrange(1, 10**4)}.{rng.randrange(100):02d}"
    if r < 0.22:
        return f"({rng.randrange(1, 10**4)}.{rng.randrange(100):02d})"
    if r < 0.24:
        return str(rng.randrange(1, 10**6))  # no decimals
    cents = rng.randrange(1, 10**9)
    if r < 0.6:
        return f"{cents // 100:,}.{cents % 100:02d}"
    return f"{cents // 100}.{cents % 100:02d}"


def synthetic_rows(cells: int, *, seed: int = 20261128, columns: tuple[str, ...] = COLUMNS
                   ) -> tuple[tuple[str, ...], list[tuple[str, str, dict[str, str]]]]:
    """``(columns, rows)`` of a ledger of at least ``cells`` printed cells (a little more);
    deterministic for a ``seed``.  A million cells take six columns."""
    if cells > 29 * 99 * 100 * len(columns) * 0.9:
        raise ValueError(f"{cells:,} cells need more than {len(columns)} columns "
                         "(29 类 × 99 款 × 99 项 rows at most)")
    margin = 1.0
    while True:
        out = _rows(cells, seed, columns, margin)
        if sum(len(cs) for _, _, cs in out) >= cells:
            return tuple(columns), out
        margin *= 1.1


def _rows(cells: int, seed: int, columns: tuple[str, ...], margin: float  # float-ok: a share of rows, not an amount
          ) -> list[tuple[str, str, dict[str, str]]]:
    rng = random.Random(seed)
    rows_needed = max(4, math.ceil(margin * cells / len(columns)))
    per_lei = max(2, math.ceil(rows_needed / 29))
    n_kuan = min(99, max(1, math.ceil(per_lei / 60)))
    n_xiang = min(99, max(1, math.ceil(per_lei / n_kuan) - 1))
    out: list[tuple[str, str, dict[str, str]]] = []

    def row(code: str, label: str) -> None:
        cs = {c: t for c in columns if (t := _cell(rng)) is not None}
        out.append((code, label, cs))

    row("", "合计")
    for lei in range(201, 230):
        lc = str(lei)
        row(lc, f"支出类{lc}")
        if rng.random() < 0.05:
            continue  # a 类 printed alone: a leaf
        for k in range(1, n_kuan + 1):
            kc = f"{lc}{k:02d}"
            if rng.random() > 0.05:  # now and then a 项 is printed without its 款
                row(kc, f"支出款{kc}")
            if rng.random() < 0.05:
                continue  # a 款 printed alone: a leaf
            for x in range(1, n_xiang + 1):
                xc = f"{kc}{x:02d}"
                row(xc, _NAMES[x % len(_NAMES)])
    return out


def synthetic_csv(columns: tuple[str, ...], rows: list[tuple[str, str, dict[str, str]]]) -> str:
    """The rows as CSV text (科目代码, 科目名称, the columns); a missing cell is empty."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["科目代码", "科目名称", *columns])
    for code, label, cs in rows:
        w.writerow([code, label, *(cs.get(c, "") for c in columns)])
    return buf.getvalue()
