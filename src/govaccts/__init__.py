"""govaccts: the Chinese government chart of accounts (政府收支分类科目) as a library."""

from __future__ import annotations

from govaccts.codes import (
    LEVEL_NAMES,
    SCHEMES,
    Scheme,
    get_scheme,
    join_code,
    normalize_code,
    parse_code,
)
from govaccts.errors import (
    AmbiguousNameError,
    AmountError,
    CatalogFileError,
    GovacctsError,
    InvalidCodeError,
    LedgerError,
    Location,
    ReportReadError,
    UnitError,
    UnknownCodeError,
    UnknownEditionError,
    UnknownNameError,
    UnknownSchemeError,
)

from govaccts.amounts import (
    ROUNDING_MODES,
    Amount,
    Unit,
    convert,
    format_amount,
    parse_amount,
    round_amount,
    to_decimal,
)
from govaccts.catalog import Catalog, Entry, NameMatch
from govaccts.catalog_files import load_catalog
from govaccts.evidence import Coverage, EditionInfo, LevelCoverage, Source, SourceKind, Status
from govaccts.history import CatalogDiff, FormerName, Renamed, diff
from govaccts.registry import (
    catalog,
    clear_cache,
    editions,
    register_catalog,
    unregister_catalog,
)

__version__ = "0.1.0"

__all__ = [
    "ROUNDING_MODES",
    "Amount",
    "Catalog",
    "CatalogDiff",
    "Coverage",
    "EditionInfo",
    "Entry",
    "FormerName",
    "LevelCoverage",
    "NameMatch",
    "Renamed",
    "Source",
    "SourceKind",
    "Status",
    "Unit",
    "catalog",
    "clear_cache",
    "convert",
    "diff",
    "editions",
    "format_amount",
    "load_catalog",
    "parse_amount",
    "register_catalog",
    "round_amount",
    "to_decimal",
    "unregister_catalog",
    "LEVEL_NAMES",
    "SCHEMES",
    "AmbiguousNameError",
    "AmountError",
    "CatalogFileError",
    "GovacctsError",
    "InvalidCodeError",
    "LedgerError",
    "Location",
    "ReportReadError",
    "Scheme",
    "UnitError",
    "UnknownCodeError",
    "UnknownEditionError",
    "UnknownNameError",
    "UnknownSchemeError",
    "get_scheme",
    "join_code",
    "normalize_code",
    "parse_code",
]
