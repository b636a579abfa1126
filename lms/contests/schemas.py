"""What the olympiad services take and give: who acts, a contest's fields, the phases of time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, STUDENT, TEACHER
from models.contests import Contest

ORGANISER_ROLES: tuple[str, ...] = (PLATFORM_ADMIN, SCHOOL_ADMIN, TEACHER)
STAFF_ROLES: tuple[str, ...] = (SCHOOL_ADMIN, TEACHER)  # register their school's students
CONTEST_ROLES: tuple[str, ...] = (PLATFORM_ADMIN, SCHOOL_ADMIN, TEACHER, STUDENT)

# Contest phases, as `phase()` names them
BEFORE, RUNNING, FROZEN, ENDED = "before", "running", "frozen", "ended"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks: the account, its role and its school (None only for platform admins)."""

    user_id: int
    role: str
    school_id: int | None

    @property
    def platform(self) -> bool:
        return self.role == PLATFORM_ADMIN


@dataclass(frozen=True, slots=True)
class TaskChoice:
    """A task of the store under its letter in the contest."""

    label: str
    task_id: int


@dataclass(frozen=True, slots=True)
class ContestInput:
    """A contest's fields as an organiser sets them (times timezone-aware)."""

    title: str
    rules: str
    starts_at: datetime
    ends_at: datetime
    freeze_at: datetime | None = None
    penalty_minutes: int = 20
    public_board: bool = True
    upsolving: bool = True
    registration_open: bool = True
    tasks: tuple[TaskChoice, ...] = ()


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite hands back naive UTC values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def phase(contest: Contest, now: datetime) -> str:
    """Where the contest is in time: before, running, frozen (board hidden) or ended."""
    if now < as_utc(contest.starts_at):
        return BEFORE
    if now >= as_utc(contest.ends_at):
        return ENDED
    if contest.freeze_at is not None and now >= as_utc(contest.freeze_at):
        return FROZEN
    return RUNNING


def is_organiser(actor: Actor, contest: Contest) -> bool:
    """Platform admins organise every contest; a school's admin and teachers organise its own."""
    if actor.platform:
        return True
    return (
        contest.school_id is not None
        and actor.school_id == contest.school_id
        and actor.role in (SCHOOL_ADMIN, TEACHER)
    )
