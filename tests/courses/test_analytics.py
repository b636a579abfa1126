"""Analytics on a hand-made class: the lesson funnel, the hardest steps by wrong attempts, one
student's days, visits and minutes on the school's clock, and the live view (working, stuck,
idle, away); students of another school never counted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from lms.courses.activity import add_time, log_activity
from lms.courses.analytics import course_stats, live, student_stats
from lms.courses.content import read_folder
from lms.courses.library import get_course, import_course, outline
from lms.courses.progress import answer_step, visit_step
from models.lms import ANSWERED, OPENED, StepProgress
from tests.courses.conftest import World
from tests.courses.kinds import write_every_kind

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 11:00 in Almaty


def test_funnel_hardest_steps_and_live_view(db: Session, world: World, tmp_path: Path) -> None:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(write_every_kind(tmp_path))
    )
    out = outline(db, get_course(db, school_id=world.school_a, course_id=version.course_id))
    steps = {s.kind: s for s in out.all_steps()}
    cid, school = version.course_id, world.school_a
    s0, s1, s2 = world.students_a
    answer = dict(school_id=school, course_id=cid)
    # s0: the single choice wrong twice, then right; every step read or passed but the task
    for choice in (1, 1, 0):
        answer_step(db, user_id=s0, step=steps["single"], answer={"choice": choice},
                    now=NOW - timedelta(minutes=30), **answer)  # type: ignore[arg-type]  # fmt: skip
    # s1: the blanks wrong three times, a minute ago: stuck
    for _ in range(3):
        answer_step(db, user_id=s1, step=steps["blanks"], answer={"blanks": ["x", "y"]},
                    now=NOW - timedelta(minutes=1), **answer)  # type: ignore[arg-type]  # fmt: skip
    visit_step(db, user_id=s0, step=steps["text"], read=True, now=NOW - timedelta(seconds=20),
               **answer)  # type: ignore[arg-type]  # fmt: skip
    # a row of another school's student on the same course is never counted
    db.add(StepProgress(school_id=world.school_b, user_id=world.student_b, course_id=cid,
                        step_key=steps["blanks"].key, status="wrong", attempts=5))  # fmt: skip
    db.flush()
    stats = course_stats(db, school_id=school, outline=out, user_ids=[s0, s1, s2])
    assert (stats.students, stats.active) == (3, 2)
    assert [(f.steps, f.reached, f.completed) for f in stats.funnel] == [(13, 2, 0)]
    assert [(h.step.kind, h.wrong, h.tried, h.passed) for h in stats.hardest] == [
        ("blanks", 3, 1, 0),
        ("single", 2, 1, 1),
    ]
    whole = course_stats(db, school_id=school, outline=out, user_ids=None)
    assert whole.students == 2 and whole.hardest[0].wrong == 3  # school B's answer left out
    people = [(s0, "Әлихан"), (s1, "Айгүл"), (s2, "Борис")]
    rows = live(db, school_id=school, outline=out, people=people, now=NOW)
    assert [(r.name, r.state, r.step.kind if r.step else None, r.wrong) for r in rows] == [
        ("Әлихан", "working", "text", 0),
        ("Айгүл", "stuck", "blanks", 3),
        ("Борис", "away", None, 0),
    ]
    later = live(
        db, school_id=school, outline=out, people=people[:1], now=NOW + timedelta(minutes=5)
    )
    assert later[0].state == "idle"


def test_a_students_days_visits_and_minutes(db: Session, world: World, tmp_path: Path) -> None:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(write_every_kind(tmp_path))
    )
    cid, school, student = version.course_id, world.school_a, world.students_a[0]
    # 20:30 UTC on 8 March is 01:30 on 9 March in Almaty
    evening = datetime(2026, 3, 8, 20, 30, tzinfo=UTC)
    log_activity(db, school_id=school, user_id=student, course_id=cid, step_key="l1/text-intro",
                 kind=OPENED, now=evening)  # fmt: skip
    add_time(db, school_id=school, user_id=student, course_id=cid, step_key="l1/text-intro",
             seconds=240, now=evening + timedelta(minutes=4))  # fmt: skip
    add_time(db, school_id=school, user_id=student, course_id=cid, step_key="l1/text-intro",
             seconds=60, now=evening + timedelta(minutes=5))  # fmt: skip
    log_activity(db, school_id=school, user_id=student, course_id=cid, step_key="l1/single-1",
                 kind=ANSWERED, right=True, seconds=60, now=NOW)  # fmt: skip
    log_activity(db, school_id=world.school_b, user_id=world.student_b, course_id=cid,
                 step_key="l1/single-1", kind=OPENED, now=NOW)  # fmt: skip
    db.flush()
    stats = student_stats(
        db, school_id=school, user_id=student, tz=ALMATY, today=date(2026, 3, 10), days=7
    )
    by_day = {d.day: (d.visits, d.actions, d.seconds) for d in stats.days}
    assert len(stats.days) == 7 and stats.days[-1].day == date(2026, 3, 10)
    assert by_day[date(2026, 3, 9)] == (1, 0, 300)  # one visit: the heartbeats joined it
    assert by_day[date(2026, 3, 10)] == (0, 1, 60)
    assert by_day[date(2026, 3, 8)] == (0, 0, 0)
    assert (stats.visits, stats.seconds) == (1, 360)
