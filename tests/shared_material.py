"""Where the read-only material beside the repository is: ``../shared/devset``,
``../shared/corpus`` (or the same under /work/shared). Tests that need it skip when it is
absent, so a bare clone still runs them all."""

from __future__ import annotations

from pathlib import Path

_ROOTS = (Path(__file__).resolve().parent.parent.parent / "shared", Path("/work/shared"))


def shared_dir(name: str, marker: str = "README.md") -> Path | None:
    """``shared/<name>`` when it holds ``marker`` (a file that proves it is the real one)."""
    for root in _ROOTS:
        p = root / name
        if (p / marker).exists():
            return p.resolve()
    return None
