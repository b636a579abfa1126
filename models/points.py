"""The points ledger: practice points earned by solving tasks and steps, shared by judge and LMS."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import utcnow


class PointsEntry(SQLModel, table=True):
    """Points a person earned once for one thing (`source`, e.g. "judge:task:12", "lms:step:7").

    The unique (user, source) pair makes awarding idempotent: solving a task twice earns once.
    """

    __tablename__ = "points_entry"
    __table_args__ = (UniqueConstraint("user_id", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    source: str
    points: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
