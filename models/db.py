"""Engine and session factory: SQLite (WAL, foreign keys on) or PostgreSQL through psycopg 3."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from models.i18n import N_
from models.settings import get_settings

_engines: dict[str, Engine] = {}
DISK_FULL, READ_ONLY_STORE, UNREACHABLE = "disk_full", "read_only", "unreachable"  # store_fault()
# What the databases say when the store cannot save or be reached: SQLite's messages, and
# PostgreSQL's SQLSTATE codes (53100 disk full, 25006 read-only transaction, class 08 and
# 57P01-57P03 a connection lost or refused).
_SQLITE_FAULTS = (
    ("database or disk is full", DISK_FULL),
    ("attempt to write a readonly database", READ_ONLY_STORE),
    ("unable to open database file", READ_ONLY_STORE),
    ("database is locked", UNREACHABLE),  # another writer held SQLite's lock past busy_timeout
)
_PG_FAULTS = {"53100": DISK_FULL, "25006": READ_ONLY_STORE, "57P01": UNREACHABLE,
              "57P02": UNREACHABLE, "57P03": UNREACHABLE}  # fmt: skip
# What a person is told (web pages, the command line); bench/faults.py drills each of these.
STORE_FAULTS = {
    DISK_FULL: N_(
        "Nothing was saved: the server's disk is full. What you entered earlier is safe. "
        "Please tell the school's administrator."
    ),
    READ_ONLY_STORE: N_(
        "Nothing was saved: the school's data can only be read right now. What you entered "
        "earlier is safe. Please tell the school's administrator."
    ),
    UNREACHABLE: N_("The school's data could not be reached for a moment. Please try again."),
}
READ_ONLY = "sabaq_read_only"  # execution option of the engine behind read_scope
_lock = threading.Lock()


def normalize_url(url: str) -> str:
    """The URL with PostgreSQL routed through psycopg 3 (`postgresql://` is accepted too).

    Args:
        url: a database URL.

    Returns:
        The same URL, `postgresql+psycopg://` for any PostgreSQL URL without a driver.
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def store_fault(exc: BaseException) -> str | None:
    """Whether a database error means the store cannot save or be reached right now.

    Args:
        exc: an exception from SQLAlchemy (or the driver).

    Returns:
        DISK_FULL, READ_ONLY_STORE or UNREACHABLE; None for any other error (a bug, a constraint).
    """
    orig = getattr(exc, "orig", exc)
    code = str(getattr(orig, "sqlstate", "") or "")
    if code in _PG_FAULTS:
        return _PG_FAULTS[code]
    if code.startswith("08") or getattr(exc, "connection_invalidated", False):
        return UNREACHABLE
    text = str(orig).lower()
    for words, fault in _SQLITE_FAULTS:
        if words in text:
            return fault
    if "server closed the connection" in text or "connection refused" in text:
        return UNREACHABLE
    return None


def _prepare_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy's
    # documented recipe hands transaction control to SQLAlchemy instead.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a commit no longer waits for the disk to sync the log (8 of the 12 ms
        # a student's saved answer took); a killed process still loses nothing and the file is
        # never corrupted, only a power cut may undo the last commits. PostgreSQL for more.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # IMMEDIATE: a transaction takes the write lock when it starts, waiting up to busy_timeout.
    # With a plain (deferred) BEGIN, a transaction that reads and then writes fails at once
    # with "database is locked" when another connection wrote in between (seen with an idle
    # worker beside an import); SQLite cannot wait in that case. Reads in WAL mode are not
    # blocked by the lock, and our transactions are short, so the cost is a little queueing.
    # A read-only scope (read_scope) begins normally instead: many readers then run side by side
    # with a writer, and `query_only` turns any write it attempts into an error at once, so a
    # page that was wrongly given a read scope fails loudly instead of queueing a write.
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("PRAGMA query_only=ON")
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("PRAGMA query_only=OFF")
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _prepare_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: the configured store), created once per URL.

    Args:
        url: a database URL; None means `get_settings().database_url`.

    Returns:
        A shared engine; SQLite connections have WAL and foreign keys on.
    """
    key = normalize_url(url or get_settings().database_url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _create(key)
            _engines[key] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection and forget the engines (tests, forked workers)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises.

    Args:
        url: a database URL; None means the configured store.

    Yields:
        The session.

    Raises:
        Whatever the block raises, after rolling back.
    """
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope(url: str | None = None) -> Iterator[Session]:
    """A session for pages that only read: a plain transaction, rolled back when the block ends.

    SQLite runs it with `query_only` on, so a write inside fails at once; PostgreSQL runs it as a
    READ ONLY transaction. Readers do not wait for the write lock that session_scope takes.

    Args:
        url: a database URL; None means the configured store.

    Yields:
        The session.
    """
    engine = get_engine(url)
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        # psycopg then opens the transaction with one "BEGIN READ ONLY": a "SET TRANSACTION"
        # after BEGIN cost every page a round trip more
        options["postgresql_readonly"] = True
    engine = engine.execution_options(**options)
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    finally:
        # close() ends the transaction (the pool rolls it back) without expiring what was read,
        # so objects stay readable after the block as with session_scope.
        session.close()
