"""More school-data forms: bell schedules per shift, terms and holidays, and the rule rows.

Like the other data forms (`web.controllers.school_data`), each save is a new data version, a
refused save shows the form again (400) with every problem next to its field and nothing
written, and only the viewer's own school is read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from models.db import session_scope
from solver.rule_codec import KINDS
from web.controllers.school_data import DATA, Form, _current, _load_in, _problems, _saved, _viewer
from web.pages import page, request_locale
from web.services.data_edit import Saved, SchoolData
from web.services.data_edit_calendar import bells_form, save_bells, save_terms, terms_form
from web.services.data_edit_fields import FieldErrors, Fields, FormValues
from web.services.data_edit_rules import kind_help, rules_form, save_rules

Saver = Callable[..., Saved | None]


def _show(
    request: Request[Any, Any, Any], name: str, data: SchoolData, form: FormValues,
    context: Callable[[SchoolData], dict[str, Any]], **extra: Any,
) -> Template:  # fmt: skip
    defaults: dict[str, Any] = {"errors": {}, "general": [], "changes": [], "more": 0}
    if name == "rules":  # the kinds explained in the reader's language
        defaults["help"] = kind_help(request_locale(request))
    return page(request, f"data/{name}.html", form=form, **{**defaults, **context(data), **extra})


def _store(
    request: Request[Any, Any, Any], name: str, form: dict[str, Any], save: Saver,
    context: Callable[[SchoolData], dict[str, Any]],
) -> Template | Redirect:  # fmt: skip
    """Saves one of these forms; a refused save shows it again as typed, with its problems."""
    viewer, school_id = _viewer(request)
    with session_scope() as db:
        current = _load_in(db, school_id)
        try:
            saved = save(db, data=current, form=form, actor=viewer.login)
        except FieldErrors as exc:
            response = _show(request, name, current, Fields(form).values(), context,
                             **_problems(request, exc))  # fmt: skip
            response.status_code = 400
            return response
    return _saved(request, saved, f"/data/{name}")


def _bells_context(data: SchoolData) -> dict[str, Any]:
    return {"shifts": {shift: len(periods) for shift, periods in data.shifts.items()}}


def _terms_context(data: SchoolData) -> dict[str, Any]:
    return {"terms": [len(t.holidays) for t in data.snapshot.terms]}


@get("/data/bells", opt=DATA, sync_to_thread=False)
def bells(request: Request[Any, Any, Any], saved: FromQuery[int | None] = None) -> Template:
    """Each shift's periods with their start and end times."""
    _, school_id = _viewer(request)
    data, changes = _current(school_id, saved)
    return _show(request, "bells", data, bells_form(data), _bells_context, **changes)


@post("/data/bells", opt=DATA, sync_to_thread=False)
def save_bells_form(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """The edited bell schedules as a new data version."""
    return _store(request, "bells", data, save_bells, _bells_context)


@get("/data/terms", opt=DATA, sync_to_thread=False)
def terms(request: Request[Any, Any, Any], saved: FromQuery[int | None] = None) -> Template:
    """The school year's terms and the holidays inside them."""
    _, school_id = _viewer(request)
    data, changes = _current(school_id, saved)
    return _show(request, "terms", data, terms_form(data), _terms_context, **changes)


@post("/data/terms", opt=DATA, sync_to_thread=False)
def save_terms_form(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """The edited terms and holidays as a new data version."""
    return _store(request, "terms", data, save_terms, _terms_context)


def _rules_context(data: SchoolData) -> dict[str, Any]:
    return {"rules": len(data.snapshot.rules), "kinds": list(KINDS)}


@get("/data/rules", opt=DATA, sync_to_thread=False)
def rules(request: Request[Any, Any, Any], saved: FromQuery[int | None] = None) -> Template:
    """The school's extra rules, and what each kind of rule means."""
    _, school_id = _viewer(request)
    data, changes = _current(school_id, saved)
    return _show(request, "rules", data, rules_form(data), _rules_context, **changes)


@post("/data/rules", opt=DATA, sync_to_thread=False)
def save_rules_form(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """The edited rule rows as a new data version, each checked by the solver's rule codec."""
    return _store(request, "rules", data, save_rules, _rules_context)


ROUTES = [bells, save_bells_form, terms, save_terms_form, rules, save_rules_form]
