"""What the substitution services return: a day's plan, its covers, publication, counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.i18n import Message


@dataclass(frozen=True, slots=True)
class CoverView:
    """One stored cover as the deputy's board shows it."""

    id: int
    role: str  # "affected", "partner" (the other lesson of a swap) or "dropped"
    lesson_key: str
    label: str  # "7A English"
    classes: tuple[str, ...]
    shift: str
    period: int
    action: str
    absent_teacher: str | None  # name
    substitute: str | None  # name
    substitute_code: str | None
    room: str | None  # code of a new room
    to_period: int | None
    partner: str | None  # label of the merged or swapped lesson
    reason: Message
    locked: bool
    published_revision: int | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class DayPlan:
    """A school day's cover plan: counts as the CLI reports them, and every cover."""

    day: date
    plan_id: int | None
    status: str  # draft or published ("" before the first plan)
    revision: int
    solve_status: str  # optimal, feasible, infeasible, unknown; "" when not solved now
    lessons_affected: int
    covered: int
    uncovered: int
    dropped: int
    double_bookings: int
    violations: tuple[Message, ...]
    seconds: float
    covers: tuple[CoverView, ...] = ()
    messages: tuple[Message, ...] = ()  # why the engine found no plan


@dataclass(frozen=True, slots=True)
class CandidateView:
    """Another answer the deputy may pick for a cover: the arguments `change_cover` takes."""

    action: str
    substitute_id: int | None  # teacher row
    substitute: str | None  # name
    room_id: int | None
    to_period: int | None  # period number
    partner_id: int | None  # lesson requirement merged with or swapped with
    cost: int
    reason: Message
    clash: Message | None  # why it clashes with the rest of the current plan
    current: bool  # the answer the plan holds now


@dataclass(frozen=True, slots=True)
class TeacherCount:
    code: str
    name: str
    week: int
    month: int
    term: int


@dataclass(frozen=True)
class PublishResult:
    revision: int
    notices: int  # notices written to the outbox by this publication
    corrections: int  # of which corrections of what an earlier revision said
    changed_covers: int  # covers new or changed since the last publication
    recipients: tuple[int, ...] = field(default_factory=tuple)  # accounts told in the app
