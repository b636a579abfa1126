"""The notice scheduler running: one holder of the lock (file or PostgreSQL), worker
processes competing for it, and a scheduled digest by e-mail once across a restart."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from models.outbox import EMAIL, Notice
from tests.web.conftest import DemoStore
from tests.web.jobs_support import Inbox, smtp_server, wait_until
from tests.web.scheduler_support import at, cfg, notices, publish
from web import mail
from web.scheduler import AdvisoryLock, FileLock, NoticeScheduler, lock_for
from web.worker import run_worker, start_workers


@pytest.fixture(autouse=True)
def _store_env(demo_store: DemoStore) -> None:
    """The module's demo store is the configured one (other modules may have moved it)."""
    os.environ["DATABASE_URL"] = demo_store.url
    os.environ["SABAQ_DATA_DIR"] = str(demo_store.data_dir)


def test_only_one_scheduler_holds_the_lock(demo_store: DemoStore, tmp_path: Path) -> None:
    path = Path(f"{demo_store.data_dir / 'store.db'}.scheduler.lock")
    assert isinstance(lock_for(demo_store.url), FileLock)
    assert lock_for(demo_store.url).path == path  # type: ignore[attr-defined]
    a = NoticeScheduler(demo_store.url, settings=cfg(), name="a", retry_s=0.1).start()
    assert wait_until(a.leading.is_set, timeout=30)
    b = NoticeScheduler(demo_store.url, settings=cfg(), name="b", retry_s=0.1).start()
    try:
        assert not b.leading.wait(1.0)  # a holds the lock: b waits
        a.stop()
        assert wait_until(b.leading.is_set, timeout=30)  # and takes over when a is gone
    finally:
        a.stop()
        b.stop()
    assert _free(FileLock(path))  # both stopped: the lock is free


@pytest.mark.postgres
def test_postgres_lock_is_held_by_one_connection_and_dies_with_it() -> None:
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "")
    if not base:
        pytest.skip("SABAQ_TEST_POSTGRES_URL is not set (start one with .ci/postgres.sh)")
    first, second = lock_for(base), lock_for(base)
    assert isinstance(first, AdvisoryLock) and isinstance(second, AdvisoryLock)
    try:
        assert first.acquire() and first.held()
        assert not second.acquire()
        assert first.conn is not None
        first.conn.invalidate()  # the holder's connection drops, as when its process dies
        assert not first.held()
        assert wait_until(second.acquire, timeout=30)
        assert not first.acquire()
        second.release()  # a stopping scheduler lets go at once
        assert first.acquire()
    finally:
        first.release()
        second.release()


@pytest.mark.slow
def test_worker_processes_run_one_scheduler(demo_store: DemoStore) -> None:
    probe = lock_for(demo_store.url)
    assert _free(probe)
    handle = start_workers(2, poll_s=0.2, url=demo_store.url)
    try:
        assert wait_until(lambda: not _free(probe), timeout=90)  # a worker process holds it
    finally:
        handle.stop()
    assert _free(probe)  # the workers are gone, and so is their lock


def _free(lock: FileLock | object) -> bool:
    assert isinstance(lock, FileLock)
    if lock.acquire():
        lock.release()
        return True
    return False


@pytest.fixture
def platform_smtp() -> Iterator[Inbox]:
    with smtp_server() as (port, inbox):
        saved = {k: os.environ.get(k) for k in ("SABAQ_SMTP_HOST", "SABAQ_SMTP_PORT")}
        os.environ.update(SABAQ_SMTP_HOST="127.0.0.1", SABAQ_SMTP_PORT=str(port),
                          SABAQ_SMTP_STARTTLS="0")  # fmt: skip
        mail.platform_smtp_settings.cache_clear()
        yield inbox
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        os.environ.pop("SABAQ_SMTP_STARTTLS", None)
        mail.platform_smtp_settings.cache_clear()


@pytest.mark.slow
def test_scheduled_digest_arrives_by_email_once_across_a_restart(
    demo_store: DemoStore, platform_smtp: Inbox
) -> None:
    day = date(2026, 9, 17)
    school_id = publish(demo_store, day)
    clock = at(day, 7, 0)
    stop = threading.Event()
    options = {"worker_name": "mail", "poll_s": 0.05, "url": demo_store.url}
    worker = threading.Thread(target=run_worker, args=(stop,), kwargs=options)
    worker.start()
    try:
        ids = {n.id for n in _wait_digests(school_id, clock) if n.channel == EMAIL}
        assert ids
        assert wait_until(lambda: len(_mail_of(platform_smtp, ids)) == len(ids), timeout=60)
        restarted = NoticeScheduler(settings=cfg(0.2), clock=lambda: clock, retry_s=0.1).start()
        try:
            assert wait_until(restarted.leading.is_set, timeout=30)
            assert restarted.tick() == (0, 0)
        finally:
            restarted.stop()
        assert not wait_until(lambda: len(_mail_of(platform_smtp, ids)) > len(ids), timeout=2)
    finally:
        stop.set()
        worker.join(60)
    received = _mail_of(platform_smtp, ids)
    assert sorted(int(m["X-Sabaq-Notice"]) for m in received) == sorted(ids)  # each once


def _wait_digests(school_id: int, clock: datetime) -> list[Notice]:
    """A scheduler (real apscheduler, lock and all) up until the day's digest is written."""
    scheduler = NoticeScheduler(settings=cfg(0.2), clock=lambda: clock, retry_s=0.1).start()
    try:
        prefix = f"digest:{school_id}:{clock.date().isoformat()}:"
        assert wait_until(lambda: bool(notices(prefix)), timeout=60)
        return notices(prefix)
    finally:
        scheduler.stop()


def _mail_of(inbox: Inbox, ids: set[int | None]) -> list[EmailMessage]:
    """The e-mails the server received for these notices."""
    wanted = {str(i) for i in ids}
    return [m for m in inbox.received() if m["X-Sabaq-Notice"] in wanted]
