"""School settings for its admin: the outbound mail server (with a test e-mail), and the
reports' chronic-absence threshold."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from journal.errors import JournalError
from journal.reports import chronic_threshold, set_chronic_threshold
from models.accounts import SCHOOL_ADMIN
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.i18n import N_
from models.notices import queue_notice
from models.outbox import EMAIL
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.pages import flash, go, page, tr
from web.services.mail_settings import (
    MailForm,
    MailSettingsError,
    get_mail_settings,
    remove_mail_settings,
    save_mail_settings,
)

ADMIN = {"roles": (SCHOOL_ADMIN,)}


def _refused(
    request: Request[Any, Any, Any], template: str, error: StoreError, **context: Any
) -> Template:
    """The form again (400) with each sentence of the refusal above it."""
    errors = [tr(request, m) for m in error.messages]
    response = page(request, template, errors=errors, **context)
    response.status_code = 400
    return response


def _form_of(data: dict[str, str]) -> MailForm:
    return MailForm(
        data.get("host", ""), data.get("port", ""), data.get("username", ""),
        data.get("password", ""), data.get("sender", ""), data.get("security", "starttls"),
    )  # fmt: skip


@get("/settings/mail", opt=ADMIN, sync_to_thread=False)
def mail_form(request: Request[Any, Any, Any]) -> Template:
    school_id = require_school(require_viewer(request))
    with session_scope() as db:
        row = get_mail_settings(db, school_id=school_id)
    return page(request, "settings/mail.html", row=row, errors=[], form=None)


@post("/settings/mail", opt=ADMIN, sync_to_thread=False)
def save_mail(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    try:
        with session_scope() as db:
            save_mail_settings(db, school_id=school_id, form=_form_of(data), actor=viewer.login)
    except MailSettingsError as exc:
        return _refused(request, "settings/mail.html", exc, row=None, form=data)
    flash(request, tr(request, "Mail settings saved."), "ok")
    return go("/settings/mail")


@post("/settings/mail/remove", opt=ADMIN, sync_to_thread=False)
def remove_mail(request: Request[Any, Any, Any]) -> Redirect:
    viewer = require_viewer(request)
    with session_scope() as db:
        remove_mail_settings(db, school_id=require_school(viewer), actor=viewer.login)
    flash(request, tr(request, "The school now uses the platform's mail server."), "ok")
    return go("/settings/mail")


@post("/settings/mail/test", opt=ADMIN, sync_to_thread=False)
def test_mail(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Queue a test e-mail; the worker delivers it and the outbox shows the outcome."""
    viewer = require_viewer(request)
    address = data.get("address", "").strip()
    if "@" not in address:
        flash(request, tr(request, "Enter an e-mail address to send the test to."), "error")
        return go("/settings/mail")
    with session_scope() as db:
        queue_notice(
            db, school_id=require_school(viewer), user_id=viewer.id, channel=EMAIL,
            address=address, subject=tr(request, "Sabaq: test e-mail"),
            body=tr(request, "If you can read this, your school's mail settings work."),
        )  # fmt: skip
    flash(request, tr(request, "A test e-mail is on its way; it leaves within a minute."), "ok")
    return go("/settings/mail")


@get("/settings/reports", opt=ADMIN, sync_to_thread=False)
def reports_form(request: Request[Any, Any, Any]) -> Template:
    """From what percent of missed lessons the reports flag a student's absence as chronic."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        percent = chronic_threshold(db, school_id=school_id)
    return page(request, "settings/reports.html", percent=percent, typed=None, errors=[])


@post("/settings/reports", opt=ADMIN, sync_to_thread=False)
def save_reports(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Store the threshold (audited); a value that is no percent is shown again with why."""
    viewer = require_viewer(request)
    typed = data.get("chronic_percent", "")
    try:
        with session_scope() as db:
            set_chronic_threshold(db, school_id=require_school(viewer), percent=typed,
                                  actor=viewer.login)  # fmt: skip
    except JournalError as exc:
        return _refused(request, "settings/reports.html", exc, percent=None, typed=typed)
    flash(request, tr(request, N_("Report settings saved.")), "ok")
    return go("/settings/reports")


ROUTES = [mail_form, save_mail, remove_mail, test_mail, reports_form, save_reports]
