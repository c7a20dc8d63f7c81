"""Finding messages as templates with arguments, rendered in Chinese and English.

One place holds every message the built-in rules emit, so wording is reviewed (and
translated) together and a rule passes only its arguments.

>>> zh, en = MESSAGES["sum.beyond"].render(text="t 201: 小计 = 基本 + 项目", gap="-0.02",
...     op="<", tolerance="0.02", n=3, s="s", how="四舍五入", how_en="四舍五入")
>>> en
't 201: 小计 = 基本 + 项目: off by -0.02, beyond rounding (|-0.02| is not < 0.02, the most 3 rounded figures can drift, 四舍五入)'
>>> zh
't 201: 小计 = 基本 + 项目：相差-0.02，超出尾数误差范围（|-0.02| 不 < 0.02，3个四舍五入后的数最多只能累积这么多）'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["MESSAGES", "Message"]


@attrs.frozen
class Message:
    """A message in Chinese and English, with ``{name}`` fields for its arguments."""

    zh: str
    en: str

    def render(self, **args: object) -> tuple[str, str]:
        """Both texts with ``args`` filled in."""
        return self.zh.format(**args), self.en.format(**args)


MESSAGES: Mapping[str, Message] = MappingProxyType({
    # identities (sum.*, equal.*)
    "sum.total-missing": Message("{total}未列示，但其组成项有数：{text}",
                                 "{total} is not printed but its parts are: {text}"),
    "equal.differs": Message("同一数字两处列示不一致：{text}，相差{gap}",
                             "the same figure is printed twice with different values: {text}; "
                             "difference {gap}"),
    "sum.within": Message(
        "{text}：相差{gap}，在尾数误差范围内（|{gap}| {op} {tolerance}，{n}个{how}后的数最多累积的误差）",
        "{text}: off by {gap}, within rounding (|{gap}| {op} {tolerance}, the most {n} "
        "rounded figure{s} can drift, {how_en})"),
    "sum.exact": Message("{text}：相差{gap}（精确模式，不允许尾数差）",
                         "{text}: off by {gap} (exact mode: no rounding allowed)"),
    "sum.beyond": Message(
        "{text}：相差{gap}，超出尾数误差范围（|{gap}| 不 {op} {tolerance}，{n}个{how}后的数最多只能累积这么多）",
        "{text}: off by {gap}, beyond rounding (|{gap}| is not {op} {tolerance}, the most "
        "{n} rounded figure{s} can drift, {how_en})"),
    "unit.yuan-for-wan": Message("；若{cell}（{text}）是以元填写的万元数（{wan}万元），等式即成立",
                                 "; it would hold if {cell} ({text}) were written in 元 for 万元 "
                                 "({wan} 万元)"),
    "unit.column": Message("该列表头注明单位“{col_unit}”，而本表单位为“{unit}”",
                           "the column is headed in {col_unit} but the table is in {unit}"),
    "cause.unread-cell": Message("；{cell}未读出金额（{kind}），按0计",
                                 "; {cell} was not read ({kind}) and counts as 0"),
    # table rules
    "precision.fewer": Message("该数保留{decimals}位小数，本列其他数保留{most}位",
                               "printed with {decimals} decimals where its column has {most}"),
    "problem": Message("{kind_zh}：{message}", "{kind}: {message}"),
    "problem.partial": Message(
        "{kind_zh}：{message}",
        "{kind}: {message} (the bundled edition is partial: check against the official file)"),
    "shape.unnamed-column": Message(
        "该列无表头：数据行比表头多一列",
        "rows carry one more value than the header names; the extra column is kept unnamed "
        "and left out of row identities"),
    "structure.orphan": Message("{code}（{level}）缺少其上级{parent_level}{parent}",
                                "{code} ({level}) is printed without its {parent_level} row "
                                "{parent}"),
    "structure.no-top": Message("表中有{levels}级科目，却没有任何{top}级科目行",
                                "the table prints {levels} rows but no {top} row at all"),
    "structure.order": Message("{code}列在{printed_under}之下，但其上级是{parent}（行序错误）",
                               "{code} is printed under {printed_under}, but its parent is "
                               "{parent} (row order)"),
    "structure.no-rows": Message("表中没有任何数据行", "the table has no rows"),
    "structure.mixed-schemes": Message("同一表中混有不同分类的科目代码：{schemes}",
                                       "the table mixes codes of several schemes: {schemes}"),
    "catalog.no-year": Message(
        "未给出年度，科目代码和名称未与科目表核对（用 --year 或 FISCAL_YEAR 列给出年度）",
        "no fiscal year: codes and names were not checked against a catalog (give --year, a "
        "FISCAL_YEAR column, or year= to read_table)"),
    "problem.did-you-mean": Message("；是否为 {candidates}？", "; did you mean {candidates}?"),
    # report rules
    "table.empty": Message("空表未附说明", "empty table without a 说明 line"),
    "table.note": Message("读取说明", "{note}"),
    "table.department": Message("{table}表头单位为“{named}”，封面为“{cover}”",
                                "table {table} names the department 「{named}」; the cover "
                                "names 「{cover}」"),
})
"""Message id → :class:`Message`."""
