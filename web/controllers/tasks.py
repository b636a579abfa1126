"""Programming tasks: the teacher's list with solve rates, the student's list, imports and
exports, the starter course's tasks, and archiving a task."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from lms.judge import TaskInvalid
from lms.practice.folders import scratch_root
from lms.practice.lists import student_tasks, teacher_tasks
from lms.practice.tasks import archive_task, export_zip, get_task, import_archive, load_course_tasks
from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, TEACHER
from models.db import read_scope, session_scope
from models.i18n import N_
from web.controllers.office_common import or_404
from web.controllers.tasks_common import SOLVERS, STAFF, is_staff, scope, title_of
from web.pages import flash, go, page, tr

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MAX_ARCHIVE = 256 << 20
SCHOOL_STAFF = {"roles": (SCHOOL_ADMIN, TEACHER)}


@get("/tasks", opt=SOLVERS, sync_to_thread=False)
def tasks_list(request: Request[Any, Any, Any]) -> Template:
    """Teachers: the school's tasks with how many tried and solved each. Students: the tasks
    to solve, with their own standing."""
    viewer, school_id = scope(request)
    with read_scope() as db:
        if is_staff(viewer):
            lines = teacher_tasks(db, school_id=school_id)
            return page(
                request,
                "tasks/list.html",
                lines=lines,
                title_of=title_of,
                platform=viewer.role == PLATFORM_ADMIN,
            )
        assert school_id is not None
        mine = student_tasks(db, school_id=school_id, user_id=viewer.id)
    return page(request, "tasks/student_list.html", lines=mine, title_of=title_of)


def _import_page(request: Request[Any, Any, Any], problems: list[str], status: int) -> Template:
    response = page(request, "tasks/import.html", problems=problems)
    response.status_code = status
    return response


@get("/tasks/import", opt=STAFF, sync_to_thread=False)
def import_form(request: Request[Any, Any, Any]) -> Template:
    """Upload a zipped task folder or a Polygon package."""
    scope(request)
    return _import_page(request, [], 200)


@post("/tasks/import", opt=STAFF, sync_to_thread=False)
def import_task(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """A task from an archive; every problem of the archive is listed when it is refused."""
    viewer, school_id = scope(request)
    upload = data.get("archive")
    content = upload.file.read(MAX_ARCHIVE + 1) if isinstance(upload, UploadFile) else b""
    if not content or len(content) > MAX_ARCHIVE:
        text = N_("Choose a .zip file of a task folder or a Polygon package (at most 256 MiB).")
        return _import_page(request, [tr(request, text)], 400)
    with tempfile.TemporaryDirectory(dir=scratch_root()) as tmp:
        archive = Path(tmp) / "upload.zip"
        archive.write_bytes(content)
        try:
            with session_scope() as db:
                row, warnings = import_archive(
                    db,
                    school_id=school_id,
                    archive=archive,
                    created_by=viewer.id,
                    actor=viewer.login,
                )
                task_id = row.id
        except TaskInvalid as exc:
            problems = [
                f"{p.file}{f':{p.line}' if p.line else ''}: {tr(request, p.message)}"
                for p in exc.problems
            ]
            return _import_page(request, problems, 400)
    flash(request, tr(request, N_("The task is imported.")), "ok")
    for warning in warnings:
        flash(request, tr(request, warning), "info")
    return go(f"/tasks/{task_id}")


@get("/tasks/{task_id:int}/export.zip", opt=STAFF, sync_to_thread=False)
def export(request: Request[Any, Any, Any], task_id: FromPath[int]) -> Response[bytes]:
    """The task's current version as a zipped task folder."""
    _, school_id = scope(request)
    with or_404(), read_scope() as db:
        row = get_task(db, task_id=task_id, school_id=school_id)
    name = f"{row.slug}-v{row.version}.zip"
    return Response(
        export_zip(row),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@post("/tasks/{task_id:int}/archive", opt=STAFF, sync_to_thread=False)
def archive(request: Request[Any, Any, Any], task_id: FromPath[int]) -> Redirect:
    """Hide a task from the lists (its submissions and files stay)."""
    viewer, school_id = scope(request)
    with or_404(), session_scope() as db:
        archive_task(db, task_id=task_id, school_id=school_id, actor=viewer.login)
    flash(request, tr(request, N_("The task is archived.")), "ok")
    return go("/tasks")


@post("/tasks/starter", opt=SCHOOL_STAFF, sync_to_thread=False)
def starter(request: Request[Any, Any, Any]) -> Redirect:
    """Add the starter Python course's tasks to the school (those it has are left alone)."""
    viewer, school_id = scope(request)
    with session_scope() as db:
        found = load_course_tasks(db, school_id=school_id, created_by=viewer.id)
    text = tr(request, N_("The starter course's %(n)s tasks are in the school's list."))
    flash(request, text % {"n": len(found)}, "ok")
    return go("/tasks")


ROUTES = [tasks_list, import_form, import_task, export, archive, starter]
