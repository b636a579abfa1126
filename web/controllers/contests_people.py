"""Registration pages: a school admin registers the school, students register themselves, and a
school's staff register their own students (never another school's)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.contests import (
    get_contest,
    register_school,
    register_student,
    school_registered,
    school_roster,
    unregister_student,
)
from models.accounts import SCHOOL_ADMIN, STUDENT
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.i18n import N_, message
from web.controllers.auth import Form
from web.controllers.contests_common import STAFF, acting
from web.controllers.office_common import or_404
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr


def _flash_refusal(request: Request[Any, Any, Any], exc: StoreError) -> None:
    for msg in exc.messages:
        flash(request, tr(request, msg), "error")


@post("/contests/{contest_id:int}/school", opt={"roles": (SCHOOL_ADMIN,)}, sync_to_thread=False)
def school_joins(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Redirect:
    """The school admin registers the school for a city-wide contest."""
    try:
        with or_404(), session_scope() as db:
            register_school(db, acting(request), contest_id)
        flash(request, tr(request, N_("Your school is registered.")), "ok")
    except StoreError as exc:
        _flash_refusal(request, exc)
    return go(f"/contests/{contest_id}")


@post("/contests/{contest_id:int}/join", opt={"roles": (STUDENT,)}, sync_to_thread=False)
def student_joins(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Redirect:
    """A student registers themselves (their school must be registered)."""
    actor = acting(request)
    try:
        with or_404(), session_scope() as db:
            register_student(db, actor, contest_id, actor.user_id)
        flash(request, tr(request, N_("You are registered.")), "ok")
    except StoreError as exc:
        _flash_refusal(request, exc)
    return go(f"/contests/{contest_id}")


@get("/contests/{contest_id:int}/students", opt=STAFF, sync_to_thread=False)
def students_page(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Template:
    """The school's students with who takes part; only this school's, for its staff."""
    actor = acting(request)
    with or_404(), read_scope() as db:
        contest = get_contest(db, contest_id)
        roster = school_roster(db, actor, contest_id)
        registered = school_registered(db, contest_id, actor.school_id)
    key = sort_key(request_locale(request))
    roster.sort(key=lambda line: (key(line.class_code), key(line.name)))
    return page(request, "contests/students.html", contest=contest, roster=roster,
                registered=registered)  # fmt: skip


def _chosen(data: dict[str, str]) -> list[int]:
    return [int(k.removeprefix("student_")) for k, v in data.items()
            if k.startswith("student_") and k[8:].isdigit() and v == "on"]  # fmt: skip


@post("/contests/{contest_id:int}/students", opt=STAFF, sync_to_thread=False)
def students_change(
    request: Request[Any, Any, Any], contest_id: FromPath[int], data: Form
) -> Redirect:
    """Register the ticked students (action "add") or withdraw them (action "remove")."""
    actor, chosen = acting(request), _chosen(data)
    remove = data.get("action") == "remove"
    try:
        with or_404(), session_scope() as db:
            for user_id in chosen:
                if remove:
                    unregister_student(db, actor, contest_id, user_id)
                else:
                    register_student(db, actor, contest_id, user_id)
        text = N_("Students withdrawn: {n}.") if remove else N_("Students registered: {n}.")
        flash(request, tr(request, message(text, n=len(chosen))), "ok")
    except StoreError as exc:
        _flash_refusal(request, exc)
    return go(f"/contests/{contest_id}/students")


ROUTES = [school_joins, student_joins, students_page, students_change]
