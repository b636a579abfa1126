"""Organising contests: create and edit one, choose its tasks, open registration, list them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from lms.contests.board import contest_tasks, get_contest
from lms.contests.errors import ContestRefused, no_contest, refuse
from lms.contests.schemas import (
    ORGANISER_ROLES,
    Actor,
    ContestInput,
    TaskChoice,
    as_utc,
    is_organiser,
    now_utc,
)
from models.audit import record_audit
from models.contests import ICPC, IOI, Contest, ContestParticipant, ContestSchool, ContestTask
from models.i18n import N_, Message, message
from models.judge import JudgeTask

LABEL = re.compile(r"^[A-Z][0-9]?$")
MAX_TASKS = 26


def _problems(data: ContestInput) -> list[Message]:
    """Every problem of the fields at once."""
    out: list[Message] = []
    if not data.title.strip():
        out.append(message(N_("The contest needs a title.")))
    if data.rules not in (ICPC, IOI):
        out.append(message(N_("The rules are ICPC or IOI.")))
    if as_utc(data.ends_at) <= as_utc(data.starts_at):
        out.append(message(N_("The contest must end after it starts.")))
    if data.freeze_at is not None and not (
        as_utc(data.starts_at) <= as_utc(data.freeze_at) < as_utc(data.ends_at)
    ):
        out.append(message(N_("The board freezes between the start and the end.")))
    if not 0 <= data.penalty_minutes <= 240:
        out.append(message(N_("Penalty minutes are from 0 to 240.")))
    labels = [t.label for t in data.tasks]
    for label in labels:
        if not LABEL.match(label):
            out.append(message(N_("A task's letter is A to Z (A1, B2... for parts): {label}."),
                               label=label))  # fmt: skip
    if len(set(labels)) != len(labels):
        out.append(message(N_("Each letter names one task.")))
    if len({t.task_id for t in data.tasks}) != len(data.tasks):
        out.append(message(N_("Each task appears once in a contest.")))
    if len(labels) > MAX_TASKS:
        out.append(message(N_("A contest has at most {n} tasks."), n=MAX_TASKS))
    return out


def available_tasks(session: Session, actor: Actor) -> list[JudgeTask]:
    """Tasks an organiser may put in a contest: their school's and the platform's (a platform
    admin's city-wide contests take the platform's only)."""
    query = select(JudgeTask).where(col(JudgeTask.deleted_at).is_(None))
    if actor.platform:
        query = query.where(col(JudgeTask.school_id).is_(None))
    else:
        query = query.where(
            or_(col(JudgeTask.school_id).is_(None), JudgeTask.school_id == actor.school_id)
        )
    return list(session.exec(query.order_by(col(JudgeTask.slug))))


def _check_tasks(session: Session, actor: Actor, tasks: tuple[TaskChoice, ...]) -> None:
    allowed = {t.id for t in available_tasks(session, actor)}
    unknown = [t.label for t in tasks if t.task_id not in allowed]
    if unknown:
        raise ContestRefused("contest_task_unknown", [
            message(N_("Task {label} is not one of the tasks you may use."), label=label)
            for label in unknown
        ])  # fmt: skip


def _validate(session: Session, actor: Actor, data: ContestInput) -> None:
    problems = _problems(data)
    if problems:
        raise ContestRefused("contest_invalid", problems)
    _check_tasks(session, actor, data.tasks)


def _fill(contest: Contest, data: ContestInput) -> None:
    contest.title = data.title.strip()
    contest.rules = data.rules
    contest.starts_at, contest.ends_at = as_utc(data.starts_at), as_utc(data.ends_at)
    contest.freeze_at = as_utc(data.freeze_at) if data.freeze_at else None
    contest.penalty_minutes = data.penalty_minutes
    contest.public_board, contest.upsolving = data.public_board, data.upsolving
    contest.registration_open = data.registration_open


def _set_tasks(session: Session, contest_id: int, tasks: tuple[TaskChoice, ...]) -> None:
    for old in contest_tasks(session, contest_id):
        session.delete(old)
    session.flush()  # the letters are unique per contest: the old rows go first
    for i, choice in enumerate(sorted(tasks, key=lambda t: t.label)):
        session.add(ContestTask(contest_id=contest_id, task_id=choice.task_id,
                                label=choice.label, position=i))  # fmt: skip


def _audit(session: Session, actor: Actor, contest: Contest, action: str) -> None:
    record_audit(session, school_id=contest.school_id, actor=f"user:{actor.user_id}",
                 action=action, entity=f"contest:{contest.id}",
                 details={"title": contest.title})  # fmt: skip


def create_contest(session: Session, actor: Actor, data: ContestInput) -> Contest:
    """A new contest organised by the actor's school (city-wide for a platform admin).

    Args:
        session: an open session; the caller commits.
        actor: a platform admin, or a school admin or teacher (for their school).
        data: the contest's fields and tasks.

    Returns:
        The contest; the organising school is registered for it.

    Raises:
        ContestRefused: the actor may not organise, or the fields have problems (all listed).
    """
    if actor.role not in ORGANISER_ROLES or (not actor.platform and actor.school_id is None):
        raise refuse("contest_not_organiser", N_("Only school staff and platform admins "
                                                 "organise contests."))  # fmt: skip
    _validate(session, actor, data)
    contest = Contest(title="", starts_at=data.starts_at, ends_at=data.ends_at,
                      school_id=None if actor.platform else actor.school_id,
                      created_by=actor.user_id)  # fmt: skip
    _fill(contest, data)
    session.add(contest)
    session.flush()
    assert contest.id is not None
    _set_tasks(session, contest.id, data.tasks)
    if contest.school_id is not None:
        session.add(ContestSchool(contest_id=contest.id, school_id=contest.school_id))
    _audit(session, actor, contest, "contest_create")
    return contest


def organised_contest(session: Session, actor: Actor, contest_id: int) -> Contest:
    """The contest, if the actor organises it.

    Raises:
        NotFound: no such contest, or not the actor's to organise.
    """
    contest = get_contest(session, contest_id)
    if not is_organiser(actor, contest):
        raise no_contest(contest_id)
    return contest


def update_contest(session: Session, actor: Actor, contest_id: int, data: ContestInput) -> Contest:
    """Change a contest's fields and tasks; tasks stay as they are once it has started.

    Args:
        session: an open session; the caller commits.
        actor: one of its organisers.
        contest_id: the contest.
        data: the new fields.

    Returns:
        The contest.

    Raises:
        NotFound: not the actor's contest. ContestRefused: problems with the fields, or tasks
        changed after the start.
    """
    contest = organised_contest(session, actor, contest_id)
    _validate(session, actor, data)
    old = [TaskChoice(t.label, t.task_id) for t in contest_tasks(session, contest_id)]
    changed = sorted(old, key=lambda t: t.label) != sorted(data.tasks, key=lambda t: t.label)
    if changed and now_utc() >= as_utc(contest.starts_at):
        raise refuse("contest_started", N_("The tasks cannot change once the contest has started."))
    _fill(contest, data)
    session.add(contest)
    if changed:
        _set_tasks(session, contest_id, data.tasks)
    _audit(session, actor, contest, "contest_edit")
    return contest


def set_registration(session: Session, actor: Actor, contest_id: int, *, open_: bool) -> Contest:
    """Open or close registration of schools and students.

    Raises:
        NotFound: not the actor's contest.
    """
    contest = organised_contest(session, actor, contest_id)
    contest.registration_open = open_
    session.add(contest)
    return contest


@dataclass(frozen=True, slots=True)
class ContestLine:
    """A contest in a list, with what the reader may do with it."""

    contest: Contest
    organiser: bool
    school_registered: bool
    participant: bool


def contests_for(session: Session, actor: Actor) -> list[ContestLine]:
    """The contests the actor sees: every one for a platform admin; otherwise the city-wide ones
    and the school's own (newest first)."""
    query = select(Contest).where(col(Contest.deleted_at).is_(None))
    registered: set[int] = set()
    if not actor.platform:
        registered = set(session.exec(
            select(ContestSchool.contest_id).where(ContestSchool.school_id == actor.school_id)
        ))  # fmt: skip
        query = query.where(
            or_(col(Contest.school_id).is_(None), Contest.school_id == actor.school_id)
        )
    mine = set(session.exec(
        select(ContestParticipant.contest_id).where(ContestParticipant.user_id == actor.user_id)
    ))  # fmt: skip
    contests = session.exec(query.order_by(col(Contest.starts_at).desc())).all()
    return [ContestLine(c, is_organiser(actor, c), (c.id or 0) in registered, (c.id or 0) in mine)
            for c in contests]  # fmt: skip
