"""The project's own quality gates, run as part of the README's test command.

mypy (strict) and ruff on the code, the Sphinx build with warnings as errors,
and the promise that CI runs exactly the README's test command.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is not installed: install the project with its dev extras"
    return found


def test_mypy_strict_is_clean() -> None:
    r = run(tool("mypy"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_is_clean() -> None:
    r = run(tool("ruff"), "check", "src", "tests", "tools", "docs", "benchmarks")
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_docs_build_without_warnings(tmp_path: Path) -> None:
    r = run(tool("sphinx-build"), "-W", "--keep-going", "-q", "-b", "html", "docs",
            str(tmp_path / "html"))
    assert r.returncode == 0, r.stdout + r.stderr


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    quick = text.split("## Quick start", 1)[1].split("## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_readme_has_two_commands_and_ci_runs_the_second() -> None:
    commands = _readme_commands()
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert commands[1] in ci.splitlines(), "CI must run the README's test command verbatim"
    assert "check --example hetang-2023" in commands[0]


def test_catalogs_are_compiled_from_the_evidence() -> None:
    r = run(sys.executable, "tools/build_catalogs.py", "--check")
    assert r.returncode == 0, r.stdout + r.stderr
