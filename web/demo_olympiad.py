"""The demo's olympiad: organised by the demo director, the demo student taking part."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from lms.contests.demo import create_demo_olympiad
from models.accounts import SCHOOL_ADMIN, STUDENT, UserAccount


def start_demo_olympiad(session: Session, *, school_id: int) -> None:
    """Runs the olympiad for a week from now (see lms.contests.demo) with the demo accounts."""
    accounts = session.exec(
        select(UserAccount).where(
            UserAccount.school_id == school_id, col(UserAccount.role).in_((SCHOOL_ADMIN, STUDENT))
        )
    ).all()
    director = next(a for a in accounts if a.role == SCHOOL_ADMIN and a.login == "director")
    students = [a.id or 0 for a in accounts if a.role == STUDENT and a.login == "student"]
    create_demo_olympiad(session, school_id=school_id, organiser_id=director.id or 0,
                         student_ids=students, now=datetime.now(UTC))  # fmt: skip
