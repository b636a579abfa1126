"""Importing a quiz into a lesson: one new course version with the questions as steps, images
among the lesson's files, found by search at once; nothing written when anything is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from lms.courses.errors import CourseNotFound
from lms.courses.grading import grade
from lms.courses.library import get_course, outline
from lms.quizimport import QuizInvalid, Target, import_quiz, read_quiz
from lms.search import search, stale
from models.lms import CourseVersion
from tests.courses.conftest import World
from tests.courses.test_learning import load
from tests.search.helpers import teacher

FIXTURES = Path(__file__).parent / "fixtures"


def _versions(db: Session, course_id: int) -> int:
    return len(
        db.exec(select(CourseVersion).where(col(CourseVersion.course_id) == course_id)).all()
    )


def _import(db: Session, world: World, course_id: int, name: str, target: Target) -> CourseVersion:
    quiz = read_quiz((FIXTURES / name).read_bytes(), "ru")
    version = import_quiz(db, school_id=world.school_a, course_id=course_id, quiz=quiz,
                          target=target, lang="ru", user_id=world.teacher_a,
                          source=name)  # fmt: skip
    db.commit()
    return version


def test_moodle_questions_go_to_the_end_of_a_lesson_as_a_new_version(
    db: Session, world: World, data_dir: Path
) -> None:
    course_id = load(db, world.school_a)
    course = get_course(db, school_id=world.school_a, course_id=course_id)
    before = outline(db, course)
    lesson = before.lessons[before.modules[0].id or 0][2]
    old = [s.key for s in before.steps[lesson.id or 0]]
    version = _import(db, world, course_id, "loops.xml", Target(lesson=lesson.slug))
    assert version.number == 2 and version.source == "quiz: loops.xml"
    after = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    new_lesson = next(
        x for m in after.modules for x in after.lessons[m.id or 0] if x.slug == lesson.slug
    )
    steps = after.steps[new_lesson.id or 0]
    assert [s.key for s in steps[: len(old)]] == old
    added = steps[len(old) :]
    assert [s.kind for s in added] == [
        "single", "multiple", "single", "blanks", "blanks", "matching", "open", "text", "blanks",
    ]  # fmt: skip
    assert all(s.key.startswith(f"{lesson.slug}/quiz-") for s in added)
    choice = added[0]
    assert grade("single", choice.body, {"choice": 0}).passed
    assert not grade("single", choice.body, {"choice": 1}).passed
    assert grade("blanks", added[3].body, {"blanks": ["WHILE"]}).passed
    images = list((data_dir / version.files_dir / "lessons" / lesson.slug / "quiz").glob("*.png"))
    assert len(images) == 1 and images[0].read_bytes().startswith(b"\x89PNG")
    assert not stale(db, school_id=world.school_a)  # indexed in the same transaction
    hits = search(db, world.school_a, teacher(), "бесконечным").hits
    assert [(h.kind, h.lesson_id, h.position) for h in hits] == [
        ("step", new_lesson.id, len(old) + 7)
    ]


def test_gift_questions_make_a_new_lesson_in_a_module(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    _import(
        db, world, course_id, "loops.gift", Target(title="Циклы: проверка", module="first-page")
    )
    after = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    last = after.lessons[after.modules[0].id or 0][-1]
    assert last.slug == "quiz-1" and last.title == {"ru": "Циклы: проверка"}
    assert len(after.steps[last.id or 0]) == 10


def test_nothing_is_written_when_anything_is_wrong(db: Session, world: World) -> None:
    course_id = load(db, world.school_a)
    _import(db, world, course_id, "loops.gift", Target(title="Проверка"))
    with pytest.raises(QuizInvalid) as again:
        _import(db, world, course_id, "loops.gift", Target(lesson="quiz-1"))
    assert str(again.value.messages[0]) == "line 4: this question is in the lesson already"
    assert len(again.value.messages) == 10
    db.rollback()
    with pytest.raises(QuizInvalid) as broken:
        _import(db, world, course_id, "broken.gift", Target(lesson="quiz-1"))
    assert len(broken.value.messages) == 4
    db.rollback()
    with pytest.raises(QuizInvalid) as nowhere:
        _import(db, world, course_id, "loops.xml", Target(lesson="no-such-lesson"))
    assert [str(m) for m in nowhere.value.messages] == ["the course has no lesson no-such-lesson"]
    db.rollback()
    assert _versions(db, course_id) == 2
    with pytest.raises(CourseNotFound):
        quiz = read_quiz((FIXTURES / "loops.gift").read_bytes(), "ru")
        import_quiz(db, school_id=world.school_b, course_id=course_id, quiz=quiz,
                    target=Target(title="x"), lang="ru", user_id=None, source="x")  # fmt: skip
