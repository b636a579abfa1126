"""Changes to a register: attendance (a plain form, or one tap at a time through JSON), the
lesson's topic and homework, homework files and remarks. Each handler calls one service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect
from sqlmodel import Session

from journal.errors import JournalNotFound
from journal.notify import notify_attendance, notify_remark
from journal.register import open_register
from journal.register_access import NotYourLesson
from journal.register_files import MAX_FILE_BYTES, add_attachment, remove_attachment
from journal.register_lesson import add_remark, save_lesson_notes, withdraw_remark
from journal.register_marks import MarkInput, mark_attendance
from models.db import session_scope
from models.errors import StoreError
from models.i18n import N_
from models.settings import get_settings
from web.controllers.auth import Form
from web.controllers.grades_common import texts
from web.controllers.register_common import KEEPERS, http_errors, register_url, school_today, who
from web.pages import flash, go, tr

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
Day = FromPath[date]
Id = FromPath[int]
Req = Request[Any, Any, Any]
PATH = "/registers/{day:date}/{lesson:int}/{unit:int}"
API = "/api" + PATH


class _Refused(Exception):
    """A domain refusal already flashed: go back to the register."""


@contextmanager
def _flashing(request: Request[Any, Any, Any]) -> Iterator[None]:
    """Refusals flashed (each sentence), missing or foreign lessons as 404/403."""
    with http_errors():
        try:
            yield
        except (JournalNotFound, NotYourLesson):
            raise
        except StoreError as exc:
            for m in exc.messages:
                flash(request, tr(request, m), "error")
            raise _Refused from exc


Work = Callable[[Session, dict[str, Any]], object]


def _change(
    request: Request[Any, Any, Any], day: date, lesson: int, unit: int, work: Work, done: str
) -> Redirect:
    """Runs one service in a transaction, given the keywords every register service takes
    (school, actor, lesson); back to the register with its outcome flashed."""
    _, school_id, actor = who(request)
    back = register_url(day, lesson, unit)
    where = {"school_id": school_id, "actor": actor, "day": day, "lesson_id": lesson, "unit": unit}
    try:
        with _flashing(request), session_scope() as db:
            work(db, where)
    except _Refused:
        return go(back)
    flash(request, tr(request, done), "ok")
    return go(back)


def _minutes(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError:
        return -1  # out of range: the service names the student


def _form_marks(data: dict[str, str]) -> list[MarkInput]:
    marks = []
    for name, status in data.items():
        if name.startswith("status-") and name[7:].isdigit():
            sid = name[7:]
            marks.append(MarkInput(int(sid), status, _minutes(data.get(f"minutes-{sid}")),
                                   data.get(f"reason-{sid}", "")))  # fmt: skip
    return marks


@post(PATH + "/attendance", opt=KEEPERS, sync_to_thread=False)
def save_attendance(request: Req, day: Day, lesson: Id, unit: Id, data: Form) -> Redirect:
    """The register without JavaScript: every student's mark at once; attendance taken."""

    def work(db: Session, where: dict[str, Any]) -> None:
        outcome = mark_attendance(db, **where, marks=_form_marks(data), today=school_today(),
                                  why=data.get("why", ""))  # fmt: skip
        notify_attendance(db, school_id=where["school_id"], record_id=outcome.record_id,
                          texts=texts)  # fmt: skip

    return _change(request, day, lesson, unit, work, N_("Attendance saved."))


def _counts(marks: dict[int, dict[str, Any]]) -> dict[str, int]:
    out = {"present": 0, "absent": 0, "late": 0, "excused": 0}
    for mark in marks.values():
        out[mark["status"]] = out.get(mark["status"], 0) + 1
    return out


@post(API + "/mark", opt=KEEPERS, status_code=200, sync_to_thread=False)
def mark_json(
    request: Req, day: Day, lesson: Id, unit: Id, data: Annotated[dict[str, Any], Body()]
) -> Response[Any]:
    """One tap: {student, status, minutes, reason, why} -> the stored mark and the counts, or
    400 with the sentences."""
    _, school_id, actor = who(request)
    try:
        mark = MarkInput(int(data.get("student", 0)), str(data.get("status", "")),
                         _minutes(data.get("minutes")), str(data.get("reason") or ""))  # fmt: skip
    except (TypeError, ValueError):
        return Response({"error": [tr(request, N_("Nothing to save."))]}, status_code=400)
    try:
        with http_errors(), session_scope() as db:
            outcome = mark_attendance(
                db, school_id=school_id, actor=actor, day=day, lesson_id=lesson, unit=unit,
                marks=[mark], today=school_today(), why=str(data.get("why") or ""),
            )  # fmt: skip
            notify_attendance(db, school_id=school_id, record_id=outcome.record_id, texts=texts)
    except StoreError as exc:
        errors = [tr(request, m) for m in exc.messages]
        return Response({"error": errors, "code": exc.code}, status_code=400)
    return Response({
        "ok": True, "student": mark.student_id, "mark": outcome.marks.get(mark.student_id),
        "counts": _counts(outcome.marks), "taken": outcome.taken_at is not None,
    })  # fmt: skip


@get(API, opt=KEEPERS, sync_to_thread=False)
def register_json(request: Req, day: Day, lesson: Id, unit: Id) -> Response[Any]:
    """The register as JSON (students and marks, topic, homework), for pages that work offline."""
    _, school_id, actor = who(request)
    with http_errors(), session_scope() as db:
        reg = open_register(db, school_id=school_id, actor=actor, day=day, lesson_id=lesson,
                            unit=unit, today=school_today())  # fmt: skip
    return Response({**asdict(reg), "counts": reg.counts})


@post(PATH + "/lesson", opt=KEEPERS, sync_to_thread=False)
def save_notes(request: Req, day: Day, lesson: Id, unit: Id, data: Form) -> Redirect:
    """The lesson's topic and homework."""

    def work(db: Session, where: dict[str, Any]) -> None:
        save_lesson_notes(db, **where, topic=data.get("topic", ""),
                          homework=data.get("homework", ""), why=data.get("why", ""))  # fmt: skip

    return _change(request, day, lesson, unit, work, N_("Topic and homework saved."))


@post(PATH + "/files", opt=KEEPERS, sync_to_thread=False)
def upload(request: Req, day: Day, lesson: Id, unit: Id, data: Upload) -> Redirect:
    """A homework file: checked, stored under a random name, listed on the lesson."""
    file = data.get("file")
    name = (file.filename or "") if isinstance(file, UploadFile) else ""
    body = file.file.read(MAX_FILE_BYTES + 1) if isinstance(file, UploadFile) else b""

    def work(db: Session, where: dict[str, Any]) -> None:
        add_attachment(db, **where, filename=name, data=body, root=get_settings().data_dir)

    return _change(request, day, lesson, unit, work, N_("File attached."))


@post(PATH + "/files/{file_id:str}/remove", opt=KEEPERS, sync_to_thread=False)
def remove_file(request: Req, day: Day, lesson: Id, unit: Id, file_id: FromPath[str]) -> Redirect:
    def work(db: Session, where: dict[str, Any]) -> None:
        remove_attachment(db, **where, file_id=file_id)

    return _change(request, day, lesson, unit, work, N_("File removed."))


@post(PATH + "/remarks", opt=KEEPERS, sync_to_thread=False)
def remark(request: Req, day: Day, lesson: Id, unit: Id, data: Form) -> Redirect:
    """A remark, discipline note or praise about a student; the family is told."""

    def work(db: Session, where: dict[str, Any]) -> None:
        student = int(data["student"]) if data.get("student", "").isdigit() else 0
        row = add_remark(db, **where, student_id=student, kind=data.get("kind", ""),
                         text=data.get("text", ""))  # fmt: skip
        notify_remark(db, school_id=where["school_id"], remark_id=row.id or 0, texts=texts)

    return _change(request, day, lesson, unit, work, N_("Remark saved."))


@post(PATH + "/remarks/{remark_id:int}/withdraw", opt=KEEPERS, sync_to_thread=False)
def withdraw(request: Req, day: Day, lesson: Id, unit: Id, remark_id: Id, data: Form) -> Redirect:
    def work(db: Session, where: dict[str, Any]) -> None:
        withdraw_remark(db, **where, remark_id=remark_id, why=data.get("why", ""))

    return _change(request, day, lesson, unit, work, N_("Remark withdrawn."))


ROUTES = [save_attendance, mark_json, register_json, save_notes, upload, remove_file, remark,
          withdraw]  # fmt: skip
