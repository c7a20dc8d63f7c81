"""What a word or a line looks like: amounts, codes, titles, units, notes, folios.

>>> is_amount("1,234.50"), is_amount("-"), is_amount("行政运行")
(True, True, False)
>>> split_title("公开 07 表 一般公共预算支出预算表（功能科目）")
('公开07表', '一般公共预算支出预算表（功能科目）')
>>> split_title("表4：高等学校财政拨款支出决算表")
('表4', '高等学校财政拨款支出决算表')
>>> split_title("反映单位的收支情况，详见附表。") is None
True
>>> find_unit("部门名称：江苏省高级人民法院 单位：万元")
'万元'
"""

from __future__ import annotations

import re

from govaccts.io.pdf.model import PdfLine, PdfWord
from govaccts.io.vocabulary import UNIT_LINE, UNIT_PAREN

_NUM = r"[-−–]?[(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?[)）]?%?"
AMOUNT_RE = re.compile(rf"^(?:{_NUM}|[-−–—]+|/)$")
STRONG_AMOUNT_RE = re.compile(r"^[-−–]?[(（]?(?:\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+\.\d+)[)）]?%?$")
CODE_RE = re.compile(r"^[\[【(（]?(\d{3}|\d{5}|\d{7})[\]】)）]?$")
CODE_PREFIX_RE = re.compile(r"^[\[【]?(\d{3}(?:\s?\d{2}){0,2})[\]】]?\s*(?=[^\d\s.,，%])")
CODE_HEADER_WORDS = frozenset({"类", "款", "项"})
UNIT_RE = UNIT_LINE
UNIT_PAREN_RE = UNIT_PAREN
META_RE = re.compile(r"(单\s*位\s*[:：]|编制单位|部门名称|单位名称|预算单位\s*[:：]|填报单位|部门\s*[:：])")
NOTE_RE = re.compile(r"^(注|说明|备注|数据来源|资料来源)\s*[:：\d（(、.]")
LABEL_RE = re.compile(
    r"^(?P<label>(?:部门)?(?:预算)?公开\s*\d{1,2}\s*表|附\s*表\s*[\d一二三四五六七八九十]{1,3}(?:\s*[-－—]\s*\d{1,2})?"
    r"|表\s*[\d一二三四五六七八九十]{1,3}(?:\s*[-－—]\s*\d{1,2})?|附件\s*\d{1,2})\s*[:：、.．\-—]?\s*")
FOLIO_RE = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/共]\s*\d{1,4}\s*页?)?[-—–－\s]*$")
_TRAIL_PAREN_RE = re.compile(r"\s*[（(][^（()）]{0,30}[)）]\s*$")
_CONT_RE = re.compile(r"[（(]?\s*续\s*(?:表)?\s*[\d一二三四五六七八九十]*\s*[)）]?\s*$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
TITLE_ENDINGS = ("表",)
_JUNK = "—–－-─ ·•"  # a folio printed sideways on a landscape page leaves dashes
_NOT_TITLE_END = ("发表", "代表", "图表", "列表")  # words ending in 表 that are not tables
_NOT_TITLE_START = ("详见", "见", "附：", "注", "如", "根据", "按照")


def is_amount(text: str) -> bool:
    return bool(AMOUNT_RE.match(text))


def is_strong_amount(text: str) -> bool:
    """An amount that cannot be a code or a year: it has decimals or thousands separators."""
    return bool(STRONG_AMOUNT_RE.match(text))


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def is_code(text: str) -> bool:
    return bool(CODE_RE.match(text))


def squash(text: str) -> str:
    """Text without any whitespace (for comparing printed headers and titles)."""
    return re.sub(r"\s+", "", text)


def split_title(text: str) -> tuple[str | None, str] | None:
    """``(label, title)`` when the text is shaped like a table title, else ``None``."""
    t = text.strip().lstrip(_JUNK).strip()
    label: str | None = None
    m = LABEL_RE.match(t)
    if m:
        label = squash(m.group("label"))
        t = t[m.end():].strip()
    t = re.sub(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*", "", t)  # 一、收支总表 (as a heading)
    core = _CONT_RE.sub("", t)
    while True:
        stripped = _TRAIL_PAREN_RE.sub("", core)
        if stripped == core:
            break
        core = stripped
    core = squash(core).rstrip("：:")
    if not (2 <= len(core) <= 45) or not core.endswith(TITLE_ENDINGS):
        return None
    if any(p in core for p in "。，；;！？") or core.startswith(_NOT_TITLE_START):
        return None
    if core.endswith(_NOT_TITLE_END) or "下表" in core:
        return None
    if not has_cjk(core[:-1]):
        return None
    return label, squash(t)


def label_only(text: str) -> str | None:
    """The label when the whole line is one (``公开 07 表``, ``附表1``), else ``None``."""
    t = text.strip().lstrip(_JUNK).strip()
    m = LABEL_RE.match(t)
    if m and not t[m.end():].strip():
        return squash(m.group("label"))
    return None


def is_continuation_marker(text: str) -> bool:
    s = squash(text)
    return s in ("续表", "（续）", "(续)", "续") or bool(re.fullmatch(r"[（(]?续表?[\d一二三四五六七八九十]*[)）]?", s))


def same_title(a: str, b: str) -> bool:
    def norm(t: str) -> str:
        return _CONT_RE.sub("", squash(t))
    return norm(a) == norm(b)


def find_unit(text: str) -> str | None:
    m = UNIT_RE.search(text) or UNIT_PAREN_RE.search(text)
    return m.group(1) if m else None


def is_meta(line: PdfLine) -> bool:
    return bool(META_RE.search(line.text))


def is_note(line: PdfLine) -> bool:
    return bool(NOTE_RE.match(line.text.strip()))


def is_folio(line: PdfLine) -> bool:
    return bool(FOLIO_RE.match(line.text)) and len(line.words) <= 3


def is_column_numbers(line: PdfLine) -> bool:
    """A header row numbering the columns: ``栏次 1 2 3`` or ``** ** 1 2 3``."""
    texts = [w.text for w in line.words]
    if any("栏次" in t for t in texts):
        return True
    nums = [t for t in texts if t.isdigit()]
    others = [t for t in texts if not t.isdigit()]
    if len(nums) < 2 or any(has_cjk(t) and t not in ("栏次", "行次") for t in others):
        return False
    vals = [int(t) for t in nums]
    return vals == list(range(vals[0], vals[0] + len(vals))) and vals[0] <= 2


def _year_like(words: tuple[PdfWord, ...], i: int) -> bool:
    nxt = words[i + 1].text if i + 1 < len(words) else ""
    return nxt[:1] in ("年", "月", "日", "个", "人", "项", "家", "次", "辆", "%")


def data_strength(line: PdfLine, *, first_column_x: int | None = None) -> int:
    """2 for a line that is surely a data row (a code first, a decimal amount, two numbers),
    1 for a weak one (a whole number after text), 0 for none."""
    words = line.words
    if is_column_numbers(line):
        return 0
    texts = [w.text for w in words]
    if texts and (is_code(texts[0]) or (CODE_PREFIX_RE.match(texts[0]) and has_cjk(texts[0]))):
        if len(texts) > 1 or has_cjk(texts[0]):
            return 2
    if any(is_strong_amount(t) for t in texts):
        return 2
    nums = [i for i, t in enumerate(texts) if is_amount(t) and not _year_like(words, i)]
    if len(nums) >= 2 and len(nums) >= len(texts) // 2:
        return 2
    if nums and (nums[0] > 0 or len(texts) == 1) and has_cjk(line.text):
        return 1
    return 0
