"""govaccts: the Chinese government chart of accounts (政府收支分类科目) as a library."""

from __future__ import annotations

import govaccts.narrative  # noqa: F401  (registers the narrative rules)
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
from govaccts.checks import (
    Identity,
    Ref,
    Rule,
    check_table,
    register_rule,
    rule,
    rules,
    unregister_rule,
)
from govaccts.codes import (
    LEVEL_NAMES,
    SCHEMES,
    Scheme,
    get_scheme,
    join_code,
    normalize_code,
    parse_code,
)
from govaccts.controlled_rounding import round_preserving_sums
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
from govaccts.evidence import Coverage, EditionInfo, LevelCoverage, Source, SourceKind, Status
from govaccts.final_accounts import (
    FinalAccountsReport,
    build_report,
    check_report,
    example_report,
    identify_table,
    read_report,
)
from govaccts.findings import (
    CellRef,
    Finding,
    Severity,
    filter_findings,
    findings_to_json,
    render_text,
    summarize,
)
from govaccts.history import CatalogDiff, FormerName, Renamed, diff
from govaccts.ledger import TOTAL, LedgerTable, Problem, Row
from govaccts.registry import (
    catalog,
    clear_cache,
    editions,
    register_catalog,
    unregister_catalog,
)
from govaccts.tolerance import Mode, SumResult, check_sum

__version__ = "0.1.0"


def check(target: LedgerTable | FinalAccountsReport, *, mode: Mode | str = Mode.HALF_UP,
          rules: list[str] | None = None) -> list[Finding]:
    """Check a report or a single table; every finding, sorted (errors first).

    >>> import govaccts
    >>> summarize(check(example_report(), rules=["sum.", "equal."]))["error"]  # tables add up
    0
    >>> summarize(check(example_report()))["error"]       # the narrative has real defects
    18
    """
    if isinstance(target, FinalAccountsReport):
        return check_report(target, mode=mode, rules=rules)
    return check_table(target, mode=mode, rules=rules)

__all__ = [
    "LEVEL_NAMES",
    "ROUNDING_MODES",
    "SCHEMES",
    "TOTAL",
    "AmbiguousNameError",
    "Amount",
    "AmountError",
    "Catalog",
    "CatalogDiff",
    "CatalogFileError",
    "CellRef",
    "Coverage",
    "EditionInfo",
    "Entry",
    "FinalAccountsReport",
    "Finding",
    "FormerName",
    "GovacctsError",
    "Identity",
    "InvalidCodeError",
    "LedgerError",
    "LedgerTable",
    "LevelCoverage",
    "Location",
    "Mode",
    "NameMatch",
    "Problem",
    "Ref",
    "Renamed",
    "ReportReadError",
    "Row",
    "Rule",
    "Scheme",
    "Severity",
    "Source",
    "SourceKind",
    "Status",
    "SumResult",
    "Unit",
    "UnitError",
    "UnknownCodeError",
    "UnknownEditionError",
    "UnknownNameError",
    "UnknownSchemeError",
    "build_report",
    "catalog",
    "check",
    "check_report",
    "check_sum",
    "check_table",
    "clear_cache",
    "convert",
    "diff",
    "editions",
    "example_report",
    "filter_findings",
    "findings_to_json",
    "format_amount",
    "get_scheme",
    "identify_table",
    "join_code",
    "load_catalog",
    "normalize_code",
    "parse_amount",
    "parse_code",
    "read_report",
    "register_catalog",
    "register_rule",
    "render_text",
    "round_amount",
    "round_preserving_sums",
    "rule",
    "rules",
    "summarize",
    "to_decimal",
    "unregister_catalog",
    "unregister_rule",
]
