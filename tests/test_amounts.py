"""Tests of govaccts.amounts: parsing cells, units, rounding and conversion."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts.amounts import (
    ROUNDING_MODES,
    Amount,
    Unit,
    convert,
    format_amount,
    parse_amount,
    round_amount,
    to_decimal,
)
from govaccts.errors import AmountError, GovacctsError, Location, UnitError

D = Decimal
LOC = Location(file="公开01.csv", line=117, column="本年收入合计")
SEED = Path(govaccts.__file__).resolve().parent / "examples" / "hetang_2023" / "seed.txt"
"""The seed report's text, bundled with the package (byte for byte ../shared/seed's copy),
so this test runs in a bare clone too."""

quick = settings(max_examples=150, derandomize=True, database=None, deadline=None)


def dec(sign: int, digits: int, exponent: int) -> Decimal:
    """Build a Decimal without any context arithmetic."""
    return Decimal((1 if sign < 0 else 0, tuple(int(c) for c in str(digits)), exponent))


# --- parsing ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "decimals"), [
    # as printed in the seed report (公开01/02, amounts in 万元)
    ("559.94", D("559.94"), 2),
    ("540.44", D("540.44"), 2),
    ("19.50", D("19.50"), 2),
    ("0.00", D("0.00"), 2),
    ("563.56", D("563.56"), 2),
    ("19.5", D("19.5"), 1),        # the narrative's 其他收入19.5万元
    ("0", D("0"), 0),              # 年初预算为0万元
    ("94,995,790", D("94995790"), 0),
    ("1,234.50", D("1234.50"), 2),
    ("１，２３４．５０", D("1234.50"), 2),
    ("１２．５０", D("12.50"), 2),
    ("  559.94\t", D("559.94"), 2),
    ("\u3000１９．５０\u3000", D("19.50"), 2),
    ("+3.62", D("3.62"), 2),
    ("-3.62", D("-3.62"), 2),
    ("\u22123.62", D("-3.62"), 2),
    ("－3.62", D("-3.62"), 2),
    ("(1.23)", D("-1.23"), 2),
    ("（1.23）", D("-1.23"), 2),
    ("（１，２３４．５０）", D("-1234.50"), 2),
    ("-0.00", D("0.00"), 2),
    ("123456789012345678901234567890", D("123456789012345678901234567890"), 0),
])
def test_parse_forms(text: str, value: Decimal, decimals: int) -> None:
    amount = parse_amount(text)
    assert amount.value == value
    assert amount.value is not None and amount.value.as_tuple() == value.as_tuple()
    assert amount.decimals == decimals
    assert amount.text == text
    assert str(amount) == text
    assert not amount.is_blank


@pytest.mark.parametrize("text", ["", "   ", "—", "-", "–", "－", "——", " — ", "\u2015", "\u2212"])
def test_parse_blank_cells(text: str) -> None:
    amount = parse_amount(text)
    assert amount == Amount(value=None, decimals=0, text=text)
    assert amount.is_blank


@pytest.mark.parametrize(("text", "reason"), [
    ("1e5", "exponent"),
    ("1E-2", "exponent"),
    ("1.5e+3", "exponent"),
    ("NaN", "NaN"),
    ("-Infinity", "Infinity"),
    ("inf", "Infinity"),
    ("sNaN", "NaN"),
    ("1..2", "decimal point"),
    ("1.2.3", "decimal point"),
    ("12abc", "letters"),
    ("万元", "not allowed"),
    ("559.94万元", "not allowed"),
    ("()", "empty parentheses"),
    ("（）", "empty parentheses"),
    ("12%", "percentage"),
    ("55.8%", "percentage"),
    ("1,23,4", "separator"),
    ("12,34", "separator"),
    ("1,2345", "separator"),
    (",123", "separator"),
    ("123,", "separator"),
    ("1 234", "spaces"),
    ("1_000", "'_'"),
    ("007", "leading zero"),
    (".5", "digits on both sides"),
    ("5.", "digits on both sides"),
    ("(1.23", "unbalanced"),
    ("1.23)", "unbalanced"),
    ("(-1.23)", "not a decimal amount"),
    ("-(1.23)", "not a decimal amount"),
    ("--1", "not a decimal amount"),
    ("+-1", "not a decimal amount"),
    ("1-2", "not a decimal amount"),
    ("⑴", "not allowed"),           # NFKC would make it "(1)"
    ("²", "not allowed"),           # NFKC would make it "2"
    ("١٢", "not allowed"),          # Arabic-Indic digits
    ("1\x00", "not allowed"),
    ("9" * 31, "significant digits"),
    ("1" * 65, "longer than 64"),
])
def test_parse_rejections_name_text_and_location(text: str, reason: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text, location=LOC)
    exc = info.value
    assert exc.value == text
    assert reason in exc.reason
    assert repr(text) in str(exc)
    assert str(LOC) in str(exc)
    assert exc.location == LOC
    assert isinstance(exc, ValueError) and isinstance(exc, GovacctsError)


def test_parse_rejects_huge_text_before_any_work() -> None:
    with pytest.raises(AmountError, match="longer than 64"):
        parse_amount("1" * 1_000_000)
    with pytest.raises(AmountError, match="longer than 64"):
        parse_amount("(" * 500_000 + ")" * 500_000)


@pytest.mark.parametrize(("obj", "reason"), [
    (0.1, "float is never converted"),
    (19.5, "float is never converted"),
    (True, "not bool"),
    (5, "not int"),
    (D("5"), "not Decimal"),
    (None, "not NoneType"),
    (b"1.00", "not bytes"),
])
def test_parse_rejects_non_text(obj: object, reason: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(obj, location=LOC)  # type: ignore[arg-type]
    assert info.value.value is obj
    assert reason in info.value.reason
    assert str(LOC) in str(info.value)


def test_amount_half_ulp_and_frozen() -> None:
    assert parse_amount("559.94").half_ulp == D("0.005")
    assert parse_amount("19.5").half_ulp == D("0.05")
    assert parse_amount("94,995,790").half_ulp == D("0.5")
    assert parse_amount("0.0001").half_ulp == D("0.00005")
    assert parse_amount("—").half_ulp == D("0.5")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        parse_amount("1.00").value = D(2)  # type: ignore[misc]


def test_every_numeric_cell_of_the_seed_tables_parses() -> None:
    cell = re.compile(r"[0-9][0-9,]*\.[0-9]+")
    seen = 0
    for line in SEED.read_text(encoding="utf-8").splitlines():
        for field in line.split("\t"):
            if cell.fullmatch(field.strip()):
                amount = parse_amount(field)
                plain = field.strip().replace(",", "")
                assert amount.value == D(plain)
                assert amount.decimals == len(plain.partition(".")[2])
                seen += 1
    assert seen > 100


# --- to_decimal -------------------------------------------------------------------------------

def test_to_decimal_accepts() -> None:
    assert to_decimal(D("559.94")) == D("559.94")
    assert to_decimal(12250) == D(12250)
    assert to_decimal("（1,234.50）") == D("-1234.50")
    assert to_decimal(-0) == D(0)


@pytest.mark.parametrize(("obj", "reason"), [
    (0.1, "float"),
    (1.0, "float"),
    (True, "bool"),
    (False, "bool"),
    (D("NaN"), "NaN"),
    (D("sNaN"), "NaN"),
    (D("Infinity"), "Infinity"),
    (D("-Infinity"), "Infinity"),
    ("", "blank"),
    ("—", "blank"),
    ("1e5", "exponent"),
    (None, "NoneType"),
    ([1], "list"),
])
def test_to_decimal_rejects(obj: object, reason: str) -> None:
    with pytest.raises(AmountError) as info:
        to_decimal(obj, location=LOC)
    assert info.value.value is obj
    assert reason in info.value.reason
    assert str(LOC) in str(info.value)


# --- units ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("given_unit", "unit"), [
    ("元", Unit.YUAN), ("万元", Unit.WAN), ("亿元", Unit.YI),
    ("yuan", Unit.YUAN), ("wan", Unit.WAN), ("yi", Unit.YI),
    ("WAN", Unit.WAN), (" 万元 ", Unit.WAN),
    (Unit.YI, Unit.YI),
])
def test_unit_parse(given_unit: Unit | str, unit: Unit) -> None:
    assert Unit.parse(given_unit) is unit


def test_unit_factors() -> None:
    assert [(u.value, u.factor, u.exponent) for u in Unit] == [
        ("元", 1, 0), ("万元", 10_000, 4), ("亿元", 100_000_000, 8)]


@pytest.mark.parametrize("bad", ["千元", "", "金额单位：万元", "wanyuan", None, 10_000])
def test_unit_parse_unknown(bad: object) -> None:
    with pytest.raises(UnitError, match=re.escape(repr(bad))):
        Unit.parse(bad)  # type: ignore[arg-type]


# --- rounding ---------------------------------------------------------------------------------

def test_rounding_mode_names() -> None:
    assert dict(ROUNDING_MODES) == {
        "half-up": decimal.ROUND_HALF_UP, "half-even": decimal.ROUND_HALF_EVEN,
        "half-down": decimal.ROUND_HALF_DOWN, "up": decimal.ROUND_UP,
        "down": decimal.ROUND_DOWN, "ceiling": decimal.ROUND_CEILING,
        "floor": decimal.ROUND_FLOOR,
    }
    with pytest.raises(TypeError):
        ROUNDING_MODES["x"] = "y"  # type: ignore[index]


@pytest.mark.parametrize(("mode", "pos", "neg"), [
    ("half-up", "1.23", "-1.23"),
    ("四舍五入", "1.23", "-1.23"),
    ("half-even", "1.22", "-1.22"),
    ("四舍六入五成双", "1.22", "-1.22"),
    ("half-down", "1.22", "-1.22"),
    ("up", "1.23", "-1.23"),
    ("down", "1.22", "-1.22"),
    ("ceiling", "1.23", "-1.22"),
    ("floor", "1.22", "-1.23"),
    (decimal.ROUND_HALF_UP, "1.23", "-1.23"),
    (decimal.ROUND_HALF_EVEN, "1.22", "-1.22"),
    (decimal.ROUND_05UP, "1.22", "-1.22"),
])
def test_round_amount_modes(mode: str, pos: str, neg: str) -> None:
    assert round_amount(D("1.225"), 2, mode) == D(pos)
    assert round_amount(D("-1.225"), 2, mode) == D(neg)


def test_round_amount_examples() -> None:
    assert round_amount(D("1.235")) == D("1.24")
    assert round_amount(D("1.235"), rounding="half-even") == D("1.24")
    assert round_amount(D("9499.579")).as_tuple() == D("9499.58").as_tuple()
    assert round_amount(D("19.5")).as_tuple() == D("19.50").as_tuple()
    assert round_amount(7, 0) == D(7)
    assert round_amount(D("-0.001")).as_tuple() == D("0.00").as_tuple()
    assert round_amount(D("0.5"), 0) == D(1)
    big = D("123456789012345678901234567890123.455")  # more digits than the default prec
    assert round_amount(big) == D("123456789012345678901234567890123.46")


@pytest.mark.parametrize("bad", ["bankers", "HALF_UP", "", None, 2])
def test_round_amount_unknown_mode(bad: object) -> None:
    with pytest.raises(UnitError, match=re.escape(repr(bad))):
        round_amount(D("1.225"), 2, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("places", [-1, 31, True, 1.0, "2"])
def test_round_amount_bad_places(places: object) -> None:
    with pytest.raises(UnitError, match="places"):
        round_amount(D("1.225"), places)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1.225, True, D("NaN"), D("Infinity"), "1.225", None])
def test_round_amount_rejects(value: object) -> None:
    with pytest.raises(AmountError) as info:
        round_amount(value)  # type: ignore[arg-type]
    assert info.value.value is value


def test_round_amount_rejects_absurd_magnitude() -> None:
    with pytest.raises(AmountError, match="too large"):
        round_amount(D("1E+999999999"))
    with pytest.raises(AmountError, match="too precise"):     # absurd the other way too
        round_amount(D("1E-999999999"))
    assert round_amount(D("1E-99")) == D("0.00")


# --- formatting -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "places", "thousands", "text"), [
    (D("559.94"), 2, False, "559.94"),
    (D("19.5"), 2, False, "19.50"),
    (D("0"), 2, False, "0.00"),
    (D("-0.001"), 2, False, "0.00"),
    (D("94995790"), 0, True, "94,995,790"),
    (D("-94995790"), 2, True, "-94,995,790.00"),
    (D("1234.5"), 2, True, "1,234.50"),
    (D("123.456"), 2, True, "123.46"),
    (D("999.995"), 2, True, "1,000.00"),
    (D("0.05"), 4, False, "0.0500"),
    (D("1E+3"), 1, False, "1000.0"),
    (D("1.225"), 2, False, "1.23"),
    (12250, 0, True, "12,250"),
])
def test_format_amount(value: Decimal, places: int, thousands: bool, text: str) -> None:
    assert format_amount(value, places, thousands=thousands) == text


def test_format_amount_rounding_and_rejections() -> None:
    assert format_amount(D("1.225"), rounding="half-even") == "1.22"
    with pytest.raises(AmountError):
        format_amount(1.5)  # type: ignore[arg-type]
    with pytest.raises(UnitError):
        format_amount(D(1), rounding="nearest")


# --- conversion -------------------------------------------------------------------------------

def test_convert_examples() -> None:
    assert convert(D("12250"), "元", "万元") == D("1.23")
    assert convert(D("12250"), "元", "万元", rounding="half-even") == D("1.22")
    assert convert(D("94995790"), "元", "万元") == D("9499.58")
    assert convert(D("94995790"), Unit.YUAN, Unit.WAN, places=None) == D("9499.5790")
    assert convert(D("559.94"), "万元", "元") == D("5599400.00")
    assert convert(D("559.94"), "wan", "yuan", places=None).as_tuple() == D("5599400").as_tuple()
    assert convert(D("563.56"), "万元", "亿元", places=4) == D("0.0564")
    assert convert(D("1.5"), "亿元", "万元", places=0) == D("15000")
    assert convert(3, "wan", "yuan", places=None).as_tuple() == D("30000").as_tuple()
    assert convert(D("7.77"), "万元", "万元") == D("7.77")


def test_convert_rejections() -> None:
    with pytest.raises(AmountError, match="float"):
        convert(12250.0, "元", "万元")  # type: ignore[arg-type]
    with pytest.raises(AmountError):
        convert(True, "元", "万元")
    with pytest.raises(AmountError):
        convert(D("NaN"), "元", "万元")
    with pytest.raises(UnitError, match="千元"):
        convert(D(1), "千元", "万元")
    with pytest.raises(UnitError):
        convert(D(1), "元", "万元", rounding="bogus")


# --- properties -------------------------------------------------------------------------------

@st.composite
def amounts_at_places(draw: st.DrawFn) -> tuple[Decimal, int]:
    places = draw(st.integers(min_value=0, max_value=4))
    value = draw(st.decimals(min_value=-(10**15), max_value=10**15, places=places,
                             allow_nan=False, allow_infinity=False))
    return value, places


@quick
@given(amounts_at_places(), st.booleans())
def test_format_parse_round_trip(pair: tuple[Decimal, int], thousands: bool) -> None:
    value, places = pair
    text = format_amount(value, places, thousands=thousands)
    amount = parse_amount(text)
    assert amount.value == value
    assert amount.decimals == places
    assert amount.text == text
    assert round_amount(value, places) == value


def _manual_half_up_wan(yuan: int) -> Decimal:
    """元 (integer) → 万元 at 2 places, half away from zero, in integer arithmetic."""
    hundreds, rest = divmod(abs(yuan), 100)
    if rest >= 50:
        hundreds += 1
    return dec(-1 if yuan < 0 else 1, hundreds, -2)


@quick
@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_convert_yuan_to_wan_is_half_up(yuan: int) -> None:
    assert convert(D(yuan), "元", "万元") == _manual_half_up_wan(yuan)
    assert convert(yuan, Unit.YUAN, Unit.WAN, places=None) == dec(
        -1 if yuan < 0 else 1, abs(yuan), -4)


@quick
@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_conversion_ignores_and_keeps_the_callers_context(yuan: int) -> None:
    outer = decimal.getcontext()
    outer_state = (outer.prec, outer.rounding, dict(outer.traps))
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        ctx.traps[decimal.Inexact] = True
        ctx.traps[decimal.Rounded] = True
        ctx.clear_flags()
        assert convert(D(yuan), "元", "万元") == _manual_half_up_wan(yuan)
        assert convert(D(yuan), "元", "万元", places=None) == dec(
            -1 if yuan < 0 else 1, abs(yuan), -4)
        assert convert(D(yuan), "万元", "元") == dec(-1 if yuan < 0 else 1, abs(yuan) * 10**6, -2)
        assert round_amount(D("94995.785")) == D("94995.79")
        assert format_amount(D(yuan), 2, thousands=True) == f"{yuan:,}.00"
        assert parse_amount(f"{yuan:,}").value == D(yuan)
        assert decimal.getcontext() is ctx
        assert (ctx.prec, ctx.rounding) == (3, decimal.ROUND_FLOOR)
        assert not any(ctx.flags.values())
    after = decimal.getcontext()
    assert (after.prec, after.rounding, dict(after.traps)) == outer_state


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(st.text(max_size=80))
def test_parse_arbitrary_text_only_raises_amount_error(text: str) -> None:
    try:
        amount = parse_amount(text)
    except AmountError as exc:
        assert exc.value == text
        return
    assert not any(c.isalpha() for c in text)
    assert amount.text == text


AMOUNTISH = "0123456789,.()+-−－—–（）．，１２３０ \u3000e%"


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=AMOUNTISH, max_size=20))
def test_parse_amountish_text_is_consistent(text: str) -> None:
    try:
        amount = parse_amount(text)
    except AmountError as exc:
        assert exc.value == text
        return
    assert "e" not in text and "%" not in text
    if amount.value is None:
        assert amount.decimals == 0
        return
    assert amount.value.as_tuple().exponent == -amount.decimals
    again = parse_amount(format_amount(amount.value, amount.decimals, thousands=True))
    assert again.value == amount.value and again.decimals == amount.decimals
