"""The demo school's olympiad, so a new user finds one running: the judge's three example tasks
(kept out of practice), IOI rules, open from a few minutes before the demo starts for a week,
with the demo students taking part."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from lms.contests.registration import register_school, register_student
from lms.contests.schemas import Actor, ContestInput, TaskChoice
from lms.contests.services import create_contest
from lms.practice.tasks import load_task_folders
from models.accounts import SCHOOL_ADMIN
from models.contests import IOI, Contest

EXAMPLES = Path(__file__).resolve().parents[1] / "judge" / "examples"
TASKS = (("A", "sum-of-two"), ("B", "divisors"), ("C", "two-summands"))
TITLE = "Информатикадан мектеп олимпиадасы / Школьная олимпиада по информатике"
OPEN_FOR = timedelta(days=7)


def create_demo_olympiad(
    session: Session, *, school_id: int, organiser_id: int, student_ids: list[int], now: datetime
) -> Contest:
    """The olympiad, organised by the school admin `organiser_id`, with `student_ids` registered.

    Args:
        session: an open session; the caller commits.
        school_id: the demo school.
        organiser_id: the school admin's account.
        student_ids: accounts of the school's students to register.
        now: an aware time; the olympiad opens ten minutes before it.

    Returns:
        The contest row.
    """
    ids = load_task_folders(
        session, school_id=school_id, folders=[EXAMPLES / slug for _, slug in TASKS],
        practice=False, created_by=organiser_id,
    )  # fmt: skip
    organiser = Actor(organiser_id, SCHOOL_ADMIN, school_id)
    start = now - timedelta(minutes=10)
    contest = create_contest(session, organiser, ContestInput(
        title=TITLE, rules=IOI, starts_at=start, ends_at=start + OPEN_FOR,
        tasks=tuple(TaskChoice(label, ids[slug]) for label, slug in TASKS),
    ))  # fmt: skip
    assert contest.id is not None
    register_school(session, organiser, contest.id)
    for student in student_ids:
        register_student(session, organiser, contest.id, student)
    return contest
