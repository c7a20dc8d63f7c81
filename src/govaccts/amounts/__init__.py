"""Exact amounts: printed text → :class:`Amount`, units 元/万元/亿元, 四舍五入 rounding.

Amounts are :class:`~decimal.Decimal` end to end and every computation runs in a private
decimal context, so the caller's context is neither read nor changed.

>>> from decimal import Decimal
>>> parse_amount("１，２３４．５０").value
Decimal('1234.50')
>>> convert(Decimal("94995790"), "元", "万元")
Decimal('9499.58')
"""

from govaccts.amounts.parse import (
    MAX_DIGITS,
    MAX_PLACES,
    MAX_TEXT_LENGTH,
    Amount,
    amount_of,
    parse_amount,
    to_decimal,
)
from govaccts.amounts.units import (
    EXACT,
    ROUNDING_MODES,
    Unit,
    convert,
    exact_sum,
    format_amount,
    round_amount,
)

__all__ = [
    "EXACT",
    "MAX_DIGITS",
    "MAX_PLACES",
    "MAX_TEXT_LENGTH",
    "ROUNDING_MODES",
    "Amount",
    "Unit",
    "amount_of",
    "convert",
    "exact_sum",
    "format_amount",
    "parse_amount",
    "round_amount",
    "to_decimal",
]
