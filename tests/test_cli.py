"""Tests of the command-line interface (govaccts.cli) and of govaccts.textwidth."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts.cli import (
    COMMANDS,
    EXIT_BROKEN_PIPE,
    EXIT_NOT_FOUND,
    Command,
    emit,
    main,
)
from govaccts.cli.code_commands import MARKERS
from govaccts.cli.textwidth import display_width, pad, render_table

EXAMPLE = Path(govaccts.__file__).parent / "examples" / "hetang_2023"
quick = settings(max_examples=200, derandomize=True, database=None, deadline=None)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert err == ""
    return code, json.loads(out)


def table_block(out: str, header_start: str, nrows: int) -> list[str]:
    """The header, rule and ``nrows`` rows of the table whose header starts so."""
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith(header_start))
    block = lines[i:i + 2 + nrows]
    assert set(block[1]) <= {"-", " "}, block[1]
    return block


def assert_aligned(block: list[str]) -> None:
    widths = {display_width(line) for line in block}
    assert len(widths) == 1, [(display_width(line), line) for line in block]


def tree_rows(out: str) -> dict[str, str]:
    """Lines of a text tree by code (the header and legend lines are skipped)."""
    markers = {f"{m} " for m in MARKERS.values()}
    return {line.split()[1]: line for line in out.splitlines()
            if line[:2] in markers and line.split()[1].isdigit()}


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONIO")}
    env.pop("GOVACCTS_CATALOG_DIR", None)
    env.update(extra)
    return env


# --- lookup -----------------------------------------------------------------------------------

def test_lookup_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lookup", "2013101", "--year", "2023")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["2013101", "行政运行"]
    assert "201 › 20131 › 2013101" in out
    assert "一般公共服务支出 › 党委办公厅（室）及相关机构事务 › 行政运行" in out
    status = next(line for line in lines if line.startswith("status"))
    assert status.split()[1] == "verified"
    level = next(line for line in lines if line.startswith("level"))
    assert level.split()[1] == "项"
    assert "seed-hetang-2023 (real-document, 2023)" in out
    assert "function (支出功能分类科目)" in out


def test_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, "lookup", "2013101", "--year", "2023")
    assert code == 0
    assert data["code"] == "2013101"
    assert data["name"] == "行政运行"
    assert (data["level"], data["level_name"]) == (3, "项")
    assert data["status"] == "verified"
    assert (data["scheme"], data["year"]) == ("function", 2023)
    assert [a["code"] for a in data["path"]] == ["201", "20131", "2013101"]
    assert data["path"][0]["name"] == "一般公共服务支出"
    assert all(a["in_edition"] for a in data["path"])
    [src] = [s for s in data["sources"] if s["id"] == "seed-hetang-2023"]
    assert src["kind"] == "real-document"
    assert src["year"] == 2023
    assert src["title"] and src["reference"]
    assert isinstance(data["aliases"], list)
    assert isinstance(data["note"], str)
    assert data["edition"]["completeness"] == "partial"


def test_json_is_utf8_sorted_and_not_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "2013101", "--year", "2023", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "行政运行" in out and "\\u" not in out
    data = json.loads(out)
    assert list(data) == sorted(data)
    assert out.endswith("}\n")


@pytest.mark.parametrize("printed", ["201 31 01", "201 | 31 | 01", "201-31-01", "２０１３１０１",
                                     " 2013101 "])
def test_lookup_parses_printed_codes(capsys: pytest.CaptureFixture[str], printed: str) -> None:
    code, data = run_json(capsys, "lookup", printed, "--year", "2023")
    assert (code, data["code"], data["name"]) == (0, "2013101", "行政运行")


def test_lookup_infers_scheme_from_leading_digit(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "lookup", "30101", "--year", "2023")
    assert (data["scheme"], data["name"]) == ("dept-economic", "基本工资")
    gov = govaccts.catalog("gov-economic", 2023).entries()[0]
    _, data = run_json(capsys, "lookup", gov.code, "--year", "2023")
    assert (data["scheme"], data["name"]) == ("gov-economic", gov.name)
    rev = govaccts.catalog("revenue", 2023).entries()[0]
    _, data = run_json(capsys, "lookup", rev.code, "--year", "2023")
    assert (data["scheme"], data["name"]) == ("revenue", rev.name)


def test_lookup_explicit_scheme_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lookup", "30101", "--year", "2023", "--scheme", "function")
    assert (code, out) == (2, "")
    assert err.startswith("govaccts: error: invalid code '30101' for scheme function")
    code, data = run_json(capsys, "lookup", "30101", "--year", "2023", "--scheme", "dept_economic")
    assert (code, data["scheme"]) == (0, "dept-economic")


def test_lookup_code_absent_but_with_codes_below(capsys: pytest.CaptureFixture[str]) -> None:
    cat = govaccts.catalog("function", 2023)
    orphan = cat.coverage().orphans[0]
    missing = orphan[:-2]
    assert missing not in cat
    code, out, err = run(capsys, "lookup", missing, "--year", "2023")
    assert (code, out) == (2, "")
    assert f"unknown code '{missing}'" in err and f"govaccts tree {missing}" in err
    # ... and the absent ancestor shows in the orphan's path
    _, data = run_json(capsys, "lookup", orphan, "--year", "2023")
    absent = [a for a in data["path"] if not a["in_edition"]]
    assert [a["code"] for a in absent] == [missing]
    assert absent[0]["name"] is None


# --- tree -------------------------------------------------------------------------------------

def test_tree_subtree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tree", "20131", "--year", "2023")
    assert (code, err) == (0, "")
    rows = tree_rows(out)
    assert ["2013101", "2013102", "2013199"] == sorted(c for c in rows if c != "20131")
    assert rows["20131"].startswith("✓ 20131")
    assert rows["2013101"].startswith("✓   2013101  行政运行")
    assert "党委办公厅（室）及相关机构事务" in rows["20131"]


def test_tree_json_nests_children(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "tree", "201 31", "--year", "2023")
    [root] = data["nodes"]
    assert (root["code"], root["status"], root["in_edition"]) == ("20131", "verified", True)
    assert [k["code"] for k in root["children"]] == ["2013101", "2013102", "2013199"]
    assert all(k["children"] == [] and k["hidden_children"] == 0 for k in root["children"])


def test_tree_without_code_shows_lei_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tree", "--year", "2023")
    assert code == 0
    codes = list(tree_rows(out))
    assert codes and all(len(c) == 3 for c in codes)
    assert "201" in codes and "210" in codes
    assert "  (+" in out  # hidden children are counted


def test_tree_depth(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "tree", "--year", "2023", "--depth", "2")
    top = {n["code"]: n for n in data["nodes"]}
    assert "20131" in [k["code"] for k in top["201"]["children"]]
    assert all(k["children"] == [] for k in top["201"]["children"])
    _, data = run_json(capsys, "tree", "201", "--year", "2023", "--depth", "1")
    [root] = data["nodes"]
    kid = next(k for k in root["children"] if k["code"] == "20131")
    assert (kid["children"], kid["hidden_children"]) == ([], 3)


def test_tree_shows_absent_ancestors(capsys: pytest.CaptureFixture[str]) -> None:
    orphan = govaccts.catalog("function", 2023).coverage().orphans[0]
    missing = orphan[:-2]
    code, out, _ = run(capsys, "tree", missing, "--year", "2023")
    assert code == 0
    assert f"- {missing}  (no entry in this edition)" in out
    assert orphan in out


# --- search -----------------------------------------------------------------------------------

def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "行政运行", "--year", "2023")
    assert (code, err) == (0, "")
    codes = [line.split()[0] for line in out.splitlines()[2:] if line[:1].isdigit()]
    assert codes[:2] == ["2010101", "2010201"]
    assert "人大事务" in out and "政协事务" in out
    _, data = run_json(capsys, "search", "行政运行", "--year", "2023")
    assert [r["code"] for r in data["results"]][:2] == ["2010101", "2010201"]
    assert data["results"][1]["parent_name"] == "政协事务"


def test_search_table_is_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "search", "行政", "--year", "2009", "--limit", "30")
    _, out, _ = run(capsys, "search", "行政", "--year", "2009", "--limit", "30")
    block = table_block(out, "code", len(data["results"]))
    assert len(block) == 32
    assert_aligned(block)
    assert f"showing 30 of {data['total']} matches" in out


def test_search_limit_zero_shows_all(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "search", "行政", "--year", "2009", "--limit", "0")
    assert len(data["results"]) == data["total"] > 20
    assert data["limit"] is None


def test_search_former_name_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "医疗卫生", "--year", "2023")
    assert code == 0  # 其他基层医疗卫生机构支出 contains the query
    assert "note: 医疗卫生 was the name of 210 in 2009, now 卫生健康支出" in out
    _, data = run_json(capsys, "search", "医疗卫生", "--year", "2023")
    assert {"code": "210", "name": "医疗卫生", "year": 2009,
            "current_name": "卫生健康支出"} in data["former_names"]


def test_search_no_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "并无此名称", "--year", "2023")
    assert (code, err) == (1, "")
    assert "no entry matches '并无此名称' in function 2023" in out


def test_search_code_prefix_infers_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "search", "301", "--year", "2023")
    assert data["scheme"] == "dept-economic"
    assert data["results"][0]["code"] == "301"
    assert all(r["code"].startswith("301") for r in data["results"])


# --- resolve ----------------------------------------------------------------------------------

def test_resolve_ambiguous(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "resolve", "行政运行", "--year", "2023")
    assert (code, err) == (1, "")
    assert "ambiguous" in out.splitlines()[0]
    assert "2010101" in out and "2013101" in out
    assert_aligned(table_block(out, "code", 2))
    code, data = run_json(capsys, "resolve", "行政运行", "--year", "2023")
    assert (code, data["status"], data["entry"]) == (1, "ambiguous", None)
    codes = [c["code"] for c in data["candidates"]]
    assert codes[:2] == ["2010101", "2010201"] and "2013101" in codes
    assert data["candidates"][0]["how"] == "exact"


@pytest.mark.parametrize(("parent", "expected"), [
    ("20131", "2013101"), ("201 31", "2013101"), ("人大事务", "2010101"),
    ("党委办公厅(室)及相关机构事务", "2013101"),
])
def test_resolve_with_parent(capsys: pytest.CaptureFixture[str], parent: str,
                             expected: str) -> None:
    code, data = run_json(capsys, "resolve", "行政运行", "--year", "2023", "--parent", parent)
    assert (code, data["status"], data["entry"]["code"]) == (0, "found", expected)


def test_resolve_found_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "resolve", "党委办公厅（室）及相关机构事务", "--year", "2023")
    assert code == 0
    assert out.splitlines()[0].split() == ["20131", "党委办公厅（室）及相关机构事务"]
    assert "201 › 20131" in out


@pytest.mark.parametrize(("text", "expected"), [
    ("社会保障和就业（类）行政事业单位养老（款）机关事业单位基本养老保险缴费（项）", "2080505"),
    ("一般公共服务（类）人大事务（款）行政运行（项）", "2010101"),
    ("一般公共服务(类) 党委办公厅(室)及相关机构事务(款) 行政运行(项)", "2013101"),
    ("一般公共服务（类）人大事务（款）行政运行", "2010101"),  # untagged last part
    ("行政运行（项）", None),  # one tagged name: still ambiguous
])
def test_resolve_tagged_reference(capsys: pytest.CaptureFixture[str], text: str,
                                  expected: str | None) -> None:
    code, data = run_json(capsys, "resolve", text, "--year", "2023")
    if expected is None:
        assert (code, data["status"]) == (1, "ambiguous")
    else:
        assert (code, data["status"], data["entry"]["code"]) == (0, "found", expected)


def test_resolve_unknown_name_shows_former_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "resolve", "医疗卫生", "--year", "2023")
    assert (code, err) == (1, "")
    assert "no entry named '医疗卫生' in function 2023" in out
    assert "note: 医疗卫生 was the name of 210 in 2009, now 卫生健康支出" in out
    code, data = run_json(capsys, "resolve", "医疗卫生", "--year", "2023")
    assert (code, data["status"]) == (1, "not-found")
    assert data["former_names"][0]["code"] == "210"


def test_resolve_with_parent_found_has_no_notes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "resolve", "行政运行", "--parent", "20131", "--year", "2023")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split() == ["2013101", "行政运行"]
    assert "note:" not in out
    _, data = run_json(capsys, "resolve", "行政运行", "--parent", "20131", "--year", "2023")
    assert data["former_names"] == []


def test_resolve_with_parent_notes_only_that_branch(capsys: pytest.CaptureFixture[str],
                                                    f2023: govaccts.Catalog) -> None:
    # 行政运行 is no name under 21302 in 2023, but was the name of many codes elsewhere
    everywhere = [f.code for f in f2023.former_names("行政运行")]
    assert len(everywhere) > 20 and "2130201" in everywhere
    on_branch = [c for c in everywhere if c.startswith("21302")]
    code, data = run_json(capsys, "resolve", "行政运行", "--parent", "21302", "--year", "2023")
    assert (code, data["status"]) == (1, "not-found")
    assert [f["code"] for f in data["former_names"]] == on_branch == ["2130201"]
    code, out, _ = run(capsys, "resolve", "行政运行", "--parent", "21302", "--year", "2023")
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("note:")] == [
        "note: 行政运行 was the name of 2130201 in 2009, not in this edition"]
    # the parent itself and its ancestors concern it too: 210 was called 医疗卫生
    for parent in ("210", "21011"):
        _, data = run_json(capsys, "resolve", "医疗卫生", "--parent", parent, "--year", "2023")
        assert [f["code"] for f in data["former_names"]] == ["210"], parent
    _, data = run_json(capsys, "resolve", "医疗卫生", "--parent", "201", "--year", "2023")
    assert data["former_names"] == []


@pytest.mark.parametrize("argv", [
    ["resolve", "行政运行", "--year", "2023", "--parent", "不存在的款"],
    ["resolve", "行政运行", "--year", "2023", "--parent", "29999"],
    ["resolve", "一般公共服务（类）人大事务（款）", "--year", "2023", "--parent", "201"],
])
def test_resolve_bad_parent_is_bad_input(capsys: pytest.CaptureFixture[str],
                                         argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("govaccts: error: ") and err.count("\n") == 1


# --- diff -------------------------------------------------------------------------------------

def test_diff_2009_2023(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diff", "2009", "2023")
    assert (code, err) == (0, "")
    line210 = next(line for line in out.splitlines() if line.startswith("210 "))
    assert line210.split() == ["210", "类", "医疗卫生", "→", "卫生健康支出", "renamed"]
    line202 = next(line for line in out.splitlines() if line.startswith("202 "))
    assert line202.split()[-1] == "cosmetic"
    assert "note: function 2023 is a partial edition" in out
    assert "dated approximately" in out
    assert out.splitlines()[0].startswith("function 2009 → 2023: ")


def test_diff_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, "diff", "2009", "2023")
    assert code == 0
    assert {"code": "210", "level_name": "类", "old_name": "医疗卫生",
            "new_name": "卫生健康支出", "cosmetic": False} in data["renamed"]
    assert "2013101" in [e["code"] for e in data["added"]]
    # nothing says 2009's missing codes were removed: the partial 2023 only lacks evidence
    assert data["removed"] == [] and data["not_attested"] and data["notes"]
    [e218] = [e for e in data["not_attested"] if e["code"] == "218"]
    assert (e218["name"], e218["status"]) == ("地震灾后恢复重建支出", "verified")
    _, back = run_json(capsys, "diff", "2023", "2009")
    assert back["removed"] and back["not_attested"] == []
    assert all(r["evidence"].startswith("absent from 支出功能分类科目 (historic, about 2009)")
               for r in back["removed"])
    assert (data["old_edition"]["completeness"], data["new_edition"]["completeness"]) == (
        "complete", "partial")


def test_diff_tables_are_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "diff", "2009", "2023")
    _, out, _ = run(capsys, "diff", "2009", "2023")
    assert_aligned(table_block(out, "code     level  old name", len(data["renamed"])))
    lines = out.splitlines()
    start = lines.index(f"added ({len(data['added'])})") + 1
    assert_aligned(lines[start:start + 2 + len(data["added"])])


def test_diff_of_complete_editions_has_no_partial_note(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "diff", "2009", "2009")
    assert (data["added"], data["removed"], data["renamed"]) == ([], [], [])
    assert not any("partial" in n for n in data["notes"])


# --- catalogs ---------------------------------------------------------------------------------

def test_catalogs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalogs")
    assert (code, err) == (0, "")
    row = next(line for line in out.splitlines() if line.split()[:2] == ["function", "2009"])
    cells = row.split()
    assert cells[2:6] == ["1541", "1541", "0", "0"]
    assert cells[6:9] == ["20/0/0", "206/0/0", "1315/0/0"]
    assert "complete" in cells and "approximate" in cells
    _, data = run_json(capsys, "catalogs")
    assert_aligned(table_block(out, "scheme", len(data["editions"])))


def test_catalogs_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, "catalogs")
    assert code == 0
    f2009 = next(e for e in data["editions"] if (e["scheme"], e["year"]) == ("function", 2009))
    assert (f2009["rows"], f2009["verified"], f2009["orphans"]) == (1541, 1541, 0)
    assert [lv["rows"] for lv in f2009["by_level"]] == [20, 206, 1315]
    assert (f2009["completeness"], f2009["approximate"]) == ("complete", True)
    keys = {(e["scheme"], e["year"]) for e in data["editions"]}
    assert keys == {(s, y) for s in govaccts.SCHEMES for y in govaccts.editions(s)}
    for e in data["editions"]:
        assert e["rows"] == e["verified"] + e["carried"] + e["unverified"]


def test_catalogs_one_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "catalogs", "--scheme", "revenue")
    assert {e["scheme"] for e in data["editions"]} == {"revenue"}
    _, out, _ = run(capsys, "catalogs", "--scheme", "revenue")
    header = out.splitlines()[0].split()
    assert header[3:10] == ["verified", "carried", "unverified", "类", "款", "项", "目"]
    assert_aligned(table_block(out, "scheme", len(data["editions"])))


# --- errors, --version, --help ----------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["lookup", "20A", "--year", "2023"],
    ["lookup", "2013101", "--year", "2023", "--scheme", "nope"],
    ["lookup", "2013101", "--year", "1999"],
    ["lookup", "2999999", "--year", "2023"],
    ["lookup", "9999999", "--year", "2023"],
    ["lookup", "201 3 01", "--year", "2023"],
    ["lookup", "2013101", "--year", "twenty"],
    ["lookup", "2013101", "--year", "2023", "--format", "xml"],
    ["tree", "2999999", "--year", "2023"],
    ["tree", "--year", "2023", "--depth", "0"],
    ["search", "行政", "--year", "2023", "--limit", "-1"],
    ["search", "行政", "--year", "2023", "--scheme", "nope"],
    ["diff", "2009", "1999"],
    ["diff", "2009"],
    ["catalogs", "--scheme", "nope"],
    ["frobnicate"],
    [],
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                         argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("govaccts: error: ")
    assert err.endswith("\n") and err.count("\n") == 1
    assert "Traceback" not in err and "usage:" not in err


@pytest.mark.parametrize(("argv", "message"), [
    (["lookup", "20A", "--year", "2023"], "invalid code '20A': a code has digits only"),
    (["lookup", "2013101", "--year", "2023", "--scheme", "nope"], "unknown scheme 'nope'"),
    (["lookup", "2013101", "--year", "1999"], "no function edition for 1999 (available: 2009"),
    (["lookup", "2999999", "--year", "2023"], "unknown code '2999999' in function 2023 (a partial"),
])
def test_error_messages(capsys: pytest.CaptureFixture[str], argv: list[str],
                        message: str) -> None:
    _, _, err = run(capsys, *argv)
    assert message in err


def test_unknown_check_mode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--mode", "bogus", "--example", "hetang-2023")
    assert (code, out) == (2, "")
    assert err.startswith("govaccts: error: argument --mode: invalid choice: 'bogus'")
    assert err.count("\n") == 1 and "Traceback" not in err
    for mode in govaccts.Mode:
        assert repr(mode.value) in err


def test_identity_with_a_report_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--identity checks a single table; given with a report it would be ignored."""
    for target in (["--example", "hetang-2023"], [str(EXAMPLE)]):
        code, out, err = run(capsys, "check", *target, "--identity", "合计=基本支出+项目支出")
        assert (code, out) == (2, "")
        assert err == "govaccts: error: --identity applies to a single table (TABLE.csv)\n"


@pytest.mark.parametrize("exc", [
    govaccts.GovacctsError("two\nlines  of\tmessage"),
    govaccts.LedgerError("bad cell", location=govaccts.Location(file="t.csv", line=3)),
    govaccts.UnknownCodeError("9999999", "function", 2023),
    govaccts.UnknownNameError("某某", "function", 2023, "a hint"),
    govaccts.AmbiguousNameError("行政运行", ["2010101", "2013101"]),
    govaccts.RuleError("unknown rule(s) x"),
], ids=lambda e: type(e).__name__)
def test_every_govaccts_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 exc: govaccts.GovacctsError) -> None:
    def fail(args: argparse.Namespace) -> int:
        raise exc

    monkeypatch.setitem(COMMANDS, "fail", Command("fail", "raises", lambda p: None, fail))
    code, out, err = run(capsys, "fail")
    assert (code, out) == (2, "")
    assert err == f"govaccts: error: {' '.join(str(exc).split())}\n"


@pytest.mark.parametrize("argv", [
    ["check", "--example", "nope"],
    ["check", "--example", "hetang-2023", "--rules", "no.such.rule"],
    ["check", str(EXAMPLE / "03.csv"), "--identity", "合计"],
    ["check", str(EXAMPLE / "03.csv"), "--identity", "不存在=基本支出"],
    ["check", str(EXAMPLE / "03.csv"), "--unit", "parsecs"],
    ["check", str(EXAMPLE / "03.csv"), "--scheme", "nope"],
    ["check", str(EXAMPLE / "no-such.csv")],
    ["check", str(EXAMPLE / "no-such-folder")],
    ["check"],
])
def test_check_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                               argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("govaccts: error: ") and err.count("\n") == 1


@pytest.mark.parametrize("extra", [[], ["--year", "2023"], ["--rules", "sum.,table."],
                                   ["--identity", "本年支出合计=基本支出+项目支出", "--mode", "exact"]])
def test_check_table_json_is_streamed_in_the_order_found(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str]) -> None:
    """A table's JSON is the document json.dumps prints for the payload, its findings those
    of check_table in the order iter_findings finds them (causes first), summary after."""
    from govaccts.checks.findings import finding_to_dict, summarize
    from govaccts.checks.streaming import iter_findings

    path = tmp_path / "t.csv"
    path.write_text("科目代码,科目名称,本年支出合计,基本支出,项目支出\n"
                    ",合计,3.00,3.00,0.00\n201,一般公共服务支出,3.00,1.00,2.00\n"
                    "20101,人大事务,1.0x,1.00,0.00\n20102,政协事务,2.00,0.00,2.00\n", "utf-8")
    code, out, err = run(capsys, "check", str(path), "--format", "json", *extra)
    table = govaccts.read_table(path, year=2023 if "--year" in extra else None)
    opts: dict[str, Any] = {"mode": extra[-1] if "--mode" in extra else "half-up",
                            "rules": extra[1].split(",") if "--rules" in extra else None,
                            "identities": [extra[1]] if "--identity" in extra else []}
    found = list(iter_findings(table, **opts))
    assert sorted(found) == govaccts.check_table(table, **opts)
    payload = {"target": {"kind": "table", "path": str(path)}, "mode": opts["mode"],
               "findings": [finding_to_dict(f) for f in found], "summary": summarize(found)}
    assert err == ""
    assert out == json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    rules = [d["rule"] for d in payload["findings"]]  # type: ignore[union-attr]
    assert rules.index("table.problem") < rules.index("sum.tree")
    assert code == (1 if payload["summary"]["error"] else 0)  # type: ignore[index]


def test_check_table_json_writes_each_finding_as_found(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The first finding is on stdout before the second is looked for."""
    import govaccts.checks.streaming as streaming

    real = streaming.iter_findings
    seen: list[str] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        for f in real(*args, **kwargs):
            seen.append(sys.stdout.getvalue())  # type: ignore[attr-defined]
            yield f

    monkeypatch.setattr(streaming, "iter_findings", spy)
    _, out, _ = run(capsys, "check", str(EXAMPLE / "05.csv"), "--format", "json")
    body = json.loads(out)
    assert len(seen) == len(body["findings"]) >= 2
    assert seen[1].count('"rule": ') == 1 and '"summary"' not in seen[-1]


def test_errors_with_json_format_still_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lookup", "20A", "--year", "2023", "--format", "json")
    assert (code, out) == (2, "")
    assert err.startswith("govaccts: error: invalid code '20A'")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"govaccts {govaccts.__version__}")


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in COMMANDS:
        assert name in out
    for name in COMMANDS:
        code, out, _ = run(capsys, name, "--help")
        assert code == 0 and "--format" in out


# --- extending the CLI ------------------------------------------------------------------------

def test_a_new_command_plugs_in(capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    def add_arguments(p: argparse.ArgumentParser) -> None:
        p.add_argument("word")

    def run_check(args: argparse.Namespace) -> int:
        emit(args, {"word": args.word, "名称": "行政运行"}, lambda p: f"checked {p['word']}")
        return 0

    monkeypatch.setitem(COMMANDS, "check", Command("check", "check things", add_arguments,
                                                   run_check))
    assert run(capsys, "check", "x") == (0, "checked x\n", "")
    code, data = run_json(capsys, "check", "y")
    assert (code, data) == (0, {"word": "y", "名称": "行政运行"})


# --- python -m govaccts and the console script -------------------------------------------------

def test_python_m_govaccts_lookup() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govaccts", "lookup", "2013101", "--year", "2023"],
        capture_output=True, env=subprocess_env(), timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "行政运行" in out and "201 › 20131 › 2013101" in out and "seed-hetang-2023" in out
    assert proc.stderr == b""


def test_python_m_govaccts_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govaccts", "lookup", "20A", "--year", "2023"],
        capture_output=True, env=subprocess_env(), timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode("utf-8").splitlines() == [
        "govaccts: error: invalid code '20A': a code has digits only"]


def test_json_is_utf8_even_when_stdout_is_ascii() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govaccts", "lookup", "2013101", "--year", "2023",
         "--format", "json"],
        capture_output=True, env=subprocess_env(PYTHONIOENCODING="ascii"), timeout=60,
        check=False)
    assert proc.returncode == 0, proc.stderr
    assert "行政运行".encode() in proc.stdout
    assert json.loads(proc.stdout.decode("utf-8"))["name"] == "行政运行"


@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("argv", [["tree", "--year", "2023"],
                                  ["lookup", "2013101", "--year", "2023", "--format", "json"]])
def test_reader_closed_early_exits_141_quietly(argv: list[str], unbuffered: str) -> None:
    """``govaccts tree | head -1``: stdout is a pipe whose reader is gone before we write."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the child starts: its first write meets EPIPE
    env = subprocess_env()
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    try:
        proc = subprocess.run([sys.executable, "-m", "govaccts", *argv], stdout=write_end,
                              stderr=subprocess.PIPE, env=env, timeout=60, check=False)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr.decode()) == (EXIT_BROKEN_PIPE, "")
    assert EXIT_BROKEN_PIPE == 128 + signal.SIGPIPE


class ClosedPipe(io.StringIO):
    """A stdout whose reader has gone: every write raises BrokenPipeError."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("argv", [
    ["tree", "--year", "2023"], ["search", "行政运行", "--year", "2023"],  # exit 0 otherwise
    ["search", "并无此名称", "--year", "2023"], ["resolve", "行政运行", "--year", "2023"],  # 1
    ["check", "--example", "hetang-2023", "--format", "json"],
])
def test_broken_pipe_is_not_not_found(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(argv) == EXIT_BROKEN_PIPE != EXIT_NOT_FOUND
    monkeypatch.undo()
    assert capsys.readouterr().err == ""


def test_console_script() -> None:
    script = Path(sys.executable).with_name("govaccts")
    if not script.exists():
        pytest.skip("console script not installed next to the interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True,
                          env=subprocess_env(), timeout=60, check=False)
    assert (proc.returncode, proc.stdout.decode().strip()) == (
        0, f"govaccts {govaccts.__version__}")


# --- textwidth --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "width"), [
    ("", 0), ("abc", 3), ("行政运行", 8), ("（室）", 6), ("ＡＢ", 4), ("e\u0301", 1),
    ("a\u200bb", 2), ("201 › 20131", 11), ("✓ 201", 5), ("한국", 4),
])
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_pad() -> None:
    assert pad("行政", 6) == "行政  "
    assert pad("行政", 6, ">") == "  行政"
    assert pad("行政", 7, "^") == " 行政  "
    assert pad("行政运行", 2) == "行政运行"
    with pytest.raises(ValueError, match="align"):
        pad("x", 2, "|")


def test_render_table_rejects_ragged_rows() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells"):
        render_table(["a", "b"], [["1", "2"], ["3"]])
    with pytest.raises(ValueError, match="align has 1 entries"):
        render_table(["a", "b"], [], align=["<"])


cell = st.text(alphabet=st.sampled_from("ab1 行政运行（室）ＡＢé\u0301"), max_size=12)


@quick
@given(st.integers(1, 5).flatmap(
    lambda n: st.tuples(st.lists(cell, min_size=n, max_size=n),
                        st.lists(st.lists(cell, min_size=n, max_size=n), max_size=6),
                        st.lists(st.sampled_from("<>^"), min_size=n, max_size=n))))
def test_render_table_lines_have_equal_width(case: tuple[list[str], list[list[str]],
                                                         list[str]]) -> None:
    headers, rows, align = case
    lines = render_table(headers, rows, align=align).splitlines()
    assert len(lines) == 2 + len(rows)
    assert len({display_width(line) for line in lines}) == 1


# --- schemes inferred by the one code parser; --year optional -------------------------------


def test_lookup_an_accounting_code_as_the_issue_writes_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "1011", "--scheme", "accounting")
    assert code == 0 and out.startswith("1011  零余额账户用款额度") and "一级科目" in out
    code, p = run_json(capsys, "lookup", "1011")  # four digits: the accounting scheme
    assert (code, p["code"], p["level_name"], p["scheme"]) == (0, "1011", "一级科目", "accounting")


def test_without_year_the_newest_edition_answers(capsys: pytest.CaptureFixture[str]) -> None:
    code, p = run_json(capsys, "lookup", "30101")
    newest = govaccts.editions("dept-economic")[-1]
    assert (code, p["edition"]["year"], p["scheme"]) == (0, newest, "dept-economic")


def test_a_code_of_no_scheme_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "lookup", "9999999", "--year", "2023")
    assert code == 2 and "no scheme's codes start with 9" in err
