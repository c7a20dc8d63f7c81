"""Command-line interface: ``govaccts lookup | tree | search | resolve | diff | catalogs |
read | harvest | check``.

Every command takes ``--format text`` (the default: aligned for Chinese display
width) or ``--format json`` (UTF-8, not ASCII-escaped, sorted keys); ``harvest`` also
``--format csv``.  Exit codes:

* ``0`` — success;
* ``1`` — a well-formed question with no single answer: ``resolve`` of an unknown or
  ambiguous name, ``search`` without a match;
* ``2`` — bad input: a usage error, a malformed or unknown code, an unknown scheme
  or edition.  One line ``govaccts: error: <message>`` goes to stderr, never a
  traceback;
* ``141`` — stdout was closed before the output was written (``govaccts tree | head
  -1``): nothing more is written, nothing goes to stderr, and the status is the one
  a shell reports for ``cat`` or ``grep`` ended by SIGPIPE (128 + 13).

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

The modules: :mod:`~govaccts.cli.plumbing` (exit codes, parser, :func:`emit`,
argument types), :mod:`~govaccts.cli.payloads` (payload pieces the catalog commands
share), :mod:`~govaccts.cli.code_commands` (lookup, tree, search, resolve),
:mod:`~govaccts.cli.edition_commands` (diff, catalogs),
:mod:`~govaccts.cli.harvest_command` (harvest),
:mod:`~govaccts.cli.check_command` (check) and :mod:`~govaccts.cli.textwidth`;
this module holds the registry and :func:`main`.

Adding a command: write ``_args_<name>(parser)`` (its arguments) and
``_cmd_<name>(args) -> int`` (build a JSON-able payload, hand it to :func:`emit`
with a text renderer, return the exit code), then add a :class:`Command` to
:data:`COMMANDS`.  ``--format`` is added to every command by :func:`_build_parser`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from govaccts.cli.check_command import CHECK
from govaccts.cli.code_commands import CODE_COMMANDS
from govaccts.cli.edition_commands import EDITION_COMMANDS
from govaccts.cli.harvest_command import HARVEST
from govaccts.cli.plumbing import (
    EXIT_BROKEN_PIPE,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Command,
    UsageError,
    _error,
    _Parser,
    emit,
)
from govaccts.cli.read_command import READ
from govaccts.errors import GovacctsError

__all__ = ["COMMANDS", "EXIT_BROKEN_PIPE", "EXIT_NOT_FOUND", "EXIT_OK", "EXIT_USAGE", "Command", "emit", "main"]

COMMANDS: dict[str, Command] = {c.name: c for c in (*CODE_COMMANDS, *EDITION_COMMANDS, READ,
                                                     HARVEST, CHECK)}
"""Subcommands by name, in ``--help`` order; add a :class:`Command` to extend the CLI."""


def _build_parser() -> argparse.ArgumentParser:
    """The argument parser: one subparser per :data:`COMMANDS` entry, each with ``--format``."""
    from govaccts import __version__

    parser = _Parser(prog=PROG, description="The Chinese government chart of accounts "
                     "(政府收支分类科目): look up, browse, search and compare editions.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=_Parser)
    for cmd in COMMANDS.values():
        common = _Parser(add_help=False)
        common.add_argument("--format", choices=cmd.formats, default=cmd.formats[0],
                            help=f"output format (default: {cmd.formats[0]})")
        p = sub.add_parser(cmd.name, parents=[common], help=cmd.help,
                           description=(cmd.run.__doc__ or cmd.help).strip())
        cmd.add_arguments(p)
        p.set_defaults(run=cmd.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        code = _run(argv)
        # Flush here, so that a reader gone early (``| head``) shows as BrokenPipeError
        # now rather than as a traceback and status 120 at interpreter exit.
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head` and the like
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # the exit-time flush then goes nowhere
            os.close(devnull)
        return EXIT_BROKEN_PIPE
    return code


def _run(argv: list[str] | None) -> int:
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
    except BrokenPipeError:  # an OSError, but not a file we could not read: see main
        raise
    except OSError as exc:  # an unreadable input file
        return _error(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
