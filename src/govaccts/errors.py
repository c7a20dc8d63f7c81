"""One hierarchy of typed errors, each naming the input that caused it.

Every error the library raises on bad input is a :class:`GovacctsError`; most
also subclass the matching built-in (``KeyError``, ``ValueError``) so callers
that already catch those keep working.

>>> import govaccts
>>> try:
...     govaccts.catalog("function", 2023)["9999999"]
... except govaccts.UnknownCodeError as exc:
...     print(exc)
unknown code '9999999' in function 2023 (a partial edition: see govaccts.load_catalog)
"""

from __future__ import annotations

from govaccts._frozen import frozen

TYPE_CHECKING = False  # not typing's: a first catalog lookup imports neither typing nor attrs
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


@frozen
class Location:
    """Where an input came from: file, page, line, table, row and column, as known.

    ``line`` is the line in the file, or on the ``page`` when a page is given (PDF).

    >>> str(Location(file="t05.csv", line=7, column="基本支出"))
    't05.csv:7 [基本支出]'
    >>> str(Location(file="r.pdf", page=12, line=7, table="公开05", row="2010101", column="基本支出"))
    'r.pdf p.12:7 公开05 row 2010101 [基本支出]'
    """

    file: str | None = None
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        head = self.file or ""
        if self.page is not None:
            head = f"{head} p.{self.page}" if head else f"p.{self.page}"
        if self.line is not None:
            head = f"{head}:{self.line}" if head else f"line {self.line}"
        if head:
            parts.append(head)
        if self.table:
            parts.append(self.table)
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"[{self.column}]")
        return " ".join(parts) if parts else "<unknown location>"


class GovacctsError(Exception):
    """Base class of every error raised by govaccts on bad input.

    ``location`` names where the bad input was, when it came from a file or table.
    """

    location: Location | None = None

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(message)

    def __str__(self) -> str:
        if self.location is not None:
            return f"{self.location}: {self.message}"
        return self.message


class InvalidCodeError(GovacctsError, ValueError):
    """A code string is malformed: not digits, wrong length, wrong leading digit."""

    def __init__(self, code: object, reason: str, *, scheme: str | None = None,
                 location: Location | None = None) -> None:
        self.code = code
        self.reason = reason
        self.scheme = scheme
        where = f" for scheme {scheme}" if scheme else ""
        super().__init__(f"invalid code {code!r}{where}: {reason}", location=location)


class UnknownCodeError(GovacctsError, KeyError):
    """A well-formed code that the catalog edition does not contain."""

    def __init__(self, code: str, scheme: str, year: int, *,
                 location: Location | None = None) -> None:
        self.code = code
        self.scheme = scheme
        self.year = year
        super().__init__(f"unknown code {code!r} in {scheme} {year}", location=location)

    __str__ = GovacctsError.__str__


class UnknownSchemeError(GovacctsError, ValueError):
    """A scheme name that govaccts does not know."""


class UnknownEditionError(GovacctsError, LookupError):
    """No catalog edition for that scheme and year."""

    def __init__(self, scheme: str, year: object, available: Sequence[int]) -> None:
        self.scheme = scheme
        self.year = year
        self.available = tuple(available)
        years = ", ".join(str(y) for y in self.available) or "none"
        super().__init__(f"no {scheme} edition for {year!r} (available: {years})")


class UnknownNameError(GovacctsError, KeyError):
    """A name that resolves to no entry of the catalog edition."""

    def __init__(self, name: str, scheme: str, year: int, hint: str = "") -> None:
        self.name = name
        self.scheme = scheme
        self.year = year
        extra = f" ({hint})" if hint else ""
        super().__init__(f"no entry named {name!r} in {scheme} {year}{extra}")

    __str__ = GovacctsError.__str__


class AmbiguousNameError(GovacctsError, LookupError):
    """A name that several entries carry; pass ``parent=`` or use ``resolve_all``."""

    def __init__(self, name: str, codes: Sequence[str]) -> None:
        self.name = name
        self.codes = tuple(codes)
        super().__init__(
            f"name {name!r} is ambiguous: {len(self.codes)} entries "
            f"({', '.join(self.codes)}); give a parent code or name"
        )


class CatalogFileError(GovacctsError, ValueError):
    """A catalog data file is corrupt, truncated or inconsistent."""


class AmountError(GovacctsError, ValueError):
    """Amount text (or object) that is not an exact decimal amount."""

    def __init__(self, value: object, reason: str, *, location: Location | None = None) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"invalid amount {value!r}: {reason}", location=location)


class UnitError(GovacctsError, ValueError):
    """An unknown unit or rounding mode."""


class LedgerError(GovacctsError, ValueError):
    """A table that cannot be built: bad row, bad column, duplicate, unknown code.

    ``problems`` holds every problem as data when a strict build refuses a table (each with
    its own location), not only the text that lists them.
    """

    problems: tuple[Any, ...] = ()


class RuleError(GovacctsError, ValueError):
    """An unknown rule id, a rule registered twice, or a malformed identity."""


class ReportReadError(GovacctsError, ValueError):
    """A report (folder, manifest, seed-style text) that cannot be read."""


class ModeError(GovacctsError, ValueError):
    """An unknown tolerance mode (known: exact, interval, half-up)."""
