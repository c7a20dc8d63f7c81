"""Tests of name normalisation and name resolution against the bundled editions.

Names come from the seed report (tables 02/03/05 and the narrative), whose printings
differ exactly the way real documents do: bracket width, dropped 支出, level tags.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts.catalogs.names import fold, name_key, strip_level_tag, strip_ordinal
from govaccts.catalogs.references import split_reference
from govaccts.errors import AmbiguousNameError, GovacctsError, UnknownNameError

SEED = Path(govaccts.__file__).resolve().parent / "examples" / "hetang_2023"
quick = settings(max_examples=200, derandomize=True, database=None, deadline=None)


# --- name_key ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("政府办公厅（室）及相关机构事务", "政府办公厅(室)及相关机构事务"),     # seed 02 vs 03/05
    ("党委办公厅（室）及相关机构事务", "党委办公厅（室）及\n相关机构事务"),  # wrapped cell
    ("党委办公厅（室）及相关机构事务", " 党委办公厅 （室） 及相关机构事务 "),
    ("一般公共服务支出", "一般公共服务（类）"),                              # narrative 类 tag
    ("行政事业单位养老支出", "行政事业单位养老（款）"),
    ("机关事业单位基本养老保险缴费支出", "机关事业单位基本养老保险缴费(项)"),
    ("其他档案事务支出", "其它档案事务支出"),
    ("其他档案事务支出", "其他档案事务"),
    ("一般公共服务支出", "一、一般公共服务支出"),
    ("一般公共服务支出", "（一）一般公共服务支出"),
    ("一般公共服务支出", "1、一般公共服务支出"),
    ("卫生健康支出", "卫生健康\u3000支出"),
])
def test_name_key_equates_printings(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("行政运行", "事业运行"),
    ("医疗卫生", "卫生健康支出"),
    ("政府办公厅（室）及相关机构事务", "政府办公厅及相关机构事务"),   # brackets belong to the name
    ("一般公共服务支出", "一般公共服务支出支出"),                       # only one 支出 is dropped
])
def test_name_key_keeps_real_differences(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_name_helpers() -> None:
    assert fold("政府办公厅（室）及\n相关 机构事务") == "政府办公厅(室)及相关机构事务"
    assert strip_level_tag("人大事务(款)") == "人大事务"
    assert strip_level_tag("人大事务(款)(项)") == "人大事务(款)"
    assert strip_level_tag("退职(役)费") == "退职(役)费"
    assert strip_ordinal("(三)行政运行") == "行政运行"
    assert strip_ordinal("12.行政运行") == "行政运行"
    assert strip_ordinal("2013101") == "2013101"
    assert name_key("支出") == "支出"                 # a bare 支出 is not emptied


def test_split_reference() -> None:
    assert split_reference(
        "一般公共服务（类）政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务（项）"
    ) == ("一般公共服务", "政府办公厅(室)及相关机构事务", "其他政府办公厅(室)及相关机构事务")
    assert split_reference("住房保障(类)住房改革(款)\n住房公积金(项)") == (
        "住房保障", "住房改革", "住房公积金")
    assert split_reference("行政运行") == ("行政运行",)
    assert split_reference("") == ()


# --- resolve ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "code"), [
    ("政府办公厅（室）及相关机构事务", "20103"),
    ("政府办公厅(室)及相关机构事务", "20103"),
    ("政府办公厅（室）及\n相关机构事务", "20103"),
    (" 政府办公厅 (室) 及相关机构事务 ", "20103"),
    ("其他政府办公厅(室)及相关机构事务支出", "2010399"),
    ("其他政府办公厅（室）及相关机构事务", "2010399"),   # narrative: trailing 支出 dropped
    ("其它政府办公厅(室)及相关机构事务", "2010399"),
    ("人大事务（款）", "20101"),
    ("人大事务支出", "20101"),                            # an extra 支出
    ("卫生健康", "210"),
    ("卫生健康（类）", "210"),
    ("住房公积金(项)", "2210201"),
    ("其它档案事务支出", "2012699"),
    ("其他档案事务", "2012699"),
    ("社会保障和就业", "208"),
    ("一、一般公共服务支出", "201"),
])
def test_resolve_printed_variants(f2023: govaccts.Catalog, printed: str, code: str) -> None:
    assert f2023.resolve(printed).code == code


def test_resolve_all_reports_how(f2023: govaccts.Catalog, f2009: govaccts.Catalog) -> None:
    for printed in ("政府办公厅（室）及相关机构事务", "政府办公厅(室)及相关机构事务（款）"):
        ms = f2023.resolve_all(printed)                       # the tag is not part of the name
        assert {m.entry.code for m in ms} == {"20103"}
        assert ms[0].how == "exact"
    [m] = f2023.resolve_all("其他档案事务")
    assert (m.entry.code, m.how) == ("2012699", "normalized")
    # The historic system printed display suffixes; they are kept as aliases.
    [m] = f2009.resolve_all("行政运行（人大）")
    assert (m.entry.code, m.how) == ("2010101", "alias")
    assert f2009.resolve("一般行政管理事务（政府办公厅）").code == "2010302"


def test_resolve_all_lists_each_entry_once(f2023: govaccts.Catalog) -> None:
    ms = f2023.resolve_all("政府办公厅（室）及相关机构事务")
    assert len(ms) == len({m.entry.code for m in ms})


def test_ambiguous_name(f2023: govaccts.Catalog) -> None:
    with pytest.raises(AmbiguousNameError) as ei:
        f2023.resolve("行政运行")
    exc = ei.value
    assert isinstance(exc, LookupError) and isinstance(exc, GovacctsError)
    # every 款 has its 行政运行: 2010101 人大, 2013101 党委办公厅 … (30 attested for 2023)
    assert {"2010101", "2010301", "2013101"} <= set(exc.codes) and len(exc.codes) >= 20
    assert "2010101" in str(exc) and "2013101" in str(exc)
    assert [m.entry.code for m in f2023.resolve_all("行政运行")] == list(exc.codes)
    assert all(c.endswith("01") and len(c) == 7 for c in exc.codes)


@pytest.mark.parametrize(("name", "parent", "code"), [
    ("行政运行", "20131", "2013101"),
    ("行政运行", "20101", "2010101"),
    ("行政运行", "党委办公厅（室）及相关机构事务", "2013101"),
    ("行政运行", "党委办公厅(室)及相关机构事务（款）", "2013101"),
    ("行政运行", "人大事务", "2010101"),
    ("一般行政管理事务", "政府办公厅(室)及相关机构事务", "2010302"),
    ("一般行政管理事务", "20131", "2013102"),
    ("行政运行", "２０１３１", "2013101"),
])
def test_ambiguous_name_resolved_by_parent(f2023: govaccts.Catalog, name: str, parent: str,
                                           code: str) -> None:
    assert f2023.resolve(name, parent=parent).code == code


def test_parent_class_does_not_disambiguate_items(f2023: govaccts.Catalog) -> None:
    with pytest.raises(AmbiguousNameError) as ei:
        f2023.resolve("行政运行", parent="201")
    assert {"2010101", "2013101"} <= set(ei.value.codes)
    assert all(c.startswith("201") for c in ei.value.codes)
    with pytest.raises(AmbiguousNameError):
        f2023.resolve("行政运行", parent="一般公共服务")


def test_parent_excludes_the_parent_itself() -> None:
    eco = govaccts.catalog("dept-economic", 2023)
    # 399 其他支出 and its 款 39999 其他支出 share a name; the 款 is found through its parent.
    with pytest.raises(AmbiguousNameError) as ei:
        eco.resolve("其他支出")
    assert ei.value.codes == ("399", "39999")
    assert eco.resolve("其他支出", parent="399").code == "39999"
    assert eco.resolve("其他支出", level=1).code == "399"
    assert eco.resolve("其他支出", level=2).code == "39999"
    assert eco.resolve_path("其他支出（类）其他支出（款）").code == "39999"
    with pytest.raises(UnknownNameError, match="level 3"):
        govaccts.catalog("function", 2023).resolve("人大事务", level=3)


def test_name_outside_parent(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownNameError):
        f2023.resolve("一般行政管理事务", parent="20101")   # 20101 has no such child in 2023
    with pytest.raises(govaccts.UnknownCodeError):
        f2023.resolve("行政运行", parent="2019999")


def test_name_outside_parent_names_the_parent(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownNameError) as ei:
        f2023.resolve("一般行政管理事务", parent="20101")
    assert re.search(r"(?<!\d)20101(?!\d)", str(ei.value))


# --- unknown names and former names -----------------------------------------------------------

def test_old_name_in_new_edition(f2023: govaccts.Catalog, f2009: govaccts.Catalog) -> None:
    assert f2009.resolve("医疗卫生").code == "210"
    with pytest.raises(UnknownNameError) as ei:
        f2023.resolve("医疗卫生")
    exc = ei.value
    assert isinstance(exc, KeyError) and isinstance(exc, GovacctsError)
    assert (exc.name, exc.scheme, exc.year) == ("医疗卫生", "function", 2023)
    msg = str(exc)
    assert "医疗卫生 was the name of 210 in 2009" in msg
    assert "卫生健康支出" in msg                          # the name the code carries now
    [former] = f2023.former_names("医疗卫生")
    assert (former.code, former.name, former.year, former.current_name) == (
        "210", "医疗卫生", 2009, "卫生健康支出")


def test_old_name_of_a_kuan(f2023: govaccts.Catalog) -> None:
    # 2009 named 20805 so, two 2019 documents and one 2025 page print it: carried 2019–2025,
    # the name of 2019–2022 and an alias where 行政事业单位养老支出 is printed (2023–2025,
    # catalogs/evidence/conflicts.md); 2026 no longer knows it, and names the newest use
    [m] = f2023.resolve_all("行政事业单位离退休")
    assert (m.entry.code, m.entry.name, m.how) == ("20805", "行政事业单位养老支出", "alias")
    assert govaccts.catalog("function", 2021)["20805"].name == "行政事业单位离退休"
    f2026 = govaccts.catalog("function", 2026)
    with pytest.raises(UnknownNameError, match="was the name of 20805 in 2025") as ei:
        f2026.resolve("行政事业单位离退休")
    assert "now 行政事业单位养老支出" in str(ei.value)
    assert [(f.code, f.year) for f in f2026.former_names("行政事业单位离退休")] == [
        ("20805", 2025)]


def test_unknown_name_without_history(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownNameError) as ei:
        f2023.resolve("不存在的科目")
    assert str(ei.value) == "no entry named '不存在的科目' in function 2023"
    assert f2023.former_names("不存在的科目") == ()
    assert f2023.resolve_all("不存在的科目") == ()


def test_current_name_has_no_former_names(f2023: govaccts.Catalog) -> None:
    assert f2023.former_names("卫生健康支出") == ()


def test_former_alias_hint_names_the_printed_variant(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownNameError) as ei:
        f2023.resolve("行政运行（人大）")
    assert "行政运行（人大） was the name of 2010101 in 2009, now 行政运行" in str(ei.value)
    [former] = f2023.former_names("行政运行（人大）")
    assert (former.code, former.name, former.year, former.current_name) == (
        "2010101", "行政运行（人大）", 2009, "行政运行")


# --- resolve_path on the seed narrative -------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("社会保障和就业（类）行政事业单位养老（款）机关事业单位基本养老保险缴费（项）", "2080505"),
    ("一般公共服务（类）政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务（项）",
     "2010399"),
    ("一般公共服务（类）党委办公厅（室）及相关机构事务（款）行政运行（项）", "2013101"),
    ("一般公共服务（类）人大事务（款）行政运行（项）", "2010101"),
    ("1、一般公共服务（类）人大事务（款）行政运行（项）", "2010101"),
    ("卫生健康(类)行政事业单位医疗(款)\n其他行政事业单位医疗(项)", "2101199"),
    ("住房保障（类）", "221"),
    ("行政事业单位养老（款）", "20805"),
])
def test_resolve_path(f2023: govaccts.Catalog, text: str, code: str) -> None:
    assert f2023.resolve_path(text).code == code


def test_resolve_path_uses_level_tags(f2009: govaccts.Catalog) -> None:
    assert f2009.resolve_path("其他支出（类）其他支出（款）").code == "22999"


def test_resolve_path_errors(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownNameError, match="empty reference"):
        f2023.resolve_path("")
    # A 项 under the wrong 款 is not found even though the name exists elsewhere.
    with pytest.raises(UnknownNameError):
        f2023.resolve_path("一般公共服务（类）人大事务（款）一般行政管理事务（项）")
    with pytest.raises(UnknownNameError, match="医疗卫生"):
        f2023.resolve_path("医疗卫生（类）行政事业单位医疗（款）公务员医疗补助（项）")


def test_resolve_path_keeps_the_former_name_hint(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownNameError, match="医疗卫生 was the name of 210 in 2009"):
        f2023.resolve_path("医疗卫生（类）行政事业单位医疗（款）公务员医疗补助（项）")


def _table05() -> dict[str, Decimal]:
    with (SEED / "05.csv").open(encoding="utf-8-sig", newline="") as fh:
        return {r["科目代码"]: Decimal(r["小计"]) for r in csv.DictReader(fh) if r["科目代码"]}


def test_every_narrative_reference_resolves_to_the_item_it_explains(
        f2023: govaccts.Catalog) -> None:
    """五(三) explains each 项 of 公开05: the resolved code's 小计 is the amount it cites."""
    text = (SEED / "narrative.txt").read_text("utf-8")
    refs = re.findall(
        r"^\d+、(.+?（项）)。\s*\n\s*年初预算为[\d.]+万?元，支出决算为([\d.]+)万元", text, re.M)
    assert len(refs) == 14
    t05 = _table05()
    seen = set()
    for ref, amount in refs:
        entry = f2023.resolve_path(ref)
        assert entry.level == 3, ref
        assert t05[entry.code] == Decimal(amount), ref
        seen.add(entry.code)
    assert seen == {c for c in t05 if len(c) == 7}     # every 项 of 05 is explained exactly once


def test_narrative_class_names_resolve(f2023: govaccts.Catalog) -> None:
    text = fold((SEED / "narrative.txt").read_text("utf-8"))   # 科学技术（类）is wrapped
    classes = re.findall(r"([\u4e00-\u9fff]+)\(类\)支出([\d.]+)万元", text)
    t05 = _table05()
    assert len(classes) == 5
    for name, amount in classes:
        entry = f2023.resolve(name)
        assert entry.level == 1
        assert t05[entry.code] == Decimal(amount)


# --- search -----------------------------------------------------------------------------------

def test_search_ranking(f2023: govaccts.Catalog) -> None:
    # exact names first, in code order
    found = [e.code for e in f2023.search("行政运行")]
    assert found[:2] == ["2010101", "2010201"] and found == sorted(found)
    # name starting with the query before name containing it
    assert [e.code for e in f2023.search("档案")] == ["20126", "2012699"]
    # a normalised match (其它, no 支出) ranks first
    assert f2023.search("其它档案事务")[0].code == "2012699"
    assert f2023.search("卫生健康支出")[0].code == "210"
    # digits: code prefix, in code order
    assert [e.code for e in f2023.search("2013")] == ["20131", "2013101", "2013102", "2013199"]
    assert [e.code for e in f2023.search("2013", limit=2)] == ["20131", "2013101"]
    assert f2023.search("") == ()
    assert f2023.search("不存在的科目") == ()


def test_search_orders_exact_before_partial(f2023: govaccts.Catalog) -> None:
    found = f2023.search("行政")
    names = [e.name for e in found]
    starts = [n.startswith("行政") for n in names]
    assert starts == sorted(starts, reverse=True)      # every 'starts with' before 'contains'
    assert all("行政" in n for n in names)
    assert {"2010101", "2013101", "20805", "2010302"} <= {e.code for e in found}


def test_search_finds_aliases(f2009: govaccts.Catalog) -> None:
    found = [e.code for e in f2009.search("行政运行（人大）")]
    assert "2010101" in found


# --- property: any printing of a real name resolves to its code ------------------------------

def _entries(year: int) -> list[govaccts.Entry]:
    return list(govaccts.catalog("function", year).values())


def _reprint(name: str, level_name: str, data: st.DataObject) -> str:
    out = name
    if data.draw(st.booleans()):
        out = out.replace("（", "(").replace("）", ")")
    if "其他" in out and data.draw(st.booleans()):
        out = out.replace("其他", "其它")
    if out.endswith("支出") and len(out) > 2 and data.draw(st.booleans()):
        out = out[:-2]
    elif not out.endswith("支出") and data.draw(st.booleans()):
        out += "支出"
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(out)))
        out = out[:i] + data.draw(st.sampled_from([" ", "\n", "\u3000", "\r\n"])) + out[i:]
    if data.draw(st.booleans()):
        out += data.draw(st.sampled_from([f"（{level_name}）", f"({level_name})"]))
    return out


@quick
@given(entry=st.sampled_from(_entries(2023) + _entries(2009)), data=st.data())
def test_any_printing_resolves_to_its_code(entry: govaccts.Entry, data: st.DataObject) -> None:
    cat = govaccts.catalog(entry.scheme, entry.year)
    printed = _reprint(entry.name, entry.level_name, data)
    codes = [m.entry.code for m in cat.resolve_all(printed)]
    assert entry.code in codes
    parent = entry.parent
    if parent is not None:
        narrowed = cat.resolve_all(printed, parent=parent.code)
        assert entry.code in [m.entry.code for m in narrowed]
        assert all(m.entry.code.startswith(parent.code) for m in narrowed)
