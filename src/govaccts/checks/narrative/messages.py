"""Every message the narrative rules emit, as a template with arguments, in one place.

A rule passes a message id and its arguments; :func:`render` fills in both languages.
``what`` arguments are the label of the figure a sentence restates (「收支总计」,
「合计完成预算 (completion)」), as the rule that read it names it.

>>> render("amount.differs", what="收支总计", quoted="563.5", unit="万元", table="公开01-收入",
...        row="总计", column="金额", cell="563.56")[0]
'说明中收支总计为563.5万元，表公开01-收入[总计, 金额]为563.56万元'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from govaccts.checks.messages import Message

__all__ = ["NARRATIVE_MESSAGES", "render"]

M = Message

NARRATIVE_MESSAGES: Mapping[str, Message] = MappingProxyType({
    # figures: reading and restating
    "figure.unreadable": M("数字“{token}”格式错误，无法读取",
                           "the figure {token!r} cannot be read: {reason}"),
    "amount.differs": M("说明中{what}为{quoted}{unit}，表{table}[{row}, {column}]为{cell}万元",
                        "the narrative states {what} {quoted} {unit}; table {table} "
                        "[{row}, {column}] prints {cell} 万元"),
    "amount.unit": M("{what}写作{quoted}{unit}，表中为{cell}万元：单位应为万元",
                     "{what} is stated as {quoted} {unit}; table {table} prints the same "
                     "figure in 万元 ({cell}): the unit is wrong"),
    # rates
    "rate.zero-base": M("{what}为{pct}%，但分母为0，比率无意义",
                        "{what} is stated as {pct}% over a zero base (no rate exists)"),
    "rate.differs": M("{what}应为{shown}%，说明为{pct}%",
                      "{what}: {num}/{den} = {shown}%, the narrative says {pct}%"),
    # a stated total against the items listed below it (五(三))
    "items.budget.within": M("年初预算数{total}与各项年初预算之和（{computed}）相差{difference}",
                             "the 年初预算数 {total} vs the sum of the items' budgets "
                             "({computed}): difference {difference}, within rounding"),
    "items.budget.beyond": M("年初预算数{total}与各项年初预算之和（{computed}）相差{difference}",
                             "the 年初预算数 {total} vs the sum of the items' budgets "
                             "({computed}): difference {difference}"),
    "items.actual.within": M("公开05合计{total}与各项决算数之和（{computed}）相差{difference}",
                             "table 05 合计 {total} vs the sum of the items' 决算数 "
                             "({computed}): difference {difference}, within rounding"),
    "items.actual.beyond": M("公开05合计{total}与各项决算数之和（{computed}）相差{difference}",
                             "table 05 合计 {total} vs the sum of the items' 决算数 "
                             "({computed}): difference {difference}"),
    "items.unit": M("年初预算以“{bunit}”表述（{budget}{bunit}），决算以“{aunit}”表述，"
                    "按表中单位应为{budget}万元",
                    "the budget is stated in {bunit} ({budget} {bunit}) beside an actual in "
                    "{aunit}; the tables and the rates work in 万元"),
    "items.residue": M("模板残留「决算数{word}年初预算数」",
                       "template left-over 「决算数{word}年初预算数」 (pick one)"),
    "items.comparison": M("决算{actual}、预算{budget}，应为“{truth}”，说明为“{word}”",
                          "actual {actual} vs budget {budget} is '{truth}', "
                          "the narrative says '{word}'"),
    # references to 类/款/项
    "reference.unknown": M("科目引用「{ref}」在{year}年科目表及公开05中均无法对应",
                           "reference 「{ref}」 matches no row of table 05, and the {year} "
                           "catalog does not know it: {reason}"),
    "reference.unknown-under": M("科目引用「{ref}」在{year}年科目表及公开05中均无法对应",
                                 "reference 「{ref}」 matches no row of table 05; table 05 has "
                                 "nothing of that name under {deepest}, and the {year} catalog "
                                 "does not know it: {reason}"),
    "reference.not-in-table": M("{code}不在公开05中", "{code} ({ref}) is not printed in table 05"),
    # wording
    "wording.residue": M("模板残留「{text}」", "template left-over 「{text}」"),
    "fund-name.text": M("“国有资产经营预算”应为“国有资本经营预算”",
                        "国有资产经营 (state assets) for 国有资本经营 (state capital): the fund is "
                        "国有资本经营预算"),
    "fund-name.note": M("表{table}的说明“{note}”应为“国有资本经营…”",
                        "the 说明 of table {table} names 国有资产经营 for 国有资本经营"),
    "fund-name.title": M("表题“{title}”应为“国有资本经营…”",
                         "table title 「{title}」 names 国有资产经营 for 国有资本经营"),
    # the annexes
    "repeated.sangong-budget": M("附件中“三公”经费预算数为{annex}万元，公开09及说明七为{table}万元",
                                 "the annex states a 三公 budget of {annex} 万元; table 09 (and "
                                 "section 七) print {table} 万元"),
    "projects.budget": M("年初预算{terms}加调增{added}为{total}万元，与实际支出{spent}加结余结转{left}不符",
                         "project budgets {terms_spaced} plus the mid-year increase {added} do "
                         "not equal spending {spent} plus carry-over {left}"),
    # 政府采购
    "procurement.total": M("政府采购支出总额{total}万元不等于货物、工程、服务之和{computed}万元",
                           "government procurement total {total} is not 货物 + 工程 + 服务 = "
                           "{computed}"),
    "procurement.sme-part": M("全部采购均授予中小企业，{part}采购授予中小企业比例应为100%，说明为{pct}%",
                              "all procurement went to SMEs, so the SME share of {part} must be "
                              "100%, the narrative says {pct}%"),
    "procurement.sme-part-is-share": M(
        "全部采购均授予中小企业，{part}采购授予中小企业比例应为100%，说明为{pct}%",
        "all procurement went to SMEs, so the SME share of {part} must be 100%, the narrative "
        "says {pct}%; {pct}% is {part}'s share of the total ({amount}/{total})"),
    # claims (checks/narrative/verify*.py)
    "claim.rate-last-digit": M("{what}应为{shown}%，说明为{pct}%（末位相差）",
                               "{what}: {num}/{den} = {shown}%, the narrative says {pct}% "
                               "(off in the last printed digit)"),
    "claim.share-other-whole": M(
        "{what}为{pct}%，与{whole}（{den}）之比不符，却是与{other}（{other_value}）之比",
        "{what} is stated as {pct}%: not the share of {whole} ({den}) but of {other} "
        "({other_value})"),
    "claim.rate-other-base": M(
        "{what}为{pct}%，不是{num}/{den}，却是{num}与{other}（{other_value}）之比：比率的基数有误",
        "{what} is stated as {pct}%: not {num}/{den} but {num} over {other} ({other_value}) "
        "(the wrong base)"),
    "claim.empty-statement": M("说明称“{said}”，但表{table}[{row}, {column}]为{cell}",
                               "the text says 「{said}」 but table {table} [{row}, {column}] "
                               "prints {cell}"),
    "claim.rate-inverted": M("{what}为{pct}%，不是{num}/{den}，却是{den}/{num}：分子与基数颠倒",
                             "{what} is stated as {pct}%: not {num}/{den} but {den}/{num} "
                             "(the base turned over)"),
    "claim.change-delta": M("{cur}与{prior}相差{diff}，说明为{said}",
                            "{cur} against {prior} is a change of {diff}; the narrative "
                            "says {said}"),
    "claim.direction": M("说明称{said}，而{other_word}{other}：方向矛盾",
                         "the narrative says {said} but also {other_word} {other}: the "
                         "directions contradict each other"),
    "claim.flat": M("说明称与{base}相比持平（无变化），但同句写明{word}{delta}",
                    "the narrative says unchanged against {base} but states {word} {delta} in "
                    "the same sentence"),
    "claim.reference-unknown": M("科目引用「{ref}」在{where}中均无对应行",
                                 "reference 「{ref}」 matches no row of {where_en}"),
    "claim.reference-name": M("科目{code}在表{table}中为“{label}”，说明写作“{name}”",
                              "code {code} is 「{label}」 in table {table}; the narrative calls "
                              "it 「{name}」"),
    "claim.empty-table": M("说明称{said}，但表{table}[{row}, {column}]为{cell}",
                           "the narrative says {said}, but table {table} [{row}, {column}] "
                           "prints {cell}"),
    "claim.items-sum": M("{what}为{total}，其后“包括”的各项之和为{parts}万元",
                         "{what} is {total}, but the parts it is said to consist of add up "
                         "to {parts} 万元"),
    "coverage.summary": M("情况说明中含数字的句子{sentences}句，{checked}句已与表格或文中数字核对"
                  "（{share}%）；数字{figures}个，已核对{figures_checked}个，"
                  "未能对应表格{untied}个，对应不唯一{ambiguous}个",
                  "{sentences} sentences of the narrative state figures; {checked} were tied "
                  "to the tables (or to figures the text states) and checked ({share}%); of "
                  "{figures} figures, {figures_checked} checked, {untied} not tied to a table, "
                  "{ambiguous} ambiguous"),
})
"""Message id → :class:`~govaccts.checks.messages.Message`."""


def render(message_id: str, **args: object) -> tuple[str, str]:
    """The Chinese and English text of message ``message_id`` with ``args`` filled in."""
    return NARRATIVE_MESSAGES[message_id].render(**args)
