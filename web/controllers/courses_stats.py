"""Teachers' analytics of courses: a course for a class or the school (the lesson funnel and the
hardest steps), one student's learning, and the live view of a lesson in progress (polled by
courses_live.js every few seconds). Charts are SVG drawn on the server, a table beside each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from sqlmodel import Session

from journal.reports.charts import Bar, bar_chart
from lms.courses.analytics import course_stats, live, student_stats
from lms.courses.errors import CourseNotFound
from lms.courses.gradebook import class_gradebook, class_students
from lms.courses.library import Outline, get_course, outline
from lms.courses.opening import openings_of
from models.accounts import STUDENT, UserAccount
from models.classes import SchoolClass
from models.db import read_scope
from models.people import Student
from web.controllers.courses import STAFF, _school
from web.controllers.learn_badges import shown_badges
from web.controllers.learn_common import reader
from web.i18n import sort_key
from web.pages import page, request_locale, tr
from web.scheduler import schedule_settings

STATES = ("working", "stuck", "idle", "away")


def _course(db: Session, school_id: int, course_id: int) -> Outline:
    try:
        course = get_course(db, school_id=school_id, course_id=course_id)
        return outline(db, course, bodies=False)
    except CourseNotFound as exc:  # no such course, or not published yet
        raise NotFoundException() from exc


def _class(db: Session, school_id: int, class_id: int) -> SchoolClass:
    klass = db.get(SchoolClass, class_id)
    if klass is None or klass.school_id != school_id or klass.deleted_at is not None:
        raise NotFoundException()
    return klass


@get("/courses/{course_id:int}/stats", opt=STAFF, sync_to_thread=False)
def course_page(
    request: Request[Any, Any, Any], course_id: FromPath[int], class_id: FromQuery[int] = 0
) -> Template:
    """A course's funnel by lesson and its hardest steps, for a class or the whole school."""
    _viewer, school_id = _school(request)
    text = reader(request)
    with read_scope() as db:
        out = _course(db, school_id, course_id)
        classes = [k for _a, k in openings_of(db, school_id=school_id, course_id=course_id)]
        klass = _class(db, school_id, class_id) if class_id else None
        book = None
        if klass is not None:
            book = class_gradebook(
                db,
                school_id=school_id,
                outline=out,
                class_id=class_id,
                sort_key=sort_key(request_locale(request)),
            )
        users = [r.account_id for r in book.rows if r.account_id] if book else None
        stats = course_stats(db, school_id=school_id, outline=out, user_ids=users)
    funnel_svg = bar_chart(
        [Bar(str(n), f.completed, str(f.completed), "ok") for n, f in enumerate(stats.funnel, 1)],
        chart_id="lms-an-funnel",
        title=tr(request, "Students who completed each lesson"),
        desc=", ".join(f"{text(f.lesson.title)}: {f.completed}" for f in stats.funnel),
        maximum=max(stats.students, 1),
    )
    hard_svg = bar_chart(
        [
            Bar(f"{h.lesson.position}.{h.step.position}", h.wrong, str(h.wrong), "bad")
            for h in stats.hardest
        ],
        chart_id="lms-an-hard",
        title=tr(request, "Wrong attempts on the hardest steps"),
        desc=", ".join(
            f"{text(h.lesson.title)} {h.step.position}: {h.wrong}" for h in stats.hardest
        ),
    )
    unique = list({k.id: k for k in classes}.values())
    return page(
        request,
        "courses/stats.html",
        course=out.course,
        stats=stats,
        klass=klass,
        classes=unique,
        book=book,
        funnel_svg=funnel_svg,
        hard_svg=hard_svg,
        text=text,
    )


@get("/courses/students/{user_id:int}", opt=STAFF, sync_to_thread=False)
def student_page(request: Request[Any, Any, Any], user_id: FromPath[int]) -> Template:
    """One student's learning: activity over four weeks, visits, time, tasks solved, badges."""
    _viewer, school_id = _school(request)
    tz = schedule_settings().timezone
    with read_scope() as db:
        account = db.get(UserAccount, user_id)
        if account is None or account.school_id != school_id or account.role != STUDENT:
            raise NotFoundException()
        person = db.get(Student, account.student_id or 0)
        klass = db.get(SchoolClass, person.class_id) if person and person.class_id else None
        stats = student_stats(
            db, school_id=school_id, user_id=user_id, tz=tz, today=datetime.now(tz).date()
        )
        badges = [b for b in shown_badges(db, user_id=user_id) if b.at]
    minutes = tr(request, "minutes")
    svg = bar_chart(
        [
            Bar(_short(d.day), round(d.seconds / 60), str(round(d.seconds / 60)), "")
            for d in stats.days
        ],
        chart_id="lms-an-days",
        title=tr(request, "Minutes of learning a day"),
        desc=", ".join(
            f"{d.day.isoformat()}: {round(d.seconds / 60)} {minutes}" for d in stats.days
        ),
    )
    return page(
        request,
        "courses/student.html",
        account=account,
        klass=klass,
        stats=stats,
        svg=svg,
        badges=badges,
        text=reader(request),
    )


def _short(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}"


def _where(request: Request[Any, Any, Any], title: dict[str, str], position: int) -> str:
    return f"{reader(request)(title)} · {tr(request, 'step %(n)s') % {'n': position}}"


def _live_rows(request: Request[Any, Any, Any], course_id: int, class_id: int) -> dict[str, Any]:
    _viewer, school_id = _school(request)
    with read_scope() as db:
        out = _course(db, school_id, course_id)
        klass = _class(db, school_id, class_id)
        people = [
            (a, s.name) for s, a in class_students(db, school_id=school_id, class_id=class_id) if a
        ]
        key = sort_key(request_locale(request))
        rows = live(
            db, school_id=school_id, outline=out, people=sorted(people, key=lambda p: key(p[1]))
        )
    labels = {
        "working": tr(request, "working"),
        "stuck": tr(request, "stuck"),
        "idle": tr(request, "idle"),
        "away": tr(request, "not in the course now"),
    }
    shown = [
        {
            "id": r.user_id,
            "name": r.name,
            "state": r.state,
            "label": labels[r.state],
            "where": _where(request, r.lesson.title, r.step.position)
            if r.step and r.lesson
            else "",
            "wrong": r.wrong,
            "seen": r.seen.isoformat() if r.seen else "",
        }
        for r in rows
    ]
    counts = {state: sum(1 for r in rows if r.state == state) for state in STATES}
    return {"course": out.course, "klass": klass, "rows": shown, "counts": counts, "labels": labels}


@get("/courses/{course_id:int}/live", opt=STAFF, sync_to_thread=False)
def live_page(
    request: Request[Any, Any, Any], course_id: FromPath[int], class_id: FromQuery[int] = 0
) -> Template:
    """Who is on which step now, stuck or idle; refreshed every few seconds."""
    found = _live_rows(request, course_id, class_id)
    return page(request, "courses/live.html", text=reader(request), **found)


@get("/courses/{course_id:int}/live.json", opt=STAFF, sync_to_thread=False)
def live_json(
    request: Request[Any, Any, Any], course_id: FromPath[int], class_id: FromQuery[int] = 0
) -> Response[Any]:
    """The live view's rows as JSON, for courses_live.js."""
    found = _live_rows(request, course_id, class_id)
    return Response(
        {"rows": found["rows"], "counts": found["counts"]}, headers={"cache-control": "no-store"}
    )


ROUTES = [course_page, student_page, live_page, live_json]
