"""Per-account facts of the accounting scheme: element, normal side, and the budget
classifications an account's 明细 run by — data with evidence, not Python literals.

They live in ``catalogs/accounting-attributes.csv`` and ``catalogs/accounting-links.csv``
(compiled from ``catalogs/evidence/accounting/``) and are loaded lazily by the store.

>>> acct = account("6001", 2024)
>>> acct.name, acct.element.value, acct.normal_side.value, acct.side_basis
('财政拨款预算收入', '预算收入', '贷', 'element')
>>> acct.runs_by
('basic-project', 'function-项', 'fund-type')
>>> account("1011", 2024).normal_side.value, account("1011", 2024).evidence[:9]
('借', '本科目期末借方余额')
>>> Element.ASSET.half, Element.BUDGET_SURPLUS.half
('financial', 'budgetary')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from govaccts.catalogs.evidence import Source
from govaccts.catalogs.store import CatalogStore, default_store
from govaccts.errors import CatalogFileError, Location, UnknownCodeError
from govaccts.io.delimited import read_delimited

__all__ = ["ATTRIBUTE_FIELDS", "LINK_FIELDS", "RUNS_BY", "Account", "Element", "Link", "Side",
           "account", "accounts"]

ATTRIBUTE_FIELDS = ("code", "element", "normal_side", "side_basis", "sources", "evidence")
LINK_FIELDS = ("code", "runs_by", "sources", "quote")
RUNS_BY = MappingProxyType({
    "function-项": "支出功能分类科目 项级科目",
    "function-相关科目": "支出功能分类科目 相关科目",
    "dept-economic-款": "部门预算支出经济分类科目 款级科目",
    "basic-project": "基本支出 / 项目支出",
    "fund-type": "资金种类 (财政拨款的种类; 财政拨款 / 非财政专项 / 其他资金)",
})
"""The dimensions a 明细 may run by, as the standard words them."""
SIDE_BASES = ("stated", "element", "both-signs")


class Element(enum.Enum):
    """会计要素 of an account: 财务会计 (资产 … 费用) or 预算会计 (预算收入 … 预算结余)."""

    ASSET = "资产"
    LIABILITY = "负债"
    NET_ASSETS = "净资产"
    REVENUE = "收入"
    EXPENSE = "费用"
    BUDGET_REVENUE = "预算收入"
    BUDGET_EXPENDITURE = "预算支出"
    BUDGET_SURPLUS = "预算结余"

    @property
    def half(self) -> str:
        """``financial`` (财务会计) or ``budgetary`` (预算会计)."""
        return "budgetary" if self.value.startswith("预算") else "financial"


class Side(enum.Enum):
    """Normal balance side: 借, 贷, or 借或贷 for accounts that carry either."""

    DEBIT = "借"
    CREDIT = "贷"
    EITHER = "借或贷"

    @property
    def sign(self) -> int:
        """+1 for 借, −1 for 贷, 0 for 借或贷 (balances are then taken as debit − credit)."""
        return {"借": 1, "贷": -1}.get(self.value, 0)


@attrs.frozen
class Link:
    """One rule of the standard on how an account's 明细 run by a classification."""

    runs_by: str
    sources: tuple[Source, ...]
    quote: str


@attrs.frozen
class Account:
    """An 一级科目 of one edition with its element, normal side and links.

    ``side_basis`` is ``stated`` (``evidence`` quotes the balance sentence), ``element``
    (closed at period end: the side of its element) or ``both-signs`` (its text admits
    either sign).
    """

    code: str
    name: str
    year: int
    element: Element
    normal_side: Side
    side_basis: str
    evidence: str
    sources: tuple[Source, ...]
    links: tuple[Link, ...] = ()

    @property
    def runs_by(self) -> tuple[str, ...]:
        """The distinct dimensions its 明细 run by, sorted."""
        return tuple(sorted({lk.runs_by for lk in self.links}))


def _records(text: str, name: str, fields: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    return list(read_delimited(text, name, error=CatalogFileError, fields=fields,
                               single_line=True, strip=False).records())


def _load(store: CatalogStore, year: int) -> Mapping[str, Account]:
    cat = store.catalog("accounting", year)
    sources = store.sources()
    texts = {}
    for name in ("accounting-attributes.csv", "accounting-links.csv"):
        text = store.data_text(name)
        if text is None:
            raise CatalogFileError("bundled data file missing", location=Location(file=name))
        texts[name] = text

    def cited(ids: str, loc: Location) -> tuple[Source, ...]:
        for sid in ids.split():
            if sid not in sources:
                raise CatalogFileError(f"unknown source {sid!r}", location=loc)
        return tuple(sources[s] for s in ids.split())

    links: dict[str, list[Link]] = {}
    for line, rec in _records(texts["accounting-links.csv"], "accounting-links.csv", LINK_FIELDS):
        loc = Location(file="accounting-links.csv", line=line)
        if rec["runs_by"] not in RUNS_BY:
            raise CatalogFileError(f"unknown runs_by {rec['runs_by']!r}", location=loc)
        links.setdefault(rec["code"], []).append(Link(rec["runs_by"], cited(rec["sources"], loc),
                                                      rec["quote"]))
    out: dict[str, Account] = {}
    name = "accounting-attributes.csv"
    for line, rec in _records(texts[name], name, ATTRIBUTE_FIELDS):
        loc = Location(file=name, line=line)
        if rec["code"] not in cat:
            continue  # an account of another edition
        try:
            element, side = Element(rec["element"]), Side(rec["normal_side"])
        except ValueError as exc:
            raise CatalogFileError(str(exc), location=loc) from None
        if rec["side_basis"] not in SIDE_BASES:
            raise CatalogFileError(f"unknown side_basis {rec['side_basis']!r}", location=loc)
        out[rec["code"]] = Account(rec["code"], cat[rec["code"]].name, year, element, side,
                                   rec["side_basis"], rec["evidence"], cited(rec["sources"], loc),
                                   tuple(links.get(rec["code"], ())))
    missing = sorted(set(cat) - set(out))
    if missing:
        raise CatalogFileError(f"no attributes for {', '.join(missing)}",
                               location=Location(file=name))
    return MappingProxyType(out)


def accounts(year: int, store: CatalogStore | None = None) -> Mapping[str, Account]:
    """Every 一级科目 of the ``year`` edition, code → :class:`Account` (cached on the store).

    >>> len(accounts(2019)), len(accounts(2024))
    (103, 107)
    """
    st = store or default_store()
    return st.derived(("accounting-accounts", year), lambda: _load(st, year))


def account(code: str, year: int, store: CatalogStore | None = None) -> Account:
    """The :class:`Account` for ``code`` in the ``year`` edition."""
    st = store or default_store()
    canon = st.catalog("accounting", year)[code].code
    try:
        return accounts(year, st)[canon]
    except KeyError:  # pragma: no cover - _load guarantees every code has attributes
        raise UnknownCodeError(canon, "accounting", year) from None
