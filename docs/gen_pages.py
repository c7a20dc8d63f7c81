"""Pages generated from the data at docs build time: coverage tables and the rule reference."""

from __future__ import annotations

from pathlib import Path

import govaccts
from govaccts.checks import rules


def _table(headers: list[str], rows: list[list[str]]) -> str:
    out = [".. list-table::", "   :header-rows: 1", ""]
    for r in [headers, *rows]:
        out.append("   * - " + (r[0] or "\\ "))
        out += [f"     - {c or chr(92) + ' '}" for c in r[1:]]
    return "\n".join(out) + "\n"


def coverage_rst() -> str:
    lines = ["Every bundled edition, counted from the data files when these docs were built.",
             "*verified* = attested for that year by a cited source; *carried* = attested in",
             "another year only; *unverified* = the maintainers' knowledge, no source;",
             "*leave-one-out* = of the codes real reports of that year print, the share the",
             "edition resolves with the printed name / with another name when built without",
             "the report (see :doc:`harvest`).", ""]
    for scheme in govaccts.SCHEMES:
        years = govaccts.editions(scheme)
        if not years:
            continue
        title = f"{scheme} — {govaccts.SCHEMES[scheme].title}"
        lines += [title, "~" * (len(title) * 2), ""]
        rows = []
        for y in years:
            cat = govaccts.catalog(scheme, y)
            c = cat.coverage()
            names = govaccts.SCHEMES[scheme].level_names
            by = "; ".join(f"{names[lv.level - 1]} {lv.rows}/{lv.verified}"
                           for lv in c.by_level)
            by += "".join(f"; 明细 (level {lv.level}, uncoded) {lv.rows}/{lv.verified}"
                          for lv in c.details)
            loo = c.leave_one_out
            share = "—" if loo is None else (f"{100 * loo.same_share:.1f}% / "
                                             f"{100 * loo.different_share:.1f}% "
                                             f"({_reports(loo.documents)})")
            rows.append([str(y) + (" ≈" if cat.info.approximate else ""), str(c.rows),
                         str(c.verified), str(c.carried), str(c.unverified), by,
                         str(len(c.orphans)), share, cat.info.completeness])
        lines.append(_table(["edition", "rows", "verified", "carried", "unverified",
                             "by level (rows/verified)", "orphans",
                             "leave-one-out: same / other name", "completeness"], rows))
    return "\n".join(lines)


def _csv(name: str) -> list[dict[str, str]]:
    import csv

    path = Path(__file__).resolve().parents[1] / "catalogs" / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


_LOO_COUNTS = ("pairs", "same", "different", "fragment", "missing", "historic_same",
               "historic_other")


def _reports(n: int) -> str:
    return f"{n} report{'s' if n != 1 else ''}"


def harvest_rst() -> str:
    """What the harvest gave (catalogs/evidence/harvested/): documents and pairs by year."""
    import collections

    docs = [d for d in _csv("evidence/harvested/documents.csv")]
    pairs = _csv("evidence/harvested/pairs.csv")
    codes: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    per_doc: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for p in pairs:
        codes[(p["year"], p["scheme"])].add(p["code"])
        per_doc[(p["year"], p["scheme"])].add(p["citation"])
    rows = [[y, s, _reports(len(per_doc[(y, s)])), str(len(codes[(y, s)])),
             str(sum(1 for p in pairs if (p["year"], p["scheme"]) == (y, s)))]
            for y, s in sorted(codes)]
    with_pairs = sum(1 for d in docs if int(d["pairs"]))
    lines = [f"{len(docs)} files read, {with_pairs} with pairs, {len(pairs)} pairs "
             "(one per code, printed name and document); the others: "
             + "; ".join(f"{n} × {why}" for why, n in sorted(collections.Counter(
                 d["problem"] for d in docs if not int(d["pairs"])).items())) + ".", ""]
    return "\n".join(lines) + "\n" + _table(
        ["year", "scheme", "reports", "distinct codes", "pairs"], rows)


def _loo_row(label: str, c: dict[str, int]) -> list[str]:
    n = c["pairs"] - c["fragment"]
    return [label, str(c["pairs"]), str(c["fragment"]), _share(c["same"], n),
            _share(c["different"], n), _share(c["missing"], n),
            _share(c["same"] + c["historic_same"], n), _share(c["historic_other"], n)]


def leave_one_out_rst() -> str:
    """The leave-one-document-out tables (catalogs/leave-one-out.csv): per year and pooled
    for every scheme, per document for the function and dept-economic schemes."""
    rows = _csv("leave-one-out.csv")
    head = ["", "pairs", "fragments", "same name", "other name", "missing",
            "same, with historic fallback", "historic other name"]
    out: list[str] = []
    for scheme in ("function", "dept-economic", "gov-economic", "revenue"):
        mine = [r for r in rows if r["scheme"] == scheme]
        if not mine:
            continue
        per_year: dict[str, dict[str, int]] = {}
        for r in mine:
            acc = per_year.setdefault(r["year"], dict.fromkeys(_LOO_COUNTS, 0))
            for k in _LOO_COUNTS:
                acc[k] += int(r[k])
        pooled = {k: sum(c[k] for c in per_year.values()) for k in _LOO_COUNTS}
        title = f"{scheme}: per year and pooled"
        out += [title, "~" * (len(title) * 2), ""]
        out.append(_table(head, [_loo_row(f"{y} ({_reports(sum(1 for r in mine if r['year'] == y))})", c)
                                 for y, c in sorted(per_year.items())]
                          + [_loo_row(f"pooled ({_reports(len(mine))})", pooled)]))
        if scheme in ("function", "dept-economic"):
            title = f"{scheme}: per document"
            out += [title, "~" * (len(title) * 2), ""]
            out.append(_table(["report (year)", *head[1:]], [
                _loo_row(f"{r['file']} ({r['year']})", {k: int(r[k]) for k in _LOO_COUNTS})
                for r in sorted(mine, key=lambda r: (r["year"], r["file"]))]))
    return "\n".join(out)


def historic_names_rst() -> str:
    """How often the c.2009 name is the name printed today (catalogs/historic-names.csv)."""
    rows = _csv("historic-names.csv")
    return _table(["scheme", "level", "code–name pairs printed 2019–2026", "codes in c.2009",
                   "same name", "other name", "same share"],
                  [[r["scheme"], govaccts.SCHEMES[r["scheme"]].level_names[int(r["level"]) - 1],
                    r["pairs"], r["in_c2009"], r["same_name"], r["other_name"],
                    _share(int(r["same_name"]), int(r["in_c2009"]))] for r in rows])


def rules_rst() -> str:
    out = []
    for r in rules():
        title = f"``{r.id}`` — {r.title_en}"
        out += [title, "-" * (len(title) * 2), "", f"{r.title_zh}. Scope: {r.scope}.", "",
                " ".join((r.description or "").split()), ""]
    return "\n".join(out)


def write_generated(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in (("coverage.rst", coverage_rst()), ("rules.rst", rules_rst()),
                       ("leave-one-out.rst", leave_one_out_rst()),
                       ("harvest.rst", harvest_rst()),
                       ("historic-names.rst", historic_names_rst())):
        p = folder / name
        if not p.exists() or p.read_text("utf-8") != text:
            p.write_text(text, "utf-8")
