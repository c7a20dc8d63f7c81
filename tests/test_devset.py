"""Every document of the development set, read and checked, pinned as golden JSON.

``tests/golden/devset/<stem>.json`` holds, per document: the kind, department and year
read, every table (key, title, pages, columns, row count and the rows' keys — for the
whole-government reports a digest of them) and every finding (severity, rule, where, the
message). The files were reviewed against the rendered pages (``pdftoppm``) and every
``error`` is triaged in ``docs/devset-triage.rst``. When a change is intended, rewrite
them with::

    GOVACCTS_UPDATE_GOLDEN=1 python -m pytest tests/test_devset.py

and review the diff before committing. The set is read from ``../shared/devset`` (CI has
it there); a bare clone skips these tests and still reads the committed fixture
(``tests/fixtures``, the table half of a Jiangsu 部门预算) in ``test_pdf_reader.py`` and
below.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import govaccts
from govaccts.reports.report import Report
from shared_material import shared_dir

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "devset"
FIXTURE = HERE / "fixtures" / "js_cppcc_2019_budget_tables.pdf"
UPDATE_ENV = "GOVACCTS_UPDATE_GOLDEN"


DEVSET = shared_dir("devset")
needs_devset = pytest.mark.skipif(DEVSET is None, reason="development set (../shared/devset) absent")

TEXT_LAYER = (
    "guangzhou_2023_city_final_report", "hangzhou_2023_city_final", "jinan_2023_city_final",
    "jinan_2024_city_budget", "js_court_2019_budget", "js_cppcc_2019_budget_tables",
    "js_cppcc_2019_budget_text", "js_npc_2017_budget", "js_procuratorate_2018_budget",
    "swu_2021_budget", "swu_2023_budget", "swu_2023_final", "swu_2024_budget", "swu_2024_final",
)
"""The text-layer documents (the scanned one is refused, see below)."""

CPPCC = "js_cppcc_2019_budget"
"""The report printed in two files, read as one through a manifest."""


def _digest(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def snapshot(rep: Report) -> dict[str, object]:
    """What the golden file pins about one report."""
    many = sum(len(t.rows) for t in rep.tables.values()) > 1500
    tables = []
    for key, t in rep.tables.items():
        raw = rep.raw_table(key)
        keys = [r.key for r in t.rows]
        tables.append({"key": key, "title": t.title, "pages": list(raw.pages) if raw else [],
                       "columns": list(t.columns), "rows": len(keys),
                       **({"row_digest": _digest(keys)} if many else {"row_keys": keys})})
    findings = [f"{f.severity.value} {f.rule} {f.table or ''} | {f.row or ''} | {f.column or ''}"
                f" | {f.message_en}" for f in govaccts.check(rep)]
    return {"kind": rep.kind.name, "department": rep.department, "year": rep.year,
            "summary": govaccts.summarize(govaccts.check(rep)), "tables": tables,
            "findings": findings}


def _compare(name: str, rep: Report) -> None:
    path = GOLDEN / f"{name}.json"
    got = json.dumps(snapshot(rep), ensure_ascii=False, indent=1) + "\n"
    if os.environ.get(UPDATE_ENV):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if want != got:
        w, g = json.loads(want), json.loads(got)
        lines = [f"{k}: {w[k]!r} -> {g[k]!r}" for k in ("kind", "department", "year", "summary")
                 if w[k] != g[k]]
        lines += [f"- {x}" for x in w["findings"] if x not in g["findings"]]
        lines += [f"+ {x}" for x in g["findings"] if x not in w["findings"]]
        wt = {t["key"]: t for t in w["tables"]}
        for t in g["tables"]:
            if wt.get(t["key"]) != t:
                lines.append(f"~ table {t['key']}: {wt.get(t['key'])} -> {t}")
        lines += [f"- table {k}" for k in wt if k not in {t["key"] for t in g["tables"]}]
        pytest.fail(f"{name} differs from {path} (set {UPDATE_ENV}=1 to rewrite):\n"
                    + "\n".join(lines[:40]))


@needs_devset
@pytest.mark.parametrize("name", TEXT_LAYER)
def test_devset_document_matches_its_golden_file(name: str) -> None:
    assert DEVSET is not None
    _compare(name, govaccts.read_report(DEVSET / f"{name}.pdf"))


@needs_devset
def test_a_report_in_two_files_is_one_report(tmp_path: Path) -> None:
    assert DEVSET is not None
    manifest = tmp_path / "report.toml"
    manifest.write_text(f'[report]\nfiles = ["{DEVSET}/{CPPCC}_text.pdf", '
                        f'"{DEVSET}/{CPPCC}_tables.pdf"]\n', encoding="utf-8")
    rep = govaccts.read_report(manifest)
    assert (rep.kind.name, rep.department, rep.year) == ("部门预算", "江苏省政协办公厅", 2019)
    assert len(rep.tables) == 15 and rep.narrative and "收支预算总表" in rep.narrative
    files = set(rep.raw.narrative_files)
    assert files == {f"{CPPCC}_text.pdf", f"{CPPCC}_tables.pdf"}
    _compare(CPPCC, rep)
    same = govaccts.read_report([DEVSET / f"{CPPCC}_text.pdf", DEVSET / f"{CPPCC}_tables.pdf"])
    assert snapshot(same) == snapshot(rep)


@needs_devset
def test_every_error_on_the_devset_is_triaged() -> None:
    """Each error finding of a golden file is quoted in the triage page."""
    triage = (HERE.parent / "docs" / "devset-triage.rst").read_text(encoding="utf-8")
    for path in sorted(GOLDEN.glob("*.json")):
        for line in json.loads(path.read_text(encoding="utf-8"))["findings"]:
            if line.startswith("error "):
                head, row = line.split(" | ")[:2]
                _, rule, table = head.split(" ", 2)
                section = triage.split(f"\n{path.stem} (", 1)[-1] if f"\n{path.stem} (" in triage \
                    else ""
                assert f"``{rule}`` {table} {row}" in section, f"{path.stem}: untriaged {line}"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govaccts", *args], capture_output=True,
                          text=True, timeout=300)


@needs_devset
def test_a_scanned_pdf_exits_2_asking_for_ocr() -> None:
    assert DEVSET is not None
    p = _cli("check", str(DEVSET / "jinan_2021_city_final_scanned.pdf"))
    assert p.returncode == 2 and "no text layer: this looks scanned; OCR it first" in p.stderr


def test_a_corrupt_pdf_exits_2_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    p = _cli("check", str(bad))
    assert p.returncode == 2 and "not a readable PDF" in p.stderr


def test_the_committed_fixture_is_a_budget_and_adds_up() -> None:
    """A bare clone reads and checks a real document: the table half of a Jiangsu
    部门预算, with its tables, identities and no error."""
    rep = govaccts.read_report(FIXTURE)
    assert rep.kind.name == "部门预算" and rep.department == "江苏省政协办公厅"
    keys = set(rep.tables)
    assert {"收支总表-收入", "收支总表-支出", "收支总表-支出用途", "收入总表", "支出总表",
            "财政拨款收支总表-收入", "财政拨款收支总表-支出", "财政拨款支出表", "三公经费表"} <= keys
    fs = govaccts.check(rep)
    assert govaccts.summarize(fs)["error"] == 0
    assert rep.table("收入总表").value("一般公共预算资金:小计", rep.table("收入总表").columns[0])
