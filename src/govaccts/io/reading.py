"""One entry point for reading a report: a folder, its ``manifest.toml`` or seed-style text.

>>> import govaccts
>>> rep = govaccts.example_report()
>>> rep.kind.name, len(rep.tables)
('部门决算', 11)
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from govaccts.catalogs.store import CatalogStore
from govaccts.errors import GovacctsError, Location, ReportReadError
from govaccts.io.folders import read_report_folder
from govaccts.reports.builder import build_report
from govaccts.reports.raw import RawReport
from govaccts.reports.report import Report
from govaccts.reports.spec import ReportKind

__all__ = ["EXAMPLES", "example_report", "read_pdf_files", "read_report"]


def read_report(path: str | Path | Sequence[str | Path], *, encoding: str | None = None,
                strict: bool = False, kind: ReportKind | str | None = None,
                store: CatalogStore | None = None) -> Report:
    """Read a report: a folder / ``manifest.toml``, a text-layer PDF (``.pdf``, needs the
    ``pdf`` extra), a workbook of public tables (``.xlsx``, the ``xlsx`` extra) or
    seed-style text (any other file).

    A report printed in several PDF files is one report when they are given together:
    a list of paths, or a manifest whose ``[report]`` lists them as ``files`` (see
    :func:`read_pdf_files`)."""
    if not isinstance(path, (str, Path)):
        from govaccts.io.pdf.report import read_pdf_report

        raw = read_pdf_report([Path(x) for x in path], kind=kind if isinstance(kind, str) else None)
        return build_report(raw, kind=kind, strict=strict, store=store)
    p = Path(path)
    files = _pdf_files(p) if p.suffix.lower() == ".toml" else None
    if files is not None:
        raw = read_pdf_files(p, files, kind=kind if isinstance(kind, str) else None)
    elif p.is_dir() or p.suffix.lower() == ".toml":
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


def _pdf_files(manifest: Path) -> list[str] | None:
    """The PDF files a manifest's ``[report] files`` lists (``None`` when it lists none:
    a folder of CSV tables)."""
    import tomllib

    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # the folder reader says what is wrong
    files = data.get("report", {}).get("files")
    if isinstance(files, list) and files and all(
            isinstance(f, str) and f.lower().endswith(".pdf") for f in files):
        return files
    return None


def read_pdf_files(manifest: Path, files: Sequence[str], *, kind: str | None = None) -> RawReport:
    """One report printed in several PDF files, as a manifest lists them::

        [report]
        files = ["js_cppcc_2019_budget_text.pdf", "js_cppcc_2019_budget_tables.pdf"]
        kind = "部门预算"          # optional, as are department and year

    Paths are relative to the manifest. What the manifest states overrides what the
    files say."""
    import tomllib

    import attrs

    from govaccts.io.pdf.report import read_pdf_report

    meta = tomllib.loads(manifest.read_text(encoding="utf-8")).get("report", {})
    raw = read_pdf_report([manifest.parent / f for f in files], kind=kind or meta.get("kind"))
    return attrs.evolve(raw, department=meta.get("department", raw.department),
                        year=int(meta.get("year", raw.year)), unit=meta.get("unit", raw.unit))


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
