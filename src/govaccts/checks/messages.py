"""Finding messages as templates with arguments, rendered in Chinese and English.

One place holds every message the built-in rules emit, so wording is reviewed (and
translated) together and a rule passes only its arguments.

>>> MESSAGES["sum.beyond"].render(text="t 201: 小计 = 基本 + 项目", gap="-0.05", tolerance="0.01")
('t 201: 小计 = 基本 + 项目：相差-0.05，超出尾数误差范围（容差0.01）', 't 201: 小计 = 基本 + 项目: off by -0.05, beyond rounding (tolerance 0.01)')
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
    "sum.within": Message("{text}：相差{gap}，在四舍五入尾数误差范围内（容差{tolerance}）",
                          "{text}: off by {gap}, within rounding (tolerance {tolerance})"),
    "sum.exact": Message("{text}：相差{gap}（精确模式，不允许尾数差）",
                         "{text}: off by {gap} (exact mode: no rounding allowed)"),
    "sum.beyond": Message("{text}：相差{gap}，超出尾数误差范围（容差{tolerance}）",
                          "{text}: off by {gap}, beyond rounding (tolerance {tolerance})"),
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
    # report rules
    "table.empty": Message("空表未附说明", "empty table without a 说明 line"),
    "table.note": Message("读取说明", "{note}"),
})
"""Message id → :class:`Message`."""
