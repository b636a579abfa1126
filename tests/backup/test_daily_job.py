"""The daily backup: due once the school clock passes SABAQ_BACKUP_AT, queued once a day however
often the scheduler ticks, run by a worker into the backups folder, the newest N kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from models.backup import load_key, restore_backup
from models.db import session_scope
from models.jobs import Job
from models.settings import get_settings
from tests.backup.conftest import Filled
from tests.backup.support import member_names
from web.jobs.backup import BACKUP, backup_at_setting, run_backup
from web.jobs.loop import Worker
from web.scheduler import ScheduleSettings, due_now, enqueue_due

ALMATY = ZoneInfo("Asia/Almaty")
CFG = ScheduleSettings(ALMATY, time(7), time(12), 15, 30.0, backup_at=time(2, 30), backup_keep=3)


@pytest.fixture(autouse=True)
def _store_env(filled: Filled, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", filled.store.url)
    monkeypatch.setenv("SABAQ_DATA_DIR", str(filled.store.data_dir))
    monkeypatch.delenv("SABAQ_BACKUP_DIR", raising=False)
    monkeypatch.delenv("SABAQ_BACKUP_KEY", raising=False)
    get_settings.cache_clear()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ALMATY)


def _backups(day: date) -> list[str]:
    with session_scope() as db:
        return [d.key for d in due_now(db, _at(day, 0), CFG) if d.kind == BACKUP] + [
            d.key for d in due_now(db, _at(day, 2, 30), CFG) if d.kind == BACKUP
        ]


def test_due_after_its_time_and_never_when_off(monkeypatch: pytest.MonkeyPatch) -> None:
    day = date(2026, 12, 1)
    assert _backups(day) == ["backup:2026-12-01"]  # not at midnight; at 02:30
    with session_scope() as db:
        off = replace(CFG, backup_at=None)
        assert not [d for d in due_now(db, _at(day, 23), off) if d.kind == BACKUP]
    monkeypatch.setenv("SABAQ_BACKUP_AT", "off")
    assert backup_at_setting() is None
    monkeypatch.setenv("SABAQ_BACKUP_AT", "")
    assert backup_at_setting() == time(2, 30)


def test_queued_once_run_by_a_worker_and_pruned(filled: Filled) -> None:
    day = date(2026, 12, 2)
    folder = filled.store.data_dir / "backups"
    folder.mkdir(exist_ok=True)
    older = [f"sabaq-daily-2026-11-{n:02d}.backup" for n in range(20, 30)]
    for name in [*older, "sabaq-20261101T000000Z.backup", "notes.txt"]:
        (folder / name).write_bytes(b"old")
    assert enqueue_due(None, _at(day, 3), CFG) >= 1
    assert enqueue_due(None, _at(day, 9), CFG) == 0  # later ticks of the day: the key exists
    worker = Worker("backup-test", None, {BACKUP: run_backup})
    assert worker.run_once()
    with session_scope() as db:
        job = db.exec(select(Job).where(Job.key == "backup:2026-12-02")).one()
    assert job.status == "done", job.error
    assert job.result["rows"] > 8000 and job.result["removed"] == older[:8]
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [
        "notes.txt", "sabaq-20261101T000000Z.backup", *older[8:],
        "sabaq-daily-2026-12-02.backup",
    ]  # fmt: skip
    key = load_key(filled.store.data_dir)  # made by the first backup, beside the store
    assert oct((filled.store.data_dir / "backup.key").stat().st_mode & 0o777) == "0o600"
    made = folder / "sabaq-daily-2026-12-02.backup"
    with made.open("rb") as source:
        summary = restore_backup(source, key=key, check_only=True)
    assert summary.rows == job.result["rows"]
    names = member_names(made, key)  # never the backups themselves, nor the key
    assert "files/secret.key" in names
    assert not [n for n in names if n.startswith(("files/backups/", "files/backup.key"))]


def test_a_custom_backups_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SABAQ_BACKUP_DIR", str(tmp_path / "nas"))
    enqueue_due(None, _at(date(2026, 12, 3), 4), CFG)
    assert Worker("backup-test", None, {BACKUP: run_backup}).run_once()
    assert (tmp_path / "nas" / "sabaq-daily-2026-12-03.backup").is_file()
