"""Sums a table's headers (or row labels) imply, found by the *role* of each column.

Budget templates name the same column many ways (``合计`` / ``支出总计`` / ``本年支出合计``;
``基本支出/人员经费`` / ``人员支出``) and print different subsets of them. A
:class:`SumFamily` gives each role the printed names it has (regular expressions over the
folded name) and the sums between roles (``合计 = 基本支出 + 项目支出 + …``). An identity
is derived only when *every* amount column of the table has a role of the family (or is a
memo column such as ``其中：…``) and no role is printed twice: a table whose columns are
not all recognised gets no identity, never a guessed one.

>>> fam = EXPENDITURE
>>> sorted(fam.assign(["合计", "基本支出", "项目支出"]).items())
[('basic', '基本支出'), ('project', '项目支出'), ('total', '合计')]
>>> fam.sums(["合计", "基本支出", "项目支出"])
[('合计', ('基本支出', '项目支出'))]
>>> fam.sums(["合计", "小计", "基本支出/人员经费", "公用经费", "项目支出"])
[('合计', ('小计', '项目支出')), ('小计', ('基本支出/人员经费', '公用经费'))]
>>> fam.sums(["合计", "基本支出", "某某支出"])   # a column without a role: nothing
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from govaccts.catalogs.names import fold

__all__ = ["EXPENDITURE", "FAMILIES", "FUNDS", "INCOME", "MEMO", "SANGONG", "SumFamily",
           "norm_header", "sums_of"]

MEMO = "memo"
"""The role of a column that is no part of any sum (``其中：…``, 政府采购 columns)."""

_NOTE = re.compile(r"[(（]注\d*[)）]|\*+|^\d{4}年(?:度)?|#\d+$")
"""Notes, stars, a year prefix, and the ``#2`` a reader adds to a repeated header."""


def norm_header(header: str) -> str:
    """A header folded for role matching: no spaces, notes (``（注1）``) or year prefix.

    >>> norm_header("本年支出 / 基本支出（注2）")
    '本年支出/基本支出'
    """
    return "/".join(p for p in (_NOTE.sub("", s) for s in fold(header).split("/")) if p)


@attrs.frozen
class SumFamily:
    """Roles (name → patterns) and sums (total role → part roles) of one kind of table.

    ``groups`` are roles that stand for a set of other roles (``basic`` for ``personnel``
    and ``public``): the total takes the group when printed, else its members. ``tops``
    are the roles that make up ``total``, in order.
    """

    name: str
    roles: tuple[tuple[str, str], ...]
    tops: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    total: str = "total"

    def role(self, header: str) -> str | None:
        """The role of one header (``None`` when it has none)."""
        h = norm_header(header)
        for role, pattern in self.roles:
            if re.search(pattern, h):
                return role
        return None

    def assign(self, headers: Sequence[str]) -> dict[str, str]:
        """Role → header for every header, or ``{}`` when one has no role or a role
        appears twice (an unrecognised table). Memo headers are left out."""
        out: dict[str, str] = {}
        for i, h in enumerate(headers):
            r = self.role(h)
            if r is None and norm_header(h) == "小计":
                r = self._subtotal_role(headers, i)
            if r is None or r in out:
                return {}
            if r != MEMO:
                out[r] = h
        return out

    def _subtotal_role(self, headers: Sequence[str], at: int) -> str | None:
        """A bare 小计: the total when nothing else is; else the group whose first member
        is printed right after it (「小计 | 因公出国（境）费 | …」: the 三公 小计; 「小计 |
        公务用车购置费 | …」: the car's), else the first group whose members are all printed
        and whose own header is not.

        >>> SANGONG.assign(["合计", "小计", "因公出国（境）费", "小计", "公务用车购置费",
        ...                 "公务用车运行维护费", "公务接待费", "会议费", "培训费"])["sangong"]
        '小计'
        """
        roles = {self.role(h) for h in headers}
        if self.total not in roles:
            return self.total
        nxt = self.role(headers[at + 1]) if at + 1 < len(headers) else None
        groups = dict(self.groups)

        def first(role: str) -> str:  # the printed role a group's figures start with
            return first(groups[role][0]) if role in groups and role not in roles else role

        for g, members in self.groups:
            if g not in roles and nxt is not None and first(members[0]) == nxt:
                return g
        for g, members in self.groups:
            if g not in roles and all(m in roles for m in members):
                return g
        return None

    def sums(self, headers: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
        """(total header, part headers) of every sum the headers imply."""
        got = self.assign(headers)
        groups = dict(self.groups)

        def expand(role: str) -> list[str]:  # the printed roles a role's figure is
            if role in got:
                return [role]
            return [x for m in groups.get(role, ()) for x in expand(m)]

        def covered(role: str) -> set[str]:  # the printed roles a sum over it accounts for
            return {r for r in ([role] if role in got else []) + list(groups.get(role, ()))
                    for r in ([r] if r == role else covered(r)) if r in got}

        out: list[tuple[str, tuple[str, ...]]] = []
        if self.total in got:
            parts = [p for top in self.tops for p in expand(top)]
            seen = set().union(*(covered(t) for t in self.tops))
            if parts and seen == set(got) - {self.total}:
                out.append((got[self.total], tuple(got[p] for p in parts)))
        for g, members in self.groups:
            expanded = [expand(m) for m in members]
            if g in got and all(expanded):
                out.append((got[g], tuple(got[p] for e in expanded for p in e)))
        return out


_MEMO_RE = r"其中(?![:：]?基本支出$)|政府采购|备注"
EXPENDITURE = SumFamily(
    "expenditure",
    roles=(
        (MEMO, _MEMO_RE),
        ("total", r"^(?:本年)?(?:支出)?(?:合计|总计)$|^支出总计$|^本年支出合计$|^财政拨款支出$"),
        ("basic", r"基本支出$"),
        ("basic", r"基本支出/?小计$"),
        ("personnel", r"人员(?:经费|支出)$"),
        ("public", r"公用(?:经费|支出)$"),
        ("project", r"项目支出(?:/?小计)?$"),
        ("reserve", r"单位预留机动经费$"),
        ("upper", r"上缴上级支出$"),
        ("business", r"经营支出$"),
        ("subsidy", r"对(?:附属|下级)单位补助支出$"),
    ),
    tops=("basic", "project", "reserve", "upper", "business", "subsidy"),
    groups=(("basic", ("personnel", "public")),),
)
"""Expenditure by use: 合计 = 基本 (= 人员 + 公用) + 项目 + 预留 + 上缴上级 + 经营 + 对附属单位补助
+ 结转下年, each where printed."""

INCOME = SumFamily(
    "income",
    roles=(
        (MEMO, r"其中"),
        ("total", r"^(?:本年)?收入(?:合计|总计)$|^(?:合计|总计)$"),
        ("fiscal", r"^(?:本年)?财政拨款(?:收入)?(?:/?小计)?$"),
        ("gpb", r"一般公共预算(?:财政)?(?:拨款)?(?:收入|资金)?$"),
        ("fund", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:收入|资金)?$"),
        ("soe", r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?(?:收入|资金)?$"),
        ("special", r"财政专户(?:管理资金|拨款)(?:收入)?$"),
        ("service", r"^(?:本年收入/)?事业收入(?:/?金额)?$"),
        ("operating", r"经营收入$"),
        ("upper", r"上级补助收入$"),
        ("affiliated", r"附属单位上缴收入$"),
        ("other", r"其他收入$"),
        ("carry", r"上年结转(?:结余|和结余)?(?:资金)?$|上年结余、?结转$"),
        ("balance", r"使用非财政拨款结余$|用事业基金弥补收支差额$"),
    ),
    tops=("fiscal", "special", "service", "operating", "upper", "affiliated", "other", "carry",
          "balance"),
    groups=(("fiscal", ("gpb", "fund", "soe")),),
)
"""Income by source: 合计 = 财政拨款 (= 一般公共预算 + 政府性基金 + 国有资本经营) + 财政专户
+ 事业 + 经营 + 上级补助 + 附属单位上缴 + 其他 + 上年结转 + 使用非财政拨款结余, each where printed."""

SANGONG = SumFamily(
    "sangong",
    roles=(
        (MEMO, r"其中|备注"),
        ("total", r"^(?:合计|总计)$"),
        ("car-buy", r"公务用车购置(?:费)?$"),
        ("car-run", r"公务用车运行(?:维护)?(?:费)?$"),
        ("car", r"公务用车购置及运行(?:维护)?费(?:/?小计)?$"),
        ("sangong", r"三公.*(?:合计|小计)$|^(?:\"三公\"经费|三公经费)$"),
        ("abroad", r"因公出国\(境\)(?:费用?)?$"),
        ("reception", r"公务接待费$"),
        ("meeting", r"会议费$"),
        ("training", r"培训费$"),
    ),
    tops=("sangong", "meeting", "training"),
    groups=(("sangong", ("abroad", "car", "reception")), ("car", ("car-buy", "car-run"))),
)
"""The 三公 table: 合计 = 三公 (= 出国 + 车 (= 购置 + 运行维护) + 接待) + 会议费 + 培训费."""

FUNDS = SumFamily(
    "funds",
    roles=(
        (MEMO, r"其中"),
        ("total", r"^(?:合计|总计)$"),
        ("gpb", r"一般公共预算(?:拨款)?$"),
        ("fund", r"政府性基金(?:预算)?(?:拨款)?$"),
        ("soe", r"国有资本经营(?:预算)?(?:拨款)?$"),
    ),
    tops=("gpb", "fund", "soe"),
)
"""Columns by fund: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营."""

FAMILIES = (EXPENDITURE, INCOME, SANGONG, FUNDS)


def sums_of(headers: Sequence[str],
            families: Iterable[SumFamily] = FAMILIES) -> list[tuple[str, tuple[str, ...]]]:
    """The sums of the first family that recognises every header (``[]`` when none does).

    >>> sums_of(["合计", "一般公共预算", "政府性基金预算"])
    [('合计', ('一般公共预算', '政府性基金预算'))]
    """
    for fam in families:
        found = fam.sums(headers)
        if found:
            return found
    return []
