"""Integrity of the bundled catalog data, checked with the csv module independently of the
library's own reader, plus the build tool's ``--check`` and the wheel's contents."""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

import govaccts
import govaccts.catalogs.files as cf
from govaccts.catalogs.codes import SCHEMES, parent_code
from govaccts.catalogs.evidence import SourceKind, Status

ROOT = Path(__file__).resolve().parents[1]
CAT = ROOT / "catalogs"
SCHEME_FILES = [f"{s}.csv" for s in SCHEMES]
LEVEL_OF_LENGTH = {3: 1, 4: 1, 5: 2, 7: 3, 9: 4}


def read_csv(name: str) -> list[dict[str, str]]:
    with (CAT / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SOURCES = {r["id"]: r for r in read_csv("sources.csv")}
EDITIONS = [(r["scheme"], int(r["year"])) for r in read_csv("editions.csv")]
EDITION_ROWS = {(r["scheme"], int(r["year"])): r for r in read_csv("editions.csv")}


def rows_of(scheme: str) -> list[dict[str, str]]:
    return read_csv(f"{scheme}.csv")


def rows_in(scheme: str, year: int) -> list[dict[str, str]]:
    return [r for r in rows_of(scheme) if int(r["valid_from"]) <= year <= int(r["valid_to"])]


# --- files parse ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sources.csv", "editions.csv", *SCHEME_FILES])
def test_file_is_plain_utf8_with_lf(name: str) -> None:
    raw = (CAT / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    raw.decode("utf-8")


def test_bundled_files_are_the_repository_files() -> None:
    root = cf.data_root()
    for name in ["sources.csv", "editions.csv", *SCHEME_FILES]:
        assert root.joinpath(name).read_bytes() == (CAT / name).read_bytes()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_file_parses(scheme: str) -> None:
    sources = cf.read_sources((CAT / "sources.csv").read_text("utf-8"))
    editions = cf.read_editions((CAT / "editions.csv").read_text("utf-8"))
    rows = cf.read_rows((CAT / f"{scheme}.csv").read_text("utf-8"), scheme, sources)
    assert len(rows) == len(rows_of(scheme)) > 0
    assert len(sources) == len(SOURCES)
    assert set(editions) == set(EDITIONS)


def test_editions_table() -> None:
    assert len(EDITIONS) == len(set(EDITIONS))
    for scheme in SCHEMES:
        years = sorted(y for s, y in EDITIONS if s == scheme)
        assert years and govaccts.editions(scheme) == tuple(years)
    for r in EDITION_ROWS.values():
        assert r["scheme"] in SCHEMES
        assert r["approximate"] in ("true", "false")
        assert r["completeness"] in ("complete", "partial")
        assert r["label"].strip() and r["compiled"].strip()


@pytest.mark.parametrize(("scheme", "year"), EDITIONS)
def test_every_edition_loads(scheme: str, year: int) -> None:
    cat = govaccts.catalog(scheme, year)
    assert cat.scheme == scheme and cat.year == year
    assert len(cat) == len(rows_in(scheme, year))
    assert cat.info.completeness == EDITION_ROWS[(scheme, year)]["completeness"]


# --- sources ----------------------------------------------------------------------------------

def test_every_cited_source_exists_and_every_source_is_cited() -> None:
    cited: set[str] = set()
    for scheme in SCHEMES:
        for r in rows_of(scheme):
            ids = r["sources"].split()
            assert len(ids) == len(set(ids)), r
            cited.update(ids)
    assert cited <= set(SOURCES)
    assert set(SOURCES) <= cited


def test_sources_are_well_formed() -> None:
    kinds = {k.value for k in SourceKind}
    for sid, s in SOURCES.items():
        assert sid.strip() == sid and sid
        assert s["kind"] in kinds, sid
        assert s["title"].strip(), sid
        assert s["reference"].strip(), sid
        if s["year"]:
            assert 2000 <= int(s["year"]) <= 2030, sid
        if s["kind"] == "public-page":
            assert s["reference"].startswith(("http://", "https://")), sid
    seed = SOURCES["seed-hetang-2023"]
    assert (seed["kind"], seed["year"]) == ("real-document", "2023")
    for sid in ("c2009-function", "c2009-economic"):
        assert (SOURCES[sid]["kind"], SOURCES[sid]["year"]) == ("fiscal-system-catalog", "2009")


# --- rows -------------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_duplicate_or_overlapping_rows(scheme: str) -> None:
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = rows_of(scheme)
    assert len({tuple(r.values()) for r in rows}) == len(rows)
    for r in rows:
        lo, hi = int(r["valid_from"]), int(r["valid_to"])
        assert lo <= hi, r
        ranges[r["code"]].append((lo, hi))
    for code, spans in ranges.items():
        spans.sort()
        for (_, hi), (lo, _) in pairwise(spans):
            assert hi < lo, f"{scheme} {code} ranges overlap: {spans}"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_codes_levels_and_names(scheme: str) -> None:
    s = SCHEMES[scheme]
    for r in rows_of(scheme):
        code = r["code"]
        assert code.isascii() and code.isdigit(), r
        assert len(code) in s.lengths, r
        assert s.starts_right(code), r
        assert r["name"] == r["name"].strip() and r["name"], r
        assert "|" not in r["name"]
        assert r["name"] not in r["aliases"].split("|"), r
    for year in (y for sch, y in EDITIONS if sch == scheme):
        for e in govaccts.catalog(scheme, year).values():
            assert e.level == LEVEL_OF_LENGTH[len(e.code)]
            assert e.level <= s.levels


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_row_without_source_says_why(scheme: str) -> None:
    for r in rows_of(scheme):
        if not r["sources"].split():
            assert r["note"].strip(), r
    for year in (y for sch, y in EDITIONS if sch == scheme):
        for e in govaccts.catalog(scheme, year).values():
            if e.status is Status.UNVERIFIED:
                assert e.note.strip(), e


@pytest.mark.parametrize(("scheme", "year"),
                         [e for e in EDITIONS if EDITION_ROWS[e]["completeness"] == "complete"])
def test_complete_editions_have_no_orphans(scheme: str, year: int) -> None:
    codes = {r["code"] for r in rows_in(scheme, year)}
    assert all(parent_code(c) is None or parent_code(c) in codes for c in codes)
    assert govaccts.catalog(scheme, year).coverage().orphans == ()


def test_historic_editions_match_their_reference_files() -> None:
    ref_dir = CAT / "evidence" / "reference"
    for scheme, ref, counts in (("function", "c2009-function.csv", {1: 20, 2: 206, 3: 1315}),
                                ("dept-economic", "c2009-economic.csv", {1: 12, 2: 106})):
        with (ref_dir / ref).open(encoding="utf-8-sig", newline="") as fh:
            ref_rows = list(csv.DictReader(fh))
        cat = govaccts.catalog(scheme, 2009)
        assert Counter(int(r["level"]) for r in ref_rows) == counts
        assert {r["code"] for r in ref_rows} == set(cat)
        for r in ref_rows:
            assert LEVEL_OF_LENGTH[len(r["code"])] == int(r["level"])
            assert r["parent_code"] == (r["code"][:-2] if len(r["code"]) > 3 else "")
            assert all(s.id.startswith("c2009-") for s in cat[r["code"]].sources[:1])


# --- coverage equals an independent count -----------------------------------------------------

def expected_status(row: dict[str, str], year: int) -> Status:
    ids = row["sources"].split()
    if any(SOURCES[i]["year"] == str(year) or (SOURCES[i]["kind"] == "standard"
                                              and int(SOURCES[i]["year"]) <= year) for i in ids):
        return Status.VERIFIED
    return Status.CARRIED if ids else Status.UNVERIFIED


@pytest.mark.parametrize(("scheme", "year"), EDITIONS)
def test_coverage_equals_independent_count(scheme: str, year: int) -> None:
    rows = rows_in(scheme, year)
    status = {r["code"]: expected_status(r, year) for r in rows}
    assert len(status) == len(rows)                        # one row per code and year
    cov = govaccts.catalog(scheme, year).coverage()
    counts = Counter(status.values())
    assert (cov.rows, cov.verified, cov.carried, cov.unverified) == (
        len(rows), counts[Status.VERIFIED], counts[Status.CARRIED], counts[Status.UNVERIFIED])
    by_level: dict[int, Counter[Status]] = defaultdict(Counter)
    for code, st in status.items():
        by_level[LEVEL_OF_LENGTH[len(code)]][st] += 1
    assert [(lv.level, lv.rows, lv.verified, lv.carried, lv.unverified) for lv in cov.by_level] == [
        (lv, sum(c.values()), c[Status.VERIFIED], c[Status.CARRIED], c[Status.UNVERIFIED])
        for lv, c in sorted(by_level.items())]
    assert set(cov.orphans) == {c for c in status
                                if parent_code(c) is not None and parent_code(c) not in status}
    cat = govaccts.catalog(scheme, year)
    assert {c: e.status for c, e in cat.items()} == status
    v = govaccts.catalog(scheme, year, verified_only=True)
    assert set(v) == {c for c, s in status.items() if s is Status.VERIFIED}


# --- the build tool and the wheel -------------------------------------------------------------

def test_build_catalogs_check() -> None:
    proc = subprocess.run([sys.executable, "tools/build_catalogs.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout


@pytest.mark.slow
def test_wheel_ships_the_data(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    [wheel] = tmp_path.glob("govaccts-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for member in ("govaccts/catalogs/data/function.csv", "govaccts/catalogs/data/sources.csv",
                       "govaccts/catalogs/data/editions.csv", "govaccts/py.typed",
                       "govaccts/examples/hetang_2023/manifest.toml"):
            assert member in names, member
        # the shipped data is the real data, not a dangling symlink or a stub
        assert zf.read("govaccts/catalogs/data/function.csv") == (CAT / "function.csv").read_bytes()


def test_maintained_ranges_hold_unless_a_dated_source_disagrees() -> None:
    """Every claim in maintained.csv is in each edition of its range, under its name or,
    where a dated source prints the code otherwise that year, under that printed name with
    the claim kept as an alias (conflicts.md lists those)."""
    from govaccts.catalogs.names import name_key

    rows = list(csv.DictReader((ROOT / "catalogs" / "evidence" / "maintained.csv")
                               .open(encoding="utf-8")))
    assert rows
    for r in rows:
        for year in range(int(r["valid_from"]), int(r["valid_to"]) + 1):
            e = govaccts.catalog(r["scheme"], year).get(r["code"])
            assert e is not None, (r["scheme"], year, r["code"])
            keys = {name_key(e.name), *(name_key(a) for a in e.aliases)}
            assert name_key(r["name"]) in keys, (r["scheme"], year, r["code"], e.name)
