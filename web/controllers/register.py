"""The class register's pages: a teacher's day, one lesson's register, its history, its files.

Writes (attendance, lesson notes, files, remarks) are in `register_forms`; ROUTES gathers both.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath, FromQuery
from litestar.response import File, Template
from sqlmodel import col, select

from journal.register import Register, open_register
from journal.register_audit import register_history
from journal.register_day import register_day
from journal.register_files import attachment_file
from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, TEACHER
from models.db import read_scope, session_scope
from models.people import Teacher
from models.settings import get_settings
from web.controllers import register_forms
from web.controllers.register_common import (
    ACTION_LABELS,
    KEEPERS,
    REMARK_LABELS,
    STATUS_LABELS,
    http_errors,
    labels,
    register_url,
    school_today,
    who,
)
from web.i18n import sort_key
from web.pages import page, request_locale


def _day(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def _teachers(school_id: int, locale: str) -> list[tuple[int, str]]:
    """The school's teachers by name, for the admin's choice of whose day to see."""
    with session_scope() as db:
        rows = db.exec(
            select(Teacher.id, Teacher.name).where(
                Teacher.school_id == school_id, col(Teacher.deleted_at).is_(None)
            )
        ).all()
    key = sort_key(locale)
    return sorted(((i or 0, name) for i, name in rows), key=lambda t: key(t[1]))


@get("/registers", opt=KEEPERS, sync_to_thread=False)
def today(
    request: Request[Any, Any, Any], day: FromQuery[str | None] = None,
    teacher: FromQuery[int | None] = None,
) -> Template:  # fmt: skip
    """A teacher's lessons of the day (ticked when attendance is taken) and those still missing
    attendance; the school admin sees every lesson, or one teacher's."""
    viewer, school_id, actor = who(request)
    now = school_today()
    shown = _day(day, now)
    with read_scope() as db:
        view = register_day(db, school_id=school_id, actor=actor, day=shown, teacher_id=teacher)
    teachers = _teachers(school_id, request_locale(request)) if viewer.role == SCHOOL_ADMIN else []
    return page(
        request, "register/today.html", view=view, today=now, teacher=teacher, teachers=teachers,
        prev_day=shown - timedelta(days=1), next_day=shown + timedelta(days=1),
        url=register_url, actions=labels(request, ACTION_LABELS),
    )  # fmt: skip


def lesson_context(request: Request[Any, Any, Any], reg: Register) -> dict[str, Any]:
    """What the register template needs besides the register."""
    return {
        "reg": reg, "base": register_url(reg.day, reg.lesson_id, reg.unit),
        "statuses": labels(request, STATUS_LABELS), "kinds": labels(request, REMARK_LABELS),
        "actions": labels(request, ACTION_LABELS),
        "editable": not reg.locked, "marks_open": not reg.locked and not reg.future,
    }  # fmt: skip


@get("/registers/{day:date}/{lesson:int}/{unit:int}", opt=KEEPERS, sync_to_thread=False)
def lesson(
    request: Request[Any, Any, Any], day: FromPath[date], lesson: FromPath[int], unit: FromPath[int]
) -> Template:
    """One lesson's register: students with big tap targets, topic, homework, files, remarks."""
    viewer, school_id, actor = who(request)
    with http_errors(), session_scope() as db:
        reg = open_register(db, school_id=school_id, actor=actor, day=day, lesson_id=lesson,
                            unit=unit, today=school_today())  # fmt: skip
    key = sort_key(request_locale(request))  # names sort as the reader's language does
    reg = replace(reg, students=tuple(sorted(reg.students, key=lambda s: key(s.name))))
    return page(request, "register/lesson.html", **lesson_context(request, reg),
                admin=viewer.role == SCHOOL_ADMIN, me=viewer.id)  # fmt: skip


@get("/registers/{day:date}/{lesson:int}/{unit:int}/history", opt={"roles": (SCHOOL_ADMIN,)},
     sync_to_thread=False)  # fmt: skip
def history(
    request: Request[Any, Any, Any], day: FromPath[date], lesson: FromPath[int], unit: FromPath[int]
) -> Template:
    """Every change of the register: who, when, old and new value, why (the school admin)."""
    _, school_id, actor = who(request)
    with http_errors(), session_scope() as db:
        reg = open_register(db, school_id=school_id, actor=actor, day=day, lesson_id=lesson,
                            unit=unit, today=school_today())  # fmt: skip
        lines = register_history(db, school_id=school_id, actor=actor, day=day,
                                 lesson_id=lesson, unit=unit)  # fmt: skip
    return page(request, "register/history.html", reg=reg, lines=lines,
                base=register_url(day, lesson, unit), statuses=labels(request, STATUS_LABELS),
                kinds=labels(request, REMARK_LABELS))  # fmt: skip


@get("/registers/files/{record:int}/{file_id:str}",
     opt={"roles": (SCHOOL_ADMIN, TEACHER, STUDENT, PARENT)}, sync_to_thread=False)  # fmt: skip
def download(
    request: Request[Any, Any, Any], record: FromPath[int], file_id: FromPath[str]
) -> Response[Any]:
    """A homework attachment, for the lesson's students, their parents, its teachers, the admin."""
    _, school_id, actor = who(request)
    with http_errors(), read_scope() as db:
        found = attachment_file(db, school_id=school_id, actor=actor, record_id=record,
                                file_id=file_id, root=get_settings().data_dir)  # fmt: skip
    inline = found.type.startswith(("image/", "application/pdf"))
    return File(
        found.path, filename=found.name, media_type=found.type,
        content_disposition_type="inline" if inline else "attachment",
        headers={"cache-control": "private, no-store", "content-security-policy": "sandbox"},
    )  # fmt: skip


ROUTES = [today, lesson, history, download, *register_forms.ROUTES]
