"""Every answer one affected lesson could get, each checked against the day's fixed background.

An `Option` is one `Choice` with what it spends (a teacher at a period and building, a room at a
period), its cost before fairness and quota (which depend on the whole plan) and the facts its
explanation uses. The engine picks one option per affected lesson; the candidates list for the
deputy ranks them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from models.substitutions import CANCEL, COVER, MERGE, MOVE, ROOM_CHANGE, STUDY
from substitutions.problem import Affected, Choice, CoverProblem, DayLesson, TeacherDay, Use

MAX_ROOMS = 6  # free rooms offered for a closed one: enough to choose, few enough to stay quick

# How a cover sits in the substitute's day (Facts.day_fit).
FILLS_GAP = "fills_gap"
ADJACENT = "adjacent"
NEW_GAP = "new_gap"
EXTRA_DAY = "extra_day"


@dataclass(frozen=True, slots=True)
class Facts:
    """What made an option cost what it does; explanations are written from these."""

    qualified: bool = False  # the substitute may teach the subject
    knows_class: bool = False  # ... and teaches that class already
    day_fit: str = ""  # FILLS_GAP, ADJACENT, NEW_GAP, EXTRA_DAY or "" (no lessons, at school)
    gaps: int = 0  # free periods a cover opens in the substitute's day
    other_building: bool = False  # a new room in another building
    forced: bool = False  # a locked choice the background no longer allows


@dataclass(frozen=True, slots=True)
class Option:
    choice: Choice
    cost: int
    uses: tuple[tuple[int, int, int | None], ...] = ()  # (teacher, period, building) newly spent
    load: tuple[tuple[int, int], ...] = ()  # (teacher, periods added to their day)
    rooms: tuple[tuple[int, int], ...] = ()  # (room, period) newly taken
    cover_for: int | None = None  # whose cover count grows (cover and study)
    merge_size: int = 0  # students joining the partner lesson
    facts: Facts = Facts()


def options_for(cp: CoverProblem, affected: Affected) -> list[Option]:
    """Every feasible option of one affected lesson, cancel last (always possible).

    Args:
        cp: the day.
        affected: the lesson to answer.

    Returns:
        The options; each passes the checks against the fixed background on its own.
    """
    ls = cp.lessons[affected.lesson]
    rooms: list[int | None] = [None]
    if affected.room_closed:
        rooms = list(free_rooms(cp, ls))
    out: list[Option] = []
    if affected.absent_teacher is None:
        out.extend(o for r in rooms if r is not None and (o := room_option(cp, affected, r)))
    else:
        for t in cp.teachers:
            out.extend(o for r in rooms if (o := cover_option(cp, affected, t, r)))
        out.extend(_merges(cp, affected))
        out.extend(_moves(cp, affected))
    out.append(Option(Choice(affected.id, CANCEL), cp.weights.cancel))
    return out


def option_of(cp: CoverProblem, choice: Choice) -> Option:
    """The option for a given choice (a lock), checked where possible, else built as asked.

    A locked choice the background no longer allows is kept (the deputy decided); it is marked
    `forced`, and the validator reports what it breaks.
    """
    a = cp.affected[choice.affected]
    for option in _candidates_like(cp, a, choice):
        if option.choice == choice:
            return option
    return _forced(cp, a, choice)


def _candidates_like(cp: CoverProblem, a: Affected, choice: Choice) -> Iterator[Option]:
    if choice.action in (COVER, STUDY) and choice.teacher is not None:
        o = cover_option(cp, a, cp.teachers[choice.teacher], choice.room)
        if o is not None:
            yield o
    elif choice.action == ROOM_CHANGE and choice.room is not None:
        o = room_option(cp, a, choice.room)
        if o is not None:
            yield o
    elif choice.action == CANCEL:
        yield Option(Choice(a.id, CANCEL), cp.weights.cancel)
    else:
        yield from _merges(cp, a)
        yield from _moves(cp, a)


def free_rooms(cp: CoverProblem, ls: DayLesson) -> list[int]:
    """Rooms of the lesson's kind, big enough, open and free at its period; its building first."""
    if ls.room is None:
        return []
    own = cp.rooms[ls.room]
    found = [
        r.id
        for r in cp.rooms
        if r.kind == own.kind
        and r.capacity >= ls.size
        and (r.id, ls.period) not in cp.rooms_in_use
        and (r.id, ls.period) not in cp.closed
    ]
    found.sort(key=lambda r: (cp.rooms[r].building != own.building, cp.rooms[r].capacity, r))
    return found[:MAX_ROOMS]


def class_busy(cp: CoverProblem, ls: DayLesson, *without: int) -> tuple[Use, ...]:
    """Where the lesson's classes are at the other lessons of the day that still take place."""
    skip = {ls.id, *without}
    classes = set(ls.classes)
    return tuple(
        (o.period, cp.building_of(o.room))
        for o in cp.background
        if o.id not in skip and classes.intersection(o.classes)
    )


def _room_ok(cp: CoverProblem, ls: DayLesson, room: int | None) -> tuple[bool, bool]:
    """(the class can reach `room` in time, it is in another building than the lesson's own)."""
    if room is None:
        return True, False
    other = cp.building_of(room) != cp.building_of(ls.room)
    if not other:
        return True, False
    return cp.fits(class_busy(cp, ls), (ls.period, cp.building_of(room))), True


def can_take(
    cp: CoverProblem, t: TeacherDay, use: Use, busy: tuple[Use, ...] | None = None
) -> bool:
    """True when teacher t is at school that day and free at `use`'s period, under their daily
    maximum, and can reach its building in time. A teacher without lessons that day is not at
    school: they are not asked to come in for a cover (a lock may still name them)."""
    period = use[0]
    busy = t.busy if busy is None else busy
    if period in t.absent or period in t.unavailable or t.day_off or not t.teaches_today:
        return False  # away, outside their contract, or not at school that day
    if t.max_per_day is not None and len(busy) + 1 > t.max_per_day:
        return False
    return cp.fits(busy, use)


def day_fit(cp: CoverProblem, t: TeacherDay, period: int) -> tuple[str, int]:
    """How a lesson at `period` sits in t's day: (FILLS_GAP | ADJACENT | NEW_GAP | ..., gaps).

    Free periods are counted as distinct start times between, over all shifts.
    """
    if not t.busy:
        return ("" if t.teaches_today else EXTRA_DAY), 0
    start = cp.periods[period].start
    starts = [cp.periods[q].start for q, _ in t.busy]
    if min(starts) < start < max(starts):
        return FILLS_GAP, 0
    nearest = min(starts, key=lambda s: abs(s - start))
    low, high = sorted((start, nearest))
    gaps = sum(1 for s in cp.starts if low < s < high)
    return (ADJACENT, 0) if gaps == 0 else (NEW_GAP, gaps)


def cover_option(
    cp: CoverProblem, a: Affected, t: TeacherDay, room: int | None, *, check: bool = True
) -> Option | None:
    """Teacher t takes the lesson (in `room` when its own is closed): cover, or study if
    they do not teach the subject. None when t cannot (with `check`)."""
    ls = cp.lessons[a.lesson]
    if t.id in ls.teachers and check:
        return None
    building = cp.building_of(room if room is not None else ls.room)
    reachable, other = _room_ok(cp, ls, room)
    if check and not (reachable and can_take(cp, t, (ls.period, building))):
        return None
    w = cp.weights
    qualified = ls.subject in t.subjects
    knows = bool(t.classes.intersection(ls.classes))
    fit, gaps = day_fit(cp, t, ls.period)
    cost = (w.cover if qualified else w.study) - (w.knows_class if knows else 0)
    cost += gaps * w.new_gap
    cost -= w.fills_gap if fit == FILLS_GAP else 0
    if room is not None:
        cost += w.room_change + (w.other_building if other else 0)
    facts = Facts(qualified, knows, fit, gaps, other, forced=not check)
    return Option(
        Choice(a.id, COVER if qualified else STUDY, t.id, room),
        max(0, cost),
        uses=((t.id, ls.period, building),),
        load=((t.id, 1),),
        rooms=() if room is None else ((room, ls.period),),
        cover_for=t.id,
        facts=facts,
    )


def room_option(cp: CoverProblem, a: Affected, room: int, *, check: bool = True) -> Option | None:
    """The lesson's own teachers, in another room (its own is closed)."""
    ls = cp.lessons[a.lesson]
    building = cp.building_of(room)
    reachable, other = _room_ok(cp, ls, room)
    teachers = [cp.teachers[t] for t in ls.teachers]
    if check and not (reachable and all(cp.fits(t.busy, (ls.period, building)) for t in teachers)):
        return None
    w = cp.weights
    return Option(
        Choice(a.id, ROOM_CHANGE, room=room),
        w.room_change + (w.other_building if other else 0),
        uses=tuple((t.id, ls.period, building) for t in teachers),
        rooms=((room, ls.period),),
        facts=Facts(other_building=other, forced=not check),
    )


def _parallel(cp: CoverProblem, ls: DayLesson, other: DayLesson) -> bool:
    """Same subject, same period, another audience of the same class or the same grade."""
    if other.subject != ls.subject or other.period != ls.period or other.id == ls.id:
        return False
    if set(ls.audience) & set(other.audience):
        return False
    grades = {cp.classes[c].grade for c in ls.classes}
    return bool(set(ls.classes) & set(other.classes)) or bool(
        grades & {cp.classes[c].grade for c in other.classes}
    )


def _merges(cp: CoverProblem, a: Affected) -> Iterator[Option]:
    """The group joins a parallel lesson of the same subject whose room has seats for both."""
    ls = cp.lessons[a.lesson]
    for other in cp.background:
        if other.room is None or not _parallel(cp, ls, other):
            continue
        if cp.rooms[other.room].capacity < other.size + ls.size:
            continue
        yield Option(Choice(a.id, MERGE, partner=other.id), cp.weights.merge, merge_size=ls.size)


def _moves(cp: CoverProblem, a: Affected) -> Iterator[Option]:
    """The lesson swaps with another lesson of the same class the same day: the absent teacher
    gives it at a period they are here, and the other lesson's teacher comes to this one.

    Kept simple: single periods, the same audience, both rooms in one building (so no class
    walks further than before), each room free at its new period.
    """
    ls = cp.lessons[a.lesson]
    if a.absent_teacher is None or ls.length != 1 or ls.room is None:
        return
    absent = cp.teachers[a.absent_teacher]
    shift = cp.periods[ls.period].shift
    for other in cp.background:
        q = other.period
        if (
            other.audience != ls.audience
            or other.length != 1
            or other.room is None
            or cp.periods[q].shift != shift
            or cp.building_of(other.room) != cp.building_of(ls.room)
        ):
            continue
        option = _move(cp, a, ls, absent, other)
        if option is not None:
            yield option


def _move(
    cp: CoverProblem, a: Affected, ls: DayLesson, absent: TeacherDay, other: DayLesson
) -> Option | None:
    p, q = ls.period, other.period
    assert ls.room is not None and other.room is not None
    building = cp.building_of(ls.room)
    if not can_take(cp, absent, (q, building)):
        return None
    for t in (cp.teachers[i] for i in other.teachers):
        busy = tuple(u for u in t.busy if u[0] != q)
        if not can_take(cp, t, (p, building), busy):
            return None
    rooms: list[tuple[int, int]] = []
    if ls.room != other.room:
        for room, period in ((ls.room, q), (other.room, p)):
            if (room, period) in cp.rooms_in_use or (room, period) in cp.closed:
                return None
            rooms.append((room, period))
    elif (ls.room, q) in cp.closed:
        return None
    uses = ((absent.id, q, building), *((t, p, building) for t in other.teachers))
    return Option(
        Choice(a.id, MOVE, to_period=q, partner=other.id),
        cp.weights.move,
        uses=uses,
        load=((absent.id, 1),),
        rooms=tuple(rooms),
    )


def _forced(cp: CoverProblem, a: Affected, choice: Choice) -> Option:
    """A locked choice built as asked, without the background checks."""
    ls = cp.lessons[a.lesson]
    if choice.action in (COVER, STUDY) and choice.teacher is not None:
        o = cover_option(cp, a, cp.teachers[choice.teacher], choice.room, check=False)
        assert o is not None
        return replace(o, choice=choice)
    if choice.action == ROOM_CHANGE and choice.room is not None:
        o = room_option(cp, a, choice.room, check=False)
        assert o is not None
        return o
    if choice.action == MERGE and choice.partner is not None:
        return Option(choice, cp.weights.merge, merge_size=ls.size, facts=Facts(forced=True))
    if choice.action == MOVE and choice.partner is not None and choice.to_period is not None:
        other = cp.lessons[choice.partner]
        building = cp.building_of(ls.room)
        uses = (
            *((t, choice.to_period, building) for t in ls.teachers),
            *((t, ls.period, cp.building_of(other.room)) for t in other.teachers),
        )
        return Option(choice, cp.weights.move, uses=uses, facts=Facts(forced=True))
    return Option(Choice(a.id, CANCEL), cp.weights.cancel, facts=Facts(forced=True))


def step_cost(cp: CoverProblem, teacher: int, k: int) -> int:
    """What a teacher's k-th new cover of the day adds: fairness, quota, weekly maximum."""
    w = cp.weights
    t = cp.teachers[teacher]
    cost = w.fairness * (2 * (t.covers_term + k) - 1)
    if t.covers_week + k > w.quota:
        cost += w.over_quota
    if t.max_per_week is not None and t.week_load + t.covers_week + k > t.max_per_week:
        cost += w.over_week
    return cost
