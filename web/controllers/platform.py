"""The platform admin: every school with its counts, and a new school with its first admin."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from models.account_admin import AccountError
from models.accounts import PLATFORM_ADMIN
from models.db import session_scope
from models.platform_admin import SCHOOL_LANGUAGES, NewSchool, create_school, list_schools
from web.auth import require_viewer
from web.controllers.accounts import slips_page
from web.controllers.auth import Form
from web.pages import page, tr

PLATFORM = {"roles": (PLATFORM_ADMIN,)}


@get("/platform", opt=PLATFORM, sync_to_thread=False)
def schools(request: Request[Any, Any, Any]) -> Template:
    with session_scope() as db:
        summaries = list_schools(db)
    return page(request, "platform/schools.html", summaries=summaries)


def _form_page(
    request: Request[Any, Any, Any], form: dict[str, str], errors: list[str]
) -> Template:
    response = page(request, "platform/new_school.html", form=form, errors=errors,
                    school_languages=SCHOOL_LANGUAGES)  # fmt: skip
    if errors:
        response.status_code = 400
    return response


@get("/platform/schools/new", opt=PLATFORM, sync_to_thread=False)
def new_school_form(request: Request[Any, Any, Any]) -> Template:
    return _form_page(request, {}, [])


@post("/platform/schools/new", opt=PLATFORM, sync_to_thread=False)
def new_school(request: Request[Any, Any, Any], data: Form) -> Template:
    """Create the school and its first school admin; the admin's slip is shown once."""
    viewer = require_viewer(request)
    fields = ("name", "code", "city", "region", "language", "admin_name", "admin_login",
              "admin_email")  # fmt: skip
    form = NewSchool(**{f: data.get(f, "") for f in fields})
    try:
        with session_scope() as db:
            school, slip = create_school(db, form=form, actor=viewer.login)
            school_id = school.id
    except AccountError as exc:
        return _form_page(request, dict(data), [tr(request, m) for m in exc.messages])
    return slips_page(request, [slip], school_id, tr(request, "New school"))


ROUTES = [schools, new_school_form, new_school]
