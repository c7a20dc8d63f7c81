"""Declarative report specs: one :class:`TableSpec` per public table, a :class:`ReportKind`
per kind of report (a set of table specs plus the identities across them).

A new table, or a region's variant of one, is a spec (or an alias on a spec); a new kind
of report is a :class:`ReportKind` given to :func:`govaccts.register_report_kind`.

>>> spec = TableSpec("公开05", "一般公共预算财政拨款支出决算表", Layout.TREE,
...                  row_identities=("小计=基本支出+项目支出",))
>>> spec.matches("一般公共预算财政拨款支出决算表"), spec.scheme_name, spec.code_levels
(True, 'function', (1, 2, 3))
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from govaccts.catalogs.names import fold

if TYPE_CHECKING:
    from govaccts.catalogs.store import CatalogStore
    from govaccts.ledger.identities import Identity
    from govaccts.reports.report import Report

__all__ = ["Layout", "ReportKind", "TableSpec", "title_key"]


class Layout(enum.StrEnum):
    """How a table prints its rows.

    ``tree``: rows keyed by 功能分类 code (合计 → 类 → 款 → 项); ``economic``: rows keyed
    by 经济分类 code (类 → 款); ``statement``: labelled rows of a 总表 (收入/支出 sides);
    ``sangong``: labelled rows in one line (the 三公 table); ``named``: rows keyed by name
    whose hierarchy is printed by indentation (whole-government tables, no codes);
    ``list``: records (政府采购, 项目, 绩效 tables) whose text columns are kept as text and
    whose rows need not have distinct labels.
    """

    TREE = "tree"
    ECONOMIC = "economic"
    STATEMENT = "statement"
    SANGONG = "sangong"
    NAMED = "named"
    LIST = "list"

    @property
    def coded(self) -> bool:
        """True when rows are keyed by code."""
        return self in (Layout.TREE, Layout.ECONOMIC)


_DEFAULT_SCHEME = {Layout.TREE: "function", Layout.ECONOMIC: "dept-economic"}
_DEFAULT_LEVELS = {Layout.TREE: (1, 2, 3), Layout.ECONOMIC: (1, 2)}


_YEAR_PREFIX = re.compile(r"^\d{4}年(?:度)?")


def _layouts(values: Iterable[Layout | str]) -> tuple[Layout, ...]:
    return tuple(Layout(x) for x in values)


def title_key(title: str) -> str:
    """A printed title folded for comparison (width, brackets, quotes, spaces, 表表, a
    leading fiscal year such as ``2023年度``).

    >>> title_key("2023年度 一般公共预算财政拨款支出决算表") == title_key("一般公共预算财政拨款支出决算表")
    True
    """
    return _YEAR_PREFIX.sub("", fold(title)).replace("表表", "表")


@attrs.frozen
class TableSpec:
    """One public table: its key, canonical title and printed variants, layout, the
    scheme and levels of its codes, per-row identities, and narrative anchors.

    ``parts`` names the sides of a two-sided statement (``("收入", "支出")``): each side
    is a table of its own, keyed ``<key>-<part>``. ``row_identities`` use the syntax of
    :func:`govaccts.check_table`'s ``identities`` and apply when the table prints every
    column they name. ``anchors`` are labels by which prose refers to the table.

    ``patterns`` are regular expressions searched in the folded title (see
    :func:`title_key`): a few title *shapes* instead of a long list of aliases.
    ``other_layouts`` are layouts the same table is also printed in (a 支出总表 is a
    coded tree in one region and one line of totals in another): the reading's layout
    is kept when it is one of them.
    """

    key: str
    title: str
    layout: Layout = attrs.field(converter=Layout)
    aliases: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    scheme: str | None = None
    levels: tuple[int, ...] | None = None
    row_identities: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    other_layouts: tuple[Layout, ...] = attrs.field(default=(), converter=_layouts)
    _compiled: tuple[re.Pattern[str], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", tuple(re.compile(p) for p in self.patterns))

    @property
    def titles(self) -> tuple[str, ...]:
        """The canonical title and its aliases."""
        return (self.title, *self.aliases)

    def matches(self, title: str) -> bool:
        """True when ``title`` is one of this table's titles (folded), or has one of its
        title shapes (``patterns``).

        >>> s = TableSpec("支出表", "支出总表", Layout.TREE, patterns=(r"支出(预算)?总表$",))
        >>> s.matches("表3 支出预算总表"), s.matches("支出总表"), s.matches("项目支出表")
        (True, True, False)
        """
        key = title_key(title)
        return (any(title_key(t) == key for t in self.titles)
                or any(p.search(key) for p in self._compiled))

    def layout_for(self, printed: Layout | str | None) -> Layout:
        """The layout to read a table with: the printed one when this spec allows it
        (``other_layouts``), else the spec's own."""
        if printed is not None and str(printed) in {str(x) for x in self.other_layouts}:
            return Layout(printed)
        return self.layout

    @property
    def scheme_name(self) -> str | None:
        """The scheme of the row codes (``None`` for labelled rows)."""
        return self.scheme or _DEFAULT_SCHEME.get(self.layout)

    @property
    def code_levels(self) -> tuple[int, ...] | None:
        """The levels a row code may have (``None``: any, or labelled rows)."""
        return self.levels or _DEFAULT_LEVELS.get(self.layout)


IdentityFunc = Callable[["Report", "CatalogStore"], Iterable["Identity"]]


def _no_identities(report: Report, store: CatalogStore) -> Iterable[Identity]:
    return ()


@attrs.frozen
class ReportKind:
    """A kind of report: its name (as manifests and readers say it), other names, its
    table specs and a function giving the identities that link its tables.

    ``stage`` says what the figures are (``预算`` or ``决算``): a reader that learns only
    that from a document's cover picks, among the kinds of that stage, the one whose
    titles the document prints most. ``excluded_rules`` are rule ids or prefixes that
    do not apply to reports of this kind (the 部门决算 narrative rules on a budget); the
    runner leaves them out. ``default_layout`` is the layout of a table no spec of the
    kind knows (``None``: as the reading says).
    """

    name: str
    tables: tuple[TableSpec, ...]
    identities: IdentityFunc = attrs.field(default=_no_identities, repr=False)
    aliases: tuple[str, ...] = ()
    stage: str = ""
    excluded_rules: tuple[str, ...] = ()
    default_layout: Layout | None = None

    def spec(self, key: str) -> TableSpec | None:
        """The spec of table ``key`` (``公开05``; a side's key ``公开01-收入`` gives 公开01, a
        repeated table's ``支出总表@p19`` gives 支出总表)."""
        base = re.split(r"[-@]", key, maxsplit=1)[0]
        return next((s for s in self.tables if s.key in (key, base)), None)

    def identify(self, title: str) -> TableSpec | None:
        """The spec whose title (or alias) is ``title``; ``None`` when none is."""
        return next((s for s in self.tables if s.matches(title)), None)

    def with_table(self, spec: TableSpec) -> ReportKind:
        """This kind with ``spec`` added (or replacing the spec of the same key)."""
        rest = tuple(s for s in self.tables if s.key != spec.key)
        return attrs.evolve(self, tables=(*rest, spec))
