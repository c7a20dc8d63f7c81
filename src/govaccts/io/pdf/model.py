"""The neutral model of a PDF report as printed: words, lines, tables, prose.

Positions are integers in tenths of a PDF point (1/720 inch), measured from the
top-left corner of the page as displayed (page rotation applied).  Amounts are
kept as the printed strings; nothing here is ever a float.

>>> cell = PdfCell(text="1,234.50", page=3, line=7, x0=4000, x1=4480)
>>> PdfRow(code="2010101", name="行政运行", cells=(None, cell), page=3, line=7).amounts()
('1,234.50',)
"""

from __future__ import annotations

import attrs


@attrs.frozen
class PdfWord:
    """A run of characters without a visible gap, on one line."""

    text: str
    x0: int
    x1: int
    top: int
    bottom: int

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)


@attrs.frozen
class PdfLine:
    """Words sharing a baseline on one page; ``line`` counts from 1 per page."""

    page: int
    line: int
    words: tuple[PdfWord, ...]
    top: int
    bottom: int

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def x0(self) -> int:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> int:
        return max(w.x1 for w in self.words)

    @property
    def mid(self) -> int:
        return (self.top + self.bottom) // 2


@attrs.frozen
class ProseLine:
    """A line outside every table, in reading order."""

    page: int
    line: int
    text: str


@attrs.frozen
class PdfCell:
    """The printed text of one cell (words of one line falling in one column)."""

    text: str
    page: int
    line: int
    x0: int
    x1: int


@attrs.frozen
class PdfRow:
    """One printed data row.

    ``code`` is the joined 类/款/项 code (``"2010101"``) however it was printed
    (one cell, spaced, or in three columns, whose printed parts are ``code_parts``);
    ``name`` has wrapped lines rejoined; ``cells`` align with the table's columns
    (the code and name columns included), ``None`` where nothing is printed.
    ``indent`` is the name's indentation in characters (whole-government tables
    show the hierarchy that way).
    """

    code: str | None
    name: str
    cells: tuple[PdfCell | None, ...]
    page: int
    line: int
    code_parts: tuple[str, ...] | None = None
    indent: int = 0

    def texts(self) -> tuple[str, ...]:
        """Every cell's text, ``""`` for a blank cell."""
        return tuple("" if c is None else c.text for c in self.cells)

    def amounts(self) -> tuple[str, ...]:
        """The texts of the non-blank cells that are not the code or name."""
        return tuple(c.text for c in self.cells if c is not None and c.text
                     and c.text != self.name and not _is_code_text(c.text))


@attrs.frozen
class PdfTable:
    """A table found by its printed title, merged over the pages it runs on."""

    title: str
    pages: tuple[int, ...]
    unit: str | None
    header_rows: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    rows: tuple[PdfRow, ...]
    warnings: tuple[str, ...] = ()
    label: str | None = None
    name_column: int | None = None
    code_columns: tuple[int, ...] = ()
    meta: tuple[str, ...] = ()  # the lines between title and header: 部门名称：… 单位：万元
    columns_uncertain: bool = False
    """The header numbers more amount columns (「1 2 3 4 5 6」) than were read: columns no
    row fills were lost, so a column's name may sit over another's figures."""

    def row(self, code: str) -> PdfRow:
        """The first row with that code (``KeyError`` when none)."""
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)


@attrs.frozen
class PdfDocument:
    """Everything read from one PDF."""

    path: str
    pages: int
    title: str | None
    issuer: str | None
    year: int | None
    kind: str | None
    tables: tuple[PdfTable, ...]
    prose: tuple[ProseLine, ...]
    table_like_titles_seen: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    """What the reader left out of the document as a whole, and why (text outside the
    visible page)."""

    def table(self, title_part: str) -> PdfTable:
        """The first table whose title contains ``title_part`` (``KeyError`` when none)."""
        for t in self.tables:
            if title_part in t.title:
                return t
        raise KeyError(title_part)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_words(words: tuple[PdfWord, ...] | list[PdfWord]) -> str:
    """Join words of one line: a space between Latin/digit runs or across a wide gap.

    >>> join_words([PdfWord("2019", 0, 200, 0, 100), PdfWord("年度", 230, 430, 0, 100)])
    '2019 年度'
    >>> join_words([PdfWord("合", 0, 100, 0, 100), PdfWord("计", 150, 250, 0, 100)])
    '合计'
    """
    out = ""
    prev: PdfWord | None = None
    for w in words:
        if prev is not None:
            gap = w.x0 - prev.x1
            if (_is_ascii_alnum(prev.text[-1]) or _is_ascii_alnum(w.text[0])
                    or gap > 2 * max(prev.height, w.height)):
                out += " "
        out += w.text
        prev = w
    return out


def _is_code_text(text: str) -> bool:
    t = text.strip("[]【】 ")
    return t.isdigit() and len(t) in (2, 3, 5, 7)
