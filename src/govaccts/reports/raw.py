"""A report as read, before typing: raw tables of printed cells with their lines, the
narrative text and metadata. Readers (:mod:`govaccts.io`) produce it; the builder
(:mod:`govaccts.reports.builder`) turns it into typed tables."""

from __future__ import annotations

import attrs

from govaccts.reports.spec import Layout

__all__ = ["LAYOUTS", "RawReport", "RawTable"]

LAYOUTS = tuple(str(x) for x in Layout)


@attrs.frozen
class RawTable:
    """One printed table as text: a header and rows of cells with their line numbers."""

    id: str
    title: str
    layout: str
    header: tuple[str, ...]
    rows: tuple[tuple[int | None, tuple[str, ...]], ...]
    part: str = ""
    unit: str = "万元"
    notes: tuple[str, ...] = ()
    empty_note: str = ""
    file: str | None = None
    """Where the table was read: a file name relative to the report folder, or the text file."""
    pages: tuple[int, ...] = ()
    """The pages the table is printed on (documents read from PDF)."""
    row_pages: tuple[int | None, ...] = ()
    """The page of each row, parallel to ``rows`` (empty when not read from pages)."""
    row_indents: tuple[int, ...] = ()
    """The indentation of each row's name in characters, parallel to ``rows`` (tables
    that print their hierarchy by indentation; empty when not known)."""
    department: str = ""
    """The department the table's own heading names (``部门名称：…``, ``编制单位：…``), when
    it names one."""
    columns_uncertain: bool = False
    """The reader could not place every printed column (a PDF whose header numbers more
    columns than it read): figures tied to its cells confirm, never refute."""


@attrs.frozen
class RawReport:
    """A report as read: metadata, raw tables, narrative text."""

    kind: str
    department: str
    year: int
    unit: str
    tables: tuple[RawTable, ...]
    narrative: str | None = None
    source: str | None = None
    description: str = ""
    narrative_file: str | None = None
    """Where the narrative was read (relative to a report folder, or the text file)."""
    narrative_line: int = 1
    """The line of ``narrative_file`` on which the narrative text begins."""
    narrative_pages: tuple[tuple[int, int], ...] = ()
    """(page, line on the page) of each line of ``narrative`` (documents read from PDF)."""
    notes: tuple[str, ...] = ()
    """What the reader noted about the report as a whole (text it left out, and why)."""
    narrative_files: tuple[str, ...] = ()
    """The file of each line of ``narrative`` when a report is read from several files
    (parallel to ``narrative_pages``; empty when it comes from one)."""
