"""The timetable office: its start page, uploading school data, data versions and settings.

Generation, versions and editing by hand have their own modules; ROUTES gathers all of them.
Every handler works on the viewer's own school only (`require_school`).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from models.db import session_scope
from web.controllers import office_edit, office_jobs, office_versions
from web.controllers.auth import Form
from web.controllers.office_common import OFFICE, office_viewer, refused
from web.pages import flash, go, page, tr
from web.services.office import recent_jobs
from web.services.office_data import (
    FormErrors,
    current_settings,
    data_history,
    save_settings,
    submitted,
)
from web.services.office_upload import change_lines, import_upload
from web.services.office_versions import version_rows

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


@get("/office", opt=OFFICE, sync_to_thread=False)
def home(request: Request[Any, Any, Any]) -> Template:
    """Where the timetable staff start: data, generation, versions and recent jobs."""
    _, school_id = office_viewer(request)
    with session_scope() as db:
        versions = version_rows(db, school_id=school_id)[:5]
        jobs = recent_jobs(db, school_id=school_id, limit=5)
        history = data_history(db, school_id=school_id, version=None, limit=0)
    return page(request, "office/home.html", versions=versions, jobs=jobs,
                data_versions=history.versions[:3])  # fmt: skip


@get("/office/upload", opt=OFFICE, sync_to_thread=False)
def upload_form(request: Request[Any, Any, Any]) -> Template:
    office_viewer(request)
    return page(request, "office/upload.html", outcome=None, errors=[])


@post("/office/upload", opt=OFFICE, sync_to_thread=False)
def upload(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """Import the uploaded workbook: every problem by sheet and cell, or a new data version."""
    viewer, school_id = office_viewer(request)
    file = data.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        response = page(request, "office/upload.html", outcome=None,
                        errors=[tr(request, "Choose a file to upload.")])  # fmt: skip
        response.status_code = 400
        return response
    dry_run = str(data.get("dry_run", "")) in ("on", "1", "true")
    content = file.file.read()
    with session_scope() as db:
        outcome = import_upload(db, school_id=school_id, filename=file.filename, content=content,
                                dry_run=dry_run, actor=viewer.login)  # fmt: skip
    if outcome.result is None or dry_run:
        lines, more = change_lines(outcome.result) if outcome.result else ([], 0)
        response = page(request, "office/upload.html", outcome=outcome, errors=[],
                        changes=lines, more=more)  # fmt: skip
        response.status_code = 400 if outcome.problems else 200
        return response
    for note in outcome.notes:
        flash(request, tr(request, note), "info")
    flash(request, tr(request, outcome.result.summary()), "ok")
    return go(f"/office/data?version={outcome.result.version}")


@get("/office/data", opt=OFFICE, sync_to_thread=False)
def data_versions(
    request: Request[Any, Any, Any], version: FromQuery[int | None] = None
) -> Template:
    """The school's data versions, and the changes one of them brought."""
    _, school_id = office_viewer(request)
    with session_scope() as db:
        history = data_history(db, school_id=school_id, version=version)
    return page(request, "office/data.html", history=history)


@get("/office/data/settings", opt=OFFICE, sync_to_thread=False)
def settings_form(request: Request[Any, Any, Any]) -> Template:
    _, school_id = office_viewer(request)
    with session_scope() as db:
        form = current_settings(db, school_id=school_id)
    return page(request, "office/settings.html", form=form, errors=[])


@post("/office/data/settings", opt=OFFICE, sync_to_thread=False)
def save_settings_form(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Store the edited settings as a new data version (history kept), or name each bad field."""
    viewer, school_id = office_viewer(request)
    if "late_after" not in data:
        with session_scope() as db:
            form = current_settings(db, school_id=school_id)
        return refused(request, "office/settings.html", FormErrors("bad_settings", []), form=form)
    try:
        with session_scope() as db:
            result = save_settings(db, school_id=school_id, data=data, actor=viewer.login)
    except FormErrors as exc:
        with session_scope() as db:
            form = submitted(data, current_settings(db, school_id=school_id))
        return refused(request, "office/settings.html", exc, form=form)
    if result is None:
        flash(request, tr(request, "Nothing changed."), "info")
        return go("/office/data/settings")
    flash(request, tr(request, result.summary()), "ok")
    return go(f"/office/data?version={result.version}")


ROUTES = [
    home, upload_form, upload, data_versions, settings_form, save_settings_form,
    *office_jobs.ROUTES, *office_versions.ROUTES, *office_edit.ROUTES,
]  # fmt: skip
