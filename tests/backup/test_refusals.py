"""What a restore refuses, in words, leaving the store as it was: a changed or cut file, a wrong
key or passphrase, a store that is not empty (unless forced), a backup from a newer schema."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, insert, inspect, text
from sqlmodel import SQLModel

from models.backup import (
    BackupError,
    MasterKey,
    backup_to_file,
    passphrase_key,
    restore_backup,
)
from models.backup.schema import code_heads, migrate, nonempty_tables, store_revisions
from models.db import get_engine
from tests.backup.conftest import Filled
from tests.backup.support import assert_same_tables, file_bytes


def _restore(path: Path, key: MasterKey, url: str, data_dir: Path, **options: bool) -> None:
    with path.open("rb") as source:
        restore_backup(source, key=key, url=url, data_dir=data_dir, **options)


def _changed(path: Path, tmp_path: Path, at: int) -> Path:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    out = tmp_path / f"changed-{at}.backup"
    out.write_bytes(bytes(data))
    return out


def _is_empty(url: str) -> bool:
    with get_engine(url).connect() as conn:
        return not nonempty_tables(conn)


def test_a_changed_byte_is_refused(filled: Filled, tmp_path: Path) -> None:
    size = filled.backup.stat().st_size
    for at in (size // 2, size - 3):  # inside the rows, and in the last part's tag
        url = f"sqlite:///{tmp_path / f'store-{at}.db'}"
        with pytest.raises(BackupError) as caught:
            _restore(_changed(filled.backup, tmp_path, at), filled.key, url, tmp_path / "d")
        assert caught.value.code == "backup_damaged"
        assert "damaged or was changed" in str(caught.value)
        assert _is_empty(url) and not (tmp_path / "d").exists()


def test_a_changed_header_or_a_stranger_file_is_refused(filled: Filled, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with pytest.raises(BackupError) as caught:  # the header names the key and salt: changed
        _restore(_changed(filled.backup, tmp_path, 40), filled.key, url, tmp_path)
    assert caught.value.code in ("backup_damaged", "backup_wrong_key", "backup_not_a_backup")
    stranger = tmp_path / "notes.backup"
    stranger.write_bytes(b"PK\x03\x04 not ours")
    with pytest.raises(BackupError) as caught:
        _restore(stranger, filled.key, url, tmp_path)
    assert caught.value.code == "backup_not_a_backup"


def test_a_wrong_key_or_passphrase_is_named_as_such(filled: Filled, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    other = MasterKey(os.urandom(32), "other")
    with pytest.raises(BackupError) as caught:
        _restore(filled.backup, other, url, tmp_path)
    assert caught.value.code == "backup_wrong_key"
    assert filled.key.key_id in str(caught.value) and other.key_id in str(caught.value)
    sealed = tmp_path / "passphrase.backup"
    backup_to_file(sealed, key=passphrase_key("Алма ағашы 2026"), url=filled.store.url,
                   data_dir=filled.store.data_dir)  # fmt: skip
    with pytest.raises(BackupError, match="passphrase is not the one"):
        _restore(sealed, passphrase_key("алма ағашы 2026"), url, tmp_path, check_only=True)
    with pytest.raises(BackupError, match="protected by a passphrase"):
        _restore(sealed, filled.key, url, tmp_path, check_only=True)
    _restore(sealed, passphrase_key("Алма ағашы 2026"), url, tmp_path / "d")
    assert_same_tables(filled.store.url, url)


def test_a_store_that_is_not_empty_is_refused_unless_forced(
    filled: Filled, empty_sqlite: tuple[str, Path]
) -> None:
    url, data_dir = empty_sqlite
    _restore(filled.backup, filled.key, url, data_dir)
    with pytest.raises(BackupError) as caught:
        _restore(filled.backup, filled.key, url, data_dir)
    assert caught.value.code == "backup_store_not_empty" and "--force" in str(caught.value)
    with get_engine(url).begin() as conn:  # the store moves on after the backup
        conn.execute(text("DELETE FROM notice"))
        conn.execute(text("UPDATE student SET name = 'Жаңа' WHERE id = 68"))
    (data_dir / "later.txt").write_text("after the backup")
    _restore(filled.backup, filled.key, url, data_dir, force=True)
    assert_same_tables(filled.store.url, url)
    assert file_bytes(data_dir, url) == file_bytes(filled.store.data_dir, filled.store.url)


def test_a_forced_restore_of_a_damaged_file_keeps_the_store(
    filled: Filled, empty_sqlite: tuple[str, Path], tmp_path: Path
) -> None:
    url, data_dir = empty_sqlite
    _restore(filled.backup, filled.key, url, data_dir)
    big = filled.store.data_dir / "big.bin"  # several sealed parts; the damage comes late
    big.write_bytes(os.urandom(3 << 20))
    try:
        long = tmp_path / "long.backup"
        backup_to_file(long, key=filled.key, url=filled.store.url, data_dir=filled.store.data_dir)
    finally:
        big.unlink()
    damaged = _changed(long, tmp_path, long.stat().st_size - (1 << 19))
    with pytest.raises(BackupError, match="damaged"):
        _restore(damaged, filled.key, url, data_dir, force=True)
    assert_same_tables(filled.store.url, url)  # the wipe was rolled back with the rest
    assert not (data_dir / "big.bin").exists()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".restore-")]


def test_a_backup_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    newer = f"sqlite:///{tmp_path / 'newer.db'}"
    with get_engine(newer).begin() as conn:
        migrate(conn, newer, code_heads(newer))
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
    key = MasterKey(os.urandom(32), "test")
    made = tmp_path / "newer.backup"
    backup_to_file(made, key=key, url=newer, data_dir=tmp_path / "none",
                   tables=SQLModel.metadata.sorted_tables)  # fmt: skip
    target = f"sqlite:///{tmp_path / 'target.db'}"
    with pytest.raises(BackupError) as caught:
        _restore(made, key, target, tmp_path / "target")
    assert caught.value.code == "backup_newer_schema"
    assert "9999_from_the_future" in str(caught.value)


def _row(table: Table, **given: object) -> dict[str, object]:
    """`given`, and a plain value for each other column that may not be empty."""
    plain = {"INTEGER": 1, "BOOLEAN": False, "FLOAT": 1.0, "JSON": {}}
    out = dict(given)
    for column in table.columns:
        if column.name not in out and not column.nullable and column.server_default is None:
            out[column.name] = plain.get(str(column.type), "x")
    return out


def test_an_older_backup_is_loaded_at_its_schema_then_upgraded(tmp_path: Path) -> None:
    heads = code_heads()
    older = ["0008", "0010"]  # a store of before 0011 (the class teacher column) and all after
    old = f"sqlite:///{tmp_path / 'old.db'}"
    with get_engine(old).begin() as conn:
        migrate(conn, old, older)
    tables = MetaData()
    tables.reflect(get_engine(old))
    assert "class_teacher_id" not in tables.tables["school_class"].c
    with get_engine(old).begin() as conn:
        school = _row(tables.tables["school"], id=1, code="OLD", name="Ескі мектеп",
                      city="Алматы", created_at=datetime(2025, 9, 1, tzinfo=UTC))  # fmt: skip
        conn.execute(insert(tables.tables["school"]).values(**school))
    key = MasterKey(os.urandom(32), "test")
    made = tmp_path / "old.backup"
    chosen = [t for t in tables.sorted_tables if t.name != "alembic_version"]
    backup_to_file(made, key=key, url=old, data_dir=tmp_path / "none", tables=chosen)
    target = f"sqlite:///{tmp_path / 'target.db'}"
    _restore(made, key, target, tmp_path / "target")
    with get_engine(target).connect() as conn:
        assert store_revisions(conn) == heads
        school = conn.execute(text("SELECT code, name, city FROM school")).one()
        columns = {c["name"] for c in inspect(conn).get_columns("school_class")}
    assert tuple(school) == ("OLD", "Ескі мектеп", "Алматы")
    assert "class_teacher_id" in columns
