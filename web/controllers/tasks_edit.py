"""The task editor: a new task or the next version of one, with every problem beside its field."""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody
from litestar.response import Redirect, Template

from lms.judge.task import CHECKERS, MIN_TESTS
from lms.practice.errors import TaskRefused
from lms.practice.statement import statement_html
from lms.practice.task_form import TaskForm, form_of, parse_form, with_blank_rows
from lms.practice.tasks import create_task, current_task, get_task, update_task
from models.db import read_scope, session_scope
from models.i18n import N_, Message
from web.controllers.office_common import or_404
from web.controllers.tasks_common import STAFF, scope
from web.pages import flash, go, page, tr

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MAX_UPLOAD = 64 << 20  # test files in one form


def _files(value: Any) -> list[UploadFile]:
    items = value if isinstance(value, list) else [value]
    return [f for f in items if isinstance(f, UploadFile) and f.filename]


def _uploads(data: dict[str, Any]) -> list[tuple[str, bytes]]:
    """Uploaded test files, a zip of them unpacked (only its plain files, within MAX_UPLOAD)."""
    found, total = [], 0
    for upload in _files(data.get("test_files")):
        content = upload.file.read(MAX_UPLOAD + 1)
        if (upload.filename or "").lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(BytesIO(content)) as zf:
                    for info in zf.infolist():
                        total += info.file_size
                        if not info.is_dir() and total <= MAX_UPLOAD:
                            found.append((info.filename, zf.read(info)))
            except zipfile.BadZipFile:
                found.append((upload.filename or "", b""))
            continue
        total += len(content)
        found.append((upload.filename or "", content))
    return found


def _form_page(
    request: Request[Any, Any, Any],
    form: TaskForm,
    *,
    task_id: int | None = None,
    fields: dict[str, list[Message]] | None = None,
    status: int = 200,
) -> Template:
    errors = {name: [tr(request, m) for m in found] for name, found in (fields or {}).items()}
    checkers = [c for c in CHECKERS if c != "custom" or form.has_checker]
    blank = all(t.empty for t in form.tests)
    rows = 0 if blank else max(2, MIN_TESTS + 1 - len(form.tests))
    response = page(
        request,
        "tasks/form.html",
        form=with_blank_rows(form, rows),
        task_id=task_id,
        field_errors=errors,
        checkers=checkers,
        min_tests=MIN_TESTS,
    )
    response.status_code = status
    return response


def _posted(data: dict[str, Any]) -> tuple[TaskForm, list[Message]]:
    fields = {k: v for k, v in data.items() if isinstance(v, str)}
    return parse_form(fields, _uploads(data))


@get("/tasks/new", opt=STAFF, sync_to_thread=False)
def new_task(request: Request[Any, Any, Any]) -> Template:
    """An empty task: titles and statements per language, limits, checker, three test rows."""
    scope(request)
    return _form_page(request, TaskForm.blank())


@post("/tasks/new", opt=STAFF, sync_to_thread=False)
def create(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """Save a new task, or show the form again with every problem beside its field."""
    viewer, school_id = scope(request)
    form, upload_problems = _posted(data)
    try:
        if upload_problems:
            raise TaskRefused({"tests": upload_problems})
        with session_scope() as db:
            row = create_task(
                db, school_id=school_id, form=form, created_by=viewer.id, actor=viewer.login
            )
            task_id = row.id
    except TaskRefused as exc:
        return _form_page(request, form, fields=exc.fields, status=400)
    flash(request, tr(request, N_("The task is saved. Try it in the editor.")), "ok")
    return go(f"/tasks/{task_id}")


@get("/tasks/{task_id:int}/edit", opt=STAFF, sync_to_thread=False)
def edit_task(request: Request[Any, Any, Any], task_id: FromPath[int]) -> Template:
    """The task's current version in the editor (large tests are kept as files)."""
    _, school_id = scope(request)
    with or_404(), read_scope() as db:
        row = get_task(db, task_id=task_id, school_id=school_id)
    form = form_of(current_task(row), row.points, row.practice)
    return _form_page(request, form, task_id=task_id)


@post("/tasks/{task_id:int}/edit", opt=STAFF, sync_to_thread=False)
def save_task(
    request: Request[Any, Any, Any], task_id: FromPath[int], data: Upload
) -> Template | Redirect:
    """Save the edit as the task's next version; submissions keep the version they met."""
    viewer, school_id = scope(request)
    form, upload_problems = _posted(data)
    try:
        if upload_problems:
            raise TaskRefused({"tests": upload_problems})
        with or_404(), session_scope() as db:
            row = update_task(
                db, task_id=task_id, school_id=school_id, form=form, actor=viewer.login
            )
            version = row.version
    except TaskRefused as exc:
        with or_404(), read_scope() as db:
            form.has_checker = (
                current_task(get_task(db, task_id=task_id, school_id=school_id)).checker_source
                is not None
            )
        return _form_page(request, form, task_id=task_id, fields=exc.fields, status=400)
    flash(request, tr(request, N_("Saved as version %(n)s.")) % {"n": version}, "ok")
    return go(f"/tasks/{task_id}")


@post("/tasks/preview", opt=STAFF, sync_to_thread=False)
def preview(request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> Response[Any]:
    """JSON: a statement's Markdown as the IDE will show it (the editor's live preview)."""
    scope(request)
    return Response({"html": statement_html(str(data.get("text", "")))})


ROUTES = [new_task, create, edit_task, save_task, preview]
