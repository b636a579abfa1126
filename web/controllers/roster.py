"""The school admin's students and parents: a roster workbook in (preview, then confirm), the
roster and its template out, and the OneRoster 1.2 export. Always the viewer's own school.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Response, Template

from importers.excel.errors import WorkbookError
from importers.roster import RosterResult, import_roster, write_roster_workbook
from importers.roster.service import data_version_now, roster_counts
from importers.roster.staging import discard, stage, staged
from journal.oneroster import build_oneroster, package_zip
from models.accounts import SCHOOL_ADMIN
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.i18n import N_
from models.school import School
from models.school_data import read_snapshot
from web.auth import require_school, require_viewer
from web.controllers.accounts import slips_page
from web.controllers.auth import Form
from web.i18n import LANGUAGES, translator
from web.pages import flash, go, page, request_locale, tr

ADMIN = {"roles": (SCHOOL_ADMIN,)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 20 * 1024 * 1024
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _school(request: Request[Any, Any, Any]) -> tuple[str, int]:
    viewer = require_viewer(request)
    return viewer.login, require_school(viewer)


def _page(request: Request[Any, Any, Any], school_id: int, status: int = 200,
          **context: Any) -> Template:  # fmt: skip
    with read_scope() as db:
        students, parents = roster_counts(db, school_id=school_id)
    context = {"problems": [], "preview": None, "errors": [], **context}
    response = page(request, "roster/index.html", students=students, parents=parents,
                    languages=LANGUAGES, **context)  # fmt: skip
    response.status_code = status
    return response


@get("/roster", opt=ADMIN, sync_to_thread=False)
def roster_home(request: Request[Any, Any, Any]) -> Template:
    """Upload a roster, download it or its template, export OneRoster."""
    return _page(request, _school(request)[1])


def _xlsx(body: bytes, filename: str) -> Response[bytes]:
    return Response(body, media_type=XLSX, headers={
        "content-disposition": f'attachment; filename="{filename}"', "cache-control": "no-store",
    })  # fmt: skip


@get("/roster/template.xlsx", opt=ADMIN, sync_to_thread=False)
def roster_template(request: Request[Any, Any, Any], lang: FromQuery[str] = "") -> Response[bytes]:
    """The blank roster workbook, its first header row in the chosen language."""
    _school(request)
    first = lang if lang in LANGUAGES else request_locale(request)
    order = (first, *(x for x in ("kk", "ru", "en") if x != first))
    out = BytesIO()
    write_roster_workbook(out, lang_order=order)
    return _xlsx(out.getvalue(), f"roster-{first}.xlsx")


@get("/roster/current.xlsx", opt=ADMIN, sync_to_thread=False)
def roster_current(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The school's students and parents as a roster workbook, to edit and upload again."""
    _, school_id = _school(request)
    out = BytesIO()
    with read_scope() as db:
        school = db.get(School, school_id)
        assert school is not None
        first = request_locale(request)
        order = (first, *(x for x in ("kk", "ru", "en") if x != first))
        write_roster_workbook(out, read_snapshot(db, school_code=school.code), lang_order=order)
    return _xlsx(out.getvalue(), f"roster-{date.today():%Y%m%d}.xlsx")


def _safe_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^\w.\- ]", "_", name).strip() or "roster.xlsx"


def _problem_rows(exc: WorkbookError) -> list[tuple[str, str, Any, Any]]:
    """(sheet, cell, sentence, hint) of each problem, in the reader's order."""
    return [(p.sheet, f"{p.column}{p.row or ''}", p.message, p.hint) for p in exc.problems]


def _preview(school_id: int, path: Path, name: str, actor: str) -> RosterResult | WorkbookError:
    try:
        with session_scope() as db:
            return import_roster(db, school_id=school_id, path=path, source=f"roster: {name}",
                                 dry_run=True, actor=actor)  # fmt: skip
    except WorkbookError as exc:
        return exc


@post("/roster/upload", opt=ADMIN, sync_to_thread=False)
def roster_upload(request: Request[Any, Any, Any], data: Upload) -> Template:
    """Read the uploaded roster: every problem by sheet and cell, or what would change."""
    actor, school_id = _school(request)
    file = data.get("file")
    content = file.file.read(MAX_BYTES + 1) if isinstance(file, UploadFile) else b""
    if not isinstance(file, UploadFile) or not file.filename or not content:
        return _page(request, school_id, 400, errors=[tr(request, N_("Choose a file to upload."))])
    name = _safe_name(file.filename)
    if len(content) > MAX_BYTES or not name.lower().endswith((".xlsx", ".xlsm")):
        text = tr(request, N_("Upload the roster as an Excel workbook (.xlsx) of at most 20 MB."))
        return _page(request, school_id, 400, errors=[text])
    token = stage(content, school_id=school_id)
    path = staged(token, school_id=school_id)
    assert path is not None
    outcome = _preview(school_id, path, name, actor)
    if isinstance(outcome, WorkbookError) or not outcome.changes:
        discard(token, school_id=school_id)
    if isinstance(outcome, WorkbookError):
        return _page(request, school_id, 400, problems=_problem_rows(outcome), filename=name)
    accounts = str(data.get("accounts", "")) in ("on", "1", "true")
    return _page(request, school_id, preview=outcome, token=token, filename=name,
                 accounts=accounts)  # fmt: skip


def _confirm(school_id: int, token: str, name: str, expected: int, accounts: bool,
             actor: str) -> RosterResult | WorkbookError | None:  # fmt: skip
    """The import, or None when the file is gone; a dry run again if the data moved on."""
    path = staged(token, school_id=school_id)
    if path is None:
        return None
    try:
        with session_scope() as db:
            moved = data_version_now(db, school_id=school_id) + 1 != expected
            result = import_roster(db, school_id=school_id, path=path, source=f"roster: {name}",
                                   dry_run=moved, actor=actor, accounts=accounts)  # fmt: skip
    except WorkbookError as exc:
        return exc
    if not result.dry_run:
        discard(token, school_id=school_id)
    return result


@post("/roster/confirm", opt=ADMIN)
async def roster_confirm(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Import the previewed roster (and make the new people's accounts, if asked)."""
    actor, school_id = _school(request)
    version = int(data["version"]) if data.get("version", "").isdigit() else 0
    name = _safe_name(data.get("filename", ""))
    accounts = data.get("accounts", "") == "on"
    try:  # hashing the initial passwords of many accounts takes seconds: off the event loop
        work = partial(_confirm, school_id, data.get("token", ""), name, version, accounts, actor)
        outcome = await anyio.to_thread.run_sync(work)
    except StoreError as exc:
        return _page(request, school_id, 400, errors=[tr(request, m) for m in exc.messages])
    if outcome is None:
        flash(request, tr(request, N_("The uploaded file is no longer here; upload it again.")),
              "error")  # fmt: skip
        return go("/roster")
    if isinstance(outcome, WorkbookError):
        return _page(request, school_id, 400, problems=_problem_rows(outcome), filename=name)
    if outcome.dry_run:  # someone imported in between: show what this file would change now
        warning = tr(request, N_("The school data changed since the preview; check the changes "
                                 "again before importing."))  # fmt: skip
        return _page(request, school_id, 409, preview=outcome, token=data.get("token", ""),
                     filename=name, accounts=accounts, errors=[warning])  # fmt: skip
    for note in outcome.notes:
        flash(request, tr(request, note), "info")
    flash(request, tr(request, outcome.summary()), "ok")
    if outcome.slips:
        return slips_page(request, outcome.slips, school_id, tr(request, N_("New accounts")))
    return go("/roster")


@get("/roster/oneroster.zip", opt=ADMIN, sync_to_thread=False)
def roster_oneroster(
    request: Request[Any, Any, Any], demographics: FromQuery[bool] = False
) -> Response[bytes]:
    """The school's OneRoster 1.2 CSV package, category titles in the school's language."""
    _, school_id = _school(request)
    with read_scope() as db:
        school = db.get(School, school_id)
        assert school is not None
        package = build_oneroster(db, school_id=school_id, demographics=demographics,
                                  translate=translator(school.language).gettext)  # fmt: skip
    name = f"oneroster-{date.today():%Y%m%d}.zip"
    return Response(package_zip(package), media_type="application/zip", headers={
        "content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store",
    })  # fmt: skip


ROUTES = [roster_home, roster_template, roster_current, roster_upload, roster_confirm,
          roster_oneroster]  # fmt: skip
