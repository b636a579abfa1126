"""Teachers (with what they can teach), students (with subgroups) and parents/guardians."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted


class Teacher(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "teacher"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    unavailable: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    max_per_day: int | None = None
    max_per_week: int | None = None
    max_days: int | None = None
    day_off: int | None = None  # preferred free day, 0 = Monday
    max_building_changes: int | None = None
    email: str = ""
    phone: str = ""


class TeacherSubject(SchoolOwned, table=True):
    """A subject a teacher may teach; part of the teacher, replaced with the list."""

    __tablename__ = "teacher_subject"

    id: int | None = Field(default=None, primary_key=True)
    teacher_id: int = Field(foreign_key="teacher.id", index=True)
    subject_id: int = Field(foreign_key="subject.id", index=True)
    position: int = 0


class Student(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "student"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    class_id: int = Field(foreign_key="school_class.id", index=True)
    birth_date: date | None = None


class StudentSubgroup(SchoolOwned, table=True):
    __tablename__ = "student_subgroup"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    subgroup_id: int = Field(foreign_key="subgroup.id", index=True)
    position: int = 0


class Parent(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "parent"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    email: str = ""
    phone: str = ""
    relation: str = ""  # mother, father, guardian


class Guardianship(SchoolOwned, table=True):
    """A parent or guardian linked to a child."""

    __tablename__ = "guardianship"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent.id", index=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    position: int = 0
