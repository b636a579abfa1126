"""Lesson requirements: audience, subject, teachers, periods, doubles, rooms; and locks."""

from __future__ import annotations

from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted


class LessonRequirement(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "lesson_requirement"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)  # stable across re-imports, e.g. "7A-MATH"
    subject_id: int = Field(foreign_key="subject.id", index=True)
    periods_per_week: int
    doubles: int = 0
    room_kind: str | None = None  # None = the subject's room kind


class LessonTeacher(SchoolOwned, table=True):
    __tablename__ = "lesson_teacher"

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    teacher_id: int = Field(foreign_key="teacher.id", index=True)
    position: int = 0


class LessonAudience(SchoolOwned, table=True):
    """A whole class (no subgroup) or one subgroup of it; several make a joined lesson."""

    __tablename__ = "lesson_audience"

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    class_id: int = Field(foreign_key="school_class.id", index=True)
    subgroup_id: int | None = Field(default=None, foreign_key="subgroup.id")
    position: int = 0


class LessonRoom(SchoolOwned, table=True):
    """A room the lesson may use; none listed = any room of the kind."""

    __tablename__ = "lesson_room"

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    room_id: int = Field(foreign_key="room.id", index=True)
    position: int = 0


class LessonLock(SchoolOwned, SoftDeleted, table=True):
    """A unit of a requirement fixed to a slot (and room) before solving."""

    __tablename__ = "lesson_lock"

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    unit: int
    day: int
    shift: str
    period: int
    room_id: int | None = Field(default=None, foreign_key="room.id")
