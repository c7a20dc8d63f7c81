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
             "another year only; *unverified* = the maintainers' knowledge, no source.", ""]
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
            rows.append([str(y) + (" ≈" if cat.info.approximate else ""), str(c.rows),
                         str(c.verified), str(c.carried), str(c.unverified), by,
                         str(len(c.orphans)), cat.info.completeness])
        lines.append(_table(["edition", "rows", "verified", "carried", "unverified",
                             "by level (rows/verified)", "orphans", "completeness"], rows))
    return "\n".join(lines)


def rules_rst() -> str:
    out = []
    for r in rules():
        title = f"``{r.id}`` — {r.title_en}"
        out += [title, "-" * (len(title) * 2), "", f"{r.title_zh}. Scope: {r.scope}.", "",
                " ".join((r.description or "").split()), ""]
    return "\n".join(out)


def write_generated(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in (("coverage.rst", coverage_rst()), ("rules.rst", rules_rst())):
        p = folder / name
        if not p.exists() or p.read_text("utf-8") != text:
            p.write_text(text, "utf-8")
