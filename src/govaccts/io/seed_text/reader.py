"""The reader's entry points: seed-style text (a file or a string) → a :class:`RawReport`.

The text is cut into tables by their titles (:mod:`.titles`), each table's lines are
sorted (:mod:`.blocks`) and its grid read by the rules of its spec's layout
(:mod:`.statement`, :mod:`.tree`, :mod:`.economic`, :mod:`.sangong`); the report's
year, department and unit come from :mod:`.metadata`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from govaccts.errors import Location, ReportReadError
from govaccts.io.encodings import decode
from govaccts.io.seed_text.blocks import Block, Part, cut_block, split_grid
from govaccts.io.seed_text.cells import Row
from govaccts.io.seed_text.economic import read_economic
from govaccts.io.seed_text.metadata import cover_department, majority, year_of
from govaccts.io.seed_text.sangong import read_sangong
from govaccts.io.seed_text.statement import read_statement
from govaccts.io.seed_text.titles import Titles
from govaccts.io.seed_text.tree import read_tree
from govaccts.reports.kinds import report_kind
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.spec import Layout

__all__ = ["KIND", "LAYOUT_READERS", "parse_report_text", "read_report_text"]

KIND = "部门决算"
"""The kind of report seed-style text is: its table specs say which titles are tables."""

LAYOUT_READERS: dict[Layout, Callable[[Block, list[Row], list[Row], list[str]], list[Part]]] = {
    Layout.STATEMENT: read_statement, Layout.TREE: read_tree,
    Layout.ECONOMIC: read_economic, Layout.SANGONG: read_sangong,
}
"""How a table's grid is read, by its spec's layout."""

_NARRATIVE_RE = re.compile(r"^第三部分")
_NOTE_RE = re.compile(r"^说明\s*[:：]")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")


def parse_report_text(text: str, *, name: str = "<text>") -> RawReport:
    r"""Read a report from seed-style text (see :mod:`govaccts.io.seed_text`).

    Raises :class:`~govaccts.errors.ReportReadError` (with the file and line) on text
    that cannot be read without guessing.

    ``name`` is the file name used in error locations and as ``source``.

    >>> parse_report_text("目录\n- 一、收入支出决算总表\n", name="toc.txt")
    Traceback (most recent call last):
    ...
    govaccts.errors.ReportReadError: toc.txt: no public table found ...
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")

    def error(message: str, line: int | None = None) -> ReportReadError:
        return ReportReadError(message, location=Location(file=name, line=line))

    if not text.strip():
        raise error("empty report text")
    for no, line in enumerate(lines, 1):
        bad = next((ch for ch in line if unicodedata.category(ch) == "Cc"
                    and ch not in _ALLOWED_CONTROLS), None)
        if bad is not None:
            raise error(f"control character U+{ord(bad):04X}: not report text", no)
    titles = Titles(report_kind(KIND))
    starts = titles.find(lines)
    if not starts:
        raise error("no public table found (no line is a known table title "
                    "followed by tab-separated rows)")
    first = starts[0].index
    narrative_at = next((i for i in range(first + 1, len(lines))
                         if _NARRATIVE_RE.match(lines[i].strip())), None)
    stop = narrative_at if narrative_at is not None else len(lines)
    starts = [s for s in starts if s.index < stop]
    seen: dict[str, int] = {}
    for s in starts:
        if s.spec.title in seen:
            raise error(f"table {s.spec.title} printed twice (also at line "
                        f"{seen[s.spec.title]})", s.index + 1)
        seen[s.spec.title] = s.index + 1
    blocks = [cut_block(lines, s.index, titles.table_end(lines, s.index, stop), s.spec,
                        s.marker, name) for s in starts]
    units = [b.unit for b in blocks if b.unit]
    if not units:
        raise error("no 金额单位 printed with any table: the unit is unknown", first + 1)
    unit = majority(units)
    year = year_of(lines, first, name)
    departments = [d for b in blocks for d in b.departments]
    department = majority(departments) if departments else cover_department(lines, first)
    tables = [t for b in blocks for t in _tables(b, unit)]
    narrative = "\n".join(lines[narrative_at:]) if narrative_at is not None else None
    return RawReport(kind=titles.kind.name, department=department, year=year, unit=unit,
                     tables=tuple(tables), narrative=narrative, source=name,
                     narrative_file=name if narrative is not None else None,
                     narrative_line=(narrative_at or 0) + 1)


def _tables(b: Block, report_unit: str) -> list[RawTable]:
    """The raw tables of one block (a statement gives one per side)."""
    notes: list[str] = []
    if b.marker is None:
        notes.append(f"No 公开NN表 label is printed with this table; the id {b.spec.key} "
                     "is inferred from the title.")
    if b.unit is None:
        notes.append("No 金额单位 is printed with this table; the unit is the report's.")
    header, data = split_grid(b)
    layout = b.spec.layout
    parts = LAYOUT_READERS[layout](b, header, data, notes)
    if layout is not Layout.ECONOMIC and b.before:  # the economic table reads its labels
        notes.append("Text printed between the title and the table is not part of it: "
                     + "; ".join(t for _, t in b.before))
    empty_note = "\n".join(t for _, t in b.after if _NOTE_RE.match(t))
    return [RawTable(id=b.marker or b.spec.key, title=b.title, layout=str(layout),
                     header=cols, rows=rows, part=part, unit=b.unit or report_unit,
                     notes=tuple(notes), empty_note=empty_note, file=b.file)
            for part, cols, rows in parts]


def read_report_text(path_or_text: str | Path, *, encoding: str | None = None,
                     name: str | None = None) -> RawReport:
    """Read a report from a seed-style text file (UTF-8, UTF-8 with BOM, or GBK/GB18030).

    ``path_or_text`` is the path of the file.  A ``str`` given together with ``name``
    is the text itself (prefer :func:`parse_report_text` for that); ``encoding``
    forces the file's encoding.

    >>> from importlib import resources
    >>> seed = resources.files("govaccts") / "examples" / "hetang_2023" / "seed.txt"
    >>> with resources.as_file(seed) as p:
    ...     report = read_report_text(p)
    >>> [(t.id, t.part) for t in report.tables][:3]
    [('公开01', '收入'), ('公开01', '支出'), ('公开02', '')]
    """
    if isinstance(path_or_text, str) and name is not None:
        if encoding is not None:
            raise TypeError("encoding applies to files, not to text")
        return parse_report_text(path_or_text, name=name)
    p = Path(path_or_text)
    shown = name or str(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ReportReadError(f"cannot read report text: {exc.strerror}",
                              location=Location(file=shown)) from None
    return parse_report_text(decode(raw, shown, encoding), name=shown)
