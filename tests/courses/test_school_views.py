"""The teacher's and school's views: gradebook cells, class progress, the leaderboard's places
and filters, certificates issued only on completion and verified by their code."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from lms.courses.certificates import (
    certificate_pdf,
    find_certificate,
    issue_certificate,
    title_in,
)
from lms.courses.gradebook import class_gradebook, school_progress
from lms.courses.library import copy_course, get_course, outline
from lms.courses.progress import award, visit_step
from lms.courses.standings import cities, leaderboard, points_of
from models.accounts import UserAccount
from tests.courses.conftest import World
from tests.courses.test_learning import answer, load, open_to, right_answer, wrong_answer


def _complete(db: Session, world: World, user: int, course_id: int) -> None:
    out = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    for step in out.all_steps():
        if step.kind == "text":
            visit_step(
                db,
                school_id=world.school_a,
                user_id=user,
                course_id=course_id,
                step=step,
                read=True,
            )
        else:
            answer(db, world.school_a, user, course_id, step, right_answer(step))


def test_gradebook_cells_and_class_progress(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    open_to(db, world.school_a, course_id, world.class_a)
    out = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    quiz = next(s for s in out.all_steps() if s.kind == "multiple")
    first, second, _ = world.students_a
    _complete(db, world, first, course_id)
    answer(db, world.school_a, second, course_id, quiz, wrong_answer(quiz), 75)
    book = class_gradebook(db, school_id=world.school_a, outline=out, class_id=world.class_a)
    assert [r.student.name for r in book.rows] == [
        "Айгүл Нұрланова",
        "Борис Ильин",
        "Әлихан Сәрсенов",
    ]
    by_name = {r.student.name: r for r in book.rows}
    done = by_name["Әлихан Сәрсенов"]
    assert done.passed == len(book.steps) == 12 and book.percent(done) == 100
    column = book.steps.index(quiz)
    assert by_name["Айгүл Нұрланова"].cells[column] == ("wrong", 0.0, 1, 75)
    assert by_name["Борис Ильин"].cells == [None] * 12
    [progress] = school_progress(db, school_id=world.school_a, outline=out)
    assert (progress.school_class.code, progress.students, progress.with_login) == ("7А", 3, 3)
    assert (progress.average, progress.completed) == (33, 1)
    # another school's class is never in the gradebook
    other = class_gradebook(db, school_id=world.school_a, outline=out, class_id=world.class_b)
    assert other.rows == []


def test_leaderboard_places_and_filters(db: Session, world: World) -> None:
    a1, a2, a3 = world.students_a
    for user, school, points in (
        (a1, world.school_a, 30),
        (a2, world.school_a, 50),
        (a3, world.school_a, 30),
        (world.student_b, world.school_b, 70),
    ):
        award(db, school_id=school, user_id=user, source="test:1", points=points)
    assert award(db, school_id=world.school_a, user_id=a1, source="test:1", points=30) == 0
    db.commit()
    board = leaderboard(db)
    assert [(s.rank, s.name, s.points, s.city) for s in board] == [
        (1, "Дана Қайратқызы", 70, "Астана"),
        (2, "Айгүл Нұрланова", 50, "Алматы"),
        (3, "Борис Ильин", 30, "Алматы"),
        (3, "Әлихан Сәрсенов", 30, "Алматы"),
    ]
    assert [s.rank for s in leaderboard(db, city="Алматы")] == [1, 2, 2]
    assert [s.name for s in leaderboard(db, school_id=world.school_b)] == ["Дана Қайратқызы"]
    assert [(s.rank, s.name) for s in leaderboard(db, name="сәрс")] == [(3, "Әлихан Сәрсенов")]
    assert cities(db) == ["Алматы", "Астана"]
    schools = leaderboard(db, board="schools")
    assert [(s.rank, s.city, s.points, s.people) for s in schools] == [
        (1, "Алматы", 110, 3),
        (2, "Астана", 70, 1),
    ]
    assert [(s.name, s.points) for s in leaderboard(db, board="cities")] == [
        ("Алматы", 110),
        ("Астана", 70),
    ]
    assert points_of(db, user_id=a1) == 30


def test_certificate_only_on_completion_and_verified_by_code(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    out = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    account = db.get(UserAccount, world.students_a[0])
    assert account is not None
    assert issue_certificate(db, school_id=world.school_a, account=account, outline=out) is None
    _complete(db, world, account.id or 0, course_id)
    cert = issue_certificate(db, school_id=world.school_a, account=account, outline=out)
    assert cert is not None and cert.code.startswith("SBQ-") and cert.steps == 12
    db.commit()
    again = issue_certificate(db, school_id=world.school_a, account=account, outline=out)
    assert again is not None and again.code == cert.code
    assert find_certificate(db, code=cert.code.lower()) == cert
    assert find_certificate(db, code="SBQ-NONE-NONE-NONE") is None
    pdf = certificate_pdf(
        cert,
        url=f"https://sabaq.example/certificates/{cert.code}",
        lang="kk",
        translate=lambda m: m.render(),
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for part in ("Әлихан Сәрсенов", "HTML және CSS негіздері", cert.code, "№1 мектеп-гимназиясы"):
        assert part in text
    assert title_in({"en": "E"}, "kk") == "E"


def test_copy_makes_a_new_course_of_the_same_school(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    copy = copy_course(db, school_id=world.school_a, course_id=course_id, user_id=world.teacher_a)
    again = copy_course(db, school_id=world.school_a, course_id=course_id, user_id=None)
    assert (copy.slug, again.slug) == ("html-css-basics-copy-1", "html-css-basics-copy-2")
    assert (
        copy.copied_from_id == course_id
        and copy.title == get_course(db, school_id=world.school_a, course_id=course_id).title
    )
    assert len(outline(db, copy).all_steps()) == 12
    from lms.courses.errors import CourseNotFound

    with pytest.raises(CourseNotFound):
        copy_course(db, school_id=world.school_b, course_id=course_id, user_id=None)
