"""One vocabulary of column headers and file fields, for every reader and the catalog build.

Printed tables and exported files name the same column many ways (科目编码 / 科目代码 /
EXP_FUNC_CODE …). Every reader looks a header up here, and ``tools/build_catalogs.py``
writes the catalog files with the fields declared here, so a new alias is added once.

>>> CODE_HEADERS[:3], scheme_of_header("DEP_BGT_ECO_CODE")
(('科目代码', '科目编码', 'code'), 'dept-economic')
"""

from __future__ import annotations

import re
from types import MappingProxyType

from govaccts.io.fields import EDITION_FIELDS, ROW_FIELDS, SOURCE_FIELDS

__all__ = [
    "CODE_HEADERS",
    "DEPARTMENT_END",
    "EDITION_FIELDS",
    "LABEL_HEADERS",
    "LEVEL_TAG",
    "NAME_HEADERS",
    "ROW_FIELDS",
    "SOURCE_FIELDS",
    "SPLIT_HEADERS",
    "TEXT_HEADERS",
    "UNIT_LINE",
    "UNIT_PAREN",
    "code_header",
    "scheme_of_header",
]

_CODE_SCHEMES = MappingProxyType({
    "科目代码": None, "科目编码": None, "code": None, "编码": None, "代码": None,
    "功能分类科目编码": "function", "经济分类科目编码": None,
    "部门预算支出经济分类科目编码": "dept-economic", "政府预算支出经济分类科目编码": "gov-economic",
    "收入分类科目编码": "revenue",
    "EXP_FUNC_CODE": "function", "DEP_BGT_ECO_CODE": "dept-economic",
    "GOV_BGT_ECO_CODE": "gov-economic", "chr_code": None,
})

CODE_HEADERS: tuple[str, ...] = tuple(_CODE_SCHEMES)
"""Headers of a column of whole codes (2010101), most common first."""

NAME_HEADERS: tuple[str, ...] = (
    "科目名称", "name", "名称", "功能分类科目名称", "经济分类科目名称",
    "EXP_FUNC_NAME", "DEP_BGT_ECO_NAME", "GOV_BGT_ECO_NAME", "chr_name",
)
"""Headers of a column of 科目 names."""

LABEL_HEADERS: tuple[str, ...] = ("项目",)
"""Headers of a column of row labels in tables whose rows carry no code (总表, 三公)."""

SPLIT_HEADERS: tuple[str, ...] = ("类", "款", "项")
"""Headers of a code printed in three columns (201 | 01 | 01)."""

TEXT_HEADERS: tuple[str, ...] = (
    "行次", "区块", "栏次", "备注", "页", "FISCAL_YEAR", "MOF_DIV_CODE", "AGENCY_CODE", "AGENCY_NAME",
)
"""Columns that hold text, never amounts."""

YEAR_HEADERS: tuple[str, ...] = ("FISCAL_YEAR", "年度")
"""Columns that give the fiscal year of each row."""

KNOWN_HEADERS: frozenset[str] = frozenset(
    (*CODE_HEADERS, *NAME_HEADERS, *LABEL_HEADERS, *SPLIT_HEADERS, *TEXT_HEADERS))
"""Every header above: a row holding one of them is a table's header row."""

UNIT_LINE = re.compile(r"(?:金额)?单\s*位\s*[:：]?\s*(?:人民币)?\s*(亿元|万元|千元|元)")
"""A unit line or cell: ``单位：万元``, ``金额单位:元``, ``单 位：人民币万元`` (group 1: the unit)."""

UNIT_PAREN = re.compile(r"[（(]\s*(?:单位\s*[:：]?\s*)?(亿元|万元|千元|元)\s*[)）]")
"""A unit in brackets after a header or title: ``基本支出（元）`` (group 1: the unit)."""

LEVEL_TAG = re.compile(r"[(（](类|款|项|目)[)）]")
"""A level tag printed after a name: （类）, (款), （项）, （目）."""


def code_header(scheme: str | None) -> str:
    """The code column's header that names ``scheme`` (``科目代码`` when none is known).

    >>> code_header("dept-economic"), code_header(None)
    ('部门预算支出经济分类科目编码', '科目代码')
    """
    if scheme is None:
        return "科目代码"
    return next((h for h, s in _CODE_SCHEMES.items() if s == scheme and "分类" in h), "科目代码")


def scheme_of_header(header: str) -> str | None:
    """The scheme a code column's header implies (``EXP_FUNC_CODE`` → ``function``)."""
    return _CODE_SCHEMES.get(header)


DEPARTMENT_END = (r"(?:局|委员会|委|厅|办公室|办|院|大学|学校|校|学|中心|部|署|馆|所|会|处|站|队|社|团"
                  r"|室|府|园|狱|司|行)")
"""How a department's or unit's name ends (市交通运输局, …委员会, …大学): the PDF reader
completes a cover name that ends otherwise; the narrative takes a name so ending off a
subject."""
