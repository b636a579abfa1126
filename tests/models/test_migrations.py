"""Migrations: an empty database upgraded to head has exactly the tables of the metadata."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

from models.db import get_engine
from models.migrate import alembic_config, upgrade_database
from models.school_data import apply_snapshot, read_snapshot
from models.snapshot_codec import normalized
from tests.models.samples import sample_snapshot


def test_upgrade_gives_exactly_the_metadata(store_url: str) -> None:
    upgrade_database(store_url)
    engine = get_engine(store_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars()
        versions = set(rows)
    assert diff == []
    assert tables == set(SQLModel.metadata.tables)
    # modules add migrations side by side: the store is at (or past, through depends_on) every head
    script = ScriptDirectory.from_config(alembic_config(store_url))
    applied = {r.revision for r in script.iterate_revisions(tuple(versions), "base")}
    assert set(script.get_heads()) <= applied


def test_upgrade_twice_is_harmless_and_the_store_works(store_url: str) -> None:
    upgrade_database(store_url)
    upgrade_database(store_url)
    with Session(get_engine(store_url)) as session:
        apply_snapshot(session, sample_snapshot(), source="a")
        session.commit()
        assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(
            sample_snapshot()
        )
