"""The "retention" job: a school's leavers anonymised once their retention period is over, and
its settled sync operations and LMS activity rows deleted once theirs is (models.privacy_pruning;
periods SABAQ_PRUNE_SYNC_DAYS, default 180, and SABAQ_PRUNE_ACTIVITY_DAYS, default 730, "off"
keeps them).

The scheduler (web.scheduler) finds it due once a day after SABAQ_RETENTION_AT on the school
clock (default 03:00; "off" disables it), for each school with a leaver not yet anonymised, and
queues it under `retention:{school}:{day}`, so it runs once a day however many schedulers tick.
The anonymisation (models.privacy_retention) and the job's outcome commit together, and each
student is done once, so a re-run after a lost worker changes nothing twice. Every student done
and the run itself are audit rows with the actor "retention".
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from models.db import session_scope
from models.people import Student
from models.privacy import DEFAULT_RETENTION_YEARS, Anonymisation, PrivacySettings
from models.privacy_pruning import (
    DEFAULT_ACTIVITY_DAYS,
    DEFAULT_SYNC_DAYS,
    PrunePeriods,
    prune_logs,
    schools_with_old_logs,
)
from models.privacy_retention import RETENTION_ACTOR, run_retention
from web.jobs.context import JobContext

RETENTION = "retention"  # job kind: params {"day": ISO date}
DEFAULT_AT = time(3, 0)


def retention_at_setting() -> time | None:
    """SABAQ_RETENTION_AT as a time of the school clock; None when it is "off"."""
    raw = os.environ.get("SABAQ_RETENTION_AT", "").strip().lower()
    if raw in ("off", "no", "none"):
        return None
    return time.fromisoformat(raw) if raw else DEFAULT_AT


def _days(name: str, default: int) -> int | None:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("off", "no", "none", "0"):
        return None  # kept forever
    days = int(raw) if raw else default
    if days < 1:
        raise ValueError(f"{name} must be a number of days (1 or more) or 'off', not {raw!r}")
    return days


def prune_periods_setting() -> PrunePeriods:
    """SABAQ_PRUNE_SYNC_DAYS (default 180) and SABAQ_PRUNE_ACTIVITY_DAYS (default 730): how long
    settled sync operations and LMS activity rows are kept; "off" keeps them forever."""
    return PrunePeriods(_days("SABAQ_PRUNE_SYNC_DAYS", DEFAULT_SYNC_DAYS),
                        _days("SABAQ_PRUNE_ACTIVITY_DAYS", DEFAULT_ACTIVITY_DAYS))  # fmt: skip


def retention_due(
    session: Session, local: datetime, at: time | None = None
) -> list[tuple[str, int, str, dict[str, Any]]]:
    """(kind, school, key, params) of each school's retention run due at `local`.

    A school gets one when its earliest leaver not yet anonymised left longer ago than its
    retention period, or when it has sync operations or LMS activity rows past theirs: four
    queries for all schools (the last two range scans of indexes), as the scheduler asks
    every tick.
    """
    at = retention_at_setting() if at is None else at
    if at is None or local.time() < at:
        return []
    done = select(Anonymisation.student_id)
    earliest = session.exec(
        select(Student.school_id, func.min(Student.deleted_at))
        .where(col(Student.deleted_at).is_not(None), col(Student.id).not_in(done))
        .group_by(col(Student.school_id))
    ).all()
    settings = select(PrivacySettings.school_id, PrivacySettings.retention_years)
    years = {school_id: n for school_id, n in session.exec(settings).all()}
    due = schools_with_old_logs(session, prune_periods_setting(), local)
    for school_id, left in earliest:
        period = timedelta(days=round(365.25 * years.get(school_id, DEFAULT_RETENTION_YEARS)))
        if left is None:
            continue
        left = left if left.tzinfo is not None else left.replace(tzinfo=UTC)  # SQLite: naive
        if left <= local - period:
            due.add(school_id)
    day = local.date().isoformat()
    return [(RETENTION, s, f"retention:{s}:{day}", {"day": day}) for s in sorted(due)]


def run_retention_job(ctx: JobContext) -> dict[str, Any]:
    """Anonymises the school's leavers whose period is over and prunes its old sync operations
    and LMS activity rows; the outcome commits with them."""
    assert ctx.school_id is not None
    with session_scope(ctx.url) as session:
        summary = run_retention(session, school_id=ctx.school_id, actor=RETENTION_ACTOR)
        pruned = prune_logs(session, school_id=ctx.school_id, periods=prune_periods_setting(),
                            actor=RETENTION_ACTOR)  # fmt: skip
        result = {"day": ctx.params.get("day"), **summary, "pruned": pruned}
        ctx.complete(session, result)
    return result
