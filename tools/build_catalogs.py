#!/usr/bin/env python3
"""Compile ``catalogs/*.csv`` from the evidence in ``catalogs/evidence/``.

Run from the repository root: ``python tools/build_catalogs.py``.  The output is
deterministic; CI runs it with ``--check`` and fails when the committed catalogs
differ from what the evidence compiles to.

Inputs (all reviewable, none typed from memory unless marked so):

* ``evidence/reference/c2009-*.csv`` — the historic fiscal-system catalog (about 2009).
* ``src/govaccts/examples/hetang_2023/{02,03,05,06}.csv`` — codes and names printed in
  the seed report, a real 2023 部门决算.
* ``evidence/reference/attested-pairs.csv`` and ``evidence/search-pairs*.csv`` —
  (year, code, name) printed together on public pages, with the page address.
* ``evidence/reference/2024-supplement.csv`` — 财预〔2024〕22号 additions.
* ``evidence/reference/econ-correspondence-excerpt.csv`` — the partial 对照表 (undated).
* ``evidence/harvested/`` — (year, code, name) pairs read by ``govaccts.harvest`` from real
  published reports (PDF), with page, line and quote (``tools/harvested_evidence.py``).
* ``evidence/removals.csv`` — change notices that remove a code (none found so far).
* ``evidence/maintained.csv`` — the maintainers' own claims: validity ranges beyond
  the attested years, and rows with no source (these stay *unverified*).
* ``evidence/accounting/`` — the 政府会计制度 会计科目 with quotes (``tools/accounting_evidence.py``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govaccts.catalogs.names import name_key  # noqa: E402
from govaccts.io.delimited import read_delimited_file  # noqa: E402
from govaccts.io.vocabulary import EDITION_FIELDS, ROW_FIELDS, SOURCE_FIELDS  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accounting_evidence import (  # noqa: E402
    ATTRIBUTE_FIELDS,
    DETAIL_FIELDS,
    LAST_YEAR,
    LINK_FIELDS,
    build_accounting,
)
from harvested_evidence import add_harvested  # noqa: E402
from harvested_evidence import write as write_harvested  # noqa: E402

CAT = ROOT / "catalogs"
EV = CAT / "evidence"
SEED = ROOT / "src" / "govaccts" / "examples" / "hetang_2023"
MODERN = (2019, 2026)
REPO_CITATION = re.compile(r"^([\w.-]+/[\w.-]+)@[0-9a-f]{7,40}:\S+$")
"""A repository citation, ``owner/repo@commit:path``."""

SCHEME_NAMES = {"function": "function", "dept_economic": "dept-economic",
                "gov_economic": "gov-economic", "revenue": "revenue"}
C2009_REF = ("github:Jackjet/supervise@c52b8076d686d23284e36992e7b66eca336cf46a:"
             "gov.df.fap/gov.df.fap.script/src/main/resources/script/df/V1_0_0_0/business/")
# Generic 项 names that the historic system suffixed with its parent's domain, e.g.
# 行政运行（人大）; a name is generic when it recurs under two or more parents.
SUFFIX = re.compile(r"^(?P<base>.*?)\s*（(?P<tag>[^（）]*)）$")


class Sources:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, str]] = {}

    def add(self, sid: str, kind: str, title: str, year: str, reference: str, note: str = "") -> str:
        row = dict(id=sid, kind=kind, title=title, year=year, reference=reference, note=note)
        old = self.rows.setdefault(sid, row)
        if any(old[k] != row[k] for k in ("kind", "title", "year", "reference")):
            raise SystemExit(f"evidence error: source {sid} described two ways: {old} / {row}")
        if not old["note"]:
            old["note"] = note
        return sid

    def page(self, url: str, year: str, quote: str, code: str, name: str) -> str:
        check_quote(url, quote, code, name)
        sid = "web-" + hashlib.sha1(url.encode()).hexdigest()[:8] + (f"-{year}" if year else "")
        repo = REPO_CITATION.match(url)
        if repo:
            sid = self.add(sid, "repo-file", f"file in the repository {repo.group(1)}", year, url)
        else:
            host = urlparse(url).hostname or url
            sid = self.add(sid, "public-page", f"public page on {host}", year, url, "")
        quotes = self.rows[sid].setdefault("_quotes", [])  # type: ignore[arg-type]
        if quote not in quotes:
            quotes.append(quote)  # type: ignore[attr-defined]
        self.rows[sid]["note"] = "quotes: " + " | ".join(quotes)  # type: ignore[arg-type]
        return sid


def check_quote(url: str, quote: str, code: str, name: str) -> None:
    """A pair's quote must show the name and the code (whole, or its last two digits when
    the page prints 类/款 in split columns)."""
    import unicodedata

    q = unicodedata.normalize("NFKC", quote).replace(" ", "")
    n = unicodedata.normalize("NFKC", name).replace(" ", "")
    if n not in q or (code not in q and not q.startswith(code[-2:] + n)):
        raise SystemExit(f"evidence error: the quote for {code} {name} ({url}) does not show "
                         f"both: {quote!r}")


def read(path: Path) -> list[dict[str, str]]:
    """An evidence file's rows, through govaccts' one CSV reader (errors name file and line)."""
    return [rec for _, rec in read_delimited_file(path, name=path.name).records()]


def historic(scheme: str, path: Path, sources: Sources, sid: str) -> list[dict[str, str]]:
    rows = read(path)
    by_base: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        m = SUFFIX.match(r["name"])
        if m:
            by_base[m["base"].strip()].add(r["parent_code"])
    out = []
    for r in rows:
        name, aliases, note = r["name"].strip(), "", ""
        m = SUFFIX.match(name)
        if m and len(by_base[m["base"].strip()]) >= 2:
            name, aliases = m["base"].strip(), r["name"]
            note = f"display suffix （{m['tag']}） of the source system dropped"
        if r["code"] == "201" and scheme == "function":
            note = "printed so by the source system; the national 类 name family is 一般公共服务"
        out.append(dict(code=r["code"], name=name, valid_from="2009", valid_to="2009",
                        sources=sid, aliases=aliases, note=note))
    return out


def collect(sources: Sources, out_of_range: list[str]
            ) -> dict[tuple[str, str], list[tuple[str, str | None, str]]]:
    """(scheme, code) → [(printed name, year or None, source id)]."""
    att: dict[tuple[str, str], list[tuple[str, str | None, str]]] = defaultdict(list)
    seed = sources.add(
        "seed-hetang-2023", "real-document",
        "2023 部门决算 of 中共株洲市荷塘区委办公室 (tables 公开02, 03, 05, 06)", "2023",
        "govaccts/examples/hetang_2023/seed.txt (text of the published PDF)")
    for f in ("02.csv", "03.csv", "05.csv"):
        for r in read(SEED / f):
            if r["科目代码"]:
                att[("function", r["科目代码"])].append((r["科目名称"], "2023", seed))
    for r in read(SEED / "06.csv"):
        if r["科目代码"]:
            att[("dept-economic", r["科目代码"])].append((r["科目名称"], "2023", seed))
    pairs = read(EV / "reference" / "attested-pairs.csv")
    for extra in sorted(EV.glob("search-pairs*.csv")):  # search-pairs.csv, search-pairs-2.csv …
        pairs += read(extra)
    for r in pairs:
        year = r["year"].strip() or None
        if year is not None and not MODERN[0] <= int(year) <= MODERN[1]:
            out_of_range.append(f"{SCHEME_NAMES[r['scheme']]} {r['code'].strip()} "
                                f"{r['name'].strip()} ({year}): no {year} edition — {r['url']}")
            continue
        sid = sources.page(r["url"].strip(), year or "", r["quote"].strip(), r["code"].strip(),
                           r["name"].strip())
        att[(SCHEME_NAMES[r["scheme"]], r["code"].strip())].append((r["name"].strip(), year, sid))
    for r in read(EV / "reference" / "2024-supplement.csv"):
        sid = sources.add("cy-2024-22-" + hashlib.sha1(r["source"].encode()).hexdigest()[:6],
                          "change-notice", "财预〔2024〕22号 (2024-03-29) 个别增补, public copy",
                          "2024", r["source"], r["note"])
        att[(SCHEME_NAMES[r["scheme"]], r["code"])].append((r["name"], "2024", sid))
    corr = read(EV / "reference" / "econ-correspondence-excerpt.csv")
    for r in corr:
        sid = sources.add("econ-map-excerpt", "public-page",
                          "政府预算和部门预算支出经济分类科目对照表 (partial public copy, undated)", "",
                          r["source"], "only the beginning (501, start of 502) is readable")
        att[("gov-economic", r["gov_code"])].append((r["gov_name"], None, sid))
        att[("dept-economic", r["dept_code"])].append((r["dept_name"], None, sid))
    return att


def canonical(variants: Counter[str]) -> str:
    """Prefer the printing with full-width brackets, then the most frequent, then the first."""
    order = list(variants)
    return sorted(order, key=lambda n: ("(" in n, -variants[n], order.index(n)))[0]


def modern_rows(scheme: str, att: dict[tuple[str, str], list[tuple[str, str | None, str]]],
                maintained: list[dict[str, str]], conflicts: list[str],
                left_out: list[str], removals: dict[tuple[str, str], tuple[int, str]] | None = None,
                historic_rows: list[dict[str, str]] = ()  # type: ignore[assignment]
                ) -> list[dict[str, str]]:
    """The modern rows of ``scheme``: one group per code and name key, valid from its first
    attestation to its last, then carried up to the newest edition unless a later source
    shows the code renamed (another name printed for it later) or removed (``removals``:
    (code, name key) → (first year without it, source id)).  A name the c.2009 catalog
    (``historic_rows``) prints for the code is attested then too: carried from the first
    modern edition."""
    removals = removals or {}
    then = {(r["code"], name_key(r["name"])): r["sources"].split()[0] for r in historic_rows}
    groups: dict[tuple[str, str], dict] = {}
    for (sch, code), items in att.items():
        if sch != scheme:
            continue
        for name, year, sid in items:
            g = groups.setdefault((code, name_key(name)), dict(
                variants=Counter(), years=Counter(), sids=[], undated=[], lo=None, hi=None,
                extra_aliases=[], notes=[]))
            g["variants"][name] += 1
            if year is None:
                g["undated"].append(sid)
            else:
                g["years"][int(year)] += 1
            if sid not in g["sids"]:
                g["sids"].append(sid)
    for m in maintained:
        if SCHEME_NAMES.get(m["scheme"], m["scheme"]) != scheme:
            continue
        g = groups.setdefault((m["code"], name_key(m["name"])), dict(
            variants=Counter(), years=Counter(), sids=[], undated=[], lo=None, hi=None,
            extra_aliases=[], notes=[]))
        g["variants"][m["name"]] += 1
        g["lo"], g["hi"] = int(m["valid_from"]), int(m["valid_to"])
        g["claimed"] = True
        g["extra_aliases"] += [a for a in m["aliases"].split("|") if a]
        if m["note"]:
            g["notes"].append(m["note"])
    out = []
    by_code: dict[str, list[dict]] = defaultdict(list)
    for (code, key), g in sorted(groups.items()):
        years = set(g["years"])
        if g["undated"] and scheme == "gov-economic" and g["lo"] is None:
            # The scheme exists since the 2018 reform: an undated printing of it is modern.
            years |= set(MODERN)
            g["notes"].append("undated sources place it in every modern edition (the scheme "
                              "exists since the 2018 reform)")
        lo = min(years | ({g["lo"]} if g["lo"] else set()), default=None)
        hi = max(years | ({g["hi"]} if g["hi"] else set()), default=None)
        if lo is None or hi is None:
            # An undated page may print an edition of any year: it backs rows that other
            # evidence places in time, and places none by itself.
            left_out.append(f"{scheme} {code} {canonical(g['variants'])}: only undated "
                            f"sources ({' '.join(g['sids'])})")
            continue
        g.update(code=code, key=key, lo=lo, hi=hi, name=canonical(g["variants"]),
                 attested=sorted(g["years"]))
        by_code[code].append(g)
    for code, gs in sorted(by_code.items()):
        carry_forward(scheme, code, gs, removals, conflicts)
        carry_back(code, gs, then)
        for g in gs:
            g["span"] = set(range(g["lo"], g["hi"] + 1))
        for a in gs:
            for b in gs:
                overlap = a["span"] & b["span"]
                if a is b or not overlap:
                    continue
                # The name with more attestations in the overlap wins those years (then
                # overall, then the one the maintainers claim); the other keeps its
                # remaining years and becomes an alias of the winner.  An exact tie is no
                # evidence either way: neither name is placed there.
                sa = (sum(a["years"][y] for y in overlap), sum(a["years"].values()),
                      a.get("claimed", False))
                sb = (sum(b["years"][y] for y in overlap), sum(b["years"].values()),
                      b.get("claimed", False))
                if sa == sb:
                    conflicts.append(f"{scheme} {code} in {min(overlap)}–{max(overlap)}: "
                                     f"{a['name']!r} and {b['name']!r} equally attested "
                                     f"(sources {' '.join(a['sids'] + b['sids']) or 'none'}): "
                                     "neither is placed there")
                    a["span"] -= overlap
                    b["span"] -= overlap
                    continue
                win, lose = (a, b) if sa > sb else (b, a)
                claim = " (equally attested: the maintainers' claim decides)" if \
                    sa[:2] == sb[:2] else ""
                conflicts.append(f"{scheme} {code} in {min(overlap)}–{max(overlap)}: "
                                 f"{win['name']!r} kept, {lose['name']!r} is an alias there "
                                 f"(sources {' '.join(lose['sids']) or 'none'}){claim}")
                win.setdefault("scoped_aliases", []).append((lose["name"], set(overlap)))
                printed = sorted(y for y in overlap if a["years"][y] or b["years"][y]) or overlap
                win["notes"].append(f"sources disagree in {'/'.join(map(str, sorted(printed)))}: "
                                    f"also printed as {lose['name']}")
                lose["span"] -= overlap
                if not lose["span"]:
                    win["sids"] += [s for s in lose["sids"] if s not in win["sids"]]
        for g in gs:
            aliases = [v for v in g["variants"] if v != g["name"]] + g["extra_aliases"]
            scoped = g.get("scoped_aliases", [])
            # A name that lost some years to another is an alias in those years only: the
            # span is cut where the set of such aliases changes.
            for lo, hi in runs(sorted(g["span"]), key=lambda y: tuple(
                    n for n, ys in scoped if y in ys)):
                extra = [n for n, ys in scoped if lo in ys]
                out.append(dict(code=code, name=g["name"], valid_from=str(lo), valid_to=str(hi),
                                sources=" ".join(g["sids"]),
                                aliases="|".join(dict.fromkeys(a for a in aliases + extra
                                                               if a != g["name"])),
                                note="; ".join(dict.fromkeys(g["notes"]))))
    return out


def carry_back(code: str, gs: list[dict], then: dict[tuple[str, str], str]) -> None:
    """A name printed for ``code`` by the c.2009 catalog and first attested in a later
    modern year is present in every edition between: carried from the first modern one,
    unless another name of the code is attested before."""
    for g in gs:
        sid = then.get((code, g["key"]))
        if sid is None or not g["attested"] or g["lo"] <= MODERN[0]:
            continue
        first = g["attested"][0]
        if any(y < first for o in gs if o is not g for y in (o["attested"] or [o["lo"]])):
            continue
        g["notes"].append(f"carried from {MODERN[0]} to its first modern attestation ({first}): "
                          f"the c.2009 catalog ({sid}) prints it under this name too")
        g["lo"] = MODERN[0]
        if sid not in g["sids"]:
            g["sids"].append(sid)


def carry_forward(scheme: str, code: str, gs: list[dict],
                  removals: dict[tuple[str, str], tuple[int, str]], conflicts: list[str]) -> None:
    """Carry each name of ``code`` from its last attestation up to the newest edition, or
    to the year before a later source prints another name for the code (a rename) or a
    change notice removes it."""
    for g in gs:
        if not g["attested"]:
            continue  # the maintainers' range alone: kept as stated
        last = g["attested"][-1]
        later = [y for o in gs if o is not g for y in (o["attested"] or [o["lo"]]) if y > last]
        end, why = MODERN[1], "no source shows it removed or renamed"
        if later:
            end, why = min(later) - 1, f"{code} is printed with another name from {min(later)}"
        removal = removals.get((code, g["key"]))
        if removal is not None:
            year, sid = removal
            if year <= last:
                conflicts.append(f"{scheme} {code} {g['name']!r}: removed from {year} by {sid}, "
                                 f"yet printed in {last}: not cut")
            elif year - 1 < end:
                end, why = year - 1, f"removed from {year} ({sid})"
        if end > g["hi"]:
            g["notes"].append(f"carried after its last attestation ({last}) to {end}: {why}")
            g["hi"] = end


def runs(years: list[int], key: Callable[[int], object] = lambda y: None
         ) -> list[tuple[int, int]]:
    """Contiguous runs of sorted years with one ``key``: [2019, 2020, 2023] →
    [(2019, 2020), (2023, 2023)]."""
    out: list[tuple[int, int]] = []
    for y in years:
        if out and out[-1][1] == y - 1 and key(out[-1][0]) == key(y):
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def attach_undated(rows: list[dict[str, str]], att, scheme: str) -> None:
    """Undated sources also attest the historic rows that carry the same code and name."""
    for r in rows:
        for name, year, sid in att.get((scheme, r["code"]), ()):
            if year is None and name_key(name) == name_key(r["name"]) and sid not in r["sources"].split():
                r["sources"] = (r["sources"] + " " + sid).strip()


EDITIONS_HEADER = list(EDITION_FIELDS)
ROW_HEADER = list(ROW_FIELDS)


def editions() -> list[dict[str, str]]:
    out = [
        dict(scheme="function", year="2009", label="支出功能分类科目 (historic, about 2009)",
             approximate="true", completeness="complete",
             compiled="The whole code table of a real local fiscal platform (ELE_BUDGET_SUBJECT); "
                      "dated by content to the 2008–2009 generation, the exact year is not stated "
                      "by the source. Display suffixes such as （人大） dropped from generic 项 names "
                      "and kept as aliases."),
        dict(scheme="dept-economic", year="2009",
             label="支出经济分类科目 (historic unified scheme, about 2009)",
             approximate="true", completeness="complete",
             compiled="The old unified 支出经济分类 of the same fiscal platform "
                      "(ELE_BUDGET_SUBJECT_ITEM), ancestor of today's 部门预算支出经济分类; "
                      "dated by content to about 2009."),
    ]
    for scheme, title in (("function", "支出功能分类科目"), ("dept-economic", "部门预算支出经济分类科目"),
                          ("gov-economic", "政府预算支出经济分类科目"), ("revenue", "收入分类科目")):
        for year in range(MODERN[0], MODERN[1] + 1):
            out.append(dict(
                scheme=scheme, year=str(year), label=f"{year}年{title}", approximate="false",
                completeness="partial",
                compiled="Compiled from real documents (published 部门预算/决算 reports read by "
                         "govaccts.harvest, the seed 部门决算 for 2023), public pages printing the "
                         "code beside its name, and published change notices. A name is carried "
                         "between two attestations (the c.2009 catalog counts as one) and after "
                         "the last one up to the newest edition unless a later source prints "
                         "another name or removes the code; rows from the maintainers' knowledge "
                         "are marked unverified. No complete official file was available."))
    for year in range(2019, LAST_YEAR + 1):
        out.append(dict(
            scheme="accounting", year=str(year), label=f"{year}年政府会计制度会计科目",
            approximate="false", completeness="complete",
            compiled="Every 一级科目 of 《政府会计制度——行政事业单位会计科目和报表》 (财会〔2017〕25号, "
                     "in force from 2019-01-01: 103 一级科目, 77 财务会计 and 26 预算会计), each "
                     "quoted from a full transcription of the standard, 1001–3401 also from a "
                     "public page; with 1615 代建项目 (解释第2号, from 2020) and 1841/1842/3601 "
                     "(PPP 应用指南, from 2021); the 明细 the standard prescribes are uncoded "
                     "details. Sector supplements (林场, 彩票机构, 基层医疗) are left out: their "
                     "codes collide. Amendments after 解释第4号 (2021) were not checked."))
    return out


def render(header: list[str], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


REMOVAL_FIELDS = ["scheme", "code", "name", "year", "sources", "note"]


def read_removals(sources: Sources) -> tuple[dict[str, dict[tuple[str, str], tuple[int, str]]],
                                              list[dict[str, str]]]:
    """Change notices that remove a code: per scheme (code, name key) → (first year
    without it, source id), and the compiled rows of ``removals.csv``."""
    path = EV / "removals.csv"
    by_scheme: dict[str, dict[tuple[str, str], tuple[int, str]]] = defaultdict(dict)
    rows: list[dict[str, str]] = []
    for r in read(path) if path.exists() else []:
        scheme = SCHEME_NAMES.get(r["scheme"], r["scheme"])
        check_quote(r["url"], r["quote"], r["code"], r["name"])
        sid = sources.add("rm-" + hashlib.sha1(r["url"].encode()).hexdigest()[:8] + "-"
                          + r["year"], "change-notice", "change notice removing codes "
                          "(public copy)", r["year"], r["url"], "quotes: " + r["quote"])
        by_scheme[scheme][(r["code"], name_key(r["name"]))] = (int(r["year"]), sid)
        rows.append(dict(scheme=scheme, code=r["code"], name=r["name"], year=r["year"],
                         sources=sid, note="printed: " + r["quote"]))
    return by_scheme, sorted(rows, key=lambda r: (r["scheme"], r["code"], r["year"]))


def build(exclude: frozenset[str] = frozenset(), accounting: bool = True
          ) -> tuple[dict[str, str], list[str]]:
    """Every compiled file by name; ``exclude`` leaves out the harvested pairs of those
    citations (tools/leave_one_out.py), ``accounting=False`` skips the accounting files."""
    sources = Sources()
    sources.add("c2009-function", "fiscal-system-catalog",
                "支出功能分类 code table of a real local fiscal platform (about 2009)", "2009",
                C2009_REF + "03_insertTables.sql", "table ELE_BUDGET_SUBJECT; copy in "
                "catalogs/evidence/reference/c2009-function.csv")
    sources.add("c2009-economic", "fiscal-system-catalog",
                "支出经济分类 code table of a real local fiscal platform (about 2009)", "2009",
                C2009_REF + "04_insertTables.sql", "table ELE_BUDGET_SUBJECT_ITEM; copy in "
                "catalogs/evidence/reference/c2009-economic.csv")
    out_of_range: list[str] = []
    att = collect(sources, out_of_range)
    fragments, no_edition, _ = add_harvested(att, read, CAT, sources.add, check_quote, MODERN,
                                             SCHEME_NAMES, exclude)
    removals, removal_rows = read_removals(sources)
    maintained = read(EV / "maintained.csv")
    conflicts: list[str] = []
    left_out: list[str] = []
    files: dict[str, str] = {}
    hist = {"function": historic("function", EV / "reference" / "c2009-function.csv", sources,
                                 "c2009-function"),
            "dept-economic": historic("dept-economic", EV / "reference" / "c2009-economic.csv",
                                      sources, "c2009-economic")}
    for scheme in ("function", "dept-economic", "gov-economic", "revenue"):
        rows = hist.get(scheme, [])
        attach_undated(rows, att, scheme)
        rows = rows + modern_rows(scheme, att, maintained, conflicts, left_out,
                                  removals.get(scheme), hist.get(scheme, []))
        rows.sort(key=lambda r: (r["code"], int(r["valid_from"])))
        files[f"{scheme}.csv"] = render(ROW_HEADER, rows)
    files["removals.csv"] = render(REMOVAL_FIELDS, removal_rows)
    cited = {sid for text in files.values() for line in text.splitlines()[1:]
             for sid in next(csv.reader([line]))[4].split()}
    acct_left: list[str] = []
    if accounting:
        acct, acct_cited, acct_left = build_accounting(read, CAT, sources.add)
        cited |= acct_cited
        for fname, fields in (("accounting.csv", ROW_HEADER),
                              ("accounting-details.csv", DETAIL_FIELDS),
                              ("accounting-attributes.csv", ATTRIBUTE_FIELDS),
                              ("accounting-links.csv", LINK_FIELDS)):
            files[fname] = render(fields, acct[fname])
    src_fields = list(SOURCE_FIELDS)
    files["sources.csv"] = render(src_fields, [{k: sources.rows[i][k] for k in src_fields}
                                               for i in sorted(sources.rows) if i in cited])
    files["editions.csv"] = render(EDITIONS_HEADER, editions())
    files["evidence/conflicts.md"] = (
        "# Conflicts and rows left out (generated by tools/build_catalogs.py)\n\n"
        "Where two sources print different names for one code in one year, the name with "
        "more attestations in that year (then in all years, then the one maintained.csv "
        "claims) is kept and the other becomes an alias with a note; when both are equally "
        "attested and neither is claimed, neither is placed in those years.\n\n"
        + ("\n".join(f"- {c}" for c in conflicts) or "- none") + "\n\n"
        f"Fragments of names in harvested documents ({len(fragments)}): a printed name that "
        "is only the start or the end of a fuller name printed for the same code, left out "
        "so that it never becomes a catalog name:\n\n"
        + ("\n".join(f"- {c}" for c in fragments) or "- none") + "\n\n"
        "Pairs printed only on undated pages are not placed in any modern edition (they still "
        "back rows that other evidence dates):\n\n"
        + ("\n".join(f"- {c}" for c in left_out) or "- none") + "\n\n"
        "Pairs dated to a year with no edition (govaccts has 2009 and 2019–2026):\n\n"
        + ("\n".join(f"- {c}" for c in out_of_range + no_edition) or "- none") + "\n\n"
        "Accounting 一级科目 of sector supplements, kept as evidence only (their codes collide "
        "with each other or with a general amendment; see evidence/accounting/README.md):\n\n"
        + ("\n".join(f"- {c}" for c in acct_left) or "- none") + "\n")
    return files, conflicts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if catalogs/ is out of date")
    ap.add_argument("--harvest", nargs="+", metavar="PATH",
                    help="first harvest these PDFs or folders again and rewrite "
                         "evidence/harvested/ (needs the PDF reader)")
    args = ap.parse_args()
    if args.harvest:
        print(write_harvested(CAT, args.harvest))
    files, conflicts = build()
    stale = [n for n, text in files.items()
             if not (CAT / n).exists() or (CAT / n).read_text("utf-8") != text]
    if args.check:
        if stale:
            print("catalogs out of date, run tools/build_catalogs.py:", ", ".join(stale))
            return 1
        print(f"catalogs up to date ({len(files)} files)")
        return 0
    for n, text in files.items():
        (CAT / n).write_text(text, "utf-8")
    print(f"wrote {len(files)} files; {len(conflicts)} conflicts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
