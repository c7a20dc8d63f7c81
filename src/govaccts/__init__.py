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
    from govaccts.batch import (
        Checked,
        check_many,
        find_sources,
    )
    from govaccts.catalogs.accounting import (
        Account,
        Element,
        Side,
        account,
        accounts,
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
    from govaccts.catalogs.details import (
        Detail,
        detail_key,
    )
    from govaccts.catalogs.entries import (
        Catalog,
        Entry,
        NameMatch,
    )
    from govaccts.catalogs.evidence import (
        Coverage,
        EditionInfo,
        LeaveOneOut,
        LevelCoverage,
        Source,
        SourceKind,
        Status,
    )
    from govaccts.catalogs.files import (
        load_catalog,
    )
    from govaccts.catalogs.history import (
        CatalogDiff,
        FormerName,
        Removed,
        Renamed,
        diff,
        removals,
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
    from govaccts.checks.streaming import (
        iter_findings,
        write_findings_json,
    )
    from govaccts.checks.tolerance import (
        Mode,
        SumResult,
        check_sum,
    )
    from govaccts.checks.trial_balance_rules import (
        check_trial_balance,
        function_totals,
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
    from govaccts.interchange import (
        MissingDependencyError,
    )
    from govaccts.io.folders import (
        read_report_folder,
        write_report_folder,
    )
    from govaccts.io.harvest import (
        Harvest,
        HarvestedDocument,
        HarvestedPair,
        NameConflict,
        SkipReason,
        harvest,
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
    from govaccts.ledger.columns import (
        Column,
    )
    from govaccts.ledger.identities import (
        Identity,
        IdentityKind,
        Ref,
    )
    from govaccts.ledger.rounding import (
        round_preserving_sums,
    )
    from govaccts.ledger.table import (
        TOTAL,
        LedgerTable,
        Problem,
        ProblemKind,
        Rollup,
        Row,
    )
    from govaccts.ledger.trial_balance import (
        TBRow,
        TrialBalance,
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
        "Amount", "ROUNDING_MODES", "Unit", "convert", "exact_sum", "format_amount",
        "parse_amount", "round_amount", "to_decimal"
    ], "govaccts.amounts"),
    **dict.fromkeys([
        "Checked", "check_many", "find_sources"
    ], "govaccts.batch"),
    **dict.fromkeys([
        "Account", "Element", "Side", "account", "accounts"
    ], "govaccts.catalogs.accounting"),
    **dict.fromkeys([
        "LEVEL_NAMES", "SCHEMES", "Scheme", "ancestor_codes", "get_scheme", "join_code",
        "level_of", "normalize_code", "parent_code", "parse_code", "scheme_of",
        "split_code"
    ], "govaccts.catalogs.codes"),
    **dict.fromkeys([
        "Detail", "detail_key"
    ], "govaccts.catalogs.details"),
    **dict.fromkeys([
        "Catalog", "Entry", "NameMatch"
    ], "govaccts.catalogs.entries"),
    **dict.fromkeys([
        "Coverage", "EditionInfo", "LeaveOneOut", "LevelCoverage", "Source",
        "SourceKind", "Status"
    ], "govaccts.catalogs.evidence"),
    **dict.fromkeys([
        "load_catalog"
    ], "govaccts.catalogs.files"),
    **dict.fromkeys([
        "CatalogDiff", "FormerName", "Removed", "Renamed", "diff", "removals"
    ], "govaccts.catalogs.history"),
    **dict.fromkeys([
        "CatalogStore", "catalog", "clear_cache", "default_store", "editions",
        "register_catalog", "unregister_catalog"
    ], "govaccts.catalogs.store"),
    **dict.fromkeys([
        "Context", "Rule", "RuleRegistry", "RuleScope", "check", "check_report",
        "check_table", "register_rule", "rule", "rules", "unregister_rule"
    ], "govaccts.checks"),
    **dict.fromkeys([
        "CellRef", "Finding", "Severity", "filter_findings", "finding_from_dict",
        "finding_to_dict", "findings_from_json", "findings_to_json", "render_text",
        "summarize"
    ], "govaccts.checks.findings"),
    **dict.fromkeys([
        "Mode", "SumResult", "check_sum"
    ], "govaccts.checks.tolerance"),
    **dict.fromkeys([
        "check_trial_balance", "function_totals"
    ], "govaccts.checks.trial_balance_rules"),
    **dict.fromkeys([
        "AmbiguousNameError", "AmountError", "CatalogFileError", "GovacctsError",
        "InvalidCodeError", "LedgerError", "Location", "ModeError", "ReportReadError",
        "RuleError", "UnitError", "UnknownCodeError", "UnknownEditionError",
        "UnknownNameError", "UnknownSchemeError"
    ], "govaccts.errors"),
    **dict.fromkeys([
        "MissingDependencyError"
    ], "govaccts.interchange"),
    **dict.fromkeys([
        "read_report_folder", "write_report_folder"
    ], "govaccts.io.folders"),
    **dict.fromkeys([
        "Harvest", "HarvestedDocument", "HarvestedPair", "NameConflict", "SkipReason",
        "harvest"
    ], "govaccts.io.harvest"),
    **dict.fromkeys([
        "example_report", "read_report"
    ], "govaccts.io.reading"),
    **dict.fromkeys([
        "iter_findings", "write_findings_json"
    ], "govaccts.checks.streaming"),
    **dict.fromkeys([
        "parse_table", "read_table", "table_from_json", "table_to_csv", "table_to_json"
    ], "govaccts.io.tables"),
    **dict.fromkeys([
        "Column"
    ], "govaccts.ledger.columns"),
    **dict.fromkeys([
        "Identity", "IdentityKind", "Ref"
    ], "govaccts.ledger.identities"),
    **dict.fromkeys([
        "round_preserving_sums"
    ], "govaccts.ledger.rounding"),
    **dict.fromkeys([
        "LedgerTable", "Problem", "ProblemKind", "Rollup", "Row", "TOTAL"
    ], "govaccts.ledger.table"),
    **dict.fromkeys([
        "TBRow", "TrialBalance"
    ], "govaccts.ledger.trial_balance"),
    **dict.fromkeys([
        "FinalAccountsReport", "Layout", "Report", "ReportKind", "TableSpec",
        "build_report", "identify_table", "register_report_kind", "register_table_spec",
        "report_kind", "report_kinds"
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
    "Account",
    "AmbiguousNameError",
    "Amount",
    "AmountError",
    "Catalog",
    "CatalogDiff",
    "CatalogFileError",
    "CatalogStore",
    "CellRef",
    "Checked",
    "Column",
    "Context",
    "Coverage",
    "Detail",
    "EditionInfo",
    "Element",
    "Entry",
    "FinalAccountsReport",
    "Finding",
    "FormerName",
    "GovacctsError",
    "Harvest",
    "HarvestedDocument",
    "HarvestedPair",
    "Identity",
    "IdentityKind",
    "InvalidCodeError",
    "Layout",
    "LeaveOneOut",
    "LedgerError",
    "LedgerTable",
    "LevelCoverage",
    "Location",
    "MissingDependencyError",
    "Mode",
    "ModeError",
    "NameConflict",
    "NameMatch",
    "Problem",
    "ProblemKind",
    "Ref",
    "Removed",
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
    "Side",
    "SkipReason",
    "Source",
    "SourceKind",
    "Status",
    "SumResult",
    "TBRow",
    "TableSpec",
    "TrialBalance",
    "Unit",
    "UnitError",
    "UnknownCodeError",
    "UnknownEditionError",
    "UnknownNameError",
    "UnknownSchemeError",
    "account",
    "accounts",
    "ancestor_codes",
    "build_report",
    "catalog",
    "check",
    "check_many",
    "check_report",
    "check_sum",
    "check_table",
    "check_trial_balance",
    "clear_cache",
    "convert",
    "default_store",
    "detail_key",
    "diff",
    "editions",
    "exact_sum",
    "example_report",
    "filter_findings",
    "find_sources",
    "finding_from_dict",
    "finding_to_dict",
    "findings_from_json",
    "findings_to_json",
    "format_amount",
    "function_totals",
    "get_scheme",
    "harvest",
    "identify_table",
    "iter_findings",
    "join_code",
    "level_of",
    "load_catalog",
    "normalize_code",
    "parent_code",
    "parse_amount",
    "parse_code",
    "parse_table",
    "read_report",
    "read_report_folder",
    "read_table",
    "register_catalog",
    "register_report_kind",
    "register_rule",
    "register_table_spec",
    "removals",
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
    "write_findings_json",
    "write_report_folder",
]
