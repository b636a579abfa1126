"""Scheduled notices: the morning digest and the reminder, once each, in the reader's language,
across restarts and with several schedulers; the lock that lets only one of them run."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from models.accounts import UserAccount
from models.db import session_scope
from models.jobs import Job
from models.outbox import EMAIL, IN_APP, Notice
from models.people import Student, Teacher
from models.school_data import get_school
from models.substitutions import Cover, CoverPlan
from substitutions.absences import add_absence
from substitutions.publish import publish_day
from substitutions.services import change_cover, cover_candidates, plan_day
from substitutions.store import load_day
from tests.web.conftest import DemoStore
from tests.web.jobs_support import Inbox, smtp_server, wait_until
from web import mail
from web.i18n import translator
from web.jobs.digest import REMINDER, cover_ident, lesson_starts, send_reminder, told_covers
from web.scheduler import (
    DIGEST,
    AdvisoryLock,
    FileLock,
    NoticeScheduler,
    ScheduleSettings,
    due_now,
    lock_for,
)
from web.worker import run_worker, start_workers

ALMATY = ZoneInfo("Asia/Almaty")


def _cfg(tick_s: float = 30.0) -> ScheduleSettings:
    return ScheduleSettings(ALMATY, time(7, 0), time(12, 0), 15, tick_s)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ALMATY)


def _school_id(store: DemoStore) -> int:
    with session_scope() as db:
        school_id = get_school(db, code=store.school_code).id
    assert school_id is not None
    return school_id


def _account(db: Session, login: str) -> UserAccount:
    return db.exec(select(UserAccount).where(UserAccount.login == login)).one()


def _student_class_teacher(db: Session, school_id: int, day: date) -> str:
    """A teacher of a whole-class lesson the demo student has on `day` (so the class, the
    student and the parent are told)."""
    from models.classes import SchoolClass

    student = db.get(Student, _account(db, "student").student_id)
    klass = db.get(SchoolClass, student.class_id if student else 0)
    assert klass is not None
    cp = load_day(db, school_id=school_id, day=day).problem
    class_id = next(c.id for c in cp.classes if c.code == klass.code)
    lesson = next(ls for ls in cp.lessons if ls.audience == ((class_id, None),))
    return cp.teachers[lesson.teachers[0]].code


def _publish(store: DemoStore, day: date) -> int:
    """Two teachers absent on `day` (the demo teacher's and a teacher of the demo student's
    class), planned and published the evening before; every teacher has an e-mail address."""
    school_id = _school_id(store)
    with session_scope() as db:
        for t in db.exec(select(Teacher).where(Teacher.school_id == school_id)).all():
            t.email = f"{t.code.lower()}@school.example"
            db.add(t)
        demo_teacher = db.get(Teacher, _account(db, "teacher").teacher_id)
        assert demo_teacher is not None
        for code in {demo_teacher.code, _student_class_teacher(db, school_id, day)}:
            add_absence(db, school_id=school_id, ref=code, starts_on=day, reason="ill")
    with session_scope() as db:
        assert plan_day(db, school_id=school_id, day=day).covered > 0
    with session_scope() as db:
        publish_day(db, school_id=school_id, day=day, translate_for=_gettext)
    with session_scope() as db:  # published the evening before, as a deputy would
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        plan.published_at = _at(day - timedelta(days=1), 18).astimezone(UTC)
        db.add(plan)
    return school_id


def _gettext(language: str):  # type: ignore[no-untyped-def]
    return translator(language).gettext


def _notices(prefix: str) -> list[Notice]:
    with session_scope() as db:
        query = select(Notice).where(col(Notice.key).like(f"{prefix}%")).order_by(col(Notice.id))
        return list(db.exec(query).all())


def _set_language(login: str, language: str) -> None:
    with session_scope() as db:
        account = _account(db, login)
        account.language = language
        db.add(account)


@pytest.fixture(autouse=True)
def _store_env(demo_store: DemoStore) -> None:
    """The module's demo store is the configured one (other modules may have moved it)."""
    os.environ["DATABASE_URL"] = demo_store.url
    os.environ["SABAQ_DATA_DIR"] = str(demo_store.data_dir)


def test_digest_is_due_from_seven_school_time_until_noon(demo_store: DemoStore) -> None:
    day = date(2026, 9, 8)
    school_id = _publish(demo_store, day)
    cfg = _cfg()

    def digests(when: datetime) -> list[str]:
        with session_scope() as db:
            return [d.key for d in due_now(db, when, cfg) if d.kind == DIGEST]

    assert digests(_at(day, 6, 59)) == []
    assert digests(_at(day, 7, 0)) == [f"digest:{school_id}:2026-09-08"]
    assert digests(_at(day, 11, 59)) == [f"digest:{school_id}:2026-09-08"]  # a late catch-up
    assert digests(_at(day, 12, 0)) == []
    assert digests(_at(day + timedelta(days=1), 8)) == []  # no plan published that day
    # 07:00 in Almaty is 02:00 UTC: the school clock decides, not the server's
    assert digests(datetime(2026, 9, 8, 2, 0, tzinfo=UTC)) == [f"digest:{school_id}:2026-09-08"]
    with session_scope() as db:  # a plan first published after seven has told everyone already
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        plan.published_at = _at(day, 7, 30).astimezone(UTC)
        db.add(plan)
    assert digests(_at(day, 8)) == []


def test_digest_once_per_reader_in_their_language_across_restarts(
    demo_store: DemoStore,
) -> None:
    day = date(2026, 9, 9)
    school_id = _publish(demo_store, day)
    _set_language("teacher", "ru")  # changed after publishing: the digest follows the account
    _set_language("parent", "en")
    clock = _at(day, 9, 30)  # no scheduler ran at 7:00: the first one up catches up
    first = NoticeScheduler(settings=_cfg(), clock=lambda: clock, name="first")
    new, ran = first.tick()  # the digest, and reminders of lessons from 9:30 to 9:45
    assert new == ran >= 1
    sent = _notices(f"digest:{school_id}:2026-09-09:")
    with session_scope() as db:
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        told = told_covers(plan).values()
        teacher, parent = _account(db, "teacher"), _account(db, "parent")
        student = _account(db, "student")
    readers = {(r.account, r.email) for t in told for r in t.readers}
    assert len(sent) == len(readers)  # one digest per reader, each reader once
    by_account = {n.user_id: n for n in sent if n.channel == IN_APP}
    assert {teacher.id, parent.id, student.id} <= set(by_account)
    assert {n.address for n in sent if n.channel == EMAIL} >= {"teacher@demo.sabaq.kz"}

    def lines(account_id: int | None, language: str) -> list[str]:
        mine = [t for t in told if any(r.account == account_id for r in t.readers)]
        return sorted(translator(language).render(t.summary) for t in mine)

    samples = {lang: lines(teacher.id, lang) for lang in ("ru", "kk", "en")}
    assert len({tuple(v) for v in samples.values()}) == 3  # the sentences do differ by language
    for account, language in ((teacher.id, "ru"), (parent.id, "en"), (student.id, "kk")):
        body = by_account[account].body.splitlines()
        assert sorted(line.removeprefix("• ") for line in body[1:]) == lines(account, language)
    assert first.tick() == (0, 0)
    restarted = NoticeScheduler(settings=_cfg(), clock=lambda: clock + timedelta(minutes=5))
    assert restarted.tick() == (0, 0)  # the keys remember: nothing is sent twice
    assert len(_notices(f"digest:{school_id}:2026-09-09:")) == len(sent)
    with session_scope() as db:
        job = db.exec(select(Job).where(Job.key == f"digest:{school_id}:2026-09-09")).one()
        assert (job.status, job.result["notices"]) == ("done", len(sent))


def _reminded_cover(day: date) -> tuple[Cover, datetime]:
    with session_scope() as db:
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        covers = db.exec(
            select(Cover).where(
                Cover.plan_id == plan.id,
                col(Cover.deleted_at).is_(None),
                col(Cover.substitute_id).is_not(None),
                col(Cover.action).in_(("cover", "study")),
            )
        ).all()
        starts = lesson_starts(db, plan.school_id)
    cover = max(covers, key=lambda c: (c.shift, c.period))  # the latest lesson of the day
    clock = starts[(cover.shift, cover.period)]
    return cover, datetime.combine(day, clock, tzinfo=ALMATY)


def test_reminder_due_from_fifteen_minutes_before_until_the_lesson_begins(
    demo_store: DemoStore,
) -> None:
    day = date(2026, 9, 10)
    school_id = _publish(demo_store, day)
    cover, start = _reminded_cover(day)
    key = f"reminder:{school_id}:{cover.id}"

    def reminders(when: datetime) -> list[str]:
        with session_scope() as db:
            return [d.key for d in due_now(db, when, _cfg()) if d.kind == REMINDER]

    assert key not in reminders(start - timedelta(minutes=15, seconds=1))
    assert key in reminders(start - timedelta(minutes=15))
    assert key in reminders(start - timedelta(seconds=1))
    assert key not in reminders(start)


def test_reminder_goes_to_the_substitute_once(demo_store: DemoStore) -> None:
    day = date(2026, 9, 15)
    school_id = _publish(demo_store, day)
    cover, start = _reminded_cover(day)
    with session_scope() as db:
        substitute = db.get(Teacher, cover.substitute_id)
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        summary = told_covers(plan)[cover_ident(cover)].summary
    assert substitute is not None
    when = start - timedelta(minutes=10)
    scheduler = NoticeScheduler(settings=_cfg(), clock=lambda: when)
    new, ran = scheduler.tick()
    assert new >= 1 and ran == new
    mine = _notices(f"reminder:{school_id}:{cover.id}:")
    assert [(n.channel, n.address) for n in mine] == [(EMAIL, substitute.email)]
    school_language = "kk"  # the demo school's; a teacher without an account reads it
    at = start.strftime("%H:%M")
    expected = translator(school_language).render(summary)
    assert expected in mine[0].body and at in mine[0].body and at in mine[0].subject
    assert scheduler.tick() == (0, 0)
    assert len(_notices(f"reminder:{school_id}:{cover.id}:")) == 1


def test_a_changed_cover_is_reminded_as_told_until_published_again(
    demo_store: DemoStore,
) -> None:
    day = date(2026, 9, 22)
    school_id = _publish(demo_store, day)
    cover, start = _reminded_cover(day)
    when = start - timedelta(minutes=10)

    def reminded() -> set[str]:
        with session_scope() as db:
            return {d.key for d in due_now(db, when, _cfg()) if d.kind == REMINDER}

    assert f"reminder:{school_id}:{cover.id}" in reminded()
    with session_scope() as db:
        other = next(
            c for c in cover_candidates(db, school_id=school_id, cover_id=cover.id or 0)
            if c.action == "cover" and c.clash is None and not c.current
        )  # fmt: skip
        change_cover(db, school_id=school_id, cover_id=cover.id or 0, action="cover",
                     substitute_id=other.substitute_id)  # fmt: skip
    assert f"reminder:{school_id}:{cover.id}" in reminded()  # a draft tells nobody yet
    with session_scope() as db:
        publish_day(db, school_id=school_id, day=day, translate_for=_gettext)
    now_due = reminded()
    assert f"reminder:{school_id}:{cover.id}" not in now_due  # the old substitute is off
    new_cover, _ = _reminded_cover(day)
    assert new_cover.substitute_id == other.substitute_id
    assert f"reminder:{school_id}:{new_cover.id}" in now_due
    with session_scope() as db:
        stale = send_reminder(db, school_id=school_id, cover_id=cover.id or 0, now=when, tz=ALMATY)
        assert stale == 0
        db.rollback()


def test_two_schedulers_ticking_together_write_each_notice_once(demo_store: DemoStore) -> None:
    day = date(2026, 9, 16)
    school_id = _publish(demo_store, day)
    clock = _at(day, 7, 1)
    schedulers = [
        NoticeScheduler(settings=_cfg(), clock=lambda: clock, name=f"s{i}") for i in (1, 2)
    ]
    errors: list[BaseException] = []

    def run(s: NoticeScheduler) -> None:
        try:
            s.tick()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in schedulers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    sent = _notices(f"digest:{school_id}:2026-09-16:")
    assert sent and len({n.key for n in sent}) == len(sent)
    with session_scope() as db:
        jobs = db.exec(select(Job).where(col(Job.key).like(f"digest:{school_id}:2026-09-16"))).all()
    assert [j.status for j in jobs] == ["done"]


def test_only_one_scheduler_holds_the_lock(demo_store: DemoStore, tmp_path: Path) -> None:
    path = Path(f"{demo_store.data_dir / 'store.db'}.scheduler.lock")
    assert isinstance(lock_for(demo_store.url), FileLock)
    assert lock_for(demo_store.url).path == path  # type: ignore[attr-defined]
    a = NoticeScheduler(demo_store.url, settings=_cfg(), name="a", retry_s=0.1).start()
    assert wait_until(a.leading.is_set, timeout=30)
    b = NoticeScheduler(demo_store.url, settings=_cfg(), name="b", retry_s=0.1).start()
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
    school_id = _publish(demo_store, day)
    clock = _at(day, 7, 0)
    stop = threading.Event()
    options = {"worker_name": "mail", "poll_s": 0.05, "url": demo_store.url}
    worker = threading.Thread(target=run_worker, args=(stop,), kwargs=options)
    worker.start()
    try:
        ids = {n.id for n in _wait_digests(school_id, clock) if n.channel == EMAIL}
        assert ids
        assert wait_until(lambda: len(_mail_of(platform_smtp, ids)) == len(ids), timeout=60)
        restarted = NoticeScheduler(settings=_cfg(0.2), clock=lambda: clock, retry_s=0.1).start()
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
    scheduler = NoticeScheduler(settings=_cfg(0.2), clock=lambda: clock, retry_s=0.1).start()
    try:
        prefix = f"digest:{school_id}:{clock.date().isoformat()}:"
        assert wait_until(lambda: bool(_notices(prefix)), timeout=60)
        return _notices(prefix)
    finally:
        scheduler.stop()


def _mail_of(inbox: Inbox, ids: set[int | None]) -> list[EmailMessage]:
    """The e-mails the server received for these notices."""
    wanted = {str(i) for i in ids}
    return [m for m in inbox.received() if m["X-Sabaq-Notice"] in wanted]
