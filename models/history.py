"""Data versions (one per import), the change log of each import, and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import SchoolOwned, utcnow


class DataVersion(SchoolOwned, table=True):
    """One import: its number per school, source, counts, and the whole snapshot it brought."""

    __tablename__ = "data_version"
    __table_args__ = (UniqueConstraint("school_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    number: int
    source: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # the snapshot as imported, so an earlier version can always be read back whole
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class ChangeRecord(SchoolOwned, table=True):
    """One change an import made: created/updated (field old -> new)/removed."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    data_version_id: int = Field(foreign_key="data_version.id", index=True)
    entity: str
    key: str
    action: str
    field: str | None = None
    old: Any = Field(default=None, sa_type=JSON)
    new: Any = Field(default=None, sa_type=JSON)


class AuditEntry(SQLModel, table=True):
    """Who did what to which entity, when; school_id is empty for platform-wide actions."""

    __tablename__ = "audit_log"
    # One record's or account's history is read by its entity within the school.
    __table_args__ = (Index("ix_audit_log_school_entity", "school_id", "entity"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    actor: str
    action: str
    entity: str
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
