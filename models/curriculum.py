"""Subjects, bell schedules per shift and rule rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted


class Subject(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "subject"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    hard: bool = False
    room_kind: str = "ordinary"


class Bell(SchoolOwned, SoftDeleted, table=True):
    """One period of a shift's bell schedule, with clock times so breaks have lengths."""

    __tablename__ = "bell_period"

    id: int | None = Field(default=None, primary_key=True)
    shift: str = Field(index=True)
    number: int  # 1-based within the shift
    starts_at: str  # "08:00"
    ends_at: str  # "08:45"


class Rule(SchoolOwned, SoftDeleted, table=True):
    """A condition beyond the basic fields: kind + JSON parameters (e.g. a FET constraint)."""

    __tablename__ = "rule"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    weight: int | None = None  # None = hard
    active: bool = True
