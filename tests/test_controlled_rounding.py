"""Tests of govaccts.ledger.rounding: 元 → 万元 tables that foot exactly."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govaccts import TOTAL, round_preserving_sums
from govaccts.amounts import convert, round_amount
from govaccts.errors import AmountError, LedgerError

D = Decimal
CENT = D("0.01")
quick = settings(max_examples=200, derandomize=True, database=None, deadline=None)

# Leaves under a few 类/款: 项 leaves under KUAN_WITH_XIANG, 款 leaves (no 项 below
# them) under KUAN_LEAVES, and 类 leaves with nothing below them.
KUAN_WITH_XIANG = ("20101", "20103", "20131", "20805")
XIANG = tuple(k + s for k in KUAN_WITH_XIANG for s in ("01", "02", "99"))
KUAN_LEAVES = ("20126", "21011", "20806")
LEI_LEAVES = ("221", "229")


def parents_of(code: str) -> list[str]:
    return [code[:n] for n in range(3, len(code), 2)]


def exact_wan(leaves: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Exact 万元 value of every leaf, parent and the 合计 (no rounding anywhere)."""
    out: dict[str, Decimal] = {}
    for code, v in leaves.items():
        w = convert(v, "元", "万元", places=None)
        out[code] = w
        for a in parents_of(code):
            out[a] = out.get(a, D(0)) + w
        out[TOTAL] = out.get(TOTAL, D(0)) + w
    return out


def children_in(result: Mapping[str, Decimal], key: str) -> list[str]:
    if key == TOTAL:
        return [k for k in result if k != TOTAL and len(k) == 3]
    return [k for k in result if k != TOTAL and len(k) == len(key) + 2 and k.startswith(key)]


yuan = st.one_of(
    # 0–2 decimal places, negatives and zeros included
    st.builds(lambda n, e: D(n).scaleb(-e), st.integers(-10**11, 10**11), st.integers(0, 2)),
    # exact halves of a cent in 万元 (50 元), zeros, and small values
    st.builds(lambda n: D(n) * 50, st.integers(-1000, 1000)),
    st.sampled_from([D("0"), D("0.00"), D("12250"), D("-12250"), D("0.01"), D("-0.01")]),
)


@st.composite
def leaf_sets(draw: st.DrawFn) -> dict[str, Decimal]:
    codes = draw(st.lists(st.sampled_from(XIANG + KUAN_LEAVES + LEI_LEAVES),
                          min_size=1, max_size=14, unique=True))
    return {c: draw(yuan) for c in codes}


def check_properties(leaves: dict[str, Decimal], r: dict[str, Decimal]) -> None:
    exact = exact_wan(leaves)
    # every leaf, every parent and the 合计, nothing else
    assert set(r) == set(exact)
    for key, v in r.items():
        # 2 decimals, always
        assert v.as_tuple().exponent == -2, (key, v)
        # within less than one cent of the exact converted value
        assert abs(v - exact[key]) < CENT, (key, v, exact[key])
        # foots exactly: parent = Σ children, 合计 = Σ 类
        kids = children_in(r, key)
        if kids:
            assert v == sum((r[k] for k in kids), D(0)), (key, v, {k: r[k] for k in kids})
    # the total is 四舍五入 of the exact total
    assert r[TOTAL] == round_amount(exact[TOTAL], 2, "half-up")


@quick
@given(leaves=leaf_sets())
def test_foots_exactly_and_stays_within_a_cent(leaves: dict[str, Decimal]) -> None:
    r = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
    check_properties(leaves, r)


@quick
@given(leaves=leaf_sets())
def test_deterministic_and_independent_of_input_order(leaves: dict[str, Decimal]) -> None:
    r1 = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
    r2 = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
    reversed_leaves = dict(reversed(list(leaves.items())))
    r3 = round_preserving_sums(reversed_leaves, from_unit="元", to_unit="万元")
    assert r1 == r2 == r3


@quick
@given(leaves=leaf_sets())
def test_without_total_each_class_is_rounded_half_up(leaves: dict[str, Decimal]) -> None:
    r = round_preserving_sums(leaves, from_unit="元", to_unit="万元", total=False)
    exact = exact_wan(leaves)
    assert TOTAL not in r
    assert set(r) == set(exact) - {TOTAL}
    for key, v in r.items():
        assert abs(v - exact[key]) < CENT
        if len(key) == 3:
            assert v == round_amount(exact[key], 2)
        kids = children_in(r, key)
        if kids:
            assert v == sum((r[k] for k in kids), D(0))


@quick
@given(leaves=leaf_sets())
def test_values_already_in_wan_give_the_same_result(leaves: dict[str, Decimal]) -> None:
    wan = {c: convert(v, "元", "万元", places=None) for c, v in leaves.items()}
    assert round_preserving_sums(wan) == round_preserving_sums(leaves, from_unit="元",
                                                               to_unit="万元")


# --- the docstring example and hand-checked cases ---------------------------------------------


def test_docstring_example() -> None:
    leaves = {"2010101": D("12250"), "2010102": D("12250"), "2010103": D("12250")}
    r = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
    assert r == {TOTAL: D("3.68"), "201": D("3.68"), "20101": D("3.68"),
                 "2010101": D("1.23"), "2010102": D("1.23"), "2010103": D("1.22")}
    # rounding each leaf on its own would print 1.23 × 3 = 3.69 ≠ 3.68
    assert sum(convert(v, "元", "万元") for v in leaves.values()) == D("3.69")


def test_hand_checked_two_classes() -> None:
    # 万元: 2010101 0.126, 2010102 0.126, 2060101 0.128; exact total 0.380
    leaves = {"2010101": D("1260"), "2010102": D("1260"), "2060101": D("1280")}
    r = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
    # 合计 = 0.38.  类: 201 exact 0.252, 206 exact 0.128 → floors 0.25 + 0.12 = 0.37,
    # one cent owed, the larger remainder (0.008) is 206's → 206 = 0.13, 201 = 0.25.
    # 20101 = 0.25 → floors 0.12 + 0.12, one cent owed, remainders tie (0.006) and
    # values tie → code order: 2010101 gets it.
    assert r == {TOTAL: D("0.38"), "201": D("0.25"), "20101": D("0.25"),
                 "2010101": D("0.13"), "2010102": D("0.12"),
                 "206": D("0.13"), "20601": D("0.13"), "2060101": D("0.13")}


def test_hand_checked_negatives() -> None:
    # −1.225 万元 three times: total −3.675 → 四舍五入 (away from zero) −3.68;
    # floors −1.23 × 3 = −3.69, one cent owed, all remainders tie → code order
    leaves = {"2010101": D("-12250"), "2010102": D("-12250"), "2010103": D("-12250")}
    r = round_preserving_sums(leaves, from_unit="元", to_unit="万元")
    assert r[TOTAL] == D("-3.68")
    assert [r[c] for c in sorted(leaves)] == [D("-1.22"), D("-1.23"), D("-1.23")]


def test_larger_exact_value_wins_a_remainder_tie() -> None:
    # remainders 0.005 each; 2010102 is larger, so it gets the one cent owed
    leaves = {"2010101": D("1.005"), "2010102": D("2.005")}
    r = round_preserving_sums(leaves)
    assert r[TOTAL] == D("3.01")
    assert (r["2010101"], r["2010102"]) == (D("1.00"), D("2.01"))


def test_other_places_and_rounding_at_the_top() -> None:
    leaves = {"2010101": D("0.5"), "2010102": D("0.5"), "2010103": D("0.5")}
    r = round_preserving_sums(leaves, places=0)
    assert r[TOTAL] == D("2")  # 1.5 → 2 (half-up)
    assert sorted(r[c] for c in leaves) == [D("0"), D("1"), D("1")]
    r = round_preserving_sums(leaves, places=0, rounding="half-even")
    assert r[TOTAL] == D("2")
    leaves = {"2010101": D("1.25"), "2010102": D("1.25")}
    assert round_preserving_sums(leaves, places=1, rounding="half-even")[TOTAL] == D("2.5")
    assert round_preserving_sums({"2010101": D("0.25")}, places=1,
                                 rounding="half-even")[TOTAL] == D("0.2")
    assert round_preserving_sums({"2010101": D("0.25")}, places=1)[TOTAL] == D("0.3")


def test_int_values_and_full_width_codes_are_accepted() -> None:
    r = round_preserving_sums({"２０１０１０１": 12250}, from_unit="元", to_unit="万元")
    assert r == {TOTAL: D("1.23"), "201": D("1.23"), "20101": D("1.23"), "2010101": D("1.23")}


def test_empty_input() -> None:
    assert round_preserving_sums({}) == {TOTAL: D("0.00")}
    assert round_preserving_sums({}, total=False) == {}


# --- errors --------------------------------------------------------------------------------


def test_leaf_that_is_also_a_parent() -> None:
    with pytest.raises(LedgerError, match="201 is given as a leaf but is the parent of 20101"):
        round_preserving_sums({"201": D(1), "20101": D(2)})
    with pytest.raises(LedgerError, match="20101 is given as a leaf"):
        round_preserving_sums({"2010101": D(1), "20101": D(2)})


def test_duplicate_leaf() -> None:
    # the same code twice once normalised (full-width digits, spaces)
    with pytest.raises(LedgerError, match="leaf 2010101 given twice"):
        round_preserving_sums({"2010101": D(1), "２０１０１０１": D(2)})
    with pytest.raises(LedgerError, match="given twice"):
        round_preserving_sums({"2010101": D(1), " 2010101 ": D(2)})


@pytest.mark.parametrize("value", [1.5, 0.0, float("nan")])
def test_float_input_is_refused(value: float) -> None:
    with pytest.raises(AmountError, match="float"):
        round_preserving_sums({"2010101": value})  # type: ignore[dict-item]


def test_invalid_code_is_refused() -> None:
    from govaccts.errors import InvalidCodeError

    with pytest.raises(InvalidCodeError):
        round_preserving_sums({"20101x": D(1)})


def test_remainders_do_not_depend_on_the_callers_decimal_context() -> None:
    # remainders 0.005699 and 0.005698: 2010101 has the larger one and gets the cent,
    # also when the caller's precision (3 digits) would round both to 0.00570
    leaves = {"2010101": D("12.345699"), "2010102": D("100.005698")}
    expected = round_preserving_sums(leaves)
    assert expected["2010101"] == D("12.35")
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert round_preserving_sums(leaves) == expected


def test_tie_break_does_not_depend_on_the_callers_decimal_context() -> None:
    # equal remainders (0.005): the larger exact value, 2010102, gets the cent.
    # With the caller's precision at 3 digits both values negate to -100: a tie,
    # then code order gives the cent to 2010101 instead.
    leaves = {"2010101": D("100.005"), "2010102": D("100.015")}
    expected = round_preserving_sums(leaves)
    assert (expected["2010101"], expected["2010102"]) == (D("100.00"), D("100.02"))
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert round_preserving_sums(leaves) == expected
