"""Tests of ``govaccts check`` on many sources: FOLDER|FILES…, --jobs N, --summary."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
from pathlib import Path

import pytest

import govaccts
from govaccts.batch import SUMMARY_FIELDS
from govaccts.cli import main
from govaccts.testing.corpus import write_report_variants

EXAMPLE = Path(govaccts.__file__).parent / "examples" / "hetang_2023"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    write_report_variants(root, 3, seed=3)
    (root / "zz-broken").mkdir()
    (root / "zz-broken" / "manifest.toml").write_text("[report\n", "utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_folder_of_reports_with_jobs_and_a_csv_summary(folder: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int | None] = []

    class Pool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None) -> None:
            pools.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    out_csv = tmp_path / "summary.csv"
    code, out, err = run(capsys, "check", str(folder), "--jobs", "2", "--summary", str(out_csv),
                         "--rules", "sum.")
    assert (code, err) == (2, "")  # a source could not be read: exit 2, after all the rest
    assert pools == [2]
    blocks = out.split("== ")[1:]
    assert [b.split("\n", 1)[0] for b in blocks] == [
        *(f"{folder / f'report-{k:05d}'} (部门决算 合成部门{k:05d} 2023)" for k in range(3)),
        str(folder / "zz-broken")]
    assert "could not be checked: ReportReadError" in blocks[3]
    assert out.rstrip().endswith("4 sources: " + out.rstrip().rsplit("4 sources: ", 1)[1])
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text("utf-8"))))
    assert tuple(rows[0]) == SUMMARY_FIELDS
    assert [r["department"] for r in rows] == ["合成部门00000", "合成部门00001", "合成部门00002", ""]
    # the same counts as one report checked alone
    one = govaccts.check(govaccts.read_report(folder / "report-00001"), rules=["sum."])
    s = govaccts.summarize(one)
    assert (rows[1]["errors"], rows[1]["rounding"], rows[1]["warnings"]) == \
        (str(s["error"]), str(s["rounding"]), str(s["warning"]))
    assert rows[3]["errors"] == "" and "manifest is not valid TOML" in rows[3]["read_error"]


def test_files_in_the_given_order_json_and_a_json_summary(folder: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out_json = tmp_path / "summary.json"
    code, out, err = run(capsys, "check", str(EXAMPLE / "05.csv"), str(folder / "report-00002"),
                         "--summary", str(out_json), "--format", "json", "--exit-zero")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [r["target"]["kind"] for r in data["reports"]] == ["table", "部门决算"]
    assert data["reports"][1]["findings"] == [
        govaccts.finding_to_dict(f) for f in govaccts.check(govaccts.read_report(folder / "report-00002"))]
    summary = json.loads(out_json.read_text("utf-8"))
    assert [s["source"] for s in summary["sources"]] == [str(EXAMPLE / "05.csv"),
                                                         str(folder / "report-00002")]
    assert summary["totals"]["errors"] == data["summary"]["error"] > 0
    # without --exit-zero, errors found: exit 1
    assert run(capsys, "check", str(folder / "report-00002"), "--summary", str(out_json))[0] == 1


def test_one_target_without_jobs_or_summary_is_checked_as_before(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--format", "json")
    assert set(json.loads(out)) == {"target", "mode", "findings", "summary"}
    assert code == 1


@pytest.mark.parametrize("argv, message", [
    (["--summary", "out.txt"], "--summary writes .csv or .json"),
    (["--jobs", "0"], "must be at least 1"),
    (["--identity", "合计=基本支出", "--jobs", "2"], "--identity applies to a single table"),
])
def test_batch_usage_errors(folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                            message: str) -> None:
    code, out, err = run(capsys, "check", str(folder), *argv)
    assert (code, out) == (2, "")
    assert message in err


def test_an_empty_folder_is_a_usage_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "no reports or tables found" in err
