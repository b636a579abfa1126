"""Throw-away PostgreSQL databases for benchmarks, on the server that .ci/postgres.sh starts."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.db import dispose_engines, get_engine, normalize_url


def fresh_postgres(base: str) -> str:
    """A new empty database on `base`'s server; returns its URL."""
    name = f"sabaq_bench_{uuid.uuid4().hex[:10]}"
    with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(normalize_url(base)).set(database=name).render_as_string(hide_password=False)


def drop_postgres(base: str, url: str) -> None:
    """Drops the database `fresh_postgres` made (its connections closed first)."""
    dispose_engines()
    with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
