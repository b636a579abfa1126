"""Open answers: sent by a student, waiting in the school's queue, returned with a comment,
sent again and accepted once (points once); another school sees none of it."""

from __future__ import annotations

from functools import partial

import pytest
from sqlmodel import Session, select

from lms.courses.content import LessonData, read_folder
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.library import get_course, import_course, outline
from lms.courses.review import grade_open, review_queue, submit_open
from lms.courses.starter import CONTENT
from models.lms import CourseStep
from models.points import PointsEntry
from tests.courses.conftest import World


def _open_step(db: Session, world: World) -> tuple[int, CourseStep]:
    data = read_folder(CONTENT / "html-css-basics")
    data.lessons["01-html-page"] = LessonData(
        "01-html-page",
        data.lessons["01-html-page"].table,
        [
            {"kind": "open", "question": {"ru": "Опишите страницу"}, "rubric": {"ru": "Три тега"}},
        ],
    )
    course_id = import_course(db, school_id=world.school_a, data=data).course_id
    out = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    return course_id, next(s for s in out.all_steps() if s.kind == "open")


def test_an_open_answer_goes_through_the_queue(db: Session, world: World) -> None:
    course_id, step = _open_step(db, world)
    assert step.points == 10 and step.key == "01-html-page/open-1"
    user = world.students_a[0]
    send = partial(
        submit_open, db, school_id=world.school_a, user_id=user, course_id=course_id, step=step
    )
    decide = partial(grade_open, db, school_id=world.school_a)
    with pytest.raises(CourseError, match="Write your answer"):
        send(text="   ")
    sent = send(text="html, head, body", seconds=90)
    assert (sent.status, sent.attempts, sent.seconds) == ("submitted", 1, 90)
    [waiting] = review_queue(db, school_id=world.school_a)
    assert (waiting.student, waiting.step.id, waiting.progress.answer) == (
        "Әлихан Сәрсенов",
        step.id,
        {"text": "html, head, body"},
    )
    assert review_queue(db, school_id=world.school_b) == []
    with pytest.raises(CourseNotFound):
        grade_open(
            db,
            school_id=world.school_b,
            progress_id=waiting.progress.id or 0,
            accept=True,
            comment="",
            reviewer="x",
        )
    returned, points = decide(
        progress_id=waiting.progress.id or 0,
        accept=False,
        comment="Где title?",
        reviewer="teacher-a",
    )
    assert (returned.status, points, returned.answer["comment"]) == ("wrong", 0, "Где title?")
    assert review_queue(db, school_id=world.school_a) == []
    again = send(text="html, head, title, body")
    assert (again.status, again.attempts) == ("submitted", 2)
    [waiting] = review_queue(db, school_id=world.school_a)
    row, points = decide(
        progress_id=waiting.progress.id or 0,
        accept=True,
        comment="Молодец",
        reviewer="teacher-a",
    )
    assert (row.status, row.score, points) == ("passed", 1.0, 10)
    with pytest.raises(CourseError, match="accepted"):
        send(text="ещё раз")
    with pytest.raises(CourseNotFound):  # not waiting any more
        decide(
            progress_id=row.id or 0,
            accept=True,
            comment="",
            reviewer="teacher-a",
        )
    db.commit()
    ledger = db.exec(select(PointsEntry.points).where(PointsEntry.user_id == user)).all()
    assert ledger == [10]
    with pytest.raises(CourseError):  # another school's student cannot send to this step
        submit_open(
            db,
            school_id=world.school_b,
            user_id=world.student_b,
            course_id=course_id,
            step=step,
            text="x",
        )
