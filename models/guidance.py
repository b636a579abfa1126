"""Guidance instruments: schools' own instrument files, assignments, answers, results, risk cases.

An instrument itself is a TOML file (guidance/instruments); the shipped ones live in the package,
a school's own are stored here per school and version. Sending an instrument writes one
assignment and one response row per student; every answer is its own row (saved at once, so a
student resumes on any device); submitting scores the response on its row. Screening answers and
risk cases are read only by the school's psychologists, through services that audit each read.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

# InstrumentAssignment.origin: where the instrument file comes from
SHIPPED, SCHOOL_FILE = "shipped", "school"

# InstrumentAssignment.target_kind
TARGET_STUDENT, TARGET_CLASS, TARGET_GRADE = "student", "class", "grade"
TARGET_KINDS: tuple[str, ...] = (TARGET_STUDENT, TARGET_CLASS, TARGET_GRADE)

# InstrumentResponse.status
ASSIGNED, STARTED, SUBMITTED = "assigned", "started", "submitted"
RESPONSE_STATUSES: tuple[str, ...] = (ASSIGNED, STARTED, SUBMITTED)

# RiskCase.status
CASE_NEW, CASE_OPEN, CASE_CLOSED = "new", "in_progress", "closed"
CASE_STATUSES: tuple[str, ...] = (CASE_NEW, CASE_OPEN, CASE_CLOSED)

# RiskCase.severity, most urgent first
URGENT, HIGH, MODERATE = "urgent", "high", "moderate"
SEVERITIES: tuple[str, ...] = (URGENT, HIGH, MODERATE)

# CaseEntry.kind
NOTE, FOLLOW_UP, STATUS_CHANGE = "note", "follow_up", "status"


class SchoolInstrument(SchoolOwned, SoftDeleted, table=True):
    """A school's own (licensed) instrument file, one row per uploaded version."""

    __tablename__ = "guidance_instrument"
    __table_args__ = (UniqueConstraint("school_id", "key", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)  # the file's `id`
    version: str
    title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # language -> title
    source_text: str = Field(sa_type=Text)  # the TOML file as uploaded
    file_name: str = ""
    uploaded_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class InstrumentAssignment(SchoolOwned, SoftDeleted, table=True):
    """An instrument sent by a specialist to one student, a class or a grade, with a deadline."""

    __tablename__ = "guidance_assignment"

    id: int | None = Field(default=None, primary_key=True)
    instrument_key: str = Field(index=True)
    instrument_version: str
    origin: str = SHIPPED
    school_instrument_id: int | None = Field(default=None, foreign_key="guidance_instrument.id")
    target_kind: str
    student_id: int | None = Field(default=None, foreign_key="student.id")
    class_id: int | None = Field(default=None, foreign_key="school_class.id")
    grade: int | None = None
    due_on: date | None = None
    note: str = ""  # the specialist's words to the students
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_role: str = ""  # psychologist or counsellor: who may read the results
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class InstrumentResponse(SchoolOwned, table=True):
    """One student's taking of one assignment; scores land on it at submit."""

    __tablename__ = "guidance_response"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_id"),
        Index("ix_guidance_response_school_student", "school_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="guidance_assignment.id", index=True)
    student_id: int = Field(foreign_key="student.id")
    instrument_key: str
    instrument_version: str
    clinical: bool = False  # a screening: results for psychologists only
    language: str = ""
    status: str = Field(default=ASSIGNED, index=True)
    position: int = 0  # the screen the student was on (resume there)
    started_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    updated_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    submitted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    scores: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # scale -> raw score
    bands: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # scale -> band id
    summary: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # e.g. {"code": "SIA"}
    risk: bool = False  # a risk rule fired (a case was opened)


class InstrumentAnswer(SchoolOwned, table=True):
    """One answer of one response, saved the moment the student taps it."""

    __tablename__ = "guidance_answer"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="guidance_response.id", index=True)
    item_id: str
    value: int
    answered_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class RiskCase(SchoolOwned, table=True):
    """A screening that needs a psychologist's attention: owner, status, notes, follow-ups."""

    __tablename__ = "guidance_case"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    response_id: int = Field(foreign_key="guidance_response.id", unique=True)
    instrument_key: str
    severity: str
    rules: list[str] = Field(default_factory=list, sa_type=JSON)  # ids of the rules that fired
    status: str = Field(default=CASE_NEW, index=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class CaseEntry(SchoolOwned, table=True):
    """A note, a follow-up with its date, or a status change on a case."""

    __tablename__ = "guidance_case_entry"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="guidance_case.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    kind: str = NOTE
    text: str = Field(default="", sa_type=Text)
    due_on: date | None = None  # a follow-up's date
    done_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SpecialistContact(SchoolOwned, table=True):
    """Where students find a psychologist or counsellor (shown with help after a screening)."""

    __tablename__ = "guidance_contact"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True)
    office: str = ""  # e.g. "Room 204, 2nd floor"
    phone: str = ""
    hours: str = ""  # e.g. "Mon–Fri 9:00–15:00"
