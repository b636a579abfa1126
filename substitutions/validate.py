"""The independent check of a cover plan against its day, without OR-Tools.

It rebuilds the day from the problem and the choices alone (who teaches where, in which room,
which students sit where) and reports every double booking, walk too short, cover by a teacher
who is away, room over capacity or closed, and lesson left without an answer, in words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from models.i18n import N_, Message, message
from models.substitutions import CANCEL, COVER, MERGE, MOVE, ROOM_CHANGE, STUDY
from substitutions.problem import Choice, CoverProblem, DayLesson

TEACHER_DOUBLE = "teacher_double_booked"
ROOM_DOUBLE = "room_double_booked"
CLASS_DOUBLE = "class_double_booked"
ABSENT = "absent_teacher"
TRAVEL = "travel"
DAILY_MAX = "max_per_day"
CLOSED = "room_closed"
CAPACITY = "room_capacity"
UNANSWERED = "unanswered"
BAD_CHOICE = "bad_choice"
KINDS = (
    TEACHER_DOUBLE, ROOM_DOUBLE, CLASS_DOUBLE, ABSENT, TRAVEL, DAILY_MAX, CLOSED, CAPACITY,
    UNANSWERED, BAD_CHOICE,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Violation:
    kind: str
    message: Message


@dataclass
class _Entry:
    """Someone teaching someone somewhere at one period of the planned day."""

    label: str
    period: int
    teachers: tuple[int, ...]
    room: int | None
    audience: tuple[tuple[int, int | None], ...]
    new: bool  # made by the plan (a background lesson as published is not)
    lesson: int  # DayLesson id it comes from
    joined: list[int] = field(default_factory=list)  # sizes of groups merged into it


def validate(
    cp: CoverProblem, choices: Sequence[Choice], *, partial: bool = False
) -> list[Violation]:
    """Every violation of the planned day.

    Args:
        cp: the day.
        choices: one per affected lesson (with `partial`, any subset, e.g. the locks alone).
        partial: do not report affected lessons without a choice.

    Returns:
        The violations, double bookings first.
    """
    out: list[Violation] = []
    entries = _day(cp, choices, out, partial)
    out += _double(cp, entries)
    out += _people(cp, entries)
    out += _rooms(cp, entries)
    rank = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda v: rank[v.kind])


def summarize(violations: Iterable[Violation]) -> dict[str, int]:
    """Counts per kind, plus `double_bookings` (teacher and room) as the CLI reports them."""
    counts = Counter(v.kind for v in violations)
    out = {kind: counts.get(kind, 0) for kind in KINDS}
    out["double_bookings"] = out[TEACHER_DOUBLE] + out[ROOM_DOUBLE]
    return out


def _present(cp: CoverProblem, ls: DayLesson) -> tuple[int, ...]:
    return tuple(t for t in ls.teachers if ls.period not in cp.teachers[t].absent)


def _day(
    cp: CoverProblem, choices: Sequence[Choice], out: list[Violation], partial: bool
) -> list[_Entry]:
    """The planned day: the lessons that take place as published, then each choice's lessons."""
    seen: set[int] = set()
    moved_away: set[int] = set()
    made: list[_Entry] = []
    for c in choices:
        if not 0 <= c.affected < len(cp.affected) or c.affected in seen:
            out.append(_bad(c))
            continue
        seen.add(c.affected)
        made += _entries(cp, c, out)
        if c.action == MOVE and c.partner is not None:
            moved_away.add(c.partner)
    entries = [
        _Entry(ls.label, ls.period, _present(cp, ls), ls.room, ls.audience, False, ls.id)
        for ls in cp.background
        if ls.id not in moved_away
    ]
    by_lesson = {e.lesson: e for e in entries}
    for c in choices:
        if c.action == MERGE and c.partner in by_lesson and c.affected in seen:
            by_lesson[c.partner].joined.append(cp.lesson_of(c.affected).size)
    if not partial:
        for a in cp.affected:
            if a.id not in seen:
                ls = cp.lessons[a.lesson]
                text = message(
                    N_("{lesson} in {period} has no answer in the plan."),
                    lesson=ls.label, period=_period(cp, ls.period),
                )  # fmt: skip
                out.append(Violation(UNANSWERED, text))
    return entries + made


def _bad(c: Choice) -> Violation:
    text = N_("The plan answers affected lesson {id} twice, or in a way that cannot be done.")
    return Violation(BAD_CHOICE, message(text, id=c.affected))


def _period(cp: CoverProblem, period: int) -> Message:
    return message(N_("period {number}"), number=cp.periods[period].number)


def _entries(cp: CoverProblem, c: Choice, out: list[Violation]) -> list[_Entry]:
    """What a choice puts into the day; a malformed choice is reported instead."""
    ls = cp.lesson_of(c.affected)
    room = ls.room if c.room is None else c.room
    if c.action in (COVER, STUDY) and c.teacher is not None:
        return [_Entry(ls.label, ls.period, (c.teacher,), room, ls.audience, True, ls.id)]
    if c.action == ROOM_CHANGE and c.room is not None:
        return [_Entry(ls.label, ls.period, _present(cp, ls), room, ls.audience, True, ls.id)]
    if c.action == MERGE and c.partner is not None and _takes_place(cp, c.partner, ls.period):
        return []
    if c.action == MOVE and c.to_period is not None and c.partner is not None:
        other = cp.lessons[c.partner] if 0 <= c.partner < len(cp.lessons) else None
        if other is not None and _takes_place(cp, c.partner, c.to_period):
            return [
                _Entry(ls.label, c.to_period, ls.teachers, room, ls.audience, True, ls.id),
                _Entry(
                    other.label, ls.period, other.teachers, other.room, other.audience, True,
                    other.id,
                ),
            ]  # fmt: skip
    if c.action == CANCEL:
        return []
    out.append(_bad(c))
    return []


def _takes_place(cp: CoverProblem, lesson: int, period: int) -> bool:
    """The lesson exists, takes place as published, and at `period`."""
    if not 0 <= lesson < len(cp.lessons):
        return False
    ls = cp.lessons[lesson]
    skip = cp.affected_lessons | cp.dropped_lessons
    return ls.id not in skip and ls.period == period


def _names(cp: CoverProblem, teacher: int) -> str:
    return cp.teachers[teacher].name


def _double(cp: CoverProblem, entries: list[_Entry]) -> list[Violation]:
    """Teachers, rooms and students in two lessons at once (periods that overlap in time)."""
    out = []
    by_teacher: dict[int, list[_Entry]] = defaultdict(list)
    by_room: dict[int, list[_Entry]] = defaultdict(list)
    for e in entries:
        for t in e.teachers:
            by_teacher[t].append(e)
        if e.room is not None:
            by_room[e.room].append(e)
    for t, mine in by_teacher.items():
        for a, b in _clashing(cp, mine):
            text = N_("{teacher} has two lessons in {period}: {first} and {second}.")
            params = {"teacher": _names(cp, t), "period": _period(cp, a.period)}
            out.append(
                Violation(TEACHER_DOUBLE, message(text, first=a.label, second=b.label, **params))
            )
    for r, mine in by_room.items():
        for a, b in _clashing(cp, mine):
            text = N_("Room {room} holds two lessons in {period}: {first} and {second}.")
            params = {"room": cp.rooms[r].code, "period": _period(cp, a.period)}
            out.append(
                Violation(ROOM_DOUBLE, message(text, first=a.label, second=b.label, **params))
            )
    for a, b in _clashing(cp, entries):
        if _share_students(a, b):
            text = N_("Students of {first} are also in {second} in {period}.")
            params = {"period": _period(cp, a.period)}
            out.append(
                Violation(CLASS_DOUBLE, message(text, first=a.label, second=b.label, **params))
            )
    return out


def _clashing(cp: CoverProblem, entries: list[_Entry]) -> list[tuple[_Entry, _Entry]]:
    """Pairs of entries at overlapping periods where at least one was made by the plan."""
    return [
        (a, b)
        for a, b in combinations(entries, 2)
        if (a.new or b.new) and cp.overlap(a.period, b.period)
    ]


def _share_students(a: _Entry, b: _Entry) -> bool:
    """Whole class against any part of it, or the same subgroup."""
    for ca, ga in a.audience:
        for cb, gb in b.audience:
            if ca == cb and (ga is None or gb is None or ga == gb):
                return True
    return False


def _people(cp: CoverProblem, entries: list[_Entry]) -> list[Violation]:
    """Lessons given by teachers who are away, walks too short, daily maximums exceeded."""
    out = []
    by_teacher: dict[int, list[_Entry]] = defaultdict(list)
    for e in entries:
        for t in e.teachers:
            by_teacher[t].append(e)
    published = Counter(t for ls in cp.lessons for t in ls.teachers)
    for t, mine in by_teacher.items():
        teacher = cp.teachers[t]
        for e in mine:
            if e.new and (e.period in teacher.absent or e.period in teacher.unavailable):
                text = N_("{teacher} is away in {period} but is given {lesson}.")
                out.append(
                    Violation(
                        ABSENT,
                        message(
                            text, teacher=teacher.name, period=_period(cp, e.period), lesson=e.label
                        ),
                    )
                )
        for a, b in combinations(mine, 2):
            if (a.new or b.new) and cp.travel_conflict(
                (a.period, cp.building_of(a.room)), (b.period, cp.building_of(b.room))
            ):
                text = N_("{teacher} cannot get from {first} to {second} in time.")
                out.append(
                    Violation(
                        TRAVEL, message(text, teacher=teacher.name, first=a.label, second=b.label)
                    )
                )
        limit = teacher.max_per_day
        if limit is not None and len(mine) > max(limit, published[t]) and any(e.new for e in mine):
            text = N_("{teacher} would teach {count} periods, more than their {limit} a day.")
            out.append(
                Violation(
                    DAILY_MAX, message(text, teacher=teacher.name, count=len(mine), limit=limit)
                )
            )
    return out


def _rooms(cp: CoverProblem, entries: list[_Entry]) -> list[Violation]:
    """Closed rooms in use, and merged groups that do not fit."""
    out = []
    for e in entries:
        if e.room is None:
            continue
        room = cp.rooms[e.room]
        if (e.room, e.period) in cp.closed:
            text = N_("Room {room} is closed in {period} but holds {lesson}.")
            out.append(
                Violation(
                    CLOSED,
                    message(text, room=room.code, period=_period(cp, e.period), lesson=e.label),
                )
            )
        if e.joined:
            students = cp.lessons[e.lesson].size + sum(e.joined)
            if students > room.capacity:
                text = N_("Room {room} has {seats} seats for {students} students of {lesson}.")
                out.append(
                    Violation(
                        CAPACITY,
                        message(
                            text,
                            room=room.code,
                            seats=room.capacity,
                            students=students,
                            lesson=e.label,
                        ),
                    )
                )
    return out
