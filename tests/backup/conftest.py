"""Fixtures of the backup tests: the filled demo store (once per module), a key, its backup."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.backup import MasterKey, backup_to_file
from models.db import dispose_engines
from models.settings import get_settings
from tests.backup.support import Journal, fill_journal
from tests.web.conftest import DemoStore, build_demo_store
from web.settings import get_web_settings

POSTGRES_ENV = "SABAQ_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class Filled:
    store: DemoStore
    journal: Journal
    key: MasterKey
    backup: Path


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Filled]:
    """The demo school with journal data and files, and one backup of it."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    store = build_demo_store(tmp_path_factory.mktemp("backup-source"))
    journal = fill_journal(store)
    get_web_settings()  # makes the data directory's secret.key, which seals SMTP passwords
    key = MasterKey(os.urandom(32), "test")
    backup = tmp_path_factory.mktemp("backups") / "store.backup"
    backup_to_file(backup, key=key, url=store.url, data_dir=store.data_dir)
    yield Filled(store, journal, key, backup)
    dispose_engines()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    get_settings.cache_clear()
    get_web_settings.cache_clear()


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> tuple[str, Path]:
    """(url, data dir) of a store that does not exist yet."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return f"sqlite:///{data_dir / 'restored.db'}", data_dir
