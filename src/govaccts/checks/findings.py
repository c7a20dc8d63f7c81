"""Findings: what a check found, as immutable, sortable, serialisable data.

>>> f = Finding(rule="sum.tree", severity=Severity.ROUNDING, table="公开05", row="201",
...             column="项目支出", reported=Decimal("115.01"), computed=Decimal("115.00"),
...             difference=Decimal("0.01"), tolerance=Decimal("0.025"), mode="half-up",
...             message_zh="上级数与下级合计相差0.01，在四舍五入误差内",
...             message_en="parent differs from the sum of its children by 0.01, within rounding")
>>> print(render_text([f]))
公开05 row 201 [项目支出]: rounding[sum.tree]: parent differs from the sum of its children by 0.01, within rounding (reported 115.01, computed 115.00, difference 0.01, tolerance 0.025)
  上级数与下级合计相差0.01，在四舍五入误差内
<BLANKLINE>
1 finding: 0 error, 1 rounding, 0 warning
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from govaccts.errors import Location


class Severity(enum.Enum):
    """How bad a finding is, worst first."""

    ERROR = "error"
    """Outside the tolerance: the figures do not add up, or the text contradicts them."""
    ROUNDING = "rounding"
    """A nonzero gap inside the rounding tolerance: right, but worth knowing."""
    WARNING = "warning"
    """Suspicious, not provably wrong (a cell printed with fewer decimals, a shape artefact)."""
    INFO = "info"
    """For the record."""

    @property
    def rank(self) -> int:
        """0 for error … 3 for info."""
        return list(Severity).index(self)


@attrs.frozen
class CellRef:
    """One printed cell involved in a finding."""

    table: str
    row: str
    column: str
    text: str


@attrs.frozen
class Finding:
    """One result of a check: where, what was printed, what was computed, by how much.

    ``row`` is a code or a label; ``reported``/``computed``/``difference``/
    ``tolerance`` are ``None`` for findings that are not about a sum.
    """

    rule: str
    severity: Severity
    message_zh: str
    message_en: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    reported: Decimal | None = None
    computed: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    mode: str | None = None
    cells: tuple[CellRef, ...] = ()
    location: Location | None = None
    detail: str = ""
    strict: bool | None = None
    """With ``tolerance``: ``True`` when the gap must be *below* it (``<``), ``False`` when
    it may reach it (``≤``)."""
    cause: str = ""
    """The finding this one follows from (e.g. a cell that is no amount, read as nothing),
    as ``rule table row [column]``; causes sort before their consequences."""

    @property
    def message(self) -> str:
        """The English and Chinese messages together."""
        return f"{self.message_en} / {self.message_zh}"

    def sort_key(self) -> tuple[int, str, bool, str, str, str, int, str]:
        """Severity first, then table, causes before consequences, row, column, rule, line
        and message: a total order."""
        line = self.location.line if self.location is not None and self.location.line else 0
        return (self.severity.rank, self.table or "", bool(self.cause), self.row or "",
                self.column or "", self.rule, line, self.message_en)

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def where(self) -> str:
        """``table row R [column]`` or the location's text."""
        if self.location is not None and self.location.file:
            return str(self.location)
        return str(Location(table=self.table, row=self.row, column=self.column))


def rule_matches(rule_id: str, selector: str) -> bool:
    """Whether ``selector`` (an id, or a prefix with or without its dot) selects ``rule_id``.

    >>> rule_matches("sum.tree", "sum"), rule_matches("sum.tree", "sum."), rule_matches("summary", "sum")
    (True, True, False)
    """
    return rule_id == selector or rule_id.startswith(selector.rstrip(".") + ".")


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by severity (every severity present, zero or not) and in total."""
    c = Counter(f.severity.value for f in findings)
    out = {s.value: c.get(s.value, 0) for s in Severity}
    out["total"] = sum(c.values())
    return out


def filter_findings(findings: Iterable[Finding], *,
                    severity: Iterable[Severity | str] | Severity | str | None = None,
                    rules: Iterable[str] | str | None = None,
                    table: str | None = None) -> list[Finding]:
    """Findings of the given severities, rule ids (or rule-id prefixes such as ``sum``) and table."""
    if isinstance(severity, (str, Severity)):
        severity = (severity,)
    if isinstance(rules, str):
        rules = (rules,)
    try:
        sev = {Severity(s) if isinstance(s, str) else s for s in severity} if severity else None
    except ValueError:
        from govaccts.errors import GovacctsError

        raise GovacctsError(f"unknown severity in {list(severity or ())!r} "
                            f"(known: {', '.join(s.value for s in Severity)})") from None
    rl = tuple(rules) if rules is not None else None
    return [f for f in findings
            if (sev is None or f.severity in sev)
            and (rl is None or any(rule_matches(f.rule, r) for r in rl))
            and (table is None or f.table == table)]


_converter = cattrs.Converter()
_converter.register_unstructure_hook(Decimal, str)
_converter.register_structure_hook(Decimal, lambda v, _: _decimal(v))
_converter.register_unstructure_hook(Severity, lambda s: s.value)
_converter.register_unstructure_hook(
    Location, lambda loc: {k: v for k, v in attrs.asdict(loc).items()
                           if v is not None or k != "page"})  # page only where there is one


def _decimal(v: object) -> Decimal:
    if not isinstance(v, str):
        raise TypeError(f"amounts are JSON strings, not {type(v).__name__}")
    from govaccts.amounts import to_decimal

    return to_decimal(v)


def finding_to_dict(f: Finding) -> dict[str, Any]:
    """A JSON-ready dict: Decimals as strings, ``message`` in English and Chinese."""
    d: dict[str, Any] = _converter.unstructure(f)
    d["message"] = f.message
    return d


def finding_from_dict(d: dict[str, Any]) -> Finding:
    """Inverse of :func:`finding_to_dict` (amounts must be strings, never floats)."""
    d = {k: v for k, v in d.items() if k != "message"}
    return _converter.structure(d, Finding)


def findings_to_json(findings: Sequence[Finding], **extra: Any) -> str:
    """``{"findings": [...], "summary": {...}}`` as JSON text, amounts as strings."""
    body = {"findings": [finding_to_dict(f) for f in findings], "summary": summarize(findings),
            **extra}
    return json.dumps(body, ensure_ascii=False, indent=2)


def findings_from_json(text: str) -> list[Finding]:
    """Inverse of :func:`findings_to_json` (amounts must be strings, never floats)."""
    data = json.loads(text, parse_float=_refuse_float)
    return [finding_from_dict(d) for d in data["findings"]]


def _refuse_float(text: str) -> object:
    from govaccts.errors import AmountError

    raise AmountError(text, "a JSON number: amounts in findings are strings")


def render_text(findings: Sequence[Finding], *, chinese: bool = True) -> str:
    """Render findings like compiler diagnostics, one block each, then a summary line."""
    lines = []
    for f in findings:
        nums = ""
        if f.reported is not None or f.computed is not None:
            parts = [f"{k} {v}" for k, v in (("reported", f.reported), ("computed", f.computed))
                     if v is not None]
            if f.difference is not None:
                parts.append(f"difference {f.difference}")
            if f.tolerance is not None:
                parts.append(f"tolerance {f.tolerance}")
            nums = " (" + ", ".join(parts) + ")"
        lines.append(f"{f.where}: {f.severity.value}[{f.rule}]: {f.message_en}{nums}")
        if chinese:
            lines.append(f"  {f.message_zh}")
    s = summarize(findings)
    n = s["total"]
    lines.append("")
    lines.append(f"{n} finding{'s' if n != 1 else ''}: {s['error']} error, {s['rounding']} "
                 f"rounding, {s['warning']} warning" + (f", {s['info']} info" if s["info"] else ""))
    return "\n".join(lines)
