"""What the author's and the staff's support pages share: the thread with its writers, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import File, Redirect
from sqlmodel import Session, col, select

from models.accounts import PLATFORM_ADMIN, UserAccount
from models.db import session_scope
from models.errors import NotFound, StoreError
from models.school import School
from models.settings import get_settings
from models.support import STATUS_LABELS, SupportReply, SupportRequest, reply, thread
from web.auth import Viewer
from web.controllers.help import safe_page
from web.pages import flash, go, tr
from web.services.support_files import attachment_of
from web.services.support_notify import tell_reply

BADGES = {"new": "warn", "in_progress": "", "waiting": "warn", "resolved": "ok"}


@dataclass(frozen=True, slots=True)
class ThreadView:
    """A request with its replies and the names of the people who wrote them."""

    request: SupportRequest
    author: str
    school: str
    page: str  # the page the author was on, only when it is a path of this site
    replies: list[tuple[SupportReply, str]]


def thread_view(session: Session, request: SupportRequest) -> ThreadView:
    """The request's thread as a page shows it (names read once, not per reply)."""
    replies = thread(session, request=request)
    ids = {request.user_id, *(r.user_id for r in replies)}
    query = select(UserAccount.id, UserAccount.name).where(col(UserAccount.id).in_(ids))
    names = {key: name for key, name in session.exec(query)}
    school = session.get(School, request.school_id)
    return ThreadView(
        request, names.get(request.user_id, ""), school.name if school else "",
        safe_page(request.page), [(r, names.get(r.user_id, "")) for r in replies],
    )  # fmt: skip


def status_names(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Each status in the request's language."""
    return {key: tr(request, label) for key, label in STATUS_LABELS.items()}


def refusals(request: Request[Any, Any, Any], exc: StoreError) -> list[str]:
    """A domain error's sentences in the request's language."""
    return [tr(request, m) for m in exc.messages]


def act(
    request: Request[Any, Any, Any], back: str, work: Callable[[Session], object], done: str
) -> Redirect:
    """Runs one change in a transaction, then back to the thread with `done` (a msgid) or the
    refusal's sentences as flashes (a reply form loses little); 404 for a request not theirs."""
    try:
        with not_found(), session_scope() as db:
            work(db)
    except StoreError as exc:
        for text in refusals(request, exc):
            flash(request, text, "error")
        return go(back)
    flash(request, tr(request, done), "ok")
    return go(back)


def write_reply(session: Session, request: SupportRequest, viewer: Viewer, *, staff: bool,
                body: str) -> None:  # fmt: skip
    """The viewer's reply added to the thread; the other side is told."""
    written = reply(session, request=request, user_id=viewer.id, actor=viewer.login, staff=staff,
                    body=body)  # fmt: skip
    writer = session.get_one(UserAccount, viewer.id)
    tell_reply(session, request=request, row=written, writer=writer)


@contextmanager
def not_found() -> Iterator[None]:
    """A request the reader may not open answers 404, like one that does not exist."""
    try:
        yield
    except NotFound as exc:
        raise NotFoundException() from exc


def file_response(request: SupportRequest) -> File:
    """The request's attachment, always as a download, never cached, never run as a page."""
    with not_found():
        path = attachment_of(get_settings().data_dir, request)
    return File(
        path, filename=request.file_name,
        media_type=request.file_type or "application/octet-stream",
        content_disposition_type="attachment",
        headers={"cache-control": "private, no-store", "content-security-policy": "sandbox",
                 "x-content-type-options": "nosniff"},
    )  # fmt: skip


def scope_of(viewer: Viewer) -> int | None:
    """The school whose requests a staff viewer answers; None for the platform operator."""
    return viewer.school_id if viewer.role != PLATFORM_ADMIN else None
