"""Consultations: students book a counsellor's or psychologist's free time; specialists publish
slots (one or a weekly pattern), confirm or cancel bookings and log outcomes (/consult)."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from guidance.work.consult_slots import (
    publish_slot,
    publish_weekly,
    remove_slot,
    school_slots,
    track_of,
)
from guidance.work.consult_views import send_reminders, specialist_bookings, student_consultations
from guidance.work.consultations import REASONS, Reader, book, cancel, confirm
from guidance.work.errors import WorkNotFound
from guidance.work.library import TRACK_LABELS
from models.accounts import COUNSELLOR, PSYCHOLOGIST, STUDENT
from models.base import utcnow
from models.db import session_scope
from models.errors import StoreError
from models.guidance_work import CAREER, PSYCHOLOGY
from web.controllers.auth import Form
from web.controllers.grades_common import as_date, as_int
from web.controllers.guidance_work_common import (
    SPECIALISTS,
    local_time,
    not_found,
    refused,
    school_clock,
    school_moment,
    school_today,
    tell,
    who,
)
from web.pages import flash, go, page, tr

USERS = {"roles": (STUDENT, COUNSELLOR, PSYCHOLOGIST)}
OWN = {"roles": (STUDENT,)}
WEEKS_AHEAD = 4
ALL_TRACKS = Reader(frozenset({CAREER, PSYCHOLOGY}), frozenset(), True)


@get("/consult", opt=USERS, sync_to_thread=False)
def consult_home(request: Request[Any, Any, Any]) -> Template:
    """A student's free times to book and own bookings; a specialist's slots and bookings."""
    viewer, school_id = who(request)
    now = utcnow()
    with session_scope() as db:
        # reminders of consultations due within a day are written here as well as by whoever
        # opens the page first (keys make them once); a scheduler tick could call the same
        send_reminders(db, school_id=school_id, tell=tell())
        if viewer.role == STUDENT:
            context: dict[str, Any] = {
                "free": school_slots(db, school_id=school_id, start=now,
                                     end=now + timedelta(weeks=WEEKS_AHEAD), free_only=True),
                "mine": student_consultations(db, school_id=school_id,
                                              student_id=viewer.student_id or 0,
                                              reader=ALL_TRACKS),
            }  # fmt: skip
        else:
            track = track_of(viewer.role)
            context = {
                "track": track,
                "slots": school_slots(db, school_id=school_id, start=now,
                                      end=now + timedelta(weeks=12), specialist_id=viewer.id),
                "bookings": specialist_bookings(db, school_id=school_id, specialist_id=viewer.id,
                                                track=track, since=now - timedelta(days=30)),
            }  # fmt: skip
    return page(request, "consult/index.html", reasons=REASONS, tracks=TRACK_LABELS,
                local=local_time, today=school_today(), **context)  # fmt: skip


@post("/consult/book", opt=OWN, sync_to_thread=False)
def consult_book(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A student books a free slot."""
    viewer, school_id = who(request)
    try:
        with session_scope() as db:
            book(db, school_id=school_id, student_id=viewer.student_id or 0, user_id=viewer.id,
                 slot_id=as_int(data.get("slot")) or 0, reason=data.get("reason", ""),
                 note=data.get("note", ""), tell=tell())  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, "/consult")
    flash(request, tr(request, "Your consultation is booked; the specialist will confirm it."),
          "ok")  # fmt: skip
    return go("/consult")


@post("/consult/{consultation_id:int}/cancel", opt=USERS, sync_to_thread=False)
def consult_cancel(
    request: Request[Any, Any, Any], consultation_id: FromPath[int], data: Form
) -> Redirect:
    """The student or the specialist cancels a booking."""
    viewer, school_id = who(request)
    mine = viewer.student_id if viewer.role == STUDENT else None
    try:
        with session_scope() as db:
            cancel(db, school_id=school_id, consultation_id=consultation_id, user_id=viewer.id,
                   student_id=mine, reason=data.get("reason", ""), tell=tell())  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, "/consult")
    flash(request, tr(request, "The consultation is cancelled."), "ok")
    return go("/consult")


@post("/consult/{consultation_id:int}/confirm", opt=SPECIALISTS, sync_to_thread=False)
def consult_confirm(request: Request[Any, Any, Any], consultation_id: FromPath[int]) -> Redirect:
    """The specialist confirms a requested booking."""
    viewer, school_id = who(request)
    try:
        with session_scope() as db:
            confirm(db, school_id=school_id, specialist_id=viewer.id,
                    consultation_id=consultation_id, tell=tell())  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, "/consult")
    flash(request, tr(request, "The consultation is confirmed; the student was told."), "ok")
    return go("/consult")


def _clock(text: str | None) -> time | None:
    try:
        return time.fromisoformat((text or "").strip())
    except ValueError:
        return None


@post("/consult/slots", opt=SPECIALISTS, sync_to_thread=False)
def consult_add_slot(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A specialist offers one time."""
    viewer, school_id = who(request)
    day, at = as_date(data.get("day")), _clock(data.get("time"))
    if day is None or at is None:
        flash(request, tr(request, "Give the day and the time."), "error")
        return go("/consult")
    try:
        with session_scope() as db:
            publish_slot(db, school_id=school_id, specialist_id=viewer.id, role=viewer.role,
                         starts_at=school_moment(day, at),
                         minutes=as_int(data.get("minutes")) or 30,
                         place=data.get("place", ""))  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, "/consult")
    flash(request, tr(request, "The time is offered to students."), "ok")
    return go("/consult")


@post("/consult/slots/weekly", opt=SPECIALISTS, sync_to_thread=False)
def consult_weekly(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A specialist offers the same times every week for some weeks."""
    viewer, school_id = who(request)
    times = [t for t in (_clock(x) for x in data.get("times", "").replace(";", ",").split(","))
             if t is not None]  # fmt: skip
    days = [int(k.removeprefix("day")) for k in data if k.startswith("day") and k[3:].isdigit()]
    first = as_date(data.get("first_day")) or school_today()
    try:
        with session_scope() as db:
            made, skipped = publish_weekly(
                db, school_id=school_id, specialist_id=viewer.id, role=viewer.role,
                first_day=first, weeks=as_int(data.get("weeks")) or 0, weekdays=days,
                times=times, minutes=as_int(data.get("minutes")) or 30,
                place=data.get("place", ""), tz=school_clock(),
            )  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, "/consult")
    text = tr(request, "%(made)s times offered; %(skipped)s skipped (passed or taken).")
    flash(request, text % {"made": len(made), "skipped": skipped}, "ok")
    return go("/consult")


@post("/consult/slots/{slot_id:int}/remove", opt=SPECIALISTS, sync_to_thread=False)
def consult_remove_slot(request: Request[Any, Any, Any], slot_id: FromPath[int]) -> Redirect:
    """A specialist withdraws a free time."""
    viewer, school_id = who(request)
    try:
        with session_scope() as db:
            remove_slot(db, school_id=school_id, specialist_id=viewer.id, slot_id=slot_id)
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, "/consult")
    flash(request, tr(request, "The time is withdrawn."), "ok")
    return go("/consult")


ROUTES = [consult_home, consult_book, consult_cancel, consult_confirm, consult_add_slot,
          consult_weekly, consult_remove_slot]  # fmt: skip
