"""Jobs (solves, mail delivery, later judging and backups) as rows with status and progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index
from sqlmodel import Field, SQLModel

from models.base import utcnow

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"
FINISHED: tuple[str, ...] = (DONE, FAILED, CANCELLED)


class Job(SQLModel, table=True):
    """One unit of background work; `key` makes enqueueing idempotent."""

    __tablename__ = "job"
    # the claim's order: queued jobs by priority, then age
    __table_args__ = (Index("ix_job_claim_order", "status", "priority", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    kind: str = Field(index=True)  # "solve", "deliver_notice", ...
    key: str | None = Field(default=None, unique=True)
    status: str = Field(default=QUEUED, index=True)
    # Workers take the highest priority first, then the oldest (judge: olympiad > lesson > run).
    priority: int = 0
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    progress: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    result: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    error: str = ""
    cancel_requested: bool = False
    attempts: int = 0
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    started_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    worker: str = ""  # which worker process claimed it
