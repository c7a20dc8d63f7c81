"""The subject phrase a clause names before its figure: lead words, ordinals, the
department and the year taken off, and the scope (预算/决算) the phrase states."""

from __future__ import annotations

import re

from govaccts.catalogs.names import fold
from govaccts.io.vocabulary import DEPARTMENT_END

__all__ = ["ACTOR", "GENERIC", "LAST_YEAR", "NAMED_ACTOR", "YEAR", "clean_subject",
           "performance_subject"]

_LEAD_WORDS = re.compile(
    r"^(?:其中|包括|主要是|主要为|主要用于|主要包括|具体包括|具体为|分别为|分别是|此外|另外|同时|以及"
    r"|及|和|含|即|为|是|一是|二是|三是|四是|五是|共|合计为|开支|安排|用于)[：:，,、]?")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")
YEAR = re.compile(r"^(?:\d{4}\s*年度?|本年度|全年|当年|年度)")
ACTOR = re.compile(r"^(?:本部门|本单位|我单位|我部门|本机关|学校|我校|本校|我局|本局|我委|本委|我院|本院"
                    r"|我厅|本厅|我办|本办|单位|部门)")
NAMED_ACTOR = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}?" + DEPARTMENT_END
                         + r"(?:[（(]本级[)）])?(?=\s*(?:\d{4}\s*年|本年|年度))")
_TRAILING_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])\d{4}\s*年度?$")
_SCOPE = re.compile(r"(年初预算数?|全年预算数?|预算数|预算安排|预算|决算数|决算|执行数|实际支出|安排)$")
_GRANTED = re.compile(r"^(一般公共预算|政府性基金预算|国有资本经营预算|财政)(?:财政)?拨款安排的?")
_MID_SCOPE = re.compile(r"(?<!公共)(?<!基金)(?<!经营)预算(?=支出$|收入$)")
_TRAIL = re.compile(r"(?:为|是|达|约|共计|合计为|总额为|累计|的|分别为)$")
GENERIC = frozenset({"", "支出", "收入", "金额", "资金", "经费", "合计", "总计", "其中", "数", "总额",
                     "支出金额", "收入金额", "项目"})
"""Subjects that name nothing by themselves: the sentence's subject is meant."""


def clean_subject(text: str, department: str = "") -> tuple[str, str]:
    """The subject a clause names before its figure, and its scope (预算/决算/'').

    >>> clean_subject("2023年度收、支总计")
    ('收、支总计', '')
    >>> clean_subject("无锡市统计局 2026 年度财政拨款基本支出预算")
    ('财政拨款基本支出', '预算')
    >>> clean_subject("，支出决算为")
    ('支出', '决算')
    >>> clean_subject("一般公共预算拨款安排的会议费预算支出")
    ('一般公共预算会议费支出', '预算')
    >>> clean_subject("1.因公出国（境）费预算支出"), clean_subject("一般公共预算支出")
    (('因公出国(境)费支出', '预算'), ('一般公共预算支出', ''))
    """
    t = fold(text).strip("，,：:；;。、 ")
    if department and t.startswith(fold(department)):
        t = re.sub(r"^[（(]本级[)）]", "", t[len(fold(department)):])
    for _ in range(4):
        before = t
        t = _LEAD_WORDS.sub("", t)
        t = _ORDINAL.sub("", t)
        t = NAMED_ACTOR.sub("", t)
        t = ACTOR.sub("", t)
        t = YEAR.sub("", t)
        t = t.strip("，,：:；;。、 ")
        if t == before:
            break
    t = _GRANTED.sub(lambda m: "财政拨款" if m.group(1) == "财政" else m.group(1), t).replace("支出支出", "支出")  # 「政府性基金支出预算支出」  # 「一般公共预算拨款安排的会议费」: the 一般公共预算 会议费
    scope = ""
    t, n = _MID_SCOPE.subn("", t)  # 「因公出国（境）费预算支出」, not 「一般公共预算支出」
    if n:
        scope = "预算"
    for _ in range(3):
        before = t
        t = _TRAILING_YEAR.sub("", _TRAIL.sub("", t))  # 「公务用车购置费 2026 年预算数」
        m = _SCOPE.search(t)
        if (m and len(t) > len(m.group(1))) or (m and not scope):
            word = m.group(1)
            scope = scope or ("预算" if "预算" in word or word == "安排" else "决算")
            t = t[:m.start()]
        if t == before:
            break
    if "年初预算" in t:
        scope = "预算"
    return t, scope


LAST_YEAR = re.compile(r"^[（(]?(?:去年|上年)(?:预算数?|执行数|决算数)?$")
"""The subject of last year's figure stated beside a change: 「（去年预算数为 0 万元…）」."""
_PERFORMANCE = (
    (re.compile(r"所有项目支出(?:预算)?纳入[^。；]{0,16}绩效[^。；]{0,12}涉及(?:预算|财政性)?资金(?:合计)?为?\s*$"),
     "项目支出"),
    (re.compile(r"整体支出纳入[^。；]{0,8}绩效[^。；]{0,12}涉及(?:预算|财政性)?资金(?:合计)?为?\s*$"),
     "本年支出合计"),
)


def performance_subject(before: str) -> str | None:
    """What the funds of a 绩效 statement are: 「所有项目支出预算纳入…绩效管理，涉及预算资金 X」
    is the 项目支出; 「本部门整体支出纳入绩效目标管理，涉及财政性资金 X」 the 本年支出合计.

    >>> performance_subject("所有项目支出预算纳入部门预算绩效管理，涉及预算资金 ")
    '项目支出'
    """
    return next((subject for rx, subject in _PERFORMANCE if rx.search(before)), None)
