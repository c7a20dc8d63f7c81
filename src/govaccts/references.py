"""Split 「X（类）Y（款）Z（项）」 references, as narratives print them, into names.

>>> split_reference("一般公共服务（类）人大事务（款）行政运行（项）")
('一般公共服务', '人大事务', '行政运行')
>>> split_reference("其他政府办公厅(室)及相关机构事务(项)")
('其他政府办公厅(室)及相关机构事务',)
"""

from __future__ import annotations

import re

from govaccts.names import fold

_TAG = re.compile(r"[(（](类|款|项|目)[)）]")


def split_reference(text: str) -> tuple[str, ...]:
    """Names of a level-tagged reference, top level first; untagged text is one name."""
    folded = fold(text)
    parts: list[str] = []
    start = 0
    for m in _TAG.finditer(folded):
        part = folded[start:m.start()]
        if part:
            parts.append(part)
        start = m.end()
    rest = folded[start:]
    if rest and not parts:
        parts.append(rest)
    return tuple(parts)
