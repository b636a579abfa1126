"""Students' courses (/learn): the courses opened to their class, a course, a lesson's steps.

Teachers and the school admin open the same course and lesson pages as a preview: answers are
graded but nothing is saved.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.courses.access import openings
from lms.courses.badges import due_badges
from lms.courses.errors import CourseNotFound
from lms.courses.progress import StepState, last_answer
from lms.courses.standings import leaderboard, points_of
from lms.courses.views import course_view, lesson_view
from models.accounts import STUDENT
from models.db import read_scope
from models.lms import PASSED, CourseLesson, CourseStep, CourseVersion
from web.auth import require_school, require_viewer
from web.controllers.learn_badges import catch_up, shown_badges
from web.controllers.learn_common import (
    LEARNERS,
    STUDENTS,
    files_base,
    learner,
    reader,
    step_card,
    step_tasks,
)
from web.pages import go, page
from web.scheduler import schedule_settings

BOARD_ROWS = 5


@get("/learn", opt=STUDENTS, sync_to_thread=False)
def my_courses(request: Request[Any, Any, Any]) -> Template:
    """The courses opened to the student's class, progress, where to continue, the school board."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        views = [
            (
                found,
                course_view(
                    db,
                    school_id=school_id,
                    course=found.course,
                    user_id=viewer.id,
                    modules=found.modules,
                ),
            )
            for found in openings(
                db, school_id=school_id, student_id=viewer.student_id, today=date.today()
            )
        ]
        board = leaderboard(db, school_id=school_id, limit=BOARD_ROWS)
        points = points_of(db, user_id=viewer.id)
        due = due_badges(db, school_id=school_id, user_id=viewer.id,
                         course_ids=[o.course.id or 0 for o, _v in views],
                         tz=schedule_settings().timezone)  # fmt: skip
    catch_up(request, school_id, viewer.id, bool(due))
    with read_scope() as db:
        badges = shown_badges(db, user_id=viewer.id)
    return page(
        request,
        "learn/index.html",
        views=views,
        board=board,
        kind="people",
        points=points,
        badges=badges,
        text=reader(request),
    )


@get("/learn/courses/{course_id:int}", opt=LEARNERS, sync_to_thread=False)
def course_page(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Template:
    """A course's modules and lessons with the student's progress in percent."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        course, who = learner(db, viewer, school_id, course_id)
        view = course_view(
            db, school_id=school_id, course=course, user_id=who.user_id, modules=who.modules
        )
        resume = view.lesson_of(view.continue_at) if view.continue_at else None
        badges = shown_badges(db, user_id=who.user_id, course_id=course_id) if who.user_id else []
    return page(
        request,
        "learn/course.html",
        course=course,
        view=view,
        who=who,
        text=reader(request),
        resume=resume,
        badges=badges,
    )


@get("/learn/lessons/{lesson_id:int}", opt=LEARNERS, sync_to_thread=False)
def lesson_page(
    request: Request[Any, Any, Any], lesson_id: FromPath[int], step: FromQuery[int] = 0
) -> Template | Redirect:
    """A lesson: the step bar with each step's status and one step (the first unfinished)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        try:
            course_id = _course_id(db, school_id, lesson_id)
            course, who = learner(db, viewer, school_id, course_id)
            view = lesson_view(
                db,
                school_id=school_id,
                lesson_id=lesson_id,
                user_id=who.user_id,
                modules=who.modules,
            )
        except CourseNotFound as exc:
            raise NotFoundException() from exc
        if view.lesson.id != lesson_id:  # an older version's lesson: the same lesson now
            return go(f"/learn/lessons/{view.lesson.id}")
        tasks = step_tasks(db, school_id, view.steps)
        states = view.course.states
        current = view.steps[_step_shown(view.steps, states, step) - 1]
        state = states.get(current.key, StepState(""))
        if who.user_id and state.status:  # the last answer, shown with its marks
            given = last_answer(db, user_id=who.user_id, course_id=course.id or 0, key=current.key)
            state = replace(state, answer=given)
    base = files_base(view.lesson.version_id, view.lesson.slug)
    card = step_card(request, current, state, base, tasks)
    return page(
        request,
        "learn/lesson.html",
        course=course,
        view=view,
        who=who,
        card=card,
        states=states,
        text=reader(request),
        student=viewer.role == STUDENT,
    )


def _step_shown(steps: list[CourseStep], states: dict[str, StepState], asked: int) -> int:
    """The step asked for, else the first one not passed yet (else the first)."""
    if 1 <= asked <= len(steps):
        return asked
    return next((s.position for s in steps if states.get(s.key, StepState("")).status != PASSED), 1)


def _course_id(db: Any, school_id: int, lesson_id: int) -> int:
    lesson = db.get(CourseLesson, lesson_id)
    version = db.get(CourseVersion, lesson.version_id) if lesson else None
    if version is None or version.school_id != school_id:
        raise NotFoundException()
    return int(version.course_id)


ROUTES = [my_courses, course_page, lesson_page]
