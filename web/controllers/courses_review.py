"""Teachers' queue of open answers (/courses/review): read each, accept it or return it."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.courses.errors import CourseNotFound
from lms.courses.review import grade_open, review_queue
from models.db import read_scope, session_scope
from models.i18n import N_
from web.controllers.auth import Form
from web.controllers.courses import STAFF, _school
from web.controllers.learn_common import reader
from web.pages import flash, go, page, tr


@get("/courses/review", opt=STAFF, sync_to_thread=False)
def queue(request: Request[Any, Any, Any]) -> Template:
    """The school's open answers waiting for a teacher, oldest first."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        waiting = review_queue(db, school_id=school_id)
    return page(request, "courses/review.html", waiting=waiting, text=reader(request))


@post("/courses/review/{progress_id:int}", opt=STAFF, sync_to_thread=False)
def decide(request: Request[Any, Any, Any], progress_id: FromPath[int], data: Form) -> Redirect:
    """Accepts an open answer (points once) or returns it with the comment for another try."""
    viewer, school_id = _school(request)
    accept = data.get("decision") == "accept"
    try:
        with session_scope() as db:
            grade_open(db, school_id=school_id, progress_id=progress_id, accept=accept,
                       comment=data.get("comment", ""), reviewer=viewer.login)  # fmt: skip
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    flash(request, tr(request, N_("Answer accepted.") if accept else N_("Answer returned.")), "ok")
    return go("/courses/review")


ROUTES = [queue, decide]
