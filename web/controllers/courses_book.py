"""A course's gradebook for a class (students x steps) and the school's progress on courses."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from markupsafe import Markup

from lms.courses.errors import CourseNotFound
from lms.courses.gradebook import Cell, class_gradebook, school_progress
from lms.courses.library import get_course, outline, school_courses
from models.accounts import SCHOOL_ADMIN
from models.classes import SchoolClass
from models.db import read_scope
from models.lms import PASSED
from web.controllers.courses import STAFF, _school
from web.controllers.learn_common import reader
from web.i18n import sort_key
from web.pages import page, request_locale

# A cell's look by status: passed, tried but wrong, opened only.
MARKS = {
    PASSED: ("gb-ok", "✓"), "wrong": ("gb-bad", "✗"), "submitted": ("gb-wait", "?"),
    "started": ("gb-seen", "·"),
}  # fmt: skip


@get("/courses/{course_id:int}/gradebook", opt=STAFF, sync_to_thread=False)
def gradebook(
    request: Request[Any, Any, Any], course_id: FromPath[int], class_id: FromQuery[int] = 0
) -> Template:
    """Every student of the class x every step: status, score, attempts and time in each cell."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        klass = db.get(SchoolClass, class_id)
        if klass is None or klass.school_id != school_id or klass.deleted_at is not None:
            raise NotFoundException()
        try:
            course = get_course(db, school_id=school_id, course_id=course_id)
        except CourseNotFound as exc:
            raise NotFoundException() from exc
        out = outline(db, course, bodies=False)
        book = class_gradebook(
            db,
            school_id=school_id,
            outline=out,
            class_id=class_id,
            sort_key=sort_key(request_locale(request)),
        )
    lessons = [
        (lesson, len(out.steps.get(lesson.id or 0, [])))
        for m in out.modules
        for lesson in out.lessons.get(m.id or 0, [])
    ]
    return page(
        request,
        "courses/gradebook.html",
        cells=[_cells_html(row.cells) for row in book.rows],
        course=course,
        klass=klass,
        book=book,
        lessons=lessons,
        marks=MARKS,
        text=reader(request),
    )


def _cells_html(cells: list[Cell | None]) -> Markup:
    """A row's cells as HTML, built here: 9,000 cells through the template engine took most
    of the page's time. Only fixed classes, symbols and numbers go into it."""
    parts = []
    for cell in cells:
        if cell is None:
            parts.append("<td></td>")
            continue
        status, score, attempts, seconds = cell
        look, symbol = MARKS.get(status, MARKS["started"])
        parts.append(
            f'<td class="{look}" data-c="{float(score):g} {int(attempts)} {int(seconds)}">'
            f"{symbol}</td>"
        )
    return Markup("".join(parts))


@get("/courses/progress", opt={"roles": (SCHOOL_ADMIN,)}, sync_to_thread=False)
def progress(request: Request[Any, Any, Any]) -> Template:
    """The school admin's view: for every course, how far each class it is open to has got."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        rows = []
        for course, version in school_courses(db, school_id=school_id):
            if version is None:
                continue
            out = outline(db, course, bodies=False)
            rows.append((course, school_progress(db, school_id=school_id, outline=out)))
    return page(request, "courses/progress.html", rows=rows, text=reader(request))


ROUTES = [gradebook, progress]
