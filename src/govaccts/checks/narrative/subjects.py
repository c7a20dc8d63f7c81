"""Subjects → table cells, through what the report kind and the tables say, never through
sentences seen in one document.

The index holds every label by which prose can name a cell: each statement row's label,
each tree or economic table's column headers (at the total row) and row names (类/款/项
names fold as everywhere, a trailing 支出 optional), and the ``anchors`` of the kind's
table specs. An anchor is ``"phrase"`` (the phrase names the table: section headings,
qualifiers) or ``"phrase=row@column"`` (the phrase names that cell; ``part/row`` for a
side of a two-sided statement; ``@column`` alone in the 三公 table, whose row — 预算数 or
决算数 — the claim's scope picks).

A subject names a cell when every candidate cell holds the same value; otherwise the
table of the sentence's section heading, then the table of the claim before it in the
paragraph, decides. What stays ambiguous is left untied: counted, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from govaccts.amounts import Amount
from govaccts.catalogs.names import fold, name_key, strip_ordinal
from govaccts.ledger.table import TOTAL, LedgerTable
from govaccts.reports.roles import SANGONG
from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["Candidates", "LabelIndex", "Target", "key", "parse_anchor"]

_NOISE = str.maketrans("", "", "\"'“”「」、 的")


def key(text: str) -> str:
    """A label folded for comparison: width, brackets, quotes, 、 and spaces; no level tag.

    >>> key("收、支总计") == key("收支总计"), key("一般公共服务（类）支出")
    (True, '一般公共服务支出')
    """
    t = fold(text).translate(_NOISE).replace("其它", "其他")
    return re.sub(r"\((?:类|款|项)\)", "", t)


_QUALIFIERS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "三公", "基本支出",
               "项目支出")
"""Words that set one table apart from another: a heading names a table only if it has the
ones the title has."""

_YEAR_ROW = re.compile(r"(\d{4})年度?(?:年初)?(?:预算数?)?")
_SYNONYMS = (("收入支出", "收支"), ("总额", "总计"), ("总额", "合计"), ("总支出", "支出总计"),
             ("总收入", "收入总计"), ("拨款收入", "财政拨款收入"), ("本年", ""), ("年度", ""), ("购置和运行", "购置及运行"))


def variants(text: str) -> list[str]:
    """``key(text)`` and the forms it takes in other templates (收支 for 收入支出, 总额
    for 总计, without 本年 …), most literal first."""
    k = key(text)
    out = [k]
    for a, b in _SYNONYMS:
        for v in list(out):
            if a in v:
                out.append(v.replace(a, b, 1))
            if b and b in v:
                out.append(v.replace(b, a, 1))
    if not k.startswith("本年"):
        out.append("本年" + k)
    if k.endswith("费用"):  # 「因公出国（境）费用」
        out.append(k[:-1])
    if k.endswith("总"):  # 「收支总预算」 with its 预算 read as the scope
        out.append(k + "计")
    if len(k) >= 4 and not k.endswith(("合计", "总计")):  # 「“三公”经费」: its 合计 column
        out.append(k + "合计")
    out += [v[:-2] for v in out if v.endswith("支出") and len(v) > 4]  # 「公务接待费支出」
    return list(dict.fromkeys(x for x in out if x))


@attrs.frozen
class Target:
    """A cell: table key, row key, column."""

    table: str
    row: str
    column: str
    anchored: bool = attrs.field(default=False, eq=False)
    """Named by an anchor of the kind (a declared label), not only by a printed one."""


@attrs.frozen
class Candidates:
    """The cells a subject may name, with their printed amounts (blank cells included:
    an empty table's cells say "nothing")."""

    cells: tuple[tuple[Target, Amount], ...] = ()

    @property
    def values(self) -> set[object]:
        """The distinct printed values (a blank cell counts as 0)."""
        return {a.value if a.value is not None else 0 for _, a in self.cells}

    def within(self, tables: Iterable[str]) -> Candidates:
        keep = set(tables)
        return Candidates(tuple(c for c in self.cells if c[0].table.split("-")[0] in keep
                                or c[0].table in keep))

    @property
    def single(self) -> tuple[Target, Amount] | None:
        """The one cell (or the first of cells that all print the same value)."""
        return self.cells[0] if self.cells and len(self.values) == 1 else None


def parse_anchor(anchor: str) -> tuple[str, str | None, str | None, str | None]:
    """(phrase, part, row, column) of an anchor string (see the module docstring).

    >>> parse_anchor("收支总计=收入/总计"), parse_anchor("三公经费=@合计")
    (('收支总计', '收入', '总计', None), ('三公经费', None, None, '合计'))
    """
    phrase, _, target = anchor.partition("=")
    if not target:
        return phrase, None, None, None
    place, _, column = target.partition("@")
    part, _, row = place.rpartition("/")
    return phrase, part or None, row or None, column or None


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def total_column(spec: TableSpec | None, table: LedgerTable) -> str | None:
    """The column of a coded table that holds each row's total (the left side of its
    first row identity, else its first column)."""
    for ident in spec.row_identities if spec is not None else ():
        lhs = ident.split("=", 1)[0].strip()
        if lhs in table.columns:
            return lhs
    return table.columns[0] if table.columns else None


def first_column(table: LedgerTable) -> str | None:
    """The first column of a table that prints a figure (a statement read with its label
    header as a column of blanks has that one first).

    >>> from govaccts.ledger.table import LedgerTable
    >>> t = LedgerTable.build(id="01", columns=["收入", "预算数"],
    ...                       rows=[(None, "收入总计", {"收入": "", "预算数": "12.00"})])
    >>> first_column(t)
    '预算数'
    """
    for col in table.columns:
        if any((a := r.get(col)) is not None and a.value is not None for r in table.rows):
            return col
    return table.columns[0] if table.columns else None


class LabelIndex:
    """Every label of a report's tables (and its kind's anchors) → the cells it names."""

    def __init__(self, tables: dict[str, LedgerTable], kind: ReportKind | None) -> None:
        self.tables = tables
        self.kind = kind
        self._labels: dict[str, list[tuple[Target, str]]] = {}
        self.titles: list[tuple[str, str]] = []
        """(folded title without 表, table key): what section headings are matched with."""
        self.headings: list[tuple[str, str]] = []
        self._years: dict[str, list[str]] = {}
        """Table key → its year rows' keys, earliest first (a 三公 table by year)."""
        self._groups: dict[tuple[str, str], list[str]] = {}
        """(table key, item) → the item's fund columns, which the item names summed."""
        """(folded anchor phrase, table key): a heading holding the phrase names the table."""
        for tkey, t in tables.items():
            spec = kind.spec(tkey) if kind is not None else None
            self._index_table(tkey, t, spec)
        for spec in kind.tables if kind is not None else ():
            for title in spec.titles:
                self.titles.append((key(re.sub(r"(?:总|明细)?表$", "", title)), spec.key))
            for anchor in spec.anchors:
                self._anchor(spec, anchor)

    def _add(self, label: str, target: Target, scope: str = "", names: bool = False) -> None:
        """Index ``label``; ``names``: a 类/款/项 name, whose trailing 支出 is optional."""
        for k in {key(label), name_key(label) if names else ""}:
            if k:
                self._labels.setdefault(k, []).append((target, scope))

    def _index_table(self, tkey: str, t: LedgerTable, spec: TableSpec | None) -> None:
        layout = spec.layout if spec is not None else None
        if layout is Layout.SANGONG:
            if self._index_years(tkey, t):
                return
            rows = [r for r in ("预算数", "决算数") if t.get_row(r) is not None]
            for col in t.columns:
                for row in rows:
                    self._add(col, Target(tkey, row, col), "预算" if row == "预算数" else "")
                if not rows and t.total_key() is not None:  # items as columns, one 合计 row
                    self._add(col, Target(tkey, t.total_key() or TOTAL, col))
            sangong = SANGONG.assign(t.columns).get("sangong")
            if sangong is not None and t.total_key() is not None:
                # 「合计 | 小计 | 因公出国（境）费 | …」: the roles know a bare 小计 for the 三公
                # 经费's, whose 「“三公”经费」 parent the reader placed over other columns
                self._add("三公经费", Target(tkey, t.total_key() or TOTAL, sangong))
            return
        if not t.coded_rows() and layout is not Layout.TREE:
            col0 = first_column(t)
            for r in t.rows:
                if col0 is not None:
                    label = r.label.split(":")[-1]
                    self._add(label, Target(tkey, r.key, col0))
                    if strip_ordinal(fold(label)) != fold(label):  # 「一、财政拨款收入」
                        self._add(strip_ordinal(fold(label)), Target(tkey, r.key, col0))
            return
        total = t.total_key() or TOTAL
        for col in t.columns:
            self._add(col, Target(tkey, total, col))
        tcol = total_column(spec, t)
        for r in t.rows:
            if tcol is not None and r.get(tcol) is not None:
                self._add(r.label, Target(tkey, r.key, tcol), names=r.code is not None)

    def _index_years(self, tkey: str, t: LedgerTable) -> bool:
        """A 三公 table with a row per year (「2025年 | 2026年 | 增减变化金额」) and a column
        per item and fund (``因公出国(境)费/一般公共预算`` …): each item names the sum of its
        fund columns in the latest year's row (the 总计 item: the 三公 经费)."""
        years = sorted((int(m.group(1)), r.key) for r in t.rows
                       if (m := _YEAR_ROW.fullmatch(fold(r.label))))
        groups: dict[str, list[str]] = {}
        for col in t.columns:
            if "/" in col:
                groups.setdefault(col.rsplit("/", 1)[0], []).append(col)
        if len(years) < 2 or not groups:
            return False
        self._years[tkey] = [k for _, k in years]
        for group, cols in groups.items():
            self._groups[(tkey, group)] = cols
            parts = group.split("/")
            label = parts[-2] if parts[-1] in ("小计", "合计") and len(parts) > 1 else parts[-1]
            for name in (("三公经费",) if label in ("总计", "合计") else (label,)):
                self._add(name, Target(tkey, years[-1][1], group))
        return True

    def prior(self, target: Target) -> tuple[Amount, str] | None:
        """The same cell in the year before (a table with a row per year), and that
        row's label."""
        rows = self._years.get(target.table, [])
        if len(rows) < 2 or target.row != rows[-1]:
            return None
        prior = attrs.evolve(target, row=rows[-2])
        a = self.cell(prior)
        return (a, rows[-2]) if a is not None else None

    def _anchor(self, spec: TableSpec, anchor: str) -> None:
        phrase, part, row, column = parse_anchor(anchor)
        if row is None and column is None:
            self.headings.append((key(phrase), spec.key))
            return
        tkey = f"{spec.key}-{part}" if part else spec.key
        t = self.tables.get(tkey)
        if t is None:
            return
        if row is None:  # the 三公 table: the scope picks the row
            for r, scope in (("预算数", "预算"), ("决算数", "")):
                self._add(phrase, Target(tkey, r, column or "", True), scope)
            return
        col = column or first_column(t) or ""
        self._add(phrase, Target(tkey, row, col, True))

    def table_of_heading(self, heading: str, department: str = "") -> str | None:
        """The table a section heading names: a heading holding an anchor phrase names its
        table; else the title sharing the longest common subsequence with the heading
        (at least 4 characters and 60% of it), the shortest title on a tie.

        >>> from govaccts.reports.final_accounts import FINAL_ACCOUNTS
        >>> ix = LabelIndex({}, FINAL_ACCOUNTS)
        >>> [ix.table_of_heading(h) for h in ("二、收入决算情况说明", "一、收入支出决算总体情况说明",
        ...  "（二）“三公”经费财政拨款支出决算具体情况说明", "九、关于机关运行经费支出说明",
        ...  "十、一般性支出情况说明")]
        ['公开02', '公开01', '公开09', None, None]
        """
        h = key(re.sub(r"^[（(]?[一二三四五六七八九十]+[)）、]?", "", heading))
        if department and key(department) in h:  # 「关于湖州市交通运输局2026年一般公共预算…」
            h = h.replace(key(department), "")
        h = re.sub(r"(?:情况说明|说明|情况|总体|具体|结构|关于|\d{4}年度?)", "", h)
        if not h:
            return None
        for phrase, table in self.headings:
            if phrase and phrase in h:
                return table
        scored = sorted(((-_lcs(t, h), len(t), k) for t, k in self.titles
                         if t and all(q in h for q in _QUALIFIERS if q in t)))
        if scored and -scored[0][0] >= max(4, 0.6 * len(h)):
            return scored[0][2]
        return None

    def candidates(self, subject: str, scope: str = "", budget_scope_only: bool = False,
                   table: str | None = None) -> Candidates:
        """Every cell the subject may name (printed, not blank); with ``table``, only
        its cells (the first form of the subject that names one there)."""
        hits: list[tuple[Target, Amount]] = []
        for v in variants(subject):
            for target, tscope in self._labels.get(v, []) + self._labels.get(
                    name_key(v), []):
                if table is not None and target.table.split("-")[0] != table:
                    continue
                if budget_scope_only and scope == "预算" and tscope != "预算":
                    continue
                if tscope == "预算" and scope != "预算":
                    continue
                a = self.cell(target)
                if a is None:
                    continue
                old = next((i for i, (t, _) in enumerate(hits) if t == target), None)
                if old is None:
                    hits.append((target, a))
                elif target.anchored:  # the same cell, also declared by an anchor
                    hits[old] = (target, a)
            if hits:
                break
        return Candidates(tuple(hits))

    def cell(self, target: Target) -> Amount | None:
        """The printed cell, or an item's funds summed (``None`` when more than one fund
        prints a figure: their sum's rounding is not the item's)."""
        t = self.tables.get(target.table)
        if t is None:
            return None
        cols = self._groups.get((target.table, target.column))
        if cols is None:
            return t.get_cell(target.row, target.column)
        cells = [a for c in cols if (a := t.get_cell(target.row, c)) is not None]
        printed = [a for a in cells if a.value]
        if len(printed) > 1 or not cells:
            return None
        return printed[0] if printed else cells[0]
