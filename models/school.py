"""The school (tenant), its settings, academic years, terms and holidays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlmodel import Field, SQLModel

from models.base import SchoolOwned, SoftDeleted, utcnow


class SchoolBase(SQLModel):
    code: str = Field(unique=True, index=True)
    name: str
    city: str = ""
    region: str = ""
    days_per_week: int = 5  # 5 or 6
    language: str = "ru"  # kk, ru or en


class School(SchoolBase, SoftDeleted, table=True):
    __tablename__ = "school"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SchoolSettings(SchoolOwned, table=True):
    """One row per school: the switches and weights that shape its timetable, and its reports'."""

    __tablename__ = "school_settings"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", unique=True)
    class_no_gaps: bool = True
    late_after: int = 4
    max_building_changes: int | None = None
    weights: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # substitutions: {"weights": {name: int}, "weekly_quota": int}; empty = the defaults
    cover: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # reports flag a student who missed at least this percent of their lessons (not timetable
    # data: imports leave it alone; the school admin sets it, audited)
    chronic_absence_percent: float = 10.0


class AcademicYear(SchoolOwned, SoftDeleted, table=True):
    """September to August; terms belong to the year their first day falls in."""

    __tablename__ = "academic_year"

    id: int | None = Field(default=None, primary_key=True)
    name: str  # "2026-2027"
    starts_on: date
    ends_on: date


class Term(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "term"

    id: int | None = Field(default=None, primary_key=True)
    academic_year_id: int = Field(foreign_key="academic_year.id", index=True)
    name: str
    starts_on: date
    ends_on: date  # inclusive


class Holiday(SchoolOwned, table=True):
    """A break inside a term; part of its term, replaced with it on re-import."""

    __tablename__ = "holiday"

    id: int | None = Field(default=None, primary_key=True)
    term_id: int = Field(foreign_key="term.id", index=True)
    position: int = 0
    name: str
    starts_on: date
    ends_on: date  # inclusive
