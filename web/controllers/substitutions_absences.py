"""Absences in the app: the deputy enters and removes them; a teacher reports and withdraws
their own, and confirms the covers they take."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from models.accounts import TEACHER
from models.db import session_scope
from models.people import Teacher
from substitutions.absences import add_absence, list_absences, remove_absence
from substitutions.published import covers_for_teacher
from substitutions.self_report import report_absence
from substitutions.services import acknowledge_cover
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.substitutions import DEPUTY, REFUSED, board_url, refuse
from web.pages import flash, go, page, tr
from web.services.substitutions_web import (
    AbsenceForm,
    absence_choices,
    parse_day,
    translate_for,
)

TEACHERS = {"roles": (TEACHER,)}
MY_ABSENCES = "/my/absences"


@post("/substitutions/absences", opt=DEPUTY, sync_to_thread=False)
def add(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A teacher away, a room closed, a class away or a short day, every problem named."""
    viewer = require_viewer(request)
    back = board_url(parse_day(data.get("date")) or parse_day(data.get("starts_on")))
    try:
        form = AbsenceForm.read(data)
        with session_scope() as db:
            row = add_absence(
                db, school_id=require_school(viewer), ref=form.ref, starts_on=form.starts_on,
                ends_on=form.ends_on, kind=form.kind, periods=form.periods, shift=form.shift,
                reason=form.reason, created_by=viewer.id, actor=viewer.login,
            )  # fmt: skip
    except REFUSED as exc:
        return refuse(request, exc, back)
    flash(request, tr(request, "Absence added; plan the day to cover it."), "ok")
    return go(board_url(parse_day(data.get("date")) or row.starts_on))


@post("/substitutions/absences/{absence_id:int}/remove", opt=DEPUTY, sync_to_thread=False)
def remove(request: Request[Any, Any, Any], absence_id: FromPath[int], data: Form) -> Redirect:
    """Removes an absence (kept in history); re-plan the day to release its covers."""
    viewer = require_viewer(request)
    back = board_url(parse_day(data.get("date")))
    try:
        with session_scope() as db:
            remove_absence(db, school_id=require_school(viewer), absence_id=absence_id,
                           actor=viewer.login)  # fmt: skip
    except REFUSED as exc:
        return refuse(request, exc, back)
    flash(request, tr(request, "Absence removed; re-plan the day to release its covers."), "ok")
    return go(back)


def _teacher(db: Any, viewer: Viewer) -> Teacher | None:
    row = None if viewer.teacher_id is None else db.get(Teacher, viewer.teacher_id)
    return row if row is not None and row.school_id == viewer.school_id else None


@get(MY_ABSENCES, opt=TEACHERS, sync_to_thread=False)
def my_absences(request: Request[Any, Any, Any]) -> Template:
    """A teacher's absences from today on (reported by them or entered by the school)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with session_scope() as db:
        teacher = _teacher(db, viewer)
        rows = [] if teacher is None else [
            a for a in list_absences(db, school_id=school_id, start=date.today())
            if a.kind == "teacher" and a.ref == teacher.code
        ]  # fmt: skip
        shifts = absence_choices(db, school_id).shifts
    return page(request, "substitutions/my_absences.html", rows=rows, teacher=teacher,
                shifts=shifts, today=date.today())  # fmt: skip


@post(MY_ABSENCES, opt=TEACHERS, sync_to_thread=False)
def report(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A teacher reports their own absence; the deputies are told in the app."""
    viewer = require_viewer(request)
    try:
        form = AbsenceForm.read(data, ref="")
        with session_scope() as db:
            report_absence(
                db, school_id=require_school(viewer), teacher_id=viewer.teacher_id or 0,
                account_id=viewer.id, starts_on=form.starts_on, ends_on=form.ends_on,
                periods=form.periods, shift=form.shift, reason=form.reason,
                translate_for=translate_for,
            )  # fmt: skip
    except REFUSED as exc:
        return refuse(request, exc, MY_ABSENCES)
    flash(request, tr(request, "Your absence is recorded; the school has been told."), "ok")
    return go(MY_ABSENCES)


@post(MY_ABSENCES + "/{absence_id:int}/remove", opt=TEACHERS, sync_to_thread=False)
def withdraw(request: Request[Any, Any, Any], absence_id: FromPath[int]) -> Redirect:
    """A teacher withdraws an absence they reported themselves."""
    viewer = require_viewer(request)
    try:
        with session_scope() as db:
            remove_absence(db, school_id=require_school(viewer), absence_id=absence_id,
                           actor=viewer.login, created_by=viewer.id)  # fmt: skip
    except REFUSED as exc:
        return refuse(request, exc, MY_ABSENCES)
    flash(request, tr(request, "Absence withdrawn."), "ok")
    return go(MY_ABSENCES)


@post("/my/covers/{cover_id:int}/seen", opt=TEACHERS, sync_to_thread=False)
def seen(request: Request[Any, Any, Any], cover_id: FromPath[int], data: Form) -> Redirect:
    """The substitute confirms they have seen a cover they take."""
    viewer = require_viewer(request)
    back = data.get("next", "") if data.get("next", "").startswith("/my/") else "/my/timetable"
    try:
        with session_scope() as db:
            acknowledge_cover(db, school_id=require_school(viewer), cover_id=cover_id,
                              teacher_id=viewer.teacher_id or 0)  # fmt: skip
    except REFUSED as exc:
        return refuse(request, exc, back)
    flash(request, tr(request, "Thank you: the school sees that you know."), "ok")
    return go(back)


@get("/api/my/covers", opt=TEACHERS, sync_to_thread=False)
def my_covers_json(
    request: Request[Any, Any, Any], on: FromQuery[str | None] = None
) -> dict[str, Any]:
    """The lessons the viewer takes for others on a date (published), with their registers:
    what the classroom page and the journal read."""
    viewer = require_viewer(request)
    day = parse_day(on) or date.today()
    with session_scope() as db:
        rows = covers_for_teacher(db, school_id=require_school(viewer),
                                  teacher_id=viewer.teacher_id or 0, day=day)  # fmt: skip
    return {
        "date": day.isoformat(),
        "covers": [
            {
                "cover": x.id, "lesson": x.lesson_id, "key": x.lesson.key, "unit": x.unit,
                "shift": x.shift, "period": x.period, "action": x.action,
                "subject": x.lesson.subject, "audience": x.lesson.audience, "room": x.where,
                "instead_of": x.absent_teacher, "reason": tr(request, x.reason),
                "acknowledged": x.acknowledged_at is not None, "revision": x.revision,
            }
            for x in rows
        ],
    }  # fmt: skip


ROUTES = [add, remove, my_absences, report, withdraw, seen, my_covers_json]
