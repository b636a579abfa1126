"""The psychologist's risk cases: the list, one case (answers, reasons, notes, follow-ups)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from guidance.instruments.interpret import SPECIALIST, interpret
from guidance.screening.cases import add_entry, finish_follow_up, list_cases, set_status
from guidance.screening.errors import CaseError, CaseNotFound
from guidance.screening.views import case_view
from models.db import session_scope
from models.guidance import CASE_STATUSES, FOLLOW_UP, NOTE
from web.controllers.auth import Form
from web.controllers.surveys_common import PSYCHOLOGISTS, acting, picker
from web.pages import flash, go, page, request_locale, tr


@get("/cases", opt=PSYCHOLOGISTS, sync_to_thread=False)
def cases(request: Request[Any, Any, Any]) -> Template:
    """The school's cases: open ones first, the most urgent first (the read is audited)."""
    _viewer, school_id, reader = acting(request)
    with session_scope() as db:
        rows = list_cases(db, school_id=school_id, reader=reader)
    return page(request, "cases/index.html", rows=rows, today=date.today())


@get("/cases/{case_id:int}", opt=PSYCHOLOGISTS, sync_to_thread=False)
def case(request: Request[Any, Any, Any], case_id: FromPath[int]) -> Template:
    """One case: why it was opened, the answers (risky ones flagged), notes and follow-ups."""
    _viewer, school_id, reader = acting(request)
    try:
        with session_scope() as db:  # every read of a case is audited
            view = case_view(db, school_id=school_id, case_id=case_id, reader=reader)
    except CaseNotFound as exc:
        raise NotFoundException() from exc
    answer = view.answers.response
    words = interpret(view.answers.instrument, answer.scores, answer.bands, answer.summary,
                      language=request_locale(request), audience=SPECIALIST)  # fmt: skip
    return page(request, "cases/case.html", view=view, words=words, statuses=CASE_STATUSES,
                t=picker(request), today=date.today().isoformat())  # fmt: skip


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@post("/cases/{case_id:int}/entries", opt=PSYCHOLOGISTS, sync_to_thread=False)
def note(request: Request[Any, Any, Any], case_id: FromPath[int], data: Form) -> Redirect:
    """Adds a note, or a follow-up with its date."""
    _viewer, school_id, reader = acting(request)
    kind = FOLLOW_UP if data.get("kind") == FOLLOW_UP else NOTE
    try:
        with session_scope() as db:
            add_entry(db, school_id=school_id, case_id=case_id, reader=reader, kind=kind,
                      text=data.get("text", ""), due_on=_date(data.get("due_on", "")))  # fmt: skip
    except CaseNotFound as exc:
        raise NotFoundException() from exc
    except CaseError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(f"/cases/{case_id}")
    flash(request, tr(request, "Saved."), "ok")
    return go(f"/cases/{case_id}")


@post("/cases/{case_id:int}/status", opt=PSYCHOLOGISTS, sync_to_thread=False)
def status(request: Request[Any, Any, Any], case_id: FromPath[int], data: Form) -> Redirect:
    """Changes the status (new, in progress, closed), or takes the case over."""
    _viewer, school_id, reader = acting(request)
    try:
        with session_scope() as db:
            set_status(db, school_id=school_id, case_id=case_id, reader=reader,
                       status=data.get("status", ""), take=data.get("take") == "1")  # fmt: skip
    except CaseNotFound as exc:
        raise NotFoundException() from exc
    except CaseError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
    return go(f"/cases/{case_id}")


@post("/cases/{case_id:int}/entries/{entry_id:int}/done", opt=PSYCHOLOGISTS, sync_to_thread=False)
def follow_up_done(
    request: Request[Any, Any, Any], case_id: FromPath[int], entry_id: FromPath[int]
) -> Redirect:
    """Marks a follow-up done."""
    _viewer, school_id, reader = acting(request)
    try:
        with session_scope() as db:
            finish_follow_up(db, school_id=school_id, case_id=case_id, entry_id=entry_id,
                             reader=reader)  # fmt: skip
    except CaseNotFound as exc:
        raise NotFoundException() from exc
    return go(f"/cases/{case_id}")


ROUTES = [cases, case, note, status, follow_up_done]
