"""The published timetable and bell schedule on a school's public site.

Only the published version is read (web.services.timetables.version_data without a number), never
a draft; a school can hide these pages (site settings, "show the timetable").
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Template
from sqlmodel import Session

from importers.grids import Kind, week_of
from models.errors import NotFound
from models.website_settings import site_settings
from models.website_texts import not_found
from web.controllers.site_common import PUBLIC, Visit, public_page
from web.services.timetables import VersionData, version_data

ROOT = "/s/{code:str}"
PUBLIC_KINDS: tuple[Kind, ...] = ("class", "teacher", "room")
Page = Template | Response[Any]


def _published(db: Session, visit: Visit) -> VersionData | None:
    """The published timetable, None when there is none; refused when the school hides it."""
    if not site_settings(db, school_id=visit.site.school_id).show_timetable:
        raise not_found()
    try:
        return version_data(db, school_id=visit.site.school_id)
    except NotFound:
        return None


@get(ROOT + "/timetable", opt=PUBLIC, sync_to_thread=False)
def timetable(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    """Every class's, teacher's and room's timetable, as links."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        vd = _published(db, visit)
        owners = {kind: vd.timetable.owners(kind) for kind in PUBLIC_KINDS} if vd else {}
        return {"vd": vd, "owners": owners}

    return public_page(request, code, "site/timetable.html", build)


@get(ROOT + "/timetable/{kind:str}/{owner:str}", opt=PUBLIC, sync_to_thread=False)
def grid(
    request: Request[Any, Any, Any], code: FromPath[str], kind: FromPath[str], owner: FromPath[str]
) -> Page:
    """One class's, teacher's or room's week."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        vd = _published(db, visit)
        if vd is None or kind not in PUBLIC_KINDS:
            raise not_found()
        return {"vd": vd, "grid": week_of(vd.timetable, kind, owner), "kind": kind}

    return public_page(request, code, "site/timetable_week.html", build)


@get(ROOT + "/bells", opt=PUBLIC, sync_to_thread=False)
def bells(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    """The bell schedule of each shift, from the published timetable's data."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        vd = _published(db, visit)
        periods = sorted(vd.snapshot.bells, key=lambda b: (b.shift, b.number)) if vd else []
        shifts = [(shift, list(rows)) for shift, rows in groupby(periods, key=lambda b: b.shift)]
        return {"vd": vd, "shifts": shifts}

    return public_page(request, code, "site/bells.html", build)


ROUTES = [timetable, grid, bells]
