"""Students' side: openings by class and date, answers saved with points once, progress kept by
step keys across versions, task steps from the judge's submissions, tenancy, next step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from lms.courses.access import opening_for, openings
from lms.courses.content import read_folder
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.library import get_course, import_course, outline
from lms.courses.opening import close_opening, open_course
from lms.courses.progress import (
    Answered,
    answer_step,
    last_touched,
    next_step,
    points_source,
    share,
    states,
    visit_step,
)
from lms.courses.starter import CONTENT
from models.judge import RUN, JudgeTask, Submission
from models.lms import CourseStep
from models.points import PointsEntry
from tests.courses.conftest import World

TODAY = date(2026, 11, 27)


def right_answer(step: CourseStep) -> dict[str, Any]:
    """The answer that passes a graded step, read from its data."""
    if step.kind == "single":
        return {"choice": next(i for i, o in enumerate(step.body["options"]) if o["correct"])}
    if step.kind == "multiple":
        return {"choices": [i for i, o in enumerate(step.body["options"]) if o["correct"]]}
    return {"blanks": [a[0] for a in step.body["answers"]]}


def wrong_answer(step: CourseStep) -> dict[str, Any]:
    if step.kind in ("single", "multiple"):
        wrong = next(i for i, o in enumerate(step.body["options"]) if not o["correct"])
        return {"choice": wrong} if step.kind == "single" else {"choices": [wrong]}
    return {"blanks": ["?"] * len(step.body["answers"])}


def load(db: Session, school_id: int, slug: str = "html-css-basics") -> int:
    version = import_course(db, school_id=school_id, data=read_folder(CONTENT / slug))
    db.commit()
    return version.course_id


def answer(
    db: Session,
    school_id: int,
    user: int,
    course_id: int,
    step: CourseStep,
    given: dict[str, Any],
    seconds: int = 0,
) -> Answered:
    return answer_step(
        db,
        school_id=school_id,
        user_id=user,
        course_id=course_id,
        step=step,
        answer=given,
        seconds=seconds,
    )


def open_to(db: Session, school_id: int, course_id: int, class_id: int, **when: Any) -> int:
    when.setdefault("starts_on", TODAY)
    row = open_course(db, school_id=school_id, course_id=course_id, class_id=class_id, **when)
    return row.id or 0


def test_openings_follow_class_dates_and_modules(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    student = world.people_a[0]
    assert openings(db, school_id=world.school_a, student_id=student, today=TODAY) == []
    later = open_to(
        db, world.school_a, course_id, world.class_a, starts_on=TODAY + timedelta(days=3)
    )
    assert openings(db, school_id=world.school_a, student_id=student, today=TODAY) == []
    close_opening(db, school_id=world.school_a, assignment_id=later)
    open_to(
        db,
        world.school_a,
        course_id,
        world.class_a,
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY - timedelta(days=1),
        module_slug="first-page",
    )
    found = opening_for(
        db, school_id=world.school_a, student_id=student, course_id=course_id, today=TODAY
    )
    assert found.modules == frozenset({"first-page"}) and not found.answering
    open_to(db, world.school_a, course_id, world.class_a)
    found = opening_for(
        db, school_id=world.school_a, student_id=student, course_id=course_id, today=TODAY
    )
    assert found.modules is None and found.answering and found.ends_on is None
    # another class of the school, and the other school, see nothing
    other = world.student_a2
    assert openings(db, school_id=world.school_a, student_id=other, today=TODAY) == []
    with pytest.raises(CourseNotFound):
        opening_for(
            db,
            school_id=world.school_b,
            student_id=world.people_b,
            course_id=course_id,
            today=TODAY,
        )
    with pytest.raises(CourseNotFound):
        open_to(db, world.school_b, course_id, world.class_b)
    with pytest.raises(CourseNotFound):
        open_to(db, world.school_a, course_id, world.class_b)
    with pytest.raises(CourseError, match="before the start"):
        open_to(db, world.school_a, course_id, world.class_a, ends_on=TODAY - timedelta(days=1))


def test_answers_are_saved_at_once_and_points_awarded_once(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    out = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    step = next(s for s in out.all_steps() if s.kind == "single")
    user = world.students_a[0]
    wrong = answer(db, world.school_a, user, course_id, step, wrong_answer(step), 40)
    assert (wrong.outcome.passed, wrong.state.status, wrong.points) == (False, "wrong", 0)
    right = answer(db, world.school_a, user, course_id, step, right_answer(step), 5000)
    assert (right.state.status, right.state.attempts, right.points) == ("passed", 2, 10)
    assert right.state.seconds == 40 + 30 * 60  # one visit counts at most half an hour
    again = answer(db, world.school_a, user, course_id, step, wrong_answer(step))
    assert (again.state.status, again.points, again.state.attempts) == ("passed", 0, 3)
    db.commit()
    ledger = db.exec(select(PointsEntry).where(PointsEntry.user_id == user)).all()
    assert [(p.source, p.points, p.school_id) for p in ledger] == [
        (points_source(course_id, step.key), 10, world.school_a)
    ]


def test_a_new_version_keeps_progress_by_step_key(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    user = world.students_a[1]
    course = get_course(db, school_id=world.school_a, course_id=course_id)
    first = outline(db, course)
    text = first.all_steps()[0]
    assert text.kind == "text"
    glance, _ = visit_step(
        db, school_id=world.school_a, user_id=user, course_id=course_id, step=text, seconds=20
    )
    assert (glance.status, glance.seconds) == ("started", 20)  # time alone does not pass a text
    state, points = visit_step(
        db,
        school_id=world.school_a,
        user_id=user,
        course_id=course_id,
        step=text,
        read=True,
        seconds=100,
    )
    assert (state.status, points) == ("passed", 0)
    load(db, world.school_a)  # the same package again: version 2
    second = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    assert second.version.number == 2 and second.all_steps()[0].id != text.id
    found = states(db, school_id=world.school_a, user_id=user, outline=second)
    assert found[text.key].status == "passed" and found[text.key].seconds == 120
    done = share(second.all_steps(), found)
    assert (done.done, done.total, done.percent) == (1, 12, 8)
    assert (
        next_step(second.all_steps(), found, last_touched(db, user_id=user, course_id=course_id))
        == second.all_steps()[1]
    )


def test_task_steps_follow_the_judges_submissions(db: Session, world: World) -> None:
    course_id = load(db, world.school_a, "python-first-steps")
    out = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    task_step = next(s for s in out.all_steps() if s.kind == "task")
    slug = task_step.body["task"]
    user = world.students_a[0]
    task = JudgeTask(school_id=world.school_a, slug=slug, folder="tasks/x/v1")
    elsewhere = JudgeTask(school_id=world.school_b, slug=slug, folder="tasks/y/v1")
    db.add_all([task, elsewhere])
    db.flush()

    def sent(task_id: int, verdict: str, score: float, purpose: str = "lesson") -> None:
        db.add(
            Submission(
                school_id=world.school_a,
                user_id=user,
                task_id=task_id,
                language="py",
                source="print()",
                verdict=verdict,
                score=score,
                status="judged",
                purpose=purpose,
            )
        )

    sent(task.id or 0, "WA", 40.0)
    sent(task.id or 0, "AC", 0.0, purpose=RUN)  # "run my code" is no solution
    db.flush()
    found = states(db, school_id=world.school_a, user_id=user, outline=out)[task_step.key]
    assert (found.status, found.score, found.attempts) == ("wrong", 0.4, 1)
    sent(elsewhere.id or 0, "AC", 100.0)  # another school's task of the same name
    db.flush()
    assert (
        states(db, school_id=world.school_a, user_id=user, outline=out)[task_step.key].status
        == "wrong"
    )
    sent(task.id or 0, "AC", 100.0)
    db.flush()
    found = states(db, school_id=world.school_a, user_id=user, outline=out)[task_step.key]
    assert (found.status, found.score, found.attempts) == ("passed", 1.0, 2)
    with pytest.raises(CourseError):
        answer(db, world.school_a, user, course_id, task_step, {})


def test_a_step_of_another_school_cannot_be_answered(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    step = next(
        s
        for s in outline(
            db, get_course(db, school_id=world.school_a, course_id=course_id)
        ).all_steps()
        if s.kind == "single"
    )
    with pytest.raises(CourseError):
        answer(db, world.school_b, world.student_b, course_id, step, right_answer(step))
    with pytest.raises(CourseError):
        visit_step(
            db,
            school_id=world.school_b,
            user_id=world.student_b,
            course_id=course_id,
            step=step,
            read=True,
        )


def test_next_step_resumes_after_the_last_one_touched() -> None:
    steps = [
        CourseStep(school_id=1, version_id=1, lesson_id=1, position=n, key=f"k{n}", kind="text")
        for n in range(1, 5)
    ]
    from lms.courses.progress import StepState

    passed = StepState("passed")
    assert next_step(steps, {}, None) == steps[0]
    assert next_step(steps, {"k1": passed, "k2": passed}, "k2") == steps[2]
    assert next_step(steps, {"k3": passed, "k4": passed}, "k4") == steps[0]
    assert next_step(steps, {"k2": StepState("wrong")}, "k2") == steps[1]
    assert next_step(steps, {s.key: passed for s in steps}, "k1") is None
