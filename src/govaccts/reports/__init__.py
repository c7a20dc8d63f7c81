"""Report kinds as declarative table specs, the typed report, and one generic builder."""

from govaccts.reports.builder import build_report
from govaccts.reports.kinds import (
    identify_table,
    register_report_kind,
    register_table_spec,
    report_kind,
    report_kinds,
)
from govaccts.reports.raw import RawReport, RawTable
from govaccts.reports.report import FinalAccountsReport, Report
from govaccts.reports.spec import Layout, ReportKind, TableSpec

__all__ = ["FinalAccountsReport", "Layout", "RawReport", "RawTable", "Report", "ReportKind",
           "TableSpec", "build_report", "identify_table", "register_report_kind",
           "register_table_spec", "report_kind", "report_kinds"]
