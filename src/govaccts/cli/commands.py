"""Command-line interface: ``govaccts lookup | tree | search | resolve | diff | catalogs``.

Every command takes ``--format text`` (the default: aligned for Chinese display
width) or ``--format json`` (UTF-8, not ASCII-escaped, sorted keys).  Exit codes:

* ``0`` — success;
* ``1`` — a well-formed question with no single answer: ``resolve`` of an unknown or
  ambiguous name, ``search`` without a match;
* ``2`` — bad input: a usage error, a malformed or unknown code, an unknown scheme
  or edition.  One line ``govaccts: error: <message>`` goes to stderr, never a
  traceback.

>>> main(["lookup", "201 31 01", "--year", "2023"])  # doctest: +ELLIPSIS
2013101  行政运行
scheme    function (支出功能分类科目)
...
path      201 › 20131 › 2013101
          一般公共服务支出 › 党委办公厅（室）及相关机构事务 › 行政运行
status    verified (a cited source attests it for this year)
...
0
>>> main(["lookup", "2013101", "--year", "1999"])  # error on stderr: exit status 2
2

Adding a command: write ``_args_<name>(parser)`` (its arguments) and
``_cmd_<name>(args) -> int`` (build a JSON-able payload, hand it to :func:`emit`
with a text renderer, return the exit code), then add a :class:`Command` to
:data:`COMMANDS`.  ``--format`` is added to every command by :func:`_build_parser`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

import attrs

from govaccts.catalogs.codes import (
    LEVEL_NAMES,
    SCHEMES,
    ancestor_codes,
    get_scheme,
    level_of,
    parse_code,
)
from govaccts.catalogs.entries import Catalog, Entry
from govaccts.catalogs.evidence import Source
from govaccts.catalogs.history import FormerName, diff
from govaccts.catalogs.names import fold
from govaccts.catalogs.references import split_reference
from govaccts.catalogs.store import catalog, editions
from govaccts.cli.textwidth import display_width, pad, render_table
from govaccts.errors import (
    AmbiguousNameError,
    GovacctsError,
    UnknownCodeError,
    UnknownNameError,
)

__all__ = ["COMMANDS", "EXIT_NOT_FOUND", "EXIT_OK", "EXIT_USAGE", "Command", "emit", "main"]

PROG = "govaccts"
EXIT_OK = 0
EXIT_NOT_FOUND = 1
"""A well-formed question without a single answer (unknown or ambiguous name, no match)."""
EXIT_USAGE = 2
"""Bad input: usage error, malformed or unknown code, unknown scheme or edition."""

Payload = dict[str, Any]
"""What a command produces: JSON-able, and the only input of its text renderer."""

MARKERS = {"verified": "✓", "carried": "~", "unverified": "?", None: "-"}
"""Tree markers by status (``None``: a code absent from the edition but with codes below)."""

_STATUS_HELP = {
    "verified": "a cited source attests it for this year",
    "carried": "attested in other years only, carried by its validity range",
    "unverified": "no source: the maintainers' knowledge",
}
_SCHEME_BY_DIGIT = {s.leading_digit: s.name for s in SCHEMES.values()}
_DEFAULT_SCHEME = "function"
_CODE_LIKE = re.compile(r"[\d\s|｜/\\\-—_.,，、]+")
_TAG = re.compile(r"[(（](?:类|款|项|目)[)）]")


# -- plumbing ----------------------------------------------------------------------
class UsageError(Exception):
    """A command line argparse rejects; reported as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises :class:`UsageError` instead of printing usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


@attrs.frozen
class Command:
    """One subcommand: its name, one-line help, argument setup and implementation."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _write(stream: TextIO, text: str, *, utf8: bool = False) -> None:
    """Write ``text``; as UTF-8 bytes when ``utf8`` or when the stream cannot encode it."""
    encoding = getattr(stream, "encoding", None)
    buffer = getattr(stream, "buffer", None)
    if encoding and buffer is not None:
        norm = encoding.lower().replace("-", "").replace("_", "")
        needs_bytes = utf8 and norm != "utf8"
        if not needs_bytes:
            try:
                text.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                needs_bytes = True
        if needs_bytes:
            stream.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
            return
    stream.write(text)


def emit(args: argparse.Namespace, payload: Payload, render: Callable[[Payload], str]) -> None:
    """Write a command's result to stdout in the format chosen by ``--format``.

    JSON is the payload itself (UTF-8, ``ensure_ascii=False``, sorted keys, indent 2);
    text is ``render(payload)``, so both formats always carry the same facts.
    """
    if getattr(args, "format", "text") == "json":
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2)
        _write(sys.stdout, text + "\n", utf8=True)
    else:
        text = render(payload)
        _write(sys.stdout, text if text.endswith("\n") or not text else text + "\n")


def _error(message: str) -> int:
    line = " ".join(message.split())
    _write(sys.stderr, f"{PROG}: error: {line}\n")
    return EXIT_USAGE


def _year(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid year {text!r}") from None


def _int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: an int no smaller than ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value
    return parse


_positive = _int_at_least(1)
_non_negative = _int_at_least(0)


def _add_scheme(p: argparse.ArgumentParser, inferred: bool = False) -> None:
    extra = (" (default: inferred from the code's leading digit — 1 revenue, 2 function, "
             "3 dept-economic, 5 gov-economic)") if inferred else " (default: function)"
    p.add_argument("--scheme", metavar="SCHEME",
                   help=f"classification: {', '.join(SCHEMES)}{extra}")


def _add_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, required=True, help="fiscal year of the edition")


# -- shared helpers ----------------------------------------------------------------
def _scheme_name(scheme: str | None) -> str:
    return get_scheme(scheme).name if scheme is not None else _DEFAULT_SCHEME


def _code_and_scheme(text: str, scheme: str | None) -> tuple[str, str]:
    """Parse a printed code; without ``scheme``, infer it from the leading digit."""
    if scheme is not None:
        name = get_scheme(scheme).name
        return parse_code(text, name), name
    code = parse_code(text)
    name = _SCHEME_BY_DIGIT.get(code[0], _DEFAULT_SCHEME)
    return parse_code(text, name), name


def _looks_like_code(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).strip()
    return _CODE_LIKE.fullmatch(folded) is not None and any(c.isdigit() for c in folded)


def _tree_index(cat: Catalog) -> dict[str, list[str]]:
    """Child codes by parent code ('' is the top); absent ancestors are filled in."""
    kids: dict[str, set[str]] = {}
    for code in cat:
        parent = ""
        for c in (*ancestor_codes(code), code):
            kids.setdefault(parent, set()).add(c)
            parent = c
    return {k: sorted(v) for k, v in kids.items()}


def _level_name(code: str) -> str:
    return LEVEL_NAMES[level_of(code)]


def _brief(e: Entry) -> Payload:
    return {"code": e.code, "name": e.name, "level": e.level, "level_name": e.level_name,
            "status": e.status.value}


def _source(s: Source) -> Payload:
    return {"id": s.id, "kind": s.kind.value, "title": s.title, "year": s.year,
            "reference": s.reference, "note": s.note}


def _path(cat: Catalog, code: str) -> list[Payload]:
    """类 → ``code``, absent ancestors included with ``name`` and ``status`` null."""
    out: list[Payload] = []
    for c in (*ancestor_codes(code), code):
        e = cat.get(c)
        out.append({"code": c, "level_name": _level_name(c), "in_edition": e is not None,
                    "name": e.name if e else None, "status": e.status.value if e else None})
    return out


def _former(f: FormerName) -> Payload:
    return {"code": f.code, "name": f.name, "year": f.year, "current_name": f.current_name}


def _former_line(f: Payload) -> str:
    now = f"now {f['current_name']}" if f["current_name"] else "not in this edition"
    return f"{f['name']} was the name of {f['code']} in {f['year']}, {now}"


def _edition(cat: Catalog) -> Payload:
    return {"scheme": cat.scheme, "year": cat.year, "label": cat.info.label,
            "completeness": cat.info.completeness, "approximate": cat.info.approximate}


def _edition_line(p: Payload) -> str:
    e = p["edition"]
    flags = [e["completeness"]] + (["approximately dated"] if e["approximate"] else [])
    return f"{e['scheme']} {e['year']}: {e['label']} [{', '.join(flags)}]"


def _record(pairs: Sequence[tuple[str, str | list[str]]]) -> str:
    """Key/value lines with the values aligned; a list value continues on more lines."""
    width = max(display_width(k) for k, _ in pairs)
    lines: list[str] = []
    for key, value in pairs:
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values or [""]):
            lines.append((pad(key if i == 0 else "", width) + "  " + v).rstrip())
    return "\n".join(lines)


# -- lookup ------------------------------------------------------------------------
def _args_lookup(p: argparse.ArgumentParser) -> None:
    p.add_argument("code", metavar="CODE", help='a code, joined or printed in parts ("201 31 01")')
    _add_year(p)
    _add_scheme(p, inferred=True)


def _cmd_lookup(args: argparse.Namespace) -> int:
    """Show one code: name, level, path, status, sources, aliases and note."""
    code, scheme = _code_and_scheme(args.code, args.scheme)
    cat = catalog(scheme, args.year)
    if code not in cat:
        below = sum(1 for c in cat if c.startswith(code))
        if below:
            raise GovacctsError(
                f"{UnknownCodeError(code, scheme, cat.year)}; {below} code(s) below it are in "
                f"the edition (see: {PROG} tree {code} --year {cat.year} --scheme {scheme})")
    e = cat[code]
    payload: Payload = {
        **_brief(e), "scheme": cat.scheme, "year": cat.year,
        "path": _path(cat, e.code),
        "sources": [_source(s) for s in e.sources],
        "aliases": list(e.aliases), "note": e.note,
        "children": [c.code for c in e.children],
        "codes_below": sum(1 for c in cat if c.startswith(e.code) and c != e.code),
        "edition": _edition(cat),
    }
    emit(args, payload, _render_lookup)
    return EXIT_OK


def _render_lookup(p: Payload) -> str:
    path = p["path"]
    sources: list[str] = []
    for s in p["sources"]:
        year = f", {s['year']}" if s["year"] is not None else ""
        sources.append(f"{s['id']} ({s['kind']}{year})")
        sources.append(f"  {s['title']}")
        sources.append(f"  {s['reference']}")
        if s["note"]:
            sources.append(f"  {s['note']}")
    children = p["children"]
    kids = f"{len(children)}: {' '.join(children[:10])}" if children else "none"
    if len(children) > 10:
        kids += " ..."
    if p["codes_below"] > len(children):
        kids += (f" ({p['codes_below']} codes below in all; see: {PROG} tree {p['code']} "
                 f"--year {p['year']})")
    scheme = SCHEMES[p["scheme"]]
    return "\n".join([
        f"{p['code']}  {p['name']}",
        _record([
            ("scheme", f"{scheme.name} ({scheme.title})"),
            ("edition", _edition_line(p)),
            ("level", p["level_name"]),
            ("path", [" › ".join(a["code"] for a in path),
                      " › ".join(a["name"] or "(not in edition)" for a in path)]),
            ("status", f"{p['status']} ({_STATUS_HELP[p['status']]})"),
            ("sources", sources or ["none"]),
            ("aliases", " | ".join(p["aliases"]) or "none"),
            ("note", p["note"] or "none"),
            ("children", kids),
        ]),
    ])


# -- tree --------------------------------------------------------------------------
def _args_tree(p: argparse.ArgumentParser) -> None:
    p.add_argument("code", metavar="CODE", nargs="?",
                   help="top of the subtree (default: the whole edition, 类 only)")
    _add_year(p)
    _add_scheme(p, inferred=True)
    p.add_argument("--depth", type=_positive, metavar="N",
                   help="levels shown below CODE (default: all; without CODE: 1, the 类)")


def _cmd_tree(args: argparse.Namespace) -> int:
    """Show a subtree (or the edition's top levels) as an indented tree with status markers."""
    if args.code is not None:
        code, scheme = _code_and_scheme(args.code, args.scheme)
    else:
        code, scheme = None, _scheme_name(args.scheme)
    cat = catalog(scheme, args.year)
    index = _tree_index(cat)
    if code is not None and code not in cat and code not in index:
        cat[code]  # raises UnknownCodeError
    depth: int | None = args.depth if args.depth is not None else (None if code else 1)

    def node(c: str, remaining: int | None) -> Payload:
        e = cat.get(c)
        kids = index.get(c, [])
        shown = kids if remaining is None or remaining > 0 else []
        nxt = None if remaining is None else remaining - 1
        return {"code": c, "name": e.name if e else None, "level_name": _level_name(c),
                "status": e.status.value if e else None, "in_edition": e is not None,
                "children": [node(k, nxt) for k in shown],
                "hidden_children": len(kids) - len(shown)}

    if code is None:
        nodes = [node(c, None if depth is None else depth - 1) for c in index.get("", [])]
    else:
        nodes = [node(code, depth)]
    payload: Payload = {"scheme": cat.scheme, "year": cat.year, "root": code, "depth": depth,
                        "nodes": nodes, "edition": _edition(cat)}
    emit(args, payload, _render_tree)
    return EXIT_OK


def _render_tree(p: Payload) -> str:
    lines = [_edition_line(p)]

    def walk(n: Payload, indent: int) -> None:
        name = n["name"] if n["in_edition"] else "(no entry in this edition)"
        more = f"  (+{n['hidden_children']})" if n["hidden_children"] else ""
        lines.append(f"{MARKERS[n['status']]} {'  ' * indent}{n['code']}  {name}{more}")
        for k in n["children"]:
            walk(k, indent + 1)

    for n in p["nodes"]:
        walk(n, 0)
    lines.append("")
    lines.append("✓ verified  ~ carried  ? unverified  - no entry (codes below it only)"
                 "  (+N) children not shown")
    return "\n".join(lines)


# -- search ------------------------------------------------------------------------
def _args_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help="a name, part of a name, or a code prefix")
    _add_year(p)
    _add_scheme(p, inferred=True)
    p.add_argument("--limit", type=_non_negative, default=20, metavar="N",
                   help="show at most N matches (default: 20; 0: all)")


def _cmd_search(args: argparse.Namespace) -> int:
    """Ranked matches of a name or code prefix; hints at former names of unknown names."""
    query: str = args.query
    scheme = args.scheme
    if scheme is None and _looks_like_code(query):
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", query))
        scheme = _SCHEME_BY_DIGIT.get(digits[:1])
    cat = catalog(_scheme_name(scheme), args.year)
    found = cat.search(query)
    shown = found[:args.limit] if args.limit else found
    former: list[Payload] = []
    if not _looks_like_code(query) and not cat.resolve_all(query):
        former = [_former(f) for f in cat.former_names(query)]
    results: list[Payload] = []
    for e in shown:
        parent = e.parent_code
        pe = cat.get(parent) if parent else None
        results.append({**_brief(e), "parent_code": parent,
                        "parent_name": pe.name if pe else None})
    payload: Payload = {"scheme": cat.scheme, "year": cat.year, "query": query,
                        "total": len(found), "limit": args.limit or None,
                        "results": results, "former_names": former}
    emit(args, payload, _render_search)
    return EXIT_OK if found else EXIT_NOT_FOUND


def _render_search(p: Payload) -> str:
    lines: list[str] = []
    if p["results"]:
        rows = [[r["code"], r["level_name"], r["name"], r["status"],
                 (r["parent_name"] or f"{r['parent_code']} (not in edition)")
                 if r["parent_code"] else ""]
                for r in p["results"]]
        lines.append(render_table(["code", "level", "name", "status", "under"], rows))
        if p["total"] > len(p["results"]):
            lines.append(f"showing {len(p['results'])} of {p['total']} matches "
                         "(--limit 0 shows all)")
    else:
        lines.append(f"no entry matches {p['query']!r} in {p['scheme']} {p['year']}")
    for f in p["former_names"]:
        lines.append(f"note: {_former_line(f)}")
    return "\n".join(lines)


# -- resolve -----------------------------------------------------------------------
def _args_resolve(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME",
                   help="a printed name, or a reference such as 一般公共服务（类）人大事务（款）"
                        "行政运行（项）")
    _add_year(p)
    p.add_argument("--parent", metavar="P", help="narrow to the descendants of a code or name")
    _add_scheme(p)


def _cmd_resolve(args: argparse.Namespace) -> int:
    """The one entry a printed name (or a 「X（类）Y（款）」 reference) denotes."""
    name: str = args.name
    scheme = args.scheme
    parent_arg: str | None = args.parent
    if scheme is None and parent_arg is not None and _looks_like_code(parent_arg):
        scheme = _SCHEME_BY_DIGIT.get(parse_code(parent_arg)[0])
    cat = catalog(_scheme_name(scheme), args.year)
    tagged = len(split_reference(name)) > 1  # a single tagged name resolves as a name
    parent: str | None = None
    if parent_arg is not None:
        if tagged:
            raise UsageError("--parent cannot be combined with a level-tagged reference")
        try:
            if _looks_like_code(parent_arg):
                parent = cat[parse_code(parent_arg, cat.scheme)].code
            else:
                parent = cat.resolve(parent_arg).code
        except GovacctsError as exc:
            raise GovacctsError(f"--parent: {exc}") from None
    payload: Payload = {"scheme": cat.scheme, "year": cat.year, "query": name,
                        "parent": parent, "entry": None, "candidates": [],
                        "former_names": [], "message": None}
    try:
        e = _resolve_reference(cat, name) if tagged else cat.resolve(name, parent=parent)
    except AmbiguousNameError as exc:
        how = {m.entry.code: m.how for m in cat.resolve_all(exc.name)}
        payload.update(status="ambiguous", message=str(exc), candidates=[
            {**_brief(cat[c]), "how": how.get(c), "path": _path(cat, c)}
            for c in exc.codes])
        code = EXIT_NOT_FOUND
    except UnknownNameError as exc:
        payload.update(status="not-found", message=str(exc),
                       former_names=[_former(f) for f in cat.former_names(exc.name)])
        code = EXIT_NOT_FOUND
    else:
        payload.update(status="found", entry={**_brief(e), "path": _path(cat, e.code)})
        code = EXIT_OK
    emit(args, payload, _render_resolve)
    return code


def _resolve_reference(cat: Catalog, text: str) -> Entry:
    """``Catalog.resolve_path``, plus an untagged last part (「X（类）Y（款）行政运行」)."""
    folded = fold(text)
    tags = list(_TAG.finditer(folded))
    rest = folded[tags[-1].end():] if tags else ""
    if not rest:
        return cat.resolve_path(text)
    # split_reference drops text after the last tag: resolve it under the tagged part.
    return cat.resolve(rest, parent=cat.resolve_path(folded[:tags[-1].end()]).code)


def _render_resolve(p: Payload) -> str:
    if p["status"] == "found":
        e = p["entry"]
        return "\n".join([
            f"{e['code']}  {e['name']}",
            _record([("level", e["level_name"]), ("status", e["status"]),
                     ("path", [" › ".join(a["code"] for a in e["path"]),
                               " › ".join(a["name"] or "(not in edition)" for a in e["path"])])]),
        ])
    lines = [p["message"]]
    if p["status"] == "ambiguous":
        rows = [[c["code"], c["level_name"], c["name"], c["how"] or "",
                 " › ".join(a["name"] or a["code"] for a in c["path"])]
                for c in p["candidates"]]
        lines.append(render_table(["code", "level", "name", "match", "path"], rows))
        lines.append("narrow with --parent CODE|NAME, or give a reference such as "
                     "一般公共服务（类）人大事务（款）行政运行（项）")
    for f in p["former_names"]:
        lines.append(f"note: {_former_line(f)}")
    return "\n".join(lines)


# -- diff --------------------------------------------------------------------------
def _args_diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("old_year", type=_year, metavar="OLD_YEAR")
    p.add_argument("new_year", type=_year, metavar="NEW_YEAR")
    _add_scheme(p)


def _cmd_diff(args: argparse.Namespace) -> int:
    """Codes added, removed and renamed between two editions of one scheme."""
    scheme = _scheme_name(args.scheme)
    old, new = catalog(scheme, args.old_year), catalog(scheme, args.new_year)
    d = diff(old, new)
    notes: list[str] = []
    partial = [c.year for c in (old, new) if c.info.completeness == "partial"]
    if partial:
        years = " and ".join(str(y) for y in partial)
        verb = "is a partial edition" if len(partial) == 1 else "are partial editions"
        notes.append(f"{scheme} {years} {verb}: a code listed as removed or added may only "
                     "lack evidence there")
    for c in (old, new):
        if c.info.approximate:
            notes.append(f"{scheme} {c.year} is dated approximately ({c.info.label})")
    payload: Payload = {
        "scheme": scheme, "old_year": old.year, "new_year": new.year,
        "old_edition": _edition(old), "new_edition": _edition(new),
        "added": [_brief(e) for e in d.added],
        "removed": [_brief(e) for e in d.removed],
        "renamed": [{"code": r.code, "level_name": _level_name(r.code), "old_name": r.old_name,
                     "new_name": r.new_name, "cosmetic": r.cosmetic} for r in d.renamed],
        "notes": notes,
    }
    emit(args, payload, _render_diff)
    return EXIT_OK


def _render_diff(p: Payload) -> str:
    renamed, added, removed = p["renamed"], p["added"], p["removed"]
    cosmetic = sum(r["cosmetic"] for r in renamed)
    lines = [f"{p['scheme']} {p['old_year']} → {p['new_year']}: {len(added)} added, "
             f"{len(removed)} removed, {len(renamed)} renamed ({cosmetic} cosmetic)"]
    if renamed:
        lines += ["", f"renamed ({len(renamed)})", render_table(
            ["code", "level", "old name", "", "new name", "change"],
            [[r["code"], r["level_name"], r["old_name"], "→", r["new_name"],
              "cosmetic" if r["cosmetic"] else "renamed"] for r in renamed])]
    for title, rows in (("added", added), ("removed", removed)):
        if rows:
            lines += ["", f"{title} ({len(rows)})", render_table(
                ["code", "level", "name", "status"],
                [[e["code"], e["level_name"], e["name"], e["status"]] for e in rows])]
    if p["notes"]:
        lines.append("")
        lines += [f"note: {n}" for n in p["notes"]]
    return "\n".join(lines)


# -- catalogs ----------------------------------------------------------------------
def _args_catalogs(p: argparse.ArgumentParser) -> None:
    _add_scheme(p)


def _cmd_catalogs(args: argparse.Namespace) -> int:
    """Every edition: label, rows, verified/carried/unverified by level, orphans, completeness."""
    schemes = [get_scheme(args.scheme).name] if args.scheme else list(SCHEMES)
    out: list[Payload] = []
    for s in schemes:
        for y in editions(s):
            cat = catalog(s, y)
            cov = cat.coverage()
            out.append({
                **_edition(cat), "rows": cov.rows, "verified": cov.verified,
                "carried": cov.carried, "unverified": cov.unverified,
                "levels": SCHEMES[s].levels,
                "by_level": [{"level": lv.level, "level_name": LEVEL_NAMES[lv.level],
                              "rows": lv.rows, "verified": lv.verified, "carried": lv.carried,
                              "unverified": lv.unverified} for lv in cov.by_level],
                "orphans": len(cov.orphans),
            })
    emit(args, {"editions": out}, _render_catalogs)
    return EXIT_OK


def _render_catalogs(p: Payload) -> str:
    eds = p["editions"]
    if not eds:
        return "no editions"
    nlevels = max(e["levels"] for e in eds)
    headers = ["scheme", "year", "rows", *(LEVEL_NAMES[i] for i in range(1, nlevels + 1)),
               "orphans", "completeness", "dating", "label"]
    rows: list[list[object]] = []
    for e in eds:
        by = {lv["level"]: lv for lv in e["by_level"]}
        cells: list[object] = []
        for i in range(1, nlevels + 1):
            lv = by.get(i)
            if i > e["levels"]:
                cells.append("")
            elif lv is None:
                cells.append("0/0/0")
            else:
                cells.append(f"{lv['verified']}/{lv['carried']}/{lv['unverified']}")
        rows.append([e["scheme"], e["year"], e["rows"], *cells, e["orphans"],
                     e["completeness"], "approximate" if e["approximate"] else "exact",
                     e["label"]])
    align = ["<", ">", ">", *([">"] * nlevels), ">", "<", "<", "<"]
    return "\n".join([
        render_table(headers, rows, align=align), "",
        f"{'/'.join(LEVEL_NAMES[i] for i in range(1, nlevels + 1))}: verified/carried/"
        "unverified rows of that level; orphans: rows whose parent is not in the edition",
    ])


# -- check -----------------------------------------------------------------------------
def _args_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", nargs="?", metavar="REPORT|TABLE.csv",
                   help="a report folder, its manifest.toml, seed-style text (.txt), "
                        "or one table as CSV/TSV")
    p.add_argument("--example", metavar="NAME", help="check a bundled example report "
                   "(hetang-2023)")
    p.add_argument("--mode", choices=("half-up", "interval", "exact"), default="half-up",
                   help="tolerance model (default: half-up, 四舍五入)")
    p.add_argument("--rules", action="append", metavar="IDS",
                   help="rule ids or prefixes to run, comma-separated (e.g. sum.,narrative.)")
    p.add_argument("--scheme", help="a table's scheme (default: from its code column, "
                   "else function)")
    p.add_argument("--year", type=_year, help="a table's fiscal year (or its FISCAL_YEAR column)")
    p.add_argument("--unit", default="万元", help="a table's unit (default: 万元)")
    p.add_argument("--identity", action="append", default=[], metavar="EXPR",
                   help='a row identity for a table, e.g. "合计=基本支出+项目支出" (repeatable)')
    p.add_argument("--show-info", action="store_true", help="also list info findings")
    p.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when errors are found (findings are still printed)")


def _cmd_check(args: argparse.Namespace) -> int:
    """Check a report or a table: every finding, errors first; exit 1 if any is an error."""
    import govaccts
    from govaccts.io.tables import read_table

    if bool(args.example) == bool(args.target):
        raise UsageError("give a REPORT or TABLE.csv, or --example NAME (one of them)")
    rules = [r.strip() for chunk in (args.rules or []) for r in chunk.split(",") if r.strip()]
    target: govaccts.FinalAccountsReport
    if args.example:
        target = govaccts.example_report(args.example)
        what = {"kind": "report", "name": args.example}
    else:
        path = args.target
        if str(path).lower().endswith((".csv", ".tsv")):
            table = read_table(path, scheme=args.scheme, year=args.year, unit=args.unit)
            findings = govaccts.check_table(table, mode=args.mode, identities=args.identity,
                                            rules=rules or None)
            return _report_findings(args, findings, {"kind": "table", "path": str(path)})
        if args.identity:
            raise UsageError("--identity applies to a single table (TABLE.csv)")
        target = govaccts.read_report(path)
        what = {"kind": "report", "path": str(path)}
    findings = govaccts.check(target, mode=args.mode, rules=rules or None)
    what.update(department=getattr(target, "department", ""), year=getattr(target, "year", None))
    return _report_findings(args, findings, what)


def _report_findings(args: argparse.Namespace, findings: list[Any], what: Payload) -> int:
    from govaccts.checks.findings import Severity, finding_to_dict, render_text, summarize

    summary = summarize(findings)
    shown = findings if args.show_info or args.format == "json" else [
        f for f in findings if f.severity is not Severity.INFO]
    payload: Payload = {"target": what, "mode": args.mode,
                        "findings": [finding_to_dict(f) for f in findings],
                        "summary": summary}

    def render(_: Payload) -> str:
        text = render_text(shown)
        if len(shown) != len(findings):
            text += f" ({summary['info']} info not shown: --show-info)"
        return text

    emit(args, payload, render)
    if args.exit_zero:
        return 0
    return 1 if summary["error"] else 0


# -- registry and entry point ------------------------------------------------------
COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("lookup", "show one code with its path, status and sources",
                _args_lookup, _cmd_lookup),
        Command("tree", "show a subtree, or the edition's top levels", _args_tree, _cmd_tree),
        Command("search", "ranked matches of a name or code prefix", _args_search, _cmd_search),
        Command("resolve", "the entry a printed name or tagged reference denotes",
                _args_resolve, _cmd_resolve),
        Command("diff", "codes added, removed and renamed between two editions",
                _args_diff, _cmd_diff),
        Command("catalogs", "every edition with its evidence coverage",
                _args_catalogs, _cmd_catalogs),
        Command("check", "check a report or table: rounding-aware findings", _args_check,
                _cmd_check),
    )
}
"""Subcommands by name, in ``--help`` order; add a :class:`Command` to extend the CLI."""


def _build_parser() -> argparse.ArgumentParser:
    """The argument parser: one subparser per :data:`COMMANDS` entry, each with ``--format``."""
    from govaccts import __version__

    common = _Parser(add_help=False)
    common.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser = _Parser(prog=PROG, description="The Chinese government chart of accounts "
                     "(政府收支分类科目): look up, browse, search and compare editions.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=_Parser)
    for cmd in COMMANDS.values():
        p = sub.add_parser(cmd.name, parents=[common], help=cmd.help,
                           description=(cmd.run.__doc__ or cmd.help).strip())
        cmd.add_arguments(p)
        p.set_defaults(run=cmd.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        args = _build_parser().parse_args(argv)
        code: int = args.run(args)
        return code
    except (UsageError, GovacctsError) as exc:
        return _error(str(exc))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_NOT_FOUND
    except OSError as exc:  # an unreadable input file (after BrokenPipeError, its subclass)
        return _error(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
