"""The scheduled retention job: due once a day after its hour for a school with a leaver past
the period, run by the scheduler's tick, anonymises and records its outcome, never twice."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from models.jobs import Job
from models.people import Student
from models.privacy import Anonymisation
from models.privacy_retention import set_retention_years
from tests.privacy.conftest import World
from web.jobs.retention import RETENTION, retention_due
from web.scheduler import NoticeScheduler, ScheduleSettings

ALMATY = ZoneInfo("Asia/Almaty")


def _cfg() -> ScheduleSettings:
    return ScheduleSettings(timezone=ALMATY, digest_at=time(7), digest_until=time(12),
                            reminder_minutes=15, tick_s=30)  # fmt: skip


def test_due_after_its_hour_only_for_schools_with_leavers_past_the_period(
    session: Session, world: World
) -> None:
    night = datetime.now(ALMATY).replace(hour=2, minute=0)
    assert retention_due(session, night, at=time(3)) == []
    morning = night.replace(hour=4)
    due = retention_due(session, morning, at=time(3))
    assert [(kind, school) for kind, school, _key, _params in due] == [(RETENTION, world.school_id)]
    assert due[0][2] == f"retention:{world.school_id}:{morning.date().isoformat()}"
    set_retention_years(session, school_id=world.school_id, years=10, actor="director")
    assert retention_due(session, morning, at=time(3)) == []
    assert retention_due(session, morning, at=None) == []  # SABAQ_RETENTION_AT default 03:00


def test_the_scheduler_runs_it_once(session: Session, world: World, tmp_path: Path) -> None:
    url = session.get_bind().url.render_as_string(hide_password=False)
    session.close()
    clock = datetime.now(ALMATY).replace(hour=3, minute=30).astimezone(UTC)
    new, ran = NoticeScheduler(url, settings=_cfg(), clock=lambda: clock).tick()
    assert (new, ran) == (1, 1)
    session.expire_all()
    leaver = session.get(Student, world.leaver_id)
    assert leaver is not None and leaver.name.startswith("Оқушы #")
    job = session.exec(select(Job).where(Job.kind == RETENTION)).one()
    assert job.status == "done" and job.result["anonymised"] == [world.leaver_id]
    session.close()  # a SQLite write transaction of ours would hold the scheduler's next ticks
    later = clock + timedelta(hours=1)
    assert NoticeScheduler(url, settings=_cfg(), clock=lambda: later).tick() == (0, 0)
    tomorrow = clock + timedelta(days=1)
    assert NoticeScheduler(url, settings=_cfg(), clock=lambda: tomorrow).tick() == (0, 0)
    assert len(session.exec(select(Anonymisation)).all()) == 1
