"""Courses: versions of modules, lessons and steps; classes they are opened to; students' progress.

A course keeps one identity; every import (or copy, or publishing of a draft) makes a new version
with its own module, lesson and step rows. Progress hangs on the course and a step's stable `key`
(not on a step row), so a new version keeps what students already did on the steps it still has.
A course edited in the browser has one draft (the package as data) until it is published.
Badges and the activity log feed students' milestones and the teachers' analytics.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

# CourseStep.kind
TEXT, SINGLE, MULTIPLE, BLANKS, TASK = "text", "single", "multiple", "blanks", "task"
ORDERING, MATCHING = "ordering", "matching"
VIDEO, AUDIO, GLOSSARY = "video", "audio", "glossary"
OPEN = "open"  # an answer in the student's own words, graded by a teacher
GALLERY = "gallery"  # several images with captions and alt texts
UPLOAD = "upload"  # a file the student sends (type and size limits), graded by a teacher
STEP_KINDS: tuple[str, ...] = (
    TEXT, SINGLE, MULTIPLE, BLANKS, ORDERING, MATCHING, TASK, VIDEO, AUDIO, GALLERY, GLOSSARY,
    OPEN, UPLOAD,
)  # fmt: skip
# done when the student goes on
READ_KINDS: tuple[str, ...] = (TEXT, VIDEO, AUDIO, GALLERY, GLOSSARY)
GRADED_KINDS: tuple[str, ...] = (SINGLE, MULTIPLE, BLANKS, ORDERING, MATCHING)
REVIEWED_KINDS: tuple[str, ...] = (OPEN, UPLOAD)  # a teacher accepts or returns the answer

# StepProgress.status
STARTED, WRONG, PASSED = "started", "wrong", "passed"
SUBMITTED = "submitted"  # an open answer or an upload waiting for the teacher
PROGRESS_STATUSES: tuple[str, ...] = (STARTED, SUBMITTED, WRONG, PASSED)


class Course(SchoolOwned, SoftDeleted, table=True):
    """A course of a school; its content is the current version's rows."""

    __tablename__ = "course"
    __table_args__ = (UniqueConstraint("school_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str
    title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # language -> title
    current_version_id: int | None = Field(default=None)  # CourseVersion.id (no FK: a cycle)
    copied_from_id: int | None = Field(default=None, foreign_key="course.id")
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class CourseVersion(SchoolOwned, table=True):
    """One import of a course: course.toml's fields; files beyond the rows live in the data dir."""

    __tablename__ = "course_version"
    __table_args__ = (UniqueConstraint("course_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    number: int
    # course.toml without its modules (title, description, grades, anything else it holds)
    meta: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    files_dir: str = ""  # relative to the data dir: the package's other files (tasks, images)
    source: str = ""  # what it was made from: a file name, "copy of ...", "starter"
    steps: int = 0
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class CourseModule(SchoolOwned, table=True):
    __tablename__ = "course_module"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="course_version.id", index=True)
    position: int
    slug: str
    title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    extra: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # other keys, kept


class CourseLesson(SchoolOwned, table=True):
    __tablename__ = "course_lesson"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="course_version.id", index=True)
    module_id: int = Field(foreign_key="course_module.id", index=True)
    position: int  # within the course
    slug: str  # the lesson's folder name
    title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    minutes: int = 0
    extra: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # other keys, kept


class CourseStep(SchoolOwned, table=True):
    """One step: `body` is its table in lesson.toml without `kind` (texts inlined for text)."""

    __tablename__ = "course_step"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="course_version.id", index=True)
    lesson_id: int = Field(foreign_key="course_lesson.id", index=True)
    position: int  # within the lesson, from 1
    key: str  # stable across versions: "<lesson>/<kind>-<n>" or the author's own `key`
    kind: str
    points: int = 0
    body: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class CourseAssignment(SchoolOwned, SoftDeleted, table=True):
    """A course, or one module of it (by slug), opened to a class between two dates."""

    __tablename__ = "course_assignment"

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    class_id: int = Field(foreign_key="school_class.id", index=True)
    module_slug: str = ""  # empty: the whole course
    starts_on: date
    ends_on: date | None = None  # inclusive; empty: open without an end
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class StepProgress(SchoolOwned, table=True):
    """What one student did on one step of a course: status, score, attempts, time, last answer."""

    __tablename__ = "step_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "step_key"),
        # the gradebook and lesson pages ask by school, course and students: with the school
        # first, SQLite takes this index over the one on school_id alone
        Index("ix_step_progress_school_course_user", "school_id", "course_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    course_id: int = Field(foreign_key="course.id")
    step_key: str
    status: str = STARTED
    score: float = 0.0  # 0..1 of the last answer
    attempts: int = 0
    seconds: int = 0  # time spent on the step, summed over visits
    answer: Any = Field(default=None, sa_type=JSON)  # the last answer as sent
    first_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    passed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Certificate(SchoolOwned, table=True):
    """A course completed by a student; `code` is the public verification key."""

    __tablename__ = "course_certificate"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    course_id: int = Field(foreign_key="course.id")
    name: str  # the student's name as printed
    course_title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    school_name: str = ""
    steps: int = 0
    issued_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class CourseDraft(SchoolOwned, table=True):
    """A course being edited in the browser: its package as data, published as a new version.

    `data` is {"table": course.toml's table (modules listing lesson slugs), "lessons": {slug:
    {"table": lesson.toml without steps, "steps": [step tables, each with its key in "_key"]}}};
    the files beside (images, recordings, captions, tasks) live in `files_dir` under the data dir.
    """

    __tablename__ = "course_draft"

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", unique=True)  # one draft per course
    base_version_id: int | None = Field(default=None, foreign_key="course_version.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    files_dir: str = ""
    revision: int = 0  # bumped by every save
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


# CourseActivity.kind
OPENED, ANSWERED, READ, SENT = "opened", "answered", "read", "sent"


class CourseActivity(SchoolOwned, table=True):
    """One thing a student did on a step: opened it, answered (right or not), read it, sent a
    text or a file. Analytics count visits and activity over time from these rows."""

    __tablename__ = "course_activity"
    __table_args__ = (
        Index("ix_course_activity_school_user_at", "school_id", "user_id", "at"),
        Index("ix_course_activity_school_course_at", "school_id", "course_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    course_id: int = Field(foreign_key="course.id")
    step_key: str
    kind: str
    right: bool | None = None  # answers: graded right or wrong; None otherwise
    seconds: int = 0  # time on the step reported with it
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class BadgeAward(SchoolOwned, table=True):
    """A badge a student earned, once: `key` is the badge's code (with the course for a
    course's badge), unique per student, so awarding again changes nothing."""

    __tablename__ = "badge_award"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    badge: str  # the code of its definition (lms.courses.badges.BADGES)
    key: str
    course_id: int | None = Field(default=None, foreign_key="course.id")
    awarded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
