"""Code strings of the classification: schemes, validation, levels, parents.

A code is a string of ASCII digits whose length gives its level: 3 digits a 类,
5 a 款, 7 a 项, 9 a 目 of the budget classifications (政府收支分类科目), 4 digits an
一级科目 of the accounting scheme (政府会计制度 会计科目, whose 明细科目 carry no code
of their own).  Each scheme fixes its code lengths and the digits its codes start with.

>>> normalize_code("２０１３１０１", "function")
'2013101'
>>> level_of("20131"), parent_code("2013101"), split_code("2013101")
(2, '20131', ('201', '31', '01'))
>>> parse_code("201 | 31 | 01"), parse_code("'2210201"), parse_code("2210201.0")
('2013101', '2210201', '2210201')
>>> scheme_of("30101"), scheme_of("1011")
('dept-economic', 'accounting')
"""

from __future__ import annotations

import unicodedata

from govaccts._frozen import Factory, field, frozen
from govaccts.errors import InvalidCodeError, UnknownSchemeError

TYPE_CHECKING = False  # not typing's: a first lookup imports neither typing nor re
if TYPE_CHECKING:
    import re

LEVEL_NAMES = {1: "类", 2: "款", 3: "项", 4: "目"}
"""Level number → the domain's own word."""

_LENGTH_TO_LEVEL = {3: 1, 4: 1, 5: 2, 7: 3, 9: 4}
"""Code length → level; 4 digits is an accounting 一级科目 (a level-1 code with no parent)."""


def _default_lengths(scheme: Scheme) -> tuple[int, ...]:
    return tuple(3 + 2 * i for i in range(scheme.levels))


def _default_level_names(scheme: Scheme) -> tuple[str, ...]:
    return tuple(LEVEL_NAMES[i] for i in range(1, scheme.levels + 1))


@frozen
class Scheme:
    """One classification: its API name, Chinese title, levels and leading digit.

    ``leading_digit`` holds the digits a code may start with (one for each budget
    classification; ``12345678`` for the accounting scheme, one per element).
    ``code_lengths`` are the lengths of its coded levels, top first (by default 3, 5,
    7 … for ``levels`` levels); ``level_names`` the domain's word for each level.

    >>> SCHEMES["function"].title, SCHEMES["accounting"].lengths
    ('支出功能分类科目', (4,))
    >>> SCHEMES["accounting"].level_names
    ('一级科目',)
    """

    name: str
    title: str
    levels: int
    leading_digit: str
    english: str
    code_lengths: tuple[int, ...] = field(default=Factory(_default_lengths, takes_self=True))
    level_names: tuple[str, ...] = field(default=Factory(_default_level_names, takes_self=True))

    @property
    def lengths(self) -> tuple[int, ...]:
        """Code lengths of the scheme's levels, top first."""
        return self.code_lengths

    def starts_right(self, code: str) -> bool:
        """Whether canonical ``code`` starts with one of the scheme's leading digits."""
        return bool(code) and code[0] in self.leading_digit

    def leading_text(self) -> str:
        """The leading digits in words: ``2`` or ``1–8``."""
        d = self.leading_digit
        return d if len(d) == 1 else f"{d[0]}–{d[-1]}"


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme("function", "支出功能分类科目", 3, "2", "expenditure by function"),
        Scheme("dept-economic", "部门预算支出经济分类科目", 2, "3",
               "departmental budget expenditure by economic nature"),
        Scheme("gov-economic", "政府预算支出经济分类科目", 2, "5",
               "government budget expenditure by economic nature"),
        Scheme("revenue", "收入分类科目", 4, "1", "revenue"),
        Scheme("accounting", "政府会计制度会计科目", 1, "12345678",
               "government accounting chart (政府会计制度——行政事业单位会计科目)",
               code_lengths=(4,), level_names=("一级科目",)),
    )
}

_ALIASES = {
    "expfunc": "function", "functional": "function", "功能分类": "function",
    "dept_economic": "dept-economic", "dept-econ": "dept-economic", "部门经济分类": "dept-economic",
    "gov_economic": "gov-economic", "gov-econ": "gov-economic", "政府经济分类": "gov-economic",
    "收入分类": "revenue",
    "会计科目": "accounting", "政府会计": "accounting", "govt-accounting": "accounting",
}


def get_scheme(name: str | Scheme) -> Scheme:
    """Return the :class:`Scheme` named ``name`` (aliases such as ``dept_economic`` accepted).

    >>> get_scheme("dept_economic").name
    'dept-economic'
    """
    if isinstance(name, Scheme):
        return name
    if not isinstance(name, str):
        raise UnknownSchemeError(f"a scheme is named by a str, not {type(name).__name__}")
    key = _ALIASES.get(name, name)
    try:
        return SCHEMES[key]
    except KeyError:
        raise UnknownSchemeError(
            f"unknown scheme {name!r} (known: {', '.join(SCHEMES)})"
        ) from None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def normalize_code(code: object, scheme: str | Scheme | None = None) -> str:
    """Validate ``code`` and return it as a canonical digit string.

    Full-width digits are folded (NFKC) and surrounding spaces removed; anything
    else that is not an ASCII digit is an :class:`InvalidCodeError`, as is a
    length that is no level of the scheme or a wrong leading digit.

    >>> normalize_code(" 30101 ", "dept-economic")
    '30101'
    >>> normalize_code("30101", "function")
    Traceback (most recent call last):
    ...
    govaccts.errors.InvalidCodeError: invalid code '30101' for scheme function: 支出功能分类科目 codes start with 2
    """
    sch = get_scheme(scheme) if scheme is not None else None
    sname = sch.name if sch else None
    if not isinstance(code, str):
        raise InvalidCodeError(code, f"a code is a str, not {type(code).__name__}", scheme=sname)
    text = _fold(code)
    if not text:
        raise InvalidCodeError(code, "empty code", scheme=sname)
    if not (text.isascii() and text.isdigit()):
        raise InvalidCodeError(code, "a code has digits only", scheme=sname)
    if len(text) not in _LENGTH_TO_LEVEL:
        raise InvalidCodeError(code, f"length {len(text)} is no level (3, 5, 7 or 9 digits; "
                               "4 for an accounting 一级科目)", scheme=sname)
    if sch is not None:
        if len(text) not in sch.lengths:
            raise InvalidCodeError(
                code, f"length {len(text)} is no level of {sch.title}: it has {sch.levels} "
                f"level{'s' if sch.levels > 1 else ''} ({'/'.join(map(str, sch.lengths))} digits)",
                scheme=sname)
        if not sch.starts_right(text):
            raise InvalidCodeError(code, f"{sch.title} codes start with {sch.leading_text()}",
                                   scheme=sname)
    if any(text[i:i + 2] == "00" for i in range(3, len(text), 2)):
        raise InvalidCodeError(code, "a 款/项/目 part is never 00", scheme=sname)
    return text


_PATTERNS: list[re.Pattern[str]] = []
"""Separators between the printed parts of a code, and a code as spreadsheets export it (a
leading apostrophe, a text cell; ``.0``, a number): compiled when first used, since a
first lookup never parses a printed code and ``re`` costs a fifth of its time."""


def _patterns() -> list[re.Pattern[str]]:
    if not _PATTERNS:
        import re

        _PATTERNS[:] = [re.compile(r"[\s|｜/\\\-—_.,，、]+"), re.compile(r"^'?(\d+)(?:\.0+)?$")]
    return _PATTERNS


def parse_code(text: str, scheme: str | Scheme | None = None) -> str:
    """Parse a code as printed in documents: joined, spaced, or split into columns.

    The one code parser of govaccts: the API, every reader and the CLI use it. Accepts
    ``"2013101"``, ``"201 31 01"``, ``"201 | 31 | 01"``, ``"201-31-01"``, full-width
    digits and spreadsheet forms (``"'2013101"``, ``"2013101.0"``); in split forms the
    first part has 3 digits and every later part 2.

    >>> parse_code("２０１　３１　０１")
    '2013101'
    >>> parse_code("201 | 3 | 01")
    Traceback (most recent call last):
    ...
    govaccts.errors.InvalidCodeError: invalid code '201 | 3 | 01': part '3' must have 2 digits
    """
    if not isinstance(text, str):
        raise InvalidCodeError(text, f"a code is a str, not {type(text).__name__}")
    folded = _fold(text)
    separators, excel_form = _patterns()
    excel = excel_form.match(folded)
    if excel:
        folded = excel.group(1)
    parts = [p for p in separators.split(folded) if p]
    if len(parts) > 1:
        if len(parts[0]) != 3:
            raise InvalidCodeError(text, f"first part {parts[0]!r} must have 3 digits")
        for p in parts[1:]:
            if len(p) != 2:
                raise InvalidCodeError(text, f"part {p!r} must have 2 digits")
        joined = "".join(parts)
    else:
        joined = folded
    try:
        return normalize_code(joined, scheme)
    except InvalidCodeError as exc:
        raise InvalidCodeError(text, exc.reason, scheme=exc.scheme) from None


def scheme_of(code: str) -> str:
    """The scheme a code belongs to, by its leading digit (the code parsed first).

    >>> scheme_of("2013101"), scheme_of("501 01")
    ('function', 'gov-economic')
    >>> scheme_of("9999999")
    Traceback (most recent call last):
    ...
    govaccts.errors.InvalidCodeError: invalid code '9999999': no scheme's codes start with 9 (function 2, dept-economic 3, gov-economic 5, revenue 1; 4-digit accounting 1–8)
    """
    canon = parse_code(code)
    for s in SCHEMES.values():
        if s.starts_right(canon) and len(canon) in s.lengths:
            return s.name
    known = ", ".join(f"{s.name} {s.leading_digit}" for s in SCHEMES.values()
                      if len(s.leading_digit) == 1)
    known += "; " + ", ".join(f"{'/'.join(map(str, s.lengths))}-digit {s.name} "
                              f"{s.leading_text()}" for s in SCHEMES.values()
                              if len(s.leading_digit) > 1)
    raise InvalidCodeError(code, f"no scheme's codes start with {canon[0]} ({known})")


def join_code(*parts: str) -> str:
    """Join 类/款/项 columns (``"201", "31", "01"``) into one code; blanks are skipped.

    >>> join_code("201", "31", "")
    '20131'
    """
    for p in parts:
        if not isinstance(p, str):
            raise InvalidCodeError(parts, f"code columns are str, not {type(p).__name__}")
    return parse_code(" ".join(p for p in parts if p and p.strip()))


def level_of(code: str) -> int:
    """Level of a canonical code: 1 类 (or a 4-digit 一级科目), 2 款, 3 项, 4 目."""
    if not isinstance(code, str) or not (code.isascii() and code.isdigit()):
        raise InvalidCodeError(code, "a canonical code has ASCII digits only")
    try:
        return _LENGTH_TO_LEVEL[len(code)]
    except KeyError:
        raise InvalidCodeError(code, f"length {len(code)} is no level") from None


def level_name(code: str, scheme: str | Scheme = "function") -> str:
    """The domain's word for the level of ``code`` in ``scheme``.

    >>> level_name("20131"), level_name("1011", "accounting")
    ('款', '一级科目')
    """
    names = get_scheme(scheme).level_names
    level = level_of(code)
    return names[level - 1] if level <= len(names) else LEVEL_NAMES[level]


def parent_code(code: str) -> str | None:
    """The parent's code (drop the last two digits), or ``None`` for a level-1 code."""
    if level_of(code) == 1:
        return None
    return code[:-2]


def ancestor_codes(code: str) -> tuple[str, ...]:
    """Codes of all ancestors, 类 first, excluding ``code`` itself.

    >>> ancestor_codes("2013101")
    ('201', '20131')
    """
    if level_of(code) == 1:
        return ()
    return tuple(code[:n] for n in range(3, len(code), 2))


def split_code(code: str) -> tuple[str, ...]:
    """Split into the printed parts: 类 (3 digits), then 2 digits a level; a 4-digit
    一级科目 is one part."""
    if level_of(code) == 1:
        return (code,)
    return (code[:3], *(code[i:i + 2] for i in range(3, len(code), 2)))


def other_scheme(code: str, scheme: str) -> Scheme | None:
    """The scheme ``code`` belongs to when that is not ``scheme`` (by its leading digit).

    >>> other_scheme("30101", "function").name, other_scheme("2010101", "function")
    ('dept-economic', None)
    """
    try:
        name = scheme_of(code)
    except InvalidCodeError:
        return None
    return get_scheme(name) if name != scheme else None
