"""One table's printed lines to a :class:`PdfTable`: columns, header, rows, codes, names.

The document reader (:mod:`govaccts.io.pdf.document`) decides which lines belong to a
table; a :class:`TableLines` collects them and :func:`build_table` lays them out.
"""

from __future__ import annotations

import itertools
import re
import statistics

import attrs

from govaccts.io.pdf.classify import (
    CODE_HEADER_WORDS,
    CODE_PREFIX_RE,
    data_strength,
    find_unit,
    has_cjk,
    is_amount,
    is_code,
    is_column_numbers,
    squash,
)
from govaccts.io.pdf.columns import (
    assign,
    build_intervals,
    cell_words,
    fund_groups,
    header_names,
    join_spaced_headers,
    join_split_text_columns,
    pair_header_columns,
    spanning_words,
    split_mixed,
)
from govaccts.io.pdf.model import PdfCell, PdfLine, PdfRow, PdfTable, PdfWord
from govaccts.io.pdf.repair import join_code_lines, join_offset_amounts, line_pitch

HEADER_WORDS = frozenset({"项目", "项目名称", "金额", "科目名称", "科目编码", "科目代码", "功能科目名称",
                          "功能科目编码", "预算数", "决算数", "名称", "单位名称", "合计"})
"""Words that name a column: a line holding one is a header line, never a row."""


@attrs.define
class TableLines:
    """The lines of one table as the document reader hands them over."""

    title: str
    label: str | None
    title_lines: list[PdfLine]
    meta: list[PdfLine] = attrs.Factory(list)
    header: list[PdfLine] = attrs.Factory(list)
    body: list[PdfLine] = attrs.Factory(list)  # data rows and text lines, print order
    data: set[tuple[int, int]] = attrs.Factory(set)  # (page, line) of the data rows
    warnings: list[str] = attrs.Factory(list)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({ln.page for ln in [*self.title_lines, *self.header, *self.body]}))


@attrs.define
class _Row:
    line: PdfLine
    cells: list[list[PdfWord]]
    above: dict[int, list[str]] = attrs.Factory(dict)  # wrapped text by column
    below: dict[int, list[str]] = attrs.Factory(dict)


def _key(line: PdfLine) -> tuple[int, int]:
    return (line.page, line.line)


TOTAL_RE = re.compile(r"(?:合计|小计|总计)$|结转|结余")
ENUM_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d)|其中)")


def _names_x0(t: TableLines) -> tuple[int, int] | None:
    """Left edge of the row names and the width of a character, from the data rows."""
    xs: list[int] = []
    ems: list[float] = []
    for ln in t.body:
        if (ln.page, ln.line) in t.data:
            w = next((w for w in ln.words if has_cjk(w.text)), None)
            if w is not None:
                xs.append(w.x0)
                ems.append((w.x1 - w.x0) / max(1, len(w.text)))
    if not xs:
        return None
    return min(xs), int(statistics.median(ems))


def _header_rows_that_are_rows(t: TableLines) -> None:
    """Header lines just above the first data row that are printed like rows (enumerated,
    or left-aligned with the row names) are name-only rows, not header."""
    names = _names_x0(t)
    if names is None or not t.body:
        return
    x0, em = names
    moved: list[PdfLine] = []
    while t.header:
        ln = t.header[-1]
        txt = ln.text.strip()
        if ln.page != t.body[0].page or data_strength(ln):
            break
        if not (ENUM_RE.match(txt) or (abs(ln.x0 - x0) <= em // 2 and len(squash(txt)) > 4)):
            break
        if any(squash(w.text) in HEADER_WORDS for w in ln.words):
            break
        if ln.x0 > x0 + 6 * em:
            break
        moved.insert(0, t.header.pop())
    t.body[:0] = moved


def _pitch(lines: list[PdfLine], data: set[tuple[int, int]]) -> float:  # float-ok: page geometry, not an amount
    """The usual distance between consecutive data rows of one page (rows printed next
    to each other; when no two are, between data rows however far apart)."""
    d = [b.mid - a.mid for a, b in itertools.pairwise(lines)
         if a.page == b.page and (a.page, a.line) in data and (b.page, b.line) in data]
    if not d:  # no two data rows next to each other: tall rows, each over several lines
        rows = [ln for ln in lines if (ln.page, ln.line) in data]
        d = [b.mid - a.mid for a, b in itertools.pairwise(rows) if a.page == b.page]
    return float(statistics.median(d)) if d else 0.0  # float-ok: page geometry


def build_table(t: TableLines) -> PdfTable:
    t.body, t.data = join_offset_amounts(t.body, t.data)
    t.body, t.data = join_code_lines(t.body, t.data)
    _header_rows_that_are_rows(t)
    warnings = list(t.warnings)
    data_words: dict[tuple[int, int], list[PdfWord]] = {}
    code_header: list[PdfWord] = []
    for ln in t.body:
        ws = cell_words(ln)
        if _key(ln) in t.data:
            kept = [w for w in ws if w.text not in CODE_HEADER_WORDS]
            code_header.extend(w for w in ws if w.text in CODE_HEADER_WORDS)
            ws = kept
        data_words[_key(ln)] = ws
    data_lines = [ln for ln in t.body if _key(ln) in t.data]
    text_lines = [ln for ln in t.body if _key(ln) not in t.data]
    coded = [data_words[_key(ln)] for ln in data_lines
             if data_words[_key(ln)] and _leading_code(data_words[_key(ln)][0].text)]
    anchor = coded if len(coded) >= 2 else [data_words[_key(ln)] for ln in data_lines]
    others = [data_words[_key(ln)] for ln in data_lines] + [data_words[_key(ln)] for ln in text_lines]
    header_words = [cell_words(h) for h in t.header if not is_column_numbers(h)]
    if code_header:
        header_words.append(code_header)
    ivs = build_intervals(anchor, list(reversed(spanning_words(header_words, others))) + others)
    ivs = pair_header_columns(ivs, others, header_words)
    ivs = split_mixed(ivs, [data_words[_key(ln)] for ln in data_lines])
    ivs = join_spaced_headers(ivs, header_words, others)
    ivs = join_split_text_columns(ivs, header_words, others)
    ncol = len(ivs)

    def cells_of(ws: list[PdfWord]) -> list[list[PdfWord]]:
        cells: list[list[PdfWord]] = [[] for _ in range(ncol)]
        for w in ws:
            cells[assign(w, ivs)].append(w)
        return cells

    # which column holds the names, which the codes
    cjk = [0] * ncol
    digits = [0] * ncol
    for ln in data_lines:
        for i, ws in enumerate(cells_of(data_words[_key(ln)])):
            txt = "".join(w.text for w in ws)
            if txt and has_cjk(txt):
                cjk[i] += 1
            elif txt and txt.replace(" ", "").isdigit() and len(txt) <= 7:
                digits[i] += 1
    name_col: int | None = max(range(ncol), key=lambda i: (cjk[i], -i)) if ncol and max(cjk) else None
    code_cols: tuple[int, ...] = ()
    if name_col is not None:
        code_cols = tuple(i for i in range(name_col) if digits[i] > 0 and digits[i] >= cjk[i])
    columns = fund_groups(header_names(header_words, ivs))

    # rows, in print order; text lines wholly in text columns continue a cell's text
    rows: list[_Row] = []
    pending: list[tuple[PdfLine, dict[int, str]]] = []
    pitch = _pitch(t.body, t.data) or line_pitch(t.body)

    column_texts: dict[int, list[str]] = {}
    for ln in t.body:
        for i, ws in enumerate(cells_of(data_words[_key(ln)])):
            if ws:
                column_texts.setdefault(i, []).append(_text(ws))
    text_cols = {i for i, texts in column_texts.items()
                 if sum(has_cjk(x) for x in texts) * 2 > len(texts) and not digits[i]}
    outlined = {i for i, texts in column_texts.items()
                if sum(bool(ENUM_RE.match(x)) for x in texts) >= 0.7 * len(texts) >= 3}

    def continues(k: int, i: int, text: str) -> bool:
        """Text in column i of line k continues a cell: a fragment, an unnumbered text
        in a column of numbered labels (一、… 二、…), or a label whose cell on the data
        line next to it is blank (a two-line cell centred on it)."""
        if _is_fragment(t.body, k, pitch, text, ivs[i], t.data):
            return True
        if i in outlined and not ENUM_RE.match(text) and not TOTAL_RE.search(text):
            return True
        ln = t.body[k]
        for o in t.body[max(0, k - 1):k + 2]:
            cells = cells_of(data_words[_key(o)]) if o is not ln else []
            if (o is not ln and o.page == ln.page and _key(o) in t.data and pitch
                    and abs(o.mid - ln.mid) < 0.6 * pitch and not cells[i]
                    and not (i + 1 < ncol and any(has_cjk(w.text) for w in cells[i + 1]))):
                # (a label printed over the amount column beside is that row's own label)
                return ENUM_RE.match(text) is not None or _leading_code(text) is None
        return False

    for k, ln in enumerate(t.body):
        cells = cells_of(data_words[_key(ln)])
        filled = [i for i, c in enumerate(cells) if c]
        if not filled:
            continue
        if (_key(ln) not in t.data and set(filled) <= text_cols
                and all(continues(k, i, _text(cells[i])) for i in filled)):
            pending.append((ln, {i: _text(cells[i]) for i in filled}))
            continue
        row = _Row(ln, cells)
        _attach(pending, rows, row)
        pending = []
        rows.append(row)
    _attach(pending, rows, None)
    if pending and not rows:
        warnings.extend(f"page {ln.page} line {ln.line}: text without a row: {' '.join(txt.values())!r}"
                        for ln, txt in pending)

    em = _em(rows, name_col)
    name_x0 = min((r.cells[name_col][0].x0 for r in rows if name_col is not None and r.cells[name_col]),
                  default=0)
    out_rows: list[PdfRow] = []
    last_parts: tuple[str, ...] = ()
    for r in rows:
        pdf_cells: list[PdfCell | None] = []
        for i, ws in enumerate(r.cells):
            if not ws:
                pdf_cells.append(None)
                continue
            nums = [w for w in ws if is_amount(w.text)]
            if len(nums) > 1 and i != name_col and i not in code_cols:
                warnings.append(f"page {r.line.page} line {r.line.line}: {len(nums)} values in column "
                                f"{columns[i] or i!r}: {_text(ws)!r}")
            pdf_cells.append(PdfCell(_text(ws), r.line.page, r.line.line, ws[0].x0, ws[-1].x1))
        for i in set(r.above) | set(r.below):  # a wrapped cell: its lines joined
            c = pdf_cells[i]
            text = "".join([*r.above.get(i, []), c.text if c else "", *r.below.get(i, [])])
            a, b = (c.x0, c.x1) if c else ivs[i]
            pdf_cells[i] = PdfCell(text, r.line.page, r.line.line, a, b)
        name = ""
        indent = 0
        if name_col is not None and pdf_cells[name_col] is not None:
            name = pdf_cells[name_col].text  # type: ignore[union-attr]
            if r.cells[name_col]:
                indent = max(0, round((r.cells[name_col][0].x0 - name_x0) / em)) if em else 0
        code, parts, name, last_parts, note = _code(r, code_cols, name_col, name, last_parts)
        if note:
            warnings.append(f"page {r.line.page} line {r.line.line}: {note}")
        if name_col is not None and name:
            c = pdf_cells[name_col]
            if c is not None:
                pdf_cells[name_col] = attrs.evolve(c, text=name)
        out_rows.append(PdfRow(code=code, name=name, cells=tuple(pdf_cells), page=r.line.page,
                               line=r.line.line, code_parts=parts, indent=indent))

    header_rows = tuple(tuple(_text(c) for c in cells_of(cell_words(h))) for h in t.header)
    texts = " ".join(ln.text for ln in [*t.title_lines, *t.meta, *t.header])
    numbered = max((sum(w.text.isdigit() for w in h.words) for h in t.header
                    if is_column_numbers(h)), default=0)
    read = ncol - len({i for i in (name_col, *code_cols) if i is not None})
    uncertain = read < numbered
    if uncertain:
        warnings.append(f"the header numbers {numbered} columns, {read} were read: columns no "
                        "row fills are lost and a name may sit over another column's figures")
    return PdfTable(title=t.title, pages=t.pages, unit=find_unit(texts), header_rows=header_rows,
                    columns=tuple(columns), rows=tuple(out_rows), warnings=tuple(warnings),
                    label=t.label, name_column=name_col, code_columns=code_cols,
                    meta=tuple(ln.text for ln in t.meta), columns_uncertain=uncertain)


def _is_fragment(body: list[PdfLine], k: int, pitch: float, text: str,  # float-ok: page geometry
                 span: tuple[int, int] | None = None,
                 data: set[tuple[int, int]] | None = None) -> bool:
    """Whether a name-only line continues a neighbour's name (closer to it than rows are
    to each other, and not starting like a row of its own). With ``span`` (the
    column's x-extent) a text line counts as a neighbour only when it prints in that
    column: a group label centred in the column beside is no neighbour."""
    if ENUM_RE.match(text) or _leading_code(text):
        return False
    if not pitch:
        return True
    ln = body[k]
    near = [abs(o.mid - ln.mid) for o in body[max(0, k - 2):k + 3] if o is not ln and o.page == ln.page
            and (span is None or (data is not None and _key(o) in data)
                 or any(w.x0 < span[1] and span[0] < w.x1 for w in o.words))]
    return bool(near) and min(near) < 0.8 * pitch


def _text(ws: list[PdfWord]) -> str:
    out = ""
    for w in ws:
        if out and (out[-1].isascii() and w.text[0].isascii()):
            out += " "
        out += w.text
    return out


def _em(rows: list[_Row], name_col: int | None) -> float:  # float-ok: page geometry
    widths = [(w.x1 - w.x0) / len(w.text) for r in rows if name_col is not None
              for w in r.cells[name_col] if has_cjk(w.text) and len(w.text) >= 2]
    return statistics.median(widths) if widths else 0.0


def _attach(pending: list[tuple[PdfLine, dict[int, str]]], rows: list[_Row], nxt: _Row | None) -> None:
    """Give each continued text to the nearer of the row above and the row below (ties
    go to the row above: a wrapped name continues under its cell)."""
    prev = rows[-1] if rows else None
    for ln, texts in pending:
        same_prev = prev is not None and prev.line.page == ln.page
        same_next = nxt is not None and nxt.line.page == ln.page
        if prev is not None and nxt is not None and same_prev and same_next:
            to_next = nxt.line.mid - ln.mid < 0.8 * (ln.mid - prev.line.mid)
        elif same_next and nxt is not None:
            # at the top of a page: the row below, unless it is far (then the row
            # continued from the page before)
            to_next = prev is None or nxt.line.mid - ln.mid <= 1.5 * (ln.bottom - ln.top)
        else:
            to_next = prev is None
        for i, txt in texts.items():
            if to_next and nxt is not None:
                nxt.above.setdefault(i, []).append(txt)
            elif prev is not None:
                prev.below.setdefault(i, []).append(txt)


def _leading_code(text: str) -> str | None:
    if is_code(text):
        return re.sub(r"\D", "", text)
    m = CODE_PREFIX_RE.match(text)
    if m and has_cjk(text[m.end():]):
        digits = m.group(1).replace(" ", "")
        return digits if len(digits) in (3, 5, 7) else None
    return None


_PARTS = re.compile(r"^(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?$")


def _code(r: _Row, code_cols: tuple[int, ...], name_col: int | None, name: str,
          last: tuple[str, ...]) -> tuple[str | None, tuple[str, ...] | None, str, tuple[str, ...], str]:
    """(code, printed parts, name, parts to inherit from, warning) of a row."""
    if code_cols:
        printed = [_text(r.cells[i]).strip("[]【】") for i in code_cols]
        if len(code_cols) == 1 or (sum(1 for p in printed if p) == 1 and len(printed[0]) in (3, 5, 7)):
            one = next((p for p in printed if p), "")
            m = _PARTS.match(one)
            if m:
                parts = tuple(g for g in m.groups() if g)
                return "".join(parts), parts, name, parts, ""
            if one and not name:
                return None, None, one, last, ""
            if one:
                return None, None, name, last, f"not a code: {one!r}"
            return None, None, name, last, ""
        parts_l = list(printed)
        if not any(parts_l):
            return None, None, name, last, ""
        if all(p.isdigit() for p in parts_l if p):
            # fill leading blanks from the parts last printed above (as printed there)
            first = next(i for i, p in enumerate(parts_l) if p)
            if first > 0 and len(last) >= first:
                parts_l[:first] = last[:first]
            joined = [p for p in parts_l if p]
            code = "".join(joined)
            ok = (len(joined[0]) == 3 and all(len(p) == 2 for p in joined[1:])
                  and all(parts_l[: len(joined)]))
            if ok:
                return code, tuple(printed), name, tuple(parts_l[: len(joined)]), ""
            return None, tuple(printed), name, last, f"code parts do not form a code: {printed}"
        text = "".join(parts_l)
        return None, None, name or text, last, ""
    # codes printed inside the name cell: "2010101 行政运行", "[201]一般公共服务支出"
    if name:
        m = CODE_PREFIX_RE.match(name)
        if m:
            digits = m.group(1).replace(" ", "")
            if len(digits) in (3, 5, 7) and has_cjk(name[m.end():]):
                pm = _PARTS.match(digits)
                parts = tuple(p for p in pm.groups() if p) if pm else (digits,)
                return digits, parts, name[m.end():].strip(), parts, ""
    return None, None, name, last, ""
