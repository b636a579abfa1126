"""Absences and events of a school day, and the cover plans that answer them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

# What an absence row is about (`Absence.kind`).
TEACHER_ABSENT = "teacher"  # ref = teacher code
ROOM_CLOSED = "room"  # ref = room code
CLASS_AWAY = "class"  # ref = class code (excursion: its teachers become free)
SHORT_DAY = "short_day"  # ref = "" (the school day ends early: periods after `periods` dropped)
ABSENCE_KINDS: tuple[str, ...] = (TEACHER_ABSENT, ROOM_CLOSED, CLASS_AWAY, SHORT_DAY)

# What a cover does with one affected lesson (`Cover.action`).
COVER = "cover"  # another teacher takes it
MERGE = "merge"  # the group joins a parallel group's lesson
MOVE = "move"  # the lesson moves to another period of the day
STUDY = "study"  # supervised study
CANCEL = "cancel"  # no lesson; the class is told
ROOM_CHANGE = "room"  # same teacher, another room
COVER_ACTIONS: tuple[str, ...] = (COVER, MERGE, MOVE, STUDY, CANCEL, ROOM_CHANGE)

DRAFT = "draft"
PUBLISHED = "published"


class Absence(SchoolOwned, SoftDeleted, table=True):
    """A teacher away, a room out of use, a class away or a shortened day, for dates and periods."""

    __tablename__ = "absence"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    ref: str = ""
    starts_on: date = Field(index=True)
    ends_on: date = Field(index=True)
    periods: list[int] = Field(default_factory=list, sa_type=JSON)  # empty = the whole day
    shift: str = ""  # the shift whose period numbers `periods` are; empty = every shift
    reason: str = ""  # illness, training, trip, ... in the words of whoever entered it
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class CoverPlan(SchoolOwned, table=True):
    """The covers of one school day over one published timetable; revised, never replaced."""

    __tablename__ = "cover_plan"
    __table_args__ = (UniqueConstraint("school_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    timetable_version_id: int = Field(foreign_key="timetable_version.id")
    status: str = DRAFT
    revision: int = 0  # 1 at the first publication, +1 at each correction
    meta: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    published_by: int | None = Field(default=None, foreign_key="user_account.id")


class Cover(SchoolOwned, SoftDeleted, table=True):
    """What happens to one affected lesson on the plan's day, and why (a sentence as data)."""

    __tablename__ = "cover"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="cover_plan.id", index=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    unit: int
    shift: str
    period: int
    absent_teacher_id: int | None = Field(default=None, foreign_key="teacher.id")
    action: str
    role: str = "affected"  # affected, partner (the other lesson of a swap) or dropped
    substitute_id: int | None = Field(default=None, foreign_key="teacher.id", index=True)
    room_id: int | None = Field(default=None, foreign_key="room.id")
    to_period: int | None = None  # for a moved lesson
    merged_with: int | None = Field(default=None, foreign_key="lesson_requirement.id")
    locked: bool = False  # the deputy's choice; re-planning keeps it
    reason: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # {"template", "params"}
    published_revision: int | None = None  # the plan revision that first told people
    acknowledged_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
