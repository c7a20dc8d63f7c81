"""Read a whole PDF: pages to lines, lines to tables (found by their titles) and prose."""

from __future__ import annotations

import os
import re

from govaccts.io.pdf.classify import (
    CODE_RE,
    LABEL_RE,
    data_strength,
    find_unit,
    is_column_numbers,
    is_continuation_marker,
    is_folio,
    is_meta,
    is_note,
    is_strong_amount,
    label_only,
    same_title,
    split_title,
    squash,
)
from govaccts.io.pdf.errors import ScannedPdfError
from govaccts.io.pdf.extract import open_pages
from govaccts.io.pdf.lines import page_lines
from govaccts.io.pdf.model import PdfDocument, PdfLine, PdfTable, ProseLine
from govaccts.io.pdf.tables import ENUM_RE, TableLines, build_table

LOOKAHEAD = 12  # lines after a title in which a table must show its header or rows
MIN_TEXT_CHARS = 20  # a page with fewer characters has no usable text layer


def read_pdf(path: str | os.PathLike[str]) -> PdfDocument:
    """Read a published report: tables by their titles, every other line as prose.

    Raises :class:`~govaccts.io.pdf.errors.PdfReadError` (a
    :class:`govaccts.errors.ReportReadError`) for a missing, corrupt, encrypted or
    scanned file, and when the PDF library is not installed.
    """
    spath = os.fspath(path)
    n, raw_pages = open_pages(spath)
    pages: list[tuple[int, list[PdfLine]]] = []
    text_pages = 0
    warnings: list[str] = []
    for raw in raw_pages:
        if len(raw.chars) >= MIN_TEXT_CHARS:
            text_pages += 1
        if raw.hidden:
            warnings.append(f"page {raw.number}: {raw.hidden} characters drawn outside the "
                            "visible page (not printed) left out")
        pages.append((raw.width, page_lines(raw)))
    if n and text_pages == 0:
        raise ScannedPdfError(spath, n)
    reader = _Reader()
    for k, (width, lines) in enumerate(pages):
        reader.page(lines, width, pages[k + 1][1] if k + 1 < len(pages) else [])
    reader.close()
    title, issuer, year, kind = cover_facts([ln for _, lines in pages[:3] for ln in lines])
    return PdfDocument(path=spath, pages=n, title=title, issuer=issuer, year=year, kind=kind,
                       tables=tuple(reader.tables), prose=tuple(reader.prose),
                       table_like_titles_seen=tuple(reader.titles_seen), warnings=tuple(warnings))


class _Reader:
    def __init__(self) -> None:
        self.tables: list[PdfTable] = []
        self.prose: list[ProseLine] = []
        self.titles_seen: list[str] = []
        self.open: TableLines | None = None
        self.in_body = False
        self.suspended = False
        self.width = 0
        self.following: list[PdfLine] = []

    # -- pages ------------------------------------------------------------------------
    def page(self, lines: list[PdfLine], width: int, following: list[PdfLine]) -> None:
        """Read one page's lines (``following`` are the next page's: a title at the foot
        of a page may have its table on the next)."""
        self.width = width
        self.following = [ln for ln in following if not is_folio(ln)]
        self.suspended = False
        i = 0
        if self.open is not None and self.in_body:
            k = self._continuation_start(lines)
            if k is None:
                self.close()
            else:
                for ln in lines[:k]:
                    self._repeat(ln)
                i = k
        while i < len(lines):
            i = self._step(lines, i)

    def close(self) -> None:
        if self.open is not None:
            self.tables.append(build_table(self.open))
        self.open = None
        self.in_body = False
        self.suspended = False

    def _prose(self, ln: PdfLine) -> None:
        self.prose.append(ProseLine(ln.page, ln.line, ln.text))

    # -- titles -----------------------------------------------------------------------
    def _title_at(self, lines: list[PdfLine], i: int) -> tuple[str | None, str, int] | None:
        """(label, title, lines used) when a title starts at line i."""
        ln = lines[i]
        lab = label_only(ln.text)
        if lab and i + 1 < len(lines):
            nxt = lines[i + 1]
            st = split_title(nxt.text)
            if st and st[0] is None:
                return lab, st[1], 2
            if st is None and i + 2 < len(lines) and len(lines[i + 2].words) <= 2:
                st3 = split_title(nxt.text + lines[i + 2].text)  # 表66 / 2023年…起步区 / …项目表
                if st3 and st3[0] is None and data_strength(nxt) == 0:
                    return lab, st3[1], 3
            # 表21 over a centred line that does not end in 表
            if (st is None and len(nxt.words) <= 2 and 4 <= len(squash(nxt.text)) <= 45
                    and self._centred(nxt) and data_strength(nxt) == 0 and not is_meta(nxt)
                    and "。" not in nxt.text):
                return lab, squash(nxt.text).lstrip("—–－-"), 2
        st = split_title(ln.text)
        if st is None and i + 1 < len(lines) and squash(lines[i + 1].text) == "表" \
                and len(ln.words) <= 2:  # a title whose last character wrapped: …支出预算 / 表
            st2 = split_title(ln.text + "表")
            if st2 is not None and self._centred(lines[i + 1]):
                return st2[0], st2[1], 2
        if st is None and i + 1 < len(lines) and LABEL_RE.match(ln.text.strip().lstrip("—–－- ")):
            # a long title wrapped over two lines: 公开09表：一般公共预算“三公”经费… / 支出预算表
            nxt = lines[i + 1]
            if len(nxt.words) <= 2 and len(squash(nxt.text)) <= 20 and data_strength(nxt) == 0:
                st2 = split_title(ln.text + nxt.text)
                if st2 is not None and st2[0] is not None:
                    return st2[0], st2[1], 2
        if st is None or len(ln.words) > 4:
            return None
        return st[0], st[1], 1

    def _centred(self, ln: PdfLine) -> bool:
        return abs((ln.x0 + ln.x1) / 2 - self.width / 2) < 0.15 * self.width

    def _step(self, lines: list[PdfLine], i: int) -> int:
        ln = lines[i]
        found = self._title_at(lines, i)
        if found is not None:
            label, title, used = found
            title_lines = lines[i:i + used]
            j = i + used
            if self._table_starts([ln for ln in lines[j:] if not is_folio(ln)] + self.following):
                above = self._title_head(lines, i)
                if above is not None:  # the first line of a title wrapped over two
                    title = squash(above.text) + title
                    title_lines.insert(0, above)
                    self.prose.pop()
                self.titles_seen.append(title)
                self.close()
                self.open = TableLines(title=title, label=label, title_lines=list(title_lines))
                return j
            if label or self._centred(title_lines[-1]):
                self.titles_seen.append(title)
        if self.open is not None and not self.suspended:
            if self._feed(ln):
                return i + 1
            self.close()
        self._prose(ln)
        return i + 1

    def _title_head(self, lines: list[PdfLine], i: int) -> PdfLine | None:
        """The line above a title when it is the title's first half: just above, centred,
        short, no amounts, and the last line taken as prose."""
        if i == 0 or not self.prose or self.open is not None:
            return None
        ln, title = lines[i - 1], lines[i]
        last = self.prose[-1]
        if (last.page, last.line) != (ln.page, ln.line) or self._title_at(lines, i - 1):
            return None
        gap = title.top - ln.bottom
        if (self._centred(ln) and len(squash(ln.text)) <= 30 and data_strength(ln) == 0
                and not is_meta(ln) and not is_folio(ln) and label_only(ln.text) is None
                and not self._prose_like(ln) and 0 <= gap < 1.0 * (ln.bottom - ln.top)
                and not ln.text.strip().endswith(("表", "）", ")"))):
            return ln
        return None

    def _table_starts(self, window: list[PdfLine]) -> bool:
        meta = header = 0
        for k, ln in enumerate(window[:LOOKAHEAD]):
            if self._title_at(window, k) is not None:
                break
            if is_meta(ln) or (find_unit(ln.text) and len(ln.words) <= 3):
                meta += 1
                continue
            s = data_strength(ln)
            if s == 2 or (s == 1 and header):
                return True
            if is_note(ln) or self._prose_like(ln):
                break
            header += 1
        return meta > 0 and header > 0

    def _prose_like(self, ln: PdfLine) -> bool:
        t = ln.text
        return (any(p in t for p in "。，；") or (len(ln.words) == 1 and len(t) > 25 and ln.x1 - ln.x0 > 0.5 * self.width))

    # -- table lines ------------------------------------------------------------------
    def _feed(self, ln: PdfLine) -> bool:
        t = self.open
        assert t is not None
        if is_folio(ln) and not self._row_code(ln) and not self._inside_rows(ln):
            self._prose(ln)
            return True
        if not self.in_body:
            if is_meta(ln) or (find_unit(ln.text) and len(ln.words) <= 3 and not t.header):
                t.meta.append(ln)
                return True
            if not t.header and not t.meta and re.fullmatch(r"[（(].*[)）]", ln.text.strip()):
                t.title_lines.append(ln)  # a subtitle such as （按功能分类）
                t.title += squash(ln.text)
                return True
            s = data_strength(ln)
            if s == 2 or (s == 1 and t.header):
                self.in_body = True
                t.body.append(ln)
                t.data.add((ln.page, ln.line))
                return True
            if is_note(ln) or self._prose_like(ln):
                return False
            t.header.append(ln)
            return True
        if is_note(ln):
            return self._suspend(ln)
        if (self._prose_like(ln) and not CODE_RE.match(ln.words[0].text)) or self._taller(ln):
            return self._suspend(ln)  # a sentence quoting amounts is prose, not a row
        if data_strength(ln) >= 1:
            t.body.append(ln)
            t.data.add((ln.page, ln.line))
            return True
        if is_column_numbers(ln):
            return True  # the column numbers repeated
        last = t.body[-1]
        height = max(1, ln.bottom - ln.top)
        gap = ln.top - last.bottom if last.page == ln.page else 0
        inside = (ln.x0 >= min(b.x0 for b in t.body) - height
                  and ln.x1 <= max(b.x1 for b in t.body) + height)
        if self._prose_like(ln) or gap > 6 * height or (gap > 2.5 * height and not inside):
            return self._suspend(ln)
        t.body.append(ln)
        return True

    def _inside_rows(self, ln: PdfLine) -> bool:
        """A lone number printed on the rows' lines (a cell a little off the baseline of
        its row), not a page number: it overlaps the last row vertically."""
        t = self.open
        if t is None or not t.body or not self.in_body:
            return False
        last = t.body[-1]
        return last.page == ln.page and ln.top < last.bottom and last.top < ln.bottom

    def _row_code(self, ln: PdfLine) -> bool:
        """A lone code in the table's code column (a tall cell's code on a line of its
        own), not a page number."""
        t = self.open
        return (t is not None and bool(t.body) and len(ln.words) == 1
                and CODE_RE.match(ln.words[0].text) is not None
                and abs(ln.x0 - min(b.x0 for b in t.body)) < 2 * (ln.bottom - ln.top))

    def _taller(self, ln: PdfLine) -> bool:
        """A line in a larger type than the table's rows (a heading, the narrative)."""
        t = self.open
        assert t is not None
        rows = sorted(b.bottom - b.top for b in t.body[-30:])
        if not rows or ln.bottom - ln.top <= 1.4 * rows[len(rows) // 2]:
            return False
        # a total row in bold type is a row: amounts and no unit words in it
        amounts = any(is_strong_amount(w.text) for w in ln.words)
        return not amounts or any("元" in w.text for w in ln.words)

    def _suspend(self, ln: PdfLine) -> bool:
        """A note or a far line under the rows: prose; the table may go on next page."""
        self.suspended = True
        self._prose(ln)
        return True

    def _continuation_start(self, lines: list[PdfLine]) -> int | None:
        t = self.open
        assert t is not None
        known = {squash(h.text) for h in t.header}
        saw_header = False
        unknown = 0  # lines looked at that are no repeated title, header or meta
        for k, ln in enumerate(lines):
            if unknown >= LOOKAHEAD:
                break
            if is_folio(ln) or is_continuation_marker(ln.text) or is_meta(ln) or is_column_numbers(ln):
                continue
            if squash(ln.text) in known:
                saw_header = True  # the header printed again: whole numbers are rows too
                continue
            found = self._title_at(lines, k)
            if found is not None:
                if same_title(t.title, found[1]):
                    continue
                return None
            unknown += 1
            if is_note(ln) or self._prose_like(ln) or self._taller(ln):
                return None  # prose (with amounts in it, as a narrative has) ends the table
            s = data_strength(ln)
            if s == 2 or (s == 1 and saw_header):
                return k
            if s == 0 and self._outline_goes_on(lines, k):
                return k
        return None

    def _outline_goes_on(self, lines: list[PdfLine], k: int) -> bool:
        """Line k continues the open table's numbered labels (``九、…``): printed where
        its labels with ordinals start, and a data row follows on the page before any
        prose (a tall outline whose first rows on the page have no amounts)."""
        t = self.open
        assert t is not None
        starts = [w.x0 for b in t.body for w in b.words[:3] if ENUM_RE.match(w.text)]
        ln = lines[k]
        em = ln.bottom - ln.top
        if len(starts) < 3 or not any(abs(ln.words[0].x0 - x) < em for x in starts):
            return False
        for later in lines[k + 1:]:
            if is_note(later) or self._prose_like(later) or self._taller(later):
                return False
            if data_strength(later) == 2:
                return True
        return False

    def _repeat(self, ln: PdfLine) -> None:
        """A line above the continued rows: a folio (prose), a repeated title or header
        (dropped), or something else (prose, and a warning on the table)."""
        t = self.open
        assert t is not None
        if is_folio(ln):
            self._prose(ln)
            return
        known = {squash(h.text) for h in [*t.header, *t.meta, *t.title_lines]}
        known_words = {squash(w.text) for h in [*t.header, *t.meta, *t.title_lines] for w in h.words}
        s = squash(ln.text)
        if (s in known or all(squash(w.text) in known_words for w in ln.words)
                or is_continuation_marker(ln.text) or label_only(ln.text) or is_column_numbers(ln)
                or same_title(t.title, ln.text) or is_meta(ln) or split_title(ln.text)):
            return
        x0 = min((b.x0 for b in t.body), default=0)
        x1 = max((b.x1 for b in t.body), default=self.width)
        if not self._prose_like(ln) and ln.x0 >= x0 - 100 and ln.x1 <= x1 + 100:
            t.body.append(ln)  # a row without amounts, continued from the page before
            return
        t.warnings.append(f"page {ln.page} line {ln.line}: line above the continued rows kept as "
                          f"prose: {ln.text!r}")
        self._prose(ln)


_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?")
# the year a budget is for: "2024年预算", "2019年度部门预算" (not "2023年预算执行")
_YEAR_KIND_RE = re.compile(r"((?:19|20)\d{2})年度?[^\d年]{0,12}?(?:预算|决算)(?!执行)")
_KIND_RE = re.compile(r"(部门|单位|政府|总)?\s*(预\s*算|决\s*算)")


def cover_facts(lines: list[PdfLine]) -> tuple[str | None, str | None, int | None, str | None]:
    """(title, issuer, year, kind) guessed from the cover: the first lines of the first
    page with text, up to the first table title, unit line or data row."""
    lines = [ln for ln in lines if not is_folio(ln)]  # a page with only its number is no cover
    if not lines:
        return None, None, None, None
    first = lines[0].page
    cover: list[PdfLine] = []
    for ln in lines:
        if ln.page != first or len(cover) >= 8:
            break
        if is_folio(ln):
            continue
        if split_title(ln.text) or label_only(ln.text) or is_meta(ln) or data_strength(ln) == 2:
            break
        cover.append(ln)
    if not cover or squash(cover[0].text) == "目录":  # a table of contents is no cover
        return None, None, None, None
    text = squash(" ".join(ln.text for ln in cover))
    y = _YEAR_KIND_RE.search(text) or _YEAR_RE.search(text)
    k = _KIND_RE.search(text)
    kind = squash(k.group(0)) if k else None
    issuer = None
    for ln in cover:
        rest = _YEAR_RE.sub("", squash(ln.text))
        rest = _KIND_RE.sub("", rest)
        rest = re.sub(r"(公开|报告|草案|情况|执行|说明|目录|[（(][^)）]*[)）]|年度|^度|^关于)", "", rest)
        if len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 3:
            issuer = rest
            break
    return text or None, issuer, int(y.group(1)) if y else None, kind
