"""Tests of govaccts.catalogs.codes: validation, printed forms, levels and catalog lookup errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts.catalogs.codes import (
    SCHEMES,
    ancestor_codes,
    get_scheme,
    join_code,
    level_of,
    normalize_code,
    parent_code,
    parse_code,
    split_code,
)
from govaccts.errors import (
    GovacctsError,
    InvalidCodeError,
    UnknownCodeError,
    UnknownSchemeError,
)

quick = settings(max_examples=200, derandomize=True, database=None, deadline=None)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --- schemes ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("given_name", "name", "lengths", "lead"), [
    ("function", "function", (3, 5, 7), "2"),
    ("功能分类", "function", (3, 5, 7), "2"),
    ("dept_economic", "dept-economic", (3, 5), "3"),
    ("dept-econ", "dept-economic", (3, 5), "3"),
    ("gov_economic", "gov-economic", (3, 5), "5"),
    ("revenue", "revenue", (3, 5, 7, 9), "1"),
])
def test_get_scheme(given_name: str, name: str, lengths: tuple[int, ...], lead: str) -> None:
    s = get_scheme(given_name)
    assert s is SCHEMES[name]
    assert s.lengths == lengths
    assert s.leading_digit == lead
    assert get_scheme(s) is s


@pytest.mark.parametrize("bad", ["functions", "", "Function", "expenditure"])
def test_unknown_scheme(bad: str) -> None:
    with pytest.raises(UnknownSchemeError, match="unknown scheme") as ei:
        get_scheme(bad)
    assert isinstance(ei.value, ValueError)
    with pytest.raises(UnknownSchemeError):
        govaccts.catalog(bad, 2023)


# --- normalize_code ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "scheme", "code"), [
    ("2013101", "function", "2013101"),
    (" 2013101 ", "function", "2013101"),
    ("２０１３１０１", "function", "2013101"),          # full-width digits (seed PDFs, Excel)
    ("\u3000２０１\u3000", "function", "201"),         # ideographic spaces around
    ("30101", "dept-economic", "30101"),
    ("50101", "gov-economic", "50101"),
    ("103018201", "revenue", "103018201"),             # a 9-digit 目 code of the revenue scheme
    ("2013101", None, "2013101"),
    ("30101", None, "30101"),
])
def test_normalize_code(text: str, scheme: str | None, code: str) -> None:
    assert normalize_code(text, scheme) == code


@pytest.mark.parametrize(("text", "scheme", "reason"), [
    ("", None, "empty"),
    ("   ", None, "empty"),
    ("20A31", None, "digits only"),
    ("201.31", None, "digits only"),
    ("201 31", None, "digits only"),                   # split forms are parse_code's job
    ("２０1３1x", None, "digits only"),
    ("٢٠١", None, "digits only"),                      # Arabic-Indic digits are not folded
    ("2013", "function", "length 4"),
    ("201", "accounting", "it has 1 level "),
    ("9001", "accounting", "start with 1–8"),
    ("20", None, "length 2"),
    ("20131010101", None, "length 11"),
    ("30101", "function", "start with 2"),
    ("2013101", "dept-economic", "2 levels"),
    ("201310101", "function", "3 levels"),
    ("20100", None, "never 00"),
    ("2013100", None, "never 00"),
])
def test_normalize_code_rejects(text: str, scheme: str | None, reason: str) -> None:
    with pytest.raises(InvalidCodeError, match=reason) as ei:
        normalize_code(text, scheme)
    exc = ei.value
    assert isinstance(exc, ValueError) and isinstance(exc, GovacctsError)
    assert exc.code == text
    assert exc.scheme == scheme
    assert repr(text) in str(exc)


@pytest.mark.parametrize("obj", [2013101, None, 201.0, b"201", ["201"]])
def test_normalize_code_rejects_non_str(obj: object) -> None:
    with pytest.raises(InvalidCodeError, match="a code is a str"):
        normalize_code(obj)
    with pytest.raises(InvalidCodeError):
        parse_code(obj)  # type: ignore[arg-type]


# --- parse_code / join_code -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("2013101", "2013101"),
    ("201 31 01", "2013101"),
    ("201 | 31 | 01", "2013101"),                      # three-column tables (类 | 款 | 项)
    ("201｜31｜01", "2013101"),
    ("201-31-01", "2013101"),
    ("201—31—01", "2013101"),
    ("201/31/01", "2013101"),
    ("201.31.01", "2013101"),
    ("201、31、01", "2013101"),
    ("201\t31\t01", "2013101"),
    ("２０１　３１　０１", "2013101"),
    ("２０１－３１－０１", "2013101"),
    ("  210 | 11 | 03 ", "2101103"),
    ("201 31", "20131"),
    ("208 05", "20805"),
    ("221", "221"),
])
def test_parse_code_printed_forms(text: str, code: str) -> None:
    assert parse_code(text) == code
    assert parse_code(text, "function") == code


@pytest.mark.parametrize(("text", "scheme", "reason"), [
    ("201 | 3 | 01", None, "part '3' must have 2 digits"),
    ("20 | 131 | 01", None, "first part '20' must have 3 digits"),
    ("2013 | 101", None, "first part"),
    ("201 | 31 | 010", None, "part '010'"),
    ("201 | 3A | 01", None, "digits only"),
    ("201-31-01", "dept-economic", "2 levels"),
    ("301 | 01", "function", "start with 2"),
    ("201 | 00", None, "never 00"),
    ("", None, "empty"),
    (" | ", None, "digits only"),
    ("20A31", None, "digits only"),
])
def test_parse_code_rejects(text: str, scheme: str | None, reason: str) -> None:
    with pytest.raises(InvalidCodeError, match=reason) as ei:
        parse_code(text, scheme)
    assert ei.value.code == text                       # the error names the text as printed


@pytest.mark.parametrize(("parts", "code"), [
    (("201", "31", "01"), "2013101"),
    (("201", "31", ""), "20131"),
    (("201", "", ""), "201"),
    (("201", " ", "  "), "201"),
    (("２１０", "１１", "０３"), "2101103"),
    ((" 221", "02 ", "01"), "2210201"),
])
def test_join_code(parts: tuple[str, ...], code: str) -> None:
    assert join_code(*parts) == code


@pytest.mark.parametrize("parts", [("201", "3", "01"), ("", "31", "01"), ("", "", ""), ("20A",)])
def test_join_code_rejects(parts: tuple[str, ...]) -> None:
    with pytest.raises(InvalidCodeError):
        join_code(*parts)


def test_join_code_non_str_parts_raise_invalid_code() -> None:
    with pytest.raises(InvalidCodeError):
        join_code(201, 31, 1)  # type: ignore[arg-type]


# --- levels, parents, splitting ---------------------------------------------------------------

@pytest.mark.parametrize(("code", "level", "parent", "ancestors", "parts"), [
    ("201", 1, None, (), ("201",)),
    ("20131", 2, "201", ("201",), ("201", "31")),
    ("2013101", 3, "20131", ("201", "20131"), ("201", "31", "01")),
    ("103018201", 4, "1030182", ("103", "10301", "1030182"), ("103", "01", "82", "01")),
])
def test_levels_and_parents(code: str, level: int, parent: str | None,
                            ancestors: tuple[str, ...], parts: tuple[str, ...]) -> None:
    assert level_of(code) == level
    assert parent_code(code) == parent
    assert ancestor_codes(code) == ancestors
    assert split_code(code) == parts
    assert "".join(split_code(code)) == code
    assert govaccts.LEVEL_NAMES[level] == "类款项目"[level - 1]


@pytest.mark.parametrize("bad", ["20", "201310", "20131010101"])
def test_level_of_rejects_lengths(bad: str) -> None:
    for fn in (level_of, parent_code, ancestor_codes, split_code):
        with pytest.raises(InvalidCodeError, match="no level"):
            fn(bad)


@pytest.mark.parametrize("fn", [level_of, split_code, parent_code, ancestor_codes])
@pytest.mark.parametrize("bad", ["20A31", "", "２０１", " 201", 2013101])
def test_level_helpers_reject_non_canonical_codes(fn: object, bad: object) -> None:
    with pytest.raises(InvalidCodeError):
        fn(bad)  # type: ignore[operator]


# --- catalog lookup: invalid vs unknown -------------------------------------------------------

def test_lookup_accepts_any_printed_digit_form(f2023: govaccts.Catalog) -> None:
    for text in ("2013101", " 2013101 ", "２０１３１０１", "\u3000２０１３１０１"):
        assert f2023[text].code == "2013101"
        assert text in f2023
        e = f2023.get(text)
        assert e is not None and e.code == "2013101"


@pytest.mark.parametrize("code", ["9999999", "2999999", "29999", "299"])
def test_unknown_code(f2023: govaccts.Catalog, code: str) -> None:
    with pytest.raises(UnknownCodeError) as ei:
        f2023[code]
    exc = ei.value
    assert isinstance(exc, KeyError) and isinstance(exc, GovacctsError)
    assert (exc.code, exc.scheme, exc.year) == (code, "function", 2023)
    # 2023 is a partial edition, and the message says so (a real code may lack evidence).
    assert str(exc) == (f"unknown code {code!r} in function 2023 "
                        "(a partial edition: see govaccts.load_catalog)")
    assert f2023.get(code) is None
    sentinel = f2023["201"]
    assert f2023.get(code, sentinel) is sentinel
    assert code not in f2023


def test_unknown_code_is_reported_canonical(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownCodeError) as ei:
        f2023["９９９９９９９"]
    assert ei.value.code == "9999999"
    assert "'9999999'" in str(ei.value) and "function" in str(ei.value) and "2023" in str(ei.value)


def test_well_formed_code_of_another_scheme_is_unknown(f2023: govaccts.Catalog) -> None:
    # 30101 is a well-formed dept-economic code: not found in function, not malformed.
    with pytest.raises(UnknownCodeError):
        f2023["30101"]
    assert f2023.get("30101") is None


@pytest.mark.parametrize("bad", ["20A31", "2013", "", "201 31 01", "201310101", "20100"])
def test_malformed_code_raises_from_getitem_and_get(f2023: govaccts.Catalog, bad: str) -> None:
    with pytest.raises(InvalidCodeError):
        f2023[bad]
    with pytest.raises(InvalidCodeError):
        f2023.get(bad)
    with pytest.raises(InvalidCodeError):
        f2023.children(bad)
    assert bad not in f2023                            # membership never raises
    assert not isinstance(InvalidCodeError("x", "y"), KeyError)


def test_non_str_keys(f2023: govaccts.Catalog) -> None:
    assert 2013101 not in f2023
    assert None not in f2023
    with pytest.raises(InvalidCodeError):
        f2023[2013101]  # type: ignore[index]


# --- properties -------------------------------------------------------------------------------

DIGIT = "0123456789"
SEPARATORS = [" ", " | ", "|", "｜", "-", "－", "—", "/", ".", "、", "\t", "\u3000", " - ", ",",
              "，"]

class_part = st.text(alphabet=DIGIT, min_size=3, max_size=3)
sub_part = st.text(alphabet=DIGIT, min_size=2, max_size=2).filter(lambda s: s != "00")
valid_codes = st.tuples(class_part, st.lists(sub_part, max_size=3)).map(
    lambda t: t[0] + "".join(t[1]))


@quick
@given(code=valid_codes, data=st.data())
def test_split_forms_round_trip(code: str, data: st.DataObject) -> None:
    parts = split_code(code)
    assert len(parts) == level_of(code)
    assert [len(p) for p in parts] == [3] + [2] * (len(parts) - 1)
    seps = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts) - 1,
                              max_size=len(parts) - 1))
    printed = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))
    if data.draw(st.booleans()):
        printed = printed.translate(FULL_WIDTH)
    pad = data.draw(st.sampled_from(["", " ", "\u3000", "\t"]))
    assert parse_code(pad + printed + pad) == code
    assert join_code(*parts) == code
    assert normalize_code(code) == code
    assert parse_code(code.translate(FULL_WIDTH)) == code
    assert ancestor_codes(code) == tuple(code[:n] for n in range(3, len(code), 2))
    assert parent_code(code) == (ancestor_codes(code)[-1] if len(code) > 3 else None)


letters = st.characters(categories=["L"])
noise = st.text(alphabet=DIGIT + "０１２ |-/、", max_size=12)


@quick
@given(before=noise, letter=letters, after=noise)
def test_any_letter_is_invalid_code(before: str, letter: str, after: str) -> None:
    text = before + letter + after
    for fn in (parse_code, normalize_code):
        with pytest.raises(InvalidCodeError):
            fn(text)


@quick
@given(text=st.text(max_size=20))
def test_parse_code_only_ever_raises_invalid_code(text: str) -> None:
    try:
        code = parse_code(text)
    except InvalidCodeError:
        return
    assert code.isascii() and code.isdigit() and len(code) in (3, 5, 7, 9)
    assert normalize_code(code) == code


@quick
@given(text=st.text(max_size=12))
def test_catalog_lookup_only_raises_code_errors(text: str) -> None:
    cat = govaccts.catalog("function", 2023)
    try:
        entry = cat.get(text)
    except InvalidCodeError:
        assert text not in cat
        return
    assert (entry is not None) == (text in cat)
