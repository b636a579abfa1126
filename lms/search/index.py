"""Keeping the index up to date: a course is indexed by its current version, a task by its version.

Course versions never change once made and a task's edit is a new version, so the index
records which version each row was made from. Before a search, `stale` compares that with the
store (one query for courses, one for tasks); `refresh` re-indexes what is missing or older in
a write transaction. Whatever makes a version — an import, a copy, a draft published in the
editor, a quiz import, an edited task — is therefore found by the next search without any call
into this package. A service that wants the index right at once (the quiz import) calls
`index_course` in its own transaction. Rows of an older version are never shown meanwhile:
the search joins each row to its course's current version and its task's version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import exists, literal, or_, union_all
from sqlmodel import Session, col, select

from lms.search.extract import Texts, merge, statement_texts, step_texts, title_texts
from lms.search.text import index_terms
from models.judge import JudgeTask
from models.lms import Course, CourseLesson, CourseModule, CourseStep, CourseVersion
from models.search import (
    COURSE,
    COURSE_KINDS,
    LESSON,
    STEP,
    TASK,
    SearchDoc,
    ensure_index,
    index_ready,
    remove_docs,
    replace_docs,
    update_statistics,
)
from models.settings import get_settings

STATISTICS_ROWS = 1000


@dataclass
class Staleness:
    """What the index lacks for one school: courses and tasks to (re)index, or the index itself."""

    courses: list[int] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    no_index: bool = False

    def __bool__(self) -> bool:
        return self.no_index or bool(self.courses or self.tasks)


def _all_text(texts: Texts) -> str:
    return "\n".join(texts.values())


def _row(
    school_id: int | None,
    kind: str,
    source: int,
    version: int,
    *,
    title: Texts | None = None,
    body: Texts | None = None,
    module: str = "",
    lesson_id: int | None = None,
    step_id: int | None = None,
    position: int = 0,
) -> dict[str, Any]:
    return {
        "school_id": school_id,
        "kind": kind,
        "source_id": source,
        "version": version,
        "module": module,
        "lesson_id": lesson_id,
        "step_id": step_id,
        "position": position,
        "title_terms": index_terms(_all_text(title or {})),
        "body_terms": index_terms(_all_text(body or {})),
    }


def _course_rows(db: Session, course: Course, version: CourseVersion) -> list[dict[str, Any]]:
    vid, cid, school = version.id or 0, course.id or 0, course.school_id
    about = title_texts(version.meta.get("description"))
    rows = [_row(school, COURSE, cid, vid, title=title_texts(course.title), body=about)]
    modules = {m.id: m for m in db.exec(select(CourseModule).where(CourseModule.version_id == vid))}
    lessons = {
        lesson.id: lesson
        for lesson in db.exec(select(CourseLesson).where(CourseLesson.version_id == vid))
    }
    for lesson in lessons.values():
        module = modules.get(lesson.module_id)
        rows.append(_row(school, LESSON, cid, vid, title=title_texts(lesson.title),
                         body=title_texts(module.title) if module else {},
                         module=module.slug if module else "", lesson_id=lesson.id))  # fmt: skip
    for step in db.exec(select(CourseStep).where(CourseStep.version_id == vid)):
        owner = lessons.get(step.lesson_id)
        body = step_texts(step.kind, step.body)
        if owner is None or not any(body.values()):
            continue
        module = modules.get(owner.module_id)
        rows.append(_row(school, STEP, cid, vid, body=body, module=module.slug if module else "",
                         lesson_id=owner.id, step_id=step.id, position=step.position))  # fmt: skip
    return rows


def index_course(db: Session, *, school_id: int, course_id: int) -> int:
    """Indexes a course's current version in place of whatever the index held for it.

    Args:
        db: a session that may write (the caller commits).
        school_id: the course's school.
        course_id: the course.

    Returns:
        How many rows the course has in the index now (0 for a deleted or foreign course).
    """
    ensure_index(db)
    course = db.get(Course, course_id)
    version = db.get(CourseVersion, course.current_version_id or 0) if course else None
    if course is None or course.school_id != school_id or course.deleted_at or version is None:
        return replace_docs(db, kinds=COURSE_KINDS, source_id=course_id, rows=[])
    return replace_docs(
        db, kinds=COURSE_KINDS, source_id=course_id, rows=_course_rows(db, course, version)
    )


def index_task(db: Session, *, task_id: int, root: Path | None = None) -> int:
    """Indexes a task's current version (its titles and statements) in place of the old one.

    Args:
        db: a session that may write (the caller commits).
        task_id: the task (of a school or of the platform).
        root: the data dir holding the task folders (default: the configured one).

    Returns:
        How many rows the task has in the index now (0 or 1).
    """
    ensure_index(db)
    task = db.get(JudgeTask, task_id)
    if task is None or task.deleted_at is not None:
        return replace_docs(db, kinds=(TASK,), source_id=task_id, rows=[])
    folder = (root or get_settings().data_dir) / task.folder
    title = title_texts(task.title)
    row = _row(task.school_id, TASK, task_id, task.version, title=title,
               body=merge(statement_texts(folder)))  # fmt: skip
    return replace_docs(db, kinds=(TASK,), source_id=task_id, rows=[row])


def _indexed(kind: str, source: Any, version: Any) -> Any:
    return exists().where(
        col(SearchDoc.kind) == kind,
        col(SearchDoc.source_id) == source,
        col(SearchDoc.version) == version,
    )


def stale(db: Session, *, school_id: int) -> Staleness:
    """What must be (re)indexed before a search of this school can be trusted (reads only).

    Args:
        db: an open session (a read scope is enough).
        school_id: the school; the platform's tasks are checked too (every school sees them).

    Returns:
        The courses and tasks whose current version is not in the index; `no_index` when the
        SQLite index has not been built on this database.
    """
    if not index_ready(db):
        return Staleness(no_index=True)
    courses = select(literal(COURSE), col(Course.id)).where(
        Course.school_id == school_id,
        col(Course.deleted_at).is_(None),
        col(Course.current_version_id).is_not(None),
        ~_indexed(COURSE, Course.id, Course.current_version_id),
    )
    tasks = select(literal(TASK), col(JudgeTask.id)).where(
        or_(col(JudgeTask.school_id) == school_id, col(JudgeTask.school_id).is_(None)),
        col(JudgeTask.deleted_at).is_(None),
        ~_indexed(TASK, JudgeTask.id, JudgeTask.version),
    )
    found = Staleness()
    for kind, source in db.execute(union_all(courses, tasks)).all():  # one round trip
        (found.courses if kind == COURSE else found.tasks).append(source)
    return found


def refresh(db: Session, *, school_id: int, root: Path | None = None) -> int:
    """Re-indexes whatever `stale` finds, and drops rows of deleted courses and tasks.

    Args:
        db: a session that may write (the caller commits).
        school_id: the school (and the platform's tasks).
        root: the data dir holding the task folders (default: the configured one).

    Returns:
        How many courses and tasks were indexed.
    """
    ensure_index(db)
    found = stale(db, school_id=school_id)
    done = rows = 0
    for course_id in found.courses:
        # PostgreSQL: two searches refreshing at once take turns, and the second finds it done
        locked = select(Course.current_version_id).where(Course.id == course_id)
        version = db.exec(locked.with_for_update()).first()
        if not _has(db, COURSE, course_id, version):
            rows += index_course(db, school_id=school_id, course_id=course_id)
            done += 1
    for task_id in found.tasks:
        locked_task = select(JudgeTask.version).where(JudgeTask.id == task_id)
        task_version = db.exec(locked_task.with_for_update()).first()
        if not _has(db, TASK, task_id, task_version):
            rows += index_task(db, task_id=task_id, root=root)
            done += 1
    _drop_deleted(db, school_id)
    if rows >= STATISTICS_ROWS:  # the planner's picture of the index, before autovacuum's
        update_statistics(db)
    return done


def _has(db: Session, kind: str, source_id: int, version: int | None) -> bool:
    return bool(db.exec(select(_indexed(kind, source_id, version or 0))).one())


def _drop_deleted(db: Session, school_id: int) -> None:
    """Rows of the school's deleted courses and tasks (they are not shown anyway)."""
    courses = db.exec(
        select(Course.id).where(Course.school_id == school_id, col(Course.deleted_at).is_not(None))
    ).all()
    tasks = db.exec(
        select(JudgeTask.id).where(
            or_(col(JudgeTask.school_id) == school_id, col(JudgeTask.school_id).is_(None)),
            col(JudgeTask.deleted_at).is_not(None),
        )
    ).all()
    remove_docs(db, kinds=COURSE_KINDS, source_ids=[c for c in courses if c])
    remove_docs(db, kinds=(TASK,), source_ids=[t for t in tasks if t])
