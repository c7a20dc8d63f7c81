"""Pieces of the JSON payloads (and their text) shared by the catalog commands.

How a code's scheme is inferred, an entry in brief, its path from the 类 down, a
source, a former name, an edition, and the aligned key/value record of the text
renderers.  Private to :mod:`govaccts.cli`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from govaccts.catalogs.codes import (
    ancestor_codes,
    get_scheme,
    level_name,
    parse_code,
    scheme_of,
)
from govaccts.catalogs.entries import Catalog, Entry
from govaccts.catalogs.evidence import Source
from govaccts.catalogs.history import FormerName
from govaccts.catalogs.store import catalog, editions
from govaccts.cli.plumbing import Payload, UsageError
from govaccts.cli.textwidth import display_width, pad
from govaccts.errors import InvalidCodeError

_DEFAULT_SCHEME = "function"
_CODE_LIKE = re.compile(r"[\d\s|｜/\\\-—_.,，、]+")


def _scheme_name(scheme: str | None) -> str:
    return get_scheme(scheme).name if scheme is not None else _DEFAULT_SCHEME


def _code_and_scheme(text: str, scheme: str | None) -> tuple[str, str]:
    """Parse a printed code; without ``scheme``, infer it from the leading digit."""
    if scheme is not None:
        name = get_scheme(scheme).name
        return parse_code(text, name), name
    name = scheme_of(text)
    return parse_code(text, name), name


def _scheme_guess(text: str) -> str | None:
    """The scheme of a code-like text, or ``None`` when it is no code of any scheme."""
    try:
        return scheme_of(text)
    except InvalidCodeError:
        return None


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


def _level_name(code: str, scheme: str = _DEFAULT_SCHEME) -> str:
    return level_name(code, scheme)


def _catalog(scheme: str, year: int | None) -> Catalog:
    """The edition asked for; without ``--year``, the newest edition of the scheme."""
    if year is None:
        years = editions(scheme)
        if not years:
            raise UsageError(f"no edition of {scheme}: give --year")
        year = years[-1]
    return catalog(scheme, year)


def _brief(e: Entry) -> Payload:
    return {"code": e.code, "name": e.name, "level": e.level, "level_name": e.level_name,
            "status": e.status.value}


def _source(s: Source) -> Payload:
    return {"id": s.id, "kind": s.kind.value, "title": s.title, "year": s.year,
            "reference": s.reference, "note": s.note}


def _path(cat: Catalog, code: str) -> list[Payload]:
    """类 → ``code``, absent ancestors included with ``name`` and ``status`` null (a
    historic candidate of a fallback catalog is not in the edition: status ``historic``)."""
    out: list[Payload] = []
    for c in (*ancestor_codes(code), code):
        e = cat.get(c)
        out.append({"code": c, "level_name": _level_name(c, cat.scheme),
                    "in_edition": e is not None and not e.historic,
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
