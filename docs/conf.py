"""Sphinx configuration for the govaccts docs (``sphinx-build -W docs docs/_build``)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import govaccts  # noqa: E402

project = "govaccts"
author = "govaccts developers"
copyright = "2026, govaccts developers"
release = govaccts.__version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
nitpicky = False
suppress_warnings = ["ref.python"]
language = "en"


def _generate(app: object) -> None:
    from gen_pages import write_generated

    write_generated(HERE / "_generated")


def setup(app: object) -> None:
    app.connect("builder-inited", _generate)  # type: ignore[attr-defined]
