"""Everyone's timetable: grids per class, teacher, room and building; today, week and term."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from importers.grids import KINDS, day_of, master_of, week_of
from importers.grids.views import school_day
from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, TEACHER, TIMETABLER
from models.db import read_scope
from models.errors import NotFound
from web.auth import SCHOOL_ROLES, Viewer, require_school, require_viewer
from web.pages import page, tr
from web.services.substitutions_my import change_json, grid_changes, with_cover_rows
from web.services.timetables import (
    STAFF_VIEW,
    VersionData,
    may_see_all,
    my_grids,
    version_data,
    week_start,
)

MY_ROLES = (TEACHER, STUDENT, PARENT)
EDITORS = (SCHOOL_ADMIN, TIMETABLER)  # may look at unpublished versions


def load_version(viewer: Viewer, version: int | None) -> VersionData:
    """The published timetable of the viewer's school, or version N for timetable staff."""
    if version is not None and viewer.role not in EDITORS:
        raise PermissionDeniedException()
    try:
        with read_scope() as db:
            return version_data(db, school_id=require_school(viewer), number=version)
    except NotFound as exc:
        raise NotFoundException() from exc


def _parse_date(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        return date.today()


@get("/timetables", opt={"roles": STAFF_VIEW}, sync_to_thread=False)
def index(request: Request[Any, Any, Any], version: FromQuery[int | None] = None) -> Template:
    viewer = require_viewer(request)
    try:
        vd = load_version(viewer, version)
    except NotFoundException:
        return page(request, "timetables/none.html")
    owners = {kind: vd.timetable.owners(kind) for kind in KINDS}
    return page(request, "timetables/index.html", vd=vd, owners=owners, version=version)


def _week_dates(vd: VersionData, monday: date) -> list[tuple[date, str | None, bool]]:
    """Per timetable day of the week starting `monday`: its date, holiday name, school day."""
    out = []
    for day in range(len(vd.timetable.problem.days)):
        when = monday + timedelta(days=day)
        _, holiday, lesson_day = school_day(
            vd.timetable.terms, len(vd.timetable.problem.days), when
        )
        out.append((when, holiday, lesson_day is not None))
    return out


@get("/timetables/{kind:str}/{code:str}", opt={"roles": STAFF_VIEW}, sync_to_thread=False)
def grid(
    request: Request[Any, Any, Any],
    kind: FromPath[str],
    code: FromPath[str],
    view: FromQuery[str] = "week",
    on: FromQuery[str | None] = None,
    version: FromQuery[int | None] = None,
) -> Template:
    """One class's, teacher's, room's or building's timetable: a week, a day or a term's weeks."""
    if kind not in KINDS:
        raise NotFoundException()
    vd = load_version(require_viewer(request), version)
    when = _parse_date(on)
    try:
        if view == "today":
            day = day_of(vd.timetable, kind, code, when)
            return page(request, "timetables/day.html", vd=vd, day=day, kind=kind, when=when,
                        version=version)  # fmt: skip
        week = week_of(vd.timetable, kind, code)
    except NotFound as exc:
        raise NotFoundException() from exc
    monday = week_start(when)
    return page(
        request, "timetables/week.html", vd=vd, grid=week, kind=kind, view=view,
        dates=_week_dates(vd, monday) if view == "term" else None, monday=monday,
        previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
        version=version,
    )  # fmt: skip


@get("/timetables/master", opt={"roles": STAFF_VIEW}, sync_to_thread=False)
def master(request: Request[Any, Any, Any], version: FromQuery[int | None] = None) -> Template:
    """The wall chart: every class by day and period, for printing on A3 or a wall screen."""
    vd = load_version(require_viewer(request), version)
    return page(request, "timetables/master.html", vd=vd, chart=master_of(vd.timetable),
                version=version)  # fmt: skip


@get("/timetables/print/{kind:str}", opt={"roles": STAFF_VIEW}, sync_to_thread=False)
def print_all(
    request: Request[Any, Any, Any], kind: FromPath[str], version: FromQuery[int | None] = None
) -> Template:
    """Every class's (or teacher's, room's) week, one per A4 page, for the printer."""
    if kind not in ("class", "teacher", "room"):
        raise NotFoundException()
    vd = load_version(require_viewer(request), version)
    grids = [week_of(vd.timetable, kind, o.code) for o in vd.timetable.owners(kind)]  # type: ignore[arg-type]
    return page(request, "timetables/print.html", vd=vd, grids=grids, kind=kind)


@get("/my/timetable", opt={"roles": SCHOOL_ROLES}, sync_to_thread=False)
def my_timetable(
    request: Request[Any, Any, Any], view: FromQuery[str] = "week", on: FromQuery[str | None] = None
) -> Template:
    """A teacher's own week, a student's own (their subgroups), each child's for a parent."""
    viewer = require_viewer(request)
    if viewer.role not in MY_ROLES:
        return page(request, "timetables/my.html", grids=[], vd=None, view=view, when=None,
                    staff=may_see_all(viewer))  # fmt: skip
    try:
        vd = load_version(viewer, None)
    except NotFoundException:
        return page(request, "timetables/none.html")
    when = _parse_date(on)
    monday = week_start(when)
    start, end = (when, when) if view == "today" else (monday, monday + timedelta(days=6))
    with read_scope() as db:
        grids = my_grids(db, viewer, vd)
        changes = grid_changes(db, school_id=vd.school_id, grids=grids, start=start, end=end)
    grids = with_cover_rows(grids, changes, vd)
    _, holiday, lesson_day = school_day(vd.timetable.terms, len(vd.timetable.problem.days), when)
    return page(
        request, "timetables/my.html", grids=grids, vd=vd, view=view, when=when,
        today_day=lesson_day, holiday=holiday, staff=False, changes=changes, monday=monday,
        previous=when - timedelta(days=1 if view == "today" else 7),
        following=when + timedelta(days=1 if view == "today" else 7),
    )  # fmt: skip


def _entry_json(row: Any, entry: Any) -> dict[str, Any]:
    travel = entry.travel
    return {
        "period": row.period, "shift": row.shift, "start": row.start, "end": row.end,
        "subject": entry.subject, "audience": entry.audience, "groups": list(entry.groups),
        "teachers": list(entry.teachers), "room": entry.room, "building": entry.building,
        "double": entry.length == 2,
        "travel": None if travel is None else {
            "from": travel.origin, "to": travel.target, "minutes": travel.minutes,
            "break": travel.gap,
        },
    }  # fmt: skip


@get("/api/my/today", opt={"roles": MY_ROLES}, sync_to_thread=False)
def my_today_json(
    request: Request[Any, Any, Any], on: FromQuery[str | None] = None
) -> dict[str, Any]:
    """Today's lessons of the viewer (or each child) as JSON, for the classroom and offline use."""
    viewer = require_viewer(request)
    vd = load_version(viewer, None)
    when = _parse_date(on)
    _, holiday, day = school_day(vd.timetable.terms, len(vd.timetable.problem.days), when)
    with read_scope() as db:
        grids = my_grids(db, viewer, vd)
        changes = grid_changes(db, school_id=vd.school_id, grids=grids, start=when, end=when)
    timetables = [
        {
            "title": g.title, "kind": g.kind, "code": g.code,
            "lessons": [] if day is None else [
                _entry_json(row, e) for r, row in enumerate(g.grid.rows)
                for e in g.grid.cells[r][day] if e.part == 0
            ],
            "changes": [change_json(x, gc, lambda m: tr(request, m)) for x in gc.items],
        }
        for g, gc in zip(grids, changes, strict=True)
    ]  # fmt: skip
    return {"date": when.isoformat(), "day": day, "holiday": holiday, "version": vd.number,
            "timetables": timetables}  # fmt: skip


ROUTES = [index, master, print_all, grid, my_timetable, my_today_json]
