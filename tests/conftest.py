"""Shared fixtures: the bundled editions most tests read."""

from __future__ import annotations

import pytest

import govaccts


@pytest.fixture(scope="session")
def f2023() -> govaccts.Catalog:
    """The 2023 支出功能分类 edition (partial; the seed's codes verified)."""
    return govaccts.catalog("function", 2023)


@pytest.fixture(scope="session")
def f2009() -> govaccts.Catalog:
    """The historic, complete 支出功能分类 edition (about 2009)."""
    return govaccts.catalog("function", 2009)
