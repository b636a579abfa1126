"""The first-login tour: a few role cards as plain pages, done or skipped once, reopenable."""

from __future__ import annotations

import os
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from models.db import read_scope, session_scope
from models.support import finish_onboarding, onboarding_pending
from web.auth import ANY_ROLE, require_viewer
from web.controllers.auth import Form
from web.controllers.help import safe_page
from web.help import tour
from web.pages import go, page, request_locale

ANY = {"roles": ANY_ROLE}
OFF = ("0", "off", "no", "false")
Next = Annotated[str, QueryParameter(name="next", max_length=300)]


@get("/onboarding", opt=ANY, sync_to_thread=False)
def onboarding_start(request: Request[Any, Any, Any], next_page: Next = "") -> Template:
    """The tour's first card (also opened again from the help page)."""
    return _card(request, 1, next_page)


@get("/onboarding/{step:int}", opt=ANY, sync_to_thread=False)
def onboarding_card(
    request: Request[Any, Any, Any], step: FromPath[int], next_page: Next = ""
) -> Template:
    """One card of the tour."""
    return _card(request, step, next_page)


def _card(request: Request[Any, Any, Any], step: int, next_page: str) -> Template:
    viewer = require_viewer(request)
    cards = tour(viewer.role, request_locale(request))
    if not 1 <= step <= len(cards):
        raise NotFoundException()
    return page(
        request, "onboarding/card.html", card=cards[step - 1], step=step, total=len(cards),
        next_page=safe_page(next_page),
    )  # fmt: skip


def tour_on() -> bool:
    """Whether the tour opens by itself at first login (SABAQ_FIRST_LOGIN_TOUR=0 turns it off:
    for a platform whose people were trained another way, and for scripted browser tests)."""
    return os.environ.get("SABAQ_FIRST_LOGIN_TOUR", "1").strip().lower() not in OFF


@get("/onboarding/state", opt=ANY, sync_to_thread=False)
def onboarding_state(request: Request[Any, Any, Any]) -> dict[str, bool]:
    """Whether the viewer's tour is still to be shown (help.js asks once per browser)."""
    viewer = require_viewer(request)
    if not tour_on():
        return {"pending": False}
    with read_scope() as db:
        return {"pending": onboarding_pending(db, user_id=viewer.id)}


@post("/onboarding/finish", opt=ANY, sync_to_thread=False)
def onboarding_finish(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """The tour was read through or skipped: it is not shown again by itself."""
    viewer = require_viewer(request)
    with session_scope() as db:
        finish_onboarding(db, user_id=viewer.id, skipped=data.get("action") == "skip")
    return go(safe_page(data.get("next")) or "/")


ROUTES = [onboarding_start, onboarding_state, onboarding_card, onboarding_finish]
