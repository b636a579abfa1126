"""The start page of each role and the school admin's control panel."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Redirect, Template

from models.accounts import (
    COUNSELLOR,
    PARENT,
    PLATFORM_ADMIN,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    TIMETABLER,
)
from models.db import read_scope
from models.overview import school_overview
from web.auth import PUBLIC, load_viewer, require_school, require_viewer
from web.pages import go, page

START = {
    PLATFORM_ADMIN: "/platform",
    SCHOOL_ADMIN: "/panel",
    TIMETABLER: "/office",
    TEACHER: "/my/timetable",
    STUDENT: "/my/timetable",
    PARENT: "/my/timetable",
    PSYCHOLOGIST: "/timetables",
    COUNSELLOR: "/timetables",
}


@get("/", opt={"roles": PUBLIC}, sync_to_thread=False)
def index(request: Request[Any, Any, Any]) -> Redirect:
    viewer = load_viewer(request)
    if viewer is None:
        return go("/login")
    return go(START.get(viewer.role, "/timetables"))


@get("/panel", opt={"roles": (SCHOOL_ADMIN,)}, sync_to_thread=False)
def panel(request: Request[Any, Any, Any]) -> Template:
    """One place for the school admin to reach every module, with counts and health."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        overview = school_overview(db, school_id=school_id)
    return page(request, "home/panel.html", overview=overview)


ROUTES = [index, panel]
