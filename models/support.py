"""Support requests from a school's people to its admin (and on to the platform), and onboarding.

A request belongs to its author's school; the school admin answers it, and may escalate it to the
platform operator, who sees only escalated requests. Every change writes an audit row. The
onboarding row of an account records that its first-login tour was done or skipped.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Text
from sqlmodel import Field, Session, SQLModel, col, select

from models.audit import record_audit
from models.base import utcnow
from models.errors import NotFound, StoreError
from models.i18n import N_, message

NEW = "new"
IN_PROGRESS = "in_progress"
WAITING = "waiting"  # waiting for the user
RESOLVED = "resolved"
STATUSES = (NEW, IN_PROGRESS, WAITING, RESOLVED)
STATUS_LABELS = {
    NEW: N_("new"),
    IN_PROGRESS: N_("in progress"),
    WAITING: N_("waiting for the user"),
    RESOLVED: N_("resolved"),
}
DONE = "done"
SKIPPED = "skipped"


class SupportRequest(SQLModel, table=True):
    """A question or a problem one person sent to their school admin."""

    __tablename__ = "support_request"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    subject: str
    body: str = Field(sa_type=Text)
    page: str = ""  # the page the person was on
    status: str = NEW
    escalated: bool = Field(default=False, index=True)
    file_name: str = ""  # the attachment as uploaded (shown), stored under `file_key`
    file_key: str = ""
    file_type: str = ""
    file_size: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SupportReply(SQLModel, table=True):
    """One message in a request's thread: from its author, the school admin or the operator."""

    __tablename__ = "support_reply"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="support_request.id", index=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    user_id: int = Field(foreign_key="user_account.id")
    staff: bool = False  # written by the school admin or the operator
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class OnboardingState(SQLModel, table=True):
    """That an account's first-login tour was done or skipped (no row: not shown yet)."""

    __tablename__ = "onboarding_state"

    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    state: str = DONE
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


def onboarding_pending(session: Session, *, user_id: int) -> bool:
    """Whether the account has not yet done or skipped its tour.

    Args:
        session: an open session.
        user_id: the account.

    Returns:
        True until `finish_onboarding` was called for the account.
    """
    return session.get(OnboardingState, user_id) is None


def finish_onboarding(session: Session, *, user_id: int, skipped: bool) -> None:
    """Records that the account's tour was done (or skipped), once; later calls change nothing.

    Args:
        session: an open session; the caller commits.
        user_id: the account.
        skipped: the person skipped the tour instead of reading it through.
    """
    if session.get(OnboardingState, user_id) is None:
        session.add(OnboardingState(user_id=user_id, state=SKIPPED if skipped else DONE))
        session.flush()


def _refuse(code: str, text: str) -> StoreError:
    return StoreError(code, [message(text)])


def create_request(
    session: Session, *, school_id: int, user_id: int, actor: str, subject: str, body: str,
    page: str = "", file: tuple[str, str, str, int] | None = None,
) -> SupportRequest:  # fmt: skip
    """A person's new request to their school admin.

    Args:
        session: an open session; the caller commits.
        school_id: the author's school.
        user_id: the author's account.
        actor: the author's login (for the audit log).
        subject: a short subject (required, at most 200 characters).
        body: what happened (required, at most 5,000 characters).
        page: the page the author was on.
        file: an attachment already stored: (name shown, storage key, content type, size).

    Returns:
        The request (flushed, so it has an id).

    Raises:
        StoreError: an empty or too long subject or text.
    """
    subject, body = subject.strip(), body.strip()
    if not subject or len(subject) > 200:
        raise _refuse("support_subject", N_("Write a subject of at most 200 characters."))
    if not body or len(body) > 5000:
        raise _refuse("support_body", N_("Write what happened, in at most 5,000 characters."))
    name, key, kind, size = file or ("", "", "", 0)
    row = SupportRequest(
        school_id=school_id, user_id=user_id, subject=subject, body=body, page=page[:300],
        file_name=name, file_key=key, file_type=kind, file_size=size,
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_audit(session, school_id=school_id, actor=actor, action="support_request",
                 entity=f"support_request:{row.id}", details={"subject": subject})  # fmt: skip
    return row


def get_request(
    session: Session, *, request_id: int, school_id: int | None, user_id: int | None = None
) -> SupportRequest:
    """A request as one reader may see it.

    Args:
        session: an open session.
        request_id: the request.
        school_id: the reader's school; None for the platform operator (escalated ones only).
        user_id: set for a reader who may see only their own requests.

    Returns:
        The request.

    Raises:
        NotFound: no such request for this reader (another school's, someone else's, or not
            escalated for the operator).
    """
    row = session.get(SupportRequest, request_id)
    visible = row is not None and (
        (school_id is None and row.escalated)
        or (row.school_id == school_id and (user_id is None or row.user_id == user_id))
    )
    if row is None or not visible:
        raise NotFound("support_not_found", [message(N_("There is no such request."))])
    return row


def list_requests(
    session: Session, *, school_id: int | None, user_id: int | None = None
) -> list[SupportRequest]:
    """Requests newest first: a school's (or one author's there), or every escalated one (None).

    Args:
        session: an open session.
        school_id: the school; None for the operator's queue of escalated requests.
        user_id: only this author's requests.

    Returns:
        The requests, open ones first, newest first.
    """
    query = select(SupportRequest)
    if school_id is None:
        query = query.where(col(SupportRequest.escalated).is_(True))
    else:
        query = query.where(SupportRequest.school_id == school_id)
    if user_id is not None:
        query = query.where(SupportRequest.user_id == user_id)
    rows = list(session.exec(query.order_by(col(SupportRequest.id).desc())).all())
    return sorted(rows, key=lambda r: r.status == RESOLVED)


def thread(session: Session, *, request: SupportRequest) -> list[SupportReply]:
    """The replies of a request, oldest first."""
    query = select(SupportReply).where(SupportReply.request_id == request.id)
    return list(session.exec(query.order_by(col(SupportReply.id))).all())


def reply(
    session: Session, *, request: SupportRequest, user_id: int, actor: str, staff: bool, body: str
) -> SupportReply:
    """Adds a message to a request; staff replies leave it waiting for the user, the author's
    reopen it as in progress.

    Args:
        session: an open session; the caller commits and tells the other side.
        request: the request, as `get_request` returned it for this reader.
        user_id: the writer's account.
        actor: the writer's login (audit).
        staff: the writer is the school admin or the operator.
        body: the text (required, at most 5,000 characters).

    Returns:
        The reply.

    Raises:
        StoreError: an empty or too long text.
    """
    body = body.strip()
    if not body or len(body) > 5000:
        raise _refuse("support_body", N_("Write what happened, in at most 5,000 characters."))
    row = SupportReply(request_id=request.id or 0, school_id=request.school_id, user_id=user_id,
                       staff=staff, body=body)  # fmt: skip
    session.add(row)
    request.status = WAITING if staff else IN_PROGRESS
    request.updated_at = utcnow()
    session.add(request)
    session.flush()
    record_audit(session, school_id=request.school_id, actor=actor, action="support_reply",
                 entity=f"support_request:{request.id}", details={"staff": staff})  # fmt: skip
    return row


def set_status(session: Session, *, request: SupportRequest, status: str, actor: str) -> None:
    """Moves a request to another status (staff only; the caller checks who acts).

    Raises:
        StoreError: an unknown status.
    """
    if status not in STATUSES:
        raise _refuse("support_status", N_("Choose one of the statuses."))
    old, request.status, request.updated_at = request.status, status, utcnow()
    session.add(request)
    record_audit(
        session, school_id=request.school_id, actor=actor, action="support_status",
        entity=f"support_request:{request.id}", details={"from": old, "to": status},
    )  # fmt: skip


def escalate(session: Session, *, request: SupportRequest, actor: str) -> None:
    """Passes a request to the platform operator (once; again changes nothing)."""
    if request.escalated:
        return
    request.escalated, request.updated_at = True, utcnow()
    session.add(request)
    record_audit(session, school_id=request.school_id, actor=actor, action="support_escalate",
                 entity=f"support_request:{request.id}")  # fmt: skip
