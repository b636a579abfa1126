"""The deputy's workflow: plan a day, change or lock a cover, re-plan the rest, read the board.

Verb-named, keyword-only services on an open session (the caller commits); every one takes the
school id and reads only that school's rows. Publishing lives in `substitutions.publish`,
absences in `substitutions.absences`, the payroll report in `substitutions.report`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session, select

from models.base import utcnow
from models.i18n import N_, message
from models.people import Teacher
from models.substitutions import DRAFT, Cover, CoverPlan
from substitutions.engine import plan_day as solve_day
from substitutions.errors import CoverNotFound, SubstitutionError
from substitutions.explain import candidates, cover_order, reason
from substitutions.messages import to_json
from substitutions.options import option_of
from substitutions.params import CoverParams, CoverWeights
from substitutions.problem import Choice
from substitutions.schemas import CandidateView, DayPlan, TeacherCount
from substitutions.store import Day, cover_counts, load_day, school_row
from substitutions.store_plan import save_plan, wanted_rows, write_rows
from substitutions.validate import validate
from substitutions.views import current_choices, day_view

__all__ = [
    "acknowledge_cover",
    "change_cover",
    "cover_candidates",
    "day_board",
    "lock_cover",
    "plan_day",
    "replan_day",
    "teacher_cover_counts",
]


def plan_day(
    session: Session,
    *,
    school_id: int,
    day: date,
    params: CoverParams | None = None,
    weights: CoverWeights | None = None,
) -> DayPlan:
    """Plans the day anew around the deputy's locked covers and saves it as the draft.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        day: the date.
        params: time limit and seed of the engine.
        weights: the school's weights (defaults when None).

    Returns:
        The saved day, with the engine's status and time.

    Raises:
        NotFound: no such school or no published timetable.
        substitutions.build.CoverBuildError: a stored absence names something unknown.
    """
    d = load_day(session, school_id=school_id, day=day, weights=weights)
    d.problem = replace(d.problem, previous=())
    return _solve_and_save(session, d, params)


def replan_day(
    session: Session,
    *,
    school_id: int,
    day: date,
    params: CoverParams | None = None,
    weights: CoverWeights | None = None,
) -> DayPlan:
    """Re-solves the unlocked covers, changing as few of them as the new situation needs.

    Args, returns and raises as `plan_day`.
    """
    d = load_day(session, school_id=school_id, day=day, weights=weights)
    return _solve_and_save(session, d, params)


def _solve_and_save(session: Session, d: Day, params: CoverParams | None) -> DayPlan:
    result = solve_day(d.problem, params)
    if result.complete:
        save_plan(session, d, result)
    return day_view(d, result)


def day_board(session: Session, *, school_id: int, day: date) -> DayPlan:
    """The day's stored plan as it stands (nothing solved): covers, counts, any clash.

    Raises:
        NotFound: no such school or no published timetable.
    """
    d = load_day(session, school_id=school_id, day=day)
    return day_view(d, None)


def _cover(session: Session, school_id: int, cover_id: int) -> Cover:
    row = session.get(Cover, cover_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise CoverNotFound(
            "cover_not_found", [message(N_("There is no cover {id}."), id=cover_id)]
        )
    return row


def _affected_of(d: Day, row: Cover) -> int:
    """The affected lesson a stored cover answers."""
    cp, key = d.problem, d.ids.lesson_key.get(row.lesson_id, "")
    for a in cp.affected:
        ls = cp.lessons[a.lesson]
        if (ls.key, ls.unit, cp.slot_of(ls.period)) == (key, row.unit, (row.shift, row.period)):
            return a.id
    text = N_("This cover no longer answers an affected lesson; re-plan the day.")
    raise SubstitutionError("cover_outdated", [message(text)])


def change_cover(
    session: Session,
    *,
    school_id: int,
    cover_id: int,
    action: str,
    substitute_id: int | None = None,
    room_id: int | None = None,
    to_period: int | None = None,
    partner_id: int | None = None,
) -> DayPlan:
    """The deputy picks another answer for one lesson; it is locked and checked against the rest.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        cover_id: the cover to change (its lesson's current answer).
        action: cover, study, merge, move, cancel or room.
        substitute_id: the teacher row of the new substitute (cover, study).
        room_id: another room (when the lesson's own is closed).
        to_period: the period number it moves to (move).
        partner_id: the lesson requirement merged with or swapped with.

    Returns:
        The day as saved.

    Raises:
        CoverNotFound: no such cover in this school.
        SubstitutionError: `cover_outdated`; `bad_choice` when a name is unknown; `cover_clash`
            with every double booking or broken rule the choice would cause.
    """
    row = _cover(session, school_id, cover_id)
    d = load_day(session, school_id=school_id, day=_plan_day(session, row))
    choice = _choice(d, _affected_of(d, row), action, substitute_id, room_id, to_period, partner_id)
    current = {c.affected: c for c in (*d.problem.previous, *d.problem.locks)}
    before = validate(d.problem, list(current.values()), partial=True)
    current[choice.affected] = choice
    after = validate(d.problem, list(current.values()), partial=True)
    problems = [v.message for v in after if v not in before]  # only what this choice breaks
    if problems:
        raise SubstitutionError("cover_clash", problems)
    _save_choices(session, d, current, {choice.affected})
    return day_view(load_day(session, school_id=school_id, day=d.problem.day), None)


def cover_candidates(session: Session, *, school_id: int, cover_id: int) -> list[CandidateView]:
    """Every answer for a cover's lesson, ranked, each with its sentence and any clash with the
    rest of the current plan (for the deputy to pick another).

    Raises:
        CoverNotFound: no such cover in this school.
        SubstitutionError: `cover_outdated` when the cover no longer answers a lesson.
    """
    row = _cover(session, school_id, cover_id)
    d = load_day(session, school_id=school_id, day=_plan_day(session, row))
    cp, ids = d.problem, d.ids
    plan = current_choices(d)
    now = next((c for c in plan if c.affected == _affected_of(d, row)), None)
    out = []
    for c in candidates(cp, _affected_of(d, row), plan):
        ch = c.choice
        teacher = None if ch.teacher is None else cp.teachers[ch.teacher]
        partner = None if ch.partner is None else ids.lesson.get(cp.lessons[ch.partner].key)
        out.append(
            CandidateView(
                ch.action, None if teacher is None else ids.teacher.get(teacher.code),
                None if teacher is None else teacher.name,
                None if ch.room is None else ids.room.get(cp.rooms[ch.room].code),
                None if ch.to_period is None else cp.periods[ch.to_period].number,
                partner, c.cost, c.reason, c.clash, ch == now,
            )
        )  # fmt: skip
    return out


def _plan_day(session: Session, row: Cover) -> date:
    plan = session.get(CoverPlan, row.plan_id)
    assert plan is not None
    return plan.day


def _choice(
    d: Day,
    affected: int,
    action: str,
    substitute_id: int | None,
    room_id: int | None,
    to_period: int | None,
    partner_id: int | None,
) -> Choice:
    """The deputy's answer in the problem's ids."""
    cp, ids = d.problem, d.ids
    ls = cp.lesson_of(affected)
    teachers = {t.code: t.id for t in cp.teachers}
    rooms = {r.code: r.id for r in cp.rooms}
    teacher = (
        None if substitute_id is None else teachers.get(ids.teacher_code.get(substitute_id, ""))
    )
    room = None if room_id is None else rooms.get(ids.room_code.get(room_id, ""))
    shift = cp.periods[ls.period].shift
    to = next(
        (q.id for q in cp.periods if q.shift == shift and q.number == to_period), None
    )  # fmt: skip
    at = ls.period if to is None else to
    key = None if partner_id is None else ids.lesson_key.get(partner_id)
    partner = next((o.id for o in cp.lessons if o.key == key and o.period == at), None)
    missing = (
        (substitute_id is not None and teacher is None)
        or (room_id is not None and room is None)
        or (to_period is not None and to is None)
        or (partner_id is not None and partner is None)
    )
    if missing:
        text = N_("The chosen teacher, room, period or lesson is not part of this day.")
        raise SubstitutionError("bad_choice", [message(text)])
    return Choice(affected, action, teacher, room, to, partner)


def _save_choices(session: Session, d: Day, current: dict[int, Choice], lock: set[int]) -> None:
    """Writes the current answers: the new ones locked with a fresh sentence, others kept."""
    cp = d.problem
    stored = {c.affected: c for c in cp.locks}
    order = cover_order(cp, list(current.values()))
    choices = []
    for a, choice in sorted(current.items()):
        text = reason(cp, option_of(cp, choice), order.get(a, 1), list(current.values()))
        locked = a in lock or a in stored
        if locked:
            text = message(N_("Chosen by the deputy: {reason}"), reason=text)
        choices.append((choice, to_json(text), locked))
    plan = d.plan
    assert plan is not None
    if write_rows(session, d, plan, wanted_rows(d, choices)):
        plan.status = DRAFT
        session.add(plan)


def lock_cover(session: Session, *, school_id: int, cover_id: int, locked: bool = True) -> Cover:
    """Accepts a proposal as it is (locked: re-planning keeps it) or releases it.

    Raises:
        CoverNotFound: no such cover in this school.
    """
    row = _cover(session, school_id, cover_id)
    row.locked = locked
    session.add(row)
    return row


def acknowledge_cover(session: Session, *, school_id: int, cover_id: int, teacher_id: int) -> Cover:
    """The substitute confirms they have seen their cover (once; later calls change nothing).

    Raises:
        CoverNotFound: no such cover in this school.
        SubstitutionError: `not_your_cover` when the teacher is not its substitute.
    """
    row = _cover(session, school_id, cover_id)
    if row.substitute_id != teacher_id:
        text = N_("Only the teacher who takes this lesson can confirm it.")
        raise SubstitutionError("not_your_cover", [message(text)])
    if row.acknowledged_at is None:
        row.acknowledged_at = utcnow()
        session.add(row)
    return row


def teacher_cover_counts(session: Session, *, school_id: int, day: date) -> list[TeacherCount]:
    """Covers per teacher in the ISO week, month and term of `day` (published days, `day`
    included), for every teacher with at least one.

    Raises:
        NotFound: no such school.
    """
    school_row(session, school_id)
    counts = cover_counts(session, school_id, day, include_day=True)
    teachers = session.exec(select(Teacher).where(Teacher.school_id == school_id)).all()
    out = [
        TeacherCount(t.code, t.name, c.week, c.month, c.term)
        for t in teachers
        if (c := counts.get(t.id or 0)) is not None
    ]
    return sorted(out, key=lambda c: (-c.term, c.name))
