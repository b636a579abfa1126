"""Search on the store (SQLite FTS5, and PostgreSQL full-text search when configured): word
forms, Kazakh prefixes, ё, and what each person may see."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from lms.courses.content import read_folder
from lms.courses.library import get_course, import_course
from lms.courses.opening import open_course
from lms.search import backends, stale
from models.contests import Contest, ContestTask
from tests.courses.conftest import World
from tests.search.helpers import (
    NOW,
    course,
    find,
    kinds_titles,
    lesson,
    store_course,
    store_task,
    student,
    teacher,
    text_step,
)

STARTER = Path(__file__).resolve().parents[2] / "lms" / "content" / "python-first-steps"


def _starter(db: Session, school_id: int) -> int:
    version = import_course(db, school_id=school_id, data=read_folder(STARTER))
    db.commit()
    return version.course_id


def test_a_russian_word_form_finds_the_lesson_first(db: Session, world: World) -> None:
    _starter(db, world.school_a)
    found = find(db, world.school_a, teacher(), "переменных")
    assert found.hits[0].kind == "lesson" and found.hits[0].title["ru"] == "Переменные"
    assert ("lesson", "Переменные") in kinds_titles(
        find(db, world.school_a, teacher(), "ПЕРЕМЕННАЯ")
    )


def test_a_kazakh_prefix_finds_the_whole_word(db: Session, world: World) -> None:
    _starter(db, world.school_a)
    found = find(db, world.school_a, teacher(), "айнымал")
    assert ("lesson", "Айнымалылар") in kinds_titles(found, "kk")
    # a whole Kazakh word form drops its endings: "циклдардың" finds "Кірістірілген циклдар"
    wider = find(db, world.school_a, teacher(), "циклдардың")
    assert ("lesson", "Кірістірілген циклдар") in kinds_titles(wider, "kk")


def test_yo_and_ye_are_one_letter(db: Session, world: World) -> None:
    data = course(
        "trees",
        {"ru": "Деревья"},
        [("m", [lesson("l1", {"ru": "Ёлки"}, text_step("Зелёная ёлка"))])],
    )
    store_course(db, world.school_a, data)
    assert kinds_titles(find(db, world.school_a, teacher(), "елка"))[0] == ("lesson", "Ёлки")
    assert find(db, world.school_a, teacher(), "ЗЕЛЕНАЯ").hits[0].kind == "step"


def test_every_word_must_match_and_nothing_is_found_for_junk(db: Session, world: World) -> None:
    _starter(db, world.school_a)
    assert find(db, world.school_a, teacher(), "цикл while").hits[0].title["ru"] == "Цикл while"
    assert find(db, world.school_a, teacher(), "цикл zzzqqq").hits == []
    assert find(db, world.school_a, teacher(), '"* OR NEAR( -- ;').hits == []
    assert find(db, world.school_a, teacher(), "   ").hits == []


def test_answers_and_explanations_are_not_searchable(db: Session, world: World) -> None:
    blanks = {"kind": "blanks", "text": {"ru": "Вывод: {{печатать}}"}, "answers": [["печатать"]]}
    choice = {
        "kind": "single",
        "question": {"ru": "Что выводит программа?"},
        "options": [{"ru": "Один", "correct": True}, {"ru": "Два", "correct": False}],
        "explanation": {"ru": "Подсказка: единорог"},
    }
    data = course("c", {"ru": "Курс"}, [("m", [lesson("l1", {"ru": "Урок"}, blanks, choice)])])
    store_course(db, world.school_a, data)
    assert find(db, world.school_a, teacher(), "печатать").hits == []
    assert find(db, world.school_a, teacher(), "единорог").hits == []
    hit = find(db, world.school_a, teacher(), "программы").hits[0]
    assert hit.kind == "step" and hit.position == 2 and "Один" in hit.texts["ru"]


def test_another_school_sees_nothing_of_this_one(db: Session, world: World) -> None:
    _starter(db, world.school_a)
    assert find(db, world.school_b, teacher(), "переменных").hits == []
    own = course(
        "own", {"ru": "Переменные школы Б"}, [("m", [lesson("l", {"ru": "Урок"}, text_step("x"))])]
    )
    store_course(db, world.school_b, own)
    assert kinds_titles(find(db, world.school_b, teacher(), "переменных")) == [
        ("course", "Переменные школы Б")
    ]


def test_a_student_finds_only_opened_courses_and_modules(db: Session, world: World) -> None:
    course_id = _starter(db, world.school_a)
    me = student(world.students_a[0], world.people_a[0])
    assert find(db, world.school_a, me, "переменных").hits == []
    open_course(db, school_id=world.school_a, course_id=course_id, class_id=world.class_a,
                starts_on=NOW.date(), module_slug="loops")  # fmt: skip
    db.commit()
    loops_lessons = {"Цикл while", "Цикл for и range", "Приёмы в циклах", "Вложенные циклы"}
    seen = find(db, world.school_a, me, "переменных").hits  # loops mention variables too
    assert seen and {h.title["ru"] for h in seen if h.kind != "course"} <= loops_lessons
    loops = find(db, world.school_a, me, "цикл")
    assert loops.hits and {h.course_id for h in loops.hits} == {course_id}
    assert find(db, world.school_a, me, "первые шаги").hits[0].kind == "course"
    other = student(world.student_a2, 0)  # 8Ә: nothing opened to that class
    assert find(db, world.school_a, other, "цикл").hits == []
    later = find(db, world.school_a, me, "цикл", now=NOW - timedelta(days=1))
    assert later.hits == []  # the opening starts tomorrow as seen from yesterday


def test_a_new_version_replaces_the_old_words(db: Session, world: World) -> None:
    first = course(
        "c", {"ru": "Курс"}, [("m", [lesson("l", {"ru": "Старое название"}, text_step("x"))])]
    )
    course_id = store_course(db, world.school_a, first)
    assert find(db, world.school_a, teacher(), "старое").hits
    second = course(
        "c", {"ru": "Курс"}, [("m", [lesson("l", {"ru": "Новое название"}, text_step("x"))])]
    )
    assert store_course(db, world.school_a, second) == course_id
    assert find(db, world.school_a, teacher(), "старое").hits == []
    hits = find(db, world.school_a, teacher(), "новое").hits
    assert [h.title["ru"] for h in hits] == ["Новое название"]
    get_course(db, school_id=world.school_a, course_id=course_id).deleted_at = NOW
    db.commit()
    assert find(db, world.school_a, teacher(), "новое").hits == []


def test_tasks_follow_practice_olympiads_archive_and_edits(
    db: Session, world: World, data_dir: Path
) -> None:
    me = student(world.students_a[0], world.people_a[0])
    task = store_task(db, data_dir, world.school_a, {"ru": "Сумма двух чисел"}, "Даны числа a и b.")
    hidden = store_task(db, data_dir, world.school_a, {"ru": "Сумма трёх"}, "x", practice=False)
    shared = store_task(db, data_dir, None, {"ru": "Сумма платформы"}, "Общая задача.")
    assert {h.title["ru"] for h in find(db, world.school_a, me, "сумма").hits} == {
        "Сумма двух чисел", "Сумма платформы"}  # fmt: skip
    assert len(find(db, world.school_a, teacher(), "сумма").hits) == 3
    assert find(db, world.school_b, teacher(), "сумма").hits[0].task_id == shared.id
    assert find(db, world.school_a, me, "даны").hits[0].task_id == task.id  # the statement

    ahead = NOW + timedelta(days=1)
    contest = Contest(school_id=world.school_a, title="Олимпиада", starts_at=ahead,
                      ends_at=ahead + timedelta(days=1))  # fmt: skip
    db.add(contest)
    db.flush()
    db.add(ContestTask(contest_id=contest.id or 0, task_id=task.id or 0, label="A"))
    db.commit()
    assert find(db, world.school_a, me, "двух").hits == []  # before its olympiad: never
    assert find(db, world.school_a, me, "двух", now=NOW + timedelta(days=3)).hits

    folder = data_dir / f"tasks/{task.id}/v2"
    folder.mkdir(parents=True)
    (folder / "statement.ru.md").write_text("Новое условие", encoding="utf-8")
    task.version, task.folder, task.title = 2, f"tasks/{task.id}/v2", {"ru": "Разность"}
    hidden.deleted_at = NOW
    db.commit()
    found = find(db, world.school_a, teacher(), "разность")
    assert [h.task_id for h in found.hits] == [task.id]
    assert "Новое условие" in found.hits[0].texts["ru"]
    assert find(db, world.school_a, teacher(), "трёх").hits == []


def test_very_many_matches_give_titles_first_then_the_newest(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backends, "DENSE", 2)  # every query below is "dense"
    lessons = [lesson(f"l{n}", {"ru": f"Урок {n}"}, text_step(f"Цикл номер {n}")) for n in range(4)]
    lessons.append(lesson("titled", {"ru": "Цикл в заголовке"}, text_step("нет")))
    first = store_course(db, world.school_a, course("c1", {"ru": "Первый"}, [("m", lessons[:3])]))
    second = course("c2", {"ru": "Второй"}, [("a", lessons[3:4]), ("b", lessons[4:])])
    second_id = store_course(db, world.school_a, second)
    hits = find(db, world.school_a, teacher(), "цикл").hits
    assert [(h.kind, h.title["ru"]) for h in hits] == [
        ("lesson", "Цикл в заголовке"),  # the title match first
        ("step", "Урок 3"), ("step", "Урок 2"), ("step", "Урок 1"), ("step", "Урок 0"),
    ]  # fmt: skip
    open_course(db, school_id=world.school_a, course_id=second_id, class_id=world.class_a,
                starts_on=NOW.date(), module_slug="a")  # fmt: skip
    db.commit()
    me = student(world.students_a[0], world.people_a[0])
    assert [h.title["ru"] for h in find(db, world.school_a, me, "цикл").hits] == ["Урок 3"]
    assert first != second_id


def test_a_missing_sqlite_index_is_built_again(db: Session, world: World) -> None:
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's index is the GIN index of the table itself")
    _starter(db, world.school_a)
    assert find(db, world.school_a, teacher(), "переменных").hits
    db.execute(text("DROP TRIGGER search_doc_ai"))  # as a restore leaves it: rows without FTS
    db.commit()
    assert stale(db, school_id=world.school_a).no_index
    assert find(db, world.school_a, teacher(), "переменных").hits[0].title["ru"] == "Переменные"
