"""Checking many reports at once, on any :class:`concurrent.futures.Executor`.

:func:`check_many` reads and checks each source — a report folder, its
``manifest.toml``, seed-style text (``.txt``), a single table (``.csv``/``.tsv``) or a
report already in memory — and yields one :class:`Checked` per source, **in input
order**: its findings, or why it could not be read or checked.  A bad file never
stops the batch.

Sequential by default; give an executor to spread the work::

    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(2) as pool:                     # one machine
        for c in check_many(paths, executor=pool): ...

    from distributed import Client                           # a Dask cluster
    with Client("tcp://scheduler:8786") as client:
        for c in check_many(paths, executor=client.get_executor()): ...

Work travels as picklable units (a few sources and the options) and carries no
global state: a worker uses its own default catalog store, or the ``store`` given,
which travels as its configuration and registrations.

>>> import govaccts
>>> [(c.kind, c.department, c.year, c.counts["error"], c.error)
...  for c in check_many([govaccts.example_report(), "no/such/report"])]
... # doctest: +NORMALIZE_WHITESPACE
[('部门决算', '中共株洲市荷塘区委办公室', 2023, 18, None),
 ('', '', None, None, 'ReportReadError: no/such/report: no such file or folder')]
"""

from __future__ import annotations

import collections
import csv
import io
import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from govaccts.catalogs.store import CatalogStore
from govaccts.checks.findings import Finding, Severity, summarize
from govaccts.checks.tolerance import Mode
from govaccts.errors import GovacctsError
from govaccts.ledger.table import LedgerTable
from govaccts.reports.report import Report

if TYPE_CHECKING:  # concurrent.futures costs 10 ms to import: only the caller's executor needs it
    from concurrent.futures import Executor, Future

__all__ = ["SUMMARY_FIELDS", "Checked", "check_many", "find_sources", "summary_csv",
           "summary_json"]

Source = str | os.PathLike[str] | Report | LedgerTable
"""What :func:`check_many` takes: a path (report or table) or a report or table in memory."""

TABLE_SUFFIXES = (".csv", ".tsv")
REPORT_SUFFIXES = (".txt", ".toml")

SUMMARY_FIELDS = ("source", "kind", "department", "year", "errors", "rounding", "warnings",
                  "read_problems", "seconds", "read_error")
"""The columns of :func:`summary_csv`, one line a source."""


@attrs.frozen
class Checked:
    """One source of a batch: what it is, its findings, or why it could not be checked.

    ``error`` is ``None`` when the source was read and checked; otherwise it says why
    not (``"ReportReadError: …"``) and ``findings`` is empty.  ``read_problems``
    counts the problems met while building its tables (each is also a finding).
    ``seconds`` is the wall time of reading and checking it (not compared by ``==``).
    """

    index: int
    source: Source = attrs.field(eq=False, repr=False)
    name: str
    kind: str = ""
    department: str = ""
    year: int | None = None
    _findings: tuple[Finding, ...] | _PackedFindings = attrs.field(
        default=(), alias="findings", repr=lambda f: f"<{len(f)} findings>",
        eq=attrs.cmp_using(eq=lambda a, b: _decoded(a) == _decoded(b), require_same_type=False))
    error: str | None = None
    read_problems: int = 0
    seconds: float = attrs.field(default=0.0, eq=False)  # float-ok: a duration, not an amount

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings, sorted (decoded on first use when they came from a worker)."""
        f = self._findings
        if isinstance(f, _PackedFindings):
            f = _decoded(f)
            object.__setattr__(self, "_findings", f)
        return f

    @property
    def ok(self) -> bool:
        """Read and checked (whatever was found)."""
        return self.error is None

    @property
    def counts(self) -> dict[str, int | None]:
        """Findings by severity and in total (``None`` each when not checked)."""
        if self.error is not None:
            return dict.fromkeys([*(s.value for s in Severity), "total"], None)
        f = self._findings
        if isinstance(f, _PackedFindings):  # no need to decode them to count them
            c = collections.Counter(t[1] for t in f)
            return {**{s.value: c.get(s.value, 0) for s in Severity}, "total": len(f)}
        return dict(summarize(f))

    def summary(self) -> dict[str, Any]:
        """The :data:`SUMMARY_FIELDS` of this source; counts are ``None`` when unread."""
        c = self.counts
        return {"source": self.name, "kind": self.kind, "department": self.department,
                "year": self.year, "errors": c["error"], "rounding": c["rounding"],
                "warnings": c["warning"],
                "read_problems": self.read_problems if self.error is None else None,
                "seconds": round(self.seconds, 3),  # float-ok: a duration
                "read_error": self.error}


@attrs.frozen
class _Options:
    """What every work unit needs besides its sources (picklable, no global state)."""

    mode: str
    rules: tuple[str, ...] | None
    store: CatalogStore | None
    encoding: str | None
    scheme: str | None
    year: int | None
    unit: str | None
    batch: str = ""
    """A token naming the batch, so that a worker keeps one copy of its store."""


_WORKER_STORES: dict[str, CatalogStore] = {}
"""In a worker: the store of each recent batch, rebuilt once rather than once a unit
(its loaded catalogs are the caches of that batch's store, nothing more)."""


def _batch_store(opt: _Options) -> _Options:
    if opt.store is None or not opt.batch:
        return opt
    kept = _WORKER_STORES.get(opt.batch)
    if kept is None:
        while len(_WORKER_STORES) >= 4:
            _WORKER_STORES.pop(next(iter(_WORKER_STORES)))
        _WORKER_STORES[opt.batch] = opt.store
        return opt
    return attrs.evolve(opt, store=kept)


@attrs.frozen
class _Unit:
    """A work unit: a few ``(index, source)`` pairs and the options."""

    items: tuple[tuple[int, Source], ...]
    options: _Options


def _name(source: Source) -> str:
    if isinstance(source, Report):
        return f"<report {source.department} {source.year}>"
    if isinstance(source, LedgerTable):
        return f"<table {source.id}>"
    return os.fspath(source)


def _check_one(index: int, source: Source, opt: _Options) -> Checked:
    """Read and check one source; every exception becomes the result's ``error``."""
    from govaccts.checks.runner import check_report, check_table

    start = time.perf_counter()
    name = _name(source)
    kind, department, year, problems = "", "", None, 0
    findings: list[Finding] = []
    try:
        target: Report | LedgerTable
        if isinstance(source, (Report, LedgerTable)):
            target = source
        elif os.fspath(source).lower().endswith(TABLE_SUFFIXES):
            from govaccts.io.tables import read_table

            target = read_table(Path(source), scheme=opt.scheme, year=opt.year, unit=opt.unit,
                                encoding=opt.encoding)
        else:
            from govaccts.io.reading import read_report

            target = read_report(Path(source), encoding=opt.encoding, store=opt.store)
        if isinstance(target, Report):
            kind, department, year = target.kind.name, target.department, target.year
            problems = sum(len(t.problems) for t in target.tables.values())
            findings = check_report(target, mode=opt.mode, rules=opt.rules, store=opt.store)
        else:
            kind, year, problems = "table", target.year, len(target.problems)
            findings = check_table(target, mode=opt.mode, rules=opt.rules, store=opt.store)
    except Exception as exc:  # a bad source never stops the batch
        return Checked(index, source, name, kind, department, year, error=_describe(exc),
                       seconds=time.perf_counter() - start)
    return Checked(index, source, name, kind, department, year, tuple(findings), None, problems,
                   time.perf_counter() - start)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


_Packed = tuple[Any, ...]
"""A result as plain tuples, strings and numbers: a tenth of the pickling cost of the
attrs objects, on both sides of the pipe (checked equal in the tests)."""


def _pack_finding(f: Finding) -> _Packed:
    loc = f.location
    return (f.rule, f.severity.value, f.message_zh, f.message_en, f.table, f.row, f.column,
            *(None if v is None else str(v)
              for v in (f.reported, f.computed, f.difference, f.tolerance)),
            f.mode, tuple((c.table, c.row, c.column, c.text) for c in f.cells),
            None if loc is None else (loc.file, loc.line, loc.table, loc.row, loc.column,
                                      loc.page),
            f.detail, f.strict, f.cause)


def _unpack_finding(t: _Packed) -> Finding:
    from decimal import Decimal

    from govaccts.checks.findings import CellRef
    from govaccts.errors import Location

    (rule, sev, zh, en, table, row, column, rep, comp, diff, tol, mode, cells, loc,
     detail, strict, cause) = t
    def dec(v: str | None) -> Decimal | None:
        return None if v is None else Decimal(v)

    return Finding(rule, Severity(sev), zh, en, table, row, column, dec(rep), dec(comp),
                   dec(diff), dec(tol), mode, tuple(CellRef(*c) for c in cells),
                   None if loc is None else Location(*loc), detail, strict, cause)


class _PackedFindings(tuple):  # type: ignore[type-arg]
    """Findings as they came from a worker, decoded by :attr:`Checked.findings` on use."""

    __slots__ = ()


def _decoded(f: tuple[Finding, ...] | _PackedFindings) -> tuple[Finding, ...]:
    if isinstance(f, _PackedFindings):
        return tuple(_unpack_finding(t) for t in f)
    return f


def _run_unit(unit: _Unit) -> list[_Packed]:
    """Check a unit's sources in a worker; results travel back packed, sources as names."""
    out = []
    opt = _batch_store(unit.options)
    for index, source in unit.items:
        c = _check_one(index, source, opt)
        out.append((c.index, c.name, c.kind, c.department, c.year,
                    tuple(_pack_finding(f) for f in c.findings), c.error, c.read_problems,
                    c.seconds))
    return out


def _unpack(source: Source, t: _Packed) -> Checked:
    index, name, kind, department, year, findings, error, problems, seconds = t
    return Checked(index, source, name, kind, department, year, _PackedFindings(findings),
                   error, problems, seconds)


def _chunks(sources: Iterable[Source], size: int) -> Iterator[tuple[tuple[int, Source], ...]]:
    chunk: list[tuple[int, Source]] = []
    for i, s in enumerate(sources):
        chunk.append((i, s))
        if len(chunk) == size:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)


def check_many(sources: Iterable[Source], *, executor: Executor | None = None,
               mode: Mode | str = Mode.HALF_UP, rules: Iterable[str] | str | None = None,
               store: CatalogStore | None = None, encoding: str | None = None,
               scheme: str | None = None, year: int | None = None, unit: str | None = None,
               chunksize: int = 4, max_pending: int | None = None) -> Iterator[Checked]:
    """Read and check every source; yield a :class:`Checked` for each, in input order.

    ``sources`` are paths (report folders, ``manifest.toml``, seed text, ``.csv``/``.tsv``
    tables) or reports and tables already in memory, in any iterable (it is consumed
    lazily).  ``executor`` is any :class:`concurrent.futures.Executor`: ``None`` checks
    in this process, one source after another; a :class:`~concurrent.futures.ProcessPoolExecutor`
    uses the cores of one machine; ``distributed.Client(...).get_executor()`` a Dask
    cluster.  ``mode``, ``rules`` and ``store`` are those of :func:`govaccts.check`;
    ``encoding`` applies to every file; ``scheme``, ``year`` and ``unit`` to tables read
    from CSV (as in :func:`govaccts.read_table`).

    With an executor, sources go out ``chunksize`` at a time, with at most
    ``max_pending`` chunks in flight (default: four per worker of a pool, else 64), so a
    batch of any size streams in bounded memory.  A result's ``source`` is the object
    given.  A chunk that fails as a whole (a worker lost, a report that cannot be
    pickled) is tried again one source at a time, so that only the source to blame
    is marked with the error; the batch goes on.
    """
    if chunksize < 1:
        raise GovacctsError(f"chunksize must be at least 1, not {chunksize}")
    sel = (rules,) if isinstance(rules, str) else tuple(rules) if rules is not None else None
    opt = _Options(Mode.parse(mode).value, sel, store, encoding, scheme, year, unit,
                   uuid.uuid4().hex if store is not None and executor is not None else "")
    return _iterate(sources, executor, opt, chunksize, max_pending)


def _iterate(sources: Iterable[Source], executor: Executor | None, opt: _Options,
             chunksize: int, max_pending: int | None) -> Iterator[Checked]:
    if executor is None:
        for i, s in enumerate(sources):
            yield _check_one(i, s, opt)
        return
    if max_pending is None:
        workers = getattr(executor, "_max_workers", None)
        max_pending = 4 * workers if isinstance(workers, int) and workers > 0 else 64
    pending: collections.deque[tuple[tuple[tuple[int, Source], ...], Future[list[_Packed]]]] = \
        collections.deque()
    chunks = _chunks(sources, chunksize)
    try:
        for chunk in chunks:
            pending.append((chunk, executor.submit(_run_unit, _Unit(chunk, opt))))
            if len(pending) >= max_pending:
                yield from _collect(*pending.popleft(), executor, opt)
        while pending:
            yield from _collect(*pending.popleft(), executor, opt)
    finally:
        for _, fut in pending:
            fut.cancel()


def _collect(chunk: tuple[tuple[int, Source], ...], fut: Future[list[_Packed]],
             executor: Executor, opt: _Options) -> Iterator[Checked]:
    try:
        results = fut.result()
    except Exception as exc:  # the unit failed as a whole: try its sources one by one
        if len(chunk) == 1:
            i, s = chunk[0]
            yield Checked(i, s, _name(s), error=_describe(exc))
            return
        for one in chunk:
            try:
                single = executor.submit(_run_unit, _Unit((one,), opt))
            except Exception as exc2:  # the executor itself is gone
                yield Checked(one[0], one[1], _name(one[1]), error=_describe(exc2))
                continue
            yield from _collect((one,), single, executor, opt)
        return
    for (_, s), packed in zip(chunk, results, strict=True):
        yield _unpack(s, packed)


# -- sources and summaries -------------------------------------------------------------
def _is_report_dir(p: Path) -> bool:
    return (p / "manifest.toml").is_file()


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand paths into sources: a folder that is no report is searched for reports.

    A report folder (one holding ``manifest.toml``), a ``manifest.toml``, a ``.txt``
    or a ``.csv``/``.tsv`` file is a source as it is; any other folder is walked, in
    sorted order, for report folders (not entered), ``.txt`` seed text and
    ``.csv``/``.tsv`` tables.  A path that does not exist is kept, to be reported.
    """
    out: list[Path] = []
    for given in paths:
        p = Path(given)
        if not p.is_dir() or _is_report_dir(p):
            out.append(p)
            continue
        out.extend(_walk(p))
    return out


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            if _is_report_dir(child):
                yield child
            elif not child.name.startswith("."):
                yield from _walk(child)
        elif child.suffix.lower() in (".txt", *TABLE_SUFFIXES) and not child.name.startswith("."):
            yield child


def _summary_row(x: Checked | Mapping[str, Any]) -> Mapping[str, Any]:
    return x.summary() if isinstance(x, Checked) else x


def summary_csv(results: Iterable[Checked | Mapping[str, Any]]) -> str:
    """One CSV line a source (:data:`SUMMARY_FIELDS`); unread counts are empty.

    ``results`` are :class:`Checked` results or their :meth:`Checked.summary` dicts
    (which is all a long batch needs to keep).
    """
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    w.writeheader()
    for x in results:
        w.writerow({k: "" if v is None else v for k, v in _summary_row(x).items()})
    return buf.getvalue()


def summary_json(results: Iterable[Checked | Mapping[str, Any]]) -> str:
    """``{"sources": [summary, …], "totals": {…}}`` as JSON (unread counts are null)."""
    rows = [dict(_summary_row(x)) for x in results]
    totals: dict[str, int] = {"sources": len(rows)}
    for k in ("errors", "rounding", "warnings", "read_problems"):
        totals[k] = sum(r[k] for r in rows if r[k] is not None)
    totals["read_errors"] = sum(1 for r in rows if r["read_error"] is not None)
    return json.dumps({"sources": rows, "totals": totals}, ensure_ascii=False, indent=2) + "\n"
