"""One entry point for reading a report: a folder, its ``manifest.toml`` or seed-style text.

>>> import govaccts
>>> rep = govaccts.example_report()
>>> rep.kind.name, len(rep.tables)
('部门决算', 11)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from govaccts.catalogs.store import CatalogStore
from govaccts.errors import GovacctsError, Location, ReportReadError
from govaccts.io.folders import read_report_folder
from govaccts.reports.builder import build_report
from govaccts.reports.report import Report
from govaccts.reports.spec import ReportKind

__all__ = ["EXAMPLES", "example_report", "read_report"]


def read_report(path: str | Path, *, encoding: str | None = None, strict: bool = False,
                kind: ReportKind | str | None = None,
                store: CatalogStore | None = None) -> Report:
    """Read a report: a folder / ``manifest.toml``, a text-layer PDF (``.pdf``, needs the
    ``pdf`` extra), a workbook of public tables (``.xlsx``, the ``xlsx`` extra) or seed-style
    text (any other file)."""
    p = Path(path)
    if p.is_dir() or p.suffix.lower() == ".toml":
        raw = read_report_folder(p, encoding=encoding)
    elif p.suffix.lower() == ".xlsx":
        from govaccts.io.xlsx import read_xlsx_report

        raw = read_xlsx_report(p, kind=kind if isinstance(kind, str) else None)
    elif p.suffix.lower() == ".pdf":
        from govaccts.io.pdf.report import read_pdf_report

        raw = read_pdf_report(p, kind=kind if isinstance(kind, str) else None)
    elif p.is_file():
        from govaccts.io.seed_text import read_report_text

        raw = read_report_text(p, encoding=encoding)
    else:
        raise ReportReadError("no such file or folder", location=Location(file=str(p)))
    return build_report(raw, kind=kind, strict=strict, store=store)


EXAMPLES = {"hetang-2023": "hetang_2023"}
"""Bundled example reports: name → folder under ``govaccts/examples``."""


def example_report(name: str = "hetang-2023") -> Report:
    """A bundled real report, read from its folder inside the installed package."""
    try:
        folder = EXAMPLES[name]
    except KeyError:
        raise GovacctsError(f"no example {name!r} (examples: {', '.join(EXAMPLES)})") from None
    res = resources.files("govaccts").joinpath("examples", folder)
    with resources.as_file(res) as p:
        return read_report(p)
