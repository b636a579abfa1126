"""Report downloads: the report pages as Excel, report cards as PDF, registers as Excel.

Workbooks are headed in the reader's language; report cards are written in the school's
language (its default language setting), as a school hands them to families.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from journal.reports import (
    attendance_xlsx,
    cards_pdf,
    class_report_xlsx,
    lesson_register_xlsx,
    lesson_sheet,
    report_cards,
    school_report_xlsx,
    term_register,
    term_register_xlsx,
    visible_class,
    year_of,
)
from models.db import read_scope
from models.school import School
from web.auth import require_school, require_viewer
from web.controllers.grades_common import grader_teacher
from web.controllers.register_common import KEEPERS, http_errors, who
from web.controllers.reports_common import (
    ADMIN,
    PDF,
    READERS,
    XLSX,
    attendance_fields,
    attendance_view,
    class_view,
    download,
    period_name,
    period_of,
    reader_sort,
    reader_text,
    school_name,
    school_text,
    school_view,
    today,
)


@get("/reports/class/{class_id:int}/report.xlsx", opt=READERS, sync_to_thread=False)
def class_xlsx(
    request: Request[Any, Any, Any], class_id: FromPath[int], period: FromQuery[str | None] = None
) -> Response[bytes]:
    """A class's report as a workbook: summary, subjects, students' marks, attendance."""
    viewer = require_viewer(request)
    with read_scope() as db, http_errors():
        view = class_view(db, viewer, class_id, period, reader_sort(request))
        name = school_name(db, require_school(viewer))
    body = class_report_xlsx(
        view.grades, view.attendance, school=name, period=period_name(view.period),
        translate=reader_text(request),
    )  # fmt: skip
    return download(body, XLSX, f"{view.klass.code}-{view.period.name or 'report'}.xlsx")


@get("/reports/school/report.xlsx", opt=ADMIN, sync_to_thread=False)
def school_xlsx(
    request: Request[Any, Any, Any], period: FromQuery[str | None] = None
) -> Response[bytes]:
    """The school's report as a workbook."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        view = school_view(db, school_id, period, reader_sort(request))
        name = school_name(db, school_id)
    body = school_report_xlsx(
        view.grades, view.attendance, school=name, period=period_name(view.period),
        translate=reader_text(request),
    )  # fmt: skip
    return download(body, XLSX, f"school-{view.period.name or 'report'}.xlsx")


@get("/reports/attendance/report.xlsx", opt=READERS, sync_to_thread=False)
def attendance_file(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The attendance page as a workbook, with the same filters."""
    viewer = require_viewer(request)
    fields = attendance_fields(request)
    with read_scope() as db:
        view = attendance_view(db, viewer, fields, reader_sort(request))
        name = school_name(db, require_school(viewer))
    code = view.one.code if view.one else ""
    heading = " · ".join(x for x in (code, period_name(view.period)) if x)
    body = attendance_xlsx(view.report, school=name, heading=heading,
                           translate=reader_text(request))  # fmt: skip
    return download(body, XLSX, f"attendance-{code or 'all'}.xlsx")


@get("/reports/class/{class_id:int}/cards.pdf", opt=READERS, sync_to_thread=False)
def cards_file(
    request: Request[Any, Any, Any],
    class_id: FromPath[int],
    period: FromQuery[str | None] = None,
    student_id: FromQuery[int | None] = None,
) -> Response[bytes]:
    """Report cards of a class (or one student) for the period's year, in the school's language."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db, http_errors():
        klass = visible_class(db, school_id=school_id, teacher_id=grader_teacher(viewer),
                              class_id=class_id)  # fmt: skip
        chosen, _ = period_of(db, school_id, period)
        year = year_of(db, school_id=school_id, period=chosen)
        if year is None or year.id is None:
            raise NotFoundException()
        school = db.get(School, school_id)
        cards = report_cards(
            db, school_id=school_id, class_id=class_id, academic_year_id=year.id,
            student_id=student_id, sort_key=reader_sort(request),
        )  # fmt: skip
    body = cards_pdf(cards, translate=school_text(school), issued=today())
    return download(body, PDF, f"cards-{klass.code}-{year.name}.pdf")


@get("/reports/class/{class_id:int}/register.xlsx", opt=READERS, sync_to_thread=False)
def term_register_file(
    request: Request[Any, Any, Any],
    class_id: FromPath[int],
    subject_id: FromQuery[int] = 0,
    term_id: FromQuery[int | None] = None,
) -> Response[bytes]:
    """A class's register of a subject over a term (dates as columns, term mark at the end)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db, http_errors():
        visible_class(db, school_id=school_id, teacher_id=grader_teacher(viewer), class_id=class_id)
        chosen, _ = period_of(db, school_id, f"term:{term_id}" if term_id else None)
        if chosen.ref is None or chosen.kind != "term":
            raise NotFoundException()
        register = term_register(
            db, school_id=school_id, class_id=class_id, subject_id=subject_id,
            term_id=chosen.ref, sort_key=reader_sort(request),
        )  # fmt: skip
        name = school_name(db, school_id)
    body = term_register_xlsx(register, school=name, translate=reader_text(request))
    return download(body, XLSX, f"{register.class_code}-{register.subject}-{register.term}.xlsx")


@get("/reports/lesson/{day:date}/{lesson_id:int}/{unit:int}/register.xlsx", opt=KEEPERS,
     sync_to_thread=False)  # fmt: skip
def lesson_register_file(
    request: Request[Any, Any, Any],
    day: FromPath[date],
    lesson_id: FromPath[int],
    unit: FromPath[int],
) -> Response[bytes]:
    """One lesson's register as a workbook, for whoever may open that register."""
    _, school_id, actor = who(request)
    with read_scope() as db, http_errors():
        sheet = lesson_sheet(db, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id,
                             unit=unit, sort_key=reader_sort(request))  # fmt: skip
        name = school_name(db, school_id)
    body = lesson_register_xlsx(sheet, school=name, translate=reader_text(request))
    return download(body, XLSX, f"{day.isoformat()}-{sheet.subject}-{sheet.audience}.xlsx")


ROUTES = [class_xlsx, school_xlsx, attendance_file, cards_file, term_register_file,
          lesson_register_file]  # fmt: skip
