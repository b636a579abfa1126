"""A backup restored into an empty store gives the same store: every table row by row and every
file byte by byte, SQLite to SQLite and (with SABAQ_TEST_POSTGRES_URL) to PostgreSQL and back."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from bench.postgres import drop_postgres, fresh_postgres
from models.backup import backup_to_file, restore_backup
from models.backup.schema import code_heads
from models.db import get_engine
from models.journal import Attendance, Grade, Remark
from tests.backup.conftest import POSTGRES_ENV, Filled
from tests.backup.support import assert_same_tables, file_bytes, table_rows, unpacked


def _restore(filled: Filled, url: str, data_dir: Path, backup: Path | None = None) -> None:
    with (backup or filled.backup).open("rb") as source:
        restore_backup(source, key=filled.key, url=url, data_dir=data_dir)


def test_the_backup_holds_every_table_and_the_files(filled: Filled) -> None:
    plain = unpacked(filled.backup, filled.key)
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        names = tar.getnames()
        header = json.load(tar.extractfile("header.json"))  # type: ignore[arg-type]
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert names[0] == "header.json" and names[-1] == "manifest.json"
    assert [t["name"] for t in header["tables"]] == [
        t.name for t in SQLModel.metadata.sorted_tables
    ]
    assert header["revisions"] == code_heads()
    assert manifest["rows"]["attendance"] == 3 and manifest["rows"]["grade"] == 3
    files = {n.removeprefix("files/") for n in names if n.startswith("files/")}
    assert "tasks/7/v1/statement.md" in files and "secret.key" in files
    assert any(n.startswith("journal-files/") for n in files)  # the homework attachment
    assert "media/Қазақ тілі/сурет ✓.txt" in files
    # never the backup key, the store's own database, or backups
    assert not {n for n in files if n.endswith((".db", ".db-wal", "backup.key"))}
    assert b"\xd0\x96\xd0\xb0\xd1\x80\xd0\xb0\xd0\xb9\xd1\x81\xd1\x8b\xd2\xa3" in plain  # Жарайсың


def test_restore_into_an_empty_sqlite_store_is_identical(
    filled: Filled, empty_sqlite: tuple[str, Path]
) -> None:
    url, data_dir = empty_sqlite
    _restore(filled, url, data_dir)
    compared = assert_same_tables(filled.store.url, url)
    assert compared > 8000
    assert file_bytes(data_dir, url) == file_bytes(filled.store.data_dir, filled.store.url)
    for table in (Attendance, Grade, Remark):  # the journal rows are there, not only counted
        assert table_rows(url)[table.__tablename__]  # type: ignore[index]


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back(filled: Filled, tmp_path: Path) -> None:
    base = os.environ.get(POSTGRES_ENV, "")
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set (start one with .ci/postgres.sh)")
    pg = fresh_postgres(base)
    try:
        _restore(filled, pg, tmp_path / "pg-data")
        assert_same_tables(filled.store.url, pg)
        with get_engine(pg).begin() as conn:  # the sequences continue after the restored ids
            insert = text(
                "INSERT INTO audit_log (created_at, actor, action, entity, details) "
                "VALUES (now(), 'test', 'test', 'test', '{}') RETURNING id"
            )
            new_id = conn.execute(insert).scalar_one()
        largest = max(row[0] for row in table_rows(filled.store.url)["audit_log"])
        assert new_id == largest + 1
        with get_engine(pg).begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": new_id})
        back = tmp_path / "back.backup"
        backup_to_file(back, key=filled.key, url=pg, data_dir=tmp_path / "pg-data")
        again = f"sqlite:///{tmp_path / 'again.db'}"
        _restore(filled, again, tmp_path / "again-data", back)
        assert_same_tables(filled.store.url, again)
        assert file_bytes(tmp_path / "again-data", again) == file_bytes(
            filled.store.data_dir, filled.store.url
        )
    finally:
        drop_postgres(base, pg)
