"""The school admin's side of grades: close and reopen terms, and the journal's audit history."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from journal.grades_close import close_term, reopen_term
from journal.grades_terms import is_term_closed
from journal.journal_history import ACTION_NAMES, ENTITY_NAMES, JOURNAL_ENTITIES, journal_history
from models.db import read_scope, session_scope
from models.errors import StoreError
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.grades_common import ADMIN, refused, school_terms
from web.controllers.register_common import labels
from web.pages import flash, go, page, tr

TERMS = "/grades/terms"


@get(TERMS, opt=ADMIN, sync_to_thread=False)
def terms(request: Request[Any, Any, Any]) -> Template:
    """The school's terms, each closed or open, with the button that changes it."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        rows = [
            (t, is_term_closed(db, school_id=school_id, term_name=t.name))
            for t in school_terms(db, school_id)
        ]
    return page(request, "grades/terms.html", rows=rows)


@post("/grades/terms/{term_id:int}/close", opt=ADMIN, sync_to_thread=False)
def close(request: Request[Any, Any, Any], term_id: FromPath[int]) -> Redirect:
    """Recomputes the term's grades and locks them."""
    viewer = require_viewer(request)
    try:
        with session_scope() as db:
            close_term(db, school_id=require_school(viewer), term_id=term_id,
                       actor=viewer.login, user_id=viewer.id)  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, TERMS)
    flash(request, tr(request, "Term closed: its grades are locked."), "ok")
    return go(TERMS)


@post("/grades/terms/{term_id:int}/reopen", opt=ADMIN, sync_to_thread=False)
def reopen(request: Request[Any, Any, Any], term_id: FromPath[int], data: Form) -> Redirect:
    """Unlocks a closed term; the reason is kept in the audit log."""
    viewer = require_viewer(request)
    try:
        with session_scope() as db:
            reopen_term(db, school_id=require_school(viewer), term_id=term_id,
                        reason=data.get("reason", ""), actor=viewer.login,
                        user_id=viewer.id)  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, TERMS)
    flash(request, tr(request, "Term reopened."), "ok")
    return go(TERMS)


@get("/grades/history", opt=ADMIN, sync_to_thread=False)
def history(request: Request[Any, Any, Any], kind: FromQuery[str] = "") -> Template:
    """Who changed which grade, attendance mark or term, when, from what to what and why."""
    viewer = require_viewer(request)
    chosen = kind if kind in JOURNAL_ENTITIES else None
    with read_scope() as db:
        rows = journal_history(db, school_id=require_school(viewer), entity_kind=chosen)
    return page(request, "grades/history.html", rows=rows, kind=chosen or "",
                kinds=JOURNAL_ENTITIES, actions=labels(request, ACTION_NAMES),
                kind_names=labels(request, ENTITY_NAMES))  # fmt: skip


ROUTES = [terms, close, reopen, history]
