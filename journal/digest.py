"""The parents' daily digest: the day's held journal e-mails, one message per address.

A parent who chose the digest (`UserAccount.notify_mode`) gets the journal's e-mails (absence
or lateness in the first lesson, new grades, remarks) held in the outbox (journal/notify.py).
Once a day the scheduler queues this job per school: every address with held e-mails gets one
e-mail listing them, oldest first, and they are marked as gone out. The digest's key (school,
address, day) keeps a second run from sending it twice; e-mails held after a run wait for the
next day's digest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from models.accounts import UserAccount
from models.i18n import N_, message
from models.notice_digest import held_by_address, mark_digested
from models.notices import queue_notice
from models.outbox import EMAIL, Notice
from models.school import School

__all__ = ["send_family_digests"]

# language code -> that language's gettext; the journal does not import web.
Texts = Callable[[str], Callable[[str], str]]


def send_family_digests(
    session: Session, *, school_id: int, day: date, until: datetime, texts: Texts
) -> int:
    """Queues one digest e-mail per address with held e-mails of the school.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        day: the school's date of the digest (in its subject and key).
        until: only e-mails held before this moment are included.
        texts: language -> gettext, for the digest's own heading.

    Returns:
        How many digests were queued now (0 when they went out before).
    """
    school = session.get(School, school_id)
    default = school.language if school is not None else "ru"
    count = 0
    for address, notices in held_by_address(session, school_id=school_id, until=until).items():
        key = f"journal-digest:{school_id}:{address}:{day.isoformat()}"
        if session.exec(select(Notice.id).where(Notice.key == key)).first() is None:
            gettext = texts(_language(session, school_id, address) or default)
            subject = message(N_("The day in the school journal, {date}"), date=day.isoformat())
            queue_notice(
                session, school_id=school_id, user_id=None, channel=EMAIL,
                address=notices[0].address, subject=subject.render(gettext),
                body=_body(notices, day, gettext), key=key,
            )  # fmt: skip
            count += 1
        mark_digested(session, notices)
    return count


def _language(session: Session, school_id: int, address: str) -> str:
    """The language of the account that has this address, if one says."""
    return (
        session.exec(
            select(UserAccount.language).where(
                UserAccount.school_id == school_id,
                func.lower(col(UserAccount.email)) == address,
                col(UserAccount.language) != "",
            )
        ).first()
        or ""
    )


def _body(notices: list[Notice], day: date, gettext: Callable[[str], str]) -> str:
    """A heading, then each held e-mail's subject and text (already in the reader's language)."""
    heading = message(
        N_("What the school journal told you about your children up to {date}:"),
        date=day.isoformat(),
    ).render(gettext)
    items = [f"• {n.subject}\n  {n.body}" for n in notices]
    footer = message(N_("You chose one e-mail a day; change it under Notice settings in Sabaq."))
    footer_text = footer.render(gettext)
    return "\n\n".join([heading, *items, footer_text])
