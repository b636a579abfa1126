"""Course drafts: the editor's form fields round-trip every kind; a draft made from the current
version is edited (reordered, removed, added), checked with the import's checks by step and
field, published as the next version with students' progress kept by key; a new course starts
as a draft; steps from a quiz import go in all or none; schools stay apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from lms.courses import draft_edit as ed
from lms.courses.content import read_folder
from lms.courses.drafts import (
    KEY,
    create_course,
    discard_draft,
    draft_folder,
    draft_problems,
    get_draft,
    package_of,
    problems_by_step,
    publish_draft,
    start_draft,
)
from lms.courses.errors import CourseError, CourseInvalid, CourseNotFound
from lms.courses.library import get_course, import_course, outline
from lms.courses.opening import open_course
from lms.courses.progress import answer_step, states
from lms.courses.stepform import fields_of, step_of
from models.lms import CourseDraft
from tests.courses.conftest import World
from tests.courses.kinds import PNG, write_every_kind


def _import(db: Session, world: World, tmp_path: Path) -> int:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(write_every_kind(tmp_path))
    )
    db.commit()
    return version.course_id


def test_form_fields_round_trip_every_kind(tmp_path: Path) -> None:
    data = read_folder(write_every_kind(tmp_path))
    for step in data.lessons["l1"].steps:
        body = {k: v for k, v in step.items() if k not in ("kind", "file")}
        if step["kind"] in ("video", "audio"):
            body = {k: v for k, v in step.items() if k != "kind"}
        back = step_of(step["kind"], fields_of(step), ["kk", "ru"])
        assert back == body, step["kind"]


def test_blank_answers_come_from_the_marks_when_not_listed() -> None:
    fields = {"text.ru": "Функция {{print | print()}} выводит, {{input}} читает"}
    assert step_of("blanks", fields, ["ru"])["answers"] == [["print", "print()"], ["input"]]


def _change(db: Session, world: World, course_id: int, change: Any) -> Any:
    return ed.edit(db, school_id=world.school_a, course_id=course_id, user_id=world.teacher_a,
                   change=change)  # fmt: skip


def test_a_draft_is_edited_checked_and_published_keeping_progress(
    db: Session, world: World, tmp_path: Path
) -> None:
    course_id = _import(db, world, tmp_path)
    course = get_course(db, school_id=world.school_a, course_id=course_id)
    student = world.students_a[0]
    before = outline(db, course).all_steps()
    single = next(s for s in before if s.kind == "single")
    answer_step(db, school_id=world.school_a, user_id=student, course_id=course_id, step=single,
                answer={"choice": 0})  # fmt: skip
    draft = start_draft(db, school_id=world.school_a, course_id=course_id, user_id=world.teacher_a)
    db.commit()
    assert (draft_folder(draft) / "lessons/l1/img/a.png").read_bytes() == PNG
    keys = [s[KEY] for s in draft.data["lessons"]["l1"]["steps"]]
    assert keys == [s.key for s in before]
    # the first single choice goes, the second moves first; a new single choice at the end
    multiple = next(k for k in keys if "/multiple-" in k)
    _change(db, world, course_id, lambda d, f: ed.remove_step(d, "l1", single.key))
    _change(db, world, course_id, lambda d, f: ed.move(d, "steps", "l1", multiple, up=True))
    n, key = _change(db, world, course_id, lambda d, f: ed.add_step(d, "l1", "single"))
    assert key.startswith("l1/single-") and key not in keys
    db.commit()
    problems = draft_problems(get_draft(db, school_id=world.school_a, course_id=course_id)[1])
    by_step = problems_by_step(problems, "l1")
    assert [(part, str(m)) for part, m in by_step[n]] == [
        ("options", f"step {n}: a question and at least two options are needed")
    ]
    with pytest.raises(CourseInvalid):
        publish_draft(db, school_id=world.school_a, course_id=course_id, user_id=None)
    db.rollback()
    fields = {
        "question.ru": "Столица Казахстана?",
        "option-0.ru": "Астана",
        "correct": "0",
        "option-1.ru": "Алматы",
        "option-1-why.ru": "Это крупнейший город, не столица.",
    }
    table = step_of("single", fields, ["ru"])
    _change(db, world, course_id, lambda d, f: ed.set_step(d, "l1", key, table))
    version = publish_draft(db, school_id=world.school_a, course_id=course_id, user_id=None)
    db.commit()
    assert version.number == 2 and version.steps == 13
    assert db.get(CourseDraft, draft.id) is None and not draft_folder(draft).exists()
    after = outline(db, get_course(db, school_id=world.school_a, course_id=course_id)).all_steps()
    assert [s.key for s in after][:3] == keys[:3] and after[3].key == multiple
    assert after[-1].key == key and single.key not in [s.key for s in after]
    # the new step's key is not the one the package would derive (single-1, the removed
    # step's): it is written into the package; the others' derived keys are unchanged
    assert after[-1].body.get("key") == key.split("/")[1]
    assert "key" not in after[3].body
    # progress stays by key: the removed step's answer is still the student's, nothing moved
    now = outline(db, get_course(db, school_id=world.school_a, course_id=course_id))
    found = states(db, school_id=world.school_a, user_id=student, outline=now)
    assert single.key in found and key not in found and multiple not in found


def test_a_new_course_starts_as_a_draft_and_opens_after_publishing(
    db: Session, world: World
) -> None:
    course = create_course(db, school_id=world.school_a, slug="algo", title={"ru": "Алгоритмы"},
                           user_id=world.teacher_a)  # fmt: skip
    with pytest.raises(CourseError) as taken:
        create_course(db, school_id=world.school_a, slug="algo", title={"ru": "x"}, user_id=None)
    assert taken.value.code == "slug_taken"
    with pytest.raises(CourseError):
        open_course(db, school_id=world.school_a, course_id=course.id or 0,
                    class_id=world.class_a, starts_on=date(2026, 1, 1))  # fmt: skip
    cid = course.id or 0
    module = _change(db, world, cid, lambda d, f: ed.add_module(d, {"ru": "Начало"}))
    lesson = _change(
        db, world, cid, lambda d, f: ed.add_lesson(d, module, {"ru": "Сортировка пузырьком"})
    )
    assert (module, lesson) == ("nachalo", "sortirovka-puzyrkom")
    _n, key = _change(db, world, cid, lambda d, f: ed.add_step(d, lesson, "text"))
    md = {"md.ru": "# Пузырёк\n\nСравниваем соседей."}
    _change(db, world, cid, lambda d, f: ed.set_step(d, lesson, key, step_of("text", md, ["ru"])))
    version = publish_draft(db, school_id=world.school_a, course_id=cid, user_id=world.teacher_a)
    db.commit()
    steps = outline(db, get_course(db, school_id=world.school_a, course_id=cid)).all_steps()
    assert [(s.key, s.body["texts"]) for s in steps] == [(key, {"ru": md["md.ru"] + "\n"})]
    assert version.source == "editor"
    open_course(db, school_id=world.school_a, course_id=cid, class_id=world.class_a,
                starts_on=date(2026, 1, 1))  # fmt: skip


def test_reorder_refuses_what_does_not_match(db: Session, world: World, tmp_path: Path) -> None:
    course_id = _import(db, world, tmp_path)
    start_draft(db, school_id=world.school_a, course_id=course_id, user_id=None)
    with pytest.raises(CourseError, match="reload"):
        _change(db, world, course_id, lambda d, f: ed.reorder(d, "steps", "l1", ["l1/x"]))
    _change(db, world, course_id, lambda d, f: ed.add_module(d, {"kk": "Екінші"}, "m2"))
    _change(db, world, course_id, lambda d, f: ed.reorder(d, "lessons", "m2", ["l1"]))
    _course, draft = get_draft(db, school_id=world.school_a, course_id=course_id)
    assert [m["lessons"] for m in draft.data["table"]["modules"]] == [[], ["l1"]]
    with pytest.raises(CourseError, match="lessons first"):
        _change(db, world, course_id, lambda d, f: ed.remove_module(d, "m2"))
    discard_draft(db, school_id=world.school_a, course_id=course_id)
    with pytest.raises(CourseNotFound):
        get_draft(db, school_id=world.school_a, course_id=course_id)


def test_quiz_steps_go_in_all_or_none_and_schools_stay_apart(
    db: Session, world: World, tmp_path: Path
) -> None:
    course_id = _import(db, world, tmp_path)
    good = {"kind": "single", "question": {"ru": "2+2?"},
            "options": [{"ru": "4", "correct": True}, {"ru": "5", "correct": False}]}  # fmt: skip
    bad = {"kind": "gallery", "images": [{"file": "img/q.png"}]}
    with pytest.raises(CourseInvalid) as caught:
        ed.add_steps(db, school_id=world.school_a, course_id=course_id, lesson="l1",
                     steps=[good, bad], files={"img/q.png": PNG})  # fmt: skip
    assert [str(m) for m in caught.value.messages] == [
        "lessons/l1/lesson.toml: step 15, image 1: "
        "alt describes the image for those who cannot see it"
    ]
    db.rollback()  # the draft the import started goes too
    draft = start_draft(db, school_id=world.school_a, course_id=course_id, user_id=None)
    assert len(draft.data["lessons"]["l1"]["steps"]) == 13
    assert not (draft_folder(draft) / "lessons/l1/img/q.png").exists()
    fixed = {**bad, "images": [{"file": "img/q.png", "alt": {"ru": "q"}}]}
    keys = ed.add_steps(db, school_id=world.school_a, course_id=course_id, lesson="l1",
                        steps=[good, fixed], files={"img/q.png": PNG})  # fmt: skip
    assert (
        len(keys) == 2
        and len(
            package_of(get_draft(db, school_id=world.school_a, course_id=course_id)[1])
            .lessons["l1"]
            .steps
        )
        == 15
    )
    with pytest.raises(CourseNotFound):
        get_draft(db, school_id=world.school_b, course_id=course_id)
    with pytest.raises(CourseNotFound):
        start_draft(db, school_id=world.school_b, course_id=course_id, user_id=None)
