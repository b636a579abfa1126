"""Quiz files into a lesson: read and check everything first, then one new course version.

A course version never changes, so importing questions makes the next version of the course:
its current package with the questions added as steps at the end of a lesson (or in a new
lesson), checked like any course package, imported in the caller's transaction and indexed for
search in it. Nothing is written when any problem is found, and every problem is listed, each
with its place in the file (GIFT: the line; Moodle XML: the question's number and name).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from lms.courses.content import CourseData, LessonData, read_folder, step_keys, to_files
from lms.courses.errors import CourseInvalid
from lms.courses.library import course_data, get_course, import_course
from lms.quizimport.errors import QuizInvalid
from lms.quizimport.gift import read_gift
from lms.quizimport.model import Quiz, placed
from lms.quizimport.moodle import read_moodle
from lms.search import index_course
from models.i18n import N_, Message, message
from models.lms import TEXT, CourseVersion

LANGUAGES = ("kk", "ru", "en")
MAX_BYTES = 20 << 20


@dataclass(frozen=True)
class Target:
    """Where the questions go: the end of an existing lesson (its slug), or a new lesson with
    this title at the end of a module (its slug; default: the last module)."""

    lesson: str = ""
    title: str = ""
    module: str = ""


def read_quiz(content: bytes, lang: str) -> Quiz:
    """A quiz file as questions: Moodle XML (an XML declaration or <quiz> first), else GIFT.

    Args:
        content: the file's bytes.
        lang: the language its questions are written in: kk, ru or en.

    Returns:
        The quiz; its problems are not raised here, so a preview can show them all.
    """
    if lang not in LANGUAGES:
        lang = "ru"
    if len(content) > MAX_BYTES:
        quiz = Quiz("?")
        quiz.problems.append(message(N_("the file is larger than {mb} MB"), mb=MAX_BYTES >> 20))
        return quiz
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:100]
    if head.startswith((b"<?xml", b"<quiz")):
        return read_moodle(content, lang)
    return read_gift(content, lang)


def _key(step: dict[str, Any]) -> str:
    """A step's key from what it says: the same question imported twice has the same key."""
    digest = hashlib.sha1(json.dumps(step, sort_keys=True, ensure_ascii=False).encode())
    return f"quiz-{digest.hexdigest()[:12]}"


def _keyed(quiz: Quiz, lesson: LessonData) -> tuple[list[dict[str, Any]], list[Message]]:
    """The steps with their keys (and text steps their file names); a question the lesson has
    already, or one the file has twice, is a problem."""
    out, problems = [], []
    taken = set(step_keys(lesson)) if lesson.slug else set()
    for q in quiz.questions:
        if q.step is None:
            continue
        key = _key(q.step)
        if f"{lesson.slug}/{key}" in taken:
            problems.append(placed(q.place, message(N_("this question is in the lesson already"))))
            continue
        taken.add(f"{lesson.slug}/{key}")
        step = {**q.step, "key": key}
        if step["kind"] == TEXT:
            step["file"] = key
        out.append(step)
    return out, problems


def _target_lesson(
    data: CourseData, target: Target, lang: str
) -> tuple[LessonData, Message | None]:
    """The lesson the steps go to: an existing one, or a new one added to its module."""
    if target.lesson:
        found = data.lessons.get(target.lesson)
        return (
            (found, None)
            if found
            else (
                LessonData("", {}, []),
                message(N_("the course has no lesson {slug}"), slug=target.lesson),
            )
        )
    title = " ".join(target.title.split())
    if not title:
        return LessonData("", {}, []), message(N_("give the new lesson a title"))
    module = (
        next((m for m in data.modules if m.get("slug") == target.module), None)
        if target.module
        else (data.modules[-1] if data.modules else None)
    )
    if module is None:
        return LessonData("", {}, []), message(
            N_("the course has no module {slug}"), slug=target.module
        )
    n = 1
    while f"quiz-{n}" in data.lessons:
        n += 1
    lesson = LessonData(f"quiz-{n}", {"title": {lang: title}}, [])
    data.lessons[lesson.slug] = lesson
    module["lessons"] = [*module.get("lessons", []), lesson.slug]
    return lesson, None


def plan(
    db: Session, *, school_id: int, course_id: int, quiz: Quiz, target: Target, lang: str
) -> CourseData:
    """The course's next version with the quiz's questions in the target lesson, checked.

    Args:
        db: an open session (nothing is written).
        school_id: the viewer's school; course_id: a course of it.
        quiz: the questions, as `read_quiz` gives them.
        target: where they go.
        lang: the quiz's language (a new lesson's title is stored under it).

    Returns:
        The package of the next version.

    Raises:
        CourseNotFound: no such course in this school.
        QuizInvalid: every problem of the file, the target and the resulting course.
    """
    course = get_course(db, school_id=school_id, course_id=course_id)
    data = course_data(db, course)
    problems = quiz.all_problems()
    lesson, wrong = _target_lesson(data, target, lang)
    if wrong is not None:
        problems.append(wrong)
    added, twice = _keyed(quiz, lesson)
    problems += twice
    if not added and not problems:
        problems.append(message(N_("there is no question to import")))
    if problems:
        raise QuizInvalid("quiz_invalid", problems)
    lesson.steps.extend(added)
    data.files.update(
        {f"lessons/{lesson.slug}/{path}": content for path, content in quiz.files.items()}
    )
    return _checked(data)


def _checked(data: CourseData) -> CourseData:
    """The package read back as an import reads it: every check of a course applies."""
    with tempfile.TemporaryDirectory(prefix="sabaq-quiz-") as tmp:
        for name, content in to_files(data).items():
            path = Path(tmp) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        try:
            return read_folder(Path(tmp))
        except CourseInvalid as exc:
            raise QuizInvalid("quiz_invalid", list(exc.messages)) from exc


def import_quiz(
    db: Session,
    *,
    school_id: int,
    course_id: int,
    quiz: Quiz,
    target: Target,
    lang: str,
    user_id: int | None,
    source: str,
) -> CourseVersion:
    """Imports the quiz's questions as the course's next version (in the caller's transaction).

    Args:
        db: a session that may write (the caller commits; a raised error leaves nothing).
        school_id, course_id, quiz, target, lang: as for `plan`.
        user_id: who imports; source: the file's name, for the versions list.

    Returns:
        The new version (current from now on, and indexed for search).

    Raises:
        CourseNotFound, QuizInvalid: as `plan` raises them.
    """
    data = plan(db, school_id=school_id, course_id=course_id, quiz=quiz, target=target, lang=lang)
    version = import_course(
        db, school_id=school_id, data=data, user_id=user_id, source=f"quiz: {source}"
    )
    index_course(db, school_id=school_id, course_id=course_id)
    return version
