"""Teachers' courses (/courses): the school's courses, import a package, copy, export, versions,
and opening a course or module to classes with dates."""

from __future__ import annotations

import tempfile
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import anyio
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template
from sqlmodel import col, select

from lms.courses.content import CourseData
from lms.courses.drafts import find_draft
from lms.courses.errors import CourseError, CourseInvalid, CourseNotFound
from lms.courses.library import (
    copy_course,
    course_data,
    files_root,
    get_course,
    import_course,
    outline,
    school_courses,
    versions_of,
)
from lms.courses.opening import close_opening, open_course, openings_of
from lms.courses.package import read_zip, zip_bytes
from lms.judge.task import TaskInvalid, load_task
from lms.practice.tasks import load_course_tasks
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.classes import SchoolClass
from models.db import read_scope, session_scope
from models.i18n import N_, Message, message
from models.lms import CourseVersion
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.learn_common import reader
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr

STAFF = {"roles": (TEACHER, SCHOOL_ADMIN)}
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MAX_BYTES = 200 << 20


def _school(request: Request[Any, Any, Any]) -> tuple[Viewer, int]:
    viewer = require_viewer(request)
    return viewer, require_school(viewer)


def _list(
    request: Request[Any, Any, Any], school_id: int, status: int = 200, **extra: Any
) -> Template:
    with read_scope() as db:
        courses = school_courses(db, school_id=school_id)
    response = page(request, "courses/index.html", courses=courses, text=reader(request), **extra)
    response.status_code = status
    return response


@get("/courses", opt=STAFF, sync_to_thread=False)
def course_list(request: Request[Any, Any, Any]) -> Template:
    """The school's courses with their current versions, and the import form."""
    _viewer, school_id = _school(request)
    return _list(request, school_id)


def _task_problems(folder: Path) -> list[Message]:
    """Every problem of the package's task folders, named with the folder (checked like the
    judge checks a task, before any is stored)."""
    found = []
    for task in sorted(p for p in (folder / "tasks").iterdir() if p.is_dir()):
        try:
            load_task(task)
        except TaskInvalid as exc:
            found += [
                message(
                    N_("{file}: {problem}"), file=f"tasks/{task.name}/{p.file}", problem=p.message
                )
                for p in exc.problems
            ]
    return found


def _import(school_id: int, user_id: int, archive: Path, name: str) -> CourseVersion:
    """The package as a new version, and its tasks/ folders into the school's task store
    (tasks the school already has by slug are kept as they are)."""
    data: CourseData = read_zip(archive)
    with session_scope() as db:
        version = import_course(db, school_id=school_id, data=data, user_id=user_id, source=name)
        folder = files_root() / version.files_dir
        if (folder / "tasks").is_dir():
            problems = _task_problems(folder)
            if problems:  # raised inside the transaction: the version is not kept
                raise CourseInvalid("course_invalid", problems)
            load_course_tasks(db, school_id=school_id, course=folder, created_by=user_id)
        return version


@post("/courses/import", opt=STAFF, request_max_body_size=MAX_BYTES + (1 << 20))
async def course_import(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """A course package (zip): a new course, or a new version of the course with its slug."""
    viewer, school_id = _school(request)
    file = data.get("file")
    content = await file.read() if isinstance(file, UploadFile) else b""
    if not isinstance(file, UploadFile) or not content or len(content) > MAX_BYTES:
        return _list(
            request,
            school_id,
            400,
            errors=[tr(request, N_("Choose a course package (.zip) of at most 200 MB."))],
        )
    name = Path(file.filename or "course.zip").name
    with tempfile.TemporaryDirectory(prefix="sabaq-upload-") as tmp:
        archive = Path(tmp) / "course.zip"
        archive.write_bytes(content)
        try:  # thousands of task files to unpack and store: off the event loop
            version = await anyio.to_thread.run_sync(
                partial(_import, school_id, viewer.id, archive, name)
            )
        except CourseInvalid as exc:
            return _list(
                request,
                school_id,
                400,
                problems=[tr(request, m) for m in exc.messages],
                filename=name,
            )
    flash(
        request, tr(request, N_("Course imported as version %(n)s.")) % {"n": version.number}, "ok"
    )
    return go(f"/courses/{version.course_id}")


@get("/courses/{course_id:int}", opt=STAFF, sync_to_thread=False)
def course_detail(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Template | Redirect:
    """One course: its modules and lessons, versions, openings, and the form to open it (a
    course not published yet: its editor)."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        try:
            course = get_course(db, school_id=school_id, course_id=course_id)
        except CourseNotFound as exc:
            raise NotFoundException() from exc
        if course.current_version_id is None:
            return go(f"/courses/{course_id}/edit")
        editing = find_draft(db, school_id=school_id, course_id=course_id) is not None
        out = outline(db, course, bodies=False)
        versions = versions_of(db, course)
        opened = openings_of(db, school_id=school_id, course_id=course_id)
        classes = db.exec(
            select(SchoolClass).where(
                SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None)
            )
        ).all()
    key = sort_key(request_locale(request))
    classes = sorted(classes, key=lambda c: key(c.code))
    return page(
        request,
        "courses/detail.html",
        course=course,
        out=out,
        versions=versions,
        opened=opened,
        classes=classes,
        text=reader(request),
        today=date.today(),
        editing=editing,
    )


@get("/courses/{course_id:int}/export", opt=STAFF, sync_to_thread=False)
def course_export(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Response[bytes]:
    """The current version as a course package (zip), the same format as the import."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        try:
            course = get_course(db, school_id=school_id, course_id=course_id)
            data = course_data(db, course)  # a course not published yet has nothing to export
        except CourseNotFound as exc:
            raise NotFoundException() from exc
    return Response(
        zip_bytes(data),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{course.slug}.zip"'},
    )


@post("/courses/{course_id:int}/copy", opt=STAFF, sync_to_thread=False)
def course_copy(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Redirect:
    """A copy of the course's current version as a new course of the school (to change freely)."""
    viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            copy = copy_course(db, school_id=school_id, course_id=course_id, user_id=viewer.id)
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    flash(request, tr(request, N_("Course copied.")), "ok")
    return go(f"/courses/{copy.id}")


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


@post("/courses/{course_id:int}/open", opt=STAFF, sync_to_thread=False)
def course_open(request: Request[Any, Any, Any], course_id: FromPath[int], data: Form) -> Redirect:
    """Opens the course (or one module) to a class from a start date, until an end date."""
    viewer, school_id = _school(request)
    class_id = int(data["class_id"]) if data.get("class_id", "").isdigit() else 0
    starts = _day(data.get("starts_on", "")) or date.today()
    try:
        with session_scope() as db:
            open_course(
                db,
                school_id=school_id,
                course_id=course_id,
                class_id=class_id,
                starts_on=starts,
                ends_on=_day(data.get("ends_on", "")),
                module_slug=data.get("module", ""),
                user_id=viewer.id,
            )
    except CourseNotFound as exc:
        if exc.code == "course_not_found":
            raise NotFoundException() from exc
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(f"/courses/{course_id}")
    except CourseError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(f"/courses/{course_id}")
    flash(request, tr(request, N_("The course is open to the class.")), "ok")
    return go(f"/courses/{course_id}")


@post("/courses/openings/{opening_id:int}/close", opt=STAFF, sync_to_thread=False)
def opening_close(request: Request[Any, Any, Any], opening_id: FromPath[int]) -> Redirect:
    """Withdraws an opening; what students did stays."""
    _viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            row = close_opening(db, school_id=school_id, assignment_id=opening_id)
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    flash(request, tr(request, N_("The opening is withdrawn.")), "ok")
    return go(f"/courses/{row.course_id}")


ROUTES = [
    course_list,
    course_import,
    course_detail,
    course_export,
    course_copy,
    course_open,
    opening_close,
]
