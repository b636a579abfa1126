"""Fixtures of the backup tests: the filled demo store (once per module), a key, its backup."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.backup import MasterKey, backup_to_file
from tests.backup.support import Journal, fill_journal
from tests.web import conftest as web_fixtures
from tests.web.conftest import DemoStore
from web.settings import get_web_settings

POSTGRES_ENV = "SABAQ_TEST_POSTGRES_URL"
demo_store = web_fixtures.demo_store  # the web tests' store (one per module), fixture shared


@dataclass(frozen=True)
class Filled:
    store: DemoStore
    journal: Journal
    key: MasterKey
    backup: Path


@pytest.fixture(scope="module")
def filled(demo_store: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """The demo school with journal data and files, and one backup of it."""
    journal = fill_journal(demo_store)
    get_web_settings()  # makes the data directory's secret.key, which seals SMTP passwords
    key = MasterKey(os.urandom(32), "test")
    backup = tmp_path_factory.mktemp("backups") / "store.backup"
    backup_to_file(backup, key=key, url=demo_store.url, data_dir=demo_store.data_dir)
    return Filled(demo_store, journal, key, backup)


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> tuple[str, Path]:
    """(url, data dir) of a store that does not exist yet."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return f"sqlite:///{data_dir / 'restored.db'}", data_dir
