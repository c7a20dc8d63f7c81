"""Name normalisation: make names printed in real documents comparable.

Real documents print the same name with full- or half-width brackets, stray or
wrapped spaces, a trailing level tag such as 「（项）」, an ordinal such as
「一、」, 其它 for 其他, and with or without a trailing 支出.  :func:`name_key`
folds all of that into one comparison key; the printed name itself is never
changed.

>>> name_key("党委办公厅（室）及相关机构事务（款）") == name_key("党委办公厅(室)及相关机构事务")
True
>>> name_key(" 一、一般公共服务 支出") == name_key("一般公共服务（类）")
True
"""

from __future__ import annotations

import re
import unicodedata

from govaccts.io.vocabulary import LEVEL_TAG

_SPACE = re.compile(r"\s+")
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十]+[)）]、?|\d+[、.．)）](?!\d))"
)
_LEVEL_TAG = re.compile(LEVEL_TAG.pattern + "$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


def fold(text: str) -> str:
    """NFKC-fold ``text`` and remove every whitespace character (spaces, line breaks).

    >>> fold("政府办公厅（室）及\\n相关机构事务")
    '政府办公厅(室)及相关机构事务'
    """
    if not isinstance(text, str):
        from govaccts.errors import GovacctsError

        raise GovacctsError(f"a name is a str, not {type(text).__name__}")
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


def strip_level_tag(text: str) -> str:
    """Drop one trailing 「（类）」/「（款）」/「（项）」/「（目）」 tag from folded text."""
    return _LEVEL_TAG.sub("", text)


def strip_ordinal(text: str) -> str:
    """Drop a leading ordinal such as 「一、」, 「（三）」 or 「1、」 from folded text."""
    return _ORDINAL.sub("", text)


def name_key(name: str) -> str:
    """The comparison key of a printed name (see the module docstring).

    >>> name_key("其它公立医院支出") == name_key("其他公立医院")
    True
    """
    text = strip_ordinal(fold(name))
    text = strip_level_tag(text)
    text = text.replace("其它", "其他")
    if text.endswith("支出") and len(text) > 2:
        text = text[:-2]
    return text
