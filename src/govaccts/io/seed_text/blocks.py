"""The lines of one table, sorted: metadata cells, text above the grid, the grid, notes.

A table runs from its title to the next title or ``第…部分`` heading.  Its ``公开NN表``,
``金额单位`` and ``部门`` cells are metadata; its first run of tab-separated lines is the
grid; plain lines before the grid are kept as ``before``, those after it as ``after``
(a 合计 or code printed alone on a line inside the grid is a grid row).

>>> from govaccts.reports.kinds import report_kind
>>> spec = report_kind("部门决算").spec("公开02")
>>> lines = ["收入决算表", "公开02表", "金额单位：万元", "项目\\t本年收入合计", "合计\\t1.50",
...          "说明：本表无数据。"]
>>> b = cut_block(lines, 0, len(lines), spec, None, "t.txt")
>>> b.marker, b.unit, b.grid, b.after
('公开02', '万元', [(4, ('项目', '本年收入合计')), (5, ('合计', '1.50'))], [(6, '说明：本表无数据。')])
>>> split_grid(b)[0]
[(4, ('项目', '本年收入合计'))]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from govaccts.errors import Location, ReportReadError
from govaccts.io.seed_text.cells import (
    CODE_NAME_RE,
    CODE_RE,
    MARKER_RE,
    SPACE_RE,
    Row,
    is_decimal,
    is_total,
    looks_like_data,
    marker_id,
)
from govaccts.reports.spec import Layout, TableSpec

__all__ = ["Block", "Part", "cut_block", "split_grid"]

Part = tuple[str, tuple[str, ...], tuple[Row, ...]]
"""One table a grid is read into: its part (a statement's side, else ``""``), its
header and its rows."""

_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|千万元|百万元|万元|千元|元)(?![\w])")
_DEPT_RE = re.compile(
    r"^(?:编制|填报)?(?:部门|单位)(?:（单位）|\(单位\))?(?:名称)?\s*[:：]\s*(\S.*)$")


@attrs.define
class Block:
    """The lines of one table, sorted into metadata, grid and surrounding text."""

    spec: TableSpec
    title: str
    title_line: int
    file: str
    marker: str | None = None
    unit: str | None = None
    departments: list[str] = attrs.Factory(list)
    before: list[tuple[int, str]] = attrs.Factory(list)
    grid: list[Row] = attrs.Factory(list)
    after: list[tuple[int, str]] = attrs.Factory(list)

    def error(self, message: str, line: int | None) -> ReportReadError:
        """An error in this table at ``line`` of the text."""
        return ReportReadError(message, location=Location(file=self.file, line=line,
                                                          table=self.title))


def cut_block(lines: Sequence[str], start: int, end: int, spec: TableSpec,
              marker: str | None, file: str) -> Block:
    """The table titled at index ``start``, its lines up to index ``end`` sorted."""
    b = Block(spec=spec, title=lines[start].strip(), title_line=start + 1, file=file,
              marker=marker)
    if marker is not None:  # keep the printed title without its label
        b.title = MARKER_RE.sub("", b.title).strip()
    state = "before"
    for i in range(start + 1, end):
        raw = lines[i]
        no = i + 1
        if not raw.strip():
            continue
        if "\t" not in raw and raw.strip().startswith(("注", "说明")):
            cells = [raw.strip()]  # printed notes keep their 单位 etc.
        else:
            cells = [_take_metadata(b, c) for c in raw.split("\t")]
        if not any(cells):
            continue
        if "\t" not in raw:
            text = cells[0]
            if state == "grid" and (is_total(text) or CODE_NAME_RE.match(text)
                                    or CODE_RE.match(text)):
                b.grid.append((no, (text,)))
            elif state == "before":
                b.before.append((no, text))
            else:
                state = "after"
                b.after.append((no, text))
            continue
        if state == "after":
            raise b.error("table rows continue after the notes below the table", no)
        state = "grid"
        b.grid.append((no, tuple(cells)))
    if not b.grid:
        raise b.error("table title without table rows", b.title_line)
    return b


def _take_metadata(b: Block, cell: str) -> str:
    """A cell with its 公开NN表 / 金额单位 / 部门 text taken into the block."""
    rest = cell.strip()
    m = _UNIT_RE.search(rest)
    if m:
        b.unit = b.unit or m.group(1)
        rest = (rest[:m.start()] + rest[m.end():]).strip()
    m = MARKER_RE.search(rest)
    if m and SPACE_RE.sub("", rest) == SPACE_RE.sub("", m.group(0)):
        b.marker = b.marker or marker_id(m.group(1))
        rest = ""
    m = _DEPT_RE.match(rest)
    if m:
        b.departments.append(m.group(1).strip())
        rest = ""
    return rest


def split_grid(b: Block) -> tuple[list[Row], list[Row]]:
    """Header rows and data rows: data starts at the first row that looks like data.

    The 三公 header has a 合计 column, so there only a row holding an amount counts.
    """
    for i, (_, cells) in enumerate(b.grid):
        if (any(is_decimal(c) for c in cells) if b.spec.layout is Layout.SANGONG
                else looks_like_data(cells)):
            return b.grid[:i], b.grid[i:]
    return b.grid, []
