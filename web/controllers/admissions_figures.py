"""The school's yearly admissions figures, for its admin and career counsellor: enter one,
remove one, or fill in the workbook and import it."""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio.to_thread
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from guidance.admissions.schemas import CATEGORIES
from guidance.admissions.school import (
    AdmissionsError,
    FigureInput,
    admissions_for_school,
    list_figures,
    remove_figure,
    set_figure,
)
from guidance.admissions.workbook import ImportReport, figures_workbook, import_figures
from models.accounts import COUNSELLOR, SCHOOL_ADMIN
from models.db import read_scope, session_scope
from models.guidance_atlas import FIGURE_KINDS, GROUP_THRESHOLD
from models.i18n import N_, message
from web.auth import require_school, require_viewer
from web.controllers.account_bulk import XLSX, Upload
from web.controllers.admissions import CATEGORY_NAMES
from web.controllers.auth import Form
from web.pages import flash, go, page, request_locale, tr

EDITORS = {"roles": (SCHOOL_ADMIN, COUNSELLOR)}
BACK = "/admissions/figures"


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def _figures_page(
    request: Request[Any, Any, Any], school_id: int, errors: list[str], form: dict[str, str],
    status: int = 200,
) -> Template:  # fmt: skip
    with read_scope() as db:
        rows = list_figures(db, school_id=school_id)
        data = admissions_for_school(db, school_id=school_id)
    response = page(request, "admissions/figures.html", rows=rows, data=data, errors=errors,
                    form=form, kinds=FIGURE_KINDS, categories=CATEGORIES,
                    category_names=CATEGORY_NAMES, group_kind=GROUP_THRESHOLD)  # fmt: skip
    response.status_code = status
    return response


@get("/admissions/figures", opt=EDITORS, sync_to_thread=False)
def figures(request: Request[Any, Any, Any]) -> Template:
    """The school's own figures in force, a form for one more, and the workbook."""
    return _figures_page(request, require_school(require_viewer(request)), [], {})


@post("/admissions/figures", opt=EDITORS, sync_to_thread=False)
def add_figure(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Store one figure (a new value for the same year replaces the old one, kept in history)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    kind = data.get("kind", "")
    key = data.get("group" if kind == GROUP_THRESHOLD else "category", "").strip()
    figure = FigureInput(kind, key, _number(data.get("year", "")), _number(data.get("score", "")),
                         data.get("source", ""), data.get("note", ""))  # fmt: skip
    try:
        with session_scope() as db:
            set_figure(db, school_id=school_id, figure=figure, actor=viewer.login,
                       actor_id=viewer.id)  # fmt: skip
    except AdmissionsError as exc:
        return _figures_page(request, school_id, [tr(request, m) for m in exc.messages],
                             dict(data), 400)  # fmt: skip
    flash(request, tr(request, "The figure is saved; recommendations use it now."), "ok")
    return go(BACK)


@post("/admissions/figures/{figure_id:int}/remove", opt=EDITORS, sync_to_thread=False)
def drop_figure(request: Request[Any, Any, Any], figure_id: FromPath[int]) -> Redirect:
    """Remove the school's figure; the shipped one shows again."""
    viewer = require_viewer(request)
    try:
        with session_scope() as db:
            remove_figure(db, school_id=require_school(viewer), figure_id=figure_id,
                          actor=viewer.login)  # fmt: skip
    except AdmissionsError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(BACK)
    flash(request, tr(request, "The figure is removed."), "ok")
    return go(BACK)


@get("/admissions/figures.xlsx", opt=EDITORS, sync_to_thread=False)
def figures_file(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every figure in force as a workbook to fill in."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        data = admissions_for_school(db, school_id=school_id)
    body = figures_workbook(data, request_locale(request))
    disposition = 'attachment; filename="admissions.xlsx"'
    return Response(body, media_type=XLSX, headers={"content-disposition": disposition})


def _import(content: bytes, school_id: int, login: str, user_id: int) -> ImportReport:
    with session_scope() as db:
        return import_figures(db, school_id=school_id, content=content, actor=login,
                              actor_id=user_id)  # fmt: skip


@post("/admissions/figures/import", opt=EDITORS)
async def import_file(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """Import the filled workbook: every changed figure, or none if a row is wrong."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    file = data.get("file")
    content = await file.read() if isinstance(file, UploadFile) else b""
    try:
        report = await anyio.to_thread.run_sync(
            partial(_import, content, school_id, viewer.login, viewer.id)
        )
    except AdmissionsError as exc:
        errors = [tr(request, m) for m in exc.messages]
        return await anyio.to_thread.run_sync(partial(_figures_page, request, school_id, errors,
                                                      {}, 400))  # fmt: skip
    done = message(N_("Figures imported: {changed} changed, {same} unchanged."),
                   changed=report.changed, same=report.unchanged)  # fmt: skip
    flash(request, tr(request, done), "ok")
    return go(BACK)


ROUTES = [figures, add_figure, drop_figure, figures_file, import_file]
