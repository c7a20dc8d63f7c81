"""Report kinds as data: specs, the registry, the generic builder, and one new table added
in a few lines, read from a CSV folder and checked with no other change."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path

import pytest

import govaccts
from govaccts import Layout, TableSpec
from govaccts.reports.kinds import register_report_kind, register_table_spec, report_kind


@pytest.fixture
def tenth_table() -> Iterator[TableSpec]:
    """A made-up tenth table of the 部门决算 kind, registered for one test only."""
    before = report_kind("部门决算")
    spec = TableSpec("公开10", "测试项目支出明细表", Layout.TREE, aliases=("测试项目支出表",),
                     row_identities=("合计=甲项目+乙项目",))
    register_table_spec("部门决算", spec)
    try:
        yield spec
    finally:
        register_report_kind(before, replace=True)


def _folder(tmp_path: Path, csv_text: str, title: str = "测试项目支出表") -> Path:
    (tmp_path / "10.csv").write_text(csv_text, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[report]\nkind = "部门决算"\ndepartment = "测试部门"\nyear = 2023\nunit = "万元"\n\n'
        f'[[tables]]\ntitle = "{title}"\nfile = "10.csv"\n', encoding="utf-8")
    return tmp_path


CSV = ("科目编码,科目名称,合计,甲项目,乙项目\n"
       ",合计,10.00,4.00,6.00\n"
       "201,一般公共服务支出,10.00,4.00,6.00\n"
       "20131,党委办公厅（室）及相关机构事务,10.00,4.00,6.00\n"
       "2013101,行政运行,7.00,4.00,3.00\n"
       "2013102,一般行政管理事务,3.00,0.00,3.00\n")


def test_a_tenth_table_spec_is_read_and_checked(tmp_path: Path, tenth_table: TableSpec) -> None:
    rep = govaccts.read_report(_folder(tmp_path, CSV))
    assert list(rep.tables) == ["公开10"]
    t = rep.table("测试项目支出明细表")          # by its canonical title, printed as an alias
    assert (t.scheme, t.value("2013101", "合计")) == ("function", D("7.00"))
    assert govaccts.summarize(govaccts.check(rep))["error"] == 0
    broken = CSV.replace("2013101,行政运行,7.00,4.00,3.00", "2013101,行政运行,7.50,4.00,3.00")
    fs = [f for f in govaccts.check(govaccts.read_report(_folder(tmp_path, broken)))
          if f.severity is govaccts.Severity.ERROR]
    # the row identity of the new spec and the tree sum both see the changed cell
    assert sorted((f.rule, f.row, f.column, f.difference) for f in fs) == [
        ("sum.row", "2013101", "合计", D("0.50")),
        ("sum.tree", "20131", "合计", D("-0.50")),
    ]


def test_without_the_spec_the_table_is_not_the_kinds(tmp_path: Path) -> None:
    rep = govaccts.read_report(_folder(tmp_path, CSV))
    assert list(rep.tables) == ["测试项目支出表"]          # kept, keyed by its printed title
    assert not [f for f in govaccts.check(rep) if f.rule == "sum.row"]  # no identity declared


def test_kinds_registry_and_identify() -> None:
    assert govaccts.report_kinds()[0].name == "部门决算"
    assert govaccts.report_kind("final-accounts") is govaccts.report_kind("部门决算")
    assert govaccts.identify_table("一般公共预算财政拨款基本支出决算表") == "公开06"
    with pytest.raises(govaccts.GovacctsError, match="unknown report kind"):
        govaccts.report_kind("部门预算草案")


def test_register_table_spec_replaces_a_spec_of_the_same_key() -> None:
    before = report_kind("部门决算")
    try:
        register_table_spec("部门决算", TableSpec("公开05", "另一个标题", Layout.TREE))
        k = report_kind("部门决算")
        assert k.identify("另一个标题") is not None and k.identify("一般公共预算财政拨款支出决算表") is None
        assert len(k.tables) == len(before.tables)
    finally:
        register_report_kind(before, replace=True)


# -- a table that names another department (issue #16) ------------------------------------

def test_a_table_naming_another_department_is_one_error(tmp_path: Path) -> None:
    """A table left from another department's template: its 编制单位 preamble line names
    another department than the report's manifest (the cover). 「（本级）」 and a name cut
    short are no difference."""
    import attrs as _attrs

    from govaccts.io.folders import read_report_folder, write_report_folder
    from govaccts.reports.builder import build_report

    raw = govaccts.example_report().raw
    tables = list(raw.tables)
    tables[0] = _attrs.evolve(tables[0], department=raw.department + "（本级）")
    tables[2] = _attrs.evolve(tables[2], department=raw.department[:-1])  # cut at a line end
    tables[1] = _attrs.evolve(tables[1], department="某某区财政局")
    manifest = write_report_folder(_attrs.evolve(raw, tables=tuple(tables)), tmp_path / "r")
    rep = build_report(read_report_folder(manifest.parent))
    found = [f for f in govaccts.check(rep) if f.rule == "table.department"]
    assert [(f.severity.value, f.table) for f in found] == [("error", list(rep.tables)[1])]
    assert "某某区财政局" in found[0].message_en and raw.department in found[0].message_en
    # and none for the report as printed
    assert not [f for f in govaccts.check(govaccts.example_report())
                if f.rule == "table.department"]
