"""The ``govaccts`` command line: argparse over the public API, text and JSON renderers."""

from govaccts.cli.commands import COMMANDS, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, Command, emit, main

__all__ = ["COMMANDS", "EXIT_NOT_FOUND", "EXIT_OK", "EXIT_USAGE", "Command", "emit", "main"]
