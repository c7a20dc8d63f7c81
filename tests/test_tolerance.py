"""Tests of govaccts.checks.tolerance: when does a printed total agree with its printed parts?

The reference points are domain.md §4: under 四舍五入 a parent printed next to n
children (all at 2 decimals) may differ from their sum by at most ⌊n/2⌋ cents;
the closed-interval model allows |gap| ≤ (n+1)·0.005; ``exact`` allows nothing.
"""

from __future__ import annotations

import functools
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govaccts.amounts import Amount, format_amount, parse_amount, round_amount
from govaccts.checks.tolerance import Bound, Mode, SumResult, check_equal, check_sum
from govaccts.errors import ModeError

D = Decimal
CENT = D("0.01")
quick = settings(max_examples=200, derandomize=True, database=None, deadline=None)


def p(text: str) -> Amount:
    return parse_amount(text)


def cents(n: int) -> str:
    """Printed text of ``n`` cents at 2 decimals (``-5`` → ``"-0.05"``)."""
    return format_amount(D(n) / 100)


def parent_off_by(children: list[str], k: int) -> str:
    """A parent printed ``k`` cents above the exact sum of ``children``."""
    total = sum((D(c) for c in children), D(0)) + k * CENT
    return format_amount(total)


# --- the three modes at their boundaries -----------------------------------------------------


@pytest.mark.parametrize("n", range(1, 9))
def test_half_up_allows_floor_half_n_cents(n: int) -> None:
    children = ["1.00"] * n
    allowed = n // 2
    for k in (allowed, -allowed):
        res = check_sum(p(parent_off_by(children, k)), [p(c) for c in children])
        assert res.consistent, (n, k)
        assert res.difference == k * CENT
    for k in (allowed + 1, -(allowed + 1)):
        res = check_sum(p(parent_off_by(children, k)), [p(c) for c in children])
        assert not res.consistent, (n, k)
    # the reported tolerance is the half-open bound (n+1)·0.005, strict
    res = check_sum(p(parent_off_by(children, 0)), [p(c) for c in children])
    assert res.tolerance == (n + 1) * D("0.005")
    assert res.strict is True
    assert res.difference == 0 and res.consistent


@pytest.mark.parametrize("n", range(1, 9))
def test_interval_allows_n_plus_one_half_cents(n: int) -> None:
    children = ["2.00"] * n
    allowed = (n + 1) // 2  # largest whole number of cents with k·0.01 ≤ (n+1)·0.005
    for k in (allowed, -allowed):
        res = check_sum(p(parent_off_by(children, k)), [p(c) for c in children], mode="interval")
        assert res.consistent, (n, k)
        assert abs(res.difference) <= (n + 1) * D("0.005")
    for k in (allowed + 1, -(allowed + 1)):
        res = check_sum(p(parent_off_by(children, k)), [p(c) for c in children], mode="interval")
        assert not res.consistent, (n, k)
    res = check_sum(p(parent_off_by(children, 0)), [p(c) for c in children], mode=Mode.INTERVAL)
    assert res.tolerance == (n + 1) * D("0.005")
    assert res.strict is False
    assert res.low == Bound(-(n + 1) * D("0.005"), True)
    assert res.high == Bound((n + 1) * D("0.005"), True)


def test_interval_boundary_is_closed_exactly_at_n_plus_one_half_cents() -> None:
    # n = 1: the closed intervals touch at a gap of exactly 0.01 …
    assert check_sum(p("17.10"), [p("17.09")], mode="interval").consistent
    # … while 四舍五入 needs a single child to equal its parent
    assert not check_sum(p("17.10"), [p("17.09")], mode="half-up").consistent
    # n = 3: 0.02 is the closed interval bound, one cent beyond half-up's ⌊3/2⌋
    kids = [p("26.53"), p("12.33"), p("16.80")]
    assert check_sum(p("55.64"), kids, mode="interval").consistent
    assert not check_sum(p("55.64"), kids, mode="half-up").consistent
    assert check_sum(p("55.65"), kids, mode="half-up").consistent  # the seed's 20805


@pytest.mark.parametrize("n", range(1, 9))
def test_exact_allows_nothing(n: int) -> None:
    children = ["0.50"] * n
    assert check_sum(p(parent_off_by(children, 0)), [p(c) for c in children], mode="exact").consistent
    for k in (1, -1):
        res = check_sum(p(parent_off_by(children, k)), [p(c) for c in children], mode="exact")
        assert not res.consistent
        assert res.tolerance == 0
        assert res.low == Bound(D(0), True) and res.high == Bound(D(0), True)


def test_seed_cases_from_domain_section_4_1() -> None:
    # 201 项目支出 115.01 vs 2.30 + 23.45 + 89.25 + 0.00 (n = 4): +0.01, within
    res = check_sum(p("115.01"), [p("2.30"), p("23.45"), p("89.25"), p("0.00")])
    assert (res.consistent, res.difference, res.tolerance) == (True, D("0.01"), D("0.025"))
    # 21011 17.09 vs 3.92 + 13.18 (n = 2): −0.01, within
    res = check_sum(p("17.09"), [p("3.92"), p("13.18")])
    assert (res.consistent, res.difference) == (True, D("-0.01"))
    # a single child must equal its parent
    assert not check_sum(p("17.09"), [p("17.10")]).consistent


def test_result_fields() -> None:
    res = check_sum(p("563.56"), [p("559.94"), p("0.00"), p("3.62")])
    assert isinstance(res, SumResult)
    assert res.reported == D("563.56")
    assert res.computed == D("563.56")
    assert res.difference == 0
    assert res.consistent


def test_mode_parse() -> None:
    assert Mode.parse("half-up") is Mode.HALF_UP
    assert Mode.parse(Mode.EXACT) is Mode.EXACT
    with pytest.raises(ModeError, match="unknown check mode"):
        Mode.parse("loose")
    with pytest.raises(ModeError):
        check_sum(p("1.00"), [p("1.00")], mode="四舍五入")


def test_weights_must_match_parts_and_be_ints() -> None:
    from govaccts.errors import RuleError

    with pytest.raises(RuleError, match="one int weight per part"):
        check_sum(p("1.00"), [p("1.00")], weights=[1, 1])
    with pytest.raises(RuleError, match="one int weight per part"):   # a float never leaks in
        check_sum(p("1.00"), [p("1.00")], weights=[0.1])  # type: ignore[list-item]
    with pytest.raises(RuleError):
        check_sum(p("1.00"), [p("1.00")], weights=[True])


# --- mixed precision -------------------------------------------------------------------------


def test_one_decimal_child_widens_the_tolerance() -> None:
    # "19.5" stands for [19.45, 19.55): half a unit of its last place is 0.05
    kids = [p("19.5"), p("0.50")]
    res = check_sum(p("20.05"), kids)
    assert res.consistent
    assert res.tolerance == D("0.060")  # 0.005 (total) + 0.05 + 0.005
    assert check_sum(p("20.04"), kids).consistent
    assert check_sum(p("19.95"), kids).consistent
    # the bound is open under half-up …
    assert not check_sum(p("20.06"), kids).consistent
    assert not check_sum(p("19.94"), kids).consistent
    # … and closed in interval mode
    assert check_sum(p("20.06"), kids, mode="interval").consistent
    # the same gap with a 2-decimal child is an error
    assert not check_sum(p("20.05"), [p("19.50"), p("0.50")]).consistent


def test_integer_printed_total() -> None:
    # a total printed without decimals stands for ±0.5
    assert check_sum(p("560"), [p("559.94")]).consistent
    assert check_sum(p("560"), [p("559.51")]).consistent
    assert not check_sum(p("560"), [p("559.49")]).consistent


# --- negative weights, negative values, printed zeros --------------------------------------


def test_negative_weights() -> None:
    # 公开07: 年末 = 年初 + 本年收入 − 本年支出
    res = check_sum(p("3.00"), [p("1.00"), p("5.00"), p("3.00")], weights=[1, 1, -1])
    assert res.consistent and res.difference == 0 and res.computed == D("3.00")
    # three parts: one cent either way is within ⌊3/2⌋
    assert check_sum(p("3.01"), [p("1.00"), p("5.00"), p("3.00")], weights=[1, 1, -1]).consistent
    assert not check_sum(p("3.02"), [p("1.00"), p("5.00"), p("3.00")],
                         weights=[1, 1, -1]).consistent
    # a weight of 2 doubles that part's share of the tolerance: 0.005 + 2·0.005
    res = check_sum(p("2.00"), [p("1.00")], weights=[2])
    assert res.consistent and res.tolerance == D("0.015")
    assert check_sum(p("2.01"), [p("1.00")], weights=[2]).consistent
    assert not check_sum(p("2.02"), [p("1.00")], weights=[2]).consistent


def test_error_ranges_are_half_open_by_sign() -> None:
    # no parts: the range is the total's own error range, printed − true
    pos = check_sum(p("1.00"), [])
    assert pos.low == Bound(D("-0.005"), False) and pos.high == Bound(D("0.005"), True)
    neg = check_sum(p("-1.00"), [])
    assert neg.low == Bound(D("-0.005"), True) and neg.high == Bound(D("0.005"), False)
    zero = check_sum(p("0.00"), [])
    assert zero.low == Bound(D("-0.005"), False) and zero.high == Bound(D("0.005"), False)
    # "-0.00" is a zero, not a negative
    assert check_sum(p("-0.00"), []).low == zero.low


def test_negative_values() -> None:
    kids = [p("-1.23"), p("-1.23"), p("-1.22")]
    assert check_sum(p("-3.68"), kids).consistent
    assert check_sum(p("-3.67"), kids).consistent
    assert check_sum(p("-3.69"), kids).consistent
    assert not check_sum(p("-3.66"), kids).consistent
    assert not check_sum(p("-3.70"), kids).consistent
    # a single negative child must equal its parent
    assert not check_sum(p("-0.01"), [p("-0.02")]).consistent
    assert check_sum(p("-0.02"), [p("-0.02")]).consistent


def test_printed_zero_cannot_hide_a_cent_alone() -> None:
    # 0.01 = 0.00? true values [0.005, 0.015) and (−0.005, 0.005) never meet
    assert not check_sum(p("0.01"), [p("0.00")]).consistent
    assert not check_sum(p("0.00"), [p("0.01")]).consistent
    assert not check_sum(p("0.00"), [p("-0.01")]).consistent
    # the closed interval model lets them touch
    assert check_sum(p("0.01"), [p("0.00")], mode="interval").consistent
    # two zero children may together hide a cent (each < 0.005)
    assert check_sum(p("0.01"), [p("0.00"), p("0.00")]).consistent
    assert not check_sum(p("0.02"), [p("0.00"), p("0.00")]).consistent


# --- blank cells ----------------------------------------------------------------------------


def test_blank_parts_are_exact_zeros() -> None:
    res = check_sum(p("1.00"), [p(""), p("1.00"), p("——")])
    assert res.consistent and res.difference == 0
    # a blank hides nothing: the tolerance is that of the printed figures only
    assert res.tolerance == D("0.010")
    assert not check_sum(p("1.01"), [p(""), p("1.00")]).consistent


def test_blank_total_is_an_exact_zero() -> None:
    res = check_sum(p("—"), [p("0.01")])
    assert res.reported == 0
    assert res.difference == D("-0.01")
    assert not res.consistent
    assert check_sum(p(""), [p("0.00"), p("")]).consistent


def test_check_equal_is_exact_whatever_the_printing() -> None:
    assert check_equal(p("19.50"), p("19.50")).consistent
    assert check_equal(p("19.5"), p("19.50")).consistent  # same value, fewer decimals
    res = check_equal(p("540.44"), p("540.45"))
    assert not res.consistent and res.difference == D("-0.01") and res.tolerance == 0


# --- an independent oracle: brute force over the true values --------------------------------

GRID = D("0.001")


@functools.cache
def true_values(text: str) -> frozenset[Decimal]:
    """Every true value on a 0.001 grid that 四舍五入 prints as ``text``.

    Endpoints of the rounding intervals are multiples of 0.005 here (2 or 1
    decimals printed), so the grid holds every endpoint and the feasibility of
    ``total = Σ w·part`` over the reals equals feasibility on the grid.
    """
    a = parse_amount(text)
    assert a.value is not None
    span = int(a.half_ulp / GRID)
    out = set()
    for i in range(-span, span + 1):
        x = a.value + i * GRID
        if round_amount(x, a.decimals) == a.value:
            out.add(x)
    return frozenset(out)


def feasible(total: str, parts: list[str], weights: list[int]) -> bool:
    # work in integer units of the grid: fast and exact
    sums = {0}
    for w, part in zip(weights, parts, strict=True):
        xs = {int(x / GRID) for x in true_values(part)}
        sums = {s + w * x for s in sums for x in xs}
    return bool(sums & {int(x / GRID) for x in true_values(total)})


printed = st.builds(lambda n, d: format_amount(D(n) / 100, d),
                    st.integers(-300, 300), st.sampled_from([2, 2, 2, 1]))


@quick
@given(parts=st.lists(printed, min_size=1, max_size=3),
       weights=st.lists(st.sampled_from([1, 1, -1]), min_size=3, max_size=3),
       gap=st.integers(-4, 4))
def test_half_up_verdict_matches_brute_force(parts: list[str], weights: list[int],
                                             gap: int) -> None:
    ws = weights[:len(parts)]
    exact = sum((w * D(x) for w, x in zip(ws, parts, strict=True)), D(0))
    total = format_amount(exact + gap * CENT)
    res = check_sum(p(total), [p(x) for x in parts], ws, mode="half-up")
    assert res.consistent == feasible(total, parts, ws), (total, parts, ws)


# --- soundness and tightness ---------------------------------------------------------------

true_value = st.builds(lambda n, e: D(n).scaleb(-e),
                       st.integers(-10**9, 10**9), st.integers(2, 6))


@quick
@given(values=st.lists(true_value, min_size=1, max_size=12),
       weights=st.lists(st.sampled_from([1, -1]), min_size=12, max_size=12))
def test_soundness_printed_parent_of_rounded_values_always_passes(
        values: list[Decimal], weights: list[int]) -> None:
    ws = weights[:len(values)]
    true_total = sum((w * v for w, v in zip(ws, values, strict=True)), D(0))
    kids = [p(format_amount(v)) for v in values]
    parent = p(format_amount(true_total))
    for mode in ("half-up", "interval"):
        res = check_sum(parent, kids, ws, mode=mode)
        assert res.consistent, (mode, res)
    # the gap never exceeds ⌊n/2⌋ cents
    res = check_sum(parent, kids, ws)
    assert abs(res.difference) <= (len(values) // 2) * CENT


@quick
@given(kids=st.lists(st.integers(-100_000, 100_000) | st.just(0), min_size=1, max_size=12),
       sign=st.sampled_from([1, -1]))
def test_tightness_one_cent_beyond_floor_half_n_always_fails(kids: list[int], sign: int) -> None:
    n = len(kids)
    texts = [cents(c) for c in kids]
    total = cents(sum(kids) + sign * (n // 2 + 1))
    res = check_sum(p(total), [p(t) for t in texts], mode="half-up")
    assert not res.consistent, (total, texts)
    # and ⌊n/2⌋ itself passes when every figure is positive
    if all(c > 0 for c in kids):
        ok = cents(sum(kids) + sign * (n // 2))
        assert check_sum(p(ok), [p(t) for t in texts]).consistent


def test_boundary_table_for_every_n_and_mode() -> None:
    """The whole picture at once: largest allowed |gap| in cents for n = 1..8."""
    got = {}
    for n, mode in itertools.product(range(1, 9), ("half-up", "interval", "exact")):
        kids = [p("1.00")] * n
        ok = [k for k in range(-6, 7)
              if check_sum(p(parent_off_by(["1.00"] * n, k)), kids, mode=mode).consistent]
        assert ok == list(range(-max(ok), max(ok) + 1))  # symmetric and contiguous
        got[(n, mode)] = max(ok)
    assert [got[(n, "half-up")] for n in range(1, 9)] == [0, 1, 1, 2, 2, 3, 3, 4]
    assert [got[(n, "interval")] for n in range(1, 9)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [got[(n, "exact")] for n in range(1, 9)] == [0] * 8
