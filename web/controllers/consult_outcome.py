"""One booking as its specialist sees it (/consult/<id>): the student's note, the student's log of
earlier consultations of this track, and the form to log the outcome."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from guidance.work.consult_slots import track_of
from guidance.work.consult_views import specialist_booking, student_consultations
from guidance.work.consultations import Reader, log_outcome
from guidance.work.errors import WorkNotFound
from models.db import read_scope, session_scope
from models.errors import StoreError
from web.controllers.auth import Form
from web.controllers.grades_common import as_date
from web.controllers.guidance_work_common import (
    SPECIALISTS,
    checked,
    local_time,
    not_found,
    refused,
    school_today,
    who,
)
from web.pages import flash, go, page, tr


@get("/consult/{consultation_id:int}", opt=SPECIALISTS, sync_to_thread=False)
def consult_booking(request: Request[Any, Any, Any], consultation_id: FromPath[int]) -> Template:
    """The booking, the student's earlier consultations of this track and the outcome form."""
    viewer, school_id = who(request)
    track = track_of(viewer.role)
    with read_scope() as db:
        try:
            booking = specialist_booking(db, school_id=school_id, specialist_id=viewer.id,
                                         track=track, consultation_id=consultation_id)  # fmt: skip
        except WorkNotFound as exc:
            raise not_found(exc) from exc
        reader = Reader(frozenset({track}), frozenset({track}))
        earlier = student_consultations(
            db, school_id=school_id, student_id=booking.row.student_id, reader=reader
        )
        log = [c for c in earlier if c.row.id != consultation_id]
    return page(request, "consult/booking.html", b=booking, log=log, local=local_time,
                today=school_today())  # fmt: skip


@post("/consult/{consultation_id:int}/outcome", opt=SPECIALISTS, sync_to_thread=False)
def consult_log(
    request: Request[Any, Any, Any], consultation_id: FromPath[int], data: Form
) -> Redirect:
    """The specialist logs what came of the consultation (each entry adds to the log)."""
    viewer, school_id = who(request)
    back = f"/consult/{consultation_id}"
    try:
        with session_scope() as db:
            log_outcome(
                db, school_id=school_id, specialist_id=viewer.id,
                consultation_id=consultation_id, notes=data.get("notes", ""),
                next_steps=data.get("next_steps", ""),
                follow_up_on=as_date(data.get("follow_up_on")), missed=checked(data, "missed"),
            )  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, back)
    flash(request, tr(request, "The outcome is logged."), "ok")
    return go(back)


ROUTES = [consult_booking, consult_log]
