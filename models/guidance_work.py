"""The guidance specialists' work: mock tests, profile subjects, consultations, the yearly
programme, methodical materials and the news feed (guidance/work and guidance/profile own them).

Nothing a person entered is overwritten: a changed choice of profile subjects is a new row (the
old one soft-deleted), a consultation's outcome is a new note row, removed items are soft-deleted.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, DateTime, Text
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

# The two services of the guidance programme (ProgrammeItem.track, Material.track, ...).
CAREER = "career"
PSYCHOLOGY = "psychology"
TRACKS: tuple[str, ...] = (CAREER, PSYCHOLOGY)

# MockTestResult.kind
UNT = "unt"
NUET = "nuet"
SAT = "sat"
MOCK_KINDS: tuple[str, ...] = (UNT, NUET, SAT)

# Consultation.status
REQUESTED = "requested"  # booked by the student, waiting for the specialist
CONFIRMED = "confirmed"
CANCELLED = "cancelled"
HELD = "held"  # the outcome was logged
MISSED = "missed"  # the student did not come
CONSULTATION_STATUSES: tuple[str, ...] = (REQUESTED, CONFIRMED, CANCELLED, HELD, MISSED)
ACTIVE_STATUSES: tuple[str, ...] = (REQUESTED, CONFIRMED)

# NewsItem.topic
NEWS_TOPICS: tuple[str, ...] = ("universities", "professions", "labour_market", "unt")


class MockTestResult(SchoolOwned, SoftDeleted, table=True):
    """One mock UNT, NUET or SAT sitting of a student, section by section."""

    __tablename__ = "mock_test_result"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    kind: str = Field(index=True)  # unt, nuet, sat
    rules_year: int  # the year of the rules it is scored by
    taken_on: date
    scores: dict[str, int] = Field(default_factory=dict, sa_type=JSON)  # section -> points
    subjects: list[str] = Field(default_factory=list, sa_type=JSON)  # UNT: the profile pair
    total: int
    self_reported: bool = False  # entered by the student, not by the school
    source: str = ""  # grid, excel, self
    entered_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ProfileSubjectChoice(SchoolOwned, SoftDeleted, table=True):
    """A student's pair of UNT profile subjects; a new choice soft-deletes the previous one."""

    __tablename__ = "profile_subject_choice"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    first: str  # subject codes of the UNT rules (guidance.work.mock_rules)
    second: str
    chosen_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ConsultationSlot(SchoolOwned, SoftDeleted, table=True):
    """A time a counsellor or psychologist offers for one consultation."""

    __tablename__ = "consultation_slot"

    id: int | None = Field(default=None, primary_key=True)
    specialist_id: int = Field(foreign_key="user_account.id", index=True)
    track: str  # career (counsellor) or psychology (psychologist)
    starts_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    minutes: int = 30
    place: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Consultation(SchoolOwned, table=True):
    """A student's booking of a slot and what became of it.

    `holds_slot` is the slot's id while the booking is active and empty once it is cancelled:
    its unique constraint lets one active booking hold a slot, on SQLite and PostgreSQL alike.
    """

    __tablename__ = "consultation"

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(foreign_key="consultation_slot.id", index=True)
    holds_slot: int | None = Field(default=None, unique=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    specialist_id: int = Field(foreign_key="user_account.id", index=True)
    track: str
    reason: str  # a category of guidance.work.consultations.REASONS
    note: str = Field(default="", sa_type=Text)  # the student's words, for the specialist only
    status: str = Field(default=REQUESTED, index=True)
    booked_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    decided_by: int | None = Field(default=None, foreign_key="user_account.id")
    cancel_reason: str = ""


class ConsultationNote(SchoolOwned, table=True):
    """An outcome logged by the specialist: notes, a follow-up date and next steps (append-only)."""

    __tablename__ = "consultation_note"

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    track: str  # psychology notes are read by psychologists only
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    notes: str = Field(default="", sa_type=Text)
    next_steps: str = Field(default="", sa_type=Text)
    follow_up_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ProgrammeItem(SchoolOwned, SoftDeleted, table=True):
    """One event of the yearly programme: a grade, a track, a month (and perhaps a day)."""

    __tablename__ = "programme_item"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)  # the academic year by the calendar year it starts in
    grade: int  # 5..11
    track: str
    month: int  # 1..12
    day: date | None = None
    title: str
    description: str = Field(default="", sa_type=Text)
    template_key: str = ""  # the line of our default programme it was copied from
    done: bool = False
    done_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    done_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Material(SchoolOwned, SoftDeleted, table=True):
    """A methodical material: an uploaded file or a link, for some grades and a track."""

    __tablename__ = "guidance_material"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    track: str
    grades: list[int] = Field(default_factory=list, sa_type=JSON)  # empty = every grade
    description: str = Field(default="", sa_type=Text)
    url: str = ""  # a link, or empty for a file
    file_name: str = ""  # the uploaded file's own name
    stored_as: str = ""  # its name in the school's materials folder
    content_type: str = ""
    size: int = 0
    added_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class NewsItem(SchoolOwned, SoftDeleted, table=True):
    """A news item the counsellor curates for students (universities, professions, labour
    market, UNT)."""

    __tablename__ = "news_item"

    id: int | None = Field(default=None, primary_key=True)
    topic: str
    title: str
    body: str = Field(default="", sa_type=Text)
    link: str = ""
    grades: list[int] = Field(default_factory=list, sa_type=JSON)  # empty = every grade
    published_on: date
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
