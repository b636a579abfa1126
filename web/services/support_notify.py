"""Telling the other side of a support request: an in-app notice and an e-mail, with a link.

Each reader gets the sentences in their own language (the account's, else the school's), and
each notice carries a key, so telling the same event twice writes nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, UserAccount
from models.i18n import N_, Message, message
from models.notices import queue_notice
from models.outbox import EMAIL, IN_APP, Notice
from models.school import School
from models.support import SupportReply, SupportRequest
from web.i18n import DEFAULT_LANGUAGE, translator
from web.settings import get_web_settings


def author_path(request: SupportRequest) -> str:
    """The author's page of a request."""
    return f"/support/{request.id}"


def staff_path(request: SupportRequest) -> str:
    """The school admin's and the operator's page of a request."""
    return f"/support/queue/{request.id}"


def _accounts(session: Session, *where: ColumnElement[bool]) -> list[UserAccount]:
    query = select(UserAccount).where(
        col(UserAccount.active).is_(True), col(UserAccount.deleted_at).is_(None), *where
    )
    return list(session.exec(query.order_by(col(UserAccount.id))).all())


def school_admins(session: Session, school_id: int) -> list[UserAccount]:
    """The school's active admins (who answer its requests)."""
    return _accounts(
        session, col(UserAccount.school_id) == school_id, col(UserAccount.role) == SCHOOL_ADMIN
    )


def platform_admins(session: Session) -> list[UserAccount]:
    """The platform's operators (who answer escalated requests)."""
    return _accounts(session, col(UserAccount.role) == PLATFORM_ADMIN)


def author(session: Session, request: SupportRequest) -> list[UserAccount]:
    """The request's author while their account is open."""
    return _accounts(session, col(UserAccount.id) == request.user_id)


def tell(
    session: Session, *, request: SupportRequest, readers: Iterable[UserAccount], event: str,
    subject: Message, body: Message, path_for: str, skip: int | None = None,
) -> int:  # fmt: skip
    """Queues an in-app notice and (where the reader has an address) an e-mail for each reader.

    Args:
        session: an open session; the caller commits.
        request: the request the event is about.
        readers: who is told.
        event: what happened, unique per request ("reply:12", "escalated"), for the notice keys.
        subject: the subject line; rendered in each reader's language.
        body: the sentence; it is given `{link}` to the request's page for the reader.
        path_for: "author" for the author's page, anything else for the staff page.
        skip: the account that acted (never told about their own action).

    Returns:
        How many notices were newly queued.
    """
    school = session.get(School, request.school_id)
    path = author_path(request) if path_for == "author" else staff_path(request)
    link = f"{get_web_settings().base_url}{path}"
    count = 0
    for reader in readers:
        if reader.id is None or reader.id == skip:
            continue
        language = reader.language or (school.language if school else DEFAULT_LANGUAGE)
        gettext = translator(language).gettext
        title = subject.render(gettext)
        text = message(body.template, **{**body.params, "link": link}).render(gettext)
        school_id = None if reader.role == PLATFORM_ADMIN else request.school_id
        channels = [(IN_APP, "")] + ([(EMAIL, reader.email)] if "@" in reader.email else [])
        for channel, address in channels:
            key = f"support:{request.id}:{event}:{channel}:u{reader.id}"
            if session.exec(select(Notice.id).where(Notice.key == key)).first() is not None:
                continue
            queue_notice(
                session, school_id=school_id, user_id=reader.id, channel=channel,
                address=address, subject=title, body=text, key=key,
            )  # fmt: skip
            count += 1
    return count


def _subject(request: SupportRequest) -> Message:
    return message(N_("Support request: {subject}"), subject=request.subject)


def tell_created(session: Session, *, request: SupportRequest) -> int:
    """A new request: the school's admins are told."""
    body = message(N_("{name} asked for help: “{subject}”. Open the request: {link}"),
                   name=_name(session, request.user_id), subject=request.subject)  # fmt: skip
    return tell(session, request=request, readers=school_admins(session, request.school_id),
                event="created", subject=_subject(request), body=body, path_for="staff",
                skip=request.user_id)  # fmt: skip


def tell_reply(
    session: Session, *, request: SupportRequest, row: SupportReply, writer: UserAccount
) -> int:
    """A reply: the author hears from the staff; the staff hear from the author; an operator's
    reply reaches the author and the school's admins.

    Args:
        session: an open session; the caller commits.
        request: the request.
        row: the new reply.
        writer: who wrote it.

    Returns:
        How many notices were newly queued.
    """
    body = message(N_("{name} replied to the request “{subject}”. Read the reply: {link}"),
                   name=writer.name, subject=request.subject)  # fmt: skip
    event, skip = f"reply:{row.id}", writer.id
    count = 0
    if row.staff:
        count += tell(
            session, request=request, readers=author(session, request), event=event,
            subject=_subject(request), body=body, path_for="author", skip=skip,
        )  # fmt: skip
    staff: list[UserAccount] = []
    if not row.staff or writer.role == PLATFORM_ADMIN:
        staff += school_admins(session, request.school_id)
    if not row.staff and request.escalated:
        staff += platform_admins(session)
    count += tell(session, request=request, readers=staff, event=event, subject=_subject(request),
                  body=body, path_for="staff", skip=skip)  # fmt: skip
    return count


def tell_escalated(session: Session, *, request: SupportRequest, by: UserAccount) -> int:
    """An escalation: the platform's operators are told."""
    school = session.get(School, request.school_id)
    body = message(
        N_("{name} ({school}) passed the request “{subject}” to the platform. Open it: {link}"),
        name=by.name, school=school.name if school else "", subject=request.subject,
    )  # fmt: skip
    return tell(session, request=request, readers=platform_admins(session), event="escalated",
                subject=_subject(request), body=body, path_for="staff", skip=by.id)  # fmt: skip


def _name(session: Session, user_id: int) -> str:
    account = session.get(UserAccount, user_id)
    return account.name if account else ""
