"""Join codes: the school's code for teachers, and class codes for students (admin, teachers)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template

from models.accounts import SCHOOL_ADMIN, TEACHER
from models.db import session_scope
from models.errors import NotFound
from models.join_codes import (
    class_codes,
    classes_taught,
    new_class_code,
    regenerate_teacher_code,
    teacher_code,
)
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr
from web.settings import get_web_settings

ADMIN = {"roles": (SCHOOL_ADMIN,)}
CODE_MAKERS = {"roles": (SCHOOL_ADMIN, TEACHER)}


def _allowed_classes(viewer: Viewer) -> set[int] | None:
    """None for the admin (every class); for a teacher, the classes they teach."""
    if viewer.role == SCHOOL_ADMIN:
        return None
    with session_scope() as db:
        return classes_taught(db, school_id=require_school(viewer), teacher_id=viewer.teacher_id)


@get("/join-codes", opt=CODE_MAKERS, sync_to_thread=False)
def codes(request: Request[Any, Any, Any]) -> Template:
    """The codes people register with: teachers with the school's, students with their class's."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    allowed = _allowed_classes(viewer)
    with session_scope() as db:
        for_teachers = teacher_code(db, school_id=school_id) if allowed is None else None
        classes = class_codes(db, school_id=school_id, class_ids=allowed)
    key = sort_key(request_locale(request))
    return page(
        request, "accounts/codes.html", teacher_code=for_teachers, is_admin=allowed is None,
        classes=sorted(classes, key=lambda c: key(c.class_code)),
        register_url=f"{get_web_settings().base_url}/register",
    )  # fmt: skip


@post("/join-codes/teacher", opt=ADMIN, sync_to_thread=False)
def new_teacher_code(request: Request[Any, Any, Any]) -> Redirect:
    """A new teacher code; the old one stops working."""
    viewer = require_viewer(request)
    with session_scope() as db:
        regenerate_teacher_code(db, school_id=require_school(viewer), actor=viewer.login,
                                actor_id=viewer.id)  # fmt: skip
    flash(request, tr(request, "A new code for teachers is ready; the old one no longer works."),
          "ok")  # fmt: skip
    return go("/join-codes")


@post("/join-codes/class", opt=CODE_MAKERS, sync_to_thread=False)
def new_code_for_class(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A new student code for one class (a teacher: only a class they teach)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    try:
        class_id = int(data.get("class_id", ""))
    except ValueError:
        flash(request, tr(request, "Choose a class."), "error")
        return go("/join-codes")
    allowed = _allowed_classes(viewer)
    if allowed is not None and class_id not in allowed:
        raise PermissionDeniedException()
    try:
        with session_scope() as db:
            new_class_code(db, school_id=school_id, class_id=class_id, actor=viewer.login,
                           actor_id=viewer.id)  # fmt: skip
    except NotFound as exc:
        raise NotFoundException() from exc
    flash(request, tr(request, "A new code for the class is ready; the old one no longer works."),
          "ok")  # fmt: skip
    return go("/join-codes")


ROUTES = [codes, new_teacher_code, new_code_for_class]
