"""Names printed for one code: fragments of wrapped or cut cells, and conflicts.

Documents print a code beside its name; a reader of the printed page may get only
part of a name (a cell wrapped onto a line it did not see, a column too narrow for
the name).  Such a *fragment* is the start or the end of a fuller name that other
printings give for the same code; it must never become a catalog name.  Two names
of one code that are not fragments of each other are a *conflict*: both are listed,
neither is picked by guessing.

>>> r = reconcile("2080506", [("机关事业单位职业年金缴费支出", "doc-a"),
...                           ("机关事业单位职业年金缴费支出", "doc-b"), ("缴费支出", "doc-c")])
>>> [p.name for p in r.kept], [(f.name, f.of) for f in r.fragments], r.conflict
(['机关事业单位职业年金缴费支出'], [('缴费支出', '机关事业单位职业年金缴费支出')], False)
>>> reconcile("2130101", [("行政运行", "a"), ("一般行政管理事务", "b")]).conflict
True
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from govaccts.catalogs.names import name_key


@attrs.frozen
class Printing:
    """One name as printed, and who printed it (citations or source ids, deduplicated)."""

    name: str
    by: tuple[str, ...]

    @property
    def support(self) -> int:
        """How many distinct documents print it."""
        return len(self.by)


@attrs.frozen
class Fragment:
    """A printing whose name is the start or the end of a fuller printed name ``of``."""

    name: str
    by: tuple[str, ...]
    of: str
    of_support: int
    same_year: bool = True
    """Whether ``of`` is printed in the same year; else only elsewhere (a reference)."""

    @property
    def reason(self) -> str:
        where = "start" if name_key(self.of).startswith(name_key(self.name)) else "end"
        docs = f"{self.of_support} document{'s' if self.of_support != 1 else ''}"
        if self.same_year:
            return (f"{self.name!r} is the {where} of {self.of!r} (printed by {docs} that "
                    "year): a wrapped or cut cell")
        return (f"{self.name!r} is the {where} of {self.of!r} (printed by {docs} in other "
                "years): a cut cell or a shorter former name, left out either way")


@attrs.frozen
class Reconciled:
    """The names printed for one code: ``kept`` (one per name key, in order of support)
    and the ``fragments`` left out."""

    code: str
    kept: tuple[Printing, ...]
    fragments: tuple[Fragment, ...]

    @property
    def conflict(self) -> bool:
        """True when two names remain that are not fragments of each other."""
        return len(self.kept) > 1


def _is_part(short: str, long: str) -> bool:
    """Whether key ``short`` is a proper start or end of key ``long``."""
    return len(short) < len(long) and (long.startswith(short) or long.endswith(short))


def reconcile(code: str, printed: Iterable[tuple[str, str]],
              references: Iterable[tuple[str, str]] = ()) -> Reconciled:
    """Group the ``(name, citation)`` printings of ``code`` by name key; leave out fragments.

    A printing is a fragment when its key is a proper start or end of the key of another
    printing of the code, given by at least as many documents, among ``printed`` or the
    ``references`` (printings of the same code elsewhere, e.g. in other years: they help
    to recognise a fragment and are never kept themselves).  The variant printed most
    often names each group.
    """
    groups: dict[str, dict[str, list[str]]] = {}
    for name, by in printed:
        groups.setdefault(name_key(name), {}).setdefault(name, [])
        if by not in groups[name_key(name)][name]:
            groups[name_key(name)][name].append(by)
    ref_groups: dict[str, dict[str, set[str]]] = {}
    for name, by in references:
        ref_groups.setdefault(name_key(name), {}).setdefault(name, set()).add(by)

    def support(variants: dict[str, list[str]] | dict[str, set[str]]) -> set[str]:
        return {b for bys in variants.values() for b in bys}

    def label(variants: dict[str, list[str]] | dict[str, set[str]]) -> str:
        return sorted(variants, key=lambda n: (-len(variants[n]), "(" in n, n))[0]

    here = {k: support(v) for k, v in groups.items()}
    every = {k: support(v) for k, v in ref_groups.items()}
    for k, v in here.items():
        every[k] = every.get(k, set()) | v
    names = {k: label(v) for k, v in ref_groups.items()} | {k: label(v) for k, v in groups.items()}
    kept: list[Printing] = []
    fragments: list[Fragment] = []
    for key, variants in groups.items():
        mine = here[key]
        printing = Printing(label(variants), tuple(sorted(mine)))
        for pool, same in ((here, True), (every, False)):
            fuller = [k for k in pool if _is_part(key, k) and len(every[k]) >= len(mine)]
            if fuller:
                best = max(fuller, key=lambda k: (len(every[k]), len(k), k))
                fragments.append(Fragment(printing.name, printing.by, names[best],
                                          len(pool[best]), same))
                break
        else:
            kept.append(printing)
    kept.sort(key=lambda p: (-p.support, p.name))
    fragments.sort(key=lambda f: f.name)
    return Reconciled(code, tuple(kept), tuple(fragments))
