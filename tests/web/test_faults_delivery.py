"""A worker that dies in the middle of delivering e-mail leaves one notice in doubt (failed
later, never sent twice) and the rest for other workers (issue 10's kill -9 drill)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from models.base import utcnow
from models.db import session_scope
from models.migrate import upgrade_database
from models.notices import SENDING, expire_stale_sending, queue_notice
from models.outbox import EMAIL, FAILED, PENDING, SENT, Notice
from models.school import School
from web.jobs.delivery import deliver_emails
from web.mail import SmtpSettings


class Killed(BaseException):
    """The worker process dies (kill -9): nothing after this line of the worker runs."""


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upgrade_database(url)
    with session_scope(url) as db:
        school = School(code="F", name="Faults", city="Алматы")
        db.add(school)
        db.flush()
        for n in range(5):
            queue_notice(
                db,
                school_id=school.id,
                user_id=None,
                channel=EMAIL,
                address=f"p{n}@example.org",
                subject=f"n{n}",
                body="Сабақ",
            )
    return url


def _statuses(url: str) -> Counter[str]:
    with session_scope(url) as db:
        return Counter(db.exec(select(Notice.status).order_by(col(Notice.id))).all())


def test_a_worker_killed_mid_batch_leaves_only_the_email_it_was_sending(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = SmtpSettings(
        host="127.0.0.1",
        port=25,
        username="",
        password="",
        sender="s@example.org",
        starttls=False,
        use_ssl=False,
    )
    monkeypatch.setattr("web.jobs.delivery.smtp_settings_for", lambda *a, **k: settings)
    sent: Counter[str] = Counter()

    def dies_on_the_second(settings: object, *, to: str, **_: object) -> str:
        if len(sent) == 1:
            raise Killed
        sent[to] += 1
        return "<id>"

    with pytest.raises(Killed):
        deliver_emails(url=store, limit=10, send=dies_on_the_second)
    assert _statuses(store) == {SENT: 1, SENDING: 1, PENDING: 3}  # the rest still deliverable

    def counts(settings: object, *, to: str, **_: object) -> str:
        sent[to] += 1
        return "<id>"

    assert deliver_emails(url=store, limit=10, send=counts) == 3  # another worker's round
    with session_scope(store) as db:
        later = utcnow() + timedelta(hours=1)
        assert expire_stale_sending(db, now=later) == 1
    assert _statuses(store) == {SENT: 4, FAILED: 1}
    assert max(sent.values()) == 1 and len(sent) == 4  # none twice; the one in doubt not resent
    assert deliver_emails(url=store, limit=10, send=counts) == 0
