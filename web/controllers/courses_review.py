"""Teachers' queue of open answers and uploads (/courses/review): read or download each, accept
it with a rubric score or return it with a comment."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Redirect, Template

from lms.courses.badges import award_badges
from lms.courses.errors import CourseNotFound
from lms.courses.markdown import render
from lms.courses.review import Waiting, grade_open, review_queue
from lms.courses.uploads import files_of, uploaded_file
from models.db import read_scope, session_scope
from models.i18n import N_
from models.settings import get_settings
from web.controllers.auth import Form
from web.controllers.courses import STAFF, _school
from web.controllers.learn_badges import texts
from web.controllers.learn_common import files_base, reader, text
from web.controllers.learn_upload import send_stored
from web.pages import flash, go, page, tr
from web.scheduler import schedule_settings


@get("/courses/review", opt=STAFF, sync_to_thread=False)
def queue(request: Request[Any, Any, Any]) -> Template:
    """The school's open answers waiting for a teacher, oldest first."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        waiting = review_queue(db, school_id=school_id)

    def rubric(w: Waiting) -> str:
        base = files_base(w.step.version_id, w.lesson.slug)
        return render(text(request, w.step.body.get("rubric")), base)

    return page(request, "courses/review.html", waiting=waiting, text=reader(request),
                files_of=files_of, render_md=rubric)  # fmt: skip


@post("/courses/review/{progress_id:int}", opt=STAFF, sync_to_thread=False)
def decide(request: Request[Any, Any, Any], progress_id: FromPath[int], data: Form) -> Redirect:
    """Accepts an open answer (points once) or returns it with the comment for another try."""
    viewer, school_id = _school(request)
    accept = data.get("decision") == "accept"
    score = data.get("score", "").strip()
    try:
        with session_scope() as db:
            row, _points = grade_open(
                db, school_id=school_id, progress_id=progress_id, accept=accept,
                comment=data.get("comment", ""), reviewer=viewer.login,
                score=int(score) if score.isdigit() else None,
            )  # fmt: skip
            if accept:
                award_badges(db, school_id=school_id, user_id=row.user_id,
                             course_ids=[row.course_id], tz=schedule_settings().timezone,
                             texts=texts)  # fmt: skip
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    flash(request, tr(request, N_("Answer accepted.") if accept else N_("Answer returned.")), "ok")
    return go("/courses/review")


@get("/courses/review/{progress_id:int}/files/{file_id:str}", opt=STAFF, sync_to_thread=False)
def answer_file(
    request: Request[Any, Any, Any], progress_id: FromPath[int], file_id: FromPath[str]
) -> File:
    """A file a student sent, downloaded by a teacher of the school (never shown inline)."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        try:
            found = uploaded_file(db, school_id=school_id, progress_id=progress_id,
                                  file_id=file_id, root=get_settings().data_dir)  # fmt: skip
        except CourseNotFound as exc:
            raise NotFoundException() from exc
    return send_stored(found)


ROUTES = [queue, decide, answer_file]
