"""Asking for help: a new support request with an optional file, my requests, a request's thread.

Any school account may write to its school admin; the admin answers in the queue
(support_queue.py). The author sees only their own requests; a file goes back as a download
only to its author, the school admin and, once escalated, the platform operator.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import File, Redirect, Template
from sqlmodel import Session

from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.i18n import N_
from models.settings import get_settings
from models.support import create_request, get_request, list_requests
from web.auth import ANY_ROLE, SCHOOL_ROLES, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.help import PagePath, safe_page
from web.controllers.support_common import (
    BADGES,
    act,
    file_response,
    not_found,
    refusals,
    status_names,
    thread_view,
    write_reply,
)
from web.pages import flash, go, page, tr
from web.services.support_files import MAX_FILE_BYTES, discard_attachment, save_attachment
from web.services.support_notify import tell_created

AUTHORS = {"roles": SCHOOL_ROLES}
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
Req = Request[Any, Any, Any]


@get("/support/new", opt=AUTHORS, sync_to_thread=False)
def new_request(request: Req, page_path: PagePath = "") -> Template:
    """The form: subject, what happened, the page the person came from, an optional file."""
    return page(request, "support/new.html", form={"page": safe_page(page_path)}, errors=[])


@post("/support/new", opt=AUTHORS, sync_to_thread=False,
      request_max_body_size=MAX_FILE_BYTES + (1 << 20))  # fmt: skip
def send_request(request: Req, data: Upload) -> Template | Redirect:
    """Stores the file (if any) and the request; the school's admins are told."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    form = {key: str(data.get(key) or "") for key in ("subject", "body", "page")}
    form["page"] = safe_page(form["page"])
    upload = data.get("file")
    root, stored = get_settings().data_dir, None
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            content = upload.file.read(MAX_FILE_BYTES + 1)
            stored = save_attachment(root, school_id=school_id, filename=upload.filename,
                                     data=content)  # fmt: skip
        with session_scope() as db:
            row = create_request(
                db, school_id=school_id, user_id=viewer.id, actor=viewer.login,
                subject=form["subject"], body=form["body"], page=form["page"], file=stored,
            )  # fmt: skip
            tell_created(db, request=row)
            new_id = row.id
    except StoreError as exc:
        if stored is not None:
            discard_attachment(root, school_id=school_id, key=stored[1])
        response = page(request, "support/new.html", form=form, errors=refusals(request, exc))
        response.status_code = 400
        return response
    flash(request, tr(request, "Your request was sent to the school admin."), "ok")
    return go(f"/support/{new_id}")


@get("/support", opt=AUTHORS, sync_to_thread=False)
def my_requests(request: Req) -> Template:
    """The viewer's own requests with their status, open ones first."""
    viewer = require_viewer(request)
    with read_scope() as db:
        rows = list_requests(db, school_id=require_school(viewer), user_id=viewer.id)
    return page(request, "support/mine.html", rows=rows, statuses=status_names(request),
                badges=BADGES)  # fmt: skip


@get("/support/{request_id:int}", opt=AUTHORS, sync_to_thread=False)
def my_request(request: Req, request_id: FromPath[int]) -> Template:
    """The author's thread: the request, every reply, and a form to answer."""
    viewer = require_viewer(request)
    with not_found(), read_scope() as db:
        row = get_request(db, request_id=request_id, school_id=require_school(viewer),
                          user_id=viewer.id)  # fmt: skip
        view = thread_view(db, row)
    return page(request, "support/thread.html", view=view, statuses=status_names(request),
                badges=BADGES, staff=False)  # fmt: skip


@post("/support/{request_id:int}/reply", opt=AUTHORS, sync_to_thread=False)
def answer(request: Req, request_id: FromPath[int], data: Form) -> Redirect:
    """The author writes again (the request is back in progress; the admins are told)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)

    def work(db: Session) -> None:
        row = get_request(db, request_id=request_id, school_id=school_id, user_id=viewer.id)
        write_reply(db, row, viewer, staff=False, body=data.get("body", ""))

    return act(request, f"/support/{request_id}", work, N_("Your reply was sent."))


@get("/support/{request_id:int}/file", opt={"roles": ANY_ROLE}, sync_to_thread=False)
def attachment(request: Req, request_id: FromPath[int]) -> File:
    """The request's file, for its author, the school admin and (escalated) the operator."""
    viewer = require_viewer(request)
    with not_found(), read_scope() as db:
        if viewer.role == PLATFORM_ADMIN:
            row = get_request(db, request_id=request_id, school_id=None)
        else:
            mine = None if viewer.role == SCHOOL_ADMIN else viewer.id
            row = get_request(db, request_id=request_id, school_id=require_school(viewer),
                              user_id=mine)  # fmt: skip
    return file_response(row)


ROUTES = [new_request, send_request, my_requests, my_request, answer, attachment]
