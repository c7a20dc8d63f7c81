"""Typed tables of printed amounts keyed by code or row label, their roll-up and rounding.

A table stores each amount column as a :class:`Column` of scaled integers; rows and
cells are made when read.

>>> from govaccts.ledger.table import LedgerTable
>>> t = LedgerTable.build(id="t", columns=["本年支出"], rows=[("201", "一般公共服务支出", {"本年支出": "3.00"})])
>>> t.cell("201", "本年支出").value
Decimal('3.00')
"""

from govaccts.ledger.columns import Column
from govaccts.ledger.rounding import round_preserving_sums
from govaccts.ledger.table import (
    TOTAL,
    TOTAL_LABELS,
    LedgerTable,
    Problem,
    ProblemKind,
    Rollup,
    Row,
    label_key,
)

__all__ = ["TOTAL", "TOTAL_LABELS", "Column", "LedgerTable", "Problem", "ProblemKind", "Rollup", "Row",
           "label_key", "round_preserving_sums"]
