"""Deliver the outbox's e-mail: claim a batch, send each outside any transaction, record it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from models.db import session_scope
from models.i18n import N_, message
from models.notices import claim_emails, has_due_emails, mark_failed, mark_sent
from models.outbox import Notice
from web.mail import MailError, SmtpSettings, send_email, smtp_settings_for

log = logging.getLogger(__name__)

Sender = Callable[..., str]  # send_email's signature: (settings, *, to, subject, body, notice_id)


def deliver_emails(*, url: str | None = None, limit: int = 10, send: Sender = send_email) -> int:
    """Send up to `limit` due e-mail notices; each is claimed first, so none goes out twice.

    One notice is claimed at a time, just before it is sent: a worker killed mid-batch leaves
    only the e-mail it was sending in doubt (failed later, never repeated), not the rest of a
    batch it had claimed (bench/faults.py, the "mail" drill: 7 of 60 were lost that way).

    Args:
        url: the store; None for the configured one.
        limit: at most this many in one call.
        send: what sends one e-mail (tests may count calls).

    Returns:
        How many were sent.
    """
    with session_scope(url) as session:  # a read first: idle, take no write lock
        if not has_due_emails(session):
            return 0
    sent = 0
    for _ in range(limit):
        with session_scope(url) as session:
            claimed = claim_emails(session, limit=1)
        if not claimed:
            break
        sent += _deliver(claimed[0], url, send)
    return sent


def _deliver(notice: Notice, url: str | None, send: Sender) -> int:
    assert notice.id is not None
    with session_scope(url) as session:
        settings = smtp_settings_for(session, school_id=notice.school_id)
    try:
        _send(notice, settings, send)
    except MailError as exc:
        log.warning("e-mail notice %s not sent: %s", notice.id, exc)
        with session_scope(url) as session:
            mark_failed(session, notice_id=notice.id, error=str(exc), permanent=exc.permanent)
        return 0
    with session_scope(url) as session:
        mark_sent(session, notice_id=notice.id)
    log.info("e-mail notice %s sent", notice.id)
    return 1


def _send(notice: Notice, settings: SmtpSettings | None, send: Sender) -> None:
    if settings is None:  # retried later: a mail server may be configured by then
        text = message(N_("No mail server is configured for this school or the platform."))
        raise MailError(str(text))
    send(settings, to=notice.address, subject=notice.subject, body=notice.body, notice_id=notice.id)
