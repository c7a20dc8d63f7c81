"""govaccts benchmarks: speed and memory as ratios against floors measured in the same process.

Run from the repository root with the project's virtual environment::

    .venv/bin/python benchmarks/run.py            # full run (1,000,000-cell ledger, 10,000 reports)
    .venv/bin/python benchmarks/run.py --quick    # small sizes everywhere, under 20 s
    .venv/bin/python benchmarks/run.py --json results.json
    .venv/bin/python benchmarks/run.py --quick --profile   # add cProfile hot spots

Nothing here passes or fails: every figure is a ratio against a *floor* (the cheapest
thing that touches the same data) timed in the same process, minutes apart at most,
so the ratios travel between machines far better than seconds do.  Each timing is the
minimum of a few repeats of ``time.perf_counter``.  See ``benchmarks/README.md`` and
``docs/performance.rst``.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime
import decimal
import functools
import gc
import io
import json
import math
import os
import platform
import pstats
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

import govaccts
from govaccts import LedgerTable, parse_amount
from govaccts.io.folders import read_report_folder
from govaccts.reports import build_report
from govaccts.reports.raw import RawReport, RawTable

SEED = 20261128
COLUMNS = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
"""Six amount columns, as printed in 公开03 支出决算表."""

CATALOG_YEAR = 2099
"""Year of the synthetic catalog used for the catalog-validated build (no bundled edition)."""

TEXT_COLUMNS = frozenset({"科目代码", "科目编码", "科目名称", "code", "name", "项目", "区块",
                          "行次"})
"""Raw-table columns that hold text, not amounts (left alone when perturbing a report)."""

ITEM_NAMES = ("行政运行", "一般行政管理事务", "机关服务", "事业运行", "专项业务", "信息化建设",
              "专项服务", "委托业务费", "行业管理", "规划与管理", "项目支出", "其他支出")
KUAN_NAMES = ("党委办公厅（室）及相关机构事务", "政府办公厅（室）及相关机构事务", "人大事务",
              "政协事务", "发展与改革事务", "统计信息事务", "财政事务", "税收事务", "审计事务")


# -- timing helpers ---------------------------------------------------------------------------


def _cold_parse_cache() -> None:
    """Empty parse_amount's cache of plain cell texts (and of the shapes of plain texts),
    so each repeat starts cold."""
    from govaccts.amounts import parse

    parse._parse_plain.cache_clear()
    parse._plain_shapes.clear()


def best_of(fn: Callable[[], object], repeats: int, number: int = 1) -> float:
    """Minimum over ``repeats`` of the mean time of ``number`` calls (seconds per call)."""
    times = []
    for _ in range(max(1, repeats)):
        gc.collect()
        _cold_parse_cache()
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return min(times)


def autorange(fn: Callable[[], object], min_time: float) -> int:
    """How many calls of ``fn`` take at least ``min_time`` seconds (like ``timeit``)."""
    number = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time:
            return number
        grow = min_time / dt * 1.2 if dt > 0 else 10.0
        number = max(number * 2, math.ceil(number * grow))


def fmt_ratio(r: float | None) -> str:
    if r is None or math.isnan(r):
        return "—"
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Result:
    """One row of the results table."""

    id: str
    name: str
    measures: str
    floor: str
    ratio: float
    seconds: float | None = None
    floor_seconds: float | None = None
    target: float | None = None
    extrapolated: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "meets" if self.ratio <= self.target else "misses"


# -- benchmark 1: a large synthetic ledger ----------------------------------------------------


@dataclass
class Ledger:
    columns: tuple[str, ...]
    rows: list[tuple[str, str, dict[str, str]]]
    texts: list[str]
    shape: tuple[int, int, int]

    @property
    def cells(self) -> int:
        return len(self.texts)


def ledger_shape(cells: int, ncols: int = len(COLUMNS)) -> tuple[int, int, int]:
    """(类, 款 per 类, 项 per 款) giving at least ``cells`` cells (29 类: 201–229)."""
    n_lei = 29
    rows_needed = math.ceil(cells / ncols)
    per_lei = max(2, math.ceil((rows_needed - 1 - n_lei) / n_lei))  # 款 + 项 rows under a 类
    n_kuan = min(99, max(1, math.ceil(per_lei / 96)))
    n_xiang = min(99, max(1, math.ceil(per_lei / n_kuan) - 1))
    return n_lei, n_kuan, n_xiang


def _fmt_cents(c: int) -> str:
    return f"{c // 100:,}.{c % 100:02d}"


@functools.lru_cache(maxsize=2)
def make_ledger(cells: int, seed: int = SEED) -> Ledger:
    """A deterministic function-classification ledger: 合计, 类 201–229, 款, 项 rows.

    Leaves get random amounts (a fifth of them 0.00) up to 10,000,000.00 printed with
    thousands separators ("1,234,567.89"); every parent is the exact sum of its
    children, so the table rolls up without a difference.
    """
    n_lei, n_kuan, n_xiang = ledger_shape(cells)
    rng = random.Random(seed)
    names = {e.code: e.name for e in govaccts.catalog("function", 2023).entries()}
    ncols = len(COLUMNS)
    grand = [0] * ncols
    body: list[tuple[str, str, list[int]]] = []
    for lei in range(201, 201 + n_lei):
        lc = str(lei)
        lei_sum = [0] * ncols
        lei_rows: list[tuple[str, str, list[int]]] = []
        for k in range(1, n_kuan + 1):
            kc = f"{lc}{k:02d}"
            k_sum = [0] * ncols
            leaves: list[tuple[str, str, list[int]]] = []
            for x in range(1, n_xiang + 1):
                xc = f"{kc}{x:02d}"
                vals = [0 if rng.random() < 0.2 else rng.randrange(1, 10**9) for _ in range(ncols)]
                for i, v in enumerate(vals):
                    k_sum[i] += v
                leaves.append((xc, names.get(xc, ITEM_NAMES[x % len(ITEM_NAMES)]), vals))
            for i, v in enumerate(k_sum):
                lei_sum[i] += v
            lei_rows.append((kc, names.get(kc, KUAN_NAMES[k % len(KUAN_NAMES)]), k_sum))
            lei_rows += leaves
        for i, v in enumerate(lei_sum):
            grand[i] += v
        body.append((lc, names.get(lc, f"其他支出{lc}"), lei_sum))
        body += lei_rows
    rows: list[tuple[str, str, dict[str, str]]] = []
    texts: list[str] = []
    for code, label, vals in [("", govaccts.TOTAL, grand), *body]:
        cells_ = {c: _fmt_cents(v) for c, v in zip(COLUMNS, vals, strict=True)}
        texts += cells_.values()
        rows.append((code, label, cells_))
    return Ledger(COLUMNS, rows, texts, (n_lei, n_kuan, n_xiang))


def ledger_csv(ledger: Ledger) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["科目代码", "科目名称", *ledger.columns])
    for code, label, cells in ledger.rows:
        w.writerow([code, label, *(cells[c] for c in ledger.columns)])
    return buf.getvalue()


def synthetic_catalog(ledger: Ledger, folder: Path) -> govaccts.Catalog:
    """A catalog holding exactly the ledger's codes and names (every row validates)."""
    p = folder / f"function-{CATALOG_YEAR}.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name"])
        for code, label, _ in ledger.rows:
            if code:
                w.writerow([code, label])
    return govaccts.load_catalog(p, scheme="function", year=CATALOG_YEAR)


def build_plain(ledger: Ledger) -> LedgerTable:
    return LedgerTable.build(id="bench", columns=ledger.columns, rows=ledger.rows)


def bench_ledger(args: argparse.Namespace, results: list[Result]) -> None:
    log(f"[1] generating a ledger of >= {args.cells:,} cells …")
    ledger = make_ledger(args.cells, args.seed)
    n = ledger.cells
    lei, kuan, xiang = ledger.shape
    log(f"    {len(ledger.rows):,} rows × {len(ledger.columns)} columns = {n:,} cells "
        f"(类 {lei}, 款/类 {kuan}, 项/款 {xiang})")
    values = [Decimal(t.replace(",", "")) for t in ledger.texts]
    for i in range(0, n, max(1, n // 997)):  # the floor's Decimals are what parse_amount gives
        assert parse_amount(ledger.texts[i]).value == values[i]
    text = ledger_csv(ledger)
    rep = args.repeats
    big = min(rep, 3)

    floor_sum = best_of(lambda: sum(values), rep, number=autorange(lambda: sum(values), 0.05))
    floor_csv = best_of(lambda: [None for _ in csv.reader(io.StringIO(text))], rep)
    sum_name = f"sum() of {n:,} parsed Decimals"
    csv_name = f"csv.reader over the same data as CSV text ({len(text) / 2**20:.0f} MiB)"
    log(f"    floors: sum {floor_sum * 1e3:.1f} ms, csv {floor_csv * 1e3:.1f} ms")
    results.append(Result("1.csv", "ledger: bare csv.reader (2nd floor)",
                          "csv.reader over the ledger as CSV text",
                          sum_name, floor_csv / floor_sum, floor_csv, floor_sum,
                          note="how far the CSV floor sits above the sum floor"))

    t_parse = best_of(lambda: [parse_amount(t) for t in ledger.texts], big)
    log(f"    parse_amount over all texts: {t_parse:.2f} s")
    results.append(Result("1.parse", "ledger: parse_amount", f"parse_amount() on {n:,} cell texts",
                          sum_name, t_parse / floor_sum, t_parse, floor_sum,
                          extra={"vs_csv_floor": t_parse / floor_csv}))

    t_int = best_of(lambda: [int(t.replace(",", "").replace(".", "")) for t in ledger.texts], big)
    log(f"    bare int() over all texts: {t_int:.2f} s")
    results.append(Result("1.int", "ledger: bare int() loop (reference)",
                          "int(t.replace(',', '').replace('.', '')) on every cell text",
                          sum_name, t_int / floor_sum, t_int, floor_sum,
                          note="no validation, no decimals: what any parse costs at least"))

    t_build = best_of(lambda: build_plain(ledger), big)
    gc.disable()  # how much of the build is the cyclic garbage collector's?
    try:
        t_nogc = best_of(lambda: build_plain(ledger), min(big, 2))
    finally:
        gc.enable()
    table = build_plain(ledger)
    assert not table.problems, table.problems[:3]
    log(f"    LedgerTable.build (no catalog): {t_build:.2f} s; with gc disabled {t_nogc:.2f} s")
    results.append(Result("1.build", "ledger: LedgerTable.build",
                          "parse + build, catalog=None, no scheme (no validation)",
                          sum_name, t_build / floor_sum, t_build, floor_sum,
                          note=f"{t_nogc / floor_sum:,.0f}× with gc disabled: the cyclic GC takes "
                               f"{max(0.0, 1 - t_nogc / t_build):.0%} of the build",
                          extra={"vs_csv_floor": t_build / floor_csv,
                                 "gc_disabled_ratio": t_nogc / floor_sum}))

    if not args.no_catalog:
        with tempfile.TemporaryDirectory() as tmp:
            cat = synthetic_catalog(ledger, Path(tmp))

        def build_cat() -> LedgerTable:
            return LedgerTable.build(id="bench", columns=ledger.columns, rows=ledger.rows,
                                     scheme="function", year=CATALOG_YEAR, catalog=cat,
                                     levels=(1, 2, 3))

        t_cat = best_of(build_cat, big)
        probs = build_cat().problems
        assert not probs, probs[:3]
        log(f"    LedgerTable.build (catalog-validated): {t_cat:.2f} s")
        results.append(Result("1.build-cat", "ledger: build + catalog validation",
                              f"parse + build with a {len(cat):,}-code catalog, levels 1-3",
                              sum_name, t_cat / floor_sum, t_cat, floor_sum,
                              extra={"vs_csv_floor": t_cat / floor_csv,
                                     "validation_share": (t_cat - t_build) / t_cat}))

    try:
        from govaccts.io.tables import parse_table
    except ImportError:  # pragma: no cover - table_io is young
        parse_table = None
    if parse_table is not None:
        t_pt = best_of(lambda: parse_table(text, id="bench"), big)
        log(f"    table_io.parse_table (CSV text → table): {t_pt:.2f} s")
        results.append(Result("1.parse_table", "ledger: table_io.parse_table",
                              "CSV text → LedgerTable (reader + parse + build)",
                              csv_name, t_pt / floor_csv, t_pt, floor_csv,
                              extra={"vs_sum_floor": t_pt / floor_sum}))

    t_roll, extrapolated, roll_note, roll_extra = bench_rollup(args, table, ledger)
    results.append(Result("1.rollup", "ledger: rollup()", "LedgerTable.rollup() on the built table",
                          sum_name, t_roll / floor_sum, t_roll, floor_sum,
                          extrapolated=extrapolated, note=roll_note, extra=roll_extra))
    if extrapolated:
        total = t_build + t_roll
    else:  # measured end to end: a table built, then rolled up
        total = best_of(lambda: build_plain(ledger).rollup(), big)
        log(f"    build + rollup, end to end: {total:.2f} s")
    results.append(Result("1.total", "ledger: parse + build + rollup",
                          f"the issue's figure: build (with parsing) + rollup, {n:,} cells",
                          sum_name, total / floor_sum, total, floor_sum, target=15.0,
                          extrapolated=extrapolated,
                          note="rollup extrapolated" if extrapolated else "",
                          extra={"vs_csv_floor": total / floor_csv}))
    del table


def first_rollup(table: LedgerTable, repeats: int) -> float:
    """Seconds of a table's first rollup() (the best of ``repeats`` copies of the table):
    the tree a roll-up walks is kept once built, so a second call would flatter it."""
    best = math.inf
    for _ in range(max(1, repeats)):
        fresh = LedgerTable._from_parts(
            table._parts, id=table.id, columns=table.columns, title=table.title,
            unit=table.unit, scheme=table.scheme, year=table.year, catalog=table.catalog,
            problems=table.problems, source=table.source)
        best = min(best, best_of(fresh.rollup, 1))
    return best


def bench_rollup(args: argparse.Namespace, table: LedgerTable,
                 ledger: Ledger) -> tuple[float, bool, str, dict[str, Any]]:
    """Time rollup() on the big table, or extrapolate from three smaller tables.

    The smaller tables are timed at s, 2s and 4s cells; a least-squares line through
    (log cells, log seconds) gives the exponent b, and the full size is predicted as
    t(4s) · (cells / 4s)^b.  When the prediction fits the budget, the full table is
    timed instead and nothing is extrapolated.
    """
    n = ledger.cells
    smalls = []
    for s in (args.rollup_cells, 2 * args.rollup_cells, 4 * args.rollup_cells):
        if s < n:
            t = build_plain(make_ledger(s, args.seed))
            assert not t.rollup().differences()
            vals = [a.value for r in t.rows for _, a in r.cells]
            fl = best_of(lambda v=vals: sum(v), 3, number=autorange(lambda v=vals: sum(v), 0.02))
            smalls.append((t, len(vals), fl))
    best = [math.inf] * len(smalls)
    for _ in range(min(args.repeats, 3)):  # round-robin: a busy spell hits every size
        for i, (t, _, _) in enumerate(smalls):
            best[i] = min(best[i], first_rollup(t, 1))
    pts = [(c, tr, fl) for (_, c, fl), tr in zip(smalls, best, strict=True)]
    for c, tr, fl in pts:
        log(f"    rollup at {c:,} cells: {tr:.3f} s ({tr / fl:,.0f}× its sum floor)")
    extra: dict[str, Any] = {"points": [{"cells": c, "seconds": s, "ratio": s / f}
                                        for c, s, f in pts]}
    predicted = None
    if len(pts) >= 2:
        xs = [math.log(c) for c, _, _ in pts]
        ys = [math.log(t) for _, t, _ in pts]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs)
        b = min(3.0, max(1.0, b))
        c_last, t_last, _ = pts[-1]
        predicted = t_last * (n / c_last) ** b
        extra["exponent"] = b
        extra["predicted_seconds"] = predicted
        log(f"    rollup scales as cells^{b:.2f}; predicted at {n:,} cells: {predicted:,.0f} s")
    if predicted is None or predicted <= args.rollup_budget:
        reps = 1 if (predicted or 0) > 10 else min(args.repeats, 3)
        t = first_rollup(table, reps)
        log(f"    rollup at {n:,} cells: {t:.2f} s (measured)")
        return t, False, "", extra
    span = " to ".join(f"{c:,}" for c in (pts[0][0], pts[-1][0]))
    note = (f"extrapolated from {len(pts)} sizes ({span} cells) as cells^{extra['exponent']:.2f}: "
            f"≈{predicted:,.0f} s predicted, over the {args.rollup_budget:.0f} s budget")
    return predicted, True, note, extra


# -- benchmarks 2 and 3: the seed report and synthetic variants --------------------------------


def report_values(rep: govaccts.FinalAccountsReport) -> list[Decimal]:
    """Every printed value of the report (not timed: reading a cell is what is measured)."""
    return [a.value for t in rep.tables.values() for r in t.rows for _, a in r.cells
            if a.value is not None]


def report_sum(values: list[Decimal]) -> Decimal:
    """The floor: sum the report's values, already parsed, as Decimals in a list.

    (Runs before 2026-11-30 visited the report's rows and cells instead; once cells are
    made when read, that visit costs what the library does, not what the data does.)
    """
    return sum(values, Decimal(0))


def report_cells(rep: govaccts.FinalAccountsReport) -> int:
    return sum(len(r.cells) for t in rep.tables.values() for r in t.rows)


def seed_raw() -> RawReport:
    folder = resources.files("govaccts").joinpath("examples", "hetang_2023")
    with resources.as_file(folder) as p:
        return read_report_folder(p)


def bench_seed(args: argparse.Namespace, results: list[Result]) -> None:
    log("[2] the bundled seed report …")
    rep = govaccts.example_report()
    raw = seed_raw()
    findings = govaccts.check(rep)  # warm: catalogs loaded, rules registered
    cells = report_cells(rep)
    mt = args.min_time
    values = report_values(rep)
    floor = best_of(lambda: report_sum(values), args.repeats,
                    number=autorange(lambda: report_sum(values), mt))
    t_check = best_of(lambda: govaccts.check(rep), args.repeats,
                      number=autorange(lambda: govaccts.check(rep), mt))
    t_build = best_of(lambda: build_report(raw), args.repeats,
                      number=autorange(lambda: build_report(raw), mt))
    fl = f"sum of the report's {cells} values as Decimals in a list"
    sev = Counter(f.severity.value for f in findings)
    log(f"    check {t_check * 1e3:.1f} ms, build_report {t_build * 1e3:.1f} ms, "
        f"floor {floor * 1e6:.0f} µs; findings {dict(sev)}")
    results.append(Result("2.check", "seed report: check", "govaccts.check(example_report()), "
                          "report already loaded", fl, t_check / floor, t_check, floor,
                          extra={"findings": dict(sev), "cells": cells}))
    results.append(Result("2.build", "seed report: build_report", "RawReport (text cells) → "
                          "typed report, incl. catalog validation", fl, t_build / floor, t_build,
                          floor))


class Variants:
    """Cheap variations of the seed report: same structure, amounts scaled and re-rounded.

    Every amount cell is multiplied by one factor in [0.5, 2) and rounded half-up to
    cents (printed with thousands separators), so identities still hold within
    rounding; one variant in ten also gets one cell moved by 0.01–5.00, an error.
    """

    def __init__(self, raw: RawReport, seed: int) -> None:
        self.raw = raw
        self.rng = random.Random(seed)
        self.ctx = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_UP)
        self.cents = Decimal("0.01")
        self.parsed: list[list[tuple[int | None, tuple[Decimal | str, ...]]]] = []
        for rt in raw.tables:
            amount_cols = {i for i, h in enumerate(rt.header) if h not in TEXT_COLUMNS}
            rows = []
            for line, cells in rt.rows:
                out: list[Decimal | str] = []
                for i, c in enumerate(cells):
                    v = None
                    if i in amount_cols and c.strip():
                        try:
                            v = parse_amount(c).value
                        except govaccts.AmountError:
                            v = None
                    out.append(v if v is not None else c)
                rows.append((line, tuple(out)))
            self.parsed.append(rows)

    def make(self) -> RawReport:
        rng, ctx, cents = self.rng, self.ctx, self.cents
        factor = Decimal(rng.randrange(500, 2000)) / 1000
        bad = rng.random() < 0.1
        tables: list[RawTable] = []
        for rt, rows in zip(self.raw.tables, self.parsed, strict=True):
            new_rows = tuple(
                (line, tuple(f"{ctx.multiply(c, factor).quantize(cents, context=ctx):,}"
                             if isinstance(c, Decimal) else c for c in cells))
                for line, cells in rows)
            tables.append(attrs.evolve(rt, rows=new_rows))
        if bad:
            ti = rng.choice([i for i, t in enumerate(tables) if t.rows and t.layout == "tree"])
            t = tables[ti]
            ri = rng.randrange(len(t.rows))
            line, cells = t.rows[ri]
            idx = [i for i, h in enumerate(t.header) if h not in TEXT_COLUMNS and cells[i]]
            if idx:
                ci = rng.choice(idx)
                v = parse_amount(cells[ci]).value or Decimal(0)
                moved = v + Decimal(rng.randrange(1, 501)) / 100
                cells = (*cells[:ci], f"{moved:,}", *cells[ci + 1:])
                rows_ = list(t.rows)
                rows_[ri] = (line, cells)
                tables[ti] = attrs.evolve(t, rows=tuple(rows_))
        return attrs.evolve(self.raw, tables=tuple(tables))


def bench_reports(args: argparse.Namespace, results: list[Result]) -> None:
    target = args.reports
    log(f"[3] {target:,} synthetic reports …")
    variants = Variants(seed_raw(), args.seed)
    t_gen = t_build = t_check = t_floor = 0.0
    sev: Counter[str] = Counter()
    cells = 0
    done = 0
    n_run = target
    calib = min(20, target)
    clock = time.perf_counter
    while done < n_run:
        t0 = clock()
        raw = variants.make()
        t1 = clock()
        rep = build_report(raw)
        t2 = clock()
        findings = govaccts.check(rep)
        t3 = clock()
        floor = math.inf
        values = report_values(rep)
        for _ in range(3):  # the floor is tiny: the best of three calls
            f0 = clock()
            report_sum(values)
            floor = min(floor, clock() - f0)
        t_gen += t1 - t0
        t_build += t2 - t1
        t_check += t3 - t2
        t_floor += floor
        cells += report_cells(rep)
        sev.update(f.severity.value for f in findings)
        done += 1
        if done == calib and target > calib:
            per = (t_gen + t_build + t_check + t_floor) / done
            n_run = min(target, max(calib, int(args.report_budget / per)))
            if n_run < target:
                log(f"    {per * 1e3:.1f} ms per report: {target:,} would take "
                    f"{per * target:,.0f} s; running {n_run:,} and extrapolating")
    scale = target / done
    extrapolated = done < target
    note = f"measured on {done:,} reports, scaled ×{scale:.2f}" if extrapolated else ""
    log(f"    {done:,} reports: build {t_build:.1f} s, check {t_check:.1f} s, "
        f"floor {t_floor:.3f} s, variant generation {t_gen:.1f} s (not counted); "
        f"findings {dict(sev)}")
    fl = f"sum of the same {cells * scale:,.0f} values as Decimals, per report"
    extra = {"measured_reports": done, "findings": dict(sev), "generation_seconds": t_gen * scale,
             "per_report_ms": {"build": t_build / done * 1e3, "check": t_check / done * 1e3}}
    results.append(Result("3.build", f"{target:,} reports: build_report",
                          "RawReport → typed report for each variant", fl, t_build / t_floor,
                          t_build * scale, t_floor * scale, extrapolated=extrapolated,
                          note=note, extra=extra))
    results.append(Result("3.check", f"{target:,} reports: check",
                          "govaccts.check() on each variant", fl, t_check / t_floor,
                          t_check * scale, t_floor * scale, extrapolated=extrapolated, note=note))
    both = t_build + t_check
    results.append(Result("3.total", f"{target:,} reports: build + check",
                          "both, end to end (variant generation excluded)", fl, both / t_floor,
                          both * scale, t_floor * scale, extrapolated=extrapolated, note=note))


# -- benchmark 4: import time and first catalog lookup -----------------------------------------


def spawn_all(codes: dict[str, str], repeats: int) -> dict[str, float]:
    """Wall time of ``python -c CODE`` for each code: the best of ``repeats`` rounds.

    The commands run round-robin, so a busy moment of the machine hits all of them.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONPROFILEIMPORTTIME")}
    best = dict.fromkeys(codes, math.inf)
    for _ in range(max(1, repeats)):
        for key, code in codes.items():
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            best[key] = min(best[key], time.perf_counter() - t0)
    return best


LOOKUP = "import govaccts; govaccts.catalog('function', 2023)['2013101']"


def import_breakdown(top: int = 6) -> list[dict[str, Any]]:
    """``python -X importtime`` of a first lookup: the heaviest modules by self time."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", LOOKUP],
                          check=True, capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line[len("import time:"):].split("|")
        rows.append({"module": parts[2].strip(), "self_ms": int(parts[0]) / 1e3,
                     "cumulative_ms": int(parts[1]) / 1e3})
    return sorted(rows, key=lambda r: -r["self_ms"])[:top]


def compiled_bytecode() -> bool:
    """Write govaccts' bytecode (``__pycache__``), as installing the package does, so that
    a fresh process measures importing it, not compiling it: without this a run under
    ``PYTHONDONTWRITEBYTECODE=1`` (or from a read-only checkout) compiles every module
    of the package in every process, which no installed copy does.  ``False`` when it
    cannot be written (then the figures include compiling)."""
    import compileall

    folder = Path(govaccts.__file__).parent
    try:
        return bool(compileall.compile_dir(folder, quiet=2, workers=1))
    except OSError:
        return False


def bench_import(args: argparse.Namespace, results: list[Result]) -> None:
    log("[4] import time and first catalog lookup (fresh processes) …")
    reps = args.spawn_repeats
    compiled = compiled_bytecode()
    t = spawn_all({"start": "pass", "import": "import govaccts", "lookup": LOOKUP}, reps)
    start, imp, look = t["start"], t["import"], t["lookup"]
    heavy = import_breakdown()
    log(f"    start {start * 1e3:.0f} ms, import {imp * 1e3:.0f} ms, "
        f"import + lookup {look * 1e3:.0f} ms"
        + ("" if compiled else " (bytecode not written: compiling included)"))
    fl = "interpreter start: python -c pass"
    results.append(Result("4.import", "import govaccts", "python -c 'import govaccts', wall time",
                          fl, imp / start, imp, start, target=3.0,
                          extra={"bytecode_compiled_first": compiled}))
    results.append(Result("4.lookup", "first catalog lookup",
                          "import + catalog('function', 2023)['2013101'] in a fresh process",
                          fl, look / start, look, start, target=4.0,
                          extra={"heaviest_imports_by_self_time": heavy},
                          note=(f"the lookup alone adds {(look - imp) / start:.1f}× the floor"
                                if look > imp else "the lookup itself is within timing noise")))


# -- benchmark 6: the command line on a large CSV ----------------------------------------------

CLI_ROWS = 100_000
"""Rows of the CSV the command line checks (six amount columns)."""

_RSS_WRAPPER = (
    "import re, sys\n"
    "from govaccts.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "try:\n"
    "    kb = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
    "except (OSError, TypeError):\n"
    "    import resource\n"
    "    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "sys.stderr.write(f'\\nPEAK-RSS-KB {kb}\\n')\n"
    "sys.exit(rc)\n")
"""Runs the CLI and reports its own peak resident set (VmHWM: set anew at exec, unlike
ru_maxrss, which would count the benchmark process the child was forked from)."""


def planted_csv(ledger: Ledger, path: Path) -> list[str]:
    """The ledger as CSV with a few errors planted; returns what was planted.

    Five leaf cells moved by 1.00 (five sum.tree errors), one cell that is no amount (a
    table problem, and its parent's sum), one cell printed with one decimal (a precision
    warning: its value, hence every sum, unchanged).
    """
    rows = [[code, label, *(cells[c] for c in ledger.columns)]
            for code, label, cells in ledger.rows]
    rng = random.Random(SEED)
    leaves = [i for i, r in enumerate(rows) if len(r[0]) == 7]
    picks = rng.sample(leaves, 7)
    planted = []
    for i in picks[:5]:
        v = Decimal(rows[i][2].replace(",", "")) + 1
        rows[i][2] = f"{v:,.2f}"
        planted.append(f"{rows[i][0]} {ledger.columns[0]} moved by 1.00")
    rows[picks[5]][3] = rows[picks[5]][3][:-1] + "x"
    planted.append(f"{rows[picks[5]][0]} {ledger.columns[1]} is no amount")
    i = picks[6]
    rows[i][4] = rows[i][4][:-1] if rows[i][4].endswith("0") else "0.0"
    planted.append(f"{rows[i][0]} {ledger.columns[2]} printed with one decimal")
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["科目代码", "科目名称", *ledger.columns])
        w.writerows(rows)
    return planted


def csv_floor(path: Path, ncols: int) -> None:
    """The floor: read the file with csv.reader and sum its amount cells as Decimals."""
    total = Decimal(0)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for row in reader:
            for cell in row[2:2 + ncols]:
                try:
                    total += Decimal(cell.replace(",", ""))
                except decimal.InvalidOperation:
                    pass


def run_cli(args: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (bytes) and stdout of the command line in a fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, *args], capture_output=True,
                          text=True, encoding="utf-8")
    dt = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"govaccts {' '.join(args)} failed: {proc.stderr[-2000:]}")
    kb = int(proc.stderr.rsplit("PEAK-RSS-KB", 1)[1].split()[0])
    return dt, kb * 1024, proc.stdout


def bench_cli(args: argparse.Namespace, results: list[Result]) -> None:
    n_rows = args.cli_rows
    log(f"[6] govaccts check on a CSV of about {n_rows:,} rows (fresh processes) …")
    ledger = make_ledger(n_rows * len(COLUMNS), args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.csv"
        planted = planted_csv(ledger, path)
        size = path.stat().st_size
        ncols = len(ledger.columns)
        floor = best_of(lambda: csv_floor(path, ncols), args.repeats)
        fl = "csv.reader over the file + sum of its amount cells as Decimals"
        log(f"    {len(ledger.rows):,} rows, {size / 2**20:.1f} MiB; floor {floor:.2f} s; "
            f"planted: {'; '.join(planted)}")
        for fmt in ("text", "json"):
            best_t, peak, out = math.inf, 0, ""
            for _ in range(max(1, args.repeats)):
                dt, rss, out = run_cli(["check", str(path), "--format", fmt])
                best_t, peak = min(best_t, dt), max(peak, rss)
            if fmt == "json":
                found = json.loads(out)["summary"]
            else:
                found = {"total": int(out.strip().rsplit("\n", 1)[-1].split()[0])}
            log(f"    --format {fmt}: {best_t:.2f} s, peak RSS {peak / 2**20:.0f} MiB, "
                f"{found['total']} findings")
            results.append(Result(
                f"6.{fmt}", f"govaccts check --format {fmt}",
                f"the CLI on {len(ledger.rows):,} rows × {ncols} amount columns "
                f"({size / 2**20:.1f} MiB), {len(planted)} planted errors",
                fl, best_t / floor, best_t, floor, target=5.0,
                note=f"peak RSS {peak / 2**20:.0f} MiB (target ≤ 150 MB); "
                     f"{found['total']} findings",
                extra={"peak_rss_bytes": peak, "findings": found, "rows": len(ledger.rows)}))
            results.append(Result(
                f"6.{fmt}-rss", f"govaccts check --format {fmt}: peak memory",
                "peak resident set of the CLI process (VmHWM)", "150 MB",
                peak / 150e6, target=1.0, note=f"{peak / 2**20:.0f} MiB"))


# -- benchmark 5: memory -----------------------------------------------------------------------


def traced(fn: Callable[[], object]) -> tuple[int, int, object]:
    """(peak, retained) bytes allocated while ``fn`` runs, and its result."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    obj = fn()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base, current - base, obj


def bench_memory(args: argparse.Namespace, results: list[Result]) -> None:
    log(f"[5] memory of a LedgerTable of >= {args.memory_cells:,} cells (tracemalloc) …")
    ledger = make_ledger(args.memory_cells, args.seed)
    n = ledger.cells
    mib = 2**20 / 1e6 * n  # bytes → MiB per million cells
    t_peak, t_kept, table = traced(lambda: build_plain(ledger))
    del table
    l_peak, l_kept, values = traced(lambda: [Decimal(t.replace(",", "")) for t in ledger.texts])
    del values
    log(f"    table: peak {t_peak / mib:.0f} MiB/M cells, retained {t_kept / mib:.0f}; "
        f"list: peak {l_peak / mib:.0f}, retained {l_kept / mib:.0f}")
    results.append(Result("5.memory", "memory per million cells",
                          f"tracemalloc peak building a {n:,}-cell LedgerTable",
                          f"the same Decimals in a list ({l_peak / mib:.0f} MiB per M cells)",
                          t_peak / l_peak, target=1.0,
                          note=f"{t_peak / mib:.0f} MiB per million cells at peak, "
                               f"{t_kept / mib:.0f} retained",
                          extra={"table_peak_mib_per_mcell": t_peak / mib,
                                 "table_retained_mib_per_mcell": t_kept / mib,
                                 "list_peak_mib_per_mcell": l_peak / mib,
                                 "list_retained_mib_per_mcell": l_kept / mib,
                                 "cells": n}))


# -- profile ------------------------------------------------------------------------------------


def profile(args: argparse.Namespace) -> None:
    """cProfile of the ledger build, a small rollup and a seed-report check."""

    def show(title: str, fn: Callable[[], object], top: int = 12) -> None:
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).strip_dirs().sort_stats("tottime")
        stats.print_stats(top)
        lines = out.getvalue().splitlines()
        head = next((i for i, ln in enumerate(lines) if "ncalls" in ln), 0)
        print(f"\n-- profile: {title} (top {top} by own time)")
        print("\n".join(lines[head:head + top + 1]))

    ledger = make_ledger(min(args.cells, 100_000))
    show(f"LedgerTable.build, {ledger.cells:,} cells", lambda: build_plain(ledger))
    small = build_plain(make_ledger(4 * args.rollup_cells, args.seed))
    show(f"rollup(), {len(small.rows) * len(small.columns):,} cells", small.rollup)
    rep = govaccts.example_report()
    govaccts.check(rep)
    show("check(seed report) × 20", lambda: [govaccts.check(rep) for _ in range(20)])
    raw = seed_raw()
    show("build_report(seed raw) × 20", lambda: [build_report(raw) for _ in range(20)])
    rule_costs(rep)


def rule_costs(rep: govaccts.FinalAccountsReport) -> None:
    """Each registered rule timed alone on the seed report: where check() spends its time."""
    from govaccts.checks import Context
    from govaccts.checks.tolerance import Mode

    ctx = Context(Mode.HALF_UP, rep.tables)
    whole = best_of(lambda: govaccts.check(rep), 3)
    rows = []
    for r in govaccts.rules():
        if r.scope == "table":
            def fn(r: govaccts.Rule = r) -> object:
                return [list(r.func(ctx, t)) for t in rep.tables.values()]
        else:
            def fn(r: govaccts.Rule = r) -> object:
                return list(r.func(ctx, rep))
        rows.append((best_of(fn, 3, number=autorange(fn, 0.02)), r.id))
    print(f"\n-- rule costs on the seed report (check() takes {whole * 1e3:.1f} ms)")
    for t, rid in sorted(rows, reverse=True):
        print(f"  {t * 1e3:8.2f} ms  {t / whole:6.1%}  {rid}")


# -- main ---------------------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    head = ("#", "benchmark", "what it measures", "floor", "ratio", "target")
    rows = [(r.id, r.name + (" *" if r.extrapolated else ""), r.measures, r.floor,
             fmt_ratio(r.ratio), (f"≤ {r.target:g}× ({r.verdict})" if r.target else ""))
            for r in results]
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(len(head))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print(line)
    for row in rows:
        cells = [c.rjust(w) if i == 4 else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        print("  ".join(cells).rstrip())
    print(line)
    if any(r.extrapolated for r in results):
        print("* extrapolated (see notes)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes everywhere (< 20 s)")
    ap.add_argument("--json", metavar="PATH", help="write the results as JSON to PATH")
    ap.add_argument("--profile", action="store_true", help="also print cProfile hot spots")
    ap.add_argument("--only", metavar="N", action="append",
                    choices=["1", "2", "3", "4", "5", "6"],
                    help="run only benchmark N (repeatable)")
    ap.add_argument("--cells", type=int, help="ledger size (default 1,000,000; quick 20,000)")
    ap.add_argument("--reports", type=int, help="synthetic reports (default 10,000; quick 10)")
    ap.add_argument("--report-budget", type=float,
                    help="seconds for the reports benchmark before extrapolating "
                         "(default 120; quick 2)")
    ap.add_argument("--rollup-budget", type=float,
                    help="largest predicted rollup time measured directly "
                         "(default 60 s; quick 1 s)")
    ap.add_argument("--repeats", type=int, help="repeats per timing (default 3; quick 2)")
    ap.add_argument("--no-catalog", action="store_true", help="skip the catalog-validated build")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = ap.parse_args(argv)
    q = args.quick
    defaults = {"cells": 20_000 if q else 1_000_000, "reports": 10 if q else 10_000,
                "report_budget": 2.0 if q else 120.0, "rollup_budget": 1.0 if q else 60.0,
                "repeats": 2 if q else 3}
    for k, v in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    args.rollup_cells = 1_000 if q else 6_000
    args.memory_cells = min(args.cells, 20_000 if q else 1_000_000)
    args.min_time = 0.05 if q else 0.25
    args.spawn_repeats = 2 if q else 9
    args.cli_rows = 5_000 if q else CLI_ROWS
    only = set(args.only or "123456")

    started = time.perf_counter()
    results: list[Result] = []
    if "1" in only:
        bench_ledger(args, results)
        make_ledger.cache_clear()  # no large live heap while the other benchmarks run
        gc.collect()
    if "2" in only:
        bench_seed(args, results)
    if "3" in only:
        bench_reports(args, results)
    if "4" in only:
        bench_import(args, results)
    if "5" in only:
        bench_memory(args, results)
    if "6" in only:
        bench_cli(args, results)
        make_ledger.cache_clear()
    elapsed = time.perf_counter() - started

    meta = {"date": datetime.date.today().isoformat(), "python": platform.python_version(),
            "implementation": platform.python_implementation(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "govaccts": govaccts.__version__, "quick": q,
            "cells": args.cells, "reports": args.reports, "repeats": args.repeats,
            "seed": args.seed, "elapsed_seconds": elapsed}
    print(f"\ngovaccts {meta['govaccts']} benchmarks — Python {meta['python']} "
          f"({meta['implementation']}), {meta['cpus']} CPUs, {meta['date']}"
          f"{' — QUICK sizes' if q else ''}")
    print("Ratios are time (or memory) over the floor measured in the same process; lower is "
          "better.\n")
    print_table(results)
    notes = [(r.id, r.note) for r in results if r.note]
    if notes:
        print("\nnotes:")
        for rid, note in notes:
            print(f"  {rid}: {note}")
    heavy = next((r.extra["heaviest_imports_by_self_time"] for r in results
                  if r.id == "4.lookup"), None)
    if heavy:
        print("\nheaviest imports of a first lookup (python -X importtime, self time):")
        for h in heavy:
            print(f"  {h['self_ms']:7.1f} ms  {h['module']}")

    print("\nsummary:")
    for r in results:
        if r.target is not None:
            print(f"  {r.name}: {fmt_ratio(r.ratio)} its floor — target ≤ {r.target:g}×: "
                  f"{r.verdict.upper()}" + (" (extrapolated)" if r.extrapolated else ""))
    worst = max((r for r in results if r.id != "5.memory"), key=lambda r: r.ratio, default=None)
    if worst is not None:
        print(f"  largest time ratio: {worst.name} ({fmt_ratio(worst.ratio)})")
    print(f"  finished in {elapsed:.1f} s")

    if args.profile:
        profile(args)
    if args.json:
        data = {"meta": meta, "results": [asdict(r) for r in results]}
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str)
                                   + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
