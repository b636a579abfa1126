"""Writing a day's plan into the store: cover rows as the plan wants them, kept when unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from models.base import utcnow
from models.substitutions import CANCEL, DRAFT, MOVE, Cover, CoverPlan
from substitutions.explain import dropped_reason
from substitutions.messages import to_json
from substitutions.plan import CoverPlanResult
from substitutions.problem import Choice
from substitutions.store import AFFECTED, DROPPED, PARTNER, Day, day_plan, live_covers, role_of


@dataclass(frozen=True)
class Row:
    """A cover row as the plan wants it: identity, content, lock and reason."""

    lesson_id: int
    unit: int
    shift: str
    period: int
    role: str
    action: str
    absent_teacher_id: int | None = None
    substitute_id: int | None = None
    room_id: int | None = None
    to_period: int | None = None
    merged_with: int | None = None
    locked: bool = False
    reason: dict[str, Any] | None = None

    @property
    def identity(self) -> tuple[int, int, str, int, str]:
        return self.lesson_id, self.unit, self.shift, self.period, self.role

    @property
    def content(self) -> tuple[Any, ...]:
        return (
            self.action, self.substitute_id, self.room_id, self.to_period, self.merged_with,
            self.absent_teacher_id,
        )  # fmt: skip


def row_identity(c: Cover) -> tuple[int, int, str, int, str]:
    """A stored cover's identity: lesson, unit, shift, period and role."""
    return c.lesson_id, c.unit, c.shift, c.period, role_of(c)


def row_content(c: Cover) -> tuple[Any, ...]:
    """What a stored cover says happens (a change of it means people must be told again)."""
    return c.action, c.substitute_id, c.room_id, c.to_period, c.merged_with, c.absent_teacher_id


def wanted_rows(day: Day, choices: Sequence[tuple[Choice, dict[str, Any], bool]]) -> list[Row]:
    """The rows a plan's choices (with their reasons and locks) and the dropped lessons make."""
    cp, ids = day.problem, day.ids
    out: list[Row] = []
    for choice, reason, locked in choices:
        a = cp.affected[choice.affected]
        ls = cp.lessons[a.lesson]
        shift, number = cp.slot_of(ls.period)
        partner = None if choice.partner is None else cp.lessons[choice.partner]
        absent = None if a.absent_teacher is None else cp.teachers[a.absent_teacher].code
        out.append(
            Row(
                ids.lesson[ls.key], ls.unit, shift, number, AFFECTED, choice.action,
                None if absent is None else ids.teacher.get(absent),
                None if choice.teacher is None else ids.teacher[cp.teachers[choice.teacher].code],
                None if choice.room is None else ids.room[cp.rooms[choice.room].code],
                None if choice.to_period is None else cp.periods[choice.to_period].number,
                None if partner is None else ids.lesson[partner.key], locked, reason,
            )
        )  # fmt: skip
        if choice.action == MOVE and partner is not None and choice.to_period is not None:
            out.append(
                Row(
                    ids.lesson[partner.key], partner.unit, shift, cp.periods[partner.period].number,
                    PARTNER, MOVE, to_period=number, merged_with=ids.lesson[ls.key], locked=locked,
                    reason=reason,
                )
            )  # fmt: skip
    for d in cp.dropped:
        ls = cp.lessons[d.lesson]
        shift, number = cp.slot_of(ls.period)
        why = {**to_json(dropped_reason(cp, d)), "why": d.why}
        out.append(Row(ids.lesson[ls.key], ls.unit, shift, number, DROPPED, CANCEL, reason=why))
    return out


def write_rows(session: Session, day: Day, plan: CoverPlan, rows: Sequence[Row]) -> bool:
    """Makes the plan's live covers equal `rows`: unchanged ones kept (with their publication
    and acknowledgement), changed or gone ones marked deleted, new ones added.

    Returns:
        True when anything a person would be told about changed.
    """
    assert plan.id is not None
    existing = {row_identity(c): c for c in live_covers(session, plan)}
    changed = False
    wanted = {r.identity for r in rows}
    for key, c in existing.items():
        if key not in wanted:
            c.deleted_at = utcnow()
            session.add(c)
            changed = True
    for r in rows:
        old = existing.get(r.identity)
        if old is not None and row_content(old) == r.content:
            old.locked, old.reason, old.role = r.locked, dict(r.reason or {}), r.role
            session.add(old)
            continue
        if old is not None:
            old.deleted_at = utcnow()
            session.add(old)
        session.add(_new_cover(day, plan, r))
        changed = True
    session.flush()
    return changed


def _new_cover(day: Day, plan: CoverPlan, r: Row) -> Cover:
    assert plan.id is not None and day.school.id is not None
    return Cover(
        school_id=day.school.id, plan_id=plan.id, lesson_id=r.lesson_id, unit=r.unit,
        shift=r.shift, period=r.period, absent_teacher_id=r.absent_teacher_id, action=r.action,
        substitute_id=r.substitute_id, room_id=r.room_id, to_period=r.to_period,
        merged_with=r.merged_with, locked=r.locked, reason=dict(r.reason or {}), role=r.role,
    )  # fmt: skip


def save_plan(session: Session, day: Day, result: CoverPlanResult) -> CoverPlan:
    """Writes a plan's proposals (and the day's dropped lessons) as the day's covers.

    The plan row is created at the first save; it turns back to draft when anything changed.

    Args:
        session: an open session; the caller commits.
        day: from `load_day`.
        result: the engine's plan of `day.problem`.

    Returns:
        The plan row.
    """
    plan = day.plan or day_plan(session, day.school.id or 0, day.problem.day)
    if plan is None:
        assert day.school.id is not None and day.version.id is not None
        plan = CoverPlan(
            school_id=day.school.id, day=day.problem.day, timetable_version_id=day.version.id
        )
        session.add(plan)
        session.flush()
    plan.timetable_version_id = day.version.id or plan.timetable_version_id
    choices = [(p.choice, to_json(p.reason), p.locked) for p in result.proposals]
    if write_rows(session, day, plan, wanted_rows(day, choices)):
        plan.status = DRAFT
    plan.meta = {
        **plan.meta,
        "solve_status": result.status.value,
        "objective": result.objective,
        "seconds": round(result.seconds, 3),
    }
    session.add(plan)
    session.flush()
    day.plan = plan
    day.covers = live_covers(session, plan)
    return plan
