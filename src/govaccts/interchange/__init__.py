"""Exchanging ledgers, catalogs and findings with columnar engines: Arrow, DuckDB.

Each engine is an optional extra, imported only when a function needs it:

* :mod:`govaccts.interchange.arrow` — exact Arrow tables (``decimal128`` columns, never
  float) for ledgers, catalogs and findings: ``pip install 'govaccts[arrow]'``;
* :mod:`govaccts.interchange.duckdb` — the roll-up of a ledger as one SQL query
  (``GROUP BY ROLLUP`` over code prefixes): ``pip install 'govaccts[duckdb]'``.

Without the extra, the first call raises :class:`MissingDependencyError` (a
:class:`~govaccts.GovacctsError` and an :class:`ImportError`) saying what to install.

>>> require("json", "arrow").__name__
'json'
>>> require("no_such_module_here", "arrow")
Traceback (most recent call last):
...
govaccts.interchange.MissingDependencyError: this needs no_such_module_here, which is not installed: pip install 'govaccts[arrow]'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from govaccts.errors import GovacctsError

__all__ = ["MissingDependencyError", "require"]


class MissingDependencyError(GovacctsError, ImportError):
    """An optional library that a function needs is not installed; the message says how."""

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(f"this needs {module}, which is not installed: "
                         f"pip install 'govaccts[{extra}]'")


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependencyError` naming the ``extra``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module, extra) from exc
