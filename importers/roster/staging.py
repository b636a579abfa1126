"""Uploaded rosters kept between the preview and the confirmation, under the data directory.

The file is kept, not its parsed content, so that confirming reads it again against the data as
it is then. A token is random and a file belongs to one school; old files are swept away.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from models.settings import get_settings

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_MAX_AGE_S = 24 * 3600


def _folder() -> Path:
    folder = get_settings().data_dir / "roster-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(school_id: int, token: str) -> Path | None:
    if not _TOKEN.match(token):
        return None
    return _folder() / f"{int(school_id)}-{token}.xlsx"


def stage(content: bytes, *, school_id: int) -> str:
    """Keep an uploaded roster for its school; returns the token that names it."""
    _sweep()
    token = secrets.token_urlsafe(24)
    path = _path(school_id, token)
    assert path is not None
    path.write_bytes(content)
    return token


def staged(token: str, *, school_id: int) -> Path | None:
    """The kept file of this school with this token, or None (unknown, expired, other school)."""
    path = _path(school_id, token)
    return path if path is not None and path.is_file() else None


def discard(token: str, *, school_id: int) -> None:
    """Forget a kept file (after it was imported)."""
    path = _path(school_id, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _sweep() -> None:
    limit = time.time() - _MAX_AGE_S
    for old in _folder().glob("*.xlsx"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
