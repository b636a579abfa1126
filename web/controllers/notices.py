"""A person's in-app notices (substitutions, publications, messages from the school)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from models.db import session_scope
from models.notices import list_notices, mark_read
from web.auth import ANY_ROLE, require_viewer
from web.pages import go, page


@get("/notices", opt={"roles": ANY_ROLE}, sync_to_thread=False)
def notices(request: Request[Any, Any, Any]) -> Template:
    viewer = require_viewer(request)
    with session_scope() as db:
        rows = list_notices(db, school_id=viewer.school_id, user_id=viewer.id)
    return page(request, "notices/list.html", rows=rows)


@post("/notices/read", opt={"roles": ANY_ROLE}, sync_to_thread=False)
def read_all(request: Request[Any, Any, Any]) -> Redirect:
    viewer = require_viewer(request)
    with session_scope() as db:
        mark_read(db, school_id=viewer.school_id, user_id=viewer.id)
    return go("/notices")


ROUTES = [notices, read_all]
