"""The command line's plumbing: exit codes, the parser, output and argument types.

Everything here is shared by the command modules (:mod:`govaccts.cli.code_commands`,
:mod:`govaccts.cli.edition_commands`, :mod:`govaccts.cli.check_command`) and knows
nothing about any one command.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

import attrs

from govaccts.catalogs.codes import SCHEMES

PROG = "govaccts"
EXIT_OK = 0
EXIT_NOT_FOUND = 1
"""A well-formed question without a single answer (unknown or ambiguous name, no match)."""
EXIT_USAGE = 2
"""Bad input: usage error, malformed or unknown code, unknown scheme or edition."""
EXIT_BROKEN_PIPE = 141
"""Stdout closed before the output was written (``govaccts tree | head -1``): 128 + SIGPIPE,
the status a shell reports for a command that SIGPIPE ended, as ``cat`` or ``grep`` there."""

Payload = dict[str, Any]
"""What a command produces: JSON-able, and the only input of its text renderer."""


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
    formats: tuple[str, ...] = ("text", "json")
    """The choices of its ``--format`` (the first is the default)."""


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
    extra = (" (default: inferred from the code — 1 revenue, 2 function, 3 dept-economic, "
             "5 gov-economic, four digits accounting)") if inferred else " (default: function)"
    p.add_argument("--scheme", metavar="SCHEME",
                   help=f"classification: {', '.join(SCHEMES)}{extra}")


def _add_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="fiscal year of the edition (default: the newest)")

