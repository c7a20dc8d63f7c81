"""The commands about codes and names in one edition: ``lookup``, ``tree``, ``search``, ``resolve``."""

from __future__ import annotations

import argparse

from govaccts.catalogs.codes import SCHEMES, ancestor_codes, parse_code
from govaccts.catalogs.entries import Catalog, Entry
from govaccts.catalogs.names import fold
from govaccts.catalogs.references import split_reference
from govaccts.catalogs.store import catalog
from govaccts.cli.payloads import (
    _brief,
    _catalog,
    _code_and_scheme,
    _edition,
    _edition_line,
    _former,
    _former_line,
    _level_name,
    _looks_like_code,
    _path,
    _record,
    _scheme_guess,
    _scheme_name,
    _source,
    _tree_index,
)
from govaccts.cli.plumbing import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    PROG,
    Command,
    Payload,
    UsageError,
    _add_scheme,
    _add_year,
    _non_negative,
    _positive,
    emit,
)
from govaccts.cli.textwidth import render_table
from govaccts.errors import (
    AmbiguousNameError,
    GovacctsError,
    UnknownCodeError,
    UnknownNameError,
)
from govaccts.io.vocabulary import LEVEL_TAG

MARKERS = {"verified": "✓", "carried": "~", "unverified": "?", "historic": "h", None: "-"}
"""Tree markers by status (``None``: a code absent from the edition but with codes below)."""

_STATUS_HELP = {
    "verified": "a cited source attests it for this year",
    "carried": "attested in other years only, carried by its validity range",
    "unverified": "no source: the maintainers' knowledge",
    "historic": "not in this edition: a historic candidate from the c.2009 catalog, "
                "not a modern name",
}


# -- lookup ------------------------------------------------------------------------
def _args_lookup(p: argparse.ArgumentParser) -> None:
    p.add_argument("code", metavar="CODE", help='a code, joined or printed in parts ("201 31 01")')
    _add_year(p)
    _add_scheme(p, inferred=True)
    p.add_argument("--historic", action="store_true",
                   help="when a partial edition lacks the code, show its c.2009 entry, "
                        "marked as a historic candidate (never a modern name)")


def _cmd_lookup(args: argparse.Namespace) -> int:
    """Show one code: name, level, path, status, sources, aliases and note."""
    code, scheme = _code_and_scheme(args.code, args.scheme)
    cat = _catalog(scheme, args.year)
    if args.historic:
        cat = catalog(cat.scheme, cat.year, fallback="historic")
    if code not in cat and cat.get(code) is None:
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
    warning = ([f"warning: {p['code']} is in no source of {p['scheme']} {p['year']}: the name "
                "shown is its c.2009 name, a historic candidate, not the modern name"]
               if p["status"] == "historic" else [])
    return "\n".join([
        *warning,
        f"{p['code']}  {p['name']}",
        _record([
            ("scheme", f"{scheme.name} ({scheme.title})"),
            ("edition", _edition_line(p)),
            ("level", p["level_name"]),
            ("path", [" › ".join(a["code"] for a in path),
                      " › ".join((a["name"] + " (c.2009)" if a["status"] == "historic"
                                  else a["name"]) or "(not in edition)" for a in path)]),
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
    cat = _catalog(scheme, args.year)
    index = _tree_index(cat)
    if code is not None and code not in cat and code not in index:
        cat[code]  # raises UnknownCodeError
    depth: int | None = args.depth if args.depth is not None else (None if code else 1)

    def node(c: str, remaining: int | None) -> Payload:
        e = cat.get(c)
        kids = index.get(c, [])
        shown = kids if remaining is None or remaining > 0 else []
        nxt = None if remaining is None else remaining - 1
        return {"code": c, "name": e.name if e else None, "level_name": _level_name(c, cat.scheme),
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
        scheme = _scheme_guess(query)
    cat = _catalog(_scheme_name(scheme), args.year)
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
        scheme = _scheme_guess(parent_arg)
    cat = _catalog(_scheme_name(scheme), args.year)
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
        payload.update(status="not-found", message=str(exc), former_names=[
            _former(f) for f in cat.former_names(exc.name)
            if parent is None or _concerns(f.code, parent)])
        code = EXIT_NOT_FOUND
    else:
        payload.update(status="found", entry={**_brief(e), "path": _path(cat, e.code)})
        code = EXIT_OK
    emit(args, payload, _render_resolve)
    return code


def _concerns(code: str, parent: str) -> bool:
    """Whether ``code`` is ``parent``, one of its ancestors, or a code below it.

    With ``--parent`` a former name is worth a note only on that branch: 行政运行
    was the name of some 75 codes in other editions, nearly all under other 款.
    """
    return code == parent or parent in ancestor_codes(code) or code in ancestor_codes(parent)


def _resolve_reference(cat: Catalog, text: str) -> Entry:
    """``Catalog.resolve_path``, plus an untagged last part (「X（类）Y（款）行政运行」)."""
    folded = fold(text)
    tags = list(LEVEL_TAG.finditer(folded))
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


CODE_COMMANDS = (
    Command("lookup", "show one code with its path, status and sources", _args_lookup, _cmd_lookup),
    Command("tree", "show a subtree, or the edition's top levels", _args_tree, _cmd_tree),
    Command("search", "ranked matches of a name or code prefix", _args_search, _cmd_search),
    Command("resolve", "the entry a printed name or tagged reference denotes",
            _args_resolve, _cmd_resolve),
)
"""The commands of this module, in ``--help`` order."""
