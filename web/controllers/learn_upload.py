"""File upload steps: a student sends a file (multipart) and may download what they sent."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import File, Redirect
from sqlmodel import select

from lms.courses.activity import log_activity
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.progress import StepState
from lms.courses.sniff import MAX_UPLOAD_MB
from lms.courses.uploads import MB, StoredFile, check_file, submit_upload, uploaded_file
from lms.courses.views import step_in
from models.accounts import STUDENT
from models.db import read_scope, session_scope
from models.i18n import N_, message
from models.lms import SENT, UPLOAD, StepProgress
from models.settings import get_settings
from web.auth import require_school, require_viewer
from web.controllers.learn_answers import (
    Done,
    _done,
    _json,
    _lesson_url,
    _may_answer,
    _wants_json,
)
from web.controllers.learn_badges import award_now
from web.controllers.learn_common import LEARNERS, STUDENTS, seconds_of
from web.pages import flash, go, tr

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


@post(
    "/learn/steps/{step_id:int}/upload",
    opt=LEARNERS,
    request_max_body_size=(MAX_UPLOAD_MB + 1) * MB,
)
async def upload(
    request: Request[Any, Any, Any], step_id: FromPath[int], data: Upload
) -> Response[Any] | Redirect:
    """Keeps the student's file for the teacher (checked against the step's types and size);
    a teacher's preview checks the file the same way and keeps nothing."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    file = data.get("file")
    content = await file.read() if isinstance(file, UploadFile) else b""
    name = (file.filename if isinstance(file, UploadFile) else "") or ""
    fields = {k: v for k, v in data.items() if isinstance(v, str)}
    lesson = 0
    try:
        with session_scope() as db:
            course_id, step = _may_answer(db, viewer, school_id, step_id)
            lesson = step.lesson_id
            if step.kind != UPLOAD:
                raise CourseError("not_graded", [message(N_("This step is not answered here."))])
            if viewer.role != STUDENT:  # a preview
                check_file(step, name, content)
                done = Done(step, "", StepState("submitted", 0.0, 1), 0, 0, 0, 0)
            else:
                state = submit_upload(
                    db, school_id=school_id, user_id=viewer.id, course_id=course_id, step=step,
                    filename=name, data=content, root=get_settings().data_dir,
                    seconds=seconds_of(fields),
                )  # fmt: skip
                log_activity(db, school_id=school_id, user_id=viewer.id, course_id=course_id,
                             step_key=step.key, kind=SENT, seconds=seconds_of(fields))  # fmt: skip
                award_now(request, db, school_id, viewer.id, course_id)
                done = _done(db, viewer, school_id, course_id, step, state, 0)
    except CourseError as exc:
        if _wants_json(request):
            return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(f"/learn/lessons/{lesson}?step=0#step" if lesson else "/learn")
    if _wants_json(request):
        return Response(_json(request, done), status_code=200)
    flash(request, tr(request, N_("Sent: your teacher will check it.")), "ok")
    return go(_lesson_url(step))


def send_stored(found: StoredFile) -> File:
    """A stored upload as a download: never shown inline, never sniffed by the browser."""
    return File(
        found.path,
        filename=found.name,
        media_type=found.type or "application/octet-stream",
        content_disposition_type="attachment",
        headers={
            "cache-control": "private, no-store",
            "content-security-policy": "sandbox",
            "x-content-type-options": "nosniff",
        },
    )


@get("/learn/steps/{step_id:int}/files/{file_id:str}", opt=STUDENTS, sync_to_thread=False)
def own_file(
    request: Request[Any, Any, Any], step_id: FromPath[int], file_id: FromPath[str]
) -> File:
    """A file the student sent on a step, for the student."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        try:
            course, step = step_in(db, school_id=school_id, step_id=step_id)
            row = db.exec(
                select(StepProgress.id).where(
                    StepProgress.user_id == viewer.id,
                    StepProgress.course_id == course.id,
                    StepProgress.step_key == step.key,
                )
            ).first()
            found = uploaded_file(db, school_id=school_id, progress_id=row or 0, file_id=file_id,
                                  root=get_settings().data_dir, user_id=viewer.id)  # fmt: skip
        except CourseNotFound as exc:
            raise NotFoundException() from exc
    return send_stored(found)


ROUTES = [upload, own_file]
