"""``import govaccts`` loads nothing else; every public name is there when first used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import govaccts


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_import_loads_only_the_package() -> None:
    loaded = run("import sys, govaccts; print(sorted(m for m in sys.modules "
                 "if m.startswith('govaccts')))")
    assert loaded == "['govaccts']"


def test_a_lookup_loads_the_catalogs_and_not_the_checks() -> None:
    loaded = run("import sys, govaccts; govaccts.catalog('function', 2023)['2013101']; "
                 "print(sorted(m for m in sys.modules if m.startswith('govaccts.')))")
    assert "govaccts.catalogs.store" in loaded
    for heavy in ("govaccts.checks", "govaccts.ledger", "govaccts.reports"):
        assert f"'{heavy}" not in loaded


@pytest.mark.parametrize("name", govaccts.__all__)
def test_every_public_name_resolves_to_its_definition(name: str) -> None:
    value = getattr(govaccts, name)
    module = govaccts._LAZY[name]
    assert value is getattr(sys.modules[module], name)
    assert getattr(govaccts, name) is value  # and again, once found


def test_star_import_and_dir() -> None:
    namespace: dict[str, object] = {}
    exec("from govaccts import *", namespace)
    assert set(govaccts.__all__) <= set(namespace)
    assert set(govaccts.__all__) <= set(dir(govaccts))
    assert set(govaccts._LAZY) == set(govaccts.__all__)


def test_unknown_name() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        govaccts.nope  # type: ignore[attr-defined]  # noqa: B018
