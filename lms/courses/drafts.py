"""Course drafts: how the browser editor fits courses whose versions never change.

A version's rows are immutable once made (pages cache them per process), so editing in the
browser works on a draft: one `CourseDraft` row per course holding the course's package as data
(course.toml's table, each lesson's table and steps, text steps' Markdown inline) and a folder
of its own for the package's other files (pictures, recordings, captions, task folders).

- Starting to edit copies the current version into a new draft (its files as hard links where
  the file system allows, else copies); a course made in the browser starts as a draft of its
  own, with no version, and students see nothing of it until it is published and opened.
- Every save changes the draft only and is checked with the package import's own checks
  (`content.check_data`), so the editor shows every problem, by field, and publishing takes
  exactly what an import would take.
- Publishing imports the draft as the course's next version through `library.import_course`,
  the path a zip takes; it becomes the current version and the draft is gone. Students keep
  their progress by step keys, as after an import: each step in the draft carries its key in
  `_key`; where the package would now derive another key (a step removed or moved before it),
  the key is written into the step (`key = ...`), and a new step gets a key no step had before
  (its kind and a random suffix), so progress never passes from one step to another.
- Discarding deletes the draft and its folder; the versions stay as they were.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from lms.courses.checks import SLUG, Problems, texts_given
from lms.courses.content import CourseData, LessonData, check_data, step_keys
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.library import course_version_files, files_root, get_course, import_course
from lms.courses.library import outline as version_outline
from models.base import utcnow
from models.i18n import N_, Message, message
from models.lms import Course, CourseDraft, CourseVersion

KEY = "_key"  # a draft step's stable key, written into the package only where needed


def draft_folder(draft: CourseDraft) -> Path:
    """The draft's files (the package's files beside its TOML and Markdown)."""
    return files_root() / draft.files_dir


def get_draft(
    db: Session, *, school_id: int, course_id: int, lock: bool = False
) -> tuple[Course, CourseDraft]:
    """A course of the school and its draft.

    Args:
        db: the session.
        school_id: the viewer's school.
        course_id: the course.
        lock: read it FOR UPDATE (PostgreSQL), so two saves never lose one another.

    Raises:
        CourseNotFound: no such course in the school, or it has no draft (code
            "draft_not_found").
    """
    course = get_course(db, school_id=school_id, course_id=course_id)
    query = select(CourseDraft).where(
        CourseDraft.course_id == course_id, CourseDraft.school_id == school_id
    )
    draft = db.exec(query.with_for_update() if lock else query).first()
    if draft is None:
        raise CourseNotFound("draft_not_found", [message(N_("The course has no draft."))])
    return course, draft


def find_draft(db: Session, *, school_id: int, course_id: int) -> CourseDraft | None:
    """The course's draft, if it has one."""
    return db.exec(
        select(CourseDraft).where(
            CourseDraft.course_id == course_id, CourseDraft.school_id == school_id
        )
    ).first()


def _new_folder(course_id: int) -> str:
    return f"courses/{course_id}/draft-{secrets.token_hex(4)}"


def _link_tree(source: Path, target: Path) -> None:
    """The version's files into the draft's folder: hard links (no copy of a long video),
    copies where the file system cannot link."""

    def link(src: str, dst: str) -> object:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
        return dst

    if source.is_dir():
        shutil.copytree(source, target, copy_function=link)
    else:
        target.mkdir(parents=True, exist_ok=True)


def start_draft(db: Session, *, school_id: int, course_id: int, user_id: int | None) -> CourseDraft:
    """The course's draft: the one being edited, else a new one from the current version.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        course_id: a course of the school.
        user_id: who starts editing.

    Returns:
        The draft.

    Raises:
        CourseNotFound: no such course in this school.
    """
    course = get_course(db, school_id=school_id, course_id=course_id)
    found = find_draft(db, school_id=school_id, course_id=course_id)
    if found is not None:
        return found
    version = db.get(CourseVersion, course.current_version_id or 0)
    draft = CourseDraft(school_id=school_id, course_id=course_id, files_dir=_new_folder(course_id),
                        created_by=user_id, updated_by=user_id)  # fmt: skip
    if version is None:
        draft.data = {"table": {"slug": course.slug, "title": dict(course.title), "modules": []},
                      "lessons": {}}  # fmt: skip
        draft_folder(draft).mkdir(parents=True, exist_ok=True)
    else:
        draft.base_version_id = version.id
        draft.data = _data_of_version(db, course, version)
        _link_tree(course_version_files(version), draft_folder(draft))
    db.add(draft)
    db.flush()
    return draft


def _data_of_version(db: Session, course: Course, version: CourseVersion) -> dict[str, Any]:
    out = version_outline(db, course, version.id)
    modules, lessons = [], {}
    for module in out.modules:
        listed = out.lessons.get(module.id or 0, [])
        modules.append({**module.extra, "lessons": [ls.slug for ls in listed]})
        for lesson in listed:
            steps = [
                {"kind": s.kind, **s.body, KEY: s.key} for s in out.steps.get(lesson.id or 0, [])
            ]
            lessons[lesson.slug] = {"table": dict(lesson.extra), "steps": steps}
    return {"table": {**version.meta, "modules": modules}, "lessons": lessons}


def create_course(
    db: Session, *, school_id: int, slug: str, title: dict[str, str], user_id: int | None
) -> Course:
    """A new course of the school, made in the browser: a draft without a version yet.

    Raises:
        CourseError: the slug is not lower-case letters, digits and dashes ("bad_slug"), the
            school has a course with it ("slug_taken"), or no title is given ("no_title").
    """
    slug = slug.strip()
    title = {k: v.strip() for k, v in title.items() if v.strip()}
    if not SLUG.match(slug):
        said = N_("The slug must be lower-case letters, digits and dashes.")
        raise CourseError("bad_slug", [message(said)])
    if not texts_given(title):
        raise CourseError("no_title", [message(N_("Give the course a title."))])
    if db.exec(select(Course.id).where(Course.school_id == school_id, Course.slug == slug)).first():
        said = N_("The school has a course {slug} already.")
        raise CourseError("slug_taken", [message(said, slug=slug)])
    course = Course(school_id=school_id, slug=slug, title=title, created_by=user_id)
    db.add(course)
    db.flush()
    start_draft(db, school_id=school_id, course_id=course.id or 0, user_id=user_id)
    return course


def save_draft(draft: CourseDraft, data: dict[str, Any], user_id: int | None) -> None:
    """Keeps the edited data in the draft (the caller commits)."""
    draft.data = data
    flag_modified(draft, "data")  # a JSON column: changes inside it are not seen otherwise
    draft.revision += 1
    draft.updated_by, draft.updated_at = user_id, utcnow()


def package_of(draft: CourseDraft, *, with_files: bool = False) -> CourseData:
    """The draft as package data: each step's key written into it where the package would
    derive another one, the `_key` marks left out.

    Args:
        draft: the draft.
        with_files: read the draft's other files too (to publish; pages and checks need not).
    """
    lessons = {}
    for slug, lesson in draft.data.get("lessons", {}).items():
        steps = [{k: v for k, v in s.items() if k != KEY} for s in lesson.get("steps", [])]
        derived = step_keys(LessonData(slug, {}, steps))
        for step, own, derived_key in zip(steps, lesson.get("steps", []), derived, strict=True):
            wanted = str(own.get(KEY) or derived_key)
            if derived_key != wanted:
                step["key"] = wanted.split("/", 1)[1]
        lessons[slug] = LessonData(slug, dict(lesson.get("table", {})), steps)
    folder = draft_folder(draft)
    files = (
        {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and _kept(p.relative_to(folder).as_posix(), lessons)
        }
        if with_files and folder.is_dir()
        else {}
    )
    return CourseData(dict(draft.data.get("table", {})), lessons, files)


def _kept(rel: str, lessons: dict[str, LessonData]) -> bool:
    """A file of the draft's folder that goes into the package: not in the folder of a lesson
    no longer in the course (TOML and Markdown are never in the folder: they are data)."""
    parts = rel.split("/")
    return parts[0] != "lessons" or len(parts) < 3 or parts[1] in lessons


def draft_problems(draft: CourseDraft) -> Problems:
    """Every problem the package import would find in the draft."""
    return check_data(package_of(draft), draft_folder(draft))


def publish_draft(
    db: Session, *, school_id: int, course_id: int, user_id: int | None
) -> CourseVersion:
    """The draft imported as the course's new current version; the draft is gone after.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        course_id: a course of the school with a draft.
        user_id: who publishes it.

    Returns:
        The new version.

    Raises:
        CourseNotFound: no such course or draft.
        CourseInvalid: the draft has problems (every one listed, by file).
    """
    _course, draft = get_draft(db, school_id=school_id, course_id=course_id, lock=True)
    problems = draft_problems(draft)
    problems.raise_if_any()
    data = package_of(draft, with_files=True)
    base = db.get(CourseVersion, draft.base_version_id or 0)
    source = f"editor (v{base.number})" if base else "editor"
    version = import_course(db, school_id=school_id, data=data, user_id=user_id, source=source)
    _drop(db, draft)
    return version


def discard_draft(db: Session, *, school_id: int, course_id: int) -> None:
    """Deletes the draft and its files; the course's versions stay.

    Raises:
        CourseNotFound: no such course or draft.
    """
    _course, draft = get_draft(db, school_id=school_id, course_id=course_id, lock=True)
    _drop(db, draft)


def _drop(db: Session, draft: CourseDraft) -> None:
    folder = draft_folder(draft)
    db.delete(draft)
    db.flush()
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


def problems_by_step(problems: Problems, lesson: str) -> dict[int, list[tuple[str, Message]]]:
    """A lesson's problems by step number (from 1; 0 for the lesson itself), each with its
    field."""
    rel = f"lessons/{lesson}/lesson.toml"
    out: dict[int, list[tuple[str, Message]]] = {}
    for found, part, said in zip(problems.found, problems.parts, problems.said, strict=True):
        if found.params.get("file") != rel:
            continue
        n = said.params.get("n")
        out.setdefault(n if isinstance(n, int) else 0, []).append((part, said))
    return out
