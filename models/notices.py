"""The notice outbox: modules queue notices; people read in-app ones; workers deliver e-mail.

An e-mail is claimed for delivery by one UPDATE (pending -> sending), so two workers never send
one notice. While a notice is `sending` or `failed`, `sent_at` holds when the last attempt began,
from which the retry backoff counts; once `sent`, it is when it was sent. A notice left `sending`
by a worker that died is not retried: whether it arrived is unknown, and a duplicate is worse.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, or_, update
from sqlmodel import Session, col, func, select

from models.base import utcnow
from models.errors import StoreError
from models.i18n import N_, message
from models.job_queue import insert_once
from models.outbox import EMAIL, FAILED, HELD, IN_APP, PENDING, SENT, Notice

SENDING = "sending"  # claimed by a worker, delivery under way
MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=1)  # waits 1, 2, 4, 8 minutes between attempts
STALE_SENDING = timedelta(minutes=15)  # SABAQ_SENDING_STALE_S overrides it


def queue_notice(
    session: Session,
    *,
    school_id: int | None,
    user_id: int | None,
    channel: str,
    address: str,
    subject: str,
    body: str,
    key: str | None = None,
    held: bool = False,
) -> Notice:
    """Writes one notice to the outbox, or returns the one already written with this key.

    An in-app notice is delivered by being stored; an e-mail waits for a worker.

    Args:
        session: an open session; the caller commits.
        school_id: the school it concerns (None: platform notices).
        user_id: the account it is for (None for an e-mail to an address only).
        channel: "in_app" or "email".
        address: the e-mail address (e-mail channel).
        subject: the subject line, already in the reader's language.
        body: the text, already in the reader's language.
        key: makes queueing idempotent (e.g. "reset:42"); keys are global.
        held: an e-mail waits for its reader's daily digest instead of going out now.

    Returns:
        The notice (flushed, so it has an id).

    Raises:
        StoreError: an unknown channel, an e-mail without address or an in-app notice without
            account, or a key used by another school's notice.
    """
    _check(channel, address, user_id)
    notice = Notice(
        school_id=school_id, user_id=user_id, channel=channel, address=address.strip(),
        subject=subject, body=body, key=key,
    )  # fmt: skip
    if channel == IN_APP:
        notice.status, notice.sent_at = SENT, utcnow()
    elif held:
        notice.status = HELD
    return insert_once(session, notice, code="notice_key_taken")


def _check(channel: str, address: str, user_id: int | None) -> None:
    if channel not in (IN_APP, EMAIL):
        text = N_("There is no notice channel {channel}.")
        raise StoreError("unknown_channel", [message(text, channel=channel)])
    if channel == EMAIL and "@" not in address:
        text = N_("An e-mail notice needs an e-mail address, not “{address}”.")
        raise StoreError("no_address", [message(text, address=address)])
    if channel == IN_APP and user_id is None:
        text = N_("An in-app notice needs the account it is for.")
        raise StoreError("no_recipient", [message(text)])


def _in_app(school_id: int | None, user_id: int) -> list[ColumnElement[bool]]:
    return [
        col(Notice.school_id) == school_id,
        col(Notice.user_id) == user_id,
        col(Notice.channel) == IN_APP,
    ]


def list_notices(
    session: Session,
    *,
    school_id: int | None,
    user_id: int,
    unread_only: bool = False,
    limit: int = 50,
) -> list[Notice]:
    """A person's in-app notices, newest first.

    Args:
        session: an open session.
        school_id: the person's school (None for platform accounts).
        user_id: the account.
        unread_only: only those not yet marked read.
        limit: at most this many.

    Returns:
        The notices.
    """
    query = select(Notice).where(*_in_app(school_id, user_id))
    if unread_only:
        query = query.where(col(Notice.read_at).is_(None))
    return list(session.exec(query.order_by(col(Notice.id).desc()).limit(limit)).all())


def unread_count(session: Session, *, school_id: int | None, user_id: int) -> int:
    """How many in-app notices the person has not read (the badge on every page)."""
    query = select(func.count()).select_from(Notice)
    query = query.where(*_in_app(school_id, user_id), col(Notice.read_at).is_(None))
    return int(session.exec(query).one())


def mark_read(
    session: Session,
    *,
    school_id: int | None,
    user_id: int,
    notice_ids: Sequence[int] | None = None,
) -> int:
    """Marks a person's in-app notices read; another person's ids are ignored.

    Args:
        session: an open session; the caller commits.
        school_id: the person's school.
        user_id: the account.
        notice_ids: which notices; None for all of them.

    Returns:
        How many were newly marked.
    """
    where = [*_in_app(school_id, user_id), col(Notice.read_at).is_(None)]
    if notice_ids is not None:
        where.append(col(Notice.id).in_(list(notice_ids)))
    statement = update(Notice).where(*where).values(read_at=utcnow())
    return int(session.exec(statement.execution_options(synchronize_session=False)).rowcount)


def retry_delay(attempts: int) -> timedelta:
    """How long after its `attempts`-th failed attempt a notice is tried again."""
    factor: int = 2 ** max(0, attempts - 1)
    return RETRY_BASE * factor


def _due(now: datetime, max_attempts: int) -> ColumnElement[bool]:
    """E-mails to try now: pending ones, and failed ones whose backoff has passed."""
    retries = [
        and_(
            col(Notice.status) == FAILED,
            col(Notice.attempts) == tries,
            col(Notice.sent_at) <= now - retry_delay(tries),
        )
        for tries in range(1, max_attempts)
    ]
    return and_(col(Notice.channel) == EMAIL, or_(col(Notice.status) == PENDING, *retries))


def has_due_emails(
    session: Session, *, max_attempts: int = MAX_ATTEMPTS, now: datetime | None = None
) -> bool:
    """Whether any e-mail is due: a read, so an idle worker takes no write lock (see
    `models.job_queue.has_queued`)."""
    query = select(Notice.id).where(_due(now or utcnow(), max_attempts)).limit(1)
    return session.exec(query).first() is not None


def claim_emails(
    session: Session,
    *,
    limit: int = 10,
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime | None = None,
) -> list[Notice]:
    """Claims e-mails for delivery (pending -> sending) in one UPDATE, so no two workers
    get one notice. The caller commits at once and sends outside any transaction.

    Args:
        session: a session with no transaction open (its first statement must be the claim).
        limit: at most this many.
        max_attempts: failed notices with this many attempts are not tried again.
        now: the current time (tests).

    Returns:
        The claimed notices, oldest first.
    """
    now = now or utcnow()
    due = _due(now, max_attempts)
    pick = select(Notice.id).where(due).order_by(col(Notice.id)).limit(limit)
    claim = (
        update(Notice)
        .where(col(Notice.id).in_(pick.with_for_update(skip_locked=True)), due)
        .values(status=SENDING, attempts=col(Notice.attempts) + 1, sent_at=now)
        .returning(col(Notice.id))
        .execution_options(synchronize_session=False)
    )
    ids = list(session.exec(claim).scalars())
    if not ids:
        return []
    query = select(Notice).where(col(Notice.id).in_(ids)).order_by(col(Notice.id))
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def mark_sent(session: Session, *, notice_id: int) -> bool:
    """Records that a claimed e-mail was handed to the mail server.

    Returns:
        False when the notice was not being sent (nothing changed).
    """
    statement = (
        update(Notice)
        .where(col(Notice.id) == notice_id, col(Notice.status) == SENDING)
        .values(status=SENT, sent_at=utcnow(), error="")
        .execution_options(synchronize_session=False)
    )
    return bool(session.exec(statement).rowcount == 1)


def mark_failed(
    session: Session,
    *,
    notice_id: int,
    error: str,
    permanent: bool = False,
    max_attempts: int = MAX_ATTEMPTS,
) -> bool:
    """Records a failed delivery; it is retried later unless `permanent` (or out of attempts).

    Args:
        session: an open session; the caller commits.
        notice_id: the notice being sent.
        error: what the mail server or network said.
        permanent: the server refused for good (unknown address, ...): no retry.
        max_attempts: the attempts a notice gets (a permanent failure uses them all up).

    Returns:
        False when the notice was not being sent (nothing changed).
    """
    values: dict[str, object] = {"status": FAILED, "error": error[:2000]}
    if permanent:
        used_up = col(Notice.attempts) > max_attempts
        values["attempts"] = case((used_up, col(Notice.attempts)), else_=max_attempts)
    statement = (
        update(Notice)
        .where(col(Notice.id) == notice_id, col(Notice.status) == SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(session.exec(statement).rowcount == 1)


def stale_sending_after() -> timedelta:
    """How long a delivery may take before it counts as interrupted: SABAQ_SENDING_STALE_S
    seconds, or STALE_SENDING (fault drills shorten it)."""
    seconds = os.environ.get("SABAQ_SENDING_STALE_S", "").strip()
    return timedelta(seconds=float(seconds)) if seconds else STALE_SENDING


def expire_stale_sending(
    session: Session,
    *,
    older_than: timedelta | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime | None = None,
) -> int:
    """Fails e-mails left `sending` by a worker that died, without retry (never send twice).

    Looks first and writes only when there is something to fail, then commits: an idle
    worker takes no write lock (see `models.job_queue.has_queued`).

    Args:
        session: a session with no pending work; it is committed.
        older_than: how long a delivery may take before it counts as interrupted (default:
            stale_sending_after()).
        max_attempts: set as their attempts, so no retry picks them up.
        now: the current time (tests).

    Returns:
        How many were failed.
    """
    cutoff = (now or utcnow()) - (older_than or stale_sending_after())
    stale = [col(Notice.status) == SENDING, col(Notice.sent_at) < cutoff]
    found = session.exec(select(Notice.id).where(*stale).limit(1)).first() is not None
    session.commit()
    if not found:
        return 0
    text = message(
        N_("Delivery was interrupted; it is not repeated, since the e-mail may have arrived.")
    )
    statement = (
        update(Notice)
        .where(*stale)
        .values(status=FAILED, error=str(text), attempts=max_attempts)
        .execution_options(synchronize_session=False)
    )
    count = int(session.exec(statement).rowcount)
    session.commit()
    return count
