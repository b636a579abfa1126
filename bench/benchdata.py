"""Where the shared real-school data lives (`../shared/benchdata`), if this checkout has it."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def benchdata_dir() -> Path | None:
    """The benchdata folder: `$SABAQ_BENCHDATA`, else `<repo>/../shared/benchdata`.

    Returns None when it does not exist (a user's clone has no `../shared`); tests that need
    it skip then.
    """
    path = Path(os.environ.get("SABAQ_BENCHDATA", REPO.parent / "shared" / "benchdata"))
    return path if path.is_dir() else None


def benchdata_file(*parts: str) -> Path | None:
    """One file under the benchdata folder, or None when it is absent."""
    root = benchdata_dir()
    if root is None:
        return None
    path = root.joinpath(*parts)
    return path if path.exists() else None
