"""Tying claims to what they restate: an amount's subject (or its 类/款/项 reference) to
a table cell, a share's whole to the total it is a share of, a reference's names to the
rows of a coded table (or the catalog of the report's year).

Context decides between candidate cells that print different values: the table the
section heading names, then the table of the claim tied last in the paragraph; for a
reference the section's table first. What stays ambiguous is reported as such.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple

import attrs

from govaccts.amounts import Amount
from govaccts.catalogs.names import name_key
from govaccts.checks.narrative.base import NarrativeContext
from govaccts.checks.narrative.claims import AmountClaim, ReferenceClaim, ShareClaim
from govaccts.checks.narrative.subjects import Candidates, LabelIndex, Target, key, variants
from govaccts.checks.narrative.text import Sentence
from govaccts.errors import GovacctsError
from govaccts.ledger.table import LedgerTable, Row
from govaccts.reports.spec import Layout

__all__ = ["Resolved", "Status", "Tier", "is_final"]


class Status(enum.StrEnum):
    """What became of a claim."""

    CHECKED = "checked"
    """Tied to a table cell or to figures the text states, and compared."""
    SECTION = "section"
    """Read and checked by the section rules of the 部门决算 template."""
    UNTIED = "untied"
    """No table cell or stated figure it can be held against."""
    AMBIGUOUS = "ambiguous"
    """Several cells print different values and the context does not decide."""


@attrs.frozen
class Resolved:
    """A tie: the cell (or stated figure) and how it is named in messages."""

    amount: Amount
    label: str
    target: Target | None = None
    claim: AmountClaim | None = None
    """The amount claim, when the tie is to a figure the text states, not to a cell."""
    soft: bool = False
    """Named by a label outside the table the context allows (another table than the
    heading's, or a report lacking tables of its kind): the cell confirms an equal
    figure; a different one stays ambiguous, never a finding."""


_QUALIFIERS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
               "财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算")
_TOTAL_WORD = re.compile(r"(?:总额|总计|合计|总数)$")


def is_final(ctx: NarrativeContext) -> bool:
    """True for a 决算 (outturn) report, where 预算 figures restate no table cell."""
    kind = getattr(ctx.rep, "kind", None)
    return "决算" in getattr(kind, "name", "")


class Tier:
    """Ties for one narrative: the label index, section headings, the last table tied in
    each paragraph."""

    def __init__(self, ctx: NarrativeContext, index: LabelIndex,
                 headings: dict[str, list[tuple[int, str]]]) -> None:
        self.ctx = ctx
        self.index = index
        self.headings = headings
        self.frame: dict[int, str] = {}
        self.final = is_final(ctx)
        self.department: str = getattr(ctx.rep, "department", "") or ""
        self._sections: dict[tuple[str, ...], str | None] = {}
        self._by_heading: dict[str, str | None] = {}
        self._by_para: dict[tuple[str, int], str | None] = {}
        self.present = {k.split("-")[0] for k in index.tables}
        kind = index.kind
        self.complete = kind is None or all(s.key in self.present for s in kind.tables)
        """True when the report has every table of its kind: a label found in one table
        is then not also in a table that was not read."""

    # -- context ---------------------------------------------------------------------

    def section_table(self, para: Sentence) -> str | None:
        """The table the paragraph's (sub)section heading names (once per heading): the
        heading of its label last printed before it (parts number their sections anew:
        第一部分's 二、 is not 第二部分's), else the first printed (a heading a line break
        cut, 「（五）关于…一般公共预」, is whole in the table of contents: only then), else its
        parent's."""
        at = (para.section, para.line)
        if at not in self._by_para:
            self._by_para[at] = self._section_table(para)
        return self._by_para[at]

    def _section_table(self, para: Sentence) -> str | None:
        chain = []
        label = para.section
        while label:
            printed = self.headings.get(label, [])
            before = [text for at, text in printed if at <= para.line]
            chain += [before[-1]] if before else []
            if printed and (not before or _cut_from(before[-1], printed[0][1])):
                chain.append(printed[0][1])
            label = label.rsplit("(", 1)[0] if "(" in label else ""
        k = tuple(dict.fromkeys(chain))
        if k not in self._sections:
            self._sections[k] = next((t for h in k if (t := self._heading_table(h)) is not None),
                                     None)
        return self._sections[k]

    def _heading_table(self, heading: str) -> str | None:
        if heading not in self._by_heading:
            self._by_heading[heading] = self.index.table_of_heading(heading, self.department)
        return self._by_heading[heading]

    def _pick(self, cands: Candidates, para: Sentence) -> Pick | Status:
        if not cands.cells:
            return Status.UNTIED
        table = self.section_table(para)
        section = cands.within([table] if table else [])
        soft = False
        if section.cells:
            cands = section  # the table the heading names, when it has the label at all
        elif (table is not None and table in self.present) or not self.complete:
            # the heading names a table the report has and the label is not in it, or the
            # report lacks tables of its kind (which may hold the label too): only a
            # declared anchor names a cell elsewhere; a printed label, softly
            anchored = Candidates(tuple(c for c in cands.cells if c[0].anchored))
            soft = not anchored.cells
            cands = anchored if anchored.cells else cands
        for narrowed in (cands, cands.within([t for t in [self.frame.get(para.line)] if t])):
            if narrowed.single is not None:
                target, amount = narrowed.single
                # a list of projects or of a unit's items names a row the prose may use for
                # another unit's or year's figure: it confirms, never refutes
                soft = soft or self._listed(target.table) or self._uncertain(target.table)
                if not soft:
                    self.frame[para.line] = target.table.split("-")[0]
                return Pick(target, amount, soft)
        return Status.UNTIED if soft else Status.AMBIGUOUS

    def _uncertain(self, table: str) -> bool:
        """True for a table whose columns the reader could not all place."""
        raw = getattr(self.ctx.rep, "raw_table", lambda _k: None)(table)
        return bool(getattr(raw, "columns_uncertain", False))

    def _listed(self, table: str) -> bool:
        kind = self.index.kind
        spec = kind.spec(table) if kind is not None else None
        return spec is not None and spec.layout is Layout.LIST

    # -- amounts ---------------------------------------------------------------------

    def amount(self, claim: AmountClaim) -> Resolved | Status:
        """The cell an amount claim restates."""
        if claim.ref is not None:
            code = self.code(claim.ref)
            if isinstance(code, str):
                if self.final and claim.scope == "预算":
                    return Status.UNTIED
                cells = self._code_cells(code)
                got = self._pick(cells, claim.para)
                if isinstance(got, Pick) and got.soft:
                    got = self._by_qualifier(cells, claim.para) or got
                return _resolved(got)
            if not claim.subject or name_key(claim.subject) == name_key(claim.ref.names[-1][0]):
                return Status.UNTIED
        cands = self.index.candidates(claim.subject, claim.scope, self.final)
        table = self.section_table(claim.para)
        if table is not None and not cands.within([table]).cells \
                and not any(t.anchored for t, _ in cands.cells):
            # 「因公出国（境）费用」 under the 三公 heading: the 三公 table's 因公出国(境)费,
            # though the literal form is a row of the economic tables (a declared
            # anchor elsewhere still wins)
            alt = self.index.candidates(claim.subject, claim.scope, self.final, table)
            cands = alt if alt.cells else cands
        if not cands.cells:
            cands = self._qualified(claim.subject, claim.scope)
        return _resolved(self._pick(cands, claim.para))

    def _by_qualifier(self, cells: Candidates, para: Sentence) -> Pick | None:
        """A code under a heading that names a statement (「五、财政拨款支出预算情况说明」 → the
        财政拨款收支总表, which prints 类 by name): the coded tables of the same funds (titled
        财政拨款 …, or with no qualifier for an all-funds statement) name the cell."""
        table = self.section_table(para)
        kind = self.index.kind
        spec = kind.spec(table) if kind is not None and table is not None else None
        if spec is None or table not in self.present or spec.layout is Layout.TREE:
            return None
        quals = [q for q in _QUALIFIERS if q in key(spec.title)][:1]
        keep = [s.key for s in (kind.tables if kind is not None else ())
                if s.layout is Layout.TREE and (quals[0] in key(s.title) if quals else
                                                not any(q in key(s.title) for q in _QUALIFIERS))]
        same = cells.within(keep)
        if same.single is None:
            return None
        target, amount = same.single
        return Pick(target, amount, self._listed(target.table) or self._uncertain(target.table))

    def _qualified(self, subject: str, scope: str) -> Candidates:
        """「财政拨款基本支出」: 基本支出 in the tables whose titles carry the qualifier."""
        k = key(subject)
        for q in _QUALIFIERS:
            if k.startswith(q) and len(k) > len(q):
                rest = self.index.candidates(k[len(q):], scope, self.final)
                kind = self.index.kind
                # 「一般公共预算财政拨款基本支出」: the tables titled with the whole qualifier,
                # else with its first part (一般公共预算 tables hold 财政拨款 only)
                for qq in dict.fromkeys((q, *(x for x in _QUALIFIERS if q.startswith(x)))):
                    keep = [s.key for s in (kind.tables if kind is not None else ())
                            if qq in key(s.title)]
                    keep += [k for k, t in self.index.tables.items()  # as printed
                             if qq in key(t.title)]
                    if (got := rest.within(keep)).cells:
                        return got
                return Candidates()
        return Candidates()

    def _code_cells(self, code: str) -> Candidates:
        from govaccts.checks.narrative.subjects import total_column

        cells: list[tuple[Target, Amount]] = []
        kind = self.index.kind
        for tkey, t in self.index.tables.items():
            spec = kind.spec(tkey) if kind is not None else None
            if spec is not None and spec.layout is not Layout.TREE:
                continue
            col = total_column(spec, t)
            a = t.get_cell(code, col) if col is not None else None
            if a is not None and a.value is not None:
                cells.append((Target(tkey, code, col or ""), a))
        return Candidates(tuple(cells))

    # -- shares ----------------------------------------------------------------------

    def whole(self, claim: ShareClaim, earlier: list[AmountClaim]) -> Resolved | Status:
        """The total a share is a share of."""
        lead = claim.lead
        if not claim.whole:
            return Resolved(lead.figure.amount, lead.subject, claim=lead) \
                if lead is not None else Status.UNTIED
        if lead is not None and compatible(claim.whole, lead.subject):
            return Resolved(lead.figure.amount, lead.subject, claim=lead)
        for c in reversed(earlier):
            if c.para.section == claim.para.section and c.figure.unit != "%" \
                    and c is not claim.part and compatible(claim.whole, c.subject, strict=True):
                return Resolved(c.figure.amount, c.subject, claim=c)
        got = self._pick(self.index.candidates(claim.whole, "", self.final), claim.para)
        if isinstance(got, Status):
            # 「占本年支出合计的100%」: the total stated under the same label in another section
            same = [c for c in earlier if c is not claim.part and key(c.subject) == key(claim.whole)]
            if same and len({c.figure.wan for c in same}) == 1:
                return Resolved(same[-1].figure.amount, same[-1].subject, claim=same[-1])
        return _resolved(got)

    # -- references ------------------------------------------------------------------

    def coded_tables(self, para: Sentence | None = None) -> list[tuple[str, LedgerTable]]:
        """The tree tables, the section's first."""
        kind = self.index.kind
        out = [(k, t) for k, t in self.index.tables.items() if t.coded_rows()
               and (kind is None or (s := kind.spec(k)) is None or s.layout is Layout.TREE)]
        first = self.section_table(para) if para is not None else None
        return sorted(out, key=lambda kt: kt[0] != first)

    def code(self, ref: ReferenceClaim) -> str | None:
        """The code a reference names: its printed code, else its names followed through
        the tables' rows, else through the catalog of the report's year."""
        if ref.code is not None:
            return ref.code
        names = [n for n, _ in (*ref.context, *ref.names)]
        for _, t in self.coded_tables(ref.para):
            code = follow(t, names)
            if code is not None:
                return code
        found = self.catalog_code(ref)
        return found if isinstance(found, str) else None

    def catalog_code(self, ref: ReferenceClaim) -> str | GovacctsError | None:
        """The code the catalog of the report's year gives a reference's names, or why it
        gives none (an outdated name says when it was valid); ``None`` without a year."""
        year = self.ctx.year
        if year is None:
            return None
        try:
            cat = self.ctx.store.catalog("function", year)
            parent: str | None = None
            for name, level in (*ref.context, *ref.names):
                parent = cat.resolve(name, parent=parent, level=level).code
            return parent
        except GovacctsError as exc:
            return exc


def follow(table: LedgerTable, names: list[str]) -> str | None:
    """The code whose printed row names are ``names`` top down (a path may start at any
    level); ``None`` unless each name picks one row under the previous one."""
    parent: str | None = None
    for name in names:
        code = _step(table, parent, name_key(name))
        if code is None:  # 「人大事务行政运行（项）」: a 款 and its 项 with no tag between
            for r in _under(table, parent):
                k = name_key(r.label)
                if name_key(name).startswith(k) and len(name_key(name)) > len(k):
                    code = _step(table, r.code, name_key(name)[len(k):])
                    if code is not None:
                        break
        if code is None:
            return None
        parent = code
    return parent


def _under(table: LedgerTable, parent: str | None) -> list[Row]:
    return [r for r in table.coded_rows() if r.code is not None
            and (parent is None or (r.code.startswith(parent) and r.code != parent))]


def _step(table: LedgerTable, parent: str | None, k: str) -> str | None:
    codes = {r.code for r in _under(table, parent) if name_key(r.label) == k}
    return codes.pop() if len(codes) == 1 else None


def compatible(whole: str, subject: str, strict: bool = False) -> bool:
    """True when a share's whole phrase can name the total ``subject`` (the same label,
    one a qualified form of the other, or a generic 总额 of the same side)."""
    w, s = key(whole), key(subject)
    if not w or not s:
        return False
    if w in variants(s) or s in variants(w):
        return True
    w0, s0 = _TOTAL_WORD.sub("", w), _TOTAL_WORD.sub("", s)
    if w0 and s0 and (s0.endswith(w0) or w0.endswith(s0)):
        return True
    if strict:
        return False
    generic = w0.replace("总", "") in ("", "支出", "收入", "收支", "预算")
    side = "收" if "收" in w0 else "支" if "支" in w0 else ""
    return generic and side in s and any(
        x in s for x in ("总计", "合计", "总额", "预算", "支出", "收入"))


def _cut_from(heading: str, whole: str) -> bool:
    """True when ``heading`` is ``whole`` cut short (spaces aside)."""
    h, w = re.sub(r"\s+", "", heading), re.sub(r"\s+", "", whole)
    return len(h) < len(w) and w.startswith(h)


class Pick(NamedTuple):
    """The cell a subject names: target, printed amount, and whether the tie is soft."""

    target: Target
    amount: Amount
    soft: bool = False


def _resolved(got: Pick | Status) -> Resolved | Status:
    if isinstance(got, Status):
        return got
    target, amount, soft = got
    return Resolved(amount, f"{target.table}[{target.row}, {target.column}]", target,
                    soft=soft)
