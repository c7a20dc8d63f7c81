"""pytest plugin (entry point ``govaccts``): the ``govaccts_check`` fixture.

Installed with govaccts; nothing to configure::

    def test_my_report_adds_up(govaccts_check):
        report = build_my_report()            # a LedgerTable or FinalAccountsReport
        govaccts_check(report)                # fails with the findings, like compiler errors
        govaccts_check(report, mode="exact", allow=["warning"])
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from govaccts.testing import assert_consistent


@pytest.fixture
def govaccts_check() -> Callable[..., None]:
    """:func:`govaccts.testing.assert_consistent`, as a fixture."""
    return assert_consistent
