"""Students' questionnaires: the list, one question a screen (answers saved at once), the end."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.instruments.interpret import STUDENT, interpret
from guidance.instruments.schema import pick
from guidance.screening.help import help_for_student
from guidance.surveys.taking import my_questionnaires, open_taking, own_result, save_answer, submit
from models.db import read_scope, session_scope
from models.guidance import SUBMITTED
from web.controllers.auth import Form
from web.controllers.surveys_common import STUDENTS, base_url, gettexts, student_of, wants_json
from web.pages import flash, go, page, request_locale, tr


@get("/my/surveys", opt=STUDENTS, sync_to_thread=False)
def mine(request: Request[Any, Any, Any]) -> Template:
    """A student's questionnaires: open ones first."""
    _viewer, school_id, student_id = student_of(request)
    with read_scope() as db:
        rows = my_questionnaires(db, school_id=school_id, student_id=student_id)
    language = request_locale(request)
    return page(request, "surveys/mine.html", rows=rows, t=lambda texts: pick(texts, language))


def _position(raw: str | None, default: int, total: int) -> int:
    return min(max(int(raw), 0), total) if raw and raw.lstrip("-").isdigit() else default


@get("/surveys/take/{response_id:int}", opt=STUDENTS, sync_to_thread=False)
def take(request: Request[Any, Any, Any], response_id: FromPath[int]) -> Template | Redirect:
    """One question a screen (the others in the page, hidden, for survey.js), resumable."""
    _viewer, school_id, student_id = student_of(request)
    try:
        with read_scope() as db:
            taking = open_taking(db, school_id=school_id, student_id=student_id,
                                 response_id=response_id)  # fmt: skip
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    if taking.response.status == SUBMITTED:
        return go(f"/surveys/done/{response_id}")
    items = taking.instrument.items
    complete = len(taking.answers) == len(items)
    current = _position(request.query_params.get("q"), len(items) if complete else
                        taking.first_open, len(items))  # fmt: skip
    language = taking.instrument.language_for(request_locale(request))
    missing = [n for n, item in enumerate(items) if item.id not in taking.answers]
    return page(
        request, "surveys/take.html", taking=taking, items=items, current=current,
        answered=len(taking.answers), missing=missing,
        t=lambda texts: pick(texts, language), language=language,
        other_language=language != request_locale(request),
    )  # fmt: skip


def _save(
    request: Request[Any, Any, Any], response_id: int, data: dict[str, str]
) -> tuple[int, int]:
    _viewer, school_id, student_id = student_of(request)
    value = data.get("value", "")
    if not value.lstrip("-").isdigit():
        raise InstrumentError("no_answer", [])
    with session_scope() as db:
        return save_answer(
            db, school_id=school_id, student_id=student_id, response_id=response_id,
            item_id=data.get("item", ""), value=int(value), language=request_locale(request),
        )  # fmt: skip


@post("/surveys/take/{response_id:int}/answer", opt=STUDENTS, sync_to_thread=False)
def answer(
    request: Request[Any, Any, Any], response_id: FromPath[int], data: Form
) -> Response[Any] | Redirect:
    """Saves one answer: JSON for survey.js, else on to the next question."""
    position = _position(data.get("q"), 0, 10_000)
    try:
        answered, total = _save(request, response_id, data)
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    except InstrumentError as exc:
        texts = [tr(request, m) for m in exc.messages] or [tr(request, "Choose an answer.")]
        if wants_json(request):
            return Response({"error": texts}, status_code=400)
        for text in texts:
            flash(request, text, "error")
        return go(f"/surveys/take/{response_id}?q={position}")
    if wants_json(request):
        return Response({"answered": answered, "total": total}, status_code=200)
    return go(f"/surveys/take/{response_id}?q={position + 1}")


@post("/surveys/take/{response_id:int}/submit", opt=STUDENTS, sync_to_thread=False)
def send(request: Request[Any, Any, Any], response_id: FromPath[int]) -> Redirect:
    """Sends the answers: scored at once; a risk answer opens a case for the psychologists."""
    _viewer, school_id, student_id = student_of(request)
    try:
        with session_scope() as db:
            submit(db, school_id=school_id, student_id=student_id, response_id=response_id,
                   gettexts=gettexts, base_url=base_url())  # fmt: skip
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    except InstrumentError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(f"/surveys/take/{response_id}")
    return go(f"/surveys/done/{response_id}")


@get("/surveys/done/{response_id:int}", opt=STUDENTS, sync_to_thread=False)
def done(request: Request[Any, Any, Any], response_id: FromPath[int]) -> Template:
    """Thank you; the result in words where the student may see it; help after a screening."""
    _viewer, school_id, student_id = student_of(request)
    try:
        with read_scope() as db:
            response, instrument, shown = own_result(db, school_id=school_id,
                                                     student_id=student_id,
                                                     response_id=response_id)  # fmt: skip
            support = help_for_student(db, school_id=school_id) if instrument.clinical else None
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    language = request_locale(request)
    words = []
    if shown:
        words = interpret(instrument, shown["scores"], shown["bands"], shown["summary"],
                          language=language, audience=STUDENT)  # fmt: skip
    return page(
        request, "surveys/done.html", response=response, instrument=instrument, shown=shown,
        words=words, support=support, t=lambda texts: pick(texts, language),
    )  # fmt: skip


ROUTES = [mine, take, answer, send, done]
