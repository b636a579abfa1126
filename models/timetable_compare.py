"""Comparing two timetable versions: which lessons moved, appeared or went, and for whom.

Works on the plain values of `models.snapshot`: the school's data (`SchoolSnapshot`) names
the lessons, teachers and classes, and each version is a list of `LockedLesson` placements
(what `models.timetables.load_timetable` returns). Units of one lesson requirement are
interchangeable to the people reading a timetable (two Maths lessons of 7A are "7A Maths"
either way), so placements are matched within a requirement and a length, not by unit
number: two units that trade places moved nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from models.i18n import N_, Message, message
from models.snapshot import LessonReq, LockedLesson, SchoolSnapshot

DAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

Kind = Literal["moved", "added", "removed"]


@dataclass(frozen=True, slots=True)
class LessonChange:
    """One lesson unit that moved (`old` and `new`), was added (`new`) or removed (`old`).

    `teachers`, `classes` and `rooms` are the codes of everyone it concerns (both rooms of a
    move); `message` says it in a sentence.
    """

    kind: Kind
    lesson_key: str
    old: LockedLesson | None
    new: LockedLesson | None
    teachers: tuple[str, ...]
    classes: tuple[str, ...]
    rooms: tuple[str, ...]
    message: Message


@dataclass(frozen=True)
class TimetableComparison:
    """Every change between two versions, and the codes of the teachers, classes and rooms
    any change concerns."""

    moved: tuple[LessonChange, ...]
    added: tuple[LessonChange, ...]
    removed: tuple[LessonChange, ...]
    teachers: tuple[str, ...]
    classes: tuple[str, ...]
    rooms: tuple[str, ...]

    @property
    def changes(self) -> tuple[LessonChange, ...]:
        """Moved, then added, then removed lessons."""
        return (*self.moved, *self.added, *self.removed)

    @property
    def messages(self) -> tuple[Message, ...]:
        """One sentence per change."""
        return tuple(c.message for c in self.changes)

    def for_teacher(self, code: str) -> tuple[LessonChange, ...]:
        """The changes that concern the teacher with this code."""
        return tuple(c for c in self.changes if code in c.teachers)

    def for_class(self, code: str) -> tuple[LessonChange, ...]:
        """The changes that concern this class (whole or a subgroup of it)."""
        return tuple(c for c in self.changes if code in c.classes)

    def for_room(self, code: str) -> tuple[LessonChange, ...]:
        """The changes that concern this room (left or taken)."""
        return tuple(c for c in self.changes if code in c.rooms)


def day_name(day: int) -> Message:
    """The name of a day (0 = Monday), translated when the sentence is rendered."""
    if 0 <= day < len(DAYS):
        return Message(DAYS[day])
    return message(N_("day {number}"), number=day + 1)


class _Names:
    """How the school's data names lessons, people and periods in sentences."""

    def __init__(self, snapshot: SchoolSnapshot) -> None:
        self.lessons = {r.key: r for r in snapshot.lessons}
        self.subjects = {s.code: s.name for s in snapshot.subjects}
        self.teachers = {t.code: t.name for t in snapshot.teachers}
        self.shifts = len({b.shift for b in snapshot.bells}) > 1

    def length(self, placed: LockedLesson) -> int:
        """Periods the unit lasts: doubles come first among a requirement's units."""
        req = self.lessons.get(placed.lesson_key)
        return 2 if req is not None and placed.unit < req.doubles else 1

    def lesson(self, key: str) -> Message | str:
        """'7A Maths (Aigerim Nurlanovna)', or the key of a lesson the data does not know."""
        req = self.lessons.get(key)
        if req is None:
            return key
        name = f"{_audience(req)} {self.subjects.get(req.subject, req.subject)}"
        if not req.teachers:
            return name
        teachers = ", ".join(self.teachers.get(t, t) for t in req.teachers)
        return message(N_("{lesson} ({teachers})"), lesson=name, teachers=teachers)

    def slot(self, placed: LockedLesson) -> Message:
        """'Monday period 2' (with the shift when the school has several)."""
        day = day_name(placed.day)
        if self.shifts:
            return message(
                N_("{day} period {period}, shift {shift}"),
                day=day,
                period=placed.period,
                shift=placed.shift,
            )
        return message(N_("{day} period {period}"), day=day, period=placed.period)


def _audience(req: LessonReq) -> str:
    """'7A', '7A·kz', or '7A·kz + 7B·kz' for joined groups (names, not a sentence)."""
    parts = [
        g.class_code if g.subgroup is None else f"{g.class_code}·{g.subgroup}" for g in req.audience
    ]
    return " + ".join(parts)


def _moved_text(names: _Names, old: LockedLesson, new: LockedLesson) -> Message:
    lesson = names.lesson(new.lesson_key)
    if (old.day, old.shift, old.period) == (new.day, new.shift, new.period):
        slot = names.slot(new)
        if old.room is None:
            text = N_("{lesson} now has room {room} on {slot}")
            return message(text, lesson=lesson, room=new.room, slot=slot)
        if new.room is None:
            text = N_("{lesson} no longer has room {room} on {slot}")
            return message(text, lesson=lesson, room=old.room, slot=slot)
        text = N_("{lesson} moved from room {old_room} to room {new_room} on {slot}")
        return message(text, lesson=lesson, old_room=old.room, new_room=new.room, slot=slot)
    if new.room is None:
        text = N_("{lesson} moved from {old} to {new}")
        return message(text, lesson=lesson, old=names.slot(old), new=names.slot(new))
    text = N_("{lesson} moved from {old} to {new}, room {room}")
    return message(text, lesson=lesson, old=names.slot(old), new=names.slot(new), room=new.room)


def _added_text(names: _Names, new: LockedLesson) -> Message:
    lesson = names.lesson(new.lesson_key)
    if new.room is None:
        return message(N_("{lesson} added on {slot}"), lesson=lesson, slot=names.slot(new))
    text = N_("{lesson} added on {slot}, room {room}")
    return message(text, lesson=lesson, slot=names.slot(new), room=new.room)


def _removed_text(names: _Names, old: LockedLesson) -> Message:
    lesson = names.lesson(old.lesson_key)
    return message(N_("{lesson} removed from {slot}"), lesson=lesson, slot=names.slot(old))


def _change(
    names: _Names, kind: Kind, old: LockedLesson | None, new: LockedLesson | None
) -> LessonChange:
    either = new if new is not None else old
    assert either is not None
    req = names.lessons.get(either.lesson_key)
    if kind == "moved":
        assert old is not None and new is not None
        text = _moved_text(names, old, new)
    elif kind == "added":
        assert new is not None
        text = _added_text(names, new)
    else:
        assert old is not None
        text = _removed_text(names, old)
    rooms = sorted({p.room for p in (old, new) if p is not None and p.room is not None})
    return LessonChange(
        kind,
        either.lesson_key,
        old,
        new,
        tuple(dict.fromkeys(req.teachers)) if req else (),
        tuple(dict.fromkeys(g.class_code for g in req.audience)) if req else (),
        tuple(rooms),
        text,
    )


def _when(p: LockedLesson) -> tuple[int, str, int]:
    return (p.day, p.shift, p.period)


def _take(
    old: list[LockedLesson],
    new: list[LockedLesson],
    same: Callable[[LockedLesson, LockedLesson], bool],
) -> list[tuple[LockedLesson, LockedLesson]]:
    """Pair each old placement with the first new one `same` accepts; drop both from the lists."""
    pairs: list[tuple[LockedLesson, LockedLesson]] = []
    for a in list(old):
        match = next((b for b in new if same(a, b)), None)
        if match is not None:
            old.remove(a)
            new.remove(match)
            pairs.append((a, match))
    return pairs


def _pair(
    old: Iterable[LockedLesson], new: Iterable[LockedLesson]
) -> tuple[list[tuple[LockedLesson, LockedLesson]], list[LockedLesson], list[LockedLesson]]:
    """Match one requirement's units of one length: (moves, removed, added).

    Unchanged units drop out first, then units at the same time in another room (a room
    change), then the rest are paired in time order; what is left over was removed or added.
    """
    olds, news = sorted(old, key=_when), sorted(new, key=_when)
    _take(olds, news, lambda a, b: _when(a) == _when(b) and a.room == b.room)
    moves = _take(olds, news, lambda a, b: _when(a) == _when(b))
    n = min(len(olds), len(news))
    moves += zip(olds[:n], news[:n], strict=True)
    return moves, olds[n:], news[n:]


def compare_timetables(
    snapshot: SchoolSnapshot, old: Sequence[LockedLesson], new: Sequence[LockedLesson]
) -> TimetableComparison:
    """What changed from one timetable version to another, in sentences, and for whom.

    Args:
        snapshot: the school's data, to name lessons, teachers and classes (a placement of a
            lesson it does not know is named by its key and concerns nobody in particular).
        old: the placements of the earlier version.
        new: the placements of the later version.

    Returns:
        The moved, added and removed lesson units (by lesson key, then time), and the codes
        of every teacher, class and room concerned.
    """
    names = _Names(snapshot)
    groups: dict[tuple[str, int], tuple[list[LockedLesson], list[LockedLesson]]] = {}
    for side, placements in enumerate((old, new)):
        for p in placements:
            groups.setdefault((p.lesson_key, names.length(p)), ([], []))[side].append(p)
    moved: list[LessonChange] = []
    added: list[LessonChange] = []
    removed: list[LessonChange] = []
    for key in sorted(groups):
        moves, gone, came = _pair(*groups[key])
        moved += (_change(names, "moved", a, b) for a, b in moves)
        removed += (_change(names, "removed", a, None) for a in gone)
        added += (_change(names, "added", None, b) for b in came)
    every = (*moved, *added, *removed)
    return TimetableComparison(
        tuple(moved),
        tuple(added),
        tuple(removed),
        tuple(sorted({t for c in every for t in c.teachers})),
        tuple(sorted({k for c in every for k in c.classes})),
        tuple(sorted({r for c in every for r in c.rooms})),
    )
