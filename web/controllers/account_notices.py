"""A parent's choice of how journal e-mails reach them: one by one, or a daily digest."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from models.account_services import get_account, set_notify_mode
from models.accounts import PARENT
from models.db import read_scope, session_scope
from models.errors import StoreError
from web.auth import require_viewer
from web.controllers.auth import Form
from web.pages import flash, go, page, tr

PARENTS = {"roles": (PARENT,)}


@get("/account/notices", opt=PARENTS, sync_to_thread=False)
def notices_form(request: Request[Any, Any, Any]) -> Template:
    """The choice, with what each option means."""
    viewer = require_viewer(request)
    with read_scope() as db:
        mode = get_account(db, viewer.id).notify_mode
    return page(request, "auth/notices.html", mode=mode)


@post("/account/notices", opt=PARENTS, sync_to_thread=False)
def save_notices(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Saves the choice (audited)."""
    viewer = require_viewer(request)
    try:
        with session_scope() as db:
            account = get_account(db, viewer.id)
            set_notify_mode(db, account, data.get("mode", ""), actor=viewer.login)
    except StoreError as exc:
        flash(request, "; ".join(tr(request, m) for m in exc.messages), "error")
        return go("/account/notices")
    flash(request, tr(request, "Your choice is saved."), "ok")
    return go("/account/notices")


ROUTES = [notices_form, save_notices]
