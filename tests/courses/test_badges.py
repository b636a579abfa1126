"""Badges: awarded once when reached (a second check awards nothing), each with one in-app
notice in the student's language; days in a row counted on the school's clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from lms.courses.activity import log_activity
from lms.courses.badges import award_badges, days_in_a_row, due_badges, earned
from lms.courses.content import read_folder
from lms.courses.library import get_course, import_course, outline
from lms.courses.progress import answer_step, visit_step
from models.lms import ANSWERED, PASSED, BadgeAward, StepProgress
from models.outbox import Notice
from models.points import award_points
from tests.courses.conftest import World
from tests.courses.kinds import write_every_kind

ALMATY = ZoneInfo("Asia/Almaty")


def _texts(language: str):  # type: ignore[no-untyped-def]
    return lambda msgid: f"[{language}] {msgid}"


def test_days_in_a_row() -> None:
    day = date(2026, 3, 1)
    assert days_in_a_row(set()) == 0
    assert days_in_a_row({day + timedelta(days=n) for n in (0, 1, 2, 4, 5)}) == 3
    assert days_in_a_row({day + timedelta(days=n) for n in range(7)}) == 7


def test_badges_are_awarded_once_with_one_notice(db: Session, world: World, tmp_path: Path) -> None:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(write_every_kind(tmp_path))
    )
    out = outline(db, get_course(db, school_id=world.school_a, course_id=version.course_id))
    student = world.students_a[0]
    args = dict(
        school_id=world.school_a, user_id=student, course_ids=[version.course_id], tz=ALMATY
    )
    assert due_badges(db, **args) == []  # type: ignore[arg-type]
    single = next(s for s in out.all_steps() if s.kind == "single")
    answer_step(db, school_id=world.school_a, user_id=student, course_id=version.course_id,
                step=single, answer={"choice": 0})  # fmt: skip
    award_points(db, user_id=student, school_id=world.school_a, source="test:90", points=90)
    new = award_badges(db, texts=_texts, **args)  # type: ignore[arg-type]
    assert [b.code for b in new] == ["first-step", "points-100"]
    assert award_badges(db, texts=_texts, **args) == []  # type: ignore[arg-type]
    db.commit()
    notices = db.exec(select(Notice).where(Notice.user_id == student)).all()
    # no language on the account: the school's (ru), sentence and badge name alike
    assert sorted(n.subject for n in notices) == [
        "[ru] New badge: [ru] 100 points",
        "[ru] New badge: [ru] First step",
    ]
    # the whole lesson read and answered: the course's lesson and course badges, keyed by course
    for step in out.all_steps():
        visit_step(db, school_id=world.school_a, user_id=student, course_id=version.course_id,
                   step=step, read=True)  # fmt: skip
    for row in db.exec(select(StepProgress).where(StepProgress.user_id == student)):
        row.status = PASSED  # graded and reviewed steps: as if answered right
    db.flush()
    got = award_badges(db, texts=_texts, **args)  # type: ignore[arg-type]
    assert {b.code for b in got} == {"lesson", "course"}
    keys = {a.key for a in earned(db, user_id=student)}
    assert {f"lesson:{version.course_id}", f"course:{version.course_id}"} <= keys
    assert db.exec(select(BadgeAward).where(BadgeAward.user_id == world.students_a[1])).all() == []


def test_seven_days_in_a_row_on_the_school_clock(db: Session, world: World, tmp_path: Path) -> None:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(write_every_kind(tmp_path))
    )
    student = world.students_a[1]
    # 20:00 UTC is 01:00 the next day in Almaty: six such evenings, then 03:00 UTC (08:00 in
    # Almaty) a day later: seven days in a row in Almaty, a day missing on the UTC calendar
    start = datetime.now(UTC).replace(hour=20, minute=0, second=0, microsecond=0) - timedelta(
        days=9
    )
    moments = [start + timedelta(days=n) for n in range(6)]
    moments.append(start + timedelta(days=6, hours=7))
    for moment in moments:
        log_activity(db, school_id=world.school_a, user_id=student, course_id=version.course_id,
                     step_key="l1/single-1", kind=ANSWERED, now=moment)  # fmt: skip
    db.flush()
    args = dict(school_id=world.school_a, user_id=student, course_ids=[])
    in_utc = due_badges(db, tz=ZoneInfo("UTC"), **args)  # type: ignore[arg-type]
    assert "streak-7" not in [b.code for b, _ in in_utc]
    assert "streak-7" in [b.code for b, _ in due_badges(db, tz=ALMATY, **args)]  # type: ignore[arg-type]
