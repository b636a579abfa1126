"""Fixtures for the store tests: a store URL per backend, a migrated engine, a sample school."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from models.db import dispose_engines, get_engine, normalize_url

POSTGRES_ENV = "SABAQ_TEST_POSTGRES_URL"


def _fresh_postgres_db(base_url: str) -> str:
    """A new empty database on the test server, so every test starts clean."""
    name = f"sabaq_test_{uuid.uuid4().hex[:12]}"
    admin = get_engine(base_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return (
        make_url(normalize_url(base_url)).set(database=name).render_as_string(hide_password=False)
    )


def _drop_postgres_db(base_url: str, url: str) -> None:
    name = make_url(url).database
    dispose_engines()
    admin = get_engine(base_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a temporary SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        dispose_engines()
        return
    base = os.environ.get(POSTGRES_ENV, "")
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set (start one with .ci/postgres.sh)")
    url = _fresh_postgres_db(base)
    yield url
    _drop_postgres_db(base, url)


@pytest.fixture
def engine(store_url: str) -> Engine:
    """The engine of an empty store with every table created."""
    engine = get_engine(store_url)
    SQLModel.metadata.create_all(engine)
    return engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
