"""Compile the accounting scheme (政府会计制度 会计科目) from ``catalogs/evidence/accounting/``.

Called by ``tools/build_catalogs.py``; writes four files:

* ``accounting.csv`` — the 一级科目 of every edition (the standard's 103, and the general
  amendments with their effective year), in the common row format; ``note`` quotes the
  printed row (``序号 | 科目编号 | 科目名称``).
* ``accounting-details.csv`` — the 明细科目 the standard prescribes, uncoded: keyed by the
  一级 code, the path of 明细 names above (``[…]`` marks a per-unit dimension such as each
  基建项目) and the name; ``note`` quotes the sentence that prescribes them.
* ``accounting-attributes.csv`` — per 一级科目: element, normal side and the basis of the
  side (``stated`` by a quoted balance sentence, ``element`` when the account is closed at
  period end and its side follows its element, ``both-signs`` when its own text admits
  either sign).
* ``accounting-links.csv`` — which budget classification an account's 明细 run by.

Sector supplements (林场, 彩票机构, 基层医疗卫生机构) add 一级科目 whose codes collide with
each other and with the PPP amendment (1841, 2308): they stay in the evidence and are
listed in ``evidence/conflicts.md``; a unit that uses them loads its own catalog.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

EV_DIR = Path("evidence") / "accounting"
LAST_YEAR = 2026
DETAIL_FIELDS = ["parent", "path", "name", "valid_from", "valid_to", "sources", "normal_side",
                 "note"]
ATTRIBUTE_FIELDS = ["code", "element", "normal_side", "side_basis", "sources", "evidence"]
LINK_FIELDS = ["code", "runs_by", "sources", "quote"]
ELEMENT_SIDE = {"资产": "借", "费用": "借", "预算支出": "借",
                "负债": "贷", "净资产": "贷", "收入": "贷", "预算收入": "贷"}
"""The side an element accumulates on (借贷记账法), for accounts closed at period end."""
# Accounts whose own text admits a balance of either sign, or that are closed at year end
# with entries both ways (净资产 and 预算结余 closing accounts): 借或贷.
BOTH_SIGNS = {"3001", "3201", "3302", "3401", "3501", "8401", "8501", "8701"}
SOURCE_KIND = {"zfkj-std": "standard", "js2-2019-24": "standard", "ppp-guide": "standard",
               "airgaap-no1p2": "public-page", "acc5-6001": "public-page"}
"""Kind of each cited source; a ``standard`` attests its rows from ``year`` (in force from)."""
IN_FORCE = {"zfkj-std": "2019", "js2-2019-24": "2020", "ppp-guide": "2021", "acc5-6001": "2019",
            "airgaap-no1p2": ""}
_UNDER = re.compile(r"(?:sits )?under (?:the )?(?P<name>[^;\s]+?)(?: 明细)?(?:;|$)")
_REPO = re.compile(r"^(?P<repo>[^@]+)@(?P<commit>[0-9a-f]{40}):(?P<path>.+)$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _fail(msg: str) -> SystemExit:
    return SystemExit(f"evidence error (accounting): {msg}")


def _address(ref: str) -> str:
    m = _REPO.match(ref)
    if m is None:
        return ref
    return f"https://github.com/{m['repo']}/blob/{m['commit']}/{m['path']}"


def build_accounting(read: Callable[[Path], list[dict[str, str]]], cat: Path,
                     add_source: Callable[..., str]) -> tuple[dict[str, list[dict[str, str]]],
                                                               set[str], list[str]]:
    """(file name → rows, cited source ids, lines for conflicts.md)."""
    ev = cat / EV_DIR
    accounts = read(ev / "accounts.csv")
    links = read(ev / "links.csv")
    for s in read(ev / "sources.csv"):
        if s["id"] in SOURCE_KIND:
            add_source(s["id"], SOURCE_KIND[s["id"]], s["title"], IN_FORCE[s["id"]],
                       _address(s["url_or_citation"]), " ".join(s["note"].split()))
    level1: dict[str, dict[str, str]] = {}
    rows, attrs_, details, left = [], [], [], []
    for r in accounts:
        if r["status"] != "verified":
            raise _fail(f"{r['code'] or r['name']}: status {r['status']!r}")
        if r["level"] != "1":
            continue
        if r["source_id"] not in SOURCE_KIND:
            left.append(f"accounting {r['code']} {r['name']} ({r['source_id']}): sector "
                        f"supplement, not in the scheme — {r['note'].split(';')[0]}")
            continue
        if r["code"] in level1:
            raise _fail(f"{r['code']} twice in the scheme")
        q, n = _norm(r["quote"]), _norm(r["name"])
        if r["code"] not in q or n not in q:
            raise _fail(f"the quote for {r['code']} {r['name']} does not show both: {r['quote']!r}")
        level1[r["code"]] = r
        sids = [r["source_id"]]
        if "airgaap-no1p2" in r["note"]:
            sids.append("airgaap-no1p2")
        if r["code"] == "6001":
            sids.append("acc5-6001")
        rows.append(dict(code=r["code"], name=r["name"], valid_from=r["valid_from"],
                         valid_to=str(LAST_YEAR), sources=" ".join(sids), aliases="",
                         note=f"printed: “{r['quote']}”; range: in force from "
                              f"{r['valid_from']}, no later source seen removes it"))
        side, basis, evidence = _side(r)
        attrs_.append(dict(code=r["code"], element=r["element"], normal_side=side,
                           side_basis=basis, sources=r["source_id"], evidence=evidence))
    seen: set[tuple[str, str, str]] = set()
    for r in accounts:
        if r["level"] == "1":
            continue
        parent = level1.get(r["parent"])
        if parent is None:
            raise _fail(f"明细 {r['name']} under unknown 一级 {r['parent']}")
        if _norm(r["name"]) not in _norm(r["quote"]):
            raise _fail(f"the quote for 明细 {r['parent']} {r['name']} does not show it")
        path = ""
        if r["level"] == "3":
            m = _UNDER.search(r["note"])
            if m is None:
                raise _fail(f"level-3 明细 {r['parent']} {r['name']}: note names no 明细 above")
            path = m["name"]
            if (r["parent"], "", path) not in seen:
                path = f"[{path}]"  # a per-unit dimension (each 基建项目), not a named 明细
        key = (r["parent"], path, r["name"])
        if key in seen:
            raise _fail(f"明细 {'/'.join(k for k in key if k)} twice")
        seen.add(key)
        details.append(dict(parent=r["parent"], path=path, name=r["name"],
                            valid_from=r["valid_from"] or parent["valid_from"],
                            valid_to=str(LAST_YEAR), sources=r["source_id"],
                            normal_side=r["normal_side"],
                            note=f"printed: “{r['quote']}”" + (f"; {r['note']}" if r["note"]
                                                                else "")))
    out_links = []
    for r in links:
        if r["code"] not in level1:
            raise _fail(f"link for unknown 一级 {r['code']}")
        out_links.append(dict(code=r["code"], runs_by=r["runs_by"], sources=r["source_id"],
                              quote=r["quote"]))
    rows.sort(key=lambda r: r["code"])
    attrs_.sort(key=lambda r: r["code"])
    cited = {s for f in (rows, details, attrs_, out_links) for r in f for s in r["sources"].split()}
    return ({"accounting.csv": rows, "accounting-details.csv": details,
             "accounting-attributes.csv": attrs_, "accounting-links.csv": out_links},
            cited, left)


def _side(r: dict[str, str]) -> tuple[str, str, str]:
    """(normal side, basis, evidence) of one 一级科目 row."""
    note = r["note"]
    quote = re.search(r"“([^”]*)”", note)
    said = quote.group(1) if quote else ""
    if r["normal_side"]:
        return r["normal_side"], "stated", said
    if r["code"] in BOTH_SIGNS:
        return "借或贷", "both-signs", said
    if r["element"] in ("收入", "费用", "预算收入", "预算支出", "资产"):
        return (ELEMENT_SIDE[r["element"]], "element",
                f"{said} — closed at period end; side of its element ({r['element']})")
    raise _fail(f"{r['code']}: no side stated and no rule for element {r['element']}")
