"""One generic builder: a :class:`RawReport` of any kind → a typed :class:`Report`.

Each raw table is matched to its spec by title; the spec's layout says how its rows are
keyed (codes of which scheme and levels, or labels) and the builder types every cell.
"""

from __future__ import annotations

import re

import attrs

from govaccts.amounts import parse_amount
from govaccts.catalogs.store import CatalogStore
from govaccts.errors import AmountError, Location, ReportReadError
from govaccts.ledger.table import PAGE_ATTRIBUTE, TOTAL, LedgerTable, label_key
from govaccts.reports.kinds import report_kind, report_kinds
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.report import Report
from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["build_report", "build_table", "kind_of", "table_key"]


def kind_of(raw: RawReport) -> ReportKind:
    """The kind ``raw`` declares, or else the registered kind whose titles it matches best."""
    if raw.kind:
        try:
            return report_kind(raw.kind)
        except ReportReadError:
            raise
        except Exception:  # an unregistered name: fall back to the titles
            pass
    kinds = report_kinds()
    return max(kinds, key=lambda k: sum(k.identify(t.title) is not None for t in raw.tables))


def table_key(raw: RawTable, kind: ReportKind) -> str:
    """The key of a raw table: its spec's key (by title), else its id or title; plus part."""
    spec = kind.identify(raw.title)
    tid = spec.key if spec is not None else (raw.id or raw.title)
    return f"{tid}-{raw.part}" if raw.part else tid


def build_report(raw: RawReport, *, kind: ReportKind | str | None = None, strict: bool = False,
                 store: CatalogStore | None = None) -> Report:
    """Typed tables from a :class:`RawReport` (problems kept as data unless ``strict``).

    ``kind`` overrides the kind the reading declares; ``store`` is where codes are looked
    up (the default store unless given).
    """
    k = report_kind(kind) if isinstance(kind, str) else kind or kind_of(raw)
    tables: dict[str, LedgerTable] = {}
    by_key: dict[str, RawTable] = {}
    for rt in raw.tables:
        key = table_key(rt, k)
        if key in tables and rt.pages:  # a document repeats a table (one a sub-unit): by page
            base, n = f"{key}@p{rt.pages[0]}", 1
            key = base
            while key in tables:
                n += 1
                key = f"{base}#{n}"
        if key in tables:
            raise ReportReadError(f"table {key} appears twice",
                                  location=Location(file=rt.file or raw.source, table=key))
        spec = k.identify(rt.title)
        if spec is None and k.default_layout is not None:
            rt = attrs.evolve(rt, layout=str(k.default_layout))
        tables[key] = build_table(rt, key, raw.year, spec, strict=strict, store=store)
        by_key[key] = rt
    return Report(raw.department, raw.year, raw.unit, tables, raw.narrative, raw,
                  raw_by_key=by_key, kind=k)


def _col(header: tuple[str, ...], *names: str) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


_PERCENT_HEADER = re.compile(r"[%％]|率|比重|占比|百分比|增长(?:率)?$|增减$|完成预算$|^为(?:上年|预算)")


def is_percent_header(header: str) -> bool:
    """A column of percentages, by its header (``为预算%``, ``执行率``, ``增长%``): its
    cells are kept as text, never summed as amounts.

    >>> is_percent_header("2023年决算数占调整后预算%"), is_percent_header("执行率")
    (True, True)
    >>> is_percent_header("全年预算数"), is_percent_header("增长率"), is_percent_header("金额")
    (False, True, False)
    """
    return bool(_PERCENT_HEADER.search(header))


def _is_text_cell(text: str) -> bool:
    t = text.strip()
    if not t:
        return False
    try:
        parse_amount(t)
    except AmountError:
        return True
    return False


def _text_columns(rt: RawTable, layout: Layout, skip: set[int]) -> set[int]:
    """Columns kept as text: those of the vocabulary (行次, 备注 …), percentages, every
    column whose printed cells are all words (a 预算单位 column), and in a ``list`` table
    every column with a printed cell that is not an amount."""
    from govaccts.io.vocabulary import CODE_HEADERS, TEXT_HEADERS

    h = rt.header
    out = {i for i, c in enumerate(h) if c in TEXT_HEADERS or is_percent_header(c)}
    for i in range(len(h)):
        printed = [cells[i] for _, cells in rt.rows if i < len(cells) and cells[i].strip()]
        if layout is Layout.LIST and any(_is_text_cell(c) for c in printed):
            out.add(i)
        elif printed and all(_is_text_cell(c) for c in printed) and any(
                re.search(r"[\u4e00-\u9fff]", c) for c in printed):
            out.add(i)  # a column of names (预算单位): text in any layout, never amounts
    if layout is Layout.LIST:
        out |= {i for i, c in enumerate(h) if c in CODE_HEADERS}
    return out - skip


def _labels(rt: RawTable, li: int, layout: Layout) -> list[str]:
    """Row labels that key the rows: as printed, a fund's sub-row under its carry-over
    row (公开04 行 29–31) as ``parent:label``; in a named tree a repeated name under its
    parent by indentation; in a list a repeated label numbered (``label#2``)."""
    out: list[str] = []
    parent = ""
    seen: set[str] = set()
    stack: list[tuple[int, str]] = []  # (indent, key) of the open ancestors (named trees)
    indents = list(rt.row_indents) or [0] * len(rt.rows)
    for (_, cells), indent in zip(rt.rows, indents, strict=True):
        label = cells[li]
        k = label_key(label)
        if layout is Layout.NAMED:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if k in seen and stack:
                label = f"{stack[-1][1]}:{k}"
            stack.append((indent, label_key(label)))
        elif layout is Layout.LIST:
            pass
        elif "结转" in k or "结余" in k:
            parent = k
        elif k in seen and parent:
            label = f"{parent}:{k}"
        if layout in (Layout.LIST, Layout.NAMED) and label_key(label) in seen:
            n = 2
            while label_key(f"{label}#{n}") in seen:
                n += 1
            label = f"{label}#{n}"
        seen.add(label_key(label))
        out.append(label)
    return out


def _layout(rt: RawTable, spec: TableSpec | None) -> Layout:
    """The spec's layout (or the printed one it allows); the printed one when the spec's
    does not fit the columns printed (a coded table where labels are usual, or the
    reverse: the header decides, so a table is never refused for its template)."""
    from govaccts.io.vocabulary import CODE_HEADERS, LABEL_HEADERS, NAME_HEADERS

    printed = Layout(rt.layout)
    layout = spec.layout_for(printed) if spec is not None else printed
    if layout is Layout.LIST:
        return layout  # records: any printed columns
    coded = _col(rt.header, *CODE_HEADERS) is not None and _col(rt.header, *NAME_HEADERS) is not None
    labelled = _col(rt.header, *LABEL_HEADERS, "区块") is not None
    if layout.coded and not coded and labelled:
        return printed if not printed.coded else Layout.STATEMENT
    if not layout.coded and not labelled and coded:
        return printed if printed.coded else Layout.TREE
    return layout


def build_table(rt: RawTable, key: str, year: int | None, spec: TableSpec | None, *,
                strict: bool = False, store: CatalogStore | None = None) -> LedgerTable:
    """One typed table from a raw table, keyed as its spec's layout says.

    Text columns of the vocabulary (行次, 区块, 页 …) become row attributes; every other
    column but the code and name (or label) columns is an amount column.
    """
    from govaccts.io.vocabulary import CODE_HEADERS, LABEL_HEADERS, NAME_HEADERS

    h = rt.header
    layout = _layout(rt, spec)
    lines = [ln for ln, _ in rt.rows]
    li = None if layout.coded else _col(h, *LABEL_HEADERS, "区块")
    if li is None and layout is Layout.LIST:
        li = _col(h, *NAME_HEADERS)
    keys = {li} if li is not None else {_col(h, *CODE_HEADERS), _col(h, *NAME_HEADERS)} - {None}
    text_cols = _text_columns(rt, layout, {k for k in keys if k is not None})
    pages = list(rt.row_pages) or [None] * len(rt.rows)
    attributes = [{h[i]: cells[i] for i in sorted(text_cols)}
                  | ({PAGE_ATTRIBUTE: str(p)} if p else {})
                  for (_, cells), p in zip(rt.rows, pages, strict=True)]
    common = dict(id=key, title=rt.title, unit=rt.unit, strict=strict, file=rt.file, lines=lines,
                  store=store, attributes=attributes)
    if layout.coded:
        ci, ni = _col(h, *CODE_HEADERS), _col(h, *NAME_HEADERS)
        if ci is None or ni is None:
            raise ReportReadError(f"table {key} has no 科目代码/科目名称 columns",
                                  location=Location(file=rt.file, line=1, table=key))
        amount_cols = [c for i, c in enumerate(h) if i not in text_cols | {ci, ni}]
        rows = [(cells[ci], cells[ni] if cells[ci] or cells[ni] else TOTAL,
                 {c: cells[h.index(c)] for c in amount_cols}) for _, cells in rt.rows]
        scheme = spec.scheme_name if spec is not None else (
            "function" if layout is Layout.TREE else "dept-economic")
        levels = spec.code_levels if spec is not None else None
        return LedgerTable.build(columns=amount_cols, rows=rows, scheme=scheme, year=year,
                                 levels=levels or ((1, 2, 3) if layout is Layout.TREE else (1, 2)),
                                 **common)  # type: ignore[arg-type]
    if li is None:
        raise ReportReadError(f"table {key} has no 项目 column",
                              location=Location(file=rt.file, line=1, table=key))
    amount_cols = [c for i, c in enumerate(h) if i not in text_cols | {li}]
    rows = [("", label, {c: cells[h.index(c)] for c in amount_cols})
            for label, (_, cells) in zip(_labels(rt, li, layout), rt.rows, strict=True)]
    return LedgerTable.build(columns=amount_cols, rows=rows, **common)  # type: ignore[arg-type]
