"""Shared glue of the report pages: who reads reports, the period asked for, file responses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from sqlmodel import Session

from journal.assessment import mark_text
from journal.reports import (
    AttendanceReport,
    ClassGrades,
    ClassRef,
    Period,
    SchoolGrades,
    attendance_report,
    chronic_threshold,
    grade_statistics,
    period_choices,
    resolve_period,
    visible_class,
    visible_classes,
)
from journal.reports.settings import parse_percent
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.school import School
from web.auth import Viewer, require_school
from web.controllers.grades_common import as_date, as_int, grader_teacher
from web.controllers.register_common import school_today
from web.i18n import sort_key, translator
from web.pages import request_locale

READERS = {"roles": (SCHOOL_ADMIN, TEACHER)}
ADMIN = {"roles": (SCHOOL_ADMIN,)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def period_of(
    db: Session,
    school_id: int,
    token: str | None,
    start: str | None = None,
    end: str | None = None,
    *,
    dates: bool = False,
) -> tuple[Period, list[Period]]:
    """The period a page asked for (dates only where the page offers them) and the choices."""
    choices = period_choices(db, school_id=school_id)
    period = resolve_period(
        db, school_id=school_id, token=token if dates or token != "dates" else None,
        today=school_today(), start=as_date(start), end=as_date(end),
    )  # fmt: skip
    return period, choices


def reader_sort(request: Request[Any, Any, Any]) -> Callable[[str], Any]:
    """How names sort in the reader's language."""
    return sort_key(request_locale(request))


def reader_text(request: Request[Any, Any, Any]) -> Callable[[str], str]:
    """The reader's gettext, for charts and workbooks."""
    return translator(request_locale(request)).gettext


def mark_word(request: Request[Any, Any, Any]) -> Callable[[str], str]:
    """A mark as pages show it: digits as they are, "pass", "fail" and levels translated."""
    translation = translator(request_locale(request))

    def word(mark: str) -> str:
        shown = mark_text(mark) if mark else ""
        return shown if isinstance(shown, str) else translation.render(shown)

    return word


def school_text(school: School | None) -> Callable[[str], str]:
    """The school's language (its default setting), for report cards."""
    return translator(school.language if school else None).gettext


def download(body: bytes, media_type: str, name: str) -> Response[bytes]:
    """A file to save: an ASCII name for old clients and the Unicode one (RFC 6266)."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media_type, headers={"content-disposition": disposition})


def threshold_of(value: str | None, default: float) -> float:
    """The chronic-absence threshold typed on the page (percent), else the default (the
    school's setting)."""
    number = parse_percent(value or "")
    return default if number is None else number


def today() -> date:
    """The school's date now."""
    return school_today()


def school_name(db: Session, school_id: int) -> str:
    """The school's name, as reports print it above their tables."""
    school = db.get(School, school_id)
    return school.name if school else ""


def period_name(period: Period) -> str:
    """A term's or year's name, or the dates "01.09.2026 – 30.10.2026"."""
    if period.name:
        return period.name
    return f"{period.start.strftime('%d.%m.%Y')} – {period.end.strftime('%d.%m.%Y')}"


@dataclass(frozen=True, slots=True)
class ClassView:
    """What a class's report shows (and its workbook holds)."""

    klass: ClassRef
    period: Period
    choices: list[Period]
    grades: ClassGrades
    attendance: AttendanceReport


def class_view(
    db: Session, viewer: Viewer, class_id: int, period: str | None, key: Callable[[str], Any]
) -> ClassView:
    """A class's grades and attendance in the period asked for.

    Raises:
        JournalNotFound: the class is not one the viewer may see.
    """
    school_id = require_school(viewer)
    klass = visible_class(db, school_id=school_id, teacher_id=grader_teacher(viewer),
                          class_id=class_id)  # fmt: skip
    chosen, choices = period_of(db, school_id, period)
    stats = grade_statistics(db, school_id=school_id, period=chosen.key, class_ids=[class_id],
                             sort_key=key)  # fmt: skip
    attendance = attendance_report(db, school_id=school_id, start=chosen.start, end=chosen.end,
                                   class_ids=[class_id], sort_key=key)  # fmt: skip
    return ClassView(klass, chosen, choices, stats.classes[0], attendance)


@dataclass(frozen=True, slots=True)
class SchoolView:
    """What the school report shows (and its workbook holds)."""

    period: Period
    choices: list[Period]
    grades: SchoolGrades
    attendance: AttendanceReport  # by class and student, without weeks


def school_view(
    db: Session, school_id: int, period: str | None, key: Callable[[str], Any]
) -> SchoolView:
    """Every class's grades and attendance in the period asked for."""
    chosen, choices = period_of(db, school_id, period)
    stats = grade_statistics(db, school_id=school_id, period=chosen.key, sort_key=key)
    attendance = attendance_report(db, school_id=school_id, start=chosen.start, end=chosen.end,
                                   sort_key=key, weeks=False)  # fmt: skip
    return SchoolView(chosen, choices, stats, attendance)


@dataclass(frozen=True, slots=True)
class AttendanceView:
    """The attendance page's filters and report."""

    classes: list[ClassRef]  # the classes the viewer may pick
    one: ClassRef | None  # the class picked, None: every class the viewer sees
    period: Period
    choices: list[Period]
    report: AttendanceReport


ATTENDANCE_FIELDS = ("class_id", "period", "start", "end", "threshold")


def attendance_fields(request: Request[Any, Any, Any]) -> dict[str, str | None]:
    """The attendance page's filters from the query (the page and its workbook share them)."""
    return {name: request.query_params.get(name) for name in ATTENDANCE_FIELDS}


def attendance_view(
    db: Session, viewer: Viewer, query: dict[str, str | None], key: Callable[[str], Any]
) -> AttendanceView:
    """Attendance of the class picked (or of every class the viewer sees) in the period asked
    for; `query` holds the page's fields (ATTENDANCE_FIELDS)."""
    school_id, teacher = require_school(viewer), grader_teacher(viewer)
    classes = visible_classes(db, school_id=school_id, teacher_id=teacher, sort_key=key)
    chosen, choices = period_of(db, school_id, query.get("period"), query.get("start"),
                                query.get("end"), dates=True)  # fmt: skip
    one = next((c for c in classes if c.id == as_int(query.get("class_id"))), None)
    # the admin's whole school reads without a class filter: one pass over the marks
    every = one is None and teacher is None
    report = attendance_report(
        db, school_id=school_id, start=chosen.start, end=chosen.end,
        class_ids=None if every else [c.id for c in ([one] if one else classes)],
        threshold=threshold_of(query.get("threshold"), chronic_threshold(db, school_id=school_id)),
        sort_key=key,
    )  # fmt: skip
    return AttendanceView(classes, one, chosen, choices, report)
