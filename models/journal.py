"""The class register: lessons held, attendance, remarks, assessments, grades and term grades."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Text, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

# Attendance marks (`Attendance.status`); present is the default and is not stored.
ABSENT = "absent"
LATE = "late"
EXCUSED = "excused"
ATTENDANCE_MARKS: tuple[str, ...] = (ABSENT, LATE, EXCUSED)

# Assessment kinds of the Kazakhstan criteria-based rules, and the classic mark.
FORMATIVE = "fo"  # ФО: a mark out of 10
SECTION = "sor"  # СОР: summative for a section, points out of a maximum
TERM_SUMMATIVE = "soch"  # СОЧ: summative for the term, points out of a maximum
MARK = "mark"  # a classic 5-point mark
ASSESSMENT_KINDS: tuple[str, ...] = (FORMATIVE, SECTION, TERM_SUMMATIVE, MARK)

# Remarks (`Remark.kind`).
REMARK = "remark"
DISCIPLINE = "discipline"
PRAISE = "praise"


class LessonRecord(SchoolOwned, SoftDeleted, table=True):
    """One lesson as held on a date: who kept the register, the topic and the homework."""

    __tablename__ = "lesson_record"
    __table_args__ = (UniqueConstraint("school_id", "day", "lesson_id", "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    unit: int
    shift: str
    period: int
    teacher_id: int | None = Field(default=None, foreign_key="teacher.id", index=True)
    cover_id: int | None = Field(default=None, foreign_key="cover.id")  # kept by a substitute
    topic: str = ""
    homework: str = Field(default="", sa_type=Text)
    attachments: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    attendance_taken_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Attendance(SchoolOwned, SoftDeleted, table=True):
    """A student's mark on one held lesson when it is not 'present'."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("record_id", "student_id"),)

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="lesson_record.id", index=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    status: str
    late_minutes: int | None = None
    reason: str = ""
    note_id: int | None = Field(default=None, foreign_key="absence_note.id")
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class AbsenceNote(SchoolOwned, SoftDeleted, table=True):
    """A parent's note that a child will be or was away, for dates."""

    __tablename__ = "absence_note"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="parent.id")
    starts_on: date
    ends_on: date
    reason: str = Field(default="", sa_type=Text)
    status: str = "submitted"  # submitted, accepted, declined
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Remark(SchoolOwned, SoftDeleted, table=True):
    """A remark, discipline note or praise about a student, on a lesson or on its own."""

    __tablename__ = "remark"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    record_id: int | None = Field(default=None, foreign_key="lesson_record.id", index=True)
    kind: str = REMARK
    text: str = Field(sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Assessment(SchoolOwned, SoftDeleted, table=True):
    """A graded piece of work of one class (or subgroup) in one subject on a date."""

    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="school_class.id", index=True)
    subgroup_id: int | None = Field(default=None, foreign_key="subgroup.id")
    subject_id: int = Field(foreign_key="subject.id", index=True)
    kind: str
    day: date = Field(index=True)
    title: str = ""  # "СОР 2: Quadratic equations"
    section: str = ""  # the section a СОР covers
    max_points: float = 10.0
    record_id: int | None = Field(default=None, foreign_key="lesson_record.id")
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Grade(SchoolOwned, SoftDeleted, table=True):
    """A student's result in one assessment (a mark or points)."""

    __tablename__ = "grade"
    __table_args__ = (UniqueConstraint("assessment_id", "student_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    value: float
    comment: str = ""
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class FinalGrade(SchoolOwned, table=True):
    """A term or year grade of a student in a subject: computed, and perhaps overridden."""

    __tablename__ = "final_grade"
    __table_args__ = (UniqueConstraint("student_id", "subject_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    subject_id: int = Field(foreign_key="subject.id", index=True)
    period: str  # a term's name, or "year:<academic year name>"
    percent: float | None = None
    mark: str = ""  # "5", "4", ..., or "pass"/"fail"
    explanation: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    override_mark: str = ""
    override_reason: str = ""
    overridden_by: int | None = Field(default=None, foreign_key="user_account.id")
    computed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class AssessmentRuleSet(SchoolOwned, table=True):
    """A school's assessment rules as data (weights, conversion table, rounding); one active."""

    __tablename__ = "assessment_rule_set"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    rules: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class TermClosure(SchoolOwned, table=True):
    """A term whose grades are locked; reopening is a new row with `reopened_at`."""

    __tablename__ = "term_closure"

    id: int | None = Field(default=None, primary_key=True)
    term: str  # the term's name, as the school's terms name it
    closed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    closed_by: int | None = Field(default=None, foreign_key="user_account.id")
    reopened_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
