"""Ids in a Problem that point at nothing: found before anything relies on them."""

from __future__ import annotations

from collections.abc import Sequence

from solver.messages import N_, Msg, msg
from solver.problem import Problem


def _indexed(problem: Problem) -> list[Msg]:
    """Every item's id must be its position in its tuple."""
    out: list[Msg] = []
    tables: Sequence[Sequence[object]] = (
        problem.shifts,
        problem.periods,
        problem.buildings,
        problem.rooms,
        problem.subjects,
        problem.teachers,
        problem.classes,
        problem.groups,
        problem.lessons,
    )
    for table in tables:
        for i, item in enumerate(table):
            if getattr(item, "id", i) != i:
                name = next(
                    (str(v) for k in ("name", "code", "label") if (v := getattr(item, k, ""))),
                    f"{type(item).__name__} {getattr(item, 'id', '?')}",
                )
                text = msg(
                    "{item} has id {id} but is number {index} in its list",
                    item=name,
                    id=getattr(item, "id", None),
                    index=i,
                )
                out.append(text)
    return out


def _grid(problem: Problem) -> list[Msg]:
    """Shifts and periods refer to each other correctly."""
    out: list[Msg] = []
    for s in problem.shifts:
        for p in s.periods:
            if not 0 <= p < len(problem.periods) or problem.periods[p].shift != s.id:
                out.append(
                    msg(
                        "Shift {shift} lists period {period}, which is not its own",
                        shift=s.name,
                        period=p,
                    )
                )
    for per in problem.periods:
        if not 0 <= per.shift < len(problem.shifts):
            out.append(
                msg(
                    "Period {period} belongs to shift {shift}, which does not exist",
                    period=per.id,
                    shift=per.shift,
                )
            )
    return out


def _places(problem: Problem) -> list[Msg]:
    """Travel times, rooms' buildings, classes' shifts and groups' classes exist."""
    out: list[Msg] = []
    n = len(problem.buildings)
    if len(problem.travel) != n or any(len(row) != n for row in problem.travel):
        out.append(msg("The travel times do not give every pair of {n} buildings", n=n))
    for room in problem.rooms:
        if not 0 <= room.building < n:
            out.append(
                msg(
                    "Room {room} is in building {building}, which does not exist",
                    room=room.name,
                    building=room.building,
                )
            )
    for cls in problem.classes:
        if not 0 <= cls.shift < len(problem.shifts):
            out.append(
                msg(
                    "Class {cls} is in shift {shift}, which does not exist",
                    cls=cls.code,
                    shift=cls.shift,
                )
            )
    for g in problem.groups:
        if not 0 <= g.class_id < len(problem.classes):
            out.append(
                msg(
                    "Group {group} belongs to class {cls}, which does not exist",
                    group=g.name,
                    cls=g.class_id,
                )
            )
    return out


_LESSON_REF = {
    "subject": N_("Lesson {lesson} refers to subject {ref}, which does not exist"),
    "teacher": N_("Lesson {lesson} refers to teacher {ref}, which does not exist"),
    "class": N_("Lesson {lesson} refers to class {ref}, which does not exist"),
    "group": N_("Lesson {lesson} refers to group {ref}, which does not exist"),
    "room": N_("Lesson {lesson} refers to room {ref}, which does not exist"),
}


def _lessons(problem: Problem) -> list[Msg]:
    """Lessons name existing subjects, teachers, classes, groups and rooms, and last >= 1."""
    out: list[Msg] = []
    sizes = {
        "subject": len(problem.subjects),
        "teacher": len(problem.teachers),
        "class": len(problem.classes),
        "group": len(problem.groups),
        "room": len(problem.rooms),
    }
    for lesson in problem.lessons:
        name = lesson.label or str(lesson.id)
        refs = [("subject", lesson.subject), *(("teacher", t) for t in lesson.teachers)]
        refs += [("class", c) for c in lesson.classes] + [("group", g) for g in lesson.groups]
        refs += [("room", r) for r in lesson.rooms]
        for kind, ref in refs:
            if not 0 <= ref < sizes[kind]:
                out.append(msg(_LESSON_REF[kind], lesson=name, ref=ref))
        if lesson.length < 1:
            out.append(msg("Lesson {lesson} has length {n}", lesson=name, n=lesson.length))
    for fx in problem.fixed:
        ok = 0 <= fx.lesson < len(problem.lessons) and 0 <= fx.day < len(problem.days)
        ok = ok and 0 <= fx.period < len(problem.periods)
        if not ok or (fx.room is not None and not 0 <= fx.room < len(problem.rooms)):
            text = msg(
                "A lock refers to lesson {lesson} on day {day}, period {period}, room {room}, "
                "which does not exist",
                lesson=fx.lesson,
                day=fx.day,
                period=fx.period,
                room=fx.room,
            )
            out.append(text)
    return out


def broken_references(problem: Problem) -> list[Msg]:
    """Every id in the problem that points at nothing, in words.

    Args:
        problem: any Problem.

    Returns:
        One sentence per broken reference; empty when the problem is well-formed.
    """
    return [*_indexed(problem), *_grid(problem), *_places(problem), *_lessons(problem)]
