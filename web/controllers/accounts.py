"""The school admin's accounts: list, create, edit, switch off and on, reset a password."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from models.account_admin import (
    ACTIVE,
    SCHOOL_ACCOUNT_ROLES,
    AccountError,
    AccountForm,
    account_history,
    create_school_account,
    list_accounts,
    reset_initial_password,
    school_account,
    set_account_active,
    update_school_account,
)
from models.account_logins import Slip
from models.account_people import school_people
from models.accounts import SCHOOL_ADMIN, UserAccount
from models.db import session_scope
from models.errors import NotFound
from models.school import School
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr
from web.settings import get_web_settings

ADMIN = {"roles": (SCHOOL_ADMIN,)}
PAGE_SIZE = 100


def slips_page(request: Request[Any, Any, Any], slips: Sequence[Slip], school_id: int | None,
               title: str) -> Template:  # fmt: skip
    """The printable slips with logins and initial passwords: shown once, never cached."""
    school_name = ""
    if school_id is not None:
        with session_scope() as db:
            school = db.get(School, school_id)
            school_name = school.name if school else ""
    response = page(
        request, "accounts/slips.html", slips=slips, school_name=school_name, title=title,
        login_url=f"{get_web_settings().base_url}/login",
    )  # fmt: skip
    response.headers["cache-control"] = "no-store"
    return response


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _form_of(data: dict[str, str]) -> AccountForm:
    return AccountForm(
        role=data.get("role", ""), name=data.get("name", ""), login=data.get("login", ""),
        email=data.get("email", ""), teacher_id=_int(data.get("teacher_id")),
        student_id=_int(data.get("student_id")), parent_id=_int(data.get("parent_id")),
    )  # fmt: skip


def _form_page(request: Request[Any, Any, Any], school_id: int, *, account: UserAccount | None,
               form: AccountForm | None, errors: list[str]) -> Template:  # fmt: skip
    with session_scope() as db:
        people = school_people(db, school_id=school_id)
    key = sort_key(request_locale(request))
    response = page(
        request, "accounts/form.html", account=account, form=form or account, errors=errors,
        roles=SCHOOL_ACCOUNT_ROLES,
        teachers=sorted(people.teachers.values(), key=lambda p: key(p.name)),
        student_groups=[
            (cls, list(members))
            for cls, members in groupby(
                sorted(people.students.values(), key=lambda p: (key(p.group), key(p.name))),
                key=lambda p: p.group,
            )
        ],
        parents=sorted(people.parents.values(), key=lambda p: key(p.name)),
    )  # fmt: skip
    if errors:
        response.status_code = 400
    return response


@get("/accounts", opt=ADMIN, sync_to_thread=False)
def index(request: Request[Any, Any, Any], role: FromQuery[str] = "", q: FromQuery[str] = "",
          status: FromQuery[str] = ACTIVE, start: FromQuery[int] = 0) -> Template:  # fmt: skip
    """Every account of the school, filtered by role, name or login, and status."""
    school_id = require_school(require_viewer(request))
    with session_scope() as db:
        found = list_accounts(
            db, school_id=school_id, role=role, query=q, status=status, offset=max(start, 0),
            limit=PAGE_SIZE, sort_key=sort_key(request_locale(request)),
        )  # fmt: skip
    return page(
        request, "accounts/list.html", found=found, roles=SCHOOL_ACCOUNT_ROLES, role=role, q=q,
        status=status, start=max(start, 0), page_size=PAGE_SIZE,
    )  # fmt: skip


@get("/accounts/new", opt=ADMIN, sync_to_thread=False)
def new_form(request: Request[Any, Any, Any]) -> Template:
    school_id = require_school(require_viewer(request))
    return _form_page(request, school_id, account=None, form=None, errors=[])


@post("/accounts/new", opt=ADMIN, sync_to_thread=False)
def create(request: Request[Any, Any, Any], data: Form) -> Template:
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    form = _form_of(data)
    try:
        with session_scope() as db:
            _, slip = create_school_account(db, school_id=school_id, form=form, actor=viewer.login)
    except AccountError as exc:
        errors = [tr(request, m) for m in exc.messages]
        return _form_page(request, school_id, account=None, form=form, errors=errors)
    return slips_page(request, [slip], school_id, tr(request, "New account"))


def _load(viewer_school: int, account_id: int) -> UserAccount:
    try:
        with session_scope() as db:
            return school_account(db, school_id=viewer_school, account_id=account_id)
    except NotFound as exc:
        raise NotFoundException() from exc


@get("/accounts/{account_id:int}", opt=ADMIN, sync_to_thread=False)
def detail(request: Request[Any, Any, Any], account_id: FromPath[int]) -> Template:
    """One account: who it is linked to (a parent's children), its history, the actions."""
    school_id = require_school(require_viewer(request))
    account = _load(school_id, account_id)
    with session_scope() as db:
        people = school_people(db, school_id=school_id)
        history = account_history(db, school_id=school_id, account_id=account_id)
    children = people.children.get(account.parent_id, []) if account.parent_id else []
    return page(
        request, "accounts/detail.html", account=account, person=people.linked(account),
        children=children, history=history,
    )  # fmt: skip


@get("/accounts/{account_id:int}/edit", opt=ADMIN, sync_to_thread=False)
def edit_form(request: Request[Any, Any, Any], account_id: FromPath[int]) -> Template:
    school_id = require_school(require_viewer(request))
    account = _load(school_id, account_id)
    return _form_page(request, school_id, account=account, form=None, errors=[])


@post("/accounts/{account_id:int}/edit", opt=ADMIN, sync_to_thread=False)
def save(request: Request[Any, Any, Any], account_id: FromPath[int],
         data: Form) -> Template | Redirect:  # fmt: skip
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    account = _load(school_id, account_id)
    form = _form_of(data)
    try:
        with session_scope() as db:
            update_school_account(db, school_id=school_id, account_id=account_id, form=form,
                                  actor=viewer.login, actor_id=viewer.id)  # fmt: skip
    except AccountError as exc:
        errors = [tr(request, m) for m in exc.messages]
        return _form_page(request, school_id, account=account, form=form, errors=errors)
    flash(request, tr(request, "Account saved."), "ok")
    return go(f"/accounts/{account_id}")


@post("/accounts/{account_id:int}/active", opt=ADMIN, sync_to_thread=False)
def switch(request: Request[Any, Any, Any], account_id: FromPath[int], data: Form) -> Redirect:
    """Switch an account off (it can no longer log in; nothing is deleted) or back on."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    active = data.get("active") == "1"
    try:
        with session_scope() as db:
            set_account_active(db, school_id=school_id, account_id=account_id, active=active,
                               actor=viewer.login, actor_id=viewer.id)  # fmt: skip
    except NotFound as exc:
        raise NotFoundException() from exc
    except AccountError as exc:
        flash(request, "; ".join(tr(request, m) for m in exc.messages), "error")
        return go(f"/accounts/{account_id}")
    if active:
        flash(request, tr(request, "The account is switched on."), "ok")
    else:
        flash(request, tr(request, "The account is switched off."), "ok")
    return go(f"/accounts/{account_id}")


@post("/accounts/{account_id:int}/password", opt=ADMIN, sync_to_thread=False)
def reset(request: Request[Any, Any, Any], account_id: FromPath[int]) -> Template:
    """A new initial password on a printable slip; the person must change it at first login."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    try:
        with session_scope() as db:
            slip = reset_initial_password(db, school_id=school_id, account_id=account_id,
                                          actor=viewer.login)  # fmt: skip
    except NotFound as exc:
        raise NotFoundException() from exc
    return slips_page(request, [slip], school_id, tr(request, "New initial password"))


ROUTES = [index, new_form, create, detail, edit_form, save, switch, reset]
