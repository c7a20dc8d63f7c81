"""Tests of reading catalog files: users' own CSV files, the bundled format, the registry."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import govaccts
import govaccts.catalogs.files as cf
from govaccts.catalogs.evidence import EditionInfo, SourceKind, Status
from govaccts.catalogs.store import ENV_VAR
from govaccts.errors import CatalogFileError, UnknownEditionError

SEED_ROWS = (
    ("201", "一般公共服务支出"),
    ("20131", "党委办公厅（室）及相关机构事务"),
    ("2013101", "行政运行"),
    ("2013102", "一般行政管理事务"),
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def where(exc: BaseException, path: Path, line: int | None) -> None:
    """Assert that the message names the file and, when given, the line."""
    msg = str(exc)
    assert str(path) in msg, msg
    if line is not None:
        assert f"{path}:{line}:" in msg, msg
        assert isinstance(exc, CatalogFileError) and exc.location is not None
        assert exc.location.line == line


@pytest.fixture
def clean_registry() -> Iterator[None]:
    govaccts.clear_cache()
    yield
    for year in (2023, 2030, 2031):
        for scheme in ("function", "dept-economic"):
            govaccts.unregister_catalog(scheme, year)
    govaccts.clear_cache()


# --- load_catalog: encodings and headers ------------------------------------------------------

def _body(header: str = "科目编码,科目名称") -> str:
    return header + "\n" + "".join(f"{c},{n}\n" for c, n in SEED_ROWS)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_load_catalog_encodings(tmp_path: Path, encoding: str) -> None:
    p = write(tmp_path / f"f-{encoding}.csv", _body(), encoding)
    if encoding in ("gbk", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            p.read_bytes().decode("utf-8")            # really exercises the GBK fallback
    if encoding == "utf-8-sig":
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    cat = govaccts.load_catalog(p, scheme="function", year=2024)
    assert [(e.code, e.name) for e in cat.values()] == list(SEED_ROWS)
    assert cat["2013101"].parent is cat["20131"]
    assert cat.resolve("党委办公厅(室)及相关机构事务").code == "20131"


def test_load_catalog_forced_encoding(tmp_path: Path) -> None:
    p = write(tmp_path / "g.csv", _body(), "gbk")
    assert govaccts.load_catalog(p, scheme="function", year=2024, encoding="gbk")["201"].name \
        == "一般公共服务支出"
    with pytest.raises(CatalogFileError, match="cannot decode as utf-8") as ei:
        govaccts.load_catalog(p, scheme="function", year=2024, encoding="utf-8")
    where(ei.value, p, None)
    with pytest.raises(CatalogFileError, match="cannot decode"):
        govaccts.load_catalog(p, scheme="function", year=2024, encoding="no-such-codec")


def test_load_catalog_forced_utf8_on_bom_file(tmp_path: Path) -> None:
    p = write(tmp_path / "bom.csv", _body(), "utf-8-sig")
    assert len(govaccts.load_catalog(p, scheme="function", year=2024, encoding="utf-8")) == 4


@pytest.mark.parametrize("header", [
    "科目编码,科目名称",
    "科目代码,科目名称",
    "编码,名称",
    "code,name",
    "CODE,NAME",
    "EXP_FUNC_CODE,EXP_FUNC_NAME",
    "chr_code,chr_name",
    " 科目编码 , 科目名称 ",
])
def test_load_catalog_header_aliases(tmp_path: Path, header: str) -> None:
    p = write(tmp_path / "h.csv", _body(header))
    cat = govaccts.load_catalog(p, scheme="function", year=2024)
    assert len(cat) == 4 and cat["2013102"].name == "一般行政管理事务"


def test_load_catalog_extra_columns_and_checks(tmp_path: Path) -> None:
    p = write(tmp_path / "x.csv",
              "序号,level,科目名称,parent_code,科目编码,备注\n"
              "1,1,一般公共服务支出,,201,\n"
              '2,2,"党委办公厅（室）及  相关机构事务",201,20131,"quoted, with a comma"\n'
              "\n"                                    # blank lines are skipped
              "3,3,  行政运行 ,20131,２０１３１０１,full-width code\n")
    cat = govaccts.load_catalog(p, scheme="function", year=2024, label="测试文件")
    assert list(cat) == ["201", "20131", "2013101"]
    assert cat["20131"].name == "党委办公厅（室）及 相关机构事务"   # whitespace collapsed
    assert cat["2013101"].name == "行政运行"
    assert cat.info.label == "测试文件" and cat.info.completeness == "user"


def test_load_catalog_dept_economic(tmp_path: Path) -> None:
    p = write(tmp_path / "e.csv", "DEP_BGT_ECO_CODE,DEP_BGT_ECO_NAME\n301,工资福利支出\n"
              "30101,基本工资\n", "gbk")
    cat = govaccts.load_catalog(p, scheme="dept_economic", year=2024)
    assert cat.scheme == "dept-economic" and cat["30101"].parent.code == "301"


def test_load_catalog_entries_are_verified_by_the_file(tmp_path: Path) -> None:
    p = write(tmp_path / "v.csv", _body())
    cat = govaccts.load_catalog(p, scheme="function", year=2024)
    for e in cat.values():
        assert e.status is Status.VERIFIED and e.year == 2024
        [src] = e.sources
        assert src.kind is SourceKind.USER_FILE and src.year == 2024
        assert src.reference == str(p.resolve())
    cov = cat.coverage()
    assert cov.rows == cov.verified == 4 and cov.orphans == ()


# --- load_catalog: errors name the file and the line ------------------------------------------

@pytest.mark.parametrize(("text", "line", "match"), [
    ("code,name\n201,a\n20131,b\n201,c\n", 4, "duplicate code 201 .first on line 2"),
    ("code,name\n201,a\n20A31,b\n", 3, "digits only"),
    ("code,name\n201,a\n2013,b\n", 3, "length 4"),
    ("code,name\n201,a\n201310101,b\n", 3, "3 levels"),
    ("code,name\n201,a\n301,b\n", 3, "start with 2"),
    ("code,name\n201,a\n20100,b\n", 3, "never 00"),
    ("code,name\n201,a\n20131,\n", 3, "empty name for 20131"),
    ("code,name\n201,a\n20131,  \u3000 \n", 3, "empty name"),
    ("code,name,note\n201,a,x\n20131,b\n", 3, "expected 3 fields, got 2"),
    ("code,name\n201,a\n20131\n", 3, "expected 2 fields, got 1"),
    ("code,name\n201,a\n20131,b,c\n", 3, "expected 2 fields, got 3"),
    ("code,name,parent_code\n201,a,\n20131,b,202\n", 3, "parent_code '202' does not match"),
    ("code,name,parent_code\n201,a,2\n", 2, "parent_code"),
    ("code,name,level\n201,a,1\n20131,b,3\n", 3, "level '3' does not match"),
    ("foo,bar\n201,a\n", 1, "no code column"),
    ("code,title\n201,a\n", 1, "no name column"),
])
def test_load_catalog_errors(tmp_path: Path, text: str, line: int, match: str) -> None:
    p = write(tmp_path / "bad.csv", text)
    with pytest.raises(CatalogFileError, match=match) as ei:
        govaccts.load_catalog(p, scheme="function", year=2024)
    assert isinstance(ei.value, ValueError)
    where(ei.value, p, line)


@pytest.mark.parametrize(("data", "line"), [
    (b"code,name\n201,a\n20131,\xff\xfe\x80\x81\n", 3),          # garbage in a row
    (random.Random(2023).randbytes(512), None),                   # noise from the first byte
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 1),  # an image, not a CSV
    (bytes(range(256)) * 4, None),
])
def test_load_catalog_binary_garbage(tmp_path: Path, data: bytes, line: int | None) -> None:
    p = tmp_path / "garbage.csv"
    p.write_bytes(data)
    with pytest.raises(CatalogFileError) as ei:
        govaccts.load_catalog(p, scheme="function", year=2024)
    where(ei.value, p, line)
    assert ei.value.location is not None and ei.value.location.line is not None


@pytest.mark.parametrize("text", ["", "code,name\n", "code,name\n\n\n"])
def test_load_catalog_empty_file(tmp_path: Path, text: str) -> None:
    p = write(tmp_path / "empty.csv", text)
    with pytest.raises(CatalogFileError, match=r"empty file|no rows") as ei:
        govaccts.load_catalog(p, scheme="function", year=2024)
    where(ei.value, p, None)


@pytest.mark.parametrize("text", ["", "code,name\n"])
def test_load_catalog_empty_file_names_a_line(tmp_path: Path, text: str) -> None:
    p = write(tmp_path / "empty.csv", text)
    with pytest.raises(CatalogFileError) as ei:
        govaccts.load_catalog(p, scheme="function", year=2024)
    assert re.search(re.escape(str(p)) + r":\d+", str(ei.value))


def test_load_catalog_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "nope.csv"
    with pytest.raises(CatalogFileError, match="cannot read") as ei:
        govaccts.load_catalog(p, scheme="function", year=2024)
    where(ei.value, p, None)


def test_load_catalog_field_spanning_lines(tmp_path: Path) -> None:
    p = write(tmp_path / "wrapped.csv",
              'code,name\n201,一般公共服务支出\n20131,"党委办公厅（室）及\n相关机构事务"\n')
    with pytest.raises(CatalogFileError, match="spans lines") as ei:
        govaccts.load_catalog(p, scheme="function", year=2024)
    where(ei.value, p, 3)


def test_load_catalog_unbalanced_quote(tmp_path: Path) -> None:
    p = write(tmp_path / "q.csv", 'code,name\n201,"一般公共服务支出\n20131,党委办公厅\n'
              "2013101,行政运行\n")
    with pytest.raises(CatalogFileError):
        govaccts.load_catalog(p, scheme="function", year=2024)


# --- the bundled format: read_sources / read_editions / read_rows -----------------------------

SRC_HEAD = "id,kind,title,year,reference,note\n"
ROW_HEAD = "code,name,valid_from,valid_to,sources,aliases,note\n"
ED_HEAD = "scheme,year,label,approximate,completeness,compiled\n"
SOURCES = SRC_HEAD + ("s23,real-document,a 2023 report,2023,seed.txt,\n"
                      "s21,public-page,a 2021 page,2021,https://example.org/p,\n"
                      "sx,public-page,undated page,,https://example.org/q,\n")


@pytest.fixture(scope="module")
def sources() -> dict[str, govaccts.Source]:
    return cf.read_sources(SOURCES)


def test_read_bundled_format(sources: dict[str, govaccts.Source]) -> None:
    assert sources["s23"].year == 2023 and sources["sx"].year is None
    assert sources["s21"].kind is SourceKind.PUBLIC_PAGE
    rows = cf.read_rows(ROW_HEAD
                        + "201,一般公共服务支出,2019,2026,s23,,\n"
                        + "20131,党委办公厅（室）及相关机构事务,2019,2026,s21 s23,"
                          "党委办公厅(室)及相关机构事务,\n"
                        + "2013101,行政运行,2019,2026,s21,,\n"
                        + "2013102,一般行政管理事务,2019,2020,,,knowledge\n"
                        + "2013102,一般行政管理事务支出,2021,2026,sx,,renamed\n",
                        "function", sources)
    assert [r.line for r in rows] == [2, 3, 4, 5, 6]
    assert rows[1].sources == ("s21", "s23")
    assert rows[1].aliases == ("党委办公厅(室)及相关机构事务",)
    editions = cf.read_editions(ED_HEAD + "function,2021,l,false,partial,c\n"
                                "function,2023,l,true,complete,c\n")
    assert editions[("function", 2023)].approximate is True

    cat = cf.build_catalog(editions[("function", 2021)], rows, sources, "function.csv")
    status = {e.code: e.status for e in cat.values()}
    assert status == {"201": Status.CARRIED, "20131": Status.VERIFIED,
                      "2013101": Status.VERIFIED, "2013102": Status.CARRIED}
    assert cat["2013102"].name == "一般行政管理事务支出"
    cat20 = cf.build_catalog(EditionInfo("function", 2020, "l", False, "partial", "c"), rows,
                             sources, "function.csv")
    assert cat20["2013102"].status is Status.UNVERIFIED and cat20["2013102"].note == "knowledge"
    assert cat20["2013101"].status is Status.CARRIED


@pytest.mark.parametrize(("text", "line", "match"), [
    (ROW_HEAD + "201,a,2019,2026,s23,,\n20131,b,2019,2026,s23 s99,,\n", 3,
     "cites unknown source 's99'"),
    (ROW_HEAD + "201,a,2019,2022,s23,,\n201,b,2022,2026,s23,,\n", 3, "overlaps line 2"),
    (ROW_HEAD + "201,a,2019,2026,s23,,\n20131,b,2019,2026,s23,,\n201,a,2020,2020,s23,,\n", 4,
     "overlaps line 2"),
    (ROW_HEAD + "201,a,20x9,2026,s23,,\n", 2, "valid_from must be a year"),
    (ROW_HEAD + "201,a,2019,,s23,,\n", 2, "valid_to must be a year"),
    (ROW_HEAD + "201,a,2026,2019,s23,,\n", 2, "valid_from 2026 after valid_to 2019"),
    (ROW_HEAD + "201,a,2019,2026,s23,,\n２０１３１,b,2019,2026,s23,,\n", 3, "not canonical"),
    (ROW_HEAD + "201,a,2019,2026,s23,,\n 20131,b,2019,2026,s23,,\n", 3, "not canonical"),
    (ROW_HEAD + "201,a,2019,2026,s23,,\n2013,b,2019,2026,s23,,\n", 3, "length 4"),
    (ROW_HEAD + "301,a,2019,2026,s23,,\n", 2, "start with 2"),
    (ROW_HEAD + "201, a,2019,2026,s23,,\n", 2, "padded name"),
    (ROW_HEAD + "201,,2019,2026,s23,,\n", 2, "empty or padded name"),
    (ROW_HEAD + "201,a,2019,2026,s23,,\n20131,b,2019\n", 3, "expected 7 fields, got 3"),
    ("code,name,from,to,sources,aliases,note\n201,a,2019,2026,s23,,\n", 1, "header must be"),
    ("\ufeff" + ROW_HEAD + "201,a,2019,2026,s23,,\n", 1, "header must be"),
])
def test_read_rows_errors(sources: dict[str, govaccts.Source], text: str, line: int,
                          match: str) -> None:
    with pytest.raises(CatalogFileError, match=match) as ei:
        cf.read_rows(text, "function", sources, name="data/function.csv")
    assert str(ei.value).startswith(f"data/function.csv:{line}: ")


def test_read_rows_default_file_name(sources: dict[str, govaccts.Source]) -> None:
    with pytest.raises(CatalogFileError) as ei:
        cf.read_rows(ROW_HEAD + "30101,a,2019,2026,s99,,\n", "dept-economic", sources)
    assert str(ei.value).startswith("dept-economic.csv:2: ")


def test_read_rows_empty(sources: dict[str, govaccts.Source]) -> None:
    with pytest.raises(CatalogFileError, match="empty file") as ei:
        cf.read_rows("", "function", sources, name="data/function.csv")
    assert "data/function.csv" in str(ei.value)
    assert cf.read_rows(ROW_HEAD, "function", sources) == ()


def test_read_rows_unbalanced_quote(sources: dict[str, govaccts.Source]) -> None:
    text = ROW_HEAD + '201,a,2019,2026,s23,,"note\n20131,b,2019,2026,s23,,\n'
    with pytest.raises(CatalogFileError):
        cf.read_rows(text, "function", sources)


@pytest.mark.parametrize(("text", "line", "match"), [
    (SRC_HEAD + "s1,real-document,t,2023,r,\ns2,public-page,t,twenty,http://x,\n", 3,
     "year must be a year, got 'twenty'"),
    (SRC_HEAD + "s1,real-doc,t,2023,r,\n", 2, "unknown source kind 'real-doc'"),
    (SRC_HEAD + "s1,real-document,t,2023,r,\ns1,real-document,t,2023,r,\n", 3, "duplicate source"),
    (SRC_HEAD + ",real-document,t,2023,r,\n", 2, "empty source id"),
    (SRC_HEAD + "s1,real-document,t,2023\n", 2, "expected 6 fields"),
    ("id,kind,title,year,ref,note\n", 1, "header must be id,kind,title,year,reference,note"),
])
def test_read_sources_errors(text: str, line: int, match: str) -> None:
    with pytest.raises(CatalogFileError, match=match) as ei:
        cf.read_sources(text, name="data/sources.csv")
    assert str(ei.value).startswith(f"data/sources.csv:{line}: ")


@pytest.mark.parametrize(("text", "line", "match"), [
    (ED_HEAD + "function,2023,l,false,partial,c\nfunction,23x,l,false,partial,c\n", 3,
     "year must be a year, got '23x'"),
    (ED_HEAD + "function,2023,l,false,partial,c\nfunction,2023,l,false,partial,c\n", 3,
     "duplicate edition function 2023"),
    (ED_HEAD + "function,2023,l,yes,partial,c\n", 2, "approximate must be true or false"),
    (ED_HEAD + "function,2023,l,false\n", 2, "expected 6 fields"),
    ("scheme,year\nfunction,2023\n", 1, "header must be"),
])
def test_read_editions_errors(text: str, line: int, match: str) -> None:
    with pytest.raises(CatalogFileError, match=match) as ei:
        cf.read_editions(text, name="data/editions.csv")
    assert str(ei.value).startswith(f"data/editions.csv:{line}: ")


def test_read_editions_unknown_scheme() -> None:
    with pytest.raises(CatalogFileError) as ei:
        cf.read_editions(ED_HEAD + "function,2023,l,false,partial,c\nfunctoin,2023,l,false,"
                         "partial,c\n", name="data/editions.csv")
    assert str(ei.value).startswith("data/editions.csv:3: ")


def test_read_editions_unknown_completeness() -> None:
    with pytest.raises(CatalogFileError):
        cf.read_editions(ED_HEAD + "function,2023,l,false,compelte,c\n")


def test_build_catalog_complete_edition_rejects_orphans(
        sources: dict[str, govaccts.Source]) -> None:
    rows = cf.read_rows(ROW_HEAD + "201,a,2009,2009,s23,,\n2013101,b,2009,2009,s23,,\n",
                        "function", sources)
    info = EditionInfo("function", 2009, "l", True, "complete", "c")
    with pytest.raises(CatalogFileError, match="parent 20131 missing") as ei:
        cf.build_catalog(info, rows, sources, "function.csv")
    assert str(ei.value).startswith("function.csv:3: ")
    partial = EditionInfo("function", 2009, "l", True, "partial", "c")
    assert cf.build_catalog(partial, rows, sources, "function.csv").coverage().orphans == (
        "2013101",)


# --- registration and $GOVACCTS_CATALOG_DIR ---------------------------------------------------

def test_register_and_unregister(tmp_path: Path, clean_registry: None) -> None:
    p = write(tmp_path / "mine.csv", _body())
    mine = govaccts.load_catalog(p, scheme="function", year=2031)
    with pytest.raises(UnknownEditionError):
        govaccts.catalog("function", 2031)
    assert 2031 not in govaccts.editions("function")
    govaccts.register_catalog(mine)
    assert govaccts.catalog("function", 2031) is mine
    assert 2031 in govaccts.editions("function")
    assert len(govaccts.catalog("function", 2031, verified_only=True)) == 4
    govaccts.clear_cache()                             # registered catalogs survive this
    assert govaccts.catalog("function", 2031) is mine
    govaccts.unregister_catalog("function", 2031)
    with pytest.raises(UnknownEditionError):
        govaccts.catalog("function", 2031)
    with pytest.raises(UnknownEditionError):
        govaccts.catalog("function", 2031, verified_only=True)
    govaccts.unregister_catalog("function", 2031)      # idempotent


def test_register_overrides_a_bundled_edition(tmp_path: Path, clean_registry: None) -> None:
    bundled = govaccts.catalog("function", 2023)
    v_bundled = govaccts.catalog("function", 2023, verified_only=True)
    mine = govaccts.load_catalog(write(tmp_path / "m.csv", _body()), scheme="function", year=2023)
    govaccts.register_catalog(mine)
    assert govaccts.catalog("function", 2023) is mine
    assert set(govaccts.catalog("function", 2023, verified_only=True)) == set(mine)
    govaccts.unregister_catalog("function", 2023)
    back = govaccts.catalog("function", 2023)
    assert back is not mine and set(back) == set(bundled)
    assert SEED_ROWS[0][0] in back and back["2013101"].sources[0].id == "seed-hetang-2023"
    assert set(govaccts.catalog("function", 2023, verified_only=True)) == set(v_bundled)


def test_env_var_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        clean_registry: None) -> None:
    write(tmp_path / "function-2031.csv", _body())
    write(tmp_path / "dept-economic-2023.csv", "code,name\n301,工资福利支出\n", "gbk")
    write(tmp_path / "function-draft.csv", _body())    # not a year: ignored
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    govaccts.clear_cache()
    try:
        assert 2031 in govaccts.editions("function")
        f31 = govaccts.catalog("function", 2031)
        assert list(f31) == [c for c, _ in SEED_ROWS]
        assert f31["201"].sources[0].kind is SourceKind.USER_FILE
        eco = govaccts.catalog("dept-economic", 2023)  # the folder overrides the bundled edition
        assert list(eco) == ["301"]
        assert len(govaccts.catalog("function", 2023)) > 4   # no file for it: bundled
        # a registered catalog still wins over the folder
        mine = govaccts.load_catalog(write(tmp_path / "x.csv", "code,name\n201,X\n"),
                                     scheme="function", year=2031)
        govaccts.register_catalog(mine)
        assert govaccts.catalog("function", 2031) is mine
        govaccts.unregister_catalog("function", 2031)
        assert len(govaccts.catalog("function", 2031)) == 4
    finally:
        monkeypatch.delenv(ENV_VAR)
        govaccts.clear_cache()
    assert 2031 not in govaccts.editions("function")
    assert len(govaccts.catalog("dept-economic", 2023)) > 1
    with pytest.raises(UnknownEditionError):
        govaccts.catalog("function", 2031)


def test_env_var_corrupt_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          clean_registry: None) -> None:
    bad = write(tmp_path / "function-2030.csv", "code,name\n201,a\n201,b\n")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    govaccts.clear_cache()
    try:
        with pytest.raises(CatalogFileError) as ei:
            govaccts.catalog("function", 2030)
        where(ei.value, bad, 3)
    finally:
        monkeypatch.delenv(ENV_VAR)
        govaccts.clear_cache()


# --- thread safety ----------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["function", "dept-economic"])
def test_concurrent_first_load_returns_one_object(scheme: str, clean_registry: None) -> None:
    govaccts.clear_cache()
    n = 8
    barrier = threading.Barrier(n)
    results: list[govaccts.Catalog | None] = [None] * n
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            barrier.wait()
            results[i] = govaccts.catalog(scheme, 2023)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    first = results[0]
    assert first is not None and len(first) > 0
    assert all(r is first for r in results)
    assert govaccts.catalog(scheme, 2023) is first
