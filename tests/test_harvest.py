"""Harvesting code–name pairs from published reports (govaccts.io.harvest, govaccts harvest)
and the name policy behind it (govaccts.catalogs.printed): fragments and conflicts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from govaccts.catalogs.printed import reconcile
from govaccts.cli import main
from govaccts.io.harvest import PAIR_FIELDS, SkipReason, harvest, read_manifest
from shared_material import shared_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "js_cppcc_2019_budget_tables.pdf"
CPPCC = ("ae86jack/open-budget@b7cedd1:pdf_files/jszwfw/江苏省政协办公厅/"
         "江苏省政协办公厅2019年预算公开表.pdf")
HARVESTED = ROOT / "catalogs" / "evidence" / "harvested"


DEVSET = shared_dir("devset", "MANIFEST.tsv")
needs_devset = pytest.mark.skipif(DEVSET is None, reason="development set (../shared) absent")


def committed(citation: str) -> list[dict[str, str]]:
    with (HARVESTED / "pairs.csv").open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["citation"] == citation]


def as_rows(pairs: object) -> list[dict[str, str]]:
    return sorted((p.row() for p in pairs),  # type: ignore[attr-defined]
                  key=lambda r: (r["citation"], r["scheme"], r["code"], r["name"]))


@pytest.fixture(scope="module")
def cppcc() -> object:
    return harvest(FIXTURE, citations={FIXTURE.name: CPPCC})


# --- the name policy --------------------------------------------------------------------------

def test_a_cut_name_is_a_fragment_of_the_fuller_printing() -> None:
    r = reconcile("2080505", [("机关事业单位基本养老保险缴费支出", "a"),
                              ("机关事业单位基本", "b")])
    assert [p.name for p in r.kept] == ["机关事业单位基本养老保险缴费支出"] and not r.conflict
    [f] = r.fragments
    assert (f.name, f.by, f.of, f.same_year) == ("机关事业单位基本", ("b",),
                                                 "机关事业单位基本养老保险缴费支出", True)
    assert "is the start of" in f.reason and "that year" in f.reason


def test_the_end_of_a_name_is_a_fragment_too() -> None:
    r = reconcile("2110203", [("建设项目环评审查与监督", "a"), ("督", "b")])
    assert "is the end of" in r.fragments[0].reason


def test_a_longer_name_printed_by_fewer_documents_makes_no_fragment() -> None:
    # one report glues the next row's name on: the short name, printed by two, is no fragment
    r = reconcile("2010101", [("行政运行", "a"), ("行政运行", "b"),
                              ("行政运行一般行政管理事务", "c")])
    assert r.fragments == () and r.conflict
    assert [p.name for p in r.kept] == ["行政运行", "行政运行一般行政管理事务"]


def test_printings_of_other_years_recognise_a_fragment_but_are_never_kept() -> None:
    r = reconcile("2060204", [("实验室及相关", "a")], references=[("实验室及相关设施", "x"),
                                                                   ("实验室及相关设施", "y")])
    assert r.kept == () and r.fragments[0].of == "实验室及相关设施"
    assert not r.fragments[0].same_year and "other years" in r.fragments[0].reason


def test_folds_of_the_name_key_are_one_name() -> None:
    r = reconcile("2010399", [("其它政府办公厅(室)及相关机构事务支出", "a"),
                              ("其他政府办公厅（室）及相关机构事务", "b"),
                              ("其他政府办公厅（室）及相关机构事务", "c")])
    assert not r.conflict and r.fragments == ()
    assert r.kept[0].name == "其他政府办公厅（室）及相关机构事务" and r.kept[0].support == 3


def test_two_names_neither_a_fragment_are_a_conflict_listed_not_chosen() -> None:
    r = reconcile("2130804", [("创业担保贷款贴息", "a"), ("创业担保贷款奖补", "b")])
    assert r.conflict and {p.name for p in r.kept} == {"创业担保贷款贴息", "创业担保贷款奖补"}


# --- harvesting a real report (the bundled fixture) -------------------------------------------

def test_fixture_harvest_equals_the_committed_evidence(cppcc: object) -> None:
    h = cppcc
    [d] = h.documents  # type: ignore[attr-defined]
    assert (d.citation, d.year, d.year_from, d.pairs, d.problem) == (CPPCC, 2019, "titles",
                                                                       41, None)
    assert as_rows(h.pairs) == committed(CPPCC)  # type: ignore[attr-defined]


def test_year_comes_from_the_document_not_the_file_name(tmp_path: Path) -> None:
    renamed = tmp_path / "2031_report.pdf"
    shutil.copy(FIXTURE, renamed)
    h = harvest(renamed)
    assert {p.year for p in h.pairs} == {2019}
    assert h.documents[0].citation == str(renamed)      # no manifest: cited by its path


def test_pairs_carry_page_line_and_a_quote_showing_code_and_name(cppcc: object) -> None:
    pairs = cppcc.pairs  # type: ignore[attr-defined]
    by = {(p.scheme, p.code): p for p in pairs}
    p = by[("function", "2010201")]
    assert (p.name, p.page, p.table) == ("行政运行", 5, "财政拨款支出预算表（功能科目）")
    assert p.line > 0 and p.printed == 2               # 公开05 and 公开07 print it
    for p in pairs:
        assert p.name in p.quote and p.code in p.quote.replace(" ", ""), p
    assert {p.scheme for p in pairs} == {"function", "dept-economic"}
    assert all(p.scheme == "dept-economic" for p in pairs if p.code.startswith("3"))


def test_manifest_citation_and_its_checksum(tmp_path: Path) -> None:
    copy = tmp_path / "a.pdf"
    shutil.copy(FIXTURE, copy)
    (tmp_path / "MANIFEST.tsv").write_text(
        f"file\tpages\tsha256\tsource\na.pdf\t12\ta7aeca568d65a104\t{CPPCC}\n", "utf-8")
    assert read_manifest(tmp_path / "MANIFEST.tsv") == {"a.pdf": (CPPCC, "a7aeca568d65a104")}
    [d] = harvest(tmp_path).documents
    assert (d.citation, d.problem) == (CPPCC, None)
    (tmp_path / "MANIFEST.tsv").write_text(
        f"file\tsha256\tsource\na.pdf\t0000000000000000\t{CPPCC}\n", "utf-8")
    [d] = harvest(copy).documents
    assert d.citation == str(copy) and "differs from MANIFEST.tsv" in (d.problem or "")


def test_unreadable_files_are_listed_never_raised(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    h = harvest(bad)
    assert h.pairs == () and h.documents[0].problem and h.documents[0].pairs == 0


# --- the command ------------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_csv_is_the_evidence_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "harvest", str(FIXTURE), "--cite", f"{FIXTURE.name}={CPPCC}",
                         "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == PAIR_FIELDS
    assert sorted(rows, key=lambda r: (r["citation"], r["scheme"], r["code"], r["name"])) == \
        committed(CPPCC)


def test_cli_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "harvest", str(FIXTURE), "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"documents", "pairs", "skipped", "conflicts", "counts"}
    assert {"scheme": "function", "year": 2019, "codes": 16} in data["counts"]
    assert data["documents"][0]["year_from"] == "titles"
    code, out, _ = run(capsys, "harvest", str(FIXTURE))
    assert code == 0 and "41 pairs from 1 of 1 files" in out and "2019  titles" in out


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "harvest", str(tmp_path / "nope.pdf"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "harvest", str(FIXTURE), "--cite", "no-equals-sign")
    assert code == 2 and "FILE=CITATION" in err
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 broken")
    code, out, _ = run(capsys, "harvest", str(tmp_path))
    assert code == 1 and "0 pairs from 0 of 1 files" in out
    code, _, err = run(capsys, "lookup", "2013101", "--format", "csv")
    assert code == 2 and "csv" in err                   # csv is harvest's format only


# --- with the development set -----------------------------------------------------------------

@needs_devset
@pytest.mark.parametrize("name", ["swu_2024_final.pdf", "js_court_2019_budget.pdf"])
def test_devset_harvest_equals_the_committed_evidence(name: str) -> None:
    assert DEVSET is not None
    h = harvest(DEVSET / name)
    citation = read_manifest(DEVSET / "MANIFEST.tsv")[name][0]
    assert h.documents[0].citation == citation
    assert as_rows(h.pairs) == committed(citation) != []


@needs_devset
def test_devset_fragments_and_skips() -> None:
    assert DEVSET is not None
    h = harvest(DEVSET / "swu_2024_final.pdf", DEVSET / "swu_2024_budget.pdf")
    # the reader now rejoins the wrapped names of swu_2024_final (the 7 fragments it once
    # left, e.g. 2080505 机关事业单位基本 / 养老保险缴费支出, are whole names)
    assert not [c for c in h.conflicts if c.kind in ("fragment", "conflict")]
    names = {(p.code, p.name) for p in h.pairs}
    assert ("2080505", "机关事业单位基本养老保险缴费支出") in names
    h = harvest(DEVSET / "swu_2023_budget.pdf")
    assert {s.reason for s in h.skipped} <= {SkipReason.NOT_A_CLASSIFICATION}  # 绩效 tables
    scanned = harvest(DEVSET / "jinan_2021_city_final_scanned.pdf").documents[0]
    assert scanned.pairs == 0 and "no text layer" in (scanned.problem or "")
