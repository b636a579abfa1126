"""Downloads: Excel and PDF of a timetable, and iCalendar subscriptions with secret URLs."""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from importers.export_pdf import write_pdf
from importers.export_xlsx import export_timetable_xlsx
from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, TEACHER, TIMETABLER
from models.db import session_scope
from models.errors import NotFound
from solver.solution import Solution, Status
from web.auth import PUBLIC, SCHOOL_ROLES, require_school, require_viewer
from web.controllers.timetables import load_version
from web.i18n import translator
from web.pages import go, page, request_locale
from web.services.calendars import FEED_KINDS, feed, renew_token, token_for
from web.services.timetables import STAFF_VIEW, my_grids, version_data
from web.settings import get_web_settings

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Versions never change once saved, so a rendered file is valid for as long as it is kept; the
# whole school's PDF takes about a second to draw, the workbook longer.
_files: OrderedDict[tuple[str, int, int, str, str], bytes] = OrderedDict()
_files_lock = threading.Lock()
_FILES_KEPT = 12


def _rendered(key: tuple[str, int, int, str, str], draw: Callable[[Path], None]) -> bytes:
    with _files_lock:
        if key in _files:
            _files.move_to_end(key)
            return _files[key]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out"
        draw(path)
        body = path.read_bytes()
    with _files_lock:
        _files[key] = body
        while len(_files) > _FILES_KEPT:
            _files.popitem(last=False)
    return body


def _download(body: bytes, name: str, media_type: str) -> Response[bytes]:
    return Response(
        body, media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@get("/exports/timetable.xlsx", opt={"roles": STAFF_VIEW}, sync_to_thread=False)
def excel(
    request: Request[Any, Any, Any], version: FromQuery[int | None] = None
) -> Response[bytes]:
    """The whole timetable as a printable workbook (master, classes, teachers, rooms, buildings)."""
    vd = load_version(require_viewer(request), version)
    solution = Solution(Status.FEASIBLE, vd.timetable.placements)

    def draw(path: Path) -> None:
        export_timetable_xlsx(vd.timetable.problem, solution, path, title=vd.school_name)

    body = _rendered((vd.store, vd.school_id, vd.number, "xlsx", ""), draw)
    return _download(body, f"timetable-{vd.school_code}-v{vd.number}.xlsx", XLSX)


@get("/exports/pdf/{what:str}", opt={"roles": STAFF_VIEW}, sync_to_thread=False)
def pdf(
    request: Request[Any, Any, Any], what: FromPath[str], version: FromQuery[int | None] = None
) -> Response[bytes]:
    """One A4 page per class, teacher or room (`classes`, `teachers`, `rooms`), or the chart."""
    kinds = {"classes": "class", "teachers": "teacher", "rooms": "room", "master": None}
    if what not in kinds:
        raise NotFoundException()
    vd = load_version(require_viewer(request), version)
    locale = request_locale(request)

    def draw(path: Path) -> None:
        write_pdf(
            vd.snapshot, vd.placements, path, kind=kinds[what], master=what == "master",  # type: ignore[arg-type]
            language=locale, translate=translator(locale).gettext,
        )  # fmt: skip

    body = _rendered((vd.store, vd.school_id, vd.number, what, locale), draw)
    return _download(body, f"timetable-{vd.school_code}-{what}-v{vd.number}.pdf", "application/pdf")


def _subscribable(request: Request[Any, Any, Any]) -> list[tuple[str, str, str]]:
    """(kind, code, title) of the calendars the viewer may subscribe to."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    try:
        with session_scope() as db:
            vd = version_data(db, school_id=school_id)
            if viewer.role in (TEACHER, STUDENT, PARENT):
                return [(g.kind, g.code, g.title) for g in my_grids(db, viewer, vd)]
    except NotFound:
        return []
    if viewer.role in STAFF_VIEW:
        tt = vd.timetable
        return [(k, o.code, o.name) for k in FEED_KINDS for o in tt.owners(k)]  # type: ignore[arg-type]
    return []


@get("/calendar", opt={"roles": SCHOOL_ROLES}, sync_to_thread=False)
def calendars(request: Request[Any, Any, Any]) -> Template:
    """Subscription URLs (webcal) for the viewer's own timetables, or any for staff."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    base = get_web_settings().base_url
    items = []
    with session_scope() as db:
        for kind, code, title in _subscribable(request):
            token = token_for(db, school_id=school_id, kind=kind, ref=code).token
            items.append((kind, code, title, f"{base}/ical/{token}.ics"))
    may_renew = viewer.role in (SCHOOL_ADMIN, TIMETABLER)
    return page(request, "timetables/calendar.html", items=items, may_renew=may_renew)


@post("/calendar/renew", opt={"roles": (SCHOOL_ADMIN, TIMETABLER)}, sync_to_thread=False)
def renew(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A new secret URL for one calendar; the old one stops working."""
    school_id = require_school(require_viewer(request))
    kind, code = data.get("kind", ""), data.get("code", "")
    if kind not in FEED_KINDS or (kind, code) not in {(k, c) for k, c, _ in _subscribable(request)}:
        raise NotFoundException()  # no such calendar in this school
    with session_scope() as db:
        renew_token(db, school_id=school_id, kind=kind, ref=code)
    return go("/calendar")


@get("/ical/{name:str}", opt={"roles": PUBLIC}, sync_to_thread=False, media_type="text/calendar")
def subscription(name: FromPath[str]) -> Response[bytes]:
    """The feed behind a secret URL: no login, the token is the key; follows publication."""
    try:
        with session_scope() as db:
            filename, body = feed(db, token=name.removesuffix(".ics"))
    except NotFound as exc:
        raise NotFoundException() from exc
    return Response(
        body, media_type="text/calendar; charset=utf-8",
        headers={
            "content-disposition": f'inline; filename="{filename}"',
            "cache-control": "private, max-age=300",
        },
    )  # fmt: skip


ROUTES = [excel, pdf, calendars, renew, subscription]
