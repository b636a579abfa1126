"""`sabaq backup` and `sabaq restore` as an operator runs them: exit codes and sentences in the
environment's language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.settings import get_settings
from tests.backup.conftest import Filled
from tests.backup.support import assert_same_tables
from web.cli import main


@pytest.fixture
def operator(filled: Filled, monkeypatch: pytest.MonkeyPatch) -> Filled:
    monkeypatch.setenv("DATABASE_URL", filled.store.url)
    monkeypatch.setenv("SABAQ_DATA_DIR", str(filled.store.data_dir))
    monkeypatch.setenv("SABAQ_BACKUP_KEY", os.urandom(32).hex())
    monkeypatch.setenv("SABAQ_LANG", "en")
    get_settings.cache_clear()
    return filled


def test_backup_then_restore_into_an_empty_store(
    operator: Filled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "manual" / "before-upgrade.backup"
    assert main(["backup", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert str(out) in said and "SABAQ_BACKUP_KEY" in said
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    monkeypatch.setenv("SABAQ_DATA_DIR", str(tmp_path / "restored-data"))
    get_settings.cache_clear()
    assert main(["restore", str(out), "--check"]) == 0
    assert "checks out" in capsys.readouterr().out
    assert main(["restore", str(out), "--into", target]) == 0
    assert "Restored" in capsys.readouterr().out
    assert_same_tables(operator.store.url, target)
    monkeypatch.setenv("SABAQ_LANG", "ru")
    assert main(["restore", str(out), "--into", target]) == 2  # not empty: refused, in Russian
    assert "Хранилище не пустое" in capsys.readouterr().out
    monkeypatch.setenv("SABAQ_LANG", "kk")
    assert main(["restore", str(tmp_path / "missing.backup")]) == 2
    assert "файлы жоқ" in capsys.readouterr().out
    monkeypatch.setenv("SABAQ_LANG", "en")
    nowhere = "postgresql://sabaq@127.0.0.1:1/sabaq"  # nothing listens on port 1
    assert main(["restore", str(out), "--into", nowhere]) == 2
    assert "The store cannot be opened" in capsys.readouterr().out


def test_keep_prunes_the_older_manual_backups(operator: Filled, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    older = [folder / f"sabaq-2026110{n}T000000Z.backup" for n in range(1, 5)]
    for path in older:
        path.write_bytes(b"old")
    (folder / "sabaq-daily-2026-11-01.backup").write_bytes(b"daily")
    assert main(["backup", "-o", str(folder / "sabaq-20261201T000000Z.backup"), "--keep", "2"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "sabaq-20261104T000000Z.backup", "sabaq-20261201T000000Z.backup",
        "sabaq-daily-2026-11-01.backup",
    ]  # fmt: skip
