"""Answers and visits of lesson steps: a form post (back to the lesson) or JSON for learn.js."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Request, Response, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect
from sqlmodel import select

from lms.courses.access import opening_for
from lms.courses.activity import add_time, log_activity
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.grading import grade
from lms.courses.library import get_course
from lms.courses.progress import StepState, answer_step, visit_step
from lms.courses.review import submit_open
from lms.courses.standings import points_of
from lms.courses.views import course_view, module_of, step_in
from models.accounts import STUDENT
from models.db import read_scope, session_scope
from models.i18n import N_, message
from models.lms import (
    ANSWERED,
    OPEN,
    OPENED,
    PASSED,
    READ,
    SENT,
    TEXT,
    CourseLesson,
    CourseStep,
    StepProgress,
)
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.learn_badges import award_now
from web.controllers.learn_common import (
    LEARNERS,
    answer_of,
    files_base,
    seconds_of,
    step_card,
)
from web.pages import flash, go, request_locale, tr


@dataclass(frozen=True)
class Done:
    """What happened to a step, for the page: its state now and the progress around it."""

    step: CourseStep
    lesson_slug: str
    state: StepState
    points: int  # awarded now
    lesson_percent: int
    course_percent: int
    total_points: int


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _lesson_url(step: CourseStep, position: int | None = None) -> str:
    return f"/learn/lessons/{step.lesson_id}?step={position or step.position}#step"


def _may_answer(db: Any, viewer: Viewer, school_id: int, step_id: int) -> tuple[int, CourseStep]:
    """The step's course id and the step, for a student it is open to (or staff: preview).

    Raises:
        NotFoundException: not the school's step, or its module is not open to the student.
        CourseError: the course's opening has ended (code "course_closed").
    """
    try:
        course, step = step_in(db, school_id=school_id, step_id=step_id)
        if viewer.role == STUDENT:
            found = opening_for(
                db,
                school_id=school_id,
                student_id=viewer.student_id,
                course_id=course.id or 0,
                today=date.today(),
            )
            if found.modules is not None and module_of(db, step) not in found.modules:
                raise NotFoundException()
            if not found.answering:
                raise CourseError(
                    "course_closed",
                    [message(N_("This course is closed: its end date has passed."))],
                )
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    return course.id or 0, step


def _done(
    db: Any,
    viewer: Viewer,
    school_id: int,
    course_id: int,
    step: CourseStep,
    state: StepState,
    points: int,
) -> Done:
    course = get_course(db, school_id=school_id, course_id=course_id)
    view = course_view(db, school_id=school_id, course=course, user_id=viewer.id)
    lesson = db.get(CourseLesson, step.lesson_id)
    now = (
        view.of_lesson(lesson) if lesson and lesson.version_id == view.outline.version.id else None
    )
    return Done(
        step,
        lesson.slug if lesson else "",
        state,
        points,
        now.percent if now else 0,
        view.share().percent,
        points_of(db, user_id=viewer.id),
    )


@post("/learn/steps/{step_id:int}/answer", opt=LEARNERS, sync_to_thread=False)
def answer(
    request: Request[Any, Any, Any], step_id: FromPath[int], data: Form
) -> Response[Any] | Redirect:
    """Grades an answer on the server: a student's is saved at once (points once), a preview's
    is not."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    try:
        with session_scope() as db:
            course_id, step = _may_answer(db, viewer, school_id, step_id)
            given = answer_of(step.kind, data)
            if viewer.role == STUDENT and step.kind == OPEN:
                state = submit_open(
                    db,
                    school_id=school_id,
                    user_id=viewer.id,
                    course_id=course_id,
                    step=step,
                    text=given["text"],
                    seconds=seconds_of(data),
                )
                _log(db, viewer, school_id, course_id, step, SENT, None, data)
                done = _done(db, viewer, school_id, course_id, step, state, 0)
            elif viewer.role == STUDENT:
                saved = answer_step(
                    db,
                    school_id=school_id,
                    user_id=viewer.id,
                    course_id=course_id,
                    step=step,
                    answer=given,
                    seconds=seconds_of(data),
                )
                _log(db, viewer, school_id, course_id, step, ANSWERED, saved.outcome.passed, data)
                award_now(request, db, school_id, viewer.id, course_id)
                done = _done(db, viewer, school_id, course_id, step, saved.state, saved.points)
            elif step.kind == OPEN:  # a preview: nothing to check, nothing kept
                state = StepState("submitted", 0.0, 1, 0, given)
                done = Done(step, "", state, 0, 0, 0, 0)
            else:
                outcome = grade(step.kind, step.body, given)
                state = StepState(
                    PASSED if outcome.passed else "wrong", outcome.score, 1, 0, outcome.answer
                )
                lesson = db.get(CourseLesson, step.lesson_id)
                done = Done(step, lesson.slug if lesson else "", state, 0, 0, 0, 0)
    except CourseError as exc:
        if _wants_json(request):
            return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(f"/learn/lessons/{_lesson_of(step_id, school_id)}")
    if _wants_json(request):
        return Response(_json(request, done), status_code=200)
    if viewer.role != STUDENT and step.kind != OPEN:  # a preview keeps nothing: say it now
        flash(
            request,
            tr(request, "Right!") if done.state.status == PASSED else tr(request, "Not right yet."),
            "ok" if done.state.status == PASSED else "error",
        )
    return go(_lesson_url(step))


def _log(
    db: Any,
    viewer: Viewer,
    school_id: int,
    course_id: int,
    step: CourseStep,
    kind: str,
    right: bool | None,
    data: dict[str, str],
) -> None:
    log_activity(db, school_id=school_id, user_id=viewer.id, course_id=course_id,
                 step_key=step.key, kind=kind, right=right, seconds=seconds_of(data))  # fmt: skip


def _lesson_of(step_id: int, school_id: int) -> int:
    with read_scope() as db:
        step = db.get(CourseStep, step_id)
        return step.lesson_id if step and step.school_id == school_id else 0


def _json(request: Request[Any, Any, Any], done: Done) -> dict[str, Any]:
    base = files_base(done.step.version_id, done.lesson_slug)
    card = step_card(request, done.step, done.state, base, {})
    feedback = request.app.template_engine.get_template("learn/_feedback.html").render(  # type: ignore[union-attr]
        card=card, lang=request_locale(request), points_now=done.points
    )
    return {
        "status": done.state.status,
        "passed": done.state.status == PASSED,
        "marks": card.marks,
        "rows": [[i, ok] for i, _html, _chosen, ok in card.rows],
        "feedback": feedback,
        "points": done.points,
        "lesson_percent": done.lesson_percent,
        "course_percent": done.course_percent,
        "total_points": done.total_points,
        "attempts": done.state.attempts,
    }


@post("/learn/steps/{step_id:int}/visit", opt=LEARNERS, sync_to_thread=False)
def visit(
    request: Request[Any, Any, Any], step_id: FromPath[int], data: Form
) -> Response[Any] | Redirect:
    """Time spent on a step (learn.js sends it when the page is left); a text step read is
    passed. The form's "next" button goes on to the following step."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with session_scope() as db:
        try:
            course_id, step = _may_answer(db, viewer, school_id, step_id)
        except CourseError:  # a closed course still shows; time is simply not recorded
            course_id, step = 0, step_in(db, school_id=school_id, step_id=step_id)[1]
        if viewer.role == STUDENT and course_id:
            before = db.exec(
                select(StepProgress.status).where(
                    StepProgress.user_id == viewer.id,
                    StepProgress.course_id == course_id,
                    StepProgress.step_key == step.key,
                )
            ).first()
            state, points = visit_step(
                db,
                school_id=school_id,
                user_id=viewer.id,
                course_id=course_id,
                step=step,
                seconds=seconds_of(data),
                read=data.get("read") == "1",
            )
            if data.get("open") == "1":
                _log(db, viewer, school_id, course_id, step, OPENED, None, data)
            else:
                add_time(db, school_id=school_id, user_id=viewer.id, course_id=course_id,
                         step_key=step.key, seconds=seconds_of(data))  # fmt: skip
            if state.status == PASSED and before != PASSED:
                # its time is already on the visit (add_time above)
                _log(db, viewer, school_id, course_id, step, READ, None, {})
                award_now(request, db, school_id, viewer.id, course_id)
        else:
            state, points = StepState(PASSED if step.kind == TEXT else ""), 0
    if _wants_json(request):
        return Response({"status": state.status, "points": points}, status_code=200)
    following = data.get("next", "")
    return go(
        following if following.startswith("/learn/") else _lesson_url(step, step.position + 1)
    )


ROUTES = [answer, visit]
