"""A school's courses in the store: import a package as a new version, rebuild it, copy it."""

from __future__ import annotations

import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from lms.courses.checks import safe_path
from lms.courses.content import CourseData, LessonData, step_keys
from lms.courses.errors import CourseNotFound
from models.i18n import N_, message
from models.lms import (
    GRADED_KINDS,
    REVIEWED_KINDS,
    TASK,
    Course,
    CourseLesson,
    CourseModule,
    CourseStep,
    CourseVersion,
)
from models.settings import get_settings

GRADED_POINTS = 10  # a question answered right, when the step does not say otherwise


@dataclass(frozen=True)
class Outline:
    """A version's rows in order: modules, their lessons, each lesson's steps."""

    course: Course
    version: CourseVersion
    modules: list[CourseModule]
    lessons: dict[int, list[CourseLesson]]  # module id -> lessons
    steps: dict[int, list[CourseStep]]  # lesson id -> steps
    tasks: dict[str, str]  # the task steps: task slug -> step key

    def all_steps(self, modules: set[str] | None = None) -> list[CourseStep]:
        """Every step in order; only those of the modules named, when `modules` is given."""
        return [
            step
            for module in self.modules
            if modules is None or module.slug in modules
            for lesson in self.lessons.get(module.id or 0, [])
            for step in self.steps.get(lesson.id or 0, [])
        ]


def files_root() -> Path:
    """Where versions keep the package files that are not rows (tasks, images)."""
    return get_settings().data_dir


def course_version_files(version: CourseVersion) -> Path:
    """Where a version keeps its package's other files (pictures, recordings, task folders)."""
    return files_root() / version.files_dir


def step_points(step: dict[str, Any]) -> int:
    """A step's points: its own `points`, else 10 for a graded or reviewed step, else 0."""
    if isinstance(step.get("points"), int):
        return int(step["points"])
    return GRADED_POINTS if step.get("kind") in (*GRADED_KINDS, *REVIEWED_KINDS) else 0


def get_course(db: Session, *, school_id: int, course_id: int) -> Course:
    """A course of the school that is not deleted.

    Raises:
        CourseNotFound: no such course in this school.
    """
    course = db.get(Course, course_id)
    if course is None or course.school_id != school_id or course.deleted_at is not None:
        raise CourseNotFound("course_not_found", [message(N_("No such course."))])
    return course


def import_course(
    db: Session, *, school_id: int, data: CourseData, user_id: int | None = None, source: str = ""
) -> CourseVersion:
    """Stores a course package as a new version of the school's course with its slug.

    A course with the same slug gets a new version (progress stays: it hangs on step keys);
    otherwise the course is created. The new version becomes the current one.

    Args:
        db: the session (the caller commits).
        school_id: the school the course belongs to.
        data: the package as read by `content.read_folder`.
        user_id: who imports it.
        source: what it came from (a file name), for the versions list.

    Returns:
        The new version.
    """
    course = db.exec(
        select(Course).where(Course.school_id == school_id, Course.slug == data.slug)
    ).first()
    if course is None:
        course = Course(school_id=school_id, slug=data.slug, created_by=user_id)
        db.add(course)
    course.deleted_at = None
    course.title = dict(data.table.get("title", {}))
    db.flush()
    assert course.id is not None
    number = (
        db.exec(
            select(func.coalesce(func.max(CourseVersion.number), 0)).where(
                CourseVersion.course_id == course.id
            )
        ).one()
        + 1
    )
    meta = {k: v for k, v in data.table.items() if k != "modules"}
    version = CourseVersion(
        school_id=school_id,
        course_id=course.id,
        number=number,
        meta=meta,
        files_dir=f"courses/{course.id}/v{number}",
        source=source,
        created_by=user_id,
    )
    db.add(version)
    db.flush()
    assert version.id is not None
    version.steps = _add_rows(db, school_id, version.id, data)
    _write_files(files_root() / version.files_dir, data.files)
    course.current_version_id = version.id
    return version


def _add_rows(db: Session, school_id: int, version_id: int, data: CourseData) -> int:
    position, steps = 0, 0
    for m_pos, table in enumerate(data.modules, 1):
        extra = {k: v for k, v in table.items() if k != "lessons"}
        module = CourseModule(
            school_id=school_id,
            version_id=version_id,
            position=m_pos,
            slug=str(table["slug"]),
            title=dict(table["title"]),
            extra=extra,
        )
        db.add(module)
        db.flush()
        for slug in table["lessons"]:
            position += 1
            steps += _add_lesson(
                db, school_id, version_id, module.id or 0, position, data.lessons[slug]
            )
    return steps


def _add_lesson(
    db: Session, school_id: int, version_id: int, module_id: int, position: int, data: LessonData
) -> int:
    minutes = data.table.get("minutes")
    lesson = CourseLesson(
        school_id=school_id,
        version_id=version_id,
        module_id=module_id,
        position=position,
        slug=data.slug,
        title=dict(data.table["title"]),
        extra=dict(data.table),
        minutes=minutes if isinstance(minutes, int) else 0,
    )
    db.add(lesson)
    db.flush()
    for n, (step, key) in enumerate(zip(data.steps, step_keys(data), strict=True), 1):
        body = {k: v for k, v in step.items() if k != "kind"}
        db.add(
            CourseStep(
                school_id=school_id,
                version_id=version_id,
                lesson_id=lesson.id or 0,
                position=n,
                key=key,
                kind=str(step["kind"]),
                points=step_points(step),
                body=body,
            )
        )
    return len(data.steps)


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    if folder.exists():  # a version number whose transaction once failed: start clean
        shutil.rmtree(folder)
    for name, content in files.items():
        rel = safe_path(name)
        if rel is None:
            continue
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def outline(
    db: Session, course: Course, version_id: int | None = None, *, bodies: bool = True
) -> Outline:
    """The rows of a version (default: the current one) in order.

    With `bodies=False` the steps' bodies (texts, questions) are not read, and the rows come
    from a per-process cache: a version's rows never change once imported, and pages that only
    count steps or show titles then cost no query for them. Cached rows are detached: read them
    only.
    """
    version = db.get(CourseVersion, version_id or course.current_version_id or 0)
    if version is None or version.course_id != course.id:
        raise CourseNotFound("course_not_found", [message(N_("No such course."))])
    if bodies:
        return Outline(course, version, *_rows_of(db, version.id or 0, bodies=True))
    # keyed by database and creation time too: another store (tests), or an id reused after a
    # rolled-back import, is never mistaken for this version
    key = (str(db.get_bind().engine.url), version.id or 0, version.created_at.isoformat())
    with _CACHE_LOCK:
        shape = _SHAPES.get(key)
        if shape is not None:
            _SHAPES.move_to_end(key)
    if shape is None:
        shape = _rows_of(db, version.id or 0, bodies=False)
        with _CACHE_LOCK:
            _SHAPES[key] = shape
            while len(_SHAPES) > CACHED_VERSIONS:
                _SHAPES.popitem(last=False)
    return Outline(course, version, *shape)


Shape = tuple[
    list[CourseModule], dict[int, list[CourseLesson]], dict[int, list[CourseStep]], dict[str, str]
]
CACHED_VERSIONS = 64
_SHAPES: OrderedDict[tuple[str, int, str], Shape] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _rows_of(db: Session, vid: int, *, bodies: bool) -> Shape:
    modules = list(
        db.exec(
            select(CourseModule)
            .where(CourseModule.version_id == vid)
            .order_by(col(CourseModule.position))
        )
    )
    lessons: dict[int, list[CourseLesson]] = {}
    for lesson in db.exec(
        select(CourseLesson)
        .where(CourseLesson.version_id == vid)
        .order_by(col(CourseLesson.position))
    ):
        lessons.setdefault(lesson.module_id, []).append(lesson)
    steps: dict[int, list[CourseStep]] = {}
    query = select(CourseStep) if bodies else select(CourseStep).options(defer(CourseStep.body))  # type: ignore[arg-type]
    for step in db.exec(
        query.where(CourseStep.version_id == vid).order_by(
            col(CourseStep.lesson_id), col(CourseStep.position)
        )
    ):
        steps.setdefault(step.lesson_id, []).append(step)
    return modules, lessons, steps, task_steps(db, version_id=vid)


def course_data(db: Session, course: Course, version_id: int | None = None) -> CourseData:
    """A version rebuilt as package data (the inverse of `import_course`)."""
    out = outline(db, course, version_id)
    modules, lessons = [], {}
    for module in out.modules:
        module_lessons = out.lessons.get(module.id or 0, [])
        modules.append({**module.extra, "lessons": [lesson.slug for lesson in module_lessons]})
        for lesson in module_lessons:
            steps = [{"kind": s.kind, **s.body} for s in out.steps.get(lesson.id or 0, [])]
            lessons[lesson.slug] = LessonData(lesson.slug, dict(lesson.extra), steps)
    folder = files_root() / out.version.files_dir
    files = (
        {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }
        if out.version.files_dir and folder.is_dir()
        else {}
    )
    return CourseData({**out.version.meta, "modules": modules}, lessons, files)


def copy_course(db: Session, *, school_id: int, course_id: int, user_id: int | None) -> Course:
    """A new course of the school with the current version of another (slug `<slug>-copy-N`).

    Raises:
        CourseNotFound: no such course in this school.
    """
    source = get_course(db, school_id=school_id, course_id=course_id)
    data = course_data(db, source)
    taken = set(db.exec(select(Course.slug).where(Course.school_id == school_id)))
    n = 1
    while f"{source.slug}-copy-{n}" in taken:
        n += 1
    data.table["slug"] = f"{source.slug}-copy-{n}"
    version = import_course(
        db,
        school_id=school_id,
        data=data,
        user_id=user_id,
        source=f"{source.slug} v{_number(db, source)}",
    )
    copy = db.get(Course, version.course_id)
    assert copy is not None
    copy.copied_from_id = source.id
    return copy


def _number(db: Session, course: Course) -> int:
    version = db.get(CourseVersion, course.current_version_id or 0)
    return version.number if version else 0


def school_courses(db: Session, *, school_id: int) -> list[tuple[Course, CourseVersion | None]]:
    """The school's courses with their current versions, by slug."""
    courses = db.exec(
        select(Course)
        .where(Course.school_id == school_id, col(Course.deleted_at).is_(None))
        .order_by(col(Course.slug))
    ).all()
    ids = [c.current_version_id for c in courses if c.current_version_id]
    versions = {
        v.id: v for v in db.exec(select(CourseVersion).where(col(CourseVersion.id).in_(ids)))
    }
    return [(c, versions.get(c.current_version_id)) for c in courses]


def versions_of(db: Session, course: Course) -> list[CourseVersion]:
    """Every version of a course, newest first."""
    return list(
        db.exec(
            select(CourseVersion)
            .where(CourseVersion.course_id == course.id)
            .order_by(col(CourseVersion.number).desc())
        )
    )


def task_steps(db: Session, *, version_id: int) -> dict[str, str]:
    """The version's task steps: task slug -> step key (bodies read for these steps only)."""
    rows = db.exec(
        select(CourseStep.key, CourseStep.body).where(
            CourseStep.version_id == version_id, CourseStep.kind == TASK
        )
    ).all()
    return {str(body.get("task", "")): key for key, body in rows}
