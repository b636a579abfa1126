"""Scheduled notices (apscheduler): the morning digest and the reminders before covered lessons,
and the parents' daily digest of journal e-mails (due for a school with held e-mails once the
school clock passes SABAQ_FAMILY_DIGEST_AT; key `family-digest:{school}:{day}`), and the daily
backup of the whole store (due once the school clock passes SABAQ_BACKUP_AT; key
`backup:{day}`; run by the workers, not in the scheduler's thread: see web.jobs.backup).

What is due is worked out from the store each time, never kept as scheduler state: a digest is
due for a school with a published plan today once the school clock passes the digest time (until
late morning, so a scheduler that was down at 7:00 catches up); a reminder is due for a published
cover from N minutes before its lesson until the lesson begins. Each due item becomes a job row
under a stable key (`digest:{school}:{day}`, `reminder:{school}:{cover}`), and the jobs write
notices under stable keys too. So a restart loses nothing (the next tick finds the same due items,
or the queued jobs wait in the store) and repeats nothing (the keys exist), and a changed or
withdrawn cover needs no scheduled job moved or deleted: a changed cover is a new row with a new
key, a withdrawn one is no longer found.

Why not apscheduler's SQLAlchemyJobStore: it stores pickled callables in a table made outside our
migrations, APScheduler 3 does not support two schedulers sharing it, and per-cover reminder jobs
would have to be added and removed at every publication and correction (by `substitutions`,
which cannot import web), a second copy of the plan that could drift from it.

Only one scheduler fires: every worker process runs a `NoticeScheduler`, and the one holding the
scheduler lock runs apscheduler (the others try again every few seconds, so one takes over when
the holder dies). The lock dies with its holder: a PostgreSQL advisory lock on the scheduler's
own connection, or, for SQLite (one machine), an flock on a file beside the database. Should two
ever tick at once, the keys still make every job and notice once.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, col, select

from models.db import normalize_url, session_scope
from models.job_queue import enqueue
from models.jobs import Job
from models.notice_digest import schools_with_held
from models.settings import get_settings
from models.substitutions import CoverPlan
from web.jobs.backup import BACKUP, backup_at_setting, backup_due, backup_keep_setting
from web.jobs.context import Handler
from web.jobs.digest import (
    DIGEST,
    REMINDER,
    lesson_start,
    lesson_starts,
    reminder_covers,
    run_digest,
    run_reminder,
)
from web.jobs.family_digest import FAMILY_DIGEST, run_family_digest
from web.jobs.retention import RETENTION, retention_due, run_retention_job  # retention

log = logging.getLogger(__name__)

LOCK_KEY = 0x5ABA0001  # the PostgreSQL advisory lock id of the notice scheduler
RETRY_S = 10.0  # how often a scheduler without the lock tries again (and the holder checks it)


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    timezone: ZoneInfo  # the school clock (SABAQ_TIMEZONE, default Asia/Almaty)
    digest_at: time  # when the morning digest goes out (SABAQ_DIGEST_AT, default 07:00)
    digest_until: time  # no digest after this (SABAQ_DIGEST_UNTIL, default 12:00)
    reminder_minutes: int  # reminders this long before a lesson (SABAQ_REMINDER_MINUTES, 15)
    tick_s: float  # how often due reminders are looked for (SABAQ_SCHEDULER_TICK, 30 s)
    family_digest_at: time = time(18)  # the parents' daily digest (SABAQ_FAMILY_DIGEST_AT)
    backup_at: time | None = None  # the daily backup (SABAQ_BACKUP_AT, 02:30; None: none)
    backup_keep: int = 14  # daily backups kept (SABAQ_BACKUP_KEEP)


@lru_cache(maxsize=1)
def schedule_settings() -> ScheduleSettings:
    """The scheduler's settings from the environment, read once (tests build their own)."""
    env = os.environ.get
    return ScheduleSettings(
        timezone=ZoneInfo(env("SABAQ_TIMEZONE", "").strip() or "Asia/Almaty"),
        digest_at=time.fromisoformat(env("SABAQ_DIGEST_AT", "").strip() or "07:00"),
        digest_until=time.fromisoformat(env("SABAQ_DIGEST_UNTIL", "").strip() or "12:00"),
        reminder_minutes=int(env("SABAQ_REMINDER_MINUTES", "").strip() or "15"),
        family_digest_at=time.fromisoformat(env("SABAQ_FAMILY_DIGEST_AT", "").strip() or "18:00"),
        tick_s=float(env("SABAQ_SCHEDULER_TICK", "").strip() or "30"),
        backup_at=backup_at_setting(),
        backup_keep=backup_keep_setting(),
    )


@dataclass(frozen=True, slots=True)
class Due:
    """A job the clock calls for: its kind, school, key and parameters."""

    kind: str
    school_id: int | None  # None: the whole store (the daily backup)
    key: str
    params: dict[str, Any]


def due_now(session: Session, now: datetime, cfg: ScheduleSettings) -> list[Due]:
    """Digests and reminders due at `now`, in every school (each job then works in one school).

    Args:
        session: an open session.
        now: the current time (aware).
        cfg: digest time, reminder lead and the school clock.

    Returns:
        The due items; the keys say whether each was already queued.
    """
    local = now.astimezone(cfg.timezone)
    today = local.date()
    out: list[Due] = []
    if cfg.digest_at <= local.time() < cfg.digest_until:
        out.extend(_due_digests(session, today, cfg))
    if local.time() >= cfg.family_digest_at:
        family = {"day": today.isoformat(), "until": now.isoformat()}
        for school_id in schools_with_held(session):
            key = f"family-digest:{school_id}:{today.isoformat()}"
            out.append(Due(FAMILY_DIGEST, school_id, key, dict(family)))
    out.extend(Due(*item) for item in retention_due(session, local))  # retention: leavers
    for key, params in backup_due(local, cfg.backup_at, cfg.backup_keep):  # workers run it
        out.append(Due(BACKUP, None, key, params))
    lead = timedelta(minutes=cfg.reminder_minutes)
    starts: dict[int, dict[tuple[str, int], time]] = {}
    for school_id, cover in reminder_covers(session, low=today, high=(local + lead).date()):
        bells = starts.setdefault(school_id, lesson_starts(session, school_id))
        start = lesson_start(bells, cover.shift, cover.period, cover.day, cfg.timezone)
        if start is not None and start - lead <= now < start:
            key = f"reminder:{school_id}:{cover.id}"
            params = {"cover_id": cover.id, "tz": cfg.timezone.key,
                      "minutes": cfg.reminder_minutes}  # fmt: skip
            out.append(Due(REMINDER, school_id, key, params))
    return out


def _due_digests(session: Session, today: date, cfg: ScheduleSettings) -> list[Due]:
    """A digest for each school whose plan of `today` was published before the digest time;
    a plan published later has just told everyone, and a digest would say it again."""
    digest_time = datetime.combine(today, cfg.digest_at, tzinfo=cfg.timezone)
    plans = session.exec(
        select(CoverPlan.school_id, CoverPlan.published_at).where(
            CoverPlan.day == today, col(CoverPlan.revision) >= 1
        )
    ).all()
    out = []
    for school_id, published_at in sorted(plans, key=lambda p: p[0]):
        if published_at is not None and published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=UTC)  # SQLite returns naive UTC
        if published_at is None or published_at <= digest_time:
            key = f"digest:{school_id}:{today.isoformat()}"
            out.append(Due(DIGEST, school_id, key, {"day": today.isoformat()}))
    return out


def enqueue_due(url: str | None, now: datetime, cfg: ScheduleSettings) -> int:
    """Queues the due jobs (each key once, ever); returns how many were new."""
    with session_scope(url) as session:
        due = due_now(session, now, cfg)
        keys = [d.key for d in due]
        known = set(session.exec(select(Job.key).where(col(Job.key).in_(keys))).all())
        for item in due:
            if item.key not in known:  # enqueue is idempotent anyway; this only counts
                enqueue(session, kind=item.kind, school_id=item.school_id,
                        params=item.params, key=item.key)  # fmt: skip
    return len(set(keys) - known)


class Lock(Protocol):
    """A lock held by one process at a time that ends with the process."""

    def acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


class FileLock:
    """flock on a file: one holder per machine; the kernel drops it when the holder dies."""

    def __init__(self, path: Path) -> None:
        self.path, self.fd = path, -1

    def acquire(self) -> bool:
        if self.fd >= 0:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def held(self) -> bool:
        return self.fd >= 0

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the flock
            self.fd = -1


class AdvisoryLock:
    """A PostgreSQL session advisory lock on a connection of its own (not pooled); the server
    drops it when that connection ends, so a dead holder's lock is gone with it."""

    TAKE = text("SELECT pg_try_advisory_lock(:key)")
    # a reconnected session is not the one holding the lock: ask the server whether ours does
    MINE = text(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND pid = pg_backend_pid() AND classid = 0 AND objid = :key AND objsubid = 1)"
    )

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, poolclass=NullPool)
        self.conn: Connection | None = None

    def acquire(self) -> bool:
        if self.held():
            return True
        self.release()
        try:
            self.conn = self.engine.connect()
            got = bool(self.conn.execute(self.TAKE, {"key": LOCK_KEY}).scalar())
            self.conn.commit()
        except SQLAlchemyError:
            log.warning("scheduler lock: the store is not reachable", exc_info=True)
            got = False
        if not got:
            self.release()
        return got

    def held(self) -> bool:
        if self.conn is None:
            return False
        try:
            mine = bool(self.conn.execute(self.MINE, {"key": LOCK_KEY}).scalar())
            self.conn.commit()
            return mine
        except SQLAlchemyError:  # the connection is gone, and the lock with it
            return False

    def release(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(SQLAlchemyError):
                self.conn.close()  # not pooled: the session ends and the lock with it
            self.conn = None


def lock_for(url: str | None) -> Lock:
    """The scheduler lock of a store: advisory on PostgreSQL, a file beside SQLite's database."""
    full = normalize_url(url or get_settings().database_url)
    parsed = make_url(full)
    if parsed.get_backend_name() == "postgresql":
        return AdvisoryLock(full)
    if parsed.database and parsed.database != ":memory:":
        return FileLock(Path(f"{parsed.database}.scheduler.lock"))
    return FileLock(get_settings().data_dir / "scheduler.lock")


class NoticeScheduler:
    """Runs apscheduler while it holds the scheduler lock; `tick` is one round of due work.

    Each tick queues what is due and runs those jobs at once in the scheduler's thread (any
    worker may take them too), so a long solve on the workers does not hold up a reminder.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        settings: ScheduleSettings | None = None,
        clock: Callable[[], datetime] | None = None,
        name: str | None = None,
        retry_s: float = RETRY_S,
    ) -> None:
        self.url = url
        self.cfg = settings or schedule_settings()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:scheduler"
        self.retry_s = retry_s
        self.lock = lock_for(url)
        self.leading = threading.Event()  # set while this one holds the lock and runs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._tick_lock = threading.Lock()

    def tick(self) -> tuple[int, int]:
        """Queue the due jobs, then run queued notice jobs; returns (new jobs, jobs run)."""
        from web.jobs.consult_reminders import remind_consultations
        from web.jobs.loop import Worker

        with self._tick_lock:
            new = enqueue_due(self.url, self.clock(), self.cfg)
            try:  # a failing round of consultation reminders must not hold back the digests
                remind_consultations(self.url, self.clock(), self.cfg.timezone)
            except Exception:
                log.exception("scheduler %s: consultation reminders failed", self.name)
            remind = partial(run_reminder, clock=self.clock)
            handlers: dict[str, Handler] = {
                DIGEST: run_digest, REMINDER: remind, FAMILY_DIGEST: run_family_digest,
                RETENTION: run_retention_job,  # retention
            }  # fmt: skip
            worker, ran = Worker(self.name, self.url, handlers), 0
            while not self._stop.is_set() and worker.run_once(self._stop):
                ran += 1
            return new, ran

    def _safe_tick(self) -> None:
        try:
            new, ran = self.tick()
            if new or ran:
                log.info("scheduler %s: %s jobs queued, %s run", self.name, new, ran)
        except Exception:  # a failing round must not end the schedule
            log.exception("scheduler %s: tick failed", self.name)

    def _apscheduler(self) -> Any:
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        tz = self.cfg.timezone
        defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}
        bg = BackgroundScheduler(timezone=tz, job_defaults=defaults)
        # the first tick at once: catch up whatever fell due while no scheduler ran
        bg.add_job(self._safe_tick, IntervalTrigger(seconds=self.cfg.tick_s, timezone=tz),
                   id="tick", next_run_time=datetime.now(tz))  # fmt: skip
        at = self.cfg.digest_at
        bg.add_job(self._safe_tick, CronTrigger(hour=at.hour, minute=at.minute, timezone=tz),
                   id="digest")  # fmt: skip
        return bg

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.lock.acquire():
                try:
                    self._lead()
                except Exception:  # never die holding the lock: another process must take over
                    log.exception("scheduler %s stopped leading", self.name)
                finally:
                    self.leading.clear()
                    self.lock.release()
            self._stop.wait(self.retry_s)

    def _lead(self) -> None:
        """Run apscheduler until stopped or the lock is lost."""
        log.info("scheduler %s holds the lock and runs", self.name)
        bg = self._apscheduler()
        bg.start()
        self.leading.set()
        try:
            while not self._stop.wait(self.retry_s) and self.lock.held():
                pass
        finally:
            bg.shutdown(wait=True)

    def start(self) -> NoticeScheduler:
        """Start trying for the lock in a background thread; returns self."""
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop scheduling (a running tick finishes its job) and release the lock."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def start_scheduler(url: str | None = None) -> NoticeScheduler:
    """A notice scheduler for this process (workers call it); `stop()` it before exiting."""
    return NoticeScheduler(url).start()
