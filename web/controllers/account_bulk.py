"""Accounts in bulk: the Excel template, the upload, and accounts for everyone without one.

The two creating handlers are async and run the store work in a thread: hashing hundreds of
initial passwords takes seconds, and the event loop keeps serving other requests meanwhile.
They stay in the request (not a job) because the initial passwords are shown once and never
stored anywhere, not even in a job's result.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import anyio.to_thread
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Response, Template

from models.account_bulk import BulkError, bulk_create_accounts, create_missing_accounts
from models.account_logins import Slip
from models.account_workbook import accounts_template, read_accounts_workbook
from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, TEACHER
from models.db import session_scope
from models.join_codes import class_codes
from web.auth import require_school, require_viewer
from web.controllers.accounts import slips_page
from web.controllers.auth import Form
from web.i18n import LANGUAGES, sort_key, translator
from web.pages import page, request_locale, tr

ADMIN = {"roles": (SCHOOL_ADMIN,)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MISSING_ROLES = {"teachers": (TEACHER,), "students": (STUDENT,), "parents": (PARENT,),
                 "all": (TEACHER, STUDENT, PARENT)}  # fmt: skip


def _classes(school_id: int, locale: str) -> list[str]:
    with session_scope() as db:
        codes = [c.class_code for c in class_codes(db, school_id=school_id)]
    return sorted(codes, key=sort_key(locale))


def _bulk_page(request: Request[Any, Any, Any], school_id: int, problems: list[Any],
               status: int = 200) -> Template:  # fmt: skip
    response = page(
        request, "accounts/bulk.html", problems=problems, languages=LANGUAGES,
        classes=_classes(school_id, request_locale(request)),
    )  # fmt: skip
    response.status_code = status
    return response


@get("/accounts/bulk", opt=ADMIN, sync_to_thread=False)
def bulk_form(request: Request[Any, Any, Any]) -> Template:
    return _bulk_page(request, require_school(require_viewer(request)), [])


@get("/accounts/bulk/template.xlsx", opt=ADMIN, sync_to_thread=False)
def template(request: Request[Any, Any, Any], lang: FromQuery[str] = "") -> Response[bytes]:
    """The blank accounts workbook, headers in the chosen language (or the page's)."""
    language = lang if lang in LANGUAGES else request_locale(request)
    body = accounts_template(language, translator(language).gettext)
    return Response(
        body, media_type=XLSX,
        headers={"content-disposition": f'attachment; filename="accounts-{language}.xlsx"'},
    )  # fmt: skip


def _from_workbook(body: bytes, school_id: int, actor: str) -> list[Slip]:
    rows = read_accounts_workbook(body)
    with session_scope() as db:
        return bulk_create_accounts(db, school_id=school_id, rows=rows, actor=actor)


@post("/accounts/bulk/upload", opt=ADMIN)
async def upload(request: Request[Any, Any, Any], data: Upload) -> Template:
    """Create the accounts of a workbook, or none: every problem is listed with its cell."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    file = data.get("file")
    body = await file.read() if isinstance(file, UploadFile) else b""
    try:
        slips = await anyio.to_thread.run_sync(
            partial(_from_workbook, body, school_id, viewer.login)
        )
    except BulkError as exc:
        translate = translator(request_locale(request)).gettext
        problems = [(p.sheet, p.row, p.column, p.message.render(translate)) for p in exc.problems]
        return _bulk_page(request, school_id, problems, 400)
    title = tr(request, "Accounts from the workbook")
    return slips_page(request, slips, school_id, title)


def _missing(school_id: int, roles: tuple[str, ...], class_code: str, actor: str,
             locale: str) -> list[Slip]:  # fmt: skip
    with session_scope() as db:
        return create_missing_accounts(
            db, school_id=school_id, roles=roles, actor=actor, class_code=class_code,
            sort_key=sort_key(locale),
        )  # fmt: skip


@post("/accounts/bulk/missing", opt=ADMIN)
async def missing(request: Request[Any, Any, Any], data: Form) -> Template:
    """One click: an account for every teacher, student or parent of the school data without one."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    roles = MISSING_ROLES.get(data.get("who", ""), ())
    if not roles:
        return _bulk_page(request, school_id, [("", None, "", tr(request, "Choose who."))], 400)
    slips = await anyio.to_thread.run_sync(
        partial(_missing, school_id, roles, data.get("class", "").strip(), viewer.login,
                request_locale(request))
    )  # fmt: skip
    title = tr(request, "New accounts")
    return slips_page(request, slips, school_id, title)


ROUTES = [bulk_form, template, upload, missing]
