"""Hardening: every reader, fed generated garbage and generated valid input.

For each reader — amounts, codes, names, catalog files, table CSVs, report
folders, seed-style text — any failure must be a ``GovacctsError`` (never a bare
``ValueError``, ``IndexError``, ``UnicodeDecodeError`` …) that says where, and
valid input must come back whole (nothing dropped).  About 12,000 generated
cases in all, derandomised so CI is repeatable.
"""

from __future__ import annotations

import shutil
import string
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govaccts
from govaccts.amounts import format_amount, parse_amount
from govaccts.catalogs.files import read_rows, read_sources
from govaccts.errors import GovacctsError
from govaccts.io.folders import read_report_folder
from govaccts.io.seed_text import parse_report_text
from govaccts.io.tables import parse_table

EXAMPLE = Path(govaccts.__file__).parent / "examples" / "hetang_2023"
SEED_TEXT = (EXAMPLE / "seed.txt").read_text("utf-8")
MANY = settings(max_examples=1500, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SOME = settings(max_examples=300, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FEW = settings(max_examples=100, derandomize=True, database=None, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that looks like the input: digits, separators, CJK, brackets, tabs, newlines.
ALPHABET = string.digits + " ,.-+()%\t\n|" + "万元合计一二三（）、，。：支出0１２．－"
texty = st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=40)


def located(exc: GovacctsError) -> bool:
    return exc.location is not None or bool(str(exc))


@MANY
@given(texty)
def test_amount_reader_fails_only_with_amount_errors(text: str) -> None:
    try:
        a = parse_amount(text)
    except GovacctsError as exc:
        assert isinstance(exc, govaccts.AmountError) and repr(text) in str(exc)
        return
    assert a.value is None or isinstance(a.value, Decimal)


@MANY
@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False),
       st.booleans())
def test_valid_amounts_survive_formatting(value: Decimal, thousands: bool) -> None:
    assert parse_amount(format_amount(value, 2, thousands=thousands)).value == value


@MANY
@given(texty)
def test_code_readers_fail_only_with_invalid_code_errors(text: str) -> None:
    for f in (govaccts.normalize_code, govaccts.parse_code):
        try:
            code = f(text)
        except govaccts.InvalidCodeError as exc:
            assert str(exc)
            continue
        assert code.isdigit() and len(code) in (3, 4, 5, 7, 9)  # 4: an accounting 一级科目


@MANY
@given(texty)
def test_name_resolution_fails_only_with_name_errors(text: str) -> None:
    cat = govaccts.catalog("function", 2023)
    try:
        e = cat.resolve(text)
    except (govaccts.UnknownNameError, govaccts.AmbiguousNameError):
        return
    assert e.code in cat


ROW_HEADER = "code,name,valid_from,valid_to,sources,aliases,note\n"


@MANY
@given(st.lists(st.text(alphabet=ALPHABET + "\"", max_size=30), max_size=8))
def test_catalog_file_reader_names_file_and_line(lines: list[str]) -> None:
    text = ROW_HEADER + "\n".join(lines)
    try:
        rows = read_rows(text, "function", {}, "function.csv")
    except GovacctsError as exc:
        assert isinstance(exc, govaccts.CatalogFileError)
        assert exc.location is not None and exc.location.file == "function.csv"
        assert exc.location.line is not None
        return
    assert len(rows) <= len([ln for ln in lines if ln.strip()])


@SOME
@given(st.binary(max_size=200))
def test_sources_reader_on_bytes(raw: bytes) -> None:
    try:
        read_sources(raw.decode("utf-8", "replace"))
    except GovacctsError as exc:
        assert isinstance(exc, govaccts.CatalogFileError) and exc.location is not None


CODES_2023 = [c for c in govaccts.catalog("function", 2023) if len(c) == 7]


@MANY
@given(st.lists(st.tuples(st.sampled_from(CODES_2023),
                          st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)),
                min_size=1, max_size=12, unique_by=lambda t: t[0]))
def test_table_csv_keeps_every_valid_row(rows: list[tuple[str, Decimal]]) -> None:
    cat = govaccts.catalog("function", 2023)
    text = "科目代码,科目名称,小计\n" + "".join(
        f"{c},{cat[c].name},{format_amount(v, thousands=False)}\n" for c, v in rows)
    t = parse_table(text, name="t.csv", year=2023)
    assert t.problems == ()
    assert [(r.code, r.get("小计").value) for r in t.rows] == rows  # type: ignore[union-attr]


@MANY
@given(texty, texty)
def test_table_csv_reader_on_garbage(header: str, body: str) -> None:
    try:
        t = parse_table(header + "\n" + body, name="g.csv", year=2023)
    except GovacctsError as exc:
        assert exc.location is not None and exc.location.file == "g.csv"
        return
    for p in t.problems:
        assert p.location.table == t.id


@FEW
@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["02.csv", "05.csv", "06.csv",
                                                                   "manifest.toml"]),
       st.sampled_from(["truncate", "garble", "duplicate"]))
def test_report_folder_damage_is_reported(tmp_path_factory: object, seed: int, victim: str,
                                          how: str) -> None:
    folder = Path(tmp_path_factory.mktemp("rep"))  # type: ignore[attr-defined]
    dst = folder / "r"
    shutil.copytree(EXAMPLE, dst)
    target = dst / victim
    raw = target.read_bytes()
    if how == "truncate":
        target.write_bytes(raw[: seed % max(len(raw), 1)])
    elif how == "garble":
        i = seed % max(len(raw), 1)
        target.write_bytes(raw[:i] + b"\xff\xfe\x00" + raw[i:])
    else:
        lines = raw.decode("utf-8").splitlines(keepends=True)
        k = 1 + seed % max(len(lines) - 1, 1)
        target.write_text("".join(lines[:k + 1] + lines[k:k + 1] + lines[k + 1:]), "utf-8")
    try:
        rep = govaccts.read_report(dst)
    except GovacctsError as exc:
        assert exc.location is not None
        return
    govaccts.check(rep)  # whatever was read is checked without crashing


@FEW
@given(st.integers(min_value=0, max_value=len(SEED_TEXT)), st.sampled_from(["cut", "drop-line"]))
def test_seed_text_damage_is_reported(pos: int, how: str) -> None:
    if how == "cut":
        text = SEED_TEXT[:pos]
    else:
        lines = SEED_TEXT.splitlines(keepends=True)
        k = pos % len(lines)
        text = "".join(lines[:k] + lines[k + 1:])
    try:
        raw = parse_report_text(text, name="seed.txt")
    except GovacctsError as exc:
        assert exc.location is not None and exc.location.file == "seed.txt"
        return
    govaccts.check(govaccts.build_report(raw))


def test_report_folder_reader_reads_the_example_whole() -> None:
    raw = read_report_folder(EXAMPLE)
    assert [len(t.rows) for t in raw.tables] == [12, 30, 28, 28, 9, 29, 28, 83, 1, 1, 2]
    assert located(govaccts.ReportReadError("x"))
