"""Synthetic report folders for tests and benchmarks of batch checking.

:func:`write_report_variants` copies the bundled example report (a real 部门决算)
``n`` times: each copy keeps the tables' structure and text, names its own
department, and scales every amount by one factor in [0.5, 2), rounded half-up to
cents and printed with thousands separators — so the identities still hold within
rounding, and a checker meets the same work as on a real report.  One copy in ten
also has one cell moved by 0.01–5.00, an error to find.

>>> import tempfile, govaccts
>>> paths = write_report_variants(tempfile.mkdtemp(), 2, seed=1)
>>> [p.name for p in paths]
['report-00000', 'report-00001']
>>> govaccts.read_report(paths[1]).department
'合成部门00001'
"""

from __future__ import annotations

import csv
import io
import random
import re
from decimal import ROUND_HALF_UP, Context, Decimal
from importlib import resources
from pathlib import Path

from govaccts.amounts import parse_amount
from govaccts.errors import AmountError

__all__ = ["TEXT_COLUMNS", "write_report_variants"]

TEXT_COLUMNS = frozenset({"科目代码", "科目编码", "科目名称", "code", "name", "项目", "区块",
                          "行次"})
"""Columns of the example's tables that hold text, not amounts (left alone)."""

_CTX = Context(prec=60, rounding=ROUND_HALF_UP)
_CENTS = Decimal("0.01")


def _example_files() -> dict[str, bytes]:
    root = resources.files("govaccts").joinpath("examples", "hetang_2023")
    return {f.name: f.read_bytes() for f in root.iterdir()
            if f.is_file() and f.name != "seed.txt"}


def _scale_csv(text: str, factor: Decimal, rng: random.Random | None) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    spots: list[tuple[int, int]] = []
    for r, row in enumerate(rows[1:], start=1):
        for i, cell in enumerate(row):
            if i >= len(header) or header[i] in TEXT_COLUMNS or not cell.strip():
                continue
            try:
                v = parse_amount(cell).value
            except AmountError:
                continue
            if v is None:
                continue
            row[i] = f"{_CTX.multiply(v, factor).quantize(_CENTS, context=_CTX):,}"
            spots.append((r, i))
    if rng is not None and spots:
        r, i = rng.choice(spots)
        v = parse_amount(rows[r][i]).value or Decimal(0)
        rows[r][i] = f"{v + Decimal(rng.randrange(1, 501)) / 100:,}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_report_variants(dest: str | Path, n: int, *, seed: int = 20261128,
                          start: int = 0) -> list[Path]:
    """Write ``n`` report folders ``dest/report-NNNNN`` (see the module docstring)."""
    files = _example_files()
    rng = random.Random(seed)
    out: list[Path] = []
    dest = Path(dest)
    for k in range(start, start + n):
        factor = Decimal(rng.randrange(500, 2000)) / 1000
        tables = sorted(name for name in files if name.endswith(".csv"))
        bad = rng.choice(tables) if rng.random() < 0.1 else None
        folder = dest / f"report-{k:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, raw in files.items():
            if name.endswith(".csv"):
                text = _scale_csv(raw.decode("utf-8-sig"), factor,
                                  rng if name == bad else None)
                (folder / name).write_text(text, "utf-8")
            elif name == "manifest.toml":
                text = re.sub(r'(?m)^department = ".*"$', f'department = "合成部门{k:05d}"',
                              raw.decode("utf-8"), count=1)
                (folder / name).write_text(text, "utf-8")
            else:
                (folder / name).write_bytes(raw)
        out.append(folder)
    return out
