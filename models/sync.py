"""Changes entered on a phone while offline, as the server received them: one row per operation.

The row makes a sync idempotent (a client's operation id is applied once; a replayed batch gets
the stored answer) and keeps what was not applied, a conflict or a refusal, until the teacher
decides: nothing entered offline is dropped without being shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, utcnow

# `SyncOperation.status`: what the server did with an operation.
APPLIED = "applied"  # written through the journal's services
UNCHANGED = "unchanged"  # the server already had the value
CONFLICT = "conflict"  # the value changed on the server since the phone read it: not applied
REFUSED = "refused"  # not allowed (closed term, someone else's lesson, a bad value)
SYNC_STATUSES: tuple[str, ...] = (APPLIED, UNCHANGED, CONFLICT, REFUSED)

# `SyncOperation.resolution` of a conflict or refusal once the teacher decided.
KEPT_MINE = "mine"
KEPT_THEIRS = "theirs"
DISMISSED = "dismissed"


class SyncOperation(SchoolOwned, table=True):
    """One operation a phone sent (attendance mark, grade), keyed by the client's id."""

    __tablename__ = "sync_operation"
    # looked up by (school, user, client id) on every sync, and listed by (school, user)
    __table_args__ = (UniqueConstraint("school_id", "user_id", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    client_id: str = Field(max_length=64)
    kind: str  # attendance, taken, grade
    target: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    value: Any = Field(default=None, sa_type=JSON)  # the value entered on the phone
    base: Any = Field(default=None, sa_type=JSON)  # the value the phone showed before
    entered_at: datetime = Field(sa_type=DateTime(timezone=True))  # the phone's clock
    received_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    status: str
    outcome: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # server value, who, why
    resolution: str = ""
    resolved_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
