"""Registration: schools sign up (their admin), students sign up or their teachers sign them up.

A city-wide contest (no school) takes any school; a school's own contest only that school.
Tenancy: a school's staff see and register only their own school's students; organisers of a
contest see how many take part from each school, not who they are beyond the board's names.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from lms.contests.board import get_contest
from lms.contests.errors import refuse
from lms.contests.schemas import STAFF_ROLES, Actor, as_utc, now_utc
from models.accounts import SCHOOL_ADMIN, STUDENT, UserAccount
from models.classes import SchoolClass
from models.contests import Contest, ContestParticipant, ContestSchool
from models.i18n import N_
from models.people import Student
from models.school import School


def _open_for_registration(contest: Contest) -> None:
    if not contest.registration_open:
        raise refuse("registration_closed", N_("Registration for this contest is closed."))
    if now_utc() >= as_utc(contest.ends_at):
        raise refuse("contest_over", N_("The contest is over."))


def school_registered(session: Session, contest_id: int, school_id: int | None) -> bool:
    """Whether the school is registered for the contest."""
    if school_id is None:
        return False
    found = session.exec(
        select(ContestSchool.id).where(
            ContestSchool.contest_id == contest_id, ContestSchool.school_id == school_id
        )
    ).first()
    return found is not None


def register_school(session: Session, actor: Actor, contest_id: int) -> ContestSchool:
    """The actor's school takes part (again, if already registered: the same row).

    Args:
        session: an open session; the caller commits.
        actor: the school's admin.
        contest_id: a contest open for registration.

    Returns:
        The registration row.

    Raises:
        NotFound: no such contest. ContestRefused: not a school admin, or registration closed.
    """
    contest = get_contest(session, contest_id)
    if actor.role != SCHOOL_ADMIN or actor.school_id is None:
        raise refuse("not_school_admin", N_("A school's admin registers the school."))
    if contest.school_id not in (None, actor.school_id):
        raise refuse("school_contest", N_("This is another school's own contest."))
    existing = session.exec(
        select(ContestSchool).where(
            ContestSchool.contest_id == contest_id, ContestSchool.school_id == actor.school_id
        )
    ).first()
    if existing is not None:
        return existing
    _open_for_registration(contest)
    row = ContestSchool(contest_id=contest_id, school_id=actor.school_id)
    session.add(row)
    session.flush()
    return row


def _student_account(session: Session, actor: Actor, user_id: int) -> UserAccount:
    """The student's account, if the actor may register it: themselves, or their school's."""
    account = session.get(UserAccount, user_id)
    mine = account is not None and account.deleted_at is None and account.role == STUDENT
    if actor.role == STUDENT:
        mine = mine and user_id == actor.user_id
    elif actor.role in STAFF_ROLES:
        mine = mine and account is not None and account.school_id == actor.school_id
    else:
        mine = False
    if not mine or account is None:
        raise refuse("not_your_student", N_("You may register only your school's students."))
    return account


def register_student(
    session: Session, actor: Actor, contest_id: int, user_id: int
) -> ContestParticipant:
    """A student takes part, under their school (which must be registered).

    Args:
        session: an open session; the caller commits.
        actor: the student, or an admin or teacher of the student's school.
        contest_id: a contest open for registration.
        user_id: the student's account.

    Returns:
        The participant row (the existing one when already registered).

    Raises:
        NotFound: no such contest. ContestRefused: not the actor's student, school not
        registered, registration closed.
    """
    contest = get_contest(session, contest_id)
    account = _student_account(session, actor, user_id)
    existing = session.exec(
        select(ContestParticipant).where(
            ContestParticipant.contest_id == contest_id, ContestParticipant.user_id == user_id
        )
    ).first()
    if existing is not None:
        return existing
    _open_for_registration(contest)
    if not school_registered(session, contest_id, account.school_id):
        raise refuse("school_not_registered",
                     N_("Your school is not registered for this contest yet."))  # fmt: skip
    assert account.school_id is not None
    row = ContestParticipant(contest_id=contest_id, user_id=user_id, school_id=account.school_id)
    session.add(row)
    session.flush()
    return row


def unregister_student(session: Session, actor: Actor, contest_id: int, user_id: int) -> None:
    """Withdraw a student before the contest starts.

    Raises:
        NotFound: no such contest. ContestRefused: not the actor's student, or it has started.
    """
    contest = get_contest(session, contest_id)
    _student_account(session, actor, user_id)
    if now_utc() >= as_utc(contest.starts_at):
        raise refuse("contest_started", N_("Once the contest has started nobody is withdrawn."))
    row = session.exec(
        select(ContestParticipant).where(
            ContestParticipant.contest_id == contest_id, ContestParticipant.user_id == user_id
        )
    ).first()
    if row is not None:
        session.delete(row)


def participant_of(session: Session, contest_id: int, user_id: int) -> ContestParticipant | None:
    """The account's participation in the contest, if any."""
    return session.exec(
        select(ContestParticipant).where(
            ContestParticipant.contest_id == contest_id, ContestParticipant.user_id == user_id
        )
    ).first()


@dataclass(frozen=True, slots=True)
class RosterLine:
    """One of the school's students, for its staff: class and whether registered."""

    user_id: int
    name: str
    class_code: str
    registered: bool


def school_roster(session: Session, actor: Actor, contest_id: int) -> list[RosterLine]:
    """The actor's school's student accounts and which of them take part (staff only).

    Raises:
        NotFound: no such contest. ContestRefused: not school staff.
    """
    get_contest(session, contest_id)
    if actor.role not in STAFF_ROLES or actor.school_id is None:
        raise refuse("not_school_staff", N_("Only a school's staff see its students."))
    taking = set(session.exec(
        select(ContestParticipant.user_id).where(
            ContestParticipant.contest_id == contest_id,
            ContestParticipant.school_id == actor.school_id,
        )
    ))  # fmt: skip
    rows = session.exec(
        select(UserAccount.id, UserAccount.name, SchoolClass.code)
        .outerjoin(Student, col(Student.id) == UserAccount.student_id)
        .outerjoin(SchoolClass, col(SchoolClass.id) == Student.class_id)
        .where(UserAccount.school_id == actor.school_id, UserAccount.role == STUDENT,
               col(UserAccount.deleted_at).is_(None), col(UserAccount.active).is_(True))
    ).all()  # fmt: skip
    return [RosterLine(uid or 0, name, code or "", (uid or 0) in taking)
            for uid, name, code in rows]  # fmt: skip


@dataclass(frozen=True, slots=True)
class SchoolCount:
    school_id: int
    school: str
    participants: int


def schools_taking_part(session: Session, contest_id: int) -> list[SchoolCount]:
    """Registered schools and how many of their students take part (no names)."""
    counts = dict(session.exec(
        select(ContestParticipant.school_id, func.count(col(ContestParticipant.id)))
        .where(ContestParticipant.contest_id == contest_id)
        .group_by(col(ContestParticipant.school_id))
    ).all())  # fmt: skip
    rows = session.exec(
        select(School.id, School.name)
        .join(ContestSchool, col(ContestSchool.school_id) == School.id)
        .where(ContestSchool.contest_id == contest_id)
    ).all()
    return sorted((SchoolCount(sid or 0, name, counts.get(sid or 0, 0)) for sid, name in rows),
                  key=lambda s: s.school.casefold())  # fmt: skip
