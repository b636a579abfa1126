"""The schema side of backups: which migrations a store has, and moving an empty one to them."""

from __future__ import annotations

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Integer, MetaData, Table, inspect, text
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - the metadata must know every table
from models.backup.errors import BackupError
from models.i18n import N_, message
from models.migrate import alembic_config

VERSION_TABLE = "alembic_version"


def code_heads(url: str | None = None) -> list[str]:
    """The migrations an up-to-date store records (its alembic_version rows), sorted: the
    newest of each branch, less those another one names in `depends_on` (alembic then records
    only the one that depends on them)."""
    script = ScriptDirectory.from_config(alembic_config(url))
    heads = script.get_heads()
    below = {
        rev.revision
        for head in heads
        for rev in script.iterate_revisions(head, "base")
        if rev.revision != head
    }
    return sorted(h for h in heads if h not in below)


def known_revisions(url: str | None = None) -> set[str]:
    """Every migration this version of Sabaq ships."""
    script = ScriptDirectory.from_config(alembic_config(url))
    return {rev.revision for rev in script.walk_revisions()}


def store_revisions(conn: Connection) -> list[str]:
    """The migrations a store is at (its alembic_version rows), sorted; empty when none."""
    return sorted(MigrationContext.configure(conn).get_current_heads())


def check_restorable(revisions: list[str], url: str | None = None) -> None:
    """Refuses a backup whose schema this version of Sabaq does not know.

    Raises:
        BackupError: the backup comes from a newer version (`backup_newer_schema`).
    """
    unknown = sorted(set(revisions) - known_revisions(url))
    if unknown:
        text_ = N_(
            "This backup comes from a newer version of Sabaq (schema {revisions}); "
            "restore it with that version or a later one."
        )
        raise BackupError("backup_newer_schema", [message(text_, revisions=", ".join(unknown))])


def migrate(conn: Connection, url: str, revisions: list[str]) -> None:
    """Upgrades the store on `conn` to each of `revisions` (in the caller's transaction)."""
    config = alembic_config(url)
    config.attributes["connection"] = conn
    for revision in revisions:
        command.upgrade(config, revision)


def drop_store_tables(conn: Connection) -> list[str]:
    """Drops the store's tables (those Sabaq knows, and alembic_version); others stay.

    Returns:
        The names of the dropped tables.
    """
    ours = set(SQLModel.metadata.tables) | {VERSION_TABLE}
    present = MetaData()
    present.reflect(conn, only=lambda name, _meta: name in ours)
    present.drop_all(conn)
    return sorted(present.tables)


def nonempty_tables(conn: Connection) -> dict[str, int]:
    """The store's tables that hold rows, with how many (only tables that exist)."""
    existing = set(inspect(conn).get_table_names())
    out = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in existing:
            count = conn.execute(text(f'SELECT COUNT(*) FROM "{table.name}"')).scalar_one()
            if count:
                out[table.name] = int(count)
    return out


def reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: each serial id's sequence continues after the largest restored id."""
    if conn.dialect.name != "postgresql":
        return  # SQLite takes the next rowid from the table itself
    for table in tables:
        column = table.c.get("id")
        if column is None or not isinstance(column.type, Integer):
            continue
        name = table.name
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f'"{name}"'}
        ).scalar()
        if sequence:
            conn.execute(
                text(
                    f'SELECT setval(:s, COALESCE((SELECT MAX(id) FROM "{name}"), 1), '
                    f'(SELECT MAX(id) FROM "{name}") IS NOT NULL)'
                ),
                {"s": sequence},
            )
