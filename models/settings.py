"""Store settings read from the environment behind one cached function."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class StoreSettings:
    data_dir: Path
    database_url: str


def _default_data_dir() -> Path:
    configured = os.environ.get("SABAQ_DATA_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".local" / "share" / "sabaq"


@lru_cache(maxsize=1)
def get_settings() -> StoreSettings:
    """The store settings of this process, read once from the environment.

    `DATABASE_URL` names the database; without it the store is the SQLite file `sabaq.db`
    in the data directory (`SABAQ_DATA_DIR`, default `~/.local/share/sabaq`).
    Tests that change the environment call `get_settings.cache_clear()`.

    Returns:
        The settings.
    """
    data_dir = _default_data_dir()
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{data_dir / 'sabaq.db'}"
    return StoreSettings(data_dir=data_dir, database_url=url)
