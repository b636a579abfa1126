"""Settings, engines (SQLite pragmas, psycopg URLs), session and read scopes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from models.db import dispose_engines, get_engine, normalize_url, read_scope, session_scope
from models.migrate import upgrade_database
from models.school import School
from models.settings import get_settings


@pytest.fixture
def clean_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    dispose_engines()


def test_default_store_is_sqlite_in_the_data_dir(
    clean_settings: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SABAQ_DATA_DIR", str(tmp_path / "data"))
    settings = get_settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'sabaq.db'}"
    assert get_settings() is settings  # cached


def test_data_dir_defaults_to_local_share(
    clean_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SABAQ_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", "/home/aigerim")
    assert get_settings().data_dir == Path("/home/aigerim/.local/share/sabaq")


def test_database_url_wins(clean_settings: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert get_settings().database_url == "postgresql://u@h/db"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h:5/db", "postgresql+psycopg://u:p@h:5/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgres_urls_use_psycopg3(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


def test_sqlite_engine_has_wal_and_foreign_keys(tmp_path: Path, clean_settings: None) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'dir' / 's.db'}"  # parent folders are created
    engine = get_engine(url)
    assert get_engine(url) is engine
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_session_scope_commits_or_rolls_back(store_url: str) -> None:
    upgrade_database(store_url)
    with session_scope(store_url) as session:
        session.add(School(code="K1", name="Kept"))
    with pytest.raises(ValueError), session_scope(store_url) as session:
        session.add(School(code="K2", name="Lost"))
        session.flush()
        raise ValueError("boom")
    with session_scope(store_url) as session:
        assert session.exec(select(School.code)).all() == ["K1"]


def test_foreign_keys_are_enforced(store_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    from models.places import Building

    upgrade_database(store_url)
    with pytest.raises(IntegrityError), session_scope(store_url) as session:
        session.add(Building(school_id=999, code="B", name="Nowhere"))
        session.flush()


def test_read_scope_reads_and_refuses_writes(store_url: str) -> None:
    from sqlalchemy.exc import DBAPIError

    upgrade_database(store_url)
    with session_scope(store_url) as session:
        session.add(School(code="R1", name="Read"))
    with read_scope(store_url) as session:
        assert session.exec(select(School.code)).all() == ["R1"]
    with pytest.raises(DBAPIError), read_scope(store_url) as session:
        session.add(School(code="R2", name="Refused"))
        session.flush()
    # the pooled connection is writable again for the next ordinary session
    with session_scope(store_url) as session:
        session.add(School(code="R3", name="Written"))
    with read_scope(store_url) as session:
        assert sorted(session.exec(select(School.code)).all()) == ["R1", "R3"]


def test_a_reader_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upgrade_database(url)
    with session_scope(url) as writer:
        writer.add(School(code="W1", name="Uncommitted"))
        writer.flush()  # the writer holds the write lock until its block ends
        with read_scope(url) as reader:  # would wait busy_timeout (10 s) with BEGIN IMMEDIATE
            assert reader.exec(select(School.code)).all() == []
    dispose_engines()
