"""Olympiads: contests, their tasks, the schools and students taking part, task openings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import SoftDeleted, utcnow

ICPC, IOI = "icpc", "ioi"  # Contest.rules


class Contest(SoftDeleted, table=True):
    """An olympiad with a start and an end; `school_id` empty for a city-wide one."""

    __tablename__ = "contest"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    title: str
    rules: str = ICPC
    starts_at: datetime = Field(sa_type=DateTime(timezone=True))
    ends_at: datetime = Field(sa_type=DateTime(timezone=True))
    freeze_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    penalty_minutes: int = 20  # ICPC: per wrong attempt before the accepted one
    registration_open: bool = True
    public_board: bool = True  # the projector view needs no login
    upsolving: bool = True  # tasks stay open after the end (outside the standings)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ContestTask(SQLModel, table=True):
    """A task of a contest under its letter."""

    __tablename__ = "contest_task"
    __table_args__ = (UniqueConstraint("contest_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    task_id: int = Field(foreign_key="judge_task.id")
    label: str  # "A", "B", ...
    position: int = 0


class ContestSchool(SQLModel, table=True):
    """A school registered for a contest (its students may then register)."""

    __tablename__ = "contest_school"
    __table_args__ = (UniqueConstraint("contest_id", "school_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    school_id: int = Field(foreign_key="school.id")
    registered_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ContestParticipant(SQLModel, table=True):
    """A student taking part, under their school."""

    __tablename__ = "contest_participant"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    user_id: int = Field(foreign_key="user_account.id")
    school_id: int = Field(foreign_key="school.id")
    registered_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class TaskOpening(SQLModel, table=True):
    """When a participant first opened a contest's task (time spent = accepted - opened)."""

    __tablename__ = "task_opening"
    __table_args__ = (UniqueConstraint("contest_id", "user_id", "task_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    user_id: int = Field(foreign_key="user_account.id")
    task_id: int = Field(foreign_key="judge_task.id")
    opened_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
