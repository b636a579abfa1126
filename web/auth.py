"""Who is asking: the viewer from the session cookie, and the role guard every route declares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from models.accounts import PLATFORM_ADMIN, ROLES, UserAccount
from models.db import read_scope

PUBLIC = "public"  # opt={"roles": PUBLIC}: anyone, logged in or not
ANY_ROLE: tuple[str, ...] = ROLES
SCHOOL_ROLES: tuple[str, ...] = tuple(r for r in ROLES if r != PLATFORM_ADMIN)
SESSION_KEY = "uid"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The logged-in account as the request sees it (no password hash)."""

    id: int
    login: str
    name: str
    role: str
    school_id: int | None
    language: str
    teacher_id: int | None
    student_id: int | None
    parent_id: int | None
    must_change_password: bool

    @classmethod
    def of(cls, account: UserAccount) -> Viewer:
        assert account.id is not None
        return cls(
            account.id, account.login, account.name, account.role, account.school_id,
            account.language, account.teacher_id, account.student_id, account.parent_id,
            account.must_change_password,
        )  # fmt: skip


def load_viewer(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer | None:
    """The viewer of this request, read once from the store and cached on the request state."""
    state = connection.state
    if "viewer" in state:
        cached: Viewer | None = state["viewer"]
        return cached
    viewer = None
    session = connection.scope.get("session")
    uid = session.get(SESSION_KEY) if isinstance(session, dict) else None
    if isinstance(uid, int):
        with read_scope() as db:
            account = db.get(UserAccount, uid)
            if account is not None and account.active and account.deleted_at is None:
                viewer = Viewer.of(account)
    state["viewer"] = viewer
    return viewer


class PasswordChangeRequired(NotAuthorizedException):
    """The account still has its initial password: everything waits until it is replaced."""


# What an account with an initial password may still open.
WHILE_CHANGING_PASSWORD = ("/account/password", "/logout", "/language")


async def role_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Lets a request through only when its viewer has one of the handler's declared roles.

    Async on purpose: Litestar runs a synchronous guard in a thread on every request, which
    cost more than the one indexed account lookup it does.

    Every handler declares `opt={"roles": PUBLIC}` or a tuple of roles; a handler that declares
    nothing is refused for everyone, so a forgotten declaration fails closed.
    """
    roles = handler.opt.get("roles")
    if roles == PUBLIC:
        load_viewer(connection)
        return
    viewer = load_viewer(connection)
    if viewer is None:
        raise NotAuthorizedException()
    if not roles or viewer.role not in roles:
        raise PermissionDeniedException()
    if viewer.role != PLATFORM_ADMIN and viewer.school_id is None:
        raise PermissionDeniedException()  # a school role without a school sees nothing
    if viewer.must_change_password and connection.url.path not in WHILE_CHANGING_PASSWORD:
        raise PasswordChangeRequired()


def require_viewer(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer:
    """The viewer, for handlers behind the guard (never None there)."""
    viewer = load_viewer(connection)
    if viewer is None:
        raise NotAuthorizedException()
    return viewer


def require_school(viewer: Viewer) -> int:
    """The viewer's school id; platform admins act on schools explicitly, not through this."""
    if viewer.school_id is None:
        raise PermissionDeniedException()
    return viewer.school_id
