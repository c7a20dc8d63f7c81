"""The fast path of a first catalog lookup gives what the strict one gives.

* Records made by :mod:`govaccts._frozen` behave as the attrs classes of the same fields
  (init, defaults, repr, equality, hashing, immutability, pickling, ``attrs.evolve`` …).
* Scheme files checked a column at a time (:mod:`govaccts.catalogs.schemefile`) give the
  rows, hence the catalogs, that the row-by-row check over the strict reader gives, and
  every corrupt file the same typed error naming file and line.
"""

from __future__ import annotations

import inspect
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govaccts
from govaccts._frozen import Factory, field, frozen
from govaccts.catalogs import codes, details, entries, evidence, schemefile
from govaccts.catalogs import files as cf
from govaccts.catalogs.store import CatalogStore
from govaccts.errors import CatalogFileError, Location
from govaccts.io.delimited import read_delimited
from govaccts.io.fields import EDITION_FIELDS, ROW_FIELDS, SOURCE_FIELDS

DATA = Path(cf.DATA_DIR)
SCHEMES = ("function", "dept-economic", "gov-economic", "revenue", "accounting")
few = settings(max_examples=300, derandomize=True, database=None, deadline=None)

RECORDS = [Location, codes.Scheme, evidence.Source, evidence.EditionInfo, evidence.LeaveOneOut,
           evidence.LevelCoverage, evidence.Coverage, entries.Entry, entries.NameMatch,
           details.DetailRow, details.Detail, schemefile.CatalogRow]


# --- records without attrs ------------------------------------------------------------------------


@frozen
class Sample:
    """A record using every feature of :func:`frozen`."""

    a: int
    b: str = "x"
    _hidden: object = field(default=None, repr=False)
    c: tuple[int, ...] = field(default=Factory(lambda self: (self.a,) * 2, takes_self=True))
    d: tuple[int, ...] = field(factory=tuple)


@attrs.frozen
class SampleAttrs:
    """The same, made by attrs."""

    a: int
    b: str = "x"
    _hidden: object = attrs.field(default=None, repr=False)
    c: tuple[int, ...] = attrs.field(default=attrs.Factory(lambda self: (self.a,) * 2,
                                                           takes_self=True))
    d: tuple[int, ...] = attrs.field(factory=tuple)


values = st.one_of(st.integers(-5, 5), st.text(max_size=3), st.none(),
                   st.tuples(st.integers(0, 3)))


@few
@given(st.lists(values, min_size=1, max_size=5), st.lists(values, min_size=1, max_size=5))
def test_a_record_behaves_as_the_attrs_class(xs: list[Any], ys: list[Any]) -> None:
    names = ["a", "b", "hidden", "c", "d"]
    kx, ky = dict(zip(names, xs, strict=False)), dict(zip(names, ys, strict=False))
    ours, theirs = Sample(**kx), SampleAttrs(**kx)
    assert repr(ours).replace("Sample(", "SampleAttrs(", 1) == repr(theirs)
    assert (ours == Sample(**ky)) == (theirs == SampleAttrs(**ky))
    assert (ours != Sample(**ky)) == (theirs != SampleAttrs(**ky))
    if ours == Sample(**ky):
        assert hash(ours) == hash(Sample(**ky))
    assert attrs.astuple(ours) == attrs.astuple(theirs)
    assert attrs.asdict(attrs.evolve(ours, b="y")) == attrs.asdict(attrs.evolve(theirs, b="y"))
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert ours.__match_args__ == theirs.__match_args__
    assert (ours == 1) is False and ours != "a"


def test_a_record_has_the_attrs_signature_and_fields() -> None:
    ps = [(p.name, p.kind) for p in inspect.signature(Sample).parameters.values()]
    assert ps == [(p.name, p.kind) for p in inspect.signature(SampleAttrs).parameters.values()]
    def described(a: Any) -> tuple[Any, ...]:
        d = a.default
        return (a.name, a.alias, a.repr, a.type,
                (d.takes_self, d.factory.__name__) if isinstance(d, attrs.Factory) else d)

    assert list(map(described, attrs.fields(Sample))) == \
        list(map(described, attrs.fields(SampleAttrs)))
    assert attrs.has(Sample) and attrs.fields_dict(Sample).keys() == {"a", "b", "_hidden", "c",
                                                                         "d"}
    s = Sample(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.a = 2  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del s.a  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.e = 1  # type: ignore[attr-defined]
    assert s.c == (1, 1) and s.d == ()
    assert Sample(1, c=()).c == ()
    with pytest.raises(TypeError):
        Sample()  # type: ignore[call-arg]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_the_lookup_records_are_attrs_classes_to_attrs(cls: type) -> None:
    assert attrs.has(cls)
    fields = attrs.fields(cls)
    assert [a.name for a in fields] == list(cls.__record_fields__)
    init = [p.name for p in inspect.signature(cls).parameters.values()]
    assert init == [a.alias for a in fields]
    assert cls.__module__.startswith("govaccts.") and "<" not in cls.__qualname__


def test_lookup_records_round_trip_through_attrs_cattrs_and_pickle() -> None:
    cat = govaccts.catalog("function", 2023)
    e = cat["2013101"]
    assert attrs.evolve(e, name="x").name == "x" and attrs.evolve(e, name="x").parent == e.parent
    assert pickle.loads(pickle.dumps(e)) == e
    src = e.sources[0]
    assert cattrs.Converter().structure(cattrs.Converter().unstructure(src), type(src)) == src
    loc = Location(file="f.csv", line=3, column="基本支出")
    assert cattrs.Converter().structure({"file": "f.csv", "line": 3, "column": "基本支出"},
                                        Location) == loc
    assert attrs.asdict(loc)["line"] == 3 and attrs.evolve(loc, line=4).line == 4
    assert pickle.loads(pickle.dumps(cat.info)) == cat.info
    assert repr(codes.SCHEMES["accounting"]).startswith("Scheme(name='accounting'")


# --- scheme files: column checks against the row-by-row check ---------------------------------


def strict_rows(text: str, name: str, fields: tuple[str, ...]) -> Any:
    return read_delimited(text, name, error=CatalogFileError, fields=fields, single_line=True,
                          strip=False).rows


def split(text: str, name: str, fields: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
    return [(line, tuple(cells)) for line, cells in schemefile.data_rows(text, name, fields)]


def strict_scheme_rows(text: str, scheme: str, sources: dict[str, Any], name: str
                       ) -> tuple[Any, ...]:
    """The reference: the strict reader, then every row checked one by one."""
    return tuple(schemefile.checked_rows(strict_rows(text, name, ROW_FIELDS), scheme, sources,
                                         name))


def outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except CatalogFileError as exc:
        return "error", (str(exc), exc.location)


@pytest.fixture(scope="module")
def bundled_sources() -> dict[str, Any]:
    return cf.read_sources((DATA / "sources.csv").read_text("utf-8"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_bundled_scheme_files_read_alike(scheme: str, bundled_sources: dict[str, Any]) -> None:
    text = (DATA / f"{scheme}.csv").read_text("utf-8")
    assert split(text, "x", ROW_FIELDS) == list(strict_rows(text, "x", ROW_FIELDS))
    fast = cf.read_rows(text, scheme, bundled_sources)
    assert fast == strict_scheme_rows(text, scheme, bundled_sources, f"{scheme}.csv")
    assert schemefile._by_columns(schemefile.data_rows(text, "x", ROW_FIELDS), scheme,
                                  bundled_sources) is not None  # the fast path is taken


@pytest.mark.parametrize(("name", "fields"), [("sources.csv", SOURCE_FIELDS),
                                              ("editions.csv", EDITION_FIELDS),
                                              ("leave-one-out.csv", cf.LEAVE_ONE_OUT_FIELDS),
                                              ("historic-names.csv", cf.HISTORIC_NAMES_FIELDS)])
def test_bundled_data_files_split_alike(name: str, fields: tuple[str, ...]) -> None:
    text = (DATA / name).read_text("utf-8")
    assert split(text, name, fields) == list(strict_rows(text, name, fields))


def test_every_bundled_edition_is_the_one_the_strict_path_builds() -> None:
    """Each edition as the store builds it equals one built from the strictly read rows,
    entry by entry and in every field."""
    store = CatalogStore(override_dir=None)
    sources = store.sources()
    for (scheme, year), info in store.bundled_editions().items():
        text = (DATA / f"{scheme}.csv").read_text("utf-8")
        rows = strict_scheme_rows(text, scheme, sources, f"{scheme}.csv")
        want = cf.build_catalog(info, rows, sources, f"{scheme}.csv",
                                store._scheme_details(scheme))
        got = store.catalog(scheme, year)
        assert got.info == info and list(got) == list(want)
        for e, w in zip(got.values(), want.values(), strict=True):
            assert (e.code, e.name, e.scheme, e.year, e.status, e.sources, e.aliases, e.note) == \
                (w.code, w.name, w.scheme, w.year, w.status, w.sources, w.aliases, w.note)
            assert e._catalog is got
        assert got.roots() == want.roots() and got.all_details() == want.all_details()


HEAD = ",".join(ROW_FIELDS) + "\n"
CELLS = ["201", "20101", "2010101", "20100", "2019", "2026", "2023", " ", "", "２０１", "20x9",
         "301", "s23", "s21 s23", "s99", "a|b", "|", '"q"', '"a,b"', '"', "a\nb", "x ", "名",
         "2013", "2099", "0201", "\r", "\0"]
GOOD = [["201", "一般公共服务支出", "2019", "2026", "s23", "", ""],
        ["20101", "人大事务", "2019", "2026", "s21 s23", "人大|人大事务", "note"],
        ["2010101", "行政运行", "2019", "2022", "s21", "", ""],
        ["2010101", "行政运行支出", "2023", "2026", "", "", "renamed"],
        ["20102", "政协事务", "2009", "2026", "s23", "", '"quoted, note"']]
SRC = cf.read_sources("id,kind,title,year,reference,note\n"
                      "s23,real-document,a 2023 report,2023,seed.txt,\n"
                      "s21,public-page,a 2021 page,2021,https://example.org/p,\n")


@st.composite
def scheme_files(draw: Any) -> str:
    picked = draw(st.lists(st.sampled_from(range(len(GOOD))), unique=True, max_size=len(GOOD)))
    rows = [list(GOOD[i]) for i in picked]
    for _ in range(draw(st.integers(0, 2))):
        if rows:
            r = draw(st.integers(0, len(rows) - 1))
            what = draw(st.sampled_from(["cell", "cut", "blank", "dup"]))
            if what == "cell" and rows[r]:
                rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(st.sampled_from(CELLS))
            elif what == "cut":
                rows[r] = rows[r][:draw(st.integers(1, 6))]
            elif what == "blank":
                rows.insert(r, [])
            else:
                rows.insert(r, list(rows[r]))
    text = HEAD + "".join(",".join(r) + "\n" for r in rows)
    return draw(st.sampled_from([text, text, text.rstrip("\n"), text.replace("\n", "\r\n"),
                                 "\ufeff" + text, "\n" + text]))


@few
@given(scheme_files())
def test_a_mutated_scheme_file_reads_as_the_strict_path_reads_it(text: str) -> None:
    fast = outcome(cf.read_rows, text, "function", SRC, "function.csv")
    assert fast == outcome(strict_scheme_rows, text, "function", SRC, "function.csv")


@few
@given(scheme_files())
def test_data_rows_split_as_the_strict_reader(text: str) -> None:
    assert outcome(split, text, "f.csv", ROW_FIELDS) == \
        outcome(lambda: list(strict_rows(text, "f.csv", ROW_FIELDS)))


def test_a_corrupt_bundled_file_raises_naming_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("evidence"))
    lines = (data / "function.csv").read_text("utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith("2013101,"))
    cells = lines[n].split(",")
    cells[3] = str(int(cells[2]) - 1)  # valid_to before valid_from
    lines[n] = ",".join(cells)
    (data / "function.csv").write_text("\n".join(lines), "utf-8")
    with pytest.raises(CatalogFileError, match="after valid_to") as ei:
        CatalogStore(data, override_dir=None).catalog("function", 2023)
    assert ei.value.location == Location(file="function.csv", line=n + 1)
    assert str(ei.value).startswith(f"function.csv:{n + 1}: ")


def test_a_first_lookup_imports_neither_attrs_nor_typing() -> None:
    code = ("import sys, govaccts; govaccts.catalog('function', 2023)['2013101']; "
            "print(sorted(m for m in ('attrs', 'attr', 'cattrs', 'typing', 're', 'pathlib', "
            "'importlib.resources', 'threading', 'csv', 'govaccts.io.delimited', "
            "'govaccts.catalogs.names') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.strip()
    assert out == "[]"
