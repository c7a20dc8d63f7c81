"""Packaging: the sdist and wheel carry the data, and an installed wheel works anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # sdist first, then the wheel built *from the sdist*, as `python -m build` does
    r = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return out


@pytest.mark.slow
def test_wheel_from_sdist_carries_catalogs_examples_and_types(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("govaccts/catalogs/data/function.csv", "govaccts/catalogs/data/sources.csv",
                   "govaccts/catalogs/data/editions.csv", "govaccts/py.typed",
                   "govaccts/examples/hetang_2023/manifest.toml",
                   "govaccts/examples/hetang_2023/seed.txt"):
        assert needed in names, needed


@pytest.mark.slow
def test_installed_wheel_looks_up_and_checks_outside_the_source_tree(dist: Path,
                                                                     tmp_path: Path) -> None:
    [wheel] = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    lookup = subprocess.run([str(env_dir / "bin" / "govaccts"), "lookup", "2013101", "--year",
                             "2023"], cwd=work, capture_output=True, text=True, timeout=120)
    assert lookup.returncode == 0 and "行政运行" in lookup.stdout, lookup.stderr
    check = subprocess.run([str(py), "-m", "govaccts", "check", "--example", "hetang-2023",
                            "--format", "json"], cwd=work, capture_output=True, text=True,
                           timeout=120)
    assert check.returncode == 1, check.stderr          # the seed's narrative has real errors
    assert '"rounding": 28' in check.stdout
    where = subprocess.run([str(py), "-c", "import govaccts; print(govaccts.__file__)"],
                           cwd=work, capture_output=True, text=True, timeout=60)
    assert str(ROOT) not in where.stdout               # the installed copy, not the tree
