"""Scheduled notices: the morning digest and the reminder, once each, in the reader's language,
across restarts and with several schedulers ticking at once."""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from models.db import session_scope
from models.jobs import Job
from models.outbox import EMAIL, IN_APP
from models.people import Teacher
from models.substitutions import CoverPlan
from substitutions.publish import publish_day
from substitutions.services import change_cover, cover_candidates
from tests.web.conftest import DemoStore
from tests.web.scheduler_support import (
    ALMATY,
    account,
    at,
    cfg,
    gettext,
    notices,
    publish,
    reminded_cover,
    set_language,
)
from web.i18n import translator
from web.jobs.digest import REMINDER, cover_ident, send_reminder, told_covers
from web.scheduler import DIGEST, NoticeScheduler, due_now


@pytest.fixture(autouse=True)
def _store_env(demo_store: DemoStore) -> None:
    """The module's demo store is the configured one (other modules may have moved it)."""
    os.environ["DATABASE_URL"] = demo_store.url
    os.environ["SABAQ_DATA_DIR"] = str(demo_store.data_dir)


def test_digest_is_due_from_seven_school_time_until_noon(demo_store: DemoStore) -> None:
    day = date(2026, 9, 8)
    school_id = publish(demo_store, day)
    settings = cfg()

    def digests(when: datetime) -> list[str]:
        with session_scope() as db:
            return [d.key for d in due_now(db, when, settings) if d.kind == DIGEST]

    assert digests(at(day, 6, 59)) == []
    assert digests(at(day, 7, 0)) == [f"digest:{school_id}:2026-09-08"]
    assert digests(at(day, 11, 59)) == [f"digest:{school_id}:2026-09-08"]  # a late catch-up
    assert digests(at(day, 12, 0)) == []
    assert digests(at(day + timedelta(days=1), 8)) == []  # no plan published that day
    # 07:00 in Almaty is 02:00 UTC: the school clock decides, not the server's
    assert digests(datetime(2026, 9, 8, 2, 0, tzinfo=UTC)) == [f"digest:{school_id}:2026-09-08"]
    with session_scope() as db:  # a plan first published after seven has told everyone already
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        plan.published_at = at(day, 7, 30).astimezone(UTC)
        db.add(plan)
    assert digests(at(day, 8)) == []


def test_digest_once_per_reader_in_their_language_across_restarts(
    demo_store: DemoStore,
) -> None:
    day = date(2026, 9, 9)
    school_id = publish(demo_store, day)
    set_language("teacher", "ru")  # changed after publishing: the digest follows the account
    set_language("parent", "en")
    clock = at(day, 9, 30)  # no scheduler ran at 7:00: the first one up catches up
    first = NoticeScheduler(settings=cfg(), clock=lambda: clock, name="first")
    new, ran = first.tick()  # the digest, and reminders of lessons from 9:30 to 9:45
    assert new == ran >= 1
    sent = notices(f"digest:{school_id}:2026-09-09:")
    with session_scope() as db:
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        told = told_covers(plan).values()
        teacher, parent = account(db, "teacher"), account(db, "parent")
        student = account(db, "student")
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
    for reader, language in ((teacher.id, "ru"), (parent.id, "en"), (student.id, "kk")):
        body = by_account[reader].body.splitlines()
        assert sorted(line.removeprefix("• ") for line in body[1:]) == lines(reader, language)
    assert first.tick() == (0, 0)
    restarted = NoticeScheduler(settings=cfg(), clock=lambda: clock + timedelta(minutes=5))
    assert restarted.tick() == (0, 0)  # the keys remember: nothing is sent twice
    assert len(notices(f"digest:{school_id}:2026-09-09:")) == len(sent)
    with session_scope() as db:
        job = db.exec(select(Job).where(Job.key == f"digest:{school_id}:2026-09-09")).one()
        assert (job.status, job.result["notices"]) == ("done", len(sent))


def test_reminder_due_from_fifteen_minutes_before_until_the_lesson_begins(
    demo_store: DemoStore,
) -> None:
    day = date(2026, 9, 10)
    school_id = publish(demo_store, day)
    cover, start = reminded_cover(day)
    key = f"reminder:{school_id}:{cover.id}"

    def reminders(when: datetime) -> list[str]:
        with session_scope() as db:
            return [d.key for d in due_now(db, when, cfg()) if d.kind == REMINDER]

    assert key not in reminders(start - timedelta(minutes=15, seconds=1))
    assert key in reminders(start - timedelta(minutes=15))
    assert key in reminders(start - timedelta(seconds=1))
    assert key not in reminders(start)


def test_reminder_goes_to_the_substitute_once(demo_store: DemoStore) -> None:
    day = date(2026, 9, 15)
    school_id = publish(demo_store, day)
    cover, start = reminded_cover(day)
    with session_scope() as db:
        substitute = db.get(Teacher, cover.substitute_id)
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        summary = told_covers(plan)[cover_ident(cover)].summary
    assert substitute is not None
    when = start - timedelta(minutes=10)
    scheduler = NoticeScheduler(settings=cfg(), clock=lambda: when)
    new, ran = scheduler.tick()
    assert new >= 1 and ran == new
    mine = notices(f"reminder:{school_id}:{cover.id}:")
    assert [(n.channel, n.address) for n in mine] == [(EMAIL, substitute.email)]
    school_language = "kk"  # the demo school's; a teacher without an account reads it
    at = start.strftime("%H:%M")
    expected = translator(school_language).render(summary)
    assert expected in mine[0].body and at in mine[0].body and at in mine[0].subject
    assert scheduler.tick() == (0, 0)
    assert len(notices(f"reminder:{school_id}:{cover.id}:")) == 1


def test_no_reminder_echoes_a_publication_inside_its_window(demo_store: DemoStore) -> None:
    day = date(2026, 9, 23)
    school_id = publish(demo_store, day)
    cover, start = reminded_cover(day)

    def remind(published: datetime) -> int:
        with session_scope() as db:
            plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
            plan.published_at = published.astimezone(UTC)
            db.add(plan)
            db.flush()
            written = send_reminder(db, school_id=school_id, cover_id=cover.id or 0,
                                    now=start - timedelta(minutes=3), tz=ALMATY)  # fmt: skip
            db.rollback()
            return written

    assert remind(start - timedelta(minutes=5)) == 0  # just told: that notice is fresh
    assert remind(start - timedelta(minutes=20)) >= 1


def test_a_changed_cover_is_reminded_as_told_until_published_again(
    demo_store: DemoStore,
) -> None:
    day = date(2026, 9, 22)
    school_id = publish(demo_store, day)
    cover, start = reminded_cover(day)
    when = start - timedelta(minutes=10)

    def reminded() -> set[str]:
        with session_scope() as db:
            return {d.key for d in due_now(db, when, cfg()) if d.kind == REMINDER}

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
        publish_day(db, school_id=school_id, day=day, translate_for=gettext)
    now_due = reminded()
    assert f"reminder:{school_id}:{cover.id}" not in now_due  # the old substitute is off
    new_cover, _ = reminded_cover(day)
    assert new_cover.substitute_id == other.substitute_id
    assert f"reminder:{school_id}:{new_cover.id}" in now_due
    with session_scope() as db:
        stale = send_reminder(db, school_id=school_id, cover_id=cover.id or 0, now=when, tz=ALMATY)
        assert stale == 0
        db.rollback()


def test_two_schedulers_ticking_together_write_each_notice_once(demo_store: DemoStore) -> None:
    day = date(2026, 9, 16)
    school_id = publish(demo_store, day)
    clock = at(day, 7, 1)
    schedulers = [
        NoticeScheduler(settings=cfg(), clock=lambda: clock, name=f"s{i}") for i in (1, 2)
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
    sent = notices(f"digest:{school_id}:2026-09-16:")
    assert sent and len({n.key for n in sent}) == len(sent)
    with session_scope() as db:
        jobs = db.exec(select(Job).where(col(Job.key).like(f"digest:{school_id}:2026-09-16"))).all()
    assert [j.status for j in jobs] == ["done"]
