"""The parents' daily digest: held e-mails, one digest per address, never twice; the scheduler
finds it due in the evening; a parent chooses it on a page."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from journal.digest import send_family_digests
from journal.notify import notify_grade
from models.account_services import set_notify_mode
from models.accounts import DIGEST, IMMEDIATE, UserAccount
from models.db import session_scope
from models.errors import StoreError
from models.outbox import DIGESTED, EMAIL, HELD, IN_APP, PENDING, Notice
from tests.journal.family_fixtures import MONDAY, enter_fo_mark, fake_texts
from tests.journal.family_fixtures import school as school
from web.jobs.family_digest import FAMILY_DIGEST
from web.scheduler import ScheduleSettings, due_now

ADDRESS = "parent@demo.sabaq.kz"


def _choose(mode: str) -> None:
    with session_scope() as db:
        parent = db.exec(select(UserAccount).where(UserAccount.login == "parent")).one()
        set_notify_mode(db, parent, mode, actor="parent")


def _grade(school_id: int, value: float) -> int:
    """A new ФО mark for the child, told to the family; returns how many notices were queued."""
    with session_scope() as db:
        _, grade_id = enter_fo_mark(db, school_id, value)
        return notify_grade(db, school_id=school_id, grade_id=grade_id, texts=fake_texts)


def _emails(status: str) -> list[Notice]:
    with session_scope() as db:
        query = select(Notice).where(
            Notice.channel == EMAIL, Notice.status == status, col(Notice.address) == ADDRESS
        )
        return list(db.exec(query.order_by(col(Notice.id))).all())


def _cfg() -> ScheduleSettings:
    return ScheduleSettings(
        timezone=ZoneInfo("Asia/Almaty"),
        digest_at=time(7),
        digest_until=time(12),
        reminder_minutes=15,
        tick_s=30,
        family_digest_at=time(18),
    )


def test_a_digest_parent_gets_held_emails_once_a_day_and_in_app_at_once(school: int) -> None:
    _choose(DIGEST)
    try:
        before = {n.id for n in _emails(PENDING)}
        assert _grade(school, 9) == 3 and _grade(school, 7) == 3
        assert {n.id for n in _emails(PENDING)} == before  # no e-mail goes out now
        held = _emails(HELD)
        assert len(held) == 2
        with session_scope() as db:
            in_app = db.exec(
                select(Notice).where(Notice.channel == IN_APP, col(Notice.key).contains(":grade:"))
            ).all()
            assert in_app and all(n.sent_at is not None for n in in_app)
        until = datetime.now(UTC) + timedelta(seconds=1)
        with session_scope() as db:
            sent = send_family_digests(
                db, school_id=school, day=MONDAY, until=until, texts=fake_texts
            )
        assert sent == 1
        digest = [n for n in _emails(PENDING) if n.id not in before]
        assert len(digest) == 1
        assert all(h.subject in digest[0].body for h in held)  # both grades in one e-mail
        assert MONDAY.isoformat() in digest[0].subject
        assert {n.id for n in _emails(DIGESTED)} >= {h.id for h in held}
        with session_scope() as db:  # a second run sends nothing
            assert (
                send_family_digests(db, school_id=school, day=MONDAY, until=until, texts=fake_texts)
                == 0
            )
    finally:
        _choose(IMMEDIATE)


def test_an_immediate_parent_gets_emails_at_once(school: int) -> None:
    before = {n.id for n in _emails(PENDING)}
    assert _grade(school, 6) == 3
    assert len({n.id for n in _emails(PENDING)} - before) == 1
    assert _emails(HELD) == []


def test_the_scheduler_finds_the_digest_due_in_the_evening_only(school: int) -> None:
    _choose(DIGEST)
    try:
        _grade(school, 8)
        tz = ZoneInfo("Asia/Almaty")
        morning = datetime(2026, 11, 23, 10, 0, tzinfo=tz)
        evening = datetime(2026, 11, 23, 18, 0, 30, tzinfo=tz)
        with session_scope() as db:
            assert not [d for d in due_now(db, morning, _cfg()) if d.kind == FAMILY_DIGEST]
            due = [d for d in due_now(db, evening, _cfg()) if d.kind == FAMILY_DIGEST]
        assert [(d.school_id, d.key) for d in due] == [
            (school, f"family-digest:{school}:2026-11-23")
        ]
        assert due[0].params["until"] == evening.isoformat()
    finally:
        _choose(IMMEDIATE)


def test_an_unknown_mode_is_refused() -> None:
    account = UserAccount(login="x", name="X", role="parent", password_hash="-")
    try:
        with session_scope() as db:
            set_notify_mode(db, account, "weekly", actor="x")
    except StoreError as exc:
        assert exc.code == "unknown_notify_mode"
    else:
        raise AssertionError("a weekly digest does not exist")
