"""The full finding list of the bundled example, pinned as JSON.

``tests/golden/hetang-2023.json`` is ``findings_to_json(check(example_report()))``,
reviewed by hand against domain.md §4.1 (rounding gaps) and §6 (the seed's real
defects).  When a change of the checks is intended, rewrite it with::

    GOVACCTS_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of the golden file before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
from collections import Counter
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import govaccts
from govaccts.checks.findings import finding_from_dict, findings_to_json

GOLDEN = Path(__file__).parent / "golden" / "hetang-2023.json"
UPDATE_ENV = "GOVACCTS_UPDATE_GOLDEN"


def current_text() -> str:
    """The findings of the example as golden JSON text, free of machine-specific paths."""
    text = findings_to_json(govaccts.check(govaccts.example_report())) + "\n"
    src = resources.files("govaccts").joinpath("examples", "hetang_2023")
    with resources.as_file(src) as folder:
        text = text.replace(json.dumps(str(folder), ensure_ascii=False)[1:-1], "<example>")
    return text


def one_line(d: dict) -> str:  # type: ignore[type-arg]
    where = " ".join(str(d[k]) for k in ("table", "row", "column") if d.get(k))
    nums = ", ".join(f"{k} {d[k]}" for k in ("reported", "computed", "difference")
                     if d.get(k) is not None)
    return f"{d['severity']}[{d['rule']}] {where}: {d['message_en']}" + (f" ({nums})" if nums
                                                                         else "")


def readable_diff(want: str, got: str) -> str:
    """Findings gone and new, one line each, then the unified diff of the JSON text."""
    out: list[str] = []
    try:
        w = Counter(one_line(d) for d in json.loads(want)["findings"])
        g = Counter(one_line(d) for d in json.loads(got)["findings"])
        out += [f"- {line}" for line in sorted((w - g).elements())]
        out += [f"+ {line}" for line in sorted((g - w).elements())]
        if not out:
            out.append("(same findings; order, messages or summary differ)")
    except (ValueError, KeyError) as exc:
        out.append(f"(golden file is not findings JSON: {exc})")
    diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "golden", "current",
                                     lineterm="", n=2))
    if len(diff) > 200:
        diff = [*diff[:200], f"… {len(diff) - 200} more diff lines"]
    return "\n".join(["findings removed (-) and added (+):", *out, "", *diff])


def compare_golden(path: Path, got: str, *, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with {UPDATE_ENV}=1", pytrace=False)
    want = path.read_text(encoding="utf-8")
    if got != want:
        pytest.fail(f"findings of the example differ from {path.name} "
                    f"(if intended, rerun with {UPDATE_ENV}=1 and review the diff):\n"
                    + readable_diff(want, got), pytrace=False)


def test_golden_findings_of_the_example() -> None:
    compare_golden(GOLDEN, current_text(), update=os.environ.get(UPDATE_ENV) == "1")


def test_golden_file_parses_back_to_the_findings() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    body = json.loads(text)
    found = [finding_from_dict(d) for d in body["findings"]]
    # nothing is lost: the parsed findings serialise to the same text
    assert findings_to_json(found) + "\n" == text
    assert body["summary"]["total"] == len(found)
    assert [f.sort_key() for f in found] == sorted(f.sort_key() for f in found)


def test_golden_rounding_entries_match_section_4_1() -> None:
    """A second look at the pinned file: the table rules report exactly the 26 gaps."""
    body = json.loads(GOLDEN.read_text(encoding="utf-8"))
    table_rounding = [d for d in body["findings"] if d["severity"] == "rounding"
                      and not d["rule"].startswith("narrative.")]
    assert len(table_rounding) == 26
    assert {abs(Decimal(d["difference"])) for d in table_rounding} == {Decimal("0.01")}
    table_errors = [d for d in body["findings"] if d["severity"] == "error"
                    and not d["rule"].startswith("narrative.")]
    assert table_errors == []


def test_mismatch_shows_a_readable_diff(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    got = current_text()
    body = json.loads(got)
    body["findings"][0]["difference"] = "9.99"
    body["findings"][0]["rule"] = "sum.changed"
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as exc:
        compare_golden(path, got, update=False)
    msg = str(exc.value)
    assert "findings removed (-) and added (+):" in msg
    severity = body["findings"][0]["severity"]
    assert f"- {severity}[sum.changed]" in msg  # what the golden file says, gone
    assert "difference 9.99" in msg
    assert "--- golden" in msg and "+++ current" in msg
    assert UPDATE_ENV in msg


def test_update_env_rewrites_the_file(tmp_path: Path) -> None:
    path = tmp_path / "golden" / "g.json"
    compare_golden(path, "new\n", update=True)
    assert path.read_text(encoding="utf-8") == "new\n"
    compare_golden(path, "new\n", update=False)
    with pytest.raises(pytest.fail.Exception, match="missing"):
        compare_golden(tmp_path / "absent.json", "x", update=False)
