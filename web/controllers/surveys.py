"""Specialists' questionnaire pages: send an instrument, follow who answered, read results."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from guidance.instruments.access import may_send
from guidance.instruments.catalogue import find_listed, instrument_of, list_instruments
from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.instruments.interpret import SPECIALIST, interpret
from guidance.surveys.assigning import (
    get_assignment,
    send_choices,
    send_instrument,
    visible_assignments,
)
from guidance.surveys.reading import read_response
from models.db import read_scope, session_scope
from models.guidance import TARGET_CLASS, TARGET_GRADE, TARGET_STUDENT
from web.controllers.auth import Form
from web.controllers.surveys_common import SPECIALISTS, acting, gettexts, picker
from web.pages import flash, go, page, request_locale, tr


def _form(request: Request[Any, Any, Any], errors: list[str] | None = None) -> Template:
    viewer, school_id, _sender = acting(request)
    with read_scope() as db:
        listed = [
            entry
            for entry in list_instruments(db, school_id=school_id)
            if may_send(viewer.role, clinical=entry.instrument.clinical)
        ]
        classes, students = send_choices(db, school_id=school_id)
        sent = visible_assignments(db, school_id=school_id, role=viewer.role)
        titles = {}
        for assignment, _done, _total in sent:
            try:
                titles[assignment.id] = instrument_of(db, assignment).title  # fmt: skip
            except InstrumentNotFound:
                titles[assignment.id] = {"en": assignment.instrument_key}
    response = page(
        request, "surveys/index.html", listed=listed, classes=classes, students=students,
        sent=sent, titles=titles, t=picker(request), errors=errors or [],
        class_codes={c.id: c.code for c in classes},
        student_names={s.id: f"{s.name} · {code}" for s, code in students},
        grades=range(5, 12), today=date.today().isoformat(),
    )  # fmt: skip
    if errors:
        response.status_code = 400
    return response


@get("/surveys", opt=SPECIALISTS, sync_to_thread=False)
def index(request: Request[Any, Any, Any]) -> Template:
    """The instruments this specialist may send, the form to send one, and what was sent."""
    return _form(request)


def _target(data: dict[str, str]) -> tuple[str, int]:
    kind = data.get("target", "")
    field = {TARGET_CLASS: "class_id", TARGET_GRADE: "grade", TARGET_STUDENT: "student_id"}
    value = data.get(field.get(kind, ""), "")
    return kind, int(value) if value.strip().isdigit() else 0


@post("/surveys/send", opt=SPECIALISTS, sync_to_thread=False)
def send(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Sends an instrument to a class, a grade or a student, with a deadline."""
    _viewer, school_id, sender = acting(request)
    kind, target = _target(data)
    try:
        due = date.fromisoformat(data["due_on"]) if data.get("due_on") else None
    except ValueError:
        return _form(request, [tr(request, "The deadline is not a date.")])
    try:
        with session_scope() as db:
            listed = find_listed(db, school_id=school_id, ref=data.get("instrument", ""))
            sent = send_instrument(
                db, school_id=school_id, sender=sender, listed=listed, kind=kind, target=target,
                due_on=due, note=data.get("note", ""), gettexts=gettexts,
            )  # fmt: skip
            assignment_id, count = sent.assignment.id, sent.students
    except InstrumentError as exc:
        return _form(request, [tr(request, m) for m in exc.messages])
    flash(request, tr(request, "Sent to %(n)s students.") % {"n": count}, "ok")
    return go(f"/surveys/{assignment_id}")


@get("/surveys/{assignment_id:int}", opt=SPECIALISTS, sync_to_thread=False)
def assignment(request: Request[Any, Any, Any], assignment_id: FromPath[int]) -> Template:
    """Who has answered, and each submitted result (a screening's for psychologists only)."""
    _viewer, school_id, sender = acting(request)
    try:
        with session_scope() as db:  # reading a screening's results is audited
            sent, rows = get_assignment(db, school_id=school_id, assignment_id=assignment_id,
                                        reader=sender)  # fmt: skip
            instrument = instrument_of(db, sent)
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    return page(request, "surveys/assignment.html", sent=sent, rows=rows, instrument=instrument,
                t=picker(request))  # fmt: skip


@get("/surveys/responses/{response_id:int}", opt=SPECIALISTS, sync_to_thread=False)
def response(request: Request[Any, Any, Any], response_id: FromPath[int]) -> Template:
    """One student's answers and the result in plain words (screenings: psychologists only)."""
    _viewer, school_id, sender = acting(request)
    try:
        with session_scope() as db:  # reading screening answers is audited
            view = read_response(db, school_id=school_id, response_id=response_id, reader=sender)
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    answer = view.response
    words = interpret(view.instrument, answer.scores, answer.bands, answer.summary,
                      language=request_locale(request), audience=SPECIALIST)  # fmt: skip
    return page(request, "surveys/response.html", view=view, words=words, t=picker(request))


ROUTES = [index, send, assignment, response]
