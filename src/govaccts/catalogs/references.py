"""Split 「X（类）Y（款）Z（项）」 references, as narratives print them, into names.

>>> split_reference("一般公共服务（类）人大事务（款）行政运行（项）")
('一般公共服务', '人大事务', '行政运行')
>>> split_reference("其他政府办公厅(室)及相关机构事务(项)")
('其他政府办公厅(室)及相关机构事务',)
"""

from __future__ import annotations

from govaccts.catalogs.names import fold
from govaccts.io.vocabulary import LEVEL_TAG

_TAG = LEVEL_TAG
_LEVEL = {"类": 1, "款": 2, "项": 3, "目": 4}


def split_reference_levels(text: str) -> tuple[tuple[str, int | None], ...]:
    """Like :func:`split_reference`, each name with the level its tag says (or ``None``).

    >>> split_reference_levels("其他支出（类）其他支出（款）")
    (('其他支出', 1), ('其他支出', 2))
    """
    folded = fold(text)
    parts: list[tuple[str, int | None]] = []
    start = 0
    for m in _TAG.finditer(folded):
        part = folded[start:m.start()]
        if part:
            parts.append((part, _LEVEL[m.group(1)]))
        start = m.end()
    rest = folded[start:]
    if rest:
        parts.append((rest, None))
    return tuple(parts)


def split_reference(text: str) -> tuple[str, ...]:
    """Names of a level-tagged reference, top level first; untagged text is one name.

    Text after the last tag is the last name (「一般公共服务（类）人大事务（款）行政运行」).

    >>> split_reference("一般公共服务（类）人大事务（款）行政运行")
    ('一般公共服务', '人大事务', '行政运行')
    """
    return tuple(name for name, _ in split_reference_levels(text))
