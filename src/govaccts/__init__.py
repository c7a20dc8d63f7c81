"""govaccts: the Chinese government chart of accounts (政府收支分类科目) as a library."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import govaccts.checks.narrative  # noqa: F401  (registers the narrative rules)
from govaccts.amounts import (
    ROUNDING_MODES,
    Amount,
    Unit,
    convert,
    exact_sum,
    format_amount,
    parse_amount,
    round_amount,
    to_decimal,
)
from govaccts.catalogs.codes import (
    LEVEL_NAMES,
    SCHEMES,
    Scheme,
    ancestor_codes,
    get_scheme,
    join_code,
    level_of,
    normalize_code,
    parent_code,
    parse_code,
    split_code,
)
from govaccts.catalogs.entries import Catalog, Entry, NameMatch
from govaccts.catalogs.evidence import (
    Coverage,
    EditionInfo,
    LevelCoverage,
    Source,
    SourceKind,
    Status,
)
from govaccts.catalogs.files import load_catalog
from govaccts.catalogs.history import CatalogDiff, FormerName, Renamed, diff
from govaccts.catalogs.store import (
    catalog,
    clear_cache,
    editions,
    register_catalog,
    unregister_catalog,
)
from govaccts.checks import (
    Context,
    Identity,
    Ref,
    Rule,
    check_table,
    register_rule,
    rule,
    rules,
    unregister_rule,
)
from govaccts.checks.findings import (
    CellRef,
    Finding,
    Severity,
    filter_findings,
    finding_from_dict,
    finding_to_dict,
    findings_from_json,
    findings_to_json,
    render_text,
    summarize,
)
from govaccts.checks.tolerance import Mode, SumResult, check_sum
from govaccts.errors import (
    AmbiguousNameError,
    AmountError,
    CatalogFileError,
    GovacctsError,
    InvalidCodeError,
    LedgerError,
    Location,
    ReportReadError,
    RuleError,
    UnitError,
    UnknownCodeError,
    UnknownEditionError,
    UnknownNameError,
    UnknownSchemeError,
)
from govaccts.io.tables import (
    parse_table,
    read_table,
    table_from_json,
    table_to_csv,
    table_to_json,
)
from govaccts.ledger.rounding import round_preserving_sums
from govaccts.ledger.table import TOTAL, LedgerTable, Problem, Rollup, Row
from govaccts.reports.final_accounts import (
    FinalAccountsReport,
    build_report,
    check_report,
    example_report,
    identify_table,
    read_report,
)

__version__ = "0.1.0"


def check(target: LedgerTable | FinalAccountsReport, *, mode: Mode | str = Mode.HALF_UP,
          rules: Iterable[str] | str | None = None,
          identities: Sequence[Identity | str] = ()) -> list[Finding]:
    """Check a report or a single table; every finding, sorted (errors first).

    >>> import govaccts
    >>> summarize(check(example_report(), rules=["sum.", "equal."]))["error"]  # tables add up
    0
    >>> summarize(check(example_report()))["error"]       # the narrative has real defects
    18
    """
    if isinstance(target, FinalAccountsReport):
        if identities:
            raise RuleError("identities= applies to a single table; a report brings its own")
        return check_report(target, mode=mode, rules=rules)
    if not isinstance(target, LedgerTable):
        raise GovacctsError(f"check() takes a LedgerTable or a FinalAccountsReport, "
                            f"not {type(target).__name__}")
    return check_table(target, mode=mode, rules=rules, identities=identities)

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
    "Context",
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
    "Rollup",
    "Row",
    "Rule",
    "RuleError",
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
    "ancestor_codes",
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
    "exact_sum",
    "example_report",
    "filter_findings",
    "finding_from_dict",
    "finding_to_dict",
    "findings_from_json",
    "findings_to_json",
    "format_amount",
    "get_scheme",
    "identify_table",
    "join_code",
    "level_of",
    "load_catalog",
    "normalize_code",
    "parent_code",
    "parse_amount",
    "parse_code",
    "parse_table",
    "read_report",
    "read_table",
    "register_catalog",
    "register_rule",
    "render_text",
    "round_amount",
    "round_preserving_sums",
    "rule",
    "rules",
    "split_code",
    "summarize",
    "table_from_json",
    "table_to_csv",
    "table_to_json",
    "to_decimal",
    "unregister_catalog",
    "unregister_rule",
]
