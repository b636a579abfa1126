"""The student profile: /profile for the student (a parent picks a child), /profile/<student>
for specialists, the school admin, a class teacher and parents; the student's own profile
subjects and self-reported mock results. What each reader sees is guidance.profile.access."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

import guidance.atlas  # noqa: F401 - first: importing guidance.admissions first is circular
from guidance.admissions.school import admissions_for_school
from guidance.atlas.loader import shipped_atlas
from guidance.instruments.schema import pick
from guidance.profile.access import class_teacher_classes
from guidance.profile.advice import advice_for
from guidance.profile.assemble import Profile, build_profile
from guidance.work.errors import WorkNotFound
from guidance.work.mock_rules import KIND_LABELS, SUBJECT_LABELS, rules_for, rules_year
from guidance.work.mock_tests import Sitting, record_own, remove_result
from guidance.work.roster import class_students, school_classes
from guidance.work.subjects import allowed_pairs, choose_subjects
from journal.reports.charts import Point, line_chart
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
)
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.guidance_work import MOCK_KINDS
from models.people import Guardianship, Student
from web.auth import Viewer
from web.controllers.auth import Form
from web.controllers.grades_common import as_date
from web.controllers.guidance_work_common import (
    as_profile_viewer,
    local_time,
    not_found,
    refused,
    school_today,
    scope_for,
    who,
)
from web.controllers.profile_sources import JournalAndCourses
from web.controllers.profile_view import profession_cards
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr

READERS = {"roles": (STUDENT, PARENT, TEACHER, COUNSELLOR, PSYCHOLOGIST, SCHOOL_ADMIN)}
LISTERS = {"roles": (TEACHER, COUNSELLOR, PSYCHOLOGIST, SCHOOL_ADMIN)}
SUBJECT_CHOOSERS = {"roles": (STUDENT, COUNSELLOR)}
OWN = {"roles": (STUDENT,)}


def _children(db: Session, school_id: int, parent_id: int | None) -> list[Student]:
    links = select(Guardianship.student_id).where(
        Guardianship.school_id == school_id, Guardianship.parent_id == parent_id
    )
    return list(
        db.exec(
            select(Student).where(
                Student.school_id == school_id,
                col(Student.id).in_(links),
                col(Student.deleted_at).is_(None),
            )
        ).all()
    )


@get("/profile", opt=READERS, sync_to_thread=False)
def my_profile(request: Request[Any, Any, Any]) -> Template | Redirect:
    """The student's own profile; a parent's child (or the list of children); staff: the list."""
    viewer, school_id = who(request)
    if viewer.role == STUDENT and viewer.student_id is not None:
        return _render(request, viewer, school_id, viewer.student_id)
    if viewer.role == PARENT:
        with read_scope() as db:
            children = _children(db, school_id, viewer.parent_id)
        if len(children) == 1 and children[0].id is not None:
            return go(f"/profile/{children[0].id}")
        return page(request, "profile/children.html", children=children)
    return go("/profile/students")


@get("/profile/{student_id:int}", opt=READERS, sync_to_thread=False)
def student_profile(request: Request[Any, Any, Any], student_id: FromPath[int]) -> Template:
    """One student's profile as the reader may see it."""
    viewer, school_id = who(request)
    return _render(request, viewer, school_id, student_id)


def _render(request: Request[Any, Any, Any], viewer: Viewer, school_id: int,
            student_id: int) -> Template:  # fmt: skip
    language = request_locale(request)
    with scope_for(viewer) as db:
        try:
            profile = build_profile(
                db, school_id=school_id, student_id=student_id, viewer=as_profile_viewer(viewer),
                sources=JournalAndCourses(db, today=school_today(), language=language),
            )  # fmt: skip
        except WorkNotFound as exc:
            raise not_found(exc) from exc
        # the school's own yearly figures (grant scores...) where it entered them
        admissions = admissions_for_school(db, school_id=school_id)
        advice = advice_for(profile, admissions) if profile.audience.recommendations else None
    chosen = (profile.subjects.first, profile.subjects.second) if profile.subjects else ()
    cards = (
        profession_cards(advice, shipped_atlas(), admissions, language, chosen) if advice else []
    )
    return page(
        request, "profile/profile.html", p=profile, advice=advice, cards=cards,
        trends=_trends(request, profile), pairs=allowed_pairs(), subject_labels=SUBJECT_LABELS,
        kind_labels=KIND_LABELS, kinds=MOCK_KINDS, sections=_sections(),
        for_student=profile.audience.kind in ("self", "parent"), today=school_today(),
        pick=pick, local=local_time,
    )  # fmt: skip


def _sections() -> dict[str, Any]:
    today = school_today()
    return {kind: rules_for(kind, rules_year(kind, today)).sections for kind in MOCK_KINDS}


def _trends(request: Request[Any, Any, Any], profile: Profile) -> dict[str, str]:
    """An SVG line per kind of mock test with two or more sittings."""
    out = {}
    for kind, points in profile.mock.trends.items():
        if len(points) < 2:
            continue
        rules = profile.mock.latest(kind)
        high = float(rules.rules.total_max) if rules else 140.0
        label = tr(request, KIND_LABELS[kind])
        chart_points = [Point(day.strftime("%d.%m"), float(total), str(total))
                        for day, total in points]  # fmt: skip
        desc = ", ".join(f"{p.label}: {p.shown}" for p in chart_points)
        out[kind] = line_chart(chart_points, chart_id=f"mock-{kind}", title=label, desc=desc,
                               high=high)  # fmt: skip
    return out


@get("/profile/students", opt=LISTERS, sync_to_thread=False)
def profile_students(
    request: Request[Any, Any, Any], class_id: FromQuery[int | None] = None
) -> Template:
    """The classes the reader may open (every class for staff, their own for a class teacher)
    and the students of the chosen one."""
    viewer, school_id = who(request)
    order = sort_key(request_locale(request))
    with read_scope() as db:
        classes = school_classes(db, school_id=school_id)
        if viewer.role == TEACHER:
            mine = set(class_teacher_classes(db, school_id=school_id,
                                             teacher_id=viewer.teacher_id or 0))  # fmt: skip
            classes = [c for c in classes if c.id in mine]
        chosen = next((c for c in classes if c.id == class_id), classes[0] if classes else None)
        students = (
            class_students(db, school_id=school_id, class_id=chosen.id or 0, sort_key=order)
            if chosen is not None
            else []
        )
    return page(request, "profile/students.html", classes=classes, chosen=chosen,
                students=students)  # fmt: skip


@post("/profile/{student_id:int}/subjects", opt=SUBJECT_CHOOSERS, sync_to_thread=False)
def save_subjects(
    request: Request[Any, Any, Any], student_id: FromPath[int], data: Form
) -> Redirect:
    """The student's pair of profile subjects (the student themself or the counsellor)."""
    viewer, school_id = who(request)
    back = "/profile" if viewer.role == STUDENT else f"/profile/{student_id}"
    if viewer.role == STUDENT and viewer.student_id != student_id:
        raise NotFoundException()
    first, _, second = data.get("pair", "").partition("+")
    try:
        with session_scope() as db:
            choose_subjects(db, school_id=school_id, student_id=student_id, first=first,
                            second=second, user_id=viewer.id)  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, back)
    flash(request, tr(request, "Profile subjects saved."), "ok")
    return go(back)


@post("/profile/mock", opt=OWN, sync_to_thread=False)
def add_own_mock(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A student's own mock result (marked self-reported)."""
    viewer, school_id = who(request)
    kind = data.get("kind", "")
    day = as_date(data.get("taken_on")) or school_today()
    scores = {k.removeprefix(f"{kind}."): v for k, v in data.items() if k.startswith(f"{kind}.")}
    subjects = [data.get("subject_1", ""), data.get("subject_2", "")]
    try:
        with session_scope() as db:
            record_own(db, school_id=school_id, student_id=viewer.student_id or 0, kind=kind,
                       taken_on=day,
                       sitting=Sitting(scores, subjects), user_id=viewer.id)  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, "/profile#mock")
    flash(request, tr(request, "Your mock result is saved."), "ok")
    return go("/profile#mock")


@post("/profile/mock/{result_id:int}/remove", opt=OWN, sync_to_thread=False)
def remove_own_mock(request: Request[Any, Any, Any], result_id: FromPath[int]) -> Redirect:
    """A student removes one of their own self-reported results."""
    viewer, school_id = who(request)
    try:
        with session_scope() as db:
            remove_result(db, school_id=school_id, result_id=result_id,
                          student_id=viewer.student_id or -1)  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    flash(request, tr(request, "The result is removed."), "ok")
    return go("/profile#mock")


ROUTES = [my_profile, profile_students, student_profile, save_subjects, add_own_mock,
          remove_own_mock]  # fmt: skip
