"""Printed amount text → exact :class:`Amount` (value and printed precision).

Text is parsed by one strict regular expression, never by ``Decimal()`` alone.

>>> parse_amount("１，２３４．５０").value
Decimal('1234.50')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

import attrs

from govaccts.errors import AmountError, Location

__all__ = ["Amount", "amount_of", "parse_amount", "to_decimal"]

MAX_TEXT_LENGTH = 64
"""Longest amount text accepted, checked before any other work."""

MAX_DIGITS = 30
"""Most significant digits an amount text may have."""

MAX_PLACES = 30
"""Most decimal places :func:`round_amount` and :func:`format_amount` accept."""

_MAX_PRECISION = 1000

# Characters allowed in amount text before folding: printable ASCII, whitespace,
# full-width forms (FF01-FF5E), and the dashes used for empty cells.  Anything
# else is refused up front so NFKC cannot turn "⑴" into "(1)" or "²" into "2".
_ALLOWED = re.compile(r"[\x20-\x7e\s\uff01-\uff5e\u2013\u2014\u2015\u2212]*")

_BLANK = re.compile(r"[-\u2013\u2014\u2015\u2212]*")

_AMOUNT = re.compile(
    r"(?:(?P<sign>[-+\u2212])|(?P<open>\())?"
    r"(?P<int>0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)"
    r"(?:\.(?P<frac>[0-9]+))?"
    r"(?(open)\))"
)

_SPECIAL = re.compile(r"[-+\u2212]?(?:s?nan[0-9]*|inf(?:inity)?)", re.IGNORECASE)
_EXPONENT = re.compile(r"[0-9.][eE][-+]?[0-9]")
_LEADING_ZERO = re.compile(r"(?:^|[^0-9.,])0[0-9,]")
_SYMBOLS = frozenset("0123456789+-\u2212(),.\u2013\u2014\u2015")


def _fail(value: object, reason: str, location: Location | None) -> AmountError:
    return AmountError(value, reason, location=location)


def _check_value(v: object) -> None:
    if v is not None and not (isinstance(v, Decimal) and v.is_finite()):
        raise AmountError(v, "an Amount's value is a finite Decimal or None (never a float)")


def _check_decimals(v: object) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_PLACES:
        raise AmountError(v, f"decimals is an int from 0 to {MAX_PLACES}")


@attrs.frozen
class Amount:
    """One parsed cell: its exact value (``None`` when blank), printed decimals and text.

    >>> a = parse_amount("19.50")
    >>> a.value, a.decimals, a.half_ulp, str(a)
    (Decimal('19.50'), 2, Decimal('0.005'), '19.50')
    """

    value: Decimal | None = attrs.field(validator=lambda _i, _a, v: _check_value(v))
    decimals: int = attrs.field(validator=lambda _i, _a, v: _check_decimals(v))
    text: str = attrs.field(validator=attrs.validators.instance_of(str))

    @property
    def is_blank(self) -> bool:
        """True for an explicitly empty cell (``""``, ``"—"``, ``"-"`` …).

        >>> parse_amount("——").is_blank, parse_amount("0.00").is_blank
        (True, False)
        """
        return self.value is None

    @property
    def half_ulp(self) -> Decimal:
        """Half a unit of the last printed place: the most rounding can have moved it.

        >>> parse_amount("559.94").half_ulp, parse_amount("19.5").half_ulp
        (Decimal('0.005'), Decimal('0.05'))
        """
        return Decimal((0, (5,), -(self.decimals + 1)))

    def __str__(self) -> str:
        return self.text


def _diagnose(folded: str) -> str:
    """Say why ``folded`` (NFKC-folded, stripped, not matching) is no amount."""
    if "%" in folded:
        return "a percentage is not an amount"
    if _SPECIAL.fullmatch(folded):
        return "NaN and Infinity are not amounts"
    if _EXPONENT.search(folded):
        return "exponent notation is not allowed"
    if any(c.isalpha() for c in folded):
        return "letters are not allowed in an amount"
    stray = next((c for c in folded if c not in _SYMBOLS and not c.isspace()), None)
    if stray is not None:
        return f"character {stray!r} is not allowed in an amount"
    if "()" in folded:
        return "empty parentheses"
    if folded.count("(") != folded.count(")"):
        return "unbalanced parentheses"
    if folded.count(".") > 1:
        return "more than one decimal point"
    if any(c.isspace() for c in folded):
        return "spaces inside an amount are not allowed"
    if "," in folded:
        return "misplaced thousands separator"
    if _LEADING_ZERO.search(folded):
        return "leading zero"
    if folded.startswith(".") or folded.endswith(".") or ".)" in folded or "(." in folded:
        return "a decimal point needs digits on both sides"
    return "not a decimal amount"


# -- the fast path: plain ASCII text such as ``1,234.56``, recognised without a regex ---------
#
# A text's *shape* is the text with every ASCII digit replaced by 9 ("1,234.56" → "9,999.99").
# Whether a shape is a plain amount (optional minus, complete thousands groups or none, an
# optional fraction, at most MAX_DIGITS digits) is decided once per shape by a regex and
# remembered; each text then costs one str.translate and one dict lookup.  Leading zeros do
# not show in a shape and are checked on the text.  Everything else takes the strict path.

SHAPE = str.maketrans("0123456789", "9999999999")
"""``str.translate`` table: every ASCII digit becomes ``9`` (a text's shape)."""

SEP = 32
"""Code bit of a plain text printed with thousands separators; the low bits are decimals."""

DECIMALS_MASK = 31
"""Mask of the decimals in a plain-text code (0 … :data:`MAX_PLACES`)."""

_PLAIN_SHAPE = re.compile(r"-?(?:9{1,3}(?:,999)+|9+)(?:\.(9+))?")
_plain_shapes: dict[str, int] = {}
_MAX_SHAPES = 4096


def plain_code(shape: str) -> int:
    """The code of a plain amount shape (decimals, plus :data:`SEP` when it has
    thousands separators), or -1 when texts of this shape take the strict path.

    >>> plain_code("9,999.99") == 2 | SEP, plain_code("-9.9"), plain_code("9,99"), plain_code("")
    (True, 1, -1, -1)
    """
    code = _plain_shapes.get(shape)
    if code is not None:
        return code
    m = _PLAIN_SHAPE.fullmatch(shape)
    if m is None or len(shape) > MAX_TEXT_LENGTH or shape.count("9") > MAX_DIGITS:
        return -1
    code = len(m[1] or "") | (SEP if "," in shape else 0)
    if len(_plain_shapes) < _MAX_SHAPES:  # a few hundred shapes occur; never unbounded
        _plain_shapes[shape] = code
    return code


def leading_zero(text: str) -> bool:
    """Whether a plain-shaped ``text`` has a leading zero (``01``, ``-0,123``): not plain.

    >>> leading_zero("0.50"), leading_zero("012"), leading_zero("-0,123"), leading_zero("0")
    (False, True, True, False)
    """
    k = 1 if text[0] == "-" else 0
    return text[k] == "0" and len(text) > k + 1 and text[k + 1] != "."


def parse_plain(text: str) -> tuple[int, int] | None:
    """``(scaled integer, code)`` of a plain ASCII amount text, else ``None``.

    The value is ``integer / 10**(code & DECIMALS_MASK)``; the text is the canonical
    rendering of that value (``format(value, "f")``, or ``",f"`` when ``code & SEP``)
    except for a minus zero such as ``-0.00``.

    >>> parse_plain("-1,234.50") == (-123450, 2 | SEP), parse_plain("１２"), parse_plain("007")
    (True, None, None)
    """
    if not text:
        return None
    code = _plain_shapes.get(text.translate(SHAPE))
    if code is None:
        code = plain_code(text.translate(SHAPE))
        if code < 0:
            return None
    if leading_zero(text):
        return None
    return int(text.replace(",", "").replace(".", "")), code


def decimal_of(integer: int, decimals: int) -> Decimal:
    """The exact Decimal ``integer / 10**decimals`` with exponent ``-decimals`` (no context).

    >>> decimal_of(-123450, 2), decimal_of(0, 2), decimal_of(7, 0)
    (Decimal('-1234.50'), Decimal('0.00'), Decimal('7'))
    """
    return Decimal(f"{integer}E-{decimals}") if decimals else Decimal(integer)


@functools.lru_cache(maxsize=65536)
def _parse_plain(text: str) -> Amount | None:
    """The fast path for plain ASCII text such as ``1,234.56`` (cached).

    Anything else — and any error — goes through the full parser.
    """
    if not text:
        return None
    shape = text.translate(SHAPE)
    code = _plain_shapes.get(shape)
    if code is None:
        code = plain_code(shape)
        if code < 0:
            return None
    first = text[0]
    if (first == "0" or first == "-") and leading_zero(text):
        return None
    value = Decimal(text.replace(",", ""))
    if first == "-" and value.is_zero():
        value = value.copy_abs()  # "-0.00" is 0.00, as the strict path reads it
    return new_amount(value, code & DECIMALS_MASK, text)


def new_amount(value: Decimal | None, decimals: int, text: str) -> Amount:
    """An :class:`Amount` from fields known to be valid, without running the validators
    (the hot path of every table: amounts are made on access)."""
    amount: Amount = _new_amount(Amount)
    _set(amount, "value", value)
    _set(amount, "decimals", decimals)
    _set(amount, "text", text)
    return amount


_new_amount = object.__new__
_set = object.__setattr__


def parse_amount(text: str, *, location: Location | None = None) -> Amount:
    """Parse one printed amount cell into an exact :class:`Amount`.

    Accepts ``,``/``，`` thousands separators, full-width characters, surrounding
    whitespace, a leading ``+``/``-``/``−``/``－`` and ``(1.23)``/``（1.23）`` for
    negatives.  Empty and dash-only cells (``—``, ``-``, ``——`` …) are blank.
    Everything else, including floats, exponents, NaN and percentages, is an
    :class:`~govaccts.errors.AmountError`.

    >>> parse_amount("（1,234.50）").value
    Decimal('-1234.50')
    >>> parse_amount("1e5", location=Location(file="t01.csv", line=3))
    Traceback (most recent call last):
    ...
    govaccts.errors.AmountError: t01.csv:3: invalid amount '1e5': exponent notation is not allowed
    """
    if not isinstance(text, str):
        if isinstance(text, float):
            reason = "a float is never converted to an amount; pass the printed text"
        else:
            reason = f"parse_amount takes text, not {type(text).__name__} (see to_decimal)"
        raise _fail(text, reason, location)
    if len(text) > MAX_TEXT_LENGTH:
        raise _fail(text, f"longer than {MAX_TEXT_LENGTH} characters", location)
    plain = _parse_plain(text)
    if plain is not None:
        return plain
    if not _ALLOWED.fullmatch(text):
        bad = next(c for c in text if not _ALLOWED.fullmatch(c))
        raise _fail(text, f"character {bad!r} is not allowed in an amount", location)
    folded = unicodedata.normalize("NFKC", text).strip()
    if _BLANK.fullmatch(folded):
        return Amount(value=None, decimals=0, text=text)
    match = _AMOUNT.fullmatch(folded)
    if match is None:
        raise _fail(text, _diagnose(folded), location)
    integer = match["int"].replace(",", "")
    fraction = match["frac"] or ""
    if len((integer + fraction).lstrip("0")) > MAX_DIGITS:
        raise _fail(text, f"more than {MAX_DIGITS} significant digits", location)
    value = Decimal(f"{integer}.{fraction}" if fraction else integer)
    if (match["sign"] in ("-", "\u2212") or match["open"]) and not value.is_zero():
        value = value.copy_negate()
    return Amount(value=value, decimals=len(fraction), text=text)


_MAX_COMPUTED = 100
"""Digits, and size of the exponent, of a Decimal handed to the arithmetic (parsed text
is held to 30 digits; computed values may be longer, but never absurd)."""


def _sane(value: Decimal, location: Location | None = None) -> Decimal:
    """``value`` if its digits and exponent are of a sane size (no 10⁶-digit values)."""
    t = value.as_tuple()
    if len(t.digits) > _MAX_COMPUTED or abs(int(t.exponent)) > _MAX_COMPUTED:
        raise _fail(value, f"too large or too precise for an amount (more than "
                           f"{_MAX_COMPUTED} digits or places)", location)
    return value


def to_decimal(obj: object, *, location: Location | None = None) -> Decimal:
    """Return ``obj`` as an exact finite Decimal: a Decimal, an int, or amount text.

    Floats, bools, NaN, Infinity and blank cells are an
    :class:`~govaccts.errors.AmountError`.

    >>> to_decimal("１９．５０"), to_decimal(12250)
    (Decimal('19.50'), Decimal('12250'))
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    govaccts.errors.AmountError: invalid amount 0.1: a float is never converted to an amount
    """
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            raise _fail(obj, "NaN and Infinity are not amounts", location)
        return _sane(obj, location)
    if isinstance(obj, bool):
        raise _fail(obj, "a bool is not an amount", location)
    if isinstance(obj, int):
        if abs(obj) >= 10 ** MAX_DIGITS:
            raise _fail(obj, f"more than {MAX_DIGITS} digits", location)
        return Decimal(obj)
    if isinstance(obj, float):
        raise _fail(obj, "a float is never converted to an amount", location)
    if isinstance(obj, str):
        amount = parse_amount(obj, location=location)
        if amount.value is None:
            raise _fail(obj, "a blank cell has no value", location)
        return amount.value
    raise _fail(obj, f"{type(obj).__name__} is not an amount", location)


def amount_of(cell: object) -> Amount:
    """An :class:`Amount` from a cell given as printed text, a ``Decimal`` or an ``int``; a
    float is refused with the fix.

    >>> amount_of("1,234.50").value, amount_of(Decimal("3.00")).decimals, amount_of(3).text
    (Decimal('1234.50'), 2, '3')
    """
    if isinstance(cell, str):
        return parse_amount(cell)
    if isinstance(cell, float):
        raise AmountError(cell, f"a float is never an amount: give Decimal(str({cell!r})) or "
                                "the printed text")
    if isinstance(cell, (Decimal, int)) and not isinstance(cell, bool):
        value = to_decimal(cell)
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return Amount(value=value, decimals=places, text=str(cell))
    raise AmountError(cell, f"a cell is text, a Decimal or an int, not {type(cell).__name__}")
