"""Classes (grade, shift, size, home room, class teacher) and their subgroups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted


class SchoolClass(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "school_class"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)  # "7A"
    grade: int
    shift: str
    size: int
    home_room_id: int | None = Field(default=None, foreign_key="room.id")
    max_per_day: int | None = None
    # the class teacher (классный руководитель / сынып жетекшісі): they see the class's reports
    class_teacher_id: int | None = Field(default=None, foreign_key="teacher.id")
    unavailable: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)


class Subgroup(SchoolOwned, SoftDeleted, table=True):
    """A part of a class in one division: language "kz"/"ru", English "1"/"2", ..."""

    __tablename__ = "subgroup"

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="school_class.id", index=True)
    division: str
    code: str
    size: int
