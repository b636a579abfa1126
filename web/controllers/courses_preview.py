"""The course editor's previews: a lesson of the draft as a student sees it (answers checked,
nothing kept), a text step's Markdown rendered while it is written, the draft's files."""

from __future__ import annotations

import mimetypes
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import File, Template

from lms.courses.checks import safe_path
from lms.courses.drafts import KEY, draft_folder, get_draft
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.grading import grade
from lms.courses.library import step_points
from lms.courses.markdown import render
from lms.courses.progress import StepState
from models.db import read_scope
from models.lms import GRADED_KINDS, PASSED, REVIEWED_KINDS, CourseStep
from web.controllers.auth import Form
from web.controllers.courses import STAFF, _school
from web.controllers.courses_edit import editor_url
from web.controllers.courses_steps import _lesson
from web.controllers.learn_common import answer_of, reader, step_card, step_tasks
from web.controllers.learn_extra import SHOWN
from web.pages import page, request_locale, tr


def files_url(course_id: int, slug: str) -> str:
    """Where a draft lesson's relative picture and recording paths point."""
    return f"/courses/{course_id}/edit/files/lessons/{slug}"


def as_step(school_id: int, n: int, table: dict[str, Any]) -> CourseStep:
    """A step of the draft as a (never stored) step row, for the lesson page's cards."""
    body = {k: v for k, v in table.items() if k not in ("kind", KEY)}
    return CourseStep(id=None, school_id=school_id, version_id=0, lesson_id=0, position=n,
                      key=str(table.get(KEY, "")), kind=str(table.get("kind", "")),
                      points=step_points(table), body=body)  # fmt: skip


@get("/courses/{course_id:int}/edit/lessons/{slug:str}/preview", opt=STAFF, sync_to_thread=False)
def preview(request: Request[Any, Any, Any], course_id: FromPath[int], slug: FromPath[str],
            step: FromQuery[int] = 1) -> Template:  # fmt: skip
    """A lesson of the draft as a student sees it, step by step; answers are checked only."""
    found = _lesson(request, course_id, slug)
    _viewer, school_id = _school(request)
    tables = found.lesson["steps"]
    if not tables:
        raise NotFoundException()
    n = step if 1 <= step <= len(tables) else 1
    steps = [as_step(school_id, i, t) for i, t in enumerate(tables, 1)]
    with read_scope() as db:
        tasks = step_tasks(db, school_id, [steps[n - 1]])
    card = step_card(request, steps[n - 1], StepState(""), files_url(course_id, slug), tasks)
    return page(request, "courses/edit_preview.html", course=found.course, slug=slug,
                lesson=found.lesson, steps=steps, card=card, n=n, text=reader(request),
                check_url=f"{editor_url(course_id, slug)}/steps/{n}/check")  # fmt: skip


@post("/courses/{course_id:int}/edit/lessons/{slug:str}/steps/{n:int}/check", opt=STAFF,
      sync_to_thread=False)  # fmt: skip
def check(request: Request[Any, Any, Any], course_id: FromPath[int], slug: FromPath[str],
          n: FromPath[int], data: Form) -> Response[Any]:  # fmt: skip
    """A preview's answer graded as a student's would be, and nothing kept (JSON)."""
    found = _lesson(request, course_id, slug)
    _viewer, school_id = _school(request)
    tables = found.lesson["steps"]
    if not 1 <= n <= len(tables):
        raise NotFoundException()
    step = as_step(school_id, n, tables[n - 1])
    try:
        given = answer_of(step.kind, data)
        if step.kind in GRADED_KINDS:
            outcome = grade(step.kind, step.body, given)
            state = StepState(PASSED if outcome.passed else "wrong", outcome.score, 1, 0,
                              outcome.answer)  # fmt: skip
        elif step.kind in REVIEWED_KINDS:
            state = StepState("submitted", 0.0, 1, 0, given)
        else:
            state = StepState(PASSED)
    except CourseError as exc:
        return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
    card = step_card(request, step, state, files_url(course_id, slug), {})
    feedback = request.app.template_engine.get_template("learn/_feedback.html").render(  # type: ignore[union-attr]
        card=card, lang=request_locale(request), points_now=0
    )
    return Response({"status": state.status, "passed": state.status == PASSED,
                     "marks": card.marks, "rows": [[i, ok] for i, _h, _c, ok in card.rows],
                     "feedback": feedback, "points": 0}, status_code=200)  # fmt: skip


@post("/courses/{course_id:int}/edit/markdown", opt=STAFF, sync_to_thread=False)
def markdown(
    request: Request[Any, Any, Any], course_id: FromPath[int], data: Form
) -> Response[Any]:
    """A text step's Markdown as the lesson page will show it (the editor's preview)."""
    _viewer, school_id = _school(request)
    slug = data.get("lesson", "")
    with read_scope() as db:
        try:
            get_draft(db, school_id=school_id, course_id=course_id)
        except CourseNotFound as exc:
            raise NotFoundException() from exc
    return Response({"html": render(data.get("text", ""), files_url(course_id, slug))},
                    status_code=200)  # fmt: skip


@get("/courses/{course_id:int}/edit/files/{path:path}", opt=STAFF, sync_to_thread=False)
def draft_file(request: Request[Any, Any, Any], course_id: FromPath[int],
               path: FromPath[str]) -> File:  # fmt: skip
    """A picture or recording of the draft (the school's staff only; never a page)."""
    _viewer, school_id = _school(request)
    rel = safe_path(path.lstrip("/"))
    if rel is None or rel.suffix.lower() not in SHOWN:
        raise NotFoundException()
    with read_scope() as db:
        try:
            _course, draft = get_draft(db, school_id=school_id, course_id=course_id)
        except CourseNotFound as exc:
            raise NotFoundException() from exc
    target = draft_folder(draft) / rel
    if not target.is_file():
        raise NotFoundException()
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return File(target, media_type=kind, content_disposition_type="inline",
                headers={"cache-control": "private, no-store",
                         "content-security-policy": "sandbox"})  # fmt: skip


ROUTES = [preview, check, markdown, draft_file]
