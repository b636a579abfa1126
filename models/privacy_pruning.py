"""Operational logs that are not kept forever: phones' sync operations and the LMS activity log.

Both hold what a named person did and when, and neither is a school record: `sync_operation`
rows make a phone's replayed batch idempotent and keep a conflict until the teacher decides
(models/sync.py); `course_activity` rows feed streaks and the analytics of recent weeks
(lms/courses). So the nightly retention job (web/jobs/retention.py) deletes them after a period:
sync operations once settled (applied, unchanged, or a conflict or refusal the teacher decided;
one still waiting for the teacher stays, however old), activity rows whatever they were. The
periods are the platform operator's (environment, read by the job); every run that deletes
something is an audit row with the counts and the cut-off dates, never the rows themselves.

The indexes on the time columns keep the scheduler's "is anything due?" question cheap every tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models.audit import record_audit
from models.base import utcnow
from models.lms import CourseActivity
from models.sync import APPLIED, UNCHANGED, SyncOperation

DEFAULT_SYNC_DAYS = 180  # a phone replays within days; half a year leaves room for a lost phone
DEFAULT_ACTIVITY_DAYS = 730  # two school years: this year's and last year's analytics and streaks
PRUNE_ACTION = "prune_logs"

# Declared here, with the pruning that needs them (migration 0024).
sa.Index("ix_course_activity_at", CourseActivity.__table__.c.at)  # type: ignore[attr-defined]
sa.Index("ix_sync_operation_received_at", SyncOperation.__table__.c.received_at)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PrunePeriods:
    """Days each log is kept; None keeps it forever."""

    sync_days: int | None = DEFAULT_SYNC_DAYS
    activity_days: int | None = DEFAULT_ACTIVITY_DAYS


def _cutoff(now: datetime, days: int | None) -> datetime | None:
    """The moment before which rows go, in UTC (SQLite keeps UTC times without their zone)."""
    now = now.astimezone(UTC) if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return None if days is None else now - timedelta(days=days)


def _settled() -> Any:
    """Sync operations nobody needs to decide on any more."""
    status = col(SyncOperation.status)
    return sa.or_(status.in_((APPLIED, UNCHANGED)), col(SyncOperation.resolution) != "")


def schools_with_old_logs(session: Session, periods: PrunePeriods, now: datetime) -> set[int]:
    """The schools with a sync operation or an activity row past its period (index range scans).

    Args:
        session: an open session.
        periods: the periods.
        now: the moment to judge by (aware).

    Returns:
        School ids.
    """
    out: set[int] = set()
    sync_cut, activity_cut = _cutoff(now, periods.sync_days), _cutoff(now, periods.activity_days)
    if sync_cut is not None:
        query = select(SyncOperation.school_id).where(
            col(SyncOperation.received_at) < sync_cut, _settled()
        )
        out.update(session.exec(query.distinct()).all())
    if activity_cut is not None:
        query = select(CourseActivity.school_id).where(col(CourseActivity.at) < activity_cut)
        out.update(session.exec(query.distinct()).all())
    return out


def prune_logs(
    session: Session,
    *,
    school_id: int,
    periods: PrunePeriods,
    actor: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Deletes the school's settled sync operations and activity rows older than their periods.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        periods: days each log is kept (None: forever).
        actor: who runs it (audited).
        now: the moment to judge by (default: now).

    Returns:
        {"sync_operations": n, "course_activity": n, "sync_before": iso | None,
        "activity_before": iso | None}.
    """
    now = now or utcnow()
    sync_cut, activity_cut = _cutoff(now, periods.sync_days), _cutoff(now, periods.activity_days)
    counts = {"sync_operations": 0, "course_activity": 0}
    if sync_cut is not None:
        sync = sa.delete(SyncOperation).where(
            col(SyncOperation.school_id) == school_id,
            col(SyncOperation.received_at) < sync_cut,
            _settled(),
        )
        counts["sync_operations"] = session.connection().execute(sync).rowcount or 0
    if activity_cut is not None:
        activity = sa.delete(CourseActivity).where(
            col(CourseActivity.school_id) == school_id, col(CourseActivity.at) < activity_cut
        )
        counts["course_activity"] = session.connection().execute(activity).rowcount or 0
    summary: dict[str, Any] = {
        **counts,
        "sync_before": sync_cut.isoformat() if sync_cut else None,
        "activity_before": activity_cut.isoformat() if activity_cut else None,
    }
    if any(counts.values()):
        record_audit(session, school_id=school_id, actor=actor, action=PRUNE_ACTION,
                     entity=f"privacy_settings:{school_id}", details=summary)  # fmt: skip
    return summary
