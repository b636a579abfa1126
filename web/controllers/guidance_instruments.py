"""The instruments page (sources, licences, languages), schools' own uploads, and where the
specialists can be found (office, phone, hours, shown to students with help)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from guidance.instruments.access import may_send
from guidance.instruments.catalogue import find_listed, import_instrument, list_instruments
from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.screening.help import get_contact, set_contact
from models.db import read_scope, session_scope
from models.i18n import N_, message
from web.controllers.auth import Form
from web.controllers.surveys_common import SPECIALISTS, acting, picker
from web.pages import flash, go, page, tr

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _list(request: Request[Any, Any, Any], errors: list[str] | None = None) -> Template:
    _viewer, school_id, _sender = acting(request)
    with read_scope() as db:
        listed = list_instruments(db, school_id=school_id)
    response = page(request, "guidance/instruments/index.html", listed=listed,
                    t=picker(request), errors=errors or [])  # fmt: skip
    if errors:
        response.status_code = 400
    return response


@get("/guidance/instruments", opt=SPECIALISTS, sync_to_thread=False)
def instruments(request: Request[Any, Any, Any]) -> Template:
    """Every instrument the school has: shipped ones and its own, with source and licence."""
    return _list(request)


@get("/guidance/instruments/{origin:str}/{name:str}", opt=SPECIALISTS, sync_to_thread=False)
def instrument(
    request: Request[Any, Any, Any], origin: FromPath[str], name: FromPath[str]
) -> Template:
    """One instrument whole: items, answers, scales, bands, risk rules, languages, source."""
    _viewer, school_id, _sender = acting(request)
    try:
        with read_scope() as db:
            listed = find_listed(db, school_id=school_id, ref=f"{origin}:{name}")
    except InstrumentNotFound as exc:
        raise NotFoundException() from exc
    return page(request, "guidance/instruments/view.html", listed=listed, i=listed.instrument,
                t=picker(request))  # fmt: skip


@post("/guidance/instruments/upload", opt=SPECIALISTS, sync_to_thread=False)
def upload(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """Stores a school's own licensed instrument file (TOML) as a new version."""
    viewer, school_id, _sender = acting(request)
    file = data.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        return _list(request, [tr(request, "Choose the instrument file (.toml).")])
    raw = file.file.read()
    try:
        with session_scope() as db:
            row = import_instrument(db, school_id=school_id, data=raw, file_name=file.filename,
                                    uploaded_by=viewer.id)  # fmt: skip
            listed = find_listed(db, school_id=school_id, ref=f"school:{row.id}")
            if not may_send(viewer.role, clinical=listed.instrument.clinical):
                text = N_("Screenings are added by the school psychologist.")
                raise InstrumentError("not_allowed", [message(text)])
            key, version = row.key, row.version
    except InstrumentError as exc:
        return _list(request, [tr(request, m) for m in exc.messages])
    flash(request, tr(request, "Stored: %(key)s, version %(version)s.") % {"key": key,
          "version": version}, "ok")  # fmt: skip
    return go("/guidance/instruments")


@get("/guidance/contact", opt=SPECIALISTS, sync_to_thread=False)
def contact(request: Request[Any, Any, Any]) -> Template:
    """Where students find this specialist: office, phone and hours."""
    viewer, school_id, _sender = acting(request)
    with read_scope() as db:
        row = get_contact(db, school_id=school_id, user_id=viewer.id)
    return page(request, "guidance/instruments/contact.html", row=row)


@post("/guidance/contact", opt=SPECIALISTS, sync_to_thread=False)
def save_contact(request: Request[Any, Any, Any], data: Form) -> Redirect:
    viewer, school_id, _sender = acting(request)
    with session_scope() as db:
        set_contact(db, school_id=school_id, user_id=viewer.id, office=data.get("office", ""),
                    phone=data.get("phone", ""), hours=data.get("hours", ""))  # fmt: skip
    flash(request, tr(request, "Saved."), "ok")
    return go("/guidance/contact")


ROUTES = [instruments, instrument, upload, contact, save_contact]
