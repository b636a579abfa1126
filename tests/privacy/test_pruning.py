"""Pruning by the retention job: settled sync operations and LMS activity rows past their
periods are deleted (a conflict still waiting for the teacher is kept), per school, audited with
counts only, configurable and switchable off, due from the scheduler without a leaver."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from models.history import AuditEntry
from models.jobs import Job
from models.lms import OPENED, Course, CourseActivity
from models.privacy_pruning import PRUNE_ACTION, PrunePeriods, prune_logs
from models.privacy_retention import set_retention_years
from models.sync import APPLIED, CONFLICT, KEPT_MINE, REFUSED, UNCHANGED, SyncOperation
from tests.privacy.conftest import World
from web.jobs.retention import RETENTION, prune_periods_setting, retention_due
from web.scheduler import NoticeScheduler, ScheduleSettings

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime.now(UTC)  # the job prunes against the real clock too


def _sync(db: Session, school: int, user: int, n: int, days: int, status: str,
          resolution: str = "") -> None:  # fmt: skip
    at = NOW - timedelta(days=days)
    db.add(SyncOperation(school_id=school, user_id=user, client_id=f"op-{school}-{n}",
                         kind="attendance", entered_at=at, received_at=at, status=status,
                         resolution=resolution))  # fmt: skip


def _seed(db: Session, world: World) -> None:
    """Old and recent rows in the school, and old ones in the other school."""
    for school, user in (
        (world.school_id, world.admin),
        (world.other_school_id, world.other_admin),
    ):
        _sync(db, school, user, 1, 200, APPLIED)
        _sync(db, school, user, 2, 400, UNCHANGED)
        _sync(db, school, user, 3, 300, CONFLICT)  # the teacher has not decided: kept
        _sync(db, school, user, 4, 300, REFUSED, KEPT_MINE)  # decided: goes
        _sync(db, school, user, 5, 10, APPLIED)  # recent: kept
        course = Course(school_id=school, slug="python", title={"ru": "Python"})
        db.add(course)
        db.flush()
        for days in (800, 731, 700, 1):
            at = NOW - timedelta(days=days)
            db.add(CourseActivity(school_id=school, user_id=user, course_id=course.id or 0,
                                  step_key="s1", kind=OPENED, at=at))  # fmt: skip
    db.commit()


def _left(db: Session, school: int) -> tuple[list[str], int]:
    ops = db.exec(select(SyncOperation.client_id).where(SyncOperation.school_id == school)
                  .order_by(col(SyncOperation.client_id))).all()  # fmt: skip
    activity = db.exec(select(CourseActivity.id).where(CourseActivity.school_id == school)).all()
    return list(ops), len(activity)


def test_old_settled_rows_go_and_the_rest_stays_audited_with_counts(
    session: Session, world: World
) -> None:
    _seed(session, world)
    summary = prune_logs(session, school_id=world.school_id, periods=PrunePeriods(180, 730),
                         actor="retention", now=NOW)  # fmt: skip
    session.commit()
    assert (summary["sync_operations"], summary["course_activity"]) == (3, 2)
    s = world.school_id
    assert _left(session, s) == ([f"op-{s}-3", f"op-{s}-5"], 2)
    o = world.other_school_id
    assert _left(session, o)[1] == 4 and len(_left(session, o)[0]) == 5  # another school's stay
    [audit] = session.exec(select(AuditEntry).where(AuditEntry.action == PRUNE_ACTION)).all()
    assert audit.school_id == s and audit.actor == "retention"
    assert audit.details["sync_operations"] == 3 and audit.details["course_activity"] == 2
    assert audit.details["sync_before"] == (NOW - timedelta(days=180)).isoformat()
    again = prune_logs(session, school_id=s, periods=PrunePeriods(180, 730), actor="retention",
                       now=NOW)  # fmt: skip
    assert (again["sync_operations"], again["course_activity"]) == (0, 0)
    assert len(session.exec(select(AuditEntry).where(AuditEntry.action == PRUNE_ACTION)).all()) == 1


def test_periods_come_from_the_environment_and_off_keeps_everything(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert prune_periods_setting() == PrunePeriods(180, 730)
    monkeypatch.setenv("SABAQ_PRUNE_SYNC_DAYS", "off")
    monkeypatch.setenv("SABAQ_PRUNE_ACTIVITY_DAYS", "750")
    periods = prune_periods_setting()
    assert periods == PrunePeriods(None, 750)
    _seed(session, world)
    summary = prune_logs(session, school_id=world.school_id, periods=periods, actor="retention",
                         now=NOW)  # fmt: skip
    assert (summary["sync_operations"], summary["course_activity"]) == (0, 1)
    assert summary["sync_before"] is None
    monkeypatch.setenv("SABAQ_PRUNE_SYNC_DAYS", "-5")
    with pytest.raises(ValueError, match="SABAQ_PRUNE_SYNC_DAYS"):
        prune_periods_setting()


def _cfg() -> ScheduleSettings:
    return ScheduleSettings(timezone=ALMATY, digest_at=time(7), digest_until=time(12),
                            reminder_minutes=15, tick_s=30)  # fmt: skip


def test_old_logs_alone_make_the_run_due_and_the_scheduler_prunes_once(
    session: Session, world: World, tmp_path: Path
) -> None:
    set_retention_years(session, school_id=world.school_id, years=10, actor="director")
    set_retention_years(session, school_id=world.other_school_id, years=10, actor="director")
    session.commit()
    morning = datetime.now(ALMATY).replace(hour=4, minute=0)
    assert retention_due(session, morning, at=time(3)) == []  # no leaver due, no old rows
    _seed(session, world)
    due = retention_due(session, morning, at=time(3))
    assert sorted(school for _k, school, _key, _p in due) == sorted(
        [world.school_id, world.other_school_id])  # fmt: skip
    url = session.get_bind().url.render_as_string(hide_password=False)
    session.close()
    clock = morning.replace(minute=30).astimezone(UTC)
    assert NoticeScheduler(url, settings=_cfg(), clock=lambda: clock).tick() == (2, 2)
    jobs = session.exec(select(Job).where(Job.kind == RETENTION)).all()
    assert all(j.status == "done" and j.result["pruned"]["sync_operations"] == 3 for j in jobs)
    session.close()
    assert retention_due(session, morning, at=time(3)) == []  # nothing old is left to prune
    session.close()  # our read transaction would hold the scheduler's write lock
    later = clock + timedelta(days=1)
    assert NoticeScheduler(url, settings=_cfg(), clock=lambda: later).tick() == (0, 0)
