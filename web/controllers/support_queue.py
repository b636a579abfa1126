"""The support queues: the school admin's (their school's requests) and the platform operator's
(requests escalated from every school), each request's thread with reply, status and escalation.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, UserAccount
from models.db import read_scope
from models.i18n import N_
from models.school import School
from models.support import STATUSES, SupportRequest, escalate, get_request, list_requests
from models.support import set_status as change_status
from web.auth import Viewer, require_viewer
from web.controllers.auth import Form
from web.controllers.support_common import (
    BADGES,
    act,
    not_found,
    scope_of,
    status_names,
    thread_view,
    write_reply,
)
from web.pages import page
from web.services.support_notify import tell_escalated

STAFF = {"roles": (SCHOOL_ADMIN, PLATFORM_ADMIN)}
Req = Request[Any, Any, Any]
Status = Annotated[str, QueryParameter(name="status", max_length=20)]


def _open(session: Session, viewer: Viewer, request_id: int) -> SupportRequest:
    """A request of the viewer's school, or an escalated one for the operator (else NotFound)."""
    return get_request(session, request_id=request_id, school_id=scope_of(viewer))


@get("/support/queue", opt=STAFF, sync_to_thread=False)
def queue(request: Req, status: Status = "") -> Template:
    """The requests to answer, newest first, open ones before resolved ones; by status."""
    viewer = require_viewer(request)
    chosen = status if status in STATUSES else ""
    with read_scope() as db:
        rows = list_requests(db, school_id=scope_of(viewer))
        rows = [r for r in rows if not chosen or r.status == chosen]
        authors = _names(db, UserAccount, {r.user_id for r in rows})
        schools = _names(db, School, {r.school_id for r in rows})
    return page(
        request, "support/queue.html", rows=rows, authors=authors, schools=schools,
        chosen=chosen, statuses=status_names(request), badges=BADGES,
        platform=viewer.role == PLATFORM_ADMIN,
    )  # fmt: skip


def _names(
    session: Session, table: type[UserAccount] | type[School], ids: set[int]
) -> dict[int, str]:
    query = select(table.id, table.name).where(col(table.id).in_(ids))
    return {key: name for key, name in session.exec(query) if key is not None}


@get("/support/queue/{request_id:int}", opt=STAFF, sync_to_thread=False)
def queue_request(request: Req, request_id: FromPath[int]) -> Template:
    """One request's thread for the staff: who, from which page, the file, replies, actions."""
    viewer = require_viewer(request)
    with not_found(), read_scope() as db:
        view = thread_view(db, _open(db, viewer, request_id))
    return page(request, "support/thread.html", view=view, statuses=status_names(request),
                badges=BADGES, staff=True, may_escalate=viewer.role == SCHOOL_ADMIN)  # fmt: skip


@post("/support/queue/{request_id:int}/reply", opt=STAFF, sync_to_thread=False)
def staff_reply(request: Req, request_id: FromPath[int], data: Form) -> Redirect:
    """The admin's or operator's answer; the request waits for the user, who is told."""
    viewer = require_viewer(request)

    def work(db: Session) -> None:
        row = _open(db, viewer, request_id)
        write_reply(db, row, viewer, staff=True, body=data.get("body", ""))

    return act(request, f"/support/queue/{request_id}", work, N_("Your reply was sent."))


@post("/support/queue/{request_id:int}/status", opt=STAFF, sync_to_thread=False)
def set_status(request: Req, request_id: FromPath[int], data: Form) -> Redirect:
    """Moves the request to another status."""
    viewer = require_viewer(request)

    def work(db: Session) -> None:
        row = _open(db, viewer, request_id)
        change_status(db, request=row, status=data.get("status", ""), actor=viewer.login)

    return act(request, f"/support/queue/{request_id}", work, N_("Status changed."))


@post("/support/queue/{request_id:int}/escalate", opt={"roles": (SCHOOL_ADMIN,)},
      sync_to_thread=False)  # fmt: skip
def escalate_request(request: Req, request_id: FromPath[int]) -> Redirect:
    """The school admin passes the request to the platform operator, who is told."""
    viewer = require_viewer(request)

    def work(db: Session) -> None:
        row = _open(db, viewer, request_id)
        if not row.escalated:
            escalate(db, request=row, actor=viewer.login)
            tell_escalated(db, request=row, by=db.get_one(UserAccount, viewer.id))

    done = N_("The request was passed to the platform's support team.")
    return act(request, f"/support/queue/{request_id}", work, done)


ROUTES = [queue, queue_request, staff_reply, set_status, escalate_request]
