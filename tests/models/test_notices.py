"""The notice outbox on a real store: idempotent queueing, in-app reading, claiming e-mail."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from models.accounts import UserAccount
from models.base import utcnow
from models.errors import StoreError
from models.notices import (
    MAX_ATTEMPTS,
    SENDING,
    claim_emails,
    expire_stale_sending,
    has_due_emails,
    list_notices,
    mark_failed,
    mark_read,
    mark_sent,
    queue_notice,
    retry_delay,
    unread_count,
)
from models.outbox import EMAIL, FAILED, IN_APP, PENDING, SENT, Notice
from models.school import School


def _people(session: Session) -> tuple[int, int, int, int]:
    """Two schools and one account in each: (school, user, other school, other user)."""
    schools = [School(code="A", name="Мектеп А"), School(code="B", name="Школа Б")]
    session.add_all(schools)
    session.flush()
    users = [
        UserAccount(
            school_id=s.id, login=f"u{s.code}", name="Әлия", role="teacher", password_hash="x"
        )
        for s in schools
    ]
    session.add_all(users)
    session.commit()
    ids = [schools[0].id, users[0].id, schools[1].id, users[1].id]
    assert all(i is not None for i in ids)
    return ids[0] or 0, ids[1] or 0, ids[2] or 0, ids[3] or 0


def _email(session: Session, school: int, n: int, key: str | None = None) -> Notice:
    return queue_notice(
        session, school_id=school, user_id=None, channel=EMAIL, address=f"p{n}@example.kz",
        subject=f"Сабақ кестесі {n}", body="Жаңа кесте", key=key,
    )  # fmt: skip


def test_queue_is_idempotent_on_key(session: Session) -> None:
    school, _, other, _ = _people(session)
    first = _email(session, school, 1, key="reset:1")
    again = _email(session, school, 2, key="reset:1")
    session.commit()
    assert again.id == first.id and again.subject == "Сабақ кестесі 1"
    assert first.status == PENDING
    with pytest.raises(StoreError) as err:
        _email(session, other, 3, key="reset:1")
    assert err.value.code == "notice_key_taken"


@pytest.mark.parametrize(
    ("channel", "address", "user", "code"),
    [
        ("sms", "", True, "unknown_channel"),
        (EMAIL, "not an address", False, "no_address"),
        (IN_APP, "", False, "no_recipient"),
    ],
)
def test_queue_refuses_what_cannot_be_delivered(
    session: Session, channel: str, address: str, user: bool, code: str
) -> None:
    school, user_id, _, _ = _people(session)
    with pytest.raises(StoreError) as err:
        queue_notice(
            session, school_id=school, user_id=user_id if user else None, channel=channel,
            address=address, subject="s", body="b",
        )  # fmt: skip
    assert err.value.code == code and err.value.messages


def test_in_app_notices_per_person(session: Session) -> None:
    school, user, other, other_user = _people(session)
    for n in range(3):
        queue_notice(
            session, school_id=school, user_id=user, channel=IN_APP, address="",
            subject=f"Замена {n}", body="Урок 3",
        )  # fmt: skip
    queue_notice(
        session, school_id=other, user_id=other_user, channel=IN_APP, address="",
        subject="Чужое", body="",
    )  # fmt: skip
    _email(session, school, 9)  # e-mails are not in the in-app list
    session.commit()
    listed = list_notices(session, school_id=school, user_id=user)
    assert [n.subject for n in listed] == ["Замена 2", "Замена 1", "Замена 0"]
    assert all(n.status == SENT for n in listed)
    assert unread_count(session, school_id=school, user_id=user) == 3
    # another person's notice id is ignored
    other_id = list_notices(session, school_id=other, user_id=other_user)[0].id
    assert other_id is not None and listed[0].id is not None
    assert mark_read(session, school_id=school, user_id=user, notice_ids=[listed[0].id, other_id])
    session.commit()
    assert unread_count(session, school_id=school, user_id=user) == 2
    assert unread_count(session, school_id=other, user_id=other_user) == 1
    unread = list_notices(session, school_id=school, user_id=user, unread_only=True)
    assert [n.subject for n in unread] == ["Замена 1", "Замена 0"]
    assert mark_read(session, school_id=school, user_id=user) == 2
    session.commit()
    assert unread_count(session, school_id=school, user_id=user) == 0
    assert list_notices(session, school_id=other, user_id=user) == []


def test_claim_marks_sending_and_never_hands_out_one_notice_twice(session: Session) -> None:
    school, *_ = _people(session)
    for n in range(3):
        _email(session, school, n)
    session.commit()
    claimed = claim_emails(session, limit=2)
    session.commit()
    assert [n.status for n in claimed] == [SENDING, SENDING]
    assert [n.attempts for n in claimed] == [1, 1]
    rest = claim_emails(session, limit=10)
    session.commit()
    assert len(rest) == 1 and rest[0].id not in {n.id for n in claimed}
    assert claim_emails(session) == []
    assert claimed[0].id is not None
    assert mark_sent(session, notice_id=claimed[0].id)
    assert not mark_sent(session, notice_id=claimed[0].id)  # already sent
    session.commit()


def test_two_deliverers_claim_disjoint_notices(engine: Engine, session: Session) -> None:
    school, *_ = _people(session)
    for n in range(30):
        _email(session, school, n)
    session.commit()
    got: dict[str, list[int]] = {"w1": [], "w2": []}
    start = threading.Barrier(2)

    def deliverer(name: str) -> None:
        start.wait()
        while True:
            with Session(engine, expire_on_commit=False) as own:
                batch = claim_emails(own, limit=3)
                own.commit()
            if not batch:
                return
            got[name].extend(n.id for n in batch if n.id is not None)

    threads = [threading.Thread(target=deliverer, args=(name,)) for name in got]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = got["w1"] + got["w2"]
    assert len(every) == 30 and len(set(every)) == 30


def test_failed_notices_are_retried_with_backoff_then_given_up(session: Session) -> None:
    school, *_ = _people(session)
    notice = _email(session, school, 1)
    session.commit()
    assert notice.id is not None
    now = utcnow()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = claim_emails(session, now=now)
        session.commit()
        assert [n.id for n in claimed] == [notice.id]
        assert claimed[0].attempts == attempt
        assert mark_failed(session, notice_id=notice.id, error="421 try later")
        session.commit()
        # not before the backoff has passed
        soon = now + retry_delay(attempt) - timedelta(seconds=1)
        assert not has_due_emails(session, now=soon)
        assert claim_emails(session, now=soon) == []
        assert has_due_emails(session, now=now + retry_delay(attempt)) == (attempt < MAX_ATTEMPTS)
        session.commit()
        now += retry_delay(attempt)
    # out of attempts: never again
    assert claim_emails(session, now=now + timedelta(days=1)) == []
    session.expire_all()
    stored = session.get(Notice, notice.id)
    assert stored is not None and stored.status == FAILED and stored.error == "421 try later"


def test_a_permanent_failure_is_not_retried(session: Session) -> None:
    school, *_ = _people(session)
    notice = _email(session, school, 1)
    session.commit()
    assert notice.id is not None
    claim_emails(session)
    mark_failed(session, notice_id=notice.id, error="550 no such user", permanent=True)
    session.commit()
    assert claim_emails(session, now=utcnow() + timedelta(days=1)) == []


def test_an_interrupted_delivery_is_failed_not_repeated(session: Session) -> None:
    school, *_ = _people(session)
    notice = _email(session, school, 1)
    session.commit()
    claim_emails(session)
    session.commit()
    assert expire_stale_sending(session) == 0
    later = utcnow() + timedelta(hours=1)
    assert expire_stale_sending(session, now=later) == 1
    session.commit()
    assert claim_emails(session, now=later + timedelta(days=1)) == []
    session.expire_all()
    stored = session.get(Notice, notice.id)
    assert stored is not None and stored.status == FAILED and "not repeated" in stored.error
