"""Rules about each placed lesson on its own: start, shift, room, lock and availability."""

from __future__ import annotations

from solver.messages import Msg, msg, term
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.validation.naming import lesson_name, room_kinds, shift_name
from solver.validation.placements import Placed, Reading
from solver.validation.types import Violation, hard


def check_lessons(problem: Problem, reading: Reading) -> list[Violation]:
    """Every per-lesson violation of the placed lessons, in lesson order.

    Args:
        problem: the timetabling problem.
        reading: the placements as read by `read_placements`.

    Returns:
        PLACED (bad start), SHIFT, ROOM_FIT, FIXED and the three availability violations.
    """
    out: list[Violation] = []
    for lid in sorted(reading.placed):
        item = reading.placed[lid]
        out.extend(_start(problem, item))
        out.extend(_room_fit(problem, item, reading.asked_room.get(lid)))
        out.extend(_availability(problem, item))
    out.extend(_fixed(problem, reading))
    return out


def _start(problem: Problem, item: Placed) -> list[Violation]:
    """A start outside the class's shift is SHIFT; one the length does not fit is PLACED."""
    out: list[Violation] = []
    lesson, per = item.lesson, problem.periods[item.start]
    name = lesson_name(problem, lesson)
    where = problem.describe_slot(item.day, item.start)
    for c in problem.audience_classes(lesson):
        cls = problem.classes[c]
        if cls.shift != per.shift:
            text = msg(
                "Lesson {lesson} is on {slot}, outside the shift of class {cls} ({shift})",
                lesson=name,
                slot=where,
                cls=cls.code,
                shift=shift_name(problem, cls.shift),
            )
            out.append(hard(RuleId.SHIFT, text, lessons=[lesson.id], day=item.day, period=per.id))
    if len(item.periods) < lesson.length:
        text = msg(
            "Lesson {lesson} lasts {length} periods but starts on {slot}, too late in the day",
            lesson=name,
            length=lesson.length,
            slot=where,
        )
        out.append(hard(RuleId.PLACED, text, lessons=[lesson.id], day=item.day, period=per.id))
    return out


def _room_fit(problem: Problem, item: Placed, asked: int | None) -> list[Violation]:
    """The room must be one of the lesson's candidates; a lesson with none takes no room."""
    lesson = item.lesson
    if asked is None and not lesson.rooms:
        return []
    if asked is not None and asked in lesson.rooms and item.room is not None:
        return []
    text = _room_message(problem, item, asked)
    return [hard(RuleId.ROOM_FIT, text, lessons=[lesson.id], day=item.day, period=item.start)]


def _room_message(problem: Problem, item: Placed, asked: int | None) -> Msg:
    """Why the room is wrong: none, unknown, wrong kind, too small, or simply not allowed."""
    name = lesson_name(problem, item.lesson)
    where = problem.describe_slot(item.day, item.start)
    if asked is None:
        return msg("Lesson {lesson} on {slot} has no room", lesson=name, slot=where)
    if item.room is None:
        return msg(
            "Lesson {lesson} on {slot} is in room {room}, which does not exist",
            lesson=name,
            slot=where,
            room=asked,
        )
    room = problem.rooms[item.room]
    if not item.lesson.rooms:
        return msg(
            "Lesson {lesson} on {slot} needs no room but is given room {room}",
            lesson=name,
            slot=where,
            room=room.name,
        )
    kinds = sorted({problem.rooms[r].kind for r in item.lesson.rooms})
    if room.kind not in kinds:
        return msg(
            "Lesson {lesson} needs a room of kind {kinds} but is in room {room}, of kind {kind}",
            lesson=name,
            kinds=room_kinds(kinds),
            room=room.name,
            kind=term(room.kind),
        )
    if room.capacity < item.lesson.size:
        return msg(
            "Lesson {lesson} has {size} students but room {room} seats {capacity}",
            lesson=name,
            size=item.lesson.size,
            room=room.name,
            capacity=room.capacity,
        )
    return msg(
        "Lesson {lesson} is in room {room}, which is not one of its allowed rooms",
        lesson=name,
        room=room.name,
    )


def _availability(problem: Problem, item: Placed) -> list[Violation]:
    """Teachers, classes and the room must be available in every period the lesson covers."""
    out: list[Violation] = []
    lesson, day = item.lesson, item.day
    name = lesson_name(problem, lesson)
    for p in item.periods:
        slot = (day, p)
        where = problem.describe_slot(day, p)
        for t in sorted(set(lesson.teachers)):
            if slot in problem.teachers[t].unavailable:
                text = msg(
                    "{teacher} is unavailable on {slot} but teaches {lesson}",
                    teacher=problem.teachers[t].name,
                    slot=where,
                    lesson=name,
                )
                rule = RuleId.TEACHER_UNAVAILABLE
                out.append(hard(rule, text, lessons=[lesson.id], day=day, period=p))
        for c in problem.audience_classes(lesson):
            if slot in problem.classes[c].unavailable:
                text = msg(
                    "Class {cls} is unavailable on {slot} but has {lesson}",
                    cls=problem.classes[c].code,
                    slot=where,
                    lesson=name,
                )
                rule = RuleId.CLASS_UNAVAILABLE
                out.append(hard(rule, text, lessons=[lesson.id], day=day, period=p))
        if item.room is not None and slot in problem.rooms[item.room].unavailable:
            text = msg(
                "Room {room} is unavailable on {slot} but holds {lesson}",
                room=problem.rooms[item.room].name,
                slot=where,
                lesson=name,
            )
            out.append(hard(RuleId.ROOM_UNAVAILABLE, text, lessons=[lesson.id], day=day, period=p))
    return out


def _fixed(problem: Problem, reading: Reading) -> list[Violation]:
    """A locked lesson must be at its day and period, and in its room when one is given."""
    out: list[Violation] = []
    for fx in problem.fixed:
        item = reading.placed.get(fx.lesson)
        if item is None:
            continue  # unplaced or unknown: reported as PLACED (or by the data checks)
        same_time = (item.day, item.start) == (fx.day, fx.period)
        same_room = fx.room is None or reading.asked_room.get(fx.lesson) == fx.room
        if same_time and same_room:
            continue
        locked_room = fx.room is not None and _valid(fx.room, len(problem.rooms))
        text = msg(
            "Locked lesson {lesson} is on {slot} instead of {locked}",
            lesson=lesson_name(problem, item.lesson),
            slot=_with_room(problem.describe_slot(item.day, item.start), problem, item.room),
            locked=_with_room(
                _describe(problem, fx.day, fx.period), problem, fx.room if locked_room else None
            ),
        )
        out.append(hard(RuleId.FIXED, text, lessons=[fx.lesson], day=item.day, period=item.start))
    return out


def _with_room(slot: Msg, problem: Problem, room: int | None) -> Msg:
    if room is None:
        return slot
    return msg("{slot}, {room}", slot=slot, room=problem.rooms[room].name)


def _valid(value: int, size: int) -> bool:
    return 0 <= value < size


def _describe(problem: Problem, day: int, period: int) -> Msg:
    if _valid(day, len(problem.days)) and _valid(period, len(problem.periods)):
        return problem.describe_slot(day, period)
    return msg("day {day}, period {period}", day=day, period=period)
