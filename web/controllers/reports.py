"""Report pages: the classes a reader sees, a class's report, the school's, and attendance.

Teachers see the class they lead (listed first, "My class") and the classes they teach; the
school admin sees every class, the school report and the report settings. Every page reads in
`read_scope` and is scoped to the viewer's school. Downloads (Excel, PDF) are in
`reports_files`; ROUTES gathers both.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from journal.reports import labels as report_labels
from journal.reports import (
    marks_chart,
    quality_chart,
    visible_classes,
    weeks_chart,
)
from journal.reports.grades import CATEGORIES, MARK_COLUMNS
from journal.reports.scope import TERM
from journal.teaching import teaching_pairs
from models.db import read_scope
from web.auth import require_school, require_viewer
from web.controllers import reports_files
from web.controllers.grades_common import grader_teacher
from web.controllers.register_common import http_errors
from web.controllers.reports_common import (
    ADMIN,
    READERS,
    attendance_fields,
    attendance_view,
    class_view,
    mark_word,
    reader_sort,
    reader_text,
    school_view,
)
from web.pages import page

WORDS = {"labels": report_labels, "categories": CATEGORIES, "mark_columns": MARK_COLUMNS}


def _words(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What every report template needs: the report words and how marks are shown."""
    # `word` translates without %-formatting: some labels end in "%" ("Success rate, %")
    return {**WORDS, "mark_word": mark_word(request), "word": reader_text(request)}


@get("/reports", opt=READERS, sync_to_thread=False)
def reports_index(request: Request[Any, Any, Any]) -> Template:
    """The classes the reader may see reports of, and the school's reports for the admin."""
    viewer = require_viewer(request)
    with read_scope() as db:
        classes = visible_classes(
            db, school_id=require_school(viewer), teacher_id=grader_teacher(viewer),
            sort_key=reader_sort(request),
        )  # fmt: skip
    return page(request, "reports/index.html", classes=classes)


@get("/reports/class/{class_id:int}", opt=READERS, sync_to_thread=False)
def class_report(
    request: Request[Any, Any, Any], class_id: FromPath[int], period: FromQuery[str | None] = None
) -> Template:
    """A class's term or year: students by marks, subjects, each student's marks, attendance."""
    viewer = require_viewer(request)
    key, t = reader_sort(request), reader_text(request)
    with read_scope() as db, http_errors():
        view = class_view(db, viewer, class_id, period, key)
        pairs = teaching_pairs(db, school_id=require_school(viewer), teacher_id=None, sort_key=key)
    chosen = view.period
    terms = [p for p in view.choices if p.kind == TERM and chosen.start <= p.start <= chosen.end]
    return page(
        request, "reports/class.html", view=view, period=chosen, choices=view.choices,
        grades=view.grades, attendance=view.attendance, terms=terms,
        subjects=[p for p in pairs if p.class_id == class_id],
        marks_svg=marks_chart(view.grades.summary.marks, chart_id="marks", translate=t),
        weeks_svg=weeks_chart(view.attendance, chart_id="weeks", translate=t), **_words(request),
    )  # fmt: skip


@get("/reports/school", opt=ADMIN, sync_to_thread=False)
def school_report(
    request: Request[Any, Any, Any], period: FromQuery[str | None] = None
) -> Template:
    """Every class of the school: students by marks, quality and success by subject and class."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        view = school_view(db, school_id, period, reader_sort(request))
    chart = quality_chart(view.grades, chart_id="quality", translate=reader_text(request))
    return page(
        request, "reports/school.html", period=view.period, choices=view.choices,
        stats=view.grades, attendance=view.attendance, quality_svg=chart, **_words(request),
    )  # fmt: skip


@get("/reports/attendance", opt=READERS, sync_to_thread=False)
def attendance_page(request: Request[Any, Any, Any]) -> Template:
    """Attendance of a class (or every class the reader sees) in a term, the year or dates."""
    viewer = require_viewer(request)
    fields = attendance_fields(request)
    with read_scope() as db:
        view = attendance_view(db, viewer, fields, reader_sort(request))
    weeks = weeks_chart(view.report, chart_id="weeks", translate=reader_text(request))
    return page(
        request, "reports/attendance.html", view=view, report=view.report, period=view.period,
        choices=view.choices, query=request.url.query, weeks_svg=weeks, **_words(request),
    )  # fmt: skip


ROUTES = [reports_index, class_report, school_report, attendance_page, *reports_files.ROUTES]
