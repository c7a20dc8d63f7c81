"""govaccts: the Chinese government chart of accounts (政府收支分类科目) as a library.

Every public name is importable from here; each is imported from its module when it is
first used (PEP 562), so ``import govaccts`` loads nothing else and a first lookup loads
only what it needs.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: so `import govaccts` imports no other module at all
if TYPE_CHECKING:
    from typing import Any

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
        scheme_of,
        split_code,
    )
    from govaccts.catalogs.entries import (
        Catalog,
        Entry,
        NameMatch,
    )
    from govaccts.catalogs.evidence import (
        Coverage,
        EditionInfo,
        LevelCoverage,
        Source,
        SourceKind,
        Status,
    )
    from govaccts.catalogs.files import load_catalog
    from govaccts.catalogs.history import (
        CatalogDiff,
        FormerName,
        Renamed,
        diff,
    )
    from govaccts.catalogs.store import (
        CatalogStore,
        catalog,
        clear_cache,
        default_store,
        editions,
        register_catalog,
        unregister_catalog,
    )
    from govaccts.checks import (
        Context,
        Rule,
        RuleRegistry,
        RuleScope,
        check,
        check_report,
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
    from govaccts.checks.tolerance import (
        Mode,
        SumResult,
        check_sum,
    )
    from govaccts.errors import (
        AmbiguousNameError,
        AmountError,
        CatalogFileError,
        GovacctsError,
        InvalidCodeError,
        LedgerError,
        Location,
        ModeError,
        ReportReadError,
        RuleError,
        UnitError,
        UnknownCodeError,
        UnknownEditionError,
        UnknownNameError,
        UnknownSchemeError,
    )
    from govaccts.io.reading import (
        example_report,
        read_report,
    )
    from govaccts.io.tables import (
        parse_table,
        read_table,
        table_from_json,
        table_to_csv,
        table_to_json,
    )
    from govaccts.ledger.identities import (
        Identity,
        IdentityKind,
        Ref,
    )
    from govaccts.ledger.rounding import round_preserving_sums
    from govaccts.ledger.table import (
        TOTAL,
        LedgerTable,
        Problem,
        ProblemKind,
        Rollup,
        Row,
    )
    from govaccts.reports import (
        FinalAccountsReport,
        Layout,
        Report,
        ReportKind,
        TableSpec,
        build_report,
        identify_table,
        register_report_kind,
        register_table_spec,
        report_kind,
        report_kinds,
    )

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    **dict.fromkeys([
        "ROUNDING_MODES", "Amount", "Unit", "convert", "exact_sum", "format_amount",
        "parse_amount", "round_amount", "to_decimal"
    ], "govaccts.amounts"),
    **dict.fromkeys([
        "LEVEL_NAMES", "SCHEMES", "Scheme", "ancestor_codes", "get_scheme", "join_code",
        "level_of", "normalize_code", "parent_code", "parse_code", "scheme_of", "split_code"
    ], "govaccts.catalogs.codes"),
    **dict.fromkeys([
        "Catalog", "Entry", "NameMatch"
    ], "govaccts.catalogs.entries"),
    **dict.fromkeys([
        "Coverage", "EditionInfo", "LevelCoverage", "Source", "SourceKind", "Status"
    ], "govaccts.catalogs.evidence"),
    **dict.fromkeys([
        "load_catalog"
    ], "govaccts.catalogs.files"),
    **dict.fromkeys([
        "CatalogDiff", "FormerName", "Renamed", "diff"
    ], "govaccts.catalogs.history"),
    **dict.fromkeys([
        "CatalogStore", "catalog", "clear_cache", "default_store", "editions",
        "register_catalog", "unregister_catalog"
    ], "govaccts.catalogs.store"),
    **dict.fromkeys([
        "Context", "Rule", "RuleRegistry", "RuleScope", "check", "check_report", "check_table",
        "register_rule", "rule", "rules", "unregister_rule"
    ], "govaccts.checks"),
    **dict.fromkeys([
        "CellRef", "Finding", "Severity", "filter_findings", "finding_from_dict",
        "finding_to_dict", "findings_from_json", "findings_to_json", "render_text", "summarize"
    ], "govaccts.checks.findings"),
    **dict.fromkeys([
        "Mode", "SumResult", "check_sum"
    ], "govaccts.checks.tolerance"),
    **dict.fromkeys([
        "AmbiguousNameError", "AmountError", "CatalogFileError", "GovacctsError",
        "InvalidCodeError", "LedgerError", "Location", "ModeError", "ReportReadError",
        "RuleError", "UnitError", "UnknownCodeError", "UnknownEditionError", "UnknownNameError",
        "UnknownSchemeError"
    ], "govaccts.errors"),
    **dict.fromkeys([
        "example_report", "read_report"
    ], "govaccts.io.reading"),
    **dict.fromkeys([
        "parse_table", "read_table", "table_from_json", "table_to_csv", "table_to_json"
    ], "govaccts.io.tables"),
    **dict.fromkeys([
        "Identity", "IdentityKind", "Ref"
    ], "govaccts.ledger.identities"),
    **dict.fromkeys([
        "round_preserving_sums"
    ], "govaccts.ledger.rounding"),
    **dict.fromkeys([
        "TOTAL", "LedgerTable", "Problem", "ProblemKind", "Rollup", "Row"
    ], "govaccts.ledger.table"),
    **dict.fromkeys([
        "FinalAccountsReport", "Layout", "Report", "ReportKind", "TableSpec", "build_report",
        "identify_table", "register_report_kind", "register_table_spec", "report_kind",
        "report_kinds"
    ], "govaccts.reports"),
}
"""Public name → the module it is defined in (imported on first use)."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govaccts' has no attribute {name!r}")
    __import__(module)
    value = getattr(sys.modules[module], name)
    globals()[name] = value  # found once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "CatalogStore",
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
    "IdentityKind",
    "InvalidCodeError",
    "Layout",
    "LedgerError",
    "LedgerTable",
    "LevelCoverage",
    "Location",
    "Mode",
    "ModeError",
    "NameMatch",
    "Problem",
    "ProblemKind",
    "Ref",
    "Renamed",
    "Report",
    "ReportKind",
    "ReportReadError",
    "Rollup",
    "Row",
    "Rule",
    "RuleError",
    "RuleRegistry",
    "RuleScope",
    "Scheme",
    "Severity",
    "Source",
    "SourceKind",
    "Status",
    "SumResult",
    "TableSpec",
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
    "default_store",
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
    "register_report_kind",
    "register_rule",
    "register_table_spec",
    "render_text",
    "report_kind",
    "report_kinds",
    "round_amount",
    "round_preserving_sums",
    "rule",
    "rules",
    "scheme_of",
    "split_code",
    "summarize",
    "table_from_json",
    "table_to_csv",
    "table_to_json",
    "to_decimal",
    "unregister_catalog",
    "unregister_rule",
]
