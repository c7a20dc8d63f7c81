"""The 部门决算 report model: the nine public tables 公开01–09, their identities, the narrative.

Tables are identified by title (numbering varies by region), built into
:class:`~govaccts.LedgerTable` objects, and checked against the identities of
``docs/rules.rst`` — within each table and across tables, and none of the
non-identities (02 and 03 differ per code by design; only their totals link).

>>> import govaccts
>>> rep = govaccts.example_report()
>>> rep.department, rep.year, rep.table("公开05").value("201", "小计")
('中共株洲市荷塘区委办公室', 2023, Decimal('443.89'))
>>> rep.table("一般公共预算财政拨款基本支出决算明细表").value("人员经费合计", "决算数")
Decimal('373.28')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import attrs

from govaccts.catalogs.names import fold
from govaccts.checks.findings import Finding, Severity
from govaccts.checks.identities import (
    Context,
    Identity,
    Ref,
    evaluate,
    parse_identity,
    rule,
    run_rules,
)
from govaccts.checks.tolerance import Mode
from govaccts.errors import GovacctsError, LedgerError, Location, ReportReadError, UnknownNameError
from govaccts.io.folders import RawReport, RawTable, read_report_folder
from govaccts.ledger.table import TOTAL, LedgerTable, label_key

TABLE_TITLES: dict[str, tuple[str, ...]] = {
    "公开01": ("收入支出决算总表",),
    "公开02": ("收入决算表",),
    "公开03": ("支出决算表",),
    "公开04": ("财政拨款收入支出决算总表",),
    "公开05": ("一般公共预算财政拨款支出决算表",),
    "公开06": ("一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"),
    "公开07": ("政府性基金预算财政拨款收入支出决算表",),
    "公开08": ("国有资本经营预算财政拨款支出决算表", "国有资产经营预算财政拨款支出决算表"),
    "公开09": ("财政拨款\"三公\"经费支出决算表", "财政拨款三公经费支出决算表",
             "一般公共预算财政拨款\"三公\"经费支出决算表"),
}
"""Canonical table id → the titles it is printed under (the seed misprints 08 as 国有资产经营)."""


def identify_table(title: str) -> str | None:
    """The canonical id (公开01…09) of a printed table title, or ``None``.

    >>> identify_table("财政拨款“三公”经费支出决算表"), identify_table("支出决算表")
    ('公开09', '公开03')
    """
    key = fold(title).replace("表表", "表")
    for tid, titles in TABLE_TITLES.items():
        if any(fold(t) == key for t in titles):
            return tid
    return None


def _table_key(raw: RawTable) -> str:
    tid = identify_table(raw.title) or raw.id or raw.title
    return f"{tid}-{raw.part}" if raw.part else tid


@attrs.frozen(eq=False)
class FinalAccountsReport:
    """A 部门决算 disclosure: metadata, typed tables by key, the narrative text.

    Table keys are the canonical ids, with ``-收入``/``-支出`` for the two sides
    of 公开01 and 公开04.  Reports compare (and hash) by identity.
    """

    department: str
    year: int
    unit: str
    tables: dict[str, LedgerTable]
    narrative: str | None
    raw: RawReport = attrs.field(repr=False)
    _raw_by_key: dict[str, RawTable] = attrs.field(repr=False, alias="raw_by_key",
                                                   factory=dict)

    def tables_by_key(self) -> dict[str, LedgerTable]:
        """The tables by key (the runner's protocol)."""
        return self.tables

    def table(self, key: str) -> LedgerTable:
        """A table by key (``公开05``, ``公开01-支出``) or by printed title."""
        if key in self.tables:
            return self.tables[key]
        tid = identify_table(key)
        if tid is not None:
            hits = [k for k in self.tables if k == tid or k.startswith(tid + "-")]
            if len(hits) == 1:
                return self.tables[hits[0]]
            if hits:
                raise LedgerError(f"{key!r} names {len(hits)} tables ({', '.join(hits)}): "
                                  "give the part")
        raise LedgerError(f"report has no table {key!r} (tables: {', '.join(self.tables)})")

    def raw_table(self, key: str) -> RawTable | None:
        """The raw table (notes, 说明) behind a table key."""
        return self._raw_by_key.get(key)


def build_report(raw: RawReport, *, strict: bool = False) -> FinalAccountsReport:
    """Typed tables from a :class:`RawReport` (problems kept as data unless ``strict``)."""
    tables: dict[str, LedgerTable] = {}
    for rt in raw.tables:
        key = _table_key(rt)
        if key in tables:
            raise ReportReadError(f"table {key} appears twice",
                                  location=Location(file=rt.file or raw.source, table=key))
        tables[key] = _build_table(rt, key, raw.year, strict)
    return FinalAccountsReport(raw.department, raw.year, raw.unit, tables, raw.narrative, raw,
                               raw_by_key={_table_key(r): r for r in raw.tables})


def _col(header: tuple[str, ...], *names: str) -> int | None:
    for n in names:
        if n in header:
            return header.index(n)
    return None


def _build_table(rt: RawTable, key: str, year: int, strict: bool) -> LedgerTable:
    h = rt.header
    lines = [ln for ln, _ in rt.rows]
    common = dict(id=key, title=rt.title, unit=rt.unit, strict=strict, file=rt.file, lines=lines)
    if rt.layout in ("tree", "economic"):
        ci, ni = _col(h, "科目代码", "科目编码", "code"), _col(h, "科目名称", "name")
        if ci is None or ni is None:
            raise ReportReadError(f"table {key} has no 科目代码/科目名称 columns",
                                  location=Location(file=rt.file, line=1, table=key))
        text_cols = {ci, ni} | ({h.index("区块")} if "区块" in h else set())
        amount_cols = [c for i, c in enumerate(h) if i not in text_cols]
        scheme = "function" if rt.layout == "tree" else "dept-economic"
        rows = [(cells[ci], cells[ni] if cells[ci] or cells[ni] else TOTAL,
                 {c: cells[h.index(c)] for c in amount_cols}) for _, cells in rt.rows]
        attributes = [{"区块": cells[h.index("区块")]} if "区块" in h else {}
                      for _, cells in rt.rows]
        return LedgerTable.build(columns=amount_cols, rows=rows, scheme=scheme, year=year,
                                 levels=(1, 2, 3) if rt.layout == "tree" else (1, 2),
                                 attributes=attributes, **common)  # type: ignore[arg-type]
    li = _col(h, "项目", "区块")
    if li is None:
        raise ReportReadError(f"table {key} has no 项目 column",
                              location=Location(file=rt.file, line=1, table=key))
    text_cols = {li} | ({h.index("行次")} if "行次" in h else set())
    amount_cols = [c for i, c in enumerate(h) if i not in text_cols]
    rows = []
    attributes = []
    parent = ""
    seen: set[str] = set()
    for _, cells in rt.rows:
        label = cells[li]
        k = label_key(label)
        if "结转" in k or "结余" in k:
            parent = k
        elif k in seen and parent:
            label = f"{parent}:{k}"  # a sub-row repeating a fund's name (公开04 行 29–31)
        seen.add(label_key(label))
        rows.append(("", label, {c: cells[h.index(c)] for c in amount_cols}))
        attributes.append({"行次": cells[h.index("行次")]} if "行次" in h else {})
    return LedgerTable.build(columns=amount_cols, rows=rows, attributes=attributes,
                             **common)  # type: ignore[arg-type]


def read_report(path: str | Path, *, encoding: str | None = None,
                strict: bool = False) -> FinalAccountsReport:
    """Read a report from a folder / ``manifest.toml`` or from seed-style text (``.txt``)."""
    p = Path(path)
    if p.is_dir() or p.suffix.lower() == ".toml":
        raw = read_report_folder(p, encoding=encoding)
    elif p.is_file():
        from govaccts.io.seed_text import read_report_text

        raw = read_report_text(p, encoding=encoding)
    else:
        raise ReportReadError("no such file or folder", location=Location(file=str(p)))
    return build_report(raw, strict=strict)


EXAMPLES = {"hetang-2023": "hetang_2023"}
"""Bundled example reports: name → folder under ``govaccts/examples``."""


def example_report(name: str = "hetang-2023") -> FinalAccountsReport:
    """A bundled real report, read from its folder inside the installed package."""
    try:
        folder = EXAMPLES[name]
    except KeyError:
        raise GovacctsError(f"no example {name!r} (examples: {', '.join(EXAMPLES)})") from None
    res = resources.files("govaccts").joinpath("examples", folder)
    with resources.as_file(res) as p:
        return read_report(p)


# -- identities of the model ----------------------------------------------------------------

ROW_IDENTITIES: dict[str, tuple[str, ...]] = {
    "公开02": ("本年收入合计=财政拨款收入+上级补助收入+事业收入+经营收入+附属单位上缴收入+其他收入",),
    "公开03": ("本年支出合计=基本支出+项目支出+上缴上级支出+经营支出+对附属单位补助支出",),
    "公开04-支出": ("合计=一般公共预算财政拨款+政府性基金预算财政拨款+国有资本经营预算财政拨款",),
    "公开05": ("小计=基本支出+项目支出",),
    "公开07": ("小计=基本支出+项目支出", "年末结转和结余=年初结转和结余+本年收入-小计"),
    "公开08": ("合计=基本支出+项目支出",),
    "公开09": ("公务用车购置及运行维护费小计=公务用车购置费+公务用车运行维护费",
             "合计=因公出国（境）费+公务用车购置及运行维护费小计+公务接待费"),
}
"""Per-row column identities, in the syntax of :func:`govaccts.check_table`'s ``identities``.

An identity whose columns a table does not print (templates vary) is not applied."""


def row_identities(rep: FinalAccountsReport) -> Iterator[Identity]:
    """Every row's column identity (e.g. 03: 本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属)."""
    for key, texts in ROW_IDENTITIES.items():
        t = rep.tables.get(key)
        if t is None:
            continue
        for text in texts:
            columns = re.split(r"[=+\-]", text)
            if all(c in t.columns for c in columns):
                yield from parse_identity(text, t)


def statement_identities(rep: FinalAccountsReport) -> Iterator[Identity]:
    """Within 公开01/04 (each side) and 公开06: subtotals, 总计, 人员/公用经费合计."""
    for key, t in rep.tables.items():
        if not (key.startswith("公开01-") or key.startswith("公开04-")):
            continue
        keys = [r.key for r in t.rows]
        sub = [k for k in keys if k.endswith("合计") and k.startswith("本年")]
        for col in t.columns:
            for s in sub:
                i = keys.index(s)
                parts = [k for k in keys[:i] if ":" not in k]
                yield Identity("sum.statement", Ref(key, s, col),
                               tuple(Ref(key, k, col) for k in parts),
                               text=f"{key} {col}: {s} = Σ 以上各行 (the rows above)")
            if "总计" in keys and sub:
                i, j = keys.index(sub[0]), keys.index("总计")
                parts = [sub[0], *(k for k in keys[i + 1:j] if ":" not in k)]
                yield Identity("sum.statement", Ref(key, "总计", col),
                               tuple(Ref(key, k, col) for k in parts),
                               text=f"{key} {col}: 总计 = " + " + ".join(parts))
            for p in {k.split(":")[0] for k in keys if ":" in k}:
                kids = [k for k in keys if k.startswith(p + ":")]
                yield Identity("sum.statement", Ref(key, p, col),
                               tuple(Ref(key, k, col) for k in kids),
                               text=f"{key} {col}: {p} = " + " + ".join(
                                   k.split(":")[1] for k in kids))
    t6 = rep.tables.get("公开06")
    if t6 is not None and t6.columns:
        col = t6.columns[0]
        for block in ("人员经费", "公用经费"):
            total = f"{block}合计"
            if t6.get_row(total) is None:
                continue
            parts = [r.key for r in t6.coded_rows()
                     if r.attribute("区块") == block and r.code is not None and len(r.code) == 3]
            yield Identity("sum.statement", Ref("公开06", total, col),
                           tuple(Ref("公开06", k, col) for k in parts),
                           text=f"公开06: {total} = " + " + ".join(parts))


@functools.lru_cache(maxsize=1024)
def _class_code_in(year: int, label: str) -> str | None:
    from govaccts.catalogs.store import catalog
    from govaccts.errors import AmbiguousNameError, UnknownEditionError

    try:
        return catalog("function", year).resolve(label, level=1).code
    except (UnknownEditionError, UnknownNameError, AmbiguousNameError):
        return None


def _class_code(rep: FinalAccountsReport, label: str) -> str | None:
    """The 类 code a statement row's label names (``None`` when no 类 has that name)."""
    return _class_code_in(rep.year, label)


def cross_identities(rep: FinalAccountsReport) -> Iterator[Identity]:
    """Figures printed in two tables (equal exactly) and cross-table sums."""
    T = rep.tables

    def eq(a: Ref, b: Ref, text: str) -> Identity:
        return Identity("equal.cross-table", a, (b,), kind="equal", text=text)

    i01, e01, i04, e04 = "公开01-收入", "公开01-支出", "公开04-收入", "公开04-支出"
    if i01 in T and e01 in T:
        yield eq(Ref(i01, "总计", "金额"), Ref(e01, "总计", "金额"), "公开01 收入总计 = 支出总计")
    if i04 in T and e04 in T:
        yield eq(Ref(i04, "总计", "金额"), Ref(e04, "总计", "合计"), "公开04 收入总计 = 支出总计")
    if i01 in T and "公开02" in T:
        yield eq(Ref(i01, "本年收入合计", "金额"), Ref("公开02", TOTAL, "本年收入合计"),
                 "公开01 本年收入合计 = 公开02 合计")
        for col in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            if col in T["公开02"].columns:
                yield eq(Ref(i01, col, "金额"), Ref("公开02", TOTAL, col),
                         f"公开01 {col} = 公开02 合计 {col}")
        yield Identity("sum.cross-table", Ref("公开02", TOTAL, "财政拨款收入"),
                       (Ref(i01, "一般公共预算财政拨款收入", "金额"),
                        Ref(i01, "政府性基金预算财政拨款收入", "金额"),
                        Ref(i01, "国有资本经营预算财政拨款收入", "金额")),
                       text="公开02 财政拨款收入 = 公开01 一般公共预算 + 政府性基金 + 国有资本经营")
    if i01 in T and i04 in T:
        for fund in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"):
            yield eq(Ref(i04, fund, "金额"), Ref(i01, fund + "收入", "金额"),
                     f"公开04 {fund} = 公开01 {fund}收入")
    if e01 in T and "公开03" in T:
        yield eq(Ref(e01, "本年支出合计", "金额"), Ref("公开03", TOTAL, "本年支出合计"),
                 "公开01 本年支出合计 = 公开03 合计")
        for r in T[e01].rows:
            code = _class_code(rep, r.label)
            if code is not None:
                yield eq(Ref(e01, r.key, "金额"), Ref("公开03", code, "本年支出合计"),
                         f"公开01 {r.key} = 公开03 {code} 本年支出合计")
    if e04 in T:
        links = (("公开05", "一般公共预算财政拨款", "小计"), ("公开07", "政府性基金预算财政拨款", "小计"),
                 ("公开08", "国有资本经营预算财政拨款", "合计"))
        for tk, col, other in links:
            if tk not in T or other not in T[tk].columns or not T[tk].coded_rows():
                continue
            yield eq(Ref(e04, "本年支出合计", col), Ref(tk, TOTAL, other),
                     f"公开04 本年支出合计 {col} = {tk} 合计 {other}")
            for r in T[e04].rows:
                code = _class_code(rep, r.label)
                if code is not None:
                    yield eq(Ref(e04, r.key, col), Ref(tk, code, other),
                             f"公开04 {r.key} {col} = {tk} {code} {other}")
    if "公开05" in T and "公开06" in T:
        yield Identity("sum.cross-table", Ref("公开05", TOTAL, "基本支出"),
                       (Ref("公开06", "人员经费合计", "决算数"), Ref("公开06", "公用经费合计", "决算数")),
                       text="公开05 合计 基本支出 = 公开06 人员经费合计 + 公用经费合计")


def model_identities(rep: FinalAccountsReport) -> list[Identity]:
    """All identities the 部门决算 model declares for ``rep``."""
    return [*row_identities(rep), *statement_identities(rep), *cross_identities(rep)]


def _identity_rule(rule_id: str):  # type: ignore[no-untyped-def]
    def run(ctx: Context, rep: object) -> Iterator[Finding]:
        if not isinstance(rep, FinalAccountsReport):
            return
        idents = ctx.cache.get("model_identities")
        if idents is None:
            idents = ctx.cache["model_identities"] = model_identities(rep)
        for ident in idents:
            if ident.rule == rule_id:
                yield from evaluate(ident, ctx)
    return run


for _rid, _zh, _en, _desc in (
    ("sum.row", "行内各栏合计关系", "a row's total column equals the sum of its part columns",
     "Per row: 02 本年收入合计 = Σ 收入来源; 03 本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助; "
     "04 合计 = 三类财政拨款; 05/08 小计(合计) = 基本 + 项目; 07 年末 = 年初 + 本年收入 − 本年支出; "
     "09 小计 = 购置 + 运行维护, 合计 = 出国 + 车 + 接待."),
    ("sum.statement", "总表内合计关系", "subtotals and totals of the statement tables",
     "公开01/04 each side: 本年收入(支出)合计 = Σ the rows above it; 总计 = 本年合计 + the carry-over "
     "rows; 年初财政拨款结转和结余 = Σ its fund sub-rows; 公开06 人员经费合计 = Σ 人员经费 类, "
     "公用经费合计 = Σ 公用经费 类."),
    ("equal.cross-table", "同一数字多表列示一致", "the same figure printed in two places is equal",
     "Exact equality, whatever the mode: 01 收支总计; 01 vs 02/03 totals and 类 rows; 04 vs 01 "
     "income rows; 04 fund columns vs 05/07/08 by 类. Never 02 vs 03 per code: they differ by "
     "design (carry-overs), only totals link."),
    ("sum.cross-table", "跨表合计关系", "a total in one table equals a sum of cells in another",
     "02 财政拨款收入 = 01 rows 1–3; 05 合计基本支出 = 06 人员经费合计 + 公用经费合计."),
):
    rule(_rid, title_zh=_zh, title_en=_en, scope="report", description=_desc)(_identity_rule(_rid))


@rule("table.empty", title_zh="空表说明", title_en="an empty table carries its 说明",
      scope="report", description="A table printed without data must say why (空表说明).")
def _empty(ctx: Context, rep: object) -> Iterator[Finding]:
    if not isinstance(rep, FinalAccountsReport):
        return
    for key, t in rep.tables.items():
        has_data = any(a.value is not None for r in t.rows for _, a in r.cells)
        raw = rep.raw_table(key)
        if not has_data and (raw is None or not raw.empty_note.strip()):
            yield Finding(rule="table.empty", severity=Severity.WARNING,
                          message_zh="空表未附说明", message_en="empty table without a 说明 line",
                          table=key)


@rule("table.note", title_zh="读取说明", title_en="what the reader noted about a table",
      scope="report", description="Extraction artefacts the reader handled (one column more "
                                   "than the header, values flattened into one line), so that "
                                   "nothing it did is silent.")
def _notes(ctx: Context, rep: object) -> Iterator[Finding]:
    if not isinstance(rep, FinalAccountsReport):
        return
    for key in rep.tables:
        raw = rep.raw_table(key)
        for note in raw.notes if raw is not None else ():
            yield Finding(rule="table.note", severity=Severity.INFO, message_zh="读取说明",
                          message_en=note, table=key)


def check_report(rep: FinalAccountsReport, *, mode: Mode | str = Mode.HALF_UP,
                 rules: Iterable[str] | str | None = None) -> list[Finding]:
    """Every registered rule on every table of ``rep`` and on ``rep`` itself."""
    return run_rules(rep.tables, rep, mode=mode, rules=rules)


__all__ = ["TABLE_TITLES", "FinalAccountsReport", "build_report", "check_report",
           "example_report", "identify_table", "model_identities", "read_report"]
