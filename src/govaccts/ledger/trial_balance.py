"""A trial balance (科目余额表): accounts × 期初/本期/期末 借方 and 贷方, exact amounts.

Rows are keyed by an 一级科目 code of the accounting scheme (``1011``) or by a 明细
under it: the code, then names or classification codes separated by ``/``
(``7201/基本支出/2080505``). 明细 names are the unit's own and are not checked
against the official catalog; a 7-digit part under a 预算支出 account is read as a
支出功能分类 项. A row keyed ``合计`` (or ``财务会计合计`` / ``预算会计合计``) is a
printed total line. Every cell is parsed exactly (:func:`govaccts.parse_amount`); bad
input raises :class:`~govaccts.LedgerError` naming file, line, row and column.

>>> tb = TrialBalance.build(2024, [
...     ("1011", "零余额账户用款额度", {"期初借方": "0", "本期借方": "500.00", "本期贷方": "480.00",
...                                   "期末借方": "20.00"}),
...     ("4001", "财政拨款收入", {"本期贷方": "500.00", "期末贷方": "500.00"}),
... ])
>>> r = tb.row("1011")
>>> r.account.normal_side.value, r.amount("期末借方").value, r.amount("期初贷方").value
('借', Decimal('20.00'), None)
>>> [x.key for x in tb.accounts("financial")]
['1011', '4001']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import attrs

from govaccts.amounts import Amount, parse_amount
from govaccts.catalogs.accounting import Account, Element, accounts
from govaccts.catalogs.codes import SCHEMES
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.errors import AmountError, GovacctsError, LedgerError, Location
from govaccts.io.delimited import read_delimited_file

__all__ = ["COLUMNS", "HALVES", "TOTAL_KEYS", "TBRow", "TrialBalance", "column_key"]

COLUMNS: tuple[str, ...] = ("期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方")
"""The six amount columns, in printed order."""
TOTAL_KEYS = MappingProxyType({"合计": None, "总计": None, "财务会计合计": "financial",
                               "预算会计合计": "budgetary"})
"""Keys of printed total lines → the half they total (``None``: the whole table)."""
HALVES = ("financial", "budgetary")
_KEY_HEADERS = ("科目编码", "科目代码", "科目", "code", "key")
_NAME_HEADERS = ("科目名称", "name", "名称")
_SYNONYMS = (("年初", "期初"), ("年末", "期末"), ("本年", "本期"), ("累计", "本期"),
             ("发生额", ""), ("发生", ""), ("余额", ""), ("金额", ""), ("方向", ""))
_FUNCTION = re.compile(r"^2\d{6}$")


def column_key(header: str) -> str | None:
    """The column a printed header names, or ``None`` (``期初余额借方`` → ``期初借方``).

    >>> column_key("期初余额（借方）"), column_key("本年借方发生额"), column_key("备注")
    ('期初借方', '本期借方', None)
    """
    h = re.sub(r"[\s()（）]", "", header)
    for a, b in _SYNONYMS:
        h = h.replace(a, b)
    if h in ("借方", "贷方"):
        h = "本期" + h
    return h if h in COLUMNS else None


@attrs.frozen
class TBRow:
    """One row of a trial balance: an 一级科目, a 明细 below one, or a total line."""

    key: str
    name: str
    amounts: Mapping[str, Amount]
    account: Account | None = None
    """The 一级科目 (``None`` for a total line)."""
    line: int | None = None

    @property
    def code(self) -> str:
        """The 一级 code (the key of a total line for a total)."""
        return self.key.split("/", 1)[0]

    @property
    def path(self) -> tuple[str, ...]:
        """The 明细 parts below the 一级科目 (empty for an 一级 row)."""
        return tuple(self.key.split("/")[1:])

    @property
    def parent_key(self) -> str | None:
        """The key of the row above (``None`` for an 一级 row or a total)."""
        return self.key.rsplit("/", 1)[0] if "/" in self.key else None

    @property
    def is_total(self) -> bool:
        return self.account is None

    @property
    def function_code(self) -> str | None:
        """The 支出功能分类 项 this 明细 is, for a 7-digit part under a 预算支出 account."""
        if self.account is None or self.account.element is not Element.BUDGET_EXPENDITURE:
            return None
        last = self.path[-1] if self.path else ""
        return last if _FUNCTION.match(last) else None

    def amount(self, column: str) -> Amount:
        """The cell of ``column`` (a blank Amount when the cell is absent)."""
        if column not in COLUMNS:
            raise LedgerError(f"no column {column!r} (columns: {', '.join(COLUMNS)})")
        return self.amounts.get(column) or parse_amount("")


@attrs.frozen
class TrialBalance:
    """A 科目余额表 of one unit and fiscal ``year``: rows in printed order."""

    year: int
    rows: tuple[TBRow, ...]
    id: str = "科目余额表"
    file: str | None = None
    _by_key: Mapping[str, TBRow] = attrs.field(factory=dict, repr=False, alias="by_key")

    @classmethod
    def build(cls, year: int, rows: Iterable[tuple[str, str, Mapping[str, str]]], *,
              id: str = "科目余额表", file: str | None = None,
              lines: Sequence[int] | None = None,
              store: CatalogStore | None = None) -> TrialBalance:
        """A trial balance from ``(key, name, {column: text})`` rows."""
        accts = accounts(year, store or default_store())
        out: list[TBRow] = []
        by_key: dict[str, TBRow] = {}
        for i, (key, name, cells) in enumerate(rows):
            line = lines[i] if lines is not None else None
            loc = Location(file=file, line=line, table=id, row=key)
            key = "/".join(p.strip() for p in key.strip().split("/"))
            if key in by_key:
                raise LedgerError(f"row {key!r} twice", location=loc)
            acct = None
            if key not in TOTAL_KEYS:
                acct = accts.get(key.split("/", 1)[0])
                if acct is None:
                    raise LedgerError(
                        f"{key.split('/', 1)[0]!r} is no 一级科目 of "
                        f"{SCHEMES['accounting'].title} {year}", location=loc)
                if any(not p for p in key.split("/")):
                    raise LedgerError(f"empty 明细 part in {key!r}", location=loc)
            amounts: dict[str, Amount] = {}
            for col, text in cells.items():
                if col not in COLUMNS:
                    raise LedgerError(f"unknown column {col!r} (columns: {', '.join(COLUMNS)})",
                                      location=attrs.evolve(loc, column=col))
                try:
                    amounts[col] = parse_amount(text, location=attrs.evolve(loc, column=col))
                except AmountError as exc:
                    raise LedgerError(str(exc.message), location=exc.location) from None
            row = TBRow(key, name.strip(), MappingProxyType(amounts), acct, line)
            by_key[key] = row
            out.append(row)
        for r in out:
            if r.parent_key is not None and r.parent_key not in by_key:
                raise LedgerError(f"明细 {r.key!r}: no row {r.parent_key!r} above it",
                                  location=Location(file=file, line=r.line, table=id, row=r.key))
        return cls(year, tuple(out), id, file, MappingProxyType(by_key))

    @classmethod
    def read(cls, path: str | Path, year: int, *, id: str = "科目余额表",
             store: CatalogStore | None = None, encoding: str | None = None) -> TrialBalance:
        """Read a CSV/TSV 科目余额表 (UTF-8, BOM or GBK) through govaccts' one reader."""
        d = read_delimited_file(path, encoding=encoding, error=LedgerError,
                                header_names=_KEY_HEADERS)
        header = list(d.header)
        ki = next((header.index(h) for h in _KEY_HEADERS if h in header), None)
        ni = next((header.index(h) for h in _NAME_HEADERS if h in header), None)
        if ki is None:
            raise LedgerError(f"no 科目编码 column (one of {', '.join(_KEY_HEADERS)})",
                              location=Location(file=d.name, line=d.header_line))
        cols = {i: column_key(h) for i, h in enumerate(header)}
        if not any(cols.values()):
            raise LedgerError(f"no amount column (e.g. {', '.join(COLUMNS)})",
                              location=Location(file=d.name, line=d.header_line))
        rows = []
        for _, cells in d.rows:
            key = cells[ki] or (cells[ni] if ni is not None and cells[ni] in TOTAL_KEYS else "")
            rows.append((key, cells[ni] if ni is not None else "",
                         {c: cells[i] for i, c in cols.items() if c is not None}))
        return cls.build(year, rows, id=id, file=d.name, lines=[ln for ln, _ in d.rows],
                         store=store)

    def row(self, key: str) -> TBRow:
        """The row keyed ``key``."""
        try:
            return self._by_key[key]
        except KeyError:
            raise LedgerError(f"no row {key!r}", location=Location(file=self.file,
                                                                    table=self.id)) from None

    def get(self, key: str) -> TBRow | None:
        """The row keyed ``key``, or ``None``."""
        return self._by_key.get(key)

    def accounts(self, half: str | None = None) -> tuple[TBRow, ...]:
        """The 一级 rows (of one half: ``financial`` or ``budgetary``)."""
        if half is not None and half not in HALVES:
            raise GovacctsError(f"half is financial or budgetary, not {half!r}")
        return tuple(r for r in self.rows if r.account is not None and not r.path
                     and (half is None or r.account.element.half == half))

    def children(self, key: str) -> tuple[TBRow, ...]:
        """The rows directly below ``key``."""
        return tuple(r for r in self.rows if r.parent_key == key)

    def totals(self) -> tuple[TBRow, ...]:
        """The printed total lines."""
        return tuple(r for r in self.rows if r.is_total)

    def location(self, row: str | None, column: str | None = None) -> Location:
        """Where a cell is: file and line when read from a file."""
        r = self._by_key.get(row) if row is not None else None
        return Location(file=self.file, line=r.line if r else None, table=self.id, row=row,
                        column=column)
