"""``python -m govaccts``: the command-line interface (see :mod:`govaccts.cli`)."""

from __future__ import annotations

from govaccts.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
