"""Timetable versions and their placed lessons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, utcnow


class TimetableVersion(SchoolOwned, table=True):
    """A generated or imported timetable; numbers increase per school; one may be published."""

    __tablename__ = "timetable_version"
    __table_args__ = (UniqueConstraint("school_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    number: int
    data_version_id: int = Field(foreign_key="data_version.id", index=True)
    status: str  # optimal, feasible, infeasible, unknown, imported, ...
    objective: int | None = None
    source: str = ""
    meta: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    published: bool = False
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class PlacedLesson(SchoolOwned, table=True):
    __tablename__ = "placed_lesson"

    id: int | None = Field(default=None, primary_key=True)
    timetable_version_id: int = Field(foreign_key="timetable_version.id", index=True)
    lesson_id: int = Field(foreign_key="lesson_requirement.id", index=True)
    unit: int  # which unit of the requirement, 0-based, doubles first
    day: int
    shift: str
    period: int
    room_id: int | None = Field(default=None, foreign_key="room.id")
    locked: bool = False
