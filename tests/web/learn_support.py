"""Course fixtures for the web tests: the starter courses in the demo school, answers by form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar.testing import TestClient
from sqlmodel import select

from lms.courses.content import CourseData
from lms.courses.library import get_course, import_course, outline
from lms.courses.opening import open_course
from lms.courses.starter import STARTER, load_demo_courses, load_starter_courses
from models.accounts import UserAccount
from models.db import session_scope
from models.lms import CourseAssignment, CourseStep
from tests.web.conftest import DemoStore, login
from web.demo_accounts import DEMO_PASSWORD


@dataclass(frozen=True)
class Courses:
    school_id: int
    python: int
    html: int
    student: int  # the demo student's account id


def load_courses(store: DemoStore) -> Courses:
    """Both starter courses in the demo school; Python opened to the demo student's class."""
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        school_id = account.school_id or 0
        python = load_demo_courses(
            db, school_id=school_id, student_login="student", today=date.today()
        )
        html = load_starter_courses(db, school_id=school_id)[STARTER[1]]
    return Courses(school_id, python, html, account.id or 0)


def steps_of(courses: Courses, course_id: int) -> list[CourseStep]:
    with session_scope() as db:
        return outline(
            db, get_course(db, school_id=courses.school_id, course_id=course_id)
        ).all_steps()


def form_of(step: CourseStep, right: bool) -> dict[str, str]:
    """The lesson form's fields for a right (or a wrong) answer of a graded step."""
    options = step.body.get("options", [])
    pick = [i for i, o in enumerate(options) if bool(o["correct"]) == right]
    if step.kind == "single":
        return {"choice": str(pick[0])}
    if step.kind == "multiple":
        return {f"choice-{i}": "1" for i in (pick if right else pick[:1])}
    answers = step.body["answers"]
    return {f"blank-{n}": (a[0] if right else "?") for n, a in enumerate(answers)}


def enter(
    client: TestClient, login_name: str, password: str = DEMO_PASSWORD, lang: str = "en"
) -> None:
    """Log in and choose the page language (kept on the account, so every test sets its own)."""
    login(client, login_name, password)
    client.post(
        "/language",
        data={"language": lang, "next": "/", "_csrf_token": csrf(client)},
        follow_redirects=False,
    )


def csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def post_answer(
    client: TestClient, step: CourseStep, fields: dict[str, str], *, json: bool = True
) -> Any:
    headers = {"accept": "application/json"} if json else {}
    return client.post(
        f"/learn/steps/{step.id}/answer",
        data={**fields, "_csrf_token": csrf(client)},
        headers=headers,
        follow_redirects=False,
    )


def visit(client: TestClient, step: CourseStep, **fields: str) -> Any:
    return client.post(
        f"/learn/steps/{step.id}/visit",
        data={**fields, "_csrf_token": csrf(client)},
        follow_redirects=False,
    )


def text_of(html: str) -> str:
    """The page's text without tags (for checking sentences)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def open_package(courses: Courses, data: CourseData) -> int:
    """A course package imported into the demo school and opened to the Python course's class."""
    with session_scope() as db:
        course_id = import_course(db, school_id=courses.school_id, data=data).course_id
        class_id = db.exec(
            select(CourseAssignment.class_id).where(CourseAssignment.course_id == courses.python)
        ).first()
        open_course(
            db,
            school_id=courses.school_id,
            course_id=course_id,
            class_id=class_id or 0,
            starts_on=date(2026, 1, 1),
        )
    return course_id
