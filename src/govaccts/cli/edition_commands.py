"""The commands about editions as a whole: ``diff`` (two editions) and ``catalogs`` (all)."""

from __future__ import annotations

import argparse

from govaccts.catalogs.codes import LEVEL_NAMES, SCHEMES, get_scheme
from govaccts.catalogs.evidence import LeaveOneOut
from govaccts.catalogs.history import diff
from govaccts.catalogs.store import catalog, editions
from govaccts.cli.payloads import _brief, _edition, _level_name, _scheme_name
from govaccts.cli.plumbing import EXIT_OK, Command, Payload, _add_scheme, _year, emit
from govaccts.cli.textwidth import render_table


# -- diff --------------------------------------------------------------------------
def _args_diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("old_year", type=_year, metavar="OLD_YEAR")
    p.add_argument("new_year", type=_year, metavar="NEW_YEAR")
    _add_scheme(p)


def _cmd_diff(args: argparse.Namespace) -> int:
    """Codes added, removed (with the evidence), renamed and not attested between two
    editions of one scheme."""
    scheme = _scheme_name(args.scheme)
    old, new = catalog(scheme, args.old_year), catalog(scheme, args.new_year)
    d = diff(old, new)
    notes: list[str] = []
    partial = [c.year for c in (old, new) if c.info.completeness == "partial"]
    if partial:
        years = " and ".join(str(y) for y in partial)
        verb = "is a partial edition" if len(partial) == 1 else "are partial editions"
        notes.append(f"{scheme} {years} {verb}: a code is removed only when a source says so; "
                     "one the newer edition merely lacks evidence for is not attested, and "
                     "one listed as added may only have been attested first there")
    for c in (old, new):
        if c.info.approximate:
            notes.append(f"{scheme} {c.year} is dated approximately ({c.info.label})")
    payload: Payload = {
        "scheme": scheme, "old_year": old.year, "new_year": new.year,
        "old_edition": _edition(old), "new_edition": _edition(new),
        "added": [_brief(e) for e in d.added],
        "removed": [{**_brief(r.entry), "evidence": r.evidence,
                     "sources": [s.id for s in r.sources]} for r in d.removed],
        "renamed": [{"code": r.code, "level_name": _level_name(r.code, scheme), "old_name": r.old_name,
                     "new_name": r.new_name, "cosmetic": r.cosmetic} for r in d.renamed],
        "not_attested": [_brief(e) for e in d.not_attested],
        "notes": notes,
    }
    emit(args, payload, _render_diff)
    return EXIT_OK


def _render_diff(p: Payload) -> str:
    renamed, added, removed = p["renamed"], p["added"], p["removed"]
    unattested = p["not_attested"]
    cosmetic = sum(r["cosmetic"] for r in renamed)
    lines = [f"{p['scheme']} {p['old_year']} → {p['new_year']}: {len(added)} added, "
             f"{len(removed)} removed, {len(renamed)} renamed ({cosmetic} cosmetic), "
             f"{len(unattested)} not attested"]
    if renamed:
        lines += ["", f"renamed ({len(renamed)})", render_table(
            ["code", "level", "old name", "", "new name", "change"],
            [[r["code"], r["level_name"], r["old_name"], "→", r["new_name"],
              "cosmetic" if r["cosmetic"] else "renamed"] for r in renamed])]
    if added:
        lines += ["", f"added ({len(added)})", render_table(
            ["code", "level", "name", "status"],
            [[e["code"], e["level_name"], e["name"], e["status"]] for e in added])]
    if removed:
        lines += ["", f"removed ({len(removed)})", render_table(
            ["code", "level", "name", "evidence"],
            [[e["code"], e["level_name"], e["name"], e["evidence"]] for e in removed])]
    if unattested:
        lines += ["", f"not attested in {p['new_year']} ({len(unattested)}): no source says "
                  "they were removed", render_table(
                      ["code", "level", "name", "status"],
                      [[e["code"], e["level_name"], e["name"], e["status"]] for e in unattested])]
    if p["notes"]:
        lines.append("")
        lines += [f"note: {n}" for n in p["notes"]]
    return "\n".join(lines)


# -- catalogs ----------------------------------------------------------------------
def _args_catalogs(p: argparse.ArgumentParser) -> None:
    _add_scheme(p)


def _cmd_catalogs(args: argparse.Namespace) -> int:
    """Every edition: label, rows, verified/carried/unverified by level, orphans, completeness."""
    schemes = [get_scheme(args.scheme).name] if args.scheme else list(SCHEMES)
    out: list[Payload] = []
    for s in schemes:
        for y in editions(s):
            cat = catalog(s, y)
            cov = cat.coverage()
            out.append({
                **_edition(cat), "rows": cov.rows, "verified": cov.verified,
                "carried": cov.carried, "unverified": cov.unverified,
                "levels": SCHEMES[s].levels,
                "by_level": [{"level": lv.level, "level_name": LEVEL_NAMES[lv.level],
                              "rows": lv.rows, "verified": lv.verified, "carried": lv.carried,
                              "unverified": lv.unverified} for lv in cov.by_level],
                "orphans": len(cov.orphans),
                "leave_one_out": _leave_one_out(cov.leave_one_out),
            })
    emit(args, {"editions": out}, _render_catalogs)
    return EXIT_OK


def _leave_one_out(loo: LeaveOneOut | None) -> Payload | None:
    if loo is None:
        return None
    return {"documents": loo.documents, "pairs": loo.pairs, "same": loo.same,
            "different": loo.different, "fragments": loo.fragments, "missing": loo.missing,
            "historic_same": loo.historic_same, "historic_other": loo.historic_other,
            "same_share": round(loo.same_share, 4),
            "different_share": round(loo.different_share, 4)}


def _loo_cell(loo: Payload | None) -> str:
    if loo is None:
        return "—"
    return (f"{100 * loo['same_share']:.1f}%/{100 * loo['different_share']:.1f}% "
            f"({loo['documents']})")


def _render_catalogs(p: Payload) -> str:
    eds = p["editions"]
    if not eds:
        return "no editions"
    nlevels = max(e["levels"] for e in eds)
    headers = ["scheme", "year", "rows", "verified", "carried", "unverified",
               *(LEVEL_NAMES[i] for i in range(1, nlevels + 1)),
               "orphans", "leave-one-out", "completeness", "dating", "label"]
    rows: list[list[object]] = []
    for e in eds:
        by = {lv["level"]: lv for lv in e["by_level"]}
        cells: list[object] = []
        for i in range(1, nlevels + 1):
            lv = by.get(i)
            if i > e["levels"]:
                cells.append("")
            elif lv is None:
                cells.append("0/0/0")
            else:
                cells.append(f"{lv['verified']}/{lv['carried']}/{lv['unverified']}")
        rows.append([e["scheme"], e["year"], e["rows"], e["verified"], e["carried"],
                     e["unverified"], *cells, e["orphans"], _loo_cell(e["leave_one_out"]),
                     e["completeness"], "approximate" if e["approximate"] else "exact",
                     e["label"]])
    align = ["<", ">", ">", ">", ">", ">", *([">"] * nlevels), ">", ">", "<", "<", "<"]
    return "\n".join([
        render_table(headers, rows, align=align), "",
        f"{'/'.join(LEVEL_NAMES[i] for i in range(1, nlevels + 1))}: verified/carried/"
        "unverified rows of that level; orphans: rows whose parent is not in the edition",
        "leave-one-out: of the codes printed by real reports of that year, the share this "
        "edition resolves with the printed name / with another name when built without the "
        "report (number of reports; tools/leave_one_out.py)",
    ])


EDITION_COMMANDS = (
    Command("diff", "codes added, removed and renamed between two editions", _args_diff, _cmd_diff),
    Command("catalogs", "every edition with its evidence coverage", _args_catalogs, _cmd_catalogs),
)
"""The commands of this module, in ``--help`` order."""
