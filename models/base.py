"""Shared column families: the tenant key, soft delete and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class SchoolOwned(SQLModel):
    """Every row that belongs to a school carries its `school_id`; every query filters by it."""

    school_id: int = Field(foreign_key="school.id", index=True)


class SoftDeleted(SQLModel):
    """Rows a person entered are marked deleted, never removed."""

    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
