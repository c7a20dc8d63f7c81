"""Continuous editions (the build's carry rules), removals with evidence in diff, the
historic fallback, and codes of another scheme (issue #12)."""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

import pytest

import govaccts
from govaccts import Status
from govaccts.catalogs.history import removals
from govaccts.cli import main
from govaccts.errors import UnknownCodeError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_catalogs as bc  # noqa: E402


def rows(att: dict[tuple[str, str], list[tuple[str, str | None, str]]],
         historic: list[dict[str, str]] = (),  # type: ignore[assignment]
         removals: dict[tuple[str, str], tuple[int, str]] | None = None,
         maintained: list[dict[str, str]] = ()  # type: ignore[assignment]
         ) -> tuple[list[tuple[str, str, int, int]], list[str]]:
    conflicts: list[str] = []
    out = bc.modern_rows("function", att, list(maintained), conflicts, [], removals,
                         list(historic))
    return [(r["code"], r["name"], int(r["valid_from"]), int(r["valid_to"])) for r in out], \
        conflicts


# --- the carry rules --------------------------------------------------------------------------

def test_carried_between_attestations_and_after_the_last_one() -> None:
    got, _ = rows({("function", "2010101"): [("行政运行", "2020", "a"), ("行政运行", "2023", "b")]})
    assert got == [("2010101", "行政运行", 2020, 2026)]


def test_a_later_name_ends_the_carry_the_year_before() -> None:
    got, conflicts = rows({("function", "2130804"): [("创业担保贷款贴息", "2019", "a"),
                                                      ("创业担保贷款贴息及奖补", "2026", "b")]})
    assert got == [("2130804", "创业担保贷款贴息", 2019, 2025),
                   ("2130804", "创业担保贷款贴息及奖补", 2026, 2026)]
    assert conflicts == []


def test_a_change_notice_ends_the_carry() -> None:
    got, _ = rows({("function", "2010101"): [("行政运行", "2020", "a")]},
                  removals={("2010101", "行政运行"): (2024, "rm-x")})
    assert got == [("2010101", "行政运行", 2020, 2023)]
    got, conflicts = rows({("function", "2010101"): [("行政运行", "2025", "a")]},
                          removals={("2010101", "行政运行"): (2024, "rm-x")})
    assert got == [("2010101", "行政运行", 2025, 2026)]     # printed after: not cut, listed
    assert "yet printed in 2025" in conflicts[0]


def test_the_c2009_catalog_bridges_to_the_first_modern_edition() -> None:
    hist = [{"code": "2130101", "name": "行政运行", "sources": "c2009-function"}]
    got, _ = rows({("function", "2130101"): [("行政运行", "2026", "a")]}, historic=hist)
    assert got == [("2130101", "行政运行", 2019, 2026)]
    got, _ = rows({("function", "2130101"): [("行政运行（农业）", "2026", "a")]}, historic=hist)
    assert got == [("2130101", "行政运行（农业）", 2026, 2026)]  # another name: no bridge


def test_no_bridge_over_another_name_printed_earlier() -> None:
    hist = [{"code": "20805", "name": "行政事业单位离退休", "sources": "c2009-function"}]
    got, _ = rows({("function", "20805"): [("行政事业单位养老支出", "2020", "a"),
                                           ("行政事业单位离退休", "2025", "b")]}, historic=hist)
    assert got == [("20805", "行政事业单位养老支出", 2020, 2024),
                   ("20805", "行政事业单位离退休", 2025, 2026)]


def test_an_exact_tie_places_neither_name() -> None:
    got, conflicts = rows({("function", "2296002"): [("名称甲", "2024", "a"),
                                                     ("名称乙", "2024", "b")]})
    assert got == [] and "neither is placed there" in conflicts[0]


def test_a_tie_is_decided_by_the_maintainers_claim_and_said_so() -> None:
    claim = [{"scheme": "function", "code": "2296002", "name": "名称甲", "valid_from": "2019",
              "valid_to": "2026", "aliases": "", "note": "knowledge"}]
    got, conflicts = rows({("function", "2296002"): [("名称甲", "2024", "a"),
                                                     ("名称乙", "2024", "b")]},
                          maintained=claim)
    assert {g[1] for g in got} == {"名称甲"}
    assert "the maintainers' claim decides" in conflicts[0]


# --- the bundled editions ---------------------------------------------------------------------

def test_no_modern_diff_removes_without_evidence() -> None:
    for scheme in ("function", "dept-economic", "gov-economic", "revenue"):
        years = [y for y in govaccts.editions(scheme) if y >= 2019]
        for old, new in pairwise(years):
            d = govaccts.diff(govaccts.catalog(scheme, old), govaccts.catalog(scheme, new))
            assert d.removed == (), (scheme, old, new)
            # only a maintainers' range may end without a source: 234 (2020–2023)
            assert all(e.status is Status.UNVERIFIED for e in d.not_attested), (scheme, old, new)


def test_diff_2024_2025_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "2024", "2025", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr()[0])
    assert {"added", "removed", "renamed", "not_attested"} <= set(data)
    assert data["removed"] == [] and data["not_attested"] == []


# --- removals with evidence (a store of our own) ----------------------------------------------

def write_store(folder: Path) -> govaccts.CatalogStore:
    folder.mkdir()
    (folder / "sources.csv").write_text(
        "id,kind,title,year,reference,note\n"
        "doc-a-2023,harvested,a report,2023,owner/repo@abc1234:a.pdf,\n"
        "rm-1-2025,change-notice,a notice,2025,https://example.org/notice,quotes: 删除2010102\n",
        "utf-8")
    (folder / "editions.csv").write_text(
        "scheme,year,label,approximate,completeness,compiled\n"
        "function,2024,2024 test,false,partial,test\nfunction,2025,2025 test,false,partial,test\n",
        "utf-8")
    (folder / "function.csv").write_text(
        "code,name,valid_from,valid_to,sources,aliases,note\n"
        "2010101,行政运行,2024,2025,doc-a-2023,,\n"
        "2010102,一般行政管理事务,2024,2024,doc-a-2023,,\n"
        "2010103,机关服务,2024,2024,doc-a-2023,,\n", "utf-8")
    (folder / "removals.csv").write_text(
        "scheme,code,name,year,sources,note\n"
        "function,2010102,一般行政管理事务,2025,rm-1-2025,printed: 删除2010102\n", "utf-8")
    return govaccts.CatalogStore(folder, override_dir=None)


def test_removed_with_its_evidence_apart_from_not_attested(tmp_path: Path) -> None:
    store = write_store(tmp_path / "data")
    [r] = removals(store)
    assert (r.code, r.year, [s.id for s in r.sources]) == ("2010102", 2025, ["rm-1-2025"])
    d = govaccts.diff(store.catalog("function", 2024), store.catalog("function", 2025), store)
    assert [(x.code, x.name) for x in d.removed] == [("2010102", "一般行政管理事务")]
    assert d.removed[0].evidence.startswith("removed from 2025: [rm-1-2025] a notice (2025)")
    assert [s.id for s in d.removed[0].sources] == ["rm-1-2025"]
    assert [e.code for e in d.not_attested] == ["2010103"]
    # the default store knows no such notice: both codes are merely not attested there
    assert govaccts.diff(store.catalog("function", 2024), store.catalog("function", 2025)
                         ).removed == ()


def test_a_complete_new_edition_is_its_own_evidence(tmp_path: Path) -> None:
    f = tmp_path / "official.csv"
    f.write_text("code,name\n201,一般公共服务支出\n", "utf-8")
    official = govaccts.load_catalog(f, scheme="function", year=2031)
    d = govaccts.diff(govaccts.catalog("function", 2026), official)
    assert d.not_attested == () and len(d.removed) == len(govaccts.catalog("function", 2026)) - 1
    assert "a file of the caller" in d.removed[0].evidence


# --- the historic fallback --------------------------------------------------------------------

def test_historic_candidate_is_marked_and_never_counted() -> None:
    plain = govaccts.catalog("function", 2025)
    cat = govaccts.catalog("function", 2025, fallback="historic")
    assert "2130101" not in plain and plain.get("2130101") is None
    with pytest.raises(UnknownCodeError):
        plain["2130101"]
    e = cat["2130101"]
    assert (e.name, e.year, e.status, e.verified, e.historic) == (
        "行政运行", 2025, Status.HISTORIC, False, True)
    assert cat.get("2130101") == e and "2130101" not in cat
    assert "historic candidate" in e.note and "not a modern name" in e.note
    assert "c.2009 name was the printed one for" in e.note
    assert [s.id for s in e.sources] == ["c2009-function"]
    assert len(cat) == len(plain) and cat.coverage() == plain.coverage()
    assert cat["2013101"] == plain["2013101"]            # present codes are untouched
    assert cat.fallback == "historic" and plain.fallback is None
    assert cat is govaccts.catalog("function", 2025, fallback="historic")   # cached


def test_no_fallback_where_it_makes_no_sense() -> None:
    assert govaccts.catalog("function", 2009, fallback="historic").fallback is None   # complete
    assert govaccts.catalog("revenue", 2025, fallback="historic").fallback is None    # no c.2009
    assert govaccts.catalog("function", 2025, verified_only=True).fallback is None
    with pytest.raises(ValueError, match="unknown fallback"):
        govaccts.catalog("function", 2025, fallback="guess")
    with pytest.raises(UnknownCodeError):
        govaccts.catalog("function", 2025, fallback="historic")["2999999"]   # not in c.2009


def test_lookup_historic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "2130101", "--year", "2025"]) == 2
    capsys.readouterr()
    assert main(["lookup", "2130101", "--year", "2025", "--historic"]) == 0
    out = capsys.readouterr()[0]
    assert out.startswith("warning: 2130101 is in no source of function 2025")
    assert "农业 (c.2009) › 行政运行 (c.2009)" in out and "status    historic" in out
    assert main(["lookup", "2130101", "--year", "2025", "--historic", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr()[0])
    assert data["status"] == "historic" and "historic candidate" in data["note"]
    assert [(a["code"], a["in_edition"], a["status"]) for a in data["path"]] == [
        ("213", True, "carried"), ("21301", False, "historic"), ("2130101", False, "historic")]
    assert main(["lookup", "2013101", "--year", "2025", "--historic"]) == 0   # present: as is
    assert "warning" not in capsys.readouterr()[0]


# --- codes of another scheme ------------------------------------------------------------------

def test_a_code_of_another_scheme_says_so(f2023: govaccts.Catalog) -> None:
    with pytest.raises(UnknownCodeError) as ei:
        f2023["30101"]
    assert "30101 is a 部门预算支出经济分类科目 (dept-economic) code" in str(ei.value)
    assert "partial edition" not in str(ei.value)
    with pytest.raises(UnknownCodeError) as ei:
        govaccts.catalog("dept-economic", 2023)["205"]
    assert "205 is a 支出功能分类科目 (function) code" in str(ei.value)
    with pytest.raises(UnknownCodeError) as ei:
        f2023["2999999"]
    assert "partial edition" in str(ei.value)              # a function code: maybe unattested
    assert f2023.get("30101") is None                         # .get and [] agree: not malformed
