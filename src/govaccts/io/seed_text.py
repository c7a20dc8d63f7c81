r"""Reading seed-style report text: tab-separated table text extracted from a PDF.

A 部门决算 PDF run through a text extractor gives one line per printed table row,
cells separated by tabs, with the titles, ``公开NN表`` labels, ``金额单位`` and
``部门`` lines, notes and the narrative as plain lines.  :func:`read_report_text`
(a file) and :func:`parse_report_text` (a string) turn such text into the same
:class:`~govaccts.reports.raw.RawReport` that :func:`~govaccts.io.folders.read_report_folder`
reads from a hand transcription.

How the text is read:

* Tables are found by their printed titles: the titles and aliases of the 部门决算
  kind's :class:`~govaccts.reports.spec.TableSpec` s, so a spec registered with
  :func:`~govaccts.reports.kinds.register_table_spec` is read with no other change.
  Titles are matched against whole lines, folded as :meth:`TableSpec.matches
  <govaccts.reports.spec.TableSpec.matches>` folds them, and quotes, a year prefix and
  a ``公开NN表`` label on the title line are ignored, so
  a title that contains another (收入支出决算总表 ⊂ 财政拨款收入支出决算总表)
  never matches the wrong table, and the table of contents (``- 一、收入支出决算总表``)
  matches nothing.  A title counts only when tab-separated rows follow it.
* A table runs from its title to the next title or ``第…部分`` heading.  Its
  ``公开NN表``, ``金额单位`` and ``部门`` cells are metadata; its first run of
  tab-separated lines is the grid (header rows, then data rows from the first row
  holding an amount, a 科目代码 or a 合计 label); a ``说明：`` line after the grid
  is the table's ``empty_note``.
* The id is ``公开NN`` from a printed ``公开NN表`` label, else from the title.
* Header rows printed over several lines are merged column by column (the lowest
  printed text names the column); the ``栏次`` row is dropped.
* The spec's layout says how the grid is read: *statement* (01, 04: one table per
  side, the spec's ``parts`` 收入 | 支出, filler rows with only a 行次 dropped), *tree* (02, 03, 05,
  07, 08: ``科目代码, 科目名称, <amounts>``; "201 一般公共服务支出" printed in one
  cell is split), *economic* (06: side-by-side 科目代码/科目名称/决算数 blocks
  linearised block by block, then the 合计 rows) and *sangong* (09: one row per
  预算数/决算数 block).
* Values are never dropped or moved to guess a fit.  The two known extraction
  artefacts are read and recorded in the table's ``notes``: every row of a table
  carrying exactly one value more than its header names (the column is named
  ``（表头缺失）``), and a flattened 三公 line carrying more values than columns
  when all its values are equal.  Any other mismatch raises
  :class:`~govaccts.errors.ReportReadError` naming the file and line.
* The narrative is the text from the ``第三部分`` line after the tables to the end.

>>> text = "\n".join([
...     "2023年度", "", "示例单位", "", "收入决算表", "公开02表", "金额单位：万元",
...     "部门：示例单位",
...     "项目\t\t本年收入合计\t财政拨款收入",
...     "科目代码\t科目名称\t\t",
...     "栏次\t\t1\t2",
...     "合计\t\t1.50\t1.50",
...     "201 一般公共服务支出\t1.50\t1.50",
...     "", "第三部分", "一、收入支出决算总体情况说明",
... ])
>>> report = parse_report_text(text, name="example.txt")
>>> report.department, report.year, report.unit
('示例单位', 2023, '万元')
>>> table = report.tables[0]
>>> table.id, table.title, table.layout, table.header
('公开02', '收入决算表', 'tree', ('科目代码', '科目名称', '本年收入合计', '财政拨款收入'))
>>> for line, cells in table.rows:
...     print(line, cells)
12 ('', '合计', '1.50', '1.50')
13 ('201', '一般公共服务支出', '1.50', '1.50')
>>> report.narrative
'第三部分\n一、收入支出决算总体情况说明'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import attrs

from govaccts.errors import Location, ReportReadError
from govaccts.io.encodings import decode
from govaccts.io.vocabulary import CODE_HEADERS, LABEL_HEADERS, NAME_HEADERS
from govaccts.reports.kinds import report_kind
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.spec import Layout, ReportKind, TableSpec, title_key

__all__ = ["MISSING_HEADER", "parse_report_text", "read_report_text"]

MISSING_HEADER = "（表头缺失）"
"""Name given to a value column that every row carries but the header does not name."""


_QUOTES = "“”\"'‘’「」『』〝〞＂"
_SPACE_RE = re.compile(r"\s+")
_MARKER_RE = re.compile(r"[（(]?公开\s*(\d{1,2})\s*表[）)]?")
_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|千万元|百万元|万元|千元|元)(?![\w])")
_DEPT_RE = re.compile(
    r"^(?:编制|填报)?(?:部门|单位)(?:（单位）|\(单位\))?(?:名称)?\s*[:：]\s*(\S.*)$")
_YEAR_RE = re.compile(r"(\d{4})\s*年度")
_TITLE_PREFIX_RE = re.compile(r"^(?:\d{4}年度?)")
_PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分")
_NARRATIVE_RE = re.compile(r"^第三部分")
_NOTE_RE = re.compile(r"^说明\s*[:：]")
_CODE_RE = re.compile(r"^\d{3,7}$")
_CODE_NAME_RE = re.compile(r"^(\d{3,7})\s*([^\d\s].*)$")
_DECIMAL_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_AMOUNT_CELL_RE = re.compile(r"^(?:[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-—－–])$")
_INT_RE = re.compile(r"^\d+$")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")

_TOTAL_LABELS = frozenset({"合计", "总计"})
_CODE_HEADERS = frozenset(CODE_HEADERS)
_NAME_HEADERS = frozenset(NAME_HEADERS)
_ITEM_HEADERS = frozenset(LABEL_HEADERS)
_LABEL_HEADERS = _CODE_HEADERS | _NAME_HEADERS | _ITEM_HEADERS
_KIND = "部门决算"
"""The kind of report seed-style text is: its table specs say which titles are tables."""

Row = tuple[int, tuple[str, ...]]


def _key(s: str) -> str:
    """The form titles are compared in: folded as :meth:`TableSpec.matches` folds them
    (width, whitespace), and without quotes, which extraction drops or swaps."""
    return "".join(ch for ch in title_key(s) if ch not in _QUOTES)


def _title_index(kind: ReportKind) -> dict[str, TableSpec]:
    """The kind's table titles and aliases, in comparison form (the first spec wins)."""
    index: dict[str, TableSpec] = {}
    for spec in kind.tables:
        for title in spec.titles:
            index.setdefault(_key(title), spec)
    return index


def _norm_header(s: str) -> str:
    """A header cell as a column name: no whitespace, full-width brackets."""
    return _SPACE_RE.sub("", s).replace("(", "（").replace(")", "）")


def _is_decimal(s: str) -> bool:
    return bool(_DECIMAL_RE.match(s))


def _is_total(s: str) -> bool:
    return _SPACE_RE.sub("", s) in _TOTAL_LABELS


def _first(cells: Sequence[str]) -> str:
    return next((c for c in cells if c), "")


def _is_lanci(cells: Sequence[str]) -> bool:
    """The 栏次 row: labelled 栏次, or nothing but column numbers."""
    filled = [c for c in cells if c]
    return any(_SPACE_RE.sub("", c) == "栏次" for c in filled) or (
        len(filled) >= 2 and all(_INT_RE.match(c) for c in filled))


def _looks_like_data(cells: Sequence[str]) -> bool:
    """A data row: it holds an amount, or a code or 合计 label in its first two cells."""
    label = _first(cells[:2])
    return (any(_is_decimal(c) for c in cells) or _is_total(label)
            or bool(_CODE_RE.match(label) or _CODE_NAME_RE.match(label)))


def _trim(cells: Sequence[str]) -> tuple[str, ...]:
    """Cells without trailing empty ones."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return tuple(cells[:end])


def _leaves(rows: Sequence[Row], width: int) -> tuple[list[str], list[int]]:
    """Per column, the lowest printed header text and the index of the row it is in."""
    names: list[str] = []
    where: list[int] = []
    for j in range(width):
        name, at = "", -1
        for i, (_, cells) in enumerate(rows):
            if j < len(cells) and cells[j]:
                name, at = _norm_header(cells[j]), i
        names.append(name)
        where.append(at)
    return names, where


@attrs.define
class _Block:
    """The lines of one table, sorted into metadata, grid and surrounding text."""

    spec: TableSpec
    title: str
    title_line: int
    marker: str | None = None
    unit: str | None = None
    departments: list[str] = attrs.Factory(list)
    before: list[tuple[int, str]] = attrs.Factory(list)
    grid: list[Row] = attrs.Factory(list)
    after: list[tuple[int, str]] = attrs.Factory(list)


class _Reader:
    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.kind = report_kind(_KIND)
        self.titles = _title_index(self.kind)
        self.text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")

    # -- errors --------------------------------------------------------------------------

    def error(self, message: str, line: int | None = None,
              table: str | None = None) -> ReportReadError:
        return ReportReadError(message, location=Location(file=self.name, line=line,
                                                          table=table))

    # -- the whole report ----------------------------------------------------------------

    def read(self) -> RawReport:
        if not self.text.strip():
            raise self.error("empty report text")
        for no, line in enumerate(self.lines, 1):
            bad = next((ch for ch in line if unicodedata.category(ch) == "Cc"
                        and ch not in _ALLOWED_CONTROLS), None)
            if bad is not None:
                raise self.error(f"control character U+{ord(bad):04X}: not report text", no)
        starts = self._title_lines()
        if not starts:
            raise self.error("no public table found (no line is a known table title "
                             "followed by tab-separated rows)")
        first = starts[0][0]
        narrative_at = next((i for i in range(first + 1, len(self.lines))
                             if _NARRATIVE_RE.match(self.lines[i].strip())), None)
        if narrative_at is not None:
            starts = [s for s in starts if s[0] < narrative_at]
        seen: dict[str, int] = {}
        for idx, spec, _ in starts:
            if spec.title in seen:
                raise self.error(f"table {spec.title} printed twice (also at line "
                                 f"{seen[spec.title]})", idx + 1)
            seen[spec.title] = idx + 1
        blocks = [self._block(idx, spec, marker, self._block_end(idx, narrative_at))
                  for idx, spec, marker in starts]
        units = [b.unit for b in blocks if b.unit]
        if not units:
            raise self.error("no 金额单位 printed with any table: the unit is unknown",
                             first + 1)
        unit = max(units, key=units.count)
        year = self._year(first)
        departments = [d for b in blocks for d in b.departments]
        department = (max(departments, key=departments.count) if departments
                      else self._cover_department(first))
        tables: list[RawTable] = []
        for b in blocks:
            tables.extend(self._table(b, unit))
        narrative = ("\n".join(self.lines[narrative_at:]) if narrative_at is not None
                     else None)
        return RawReport(kind="部门决算", department=department, year=year, unit=unit,
                         tables=tuple(tables), narrative=narrative, source=self.name,
                         narrative_file=self.name if narrative is not None else None,
                         narrative_line=(narrative_at or 0) + 1)

    def _title_lines(self) -> list[tuple[int, TableSpec, str | None]]:
        """(index, spec, printed marker) of every title line followed by table rows."""
        found: list[tuple[int, TableSpec, str | None]] = []
        for i, line in enumerate(self.lines):
            if "\t" in line:
                continue
            key = _key(line)
            marker = None
            m = _MARKER_RE.search(key)
            if m and (m.start() == 0 or m.end() == len(key)):
                marker = f"公开{int(m.group(1)):02d}"
                key = key[:m.start()] + key[m.end():]
            key = _TITLE_PREFIX_RE.sub("", key)
            spec = self.titles.get(key)
            if spec is not None:
                found.append((i, spec, marker))
        boundaries = sorted({i for i, _, _ in found} | {
            i for i, line in enumerate(self.lines) if _PART_RE.match(line.strip())})
        kept = []
        for i, spec, marker in found:
            end = next((b for b in boundaries if b > i), len(self.lines))
            if any("\t" in line for line in self.lines[i + 1:end]):
                kept.append((i, spec, marker))
        return kept

    def _block_end(self, start: int, narrative_at: int | None) -> int:
        stop = narrative_at if narrative_at is not None else len(self.lines)
        for i in range(start + 1, stop):
            line = self.lines[i]
            if "\t" in line:
                continue
            if _PART_RE.match(line.strip()):
                return i
            key = _TITLE_PREFIX_RE.sub("", _MARKER_RE.sub("", _key(line)))
            if key in self.titles:
                return i
        return stop

    def _year(self, first_table: int) -> int:
        for line in self.lines[:first_table]:
            m = _YEAR_RE.search(line)
            if m:
                return int(m.group(1))
        m = _YEAR_RE.search(self.text)
        if m is None:
            raise self.error("no year (NNNN年度) printed in the report")
        return int(m.group(1))

    def _cover_department(self, first_table: int) -> str:
        """The department from the cover: the first line that is not a year or a heading."""
        for line in self.lines[:first_table]:
            s = line.strip()
            if not s or _YEAR_RE.fullmatch(s) or s.startswith(("- ", "第")):
                continue
            if s == "目录":
                break
            m = re.match(r"^(.+?)\s*(?:\d{4}年度?)?\s*(?:部门（单位）)?部门决算$", s)
            if m:
                return m.group(1).strip()
            if "决算" in s:
                continue
            return s
        return ""

    # -- one table -------------------------------------------------------------------------

    def _block(self, start: int, spec: TableSpec, marker: str | None, end: int) -> _Block:
        b = _Block(spec=spec, title=self.lines[start].strip(), title_line=start + 1,
                   marker=marker)
        if marker is not None:  # keep the printed title without its label
            b.title = _MARKER_RE.sub("", b.title).strip()
        state = "before"
        for i in range(start + 1, end):
            raw = self.lines[i]
            no = i + 1
            if not raw.strip():
                continue
            if "\t" not in raw and raw.strip().startswith(("注", "说明")):
                cells = [raw.strip()]  # printed notes keep their 单位 etc.
            else:
                cells = [self._meta(b, c) for c in raw.split("\t")]
            if not any(cells):
                continue
            if "\t" not in raw:
                text = cells[0]
                if state == "grid" and (_is_total(text) or _CODE_NAME_RE.match(text)
                                        or _CODE_RE.match(text)):
                    b.grid.append((no, (text,)))
                elif state == "before":
                    b.before.append((no, text))
                else:
                    state = "after"
                    b.after.append((no, text))
                continue
            if state == "after":
                raise self.error("table rows continue after the notes below the table",
                                 no, b.title)
            state = "grid"
            b.grid.append((no, tuple(cells)))
        if not b.grid:
            raise self.error("table title without table rows", b.title_line, b.title)
        return b

    def _meta(self, b: _Block, cell: str) -> str:
        """A cell with its 公开NN表 / 金额单位 / 部门 text taken into the block."""
        rest = cell.strip()
        m = _UNIT_RE.search(rest)
        if m:
            b.unit = b.unit or m.group(1)
            rest = (rest[:m.start()] + rest[m.end():]).strip()
        m = _MARKER_RE.search(rest)
        if m and _SPACE_RE.sub("", rest) == _SPACE_RE.sub("", m.group(0)):
            b.marker = b.marker or f"公开{int(m.group(1)):02d}"
            rest = ""
        m = _DEPT_RE.match(rest)
        if m:
            b.departments.append(m.group(1).strip())
            rest = ""
        return rest

    def _table(self, b: _Block, report_unit: str) -> list[RawTable]:
        notes: list[str] = []
        if b.marker is None:
            notes.append(f"No 公开NN表 label is printed with this table; the id {b.spec.key} "
                         "is inferred from the title.")
        if b.unit is None:
            notes.append("No 金额单位 is printed with this table; the unit is the report's.")
        header, data = self._split(b)
        layout = b.spec.layout
        if layout is Layout.STATEMENT:
            parts = self._statement(b, header, data, notes)
        elif layout is Layout.ECONOMIC:
            parts = [("", *self._economic(b, header, data, notes))]
        elif layout is Layout.SANGONG:
            parts = [("", *self._sangong(b, header, data, notes))]
        else:
            parts = [("", *self._tree(b, header, data, notes))]
        if layout is not Layout.ECONOMIC and b.before:
            notes.append("Text printed between the title and the table is not part of it: "
                         + "; ".join(t for _, t in b.before))
        empty_note = "\n".join(t for _, t in b.after if _NOTE_RE.match(t))
        return [RawTable(id=b.marker or b.spec.key, title=b.title, layout=str(layout),
                         header=cols, rows=rows, part=part, unit=b.unit or report_unit,
                         notes=tuple(notes), empty_note=empty_note, file=self.name)
                for part, cols, rows in parts]

    def _split(self, b: _Block) -> tuple[list[Row], list[Row]]:
        """Header rows and data rows: data starts at the first row that looks like data.

        The 三公 header has a 合计 column, so there only a row holding an amount counts.
        """
        for i, (_, cells) in enumerate(b.grid):
            if (any(_is_decimal(c) for c in cells) if b.spec.layout is Layout.SANGONG
                    else _looks_like_data(cells)):
                return b.grid[:i], b.grid[i:]
        return b.grid, []

    # -- statement tables (01, 04) -------------------------------------------------------

    def _statement(self, b: _Block, header: list[Row], data: list[Row],
                   notes: list[str]) -> list[tuple[str, tuple[str, ...], tuple[Row, ...]]]:
        parts = b.spec.parts  # the sides, as labels printed above the grid
        sides: list[str] = []
        named: list[Row] = []
        for no, cells in header:
            filled = [_norm_header(c) for c in cells if c]
            if _is_lanci(cells):
                continue
            if filled and parts and all(c in parts for c in filled) and not sides:
                sides = filled
            else:
                named.append((no, cells))
        if not named:
            raise self.error("no column names above the table", b.title_line, b.title)
        width = max(len(_trim(c)) for _, c in named)
        leaves, _ = _leaves(named, width)
        starts = [j for j, n in enumerate(leaves) if n in _ITEM_HEADERS]
        hline = named[-1][0]
        if not starts or starts[0] != 0:
            raise self.error("statement header does not start with a 项目 column", hline,
                             b.title)
        if not sides:  # unlabelled: one 项目 column per side
            expected = list(parts) or [""]
            if len(starts) != len(expected):
                raise self.error(f"no {'/'.join(parts)} labels above the table" if parts
                                 else f"{len(starts)} 项目 columns in a one-sided statement",
                                 hline, b.title)
            sides = expected
        if len(sides) != len(starts):
            raise self.error(f"{len(sides)} side labels ({'/'.join(sides)}) for "
                             f"{len(starts)} 项目 columns", hline, b.title)
        bounds = [*starts, width]
        cols = [tuple(leaves[s:e]) for s, e in pairwise(bounds)]
        for c in cols:
            if "" in c:
                raise self.error(f"a column of the {'/'.join(sides)} header has no name",
                                 hline, b.title)
        out: dict[int, list[Row]] = {k: [] for k in range(len(cols))}
        skipped = 0
        for no, cells in data:
            row = list(cells)
            if any(row[width:]):
                raise self.error(f"row has {len(_trim(row))} cells, the header names "
                                 f"{width}", no, b.title)
            row = (row + [""] * width)[:width]
            for k, (s, e) in enumerate(pairwise(bounds)):
                part = row[s:e]
                if not any(part):
                    continue
                item_only = [c for n, c in zip(cols[k], part, strict=True) if n != "行次"]
                if not any(item_only):
                    skipped += 1
                    continue
                self._check_statement_cells(b, no, cols[k], part)
                out[k].append((no, tuple(part)))
        if skipped:
            notes.append("Filler rows that print only a 行次 number (and the 栏次 row) are "
                         "not included.")
        return [(side, c, tuple(out[k])) for k, (side, c) in
                enumerate(zip(sides, cols, strict=True))]

    def _check_statement_cells(self, b: _Block, no: int, cols: Sequence[str],
                               part: Sequence[str]) -> None:
        for name, cell in zip(cols, part, strict=True):
            if name in _ITEM_HEADERS:
                if _is_decimal(cell):
                    raise self.error(f"amount {cell!r} in the 项目 column: cells are "
                                     "shifted", no, b.title)
            elif name == "行次":
                if cell and not _INT_RE.match(cell):
                    raise self.error(f"{cell!r} in the 行次 column is not a row number",
                                     no, b.title)
            elif cell and not _AMOUNT_CELL_RE.match(cell):
                raise self.error(f"{cell!r} in column {name} is not an amount", no, b.title)

    def _header(self, b: _Block, header: list[Row]
                ) -> tuple[list[Row], int, list[str], list[int]]:
        """The named header rows (栏次 dropped), the width, and per column its lowest
        printed name and the header row it is in."""
        named = [(no, c) for no, c in header if not _is_lanci(c)]
        if not named:
            raise self.error("no column names above the table", b.title_line, b.title)
        width = max(len(_trim(c)) for _, c in named)
        leaves, where = _leaves(named, width)
        return named, width, leaves, where

    # -- tree tables (02, 03, 05, 07, 08) ------------------------------------------------

    def _tree(self, b: _Block, header: list[Row], data: list[Row],
              notes: list[str]) -> tuple[tuple[str, ...], tuple[Row, ...]]:
        named, width, leaves, _ = self._header(b, header)
        hline = named[-1][0]
        first = 0
        while first < width and (leaves[first] in _LABEL_HEADERS or not leaves[first]):
            first += 1
        amounts = leaves[first:]
        if not amounts:
            raise self.error("no amount columns named in the header", hline, b.title)
        if "" in amounts:
            raise self.error(f"amount column {first + amounts.index('') + 1} has no name",
                             hline, b.title)
        n = len(amounts)
        parsed: list[tuple[int, str, str, list[str]]] = []
        merged = False
        for no, cells in data:
            code, name, values, joined = self._tree_row(b, no, cells)
            merged = merged or joined
            while len(values) > n and not values[-1]:
                values.pop()
            parsed.append((no, code, name, values))
        long = [(no, len(v) - n) for no, _, _, v in parsed if len(v) > n]
        if long:
            # Explained only when every row with values carries exactly one value more.
            bad = next(((no, k) for no, k in long if k != 1), None)
            if bad is not None:
                raise self.error(f"row has {n + bad[1]} values, the header names {n} "
                                 f"amount columns", bad[0], b.title)
            short = next((no for no, _, _, v in parsed if any(v) and len(v) != n + 1), None)
            if short is not None:
                raise self.error(f"row has {n} values while other rows (line {long[0][0]}) "
                                 f"have {n + 1}: cannot tell which column is missing",
                                 short, b.title)
            amounts.append(MISSING_HEADER)
            notes.append(f"The header names {n} amount columns but every data row "
                         f"carries {n + 1} values; the last column is named "
                         f"{MISSING_HEADER}.")
            n += 1
        rows: list[Row] = []
        for no, code, name, values in parsed:
            if len(values) < n:
                if any(values):
                    raise self.error(f"row has {len(values)} values, the header names {n} "
                                     "amount columns", no, b.title)
                values = values + [""] * (n - len(values))
            for col, v in zip(amounts, values, strict=True):
                if v and not _AMOUNT_CELL_RE.match(v):
                    raise self.error(f"{v!r} in column {col} is not an amount", no, b.title)
            rows.append((no, (code, name, *values)))
        if merged:
            notes.append("科目代码 and 科目名称 are printed in one cell (e.g. "
                         "\"201 一般公共服务支出\"); they are split after the code.")
        if not rows:
            notes.append("No data row is printed.")
        return (CODE_HEADERS[0], NAME_HEADERS[0], *amounts), tuple(rows)

    def _tree_row(self, b: _Block, no: int,
                  cells: tuple[str, ...]) -> tuple[str, str, list[str], bool]:
        """(科目代码, 科目名称, value cells, whether code and name shared a cell)."""
        c0 = cells[0]
        c1 = cells[1] if len(cells) > 1 else ""
        m = _CODE_NAME_RE.match(c0)
        if _CODE_RE.match(c0):
            if not c1 or _is_decimal(c1):
                raise self.error(f"科目代码 {c0} without a 科目名称", no, b.title)
            return c0, c1, list(cells[2:]), False
        if m:
            return m.group(1), m.group(2).strip(), list(cells[1:]), True
        if _is_total(c0):
            label = _SPACE_RE.sub("", c0)
            if _AMOUNT_CELL_RE.match(c1):
                return "", label, list(cells[1:]), True
            if c1:
                raise self.error(f"unexpected {c1!r} after {label}", no, b.title)
            return "", label, list(cells[2:]), False
        if not c0 and c1 and not _AMOUNT_CELL_RE.match(c1):
            if _CODE_RE.match(c1) or _CODE_NAME_RE.match(c1):
                raise self.error(f"科目代码 {c1!r} printed in the 科目名称 column", no, b.title)
            return "", _SPACE_RE.sub("", c1) if _is_total(c1) else c1, list(cells[2:]), False
        raise self.error(f"cannot tell 科目代码 and 科目名称 in {cells[:2]!r}", no, b.title)

    # -- economic table (06) -------------------------------------------------------------

    def _economic(self, b: _Block, header: list[Row], data: list[Row],
                  notes: list[str]) -> tuple[tuple[str, ...], tuple[Row, ...]]:
        named, width, leaves, where = self._header(b, header)
        hline = named[-1][0]
        starts = [j for j, n in enumerate(leaves) if n in _CODE_HEADERS]
        if not starts or starts[0] != 0:
            raise self.error("economic table header does not start with 科目代码", hline,
                             b.title)
        bounds = [*starts, width]
        shapes = [tuple(leaves[s:e]) for s, e in pairwise(bounds)]
        shape = shapes[0]
        if (len(shape) < 3 or shape[1] not in _NAME_HEADERS or "" in shape
                or any(s != shape for s in shapes)):
            raise self.error(f"side-by-side blocks differ or are incomplete: {shapes}", hline,
                             b.title)
        bw = len(shape)
        # Block labels: header text above a block's leaf names, then lines printed above
        # the grid, then the label of the block to the left (a spanning header).
        labels: list[str] = []
        for s, e in pairwise(bounds):
            above = [_norm_header(cells[j]) for i, (_, cells) in enumerate(named)
                     for j in range(s, e) if j < len(cells) and cells[j] and i < where[j]]
            labels.append(above[0] if above else "")
        spare = [_norm_header(t) for _, t in b.before if not t.startswith(("注", "说明"))]
        for k, lab in enumerate(labels):
            if not lab and spare:
                labels[k] = spare.pop(0)
        for k in range(1, len(labels)):
            if not labels[k]:
                labels[k] = labels[k - 1]
        if not labels[0] and len(starts) > 1:
            raise self.error("no 人员经费/公用经费 label above the first block", hline, b.title)
        na = bw - 2  # amount columns per block
        blocks: list[list[Row]] = [[] for _ in starts]
        totals: list[Row] = []
        pending: tuple[int, list[tuple[int, str]]] | None = None
        for no, cells in data:
            if any(cells[width:]):
                raise self.error(f"row has cells beyond the {width} header columns", no,
                                 b.title)
            row = (list(cells) + [""] * width)[:width]
            found = [(j, _SPACE_RE.sub("", c)) for j, c in enumerate(row)
                     if c.strip().endswith("合计") or _is_total(c)]
            if found:
                if pending is not None:
                    raise self.error("合计 labels without amounts", pending[0], b.title)
                if any(row[:found[0][0]]):
                    raise self.error("a 合计 label and other rows' cells on one line", no,
                                     b.title)
                pending = (no, found)
                cols = [j for j, _ in found] + [width]
                same = [[c for c in row[s + 1:e] if c] for s, e in
                        pairwise(cols)]
                if all(not v for v in same):
                    continue
                if not all(len(v) == na and all(map(_is_decimal, v)) for v in same):
                    raise self.error("cannot pair the 合计 labels with their amounts", no,
                                     b.title)
                amounts = [a for v in same for a in v]
            elif pending is not None:
                amounts = [c for c in row if c]
                if (len(amounts) != na * len(pending[1])
                        or not all(map(_is_decimal, amounts))):
                    raise self.error(f"{len(pending[1])} 合计 labels (line {pending[0]}) but "
                                     f"this line holds {amounts!r}", no, b.title)
                if no != pending[0]:
                    notes.append(f"The 合计 labels (line {pending[0]}) and their amounts "
                                 f"(line {no}) are printed on separate lines; they are "
                                 "paired in order.")
            else:
                self._economic_row(b, no, row, bounds, bw, labels, blocks)
                continue
            for t, (j, label) in enumerate(pending[1]):
                k = max(i for i, s in enumerate(starts) if s <= j)
                totals.append((no, (labels[k], "", label, *amounts[t * na:(t + 1) * na])))
            pending = None
        if pending is not None:
            raise self.error("合计 labels without amounts", pending[0], b.title)
        if len(starts) > 1:
            notes.append(f"The table prints {len(starts)} side-by-side "
                         f"{'/'.join(shape)} blocks; rows are listed block by block.")
        rows = tuple(r for blk in blocks for r in blk) + tuple(totals)
        return ("区块", *shape), rows

    def _economic_row(self, b: _Block, no: int, row: list[str], bounds: list[int], bw: int,
                      labels: list[str], blocks: list[list[Row]]) -> None:
        """Add one grid row's code/name/amount triples to their blocks."""
        for k, s in enumerate(bounds[:-1]):
            part = row[s:s + bw]
            if not any(part):
                continue
            code, name, values = part[0], part[1], part[2:]
            if code and not _CODE_RE.match(code):
                raise self.error(f"{code!r} in a 科目代码 column is not a code", no, b.title)
            if not name:
                raise self.error(f"科目代码 {code!r} without a 科目名称", no, b.title)
            for v in values:
                if v and not _AMOUNT_CELL_RE.match(v):
                    raise self.error(f"{v!r} is not an amount", no, b.title)
            blocks[k].append((no, (labels[k], *part)))

    # -- 三公 table (09) ------------------------------------------------------------------

    def _sangong(self, b: _Block, header: list[Row], data: list[Row],
                 notes: list[str]) -> tuple[tuple[str, ...], tuple[Row, ...]]:
        labels: list[str] = []
        named: list[Row] = []
        for no, cells in header:
            filled = [_norm_header(c) for c in cells if c]
            if _is_lanci(cells):
                continue
            if filled and not labels and all(c.endswith(("预算数", "决算数")) for c in filled):
                labels = filled
            else:
                named.append((no, cells))
        if not labels or not named:
            raise self.error("no 预算数/决算数 header above the 三公 table", b.title_line,
                             b.title)
        hline = named[-1][0]
        top = named[0][1]
        width = len(_trim(top))
        names: list[str] = []
        parent = ""
        for j in range(width):
            if top[j]:
                parent = _norm_header(top[j])
            leaf = ""
            for _, cells in named[1:]:
                if j < len(cells) and cells[j]:
                    leaf = _norm_header(cells[j])
            if not leaf:
                if not top[j]:
                    raise self.error(f"column {j + 1} of the 三公 header has no name", hline,
                                     b.title)
                leaf = parent
            elif leaf == "小计":
                leaf = parent + "小计"
            names.append(leaf)
        inside = {_norm_header(c) for _, cells in named[1:] for c in cells[:width] if c}
        beyond = [_norm_header(c) for _, cells in named[1:] for c in cells[width:] if c]
        if beyond:
            if not set(beyond) <= inside:
                raise self.error(f"header text {beyond!r} beyond the {width} columns", hline,
                                 b.title)
            notes.append(f"The sub-header line repeats {'/'.join(beyond)} beyond the "
                         f"{width} columns; the repetition is ignored.")
        if width % len(labels):
            raise self.error(f"{width} columns do not split into {len(labels)} blocks "
                             f"({'/'.join(labels)})", hline, b.title)
        bw = width // len(labels)
        blocks = [tuple(names[k * bw:(k + 1) * bw]) for k in range(len(labels))]
        if any(blk != blocks[0] for blk in blocks):
            raise self.error(f"the {'/'.join(labels)} blocks have different columns: "
                             f"{blocks}", hline, b.title)
        rows: list[Row] = []
        for no, cells in data:
            row = list(_trim(cells))
            k = 0
            while k < len(row) and row[k] == str(k + 1) and not _is_decimal(row[k]):
                k += 1
            if k:
                if k != width:
                    raise self.error(f"{k} column numbers for {width} columns", no, b.title)
                notes.append(f"The 栏次 numbers 1–{width} and the values are printed on one "
                             "line.")
                row = row[k:]
            for v in row:
                if v and not _AMOUNT_CELL_RE.match(v):
                    raise self.error(f"{v!r} is not an amount", no, b.title)
            if len(row) > width:
                extra = len(row) - width
                if len(set(row)) != 1:
                    raise self.error(f"{len(row)} values for {width} columns ({extra} extra) "
                                     "and the values differ: cannot tell which is extra",
                                     no, b.title)
                notes.append(f"Found {len(row)} values for {width} columns ({extra} extra "
                             f"value{'s' if extra > 1 else ''}); all values were {row[0]}, "
                             f"so {row[0]} is written in all {width} cells.")
                row = row[:width]
            elif len(row) < width:
                if any(row):
                    raise self.error(f"{len(row)} values for {width} columns", no, b.title)
                row = row + [""] * (width - len(row))
            for k2, label in enumerate(labels):
                rows.append((no, (label, *row[k2 * bw:(k2 + 1) * bw])))
        return ("区块", *blocks[0]), tuple(rows)


def parse_report_text(text: str, *, name: str = "<text>") -> RawReport:
    r"""Read a report from seed-style text (see the module docstring).

    Raises :class:`~govaccts.errors.ReportReadError` (with the file and line) on text
    that cannot be read without guessing.

    ``name`` is the file name used in error locations and as ``source``.

    >>> parse_report_text("目录\n- 一、收入支出决算总表\n", name="toc.txt")
    Traceback (most recent call last):
    ...
    govaccts.errors.ReportReadError: toc.txt: no public table found ...
    """
    return _Reader(text, name).read()


def read_report_text(path_or_text: str | Path, *, encoding: str | None = None,
                     name: str | None = None) -> RawReport:
    """Read a report from a seed-style text file (UTF-8, UTF-8 with BOM, or GBK/GB18030).

    ``path_or_text`` is the path of the file.  A ``str`` given together with ``name``
    is the text itself (prefer :func:`parse_report_text` for that); ``encoding``
    forces the file's encoding.

    >>> from govaccts.io.folders import read_report_folder
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
