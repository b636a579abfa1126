"""Data checks before solving: what makes every timetable impossible or costly, in words.

Each finding is a sentence naming the classes, teachers, rooms and lessons behind it.

Errors are sound: each one is a proof that no timetable satisfies every hard rule. Warnings
name costs no timetable can avoid, or data that looks wrong. No OR-Tools here.
"""

from __future__ import annotations

from typing import Literal

from solver.messages import Msg, joined, msg, nmsg
from solver.problem import Lesson, Problem
from solver.rules.ids import RuleId
from solver.validation.advice import distances, forced_clashes, repeats, rooms_too_few
from solver.validation.capacity import (
    Option,
    atom_requirements,
    forced_starts,
    free,
    lesson_options,
    teacher_capacity,
)
from solver.validation.naming import atoms_name, lesson_name, shift_name
from solver.validation.references import broken_references
from solver.validation.types import Finding

__all__ = ["Finding", "check_problem"]

Severity = Literal["error", "warning"]


def _error(text: Msg, rule: RuleId | None = None) -> Finding:
    return Finding("error", text, rule)


def _warning(text: Msg, rule: RuleId | None = None) -> Finding:
    return Finding("warning", text, rule)


def check_problem(problem: Problem) -> list[Finding]:
    """Every data problem found before solving, errors first.

    Args:
        problem: the timetabling problem; broken references are reported, not raised.

    Returns:
        Findings; an error means no timetable can satisfy every hard rule.
    """
    broken = _references(problem)
    if broken:
        return broken  # the other checks need every reference to hold
    options = {lesson.id: lesson_options(problem, lesson) for lesson in problem.lessons}
    found = [
        *_lessons(problem, options),
        *_fixed(problem, options),
        *_classes(problem),
        *_teachers(problem),
        *rooms_too_few(problem),
        *forced_clashes(problem, forced_starts(problem, options)),
        *repeats(problem),
        *distances(problem),
    ]
    return sorted(found, key=lambda f: f.severity != "error")


def _references(problem: Problem) -> list[Finding]:
    """Ids that point at nothing (the other checks need every reference to hold)."""
    return [_error(text) for text in broken_references(problem)]


def _lessons(problem: Problem, options: dict[int, list[Option]]) -> list[Finding]:
    """Per lesson: length vs shift, classes of two shifts, room size, and no free period."""
    out: list[Finding] = []
    for lesson in problem.lessons:
        name = lesson_name(problem, lesson)
        shifts = sorted(problem.lesson_shifts(lesson))
        if not problem.starts(lesson):
            longest = max(len(problem.shifts[s].periods) for s in shifts)
            text = nmsg(
                "Lesson {lesson} lasts {length} periods but its shift has only {n}",
                "Lesson {lesson} lasts {length} periods but its shift has only {n}",
                lesson.length,
                lesson=name,
                length=lesson.length,
                n=longest,
            )
            out.append(_error(text, RuleId.PLACED))
            continue
        if len(shifts) > 1 and lesson.classes + lesson.groups:
            text = msg(
                "Lesson {lesson} joins classes of different shifts ({shifts})",
                lesson=name,
                shifts=joined(shift_name(problem, s) for s in shifts),
            )
            out.append(_error(text, RuleId.SHIFT))
        out.extend(_room_size(problem, lesson))
        out.extend(_too_long(problem, lesson))
        if not options[lesson.id]:
            out.append(_error(_why_never(problem, lesson), _never_rule(problem, lesson)))
    return out


def _room_size(problem: Problem, lesson: Lesson) -> list[Finding]:
    small = [r for r in lesson.rooms if problem.rooms[r].capacity < lesson.size]
    if not small:
        return []
    text = nmsg(
        "Lesson {lesson} has {size} students but room {rooms} seats fewer",
        "Lesson {lesson} has {size} students but room {rooms} seats fewer",
        lesson.size,
        lesson=lesson_name(problem, lesson),
        size=lesson.size,
        rooms=", ".join(problem.rooms[r].name for r in small),
    )
    severity: Severity = "error" if len(small) == len(lesson.rooms) else "warning"
    return [Finding(severity, text, RuleId.ROOM_FIT)]


def _too_long(problem: Problem, lesson: Lesson) -> list[Finding]:
    """A double lesson cannot fit a teacher's or a class's daily maximum of one period."""
    out: list[Finding] = []
    name = lesson_name(problem, lesson)
    for t in sorted(set(lesson.teachers)):
        limit = problem.teachers[t].max_per_day
        if limit is not None and lesson.length > limit:
            text = nmsg(
                "Lesson {lesson} lasts {length} periods but teacher {teacher} may teach at most "
                "{limit} a day",
                "Lesson {lesson} lasts {length} periods but teacher {teacher} may teach at most "
                "{limit} a day",
                lesson.length,
                lesson=name,
                length=lesson.length,
                teacher=problem.teachers[t].name,
                limit=limit,
            )
            out.append(_error(text, RuleId.TEACHER_MAX_PER_DAY))
    for c in problem.audience_classes(lesson):
        limit = problem.classes[c].max_per_day
        if limit is not None and lesson.length > limit:
            text = nmsg(
                "Lesson {lesson} lasts {length} periods but class {cls} may have at most "
                "{limit} a day",
                "Lesson {lesson} lasts {length} periods but class {cls} may have at most "
                "{limit} a day",
                lesson.length,
                lesson=name,
                length=lesson.length,
                cls=problem.classes[c].code,
                limit=limit,
            )
            out.append(_error(text, RuleId.CLASS_MAX_PER_DAY))
    return out


def _never_rule(problem: Problem, lesson: Lesson) -> RuleId:
    if any(not lesson_options(problem, lesson, only=("teacher", t)) for t in lesson.teachers):
        return RuleId.TEACHER_UNAVAILABLE
    if any(
        not lesson_options(problem, lesson, only=("class", c))
        for c in problem.audience_classes(lesson)
    ):
        return RuleId.CLASS_UNAVAILABLE
    return RuleId.ROOM_UNAVAILABLE


def _why_never(problem: Problem, lesson: Lesson) -> Msg:
    """Name the teacher, class or rooms whose availability leaves the lesson no period."""
    name = lesson_name(problem, lesson)
    shifts = joined(shift_name(problem, s) for s in sorted(problem.lesson_shifts(lesson)))
    for t in lesson.teachers:
        if not lesson_options(problem, lesson, only=("teacher", t)):
            return msg(
                "Teacher {teacher} is unavailable in every period of {shift}, where {lesson} "
                "must take place",
                teacher=problem.teachers[t].name,
                shift=shifts,
                lesson=name,
            )
    for c in problem.audience_classes(lesson):
        if not lesson_options(problem, lesson, only=("class", c)):
            return msg(
                "Class {cls} is unavailable in every period where {lesson} could take place",
                cls=problem.classes[c].code,
                lesson=name,
            )
    if lesson.rooms and not lesson_options(problem, lesson, only=("rooms", 0)):
        return msg(
            "None of the rooms for {lesson} ({rooms}) is ever available when it could take place",
            lesson=name,
            rooms=", ".join(problem.rooms[r].name for r in lesson.rooms),
        )
    return msg(
        "Lesson {lesson} has no period in which its teachers, its students and a room are all "
        "available",
        lesson=name,
    )


def _fixed(problem: Problem, options: dict[int, list[Option]]) -> list[Finding]:
    """Locks at a start the lesson cannot use, in a room not its own, or locked twice."""
    out: list[Finding] = []
    seen: dict[int, tuple[int, int, int | None]] = {}
    for fx in problem.fixed:
        lesson = problem.lessons[fx.lesson]
        name = lesson_name(problem, lesson)
        where = problem.describe_slot(fx.day, fx.period)
        day, period, room = seen.setdefault(fx.lesson, (fx.day, fx.period, fx.room))
        rooms_differ = room is not None and fx.room is not None and room != fx.room
        if (day, period) != (fx.day, fx.period) or rooms_differ:
            text = msg("Lesson {lesson} is locked to two different places", lesson=name)
            out.append(_error(text, RuleId.FIXED))
        if fx.period not in problem.starts(lesson):
            text = msg(
                "Lesson {lesson} is locked to {slot}, where it cannot start (another shift, "
                "or too late for its length)",
                lesson=name,
                slot=where,
            )
            out.append(_error(text, RuleId.FIXED))
        elif fx.room is not None and fx.room not in lesson.rooms:
            text = msg(
                "Lesson {lesson} is locked to room {room}, which is not one of its rooms",
                lesson=name,
                room=problem.rooms[fx.room].name,
            )
            out.append(_error(text, RuleId.FIXED))
        elif not free(problem, lesson, fx.day, fx.period, room=fx.room):
            text = msg(
                "Lesson {lesson} is locked to {slot}, when its teacher, class or room is "
                "unavailable",
                lesson=name,
                slot=where,
            )
            out.append(_error(text, RuleId.FIXED))
    return out


def _classes(problem: Problem) -> list[Finding]:
    """Each class (its most loaded group of students) against its slots and daily maximum."""
    out: list[Finding] = []
    for c, (atoms, need, slots, per_day) in atom_requirements(problem).items():
        code = atoms_name(problem, atoms)
        if need > slots:
            text = msg(
                "{cls} needs {need} periods but has {slots} slots",
                cls=code,
                need=need,
                slots=slots,
            )
            out.append(_error(text, RuleId.STUDENT_CLASH))
        limit = problem.classes[c].max_per_day
        if limit is not None and need > per_day:
            text = msg(
                "{cls} needs {need} periods but {days} days of at most {limit} give {most}",
                cls=code,
                need=need,
                days=len(problem.days),
                limit=limit,
                most=per_day,
            )
            out.append(_error(text, RuleId.CLASS_MAX_PER_DAY))
    return out


def _teachers(problem: Problem) -> list[Finding]:
    """Each teacher's periods against availability, weekly maximum and days x daily maximum."""
    out: list[Finding] = []
    for t, (need, available, limited) in teacher_capacity(problem).items():
        teacher = problem.teachers[t]
        common = {"teacher": teacher.name, "need": need}
        if need > available:
            text = nmsg(
                "Teacher {teacher} teaches {need} periods but is available for {most}",
                "Teacher {teacher} teaches {need} periods but is available for {most}",
                need,
                most=available,
                **common,
            )
            out.append(_error(text, RuleId.TEACHER_UNAVAILABLE))
        if teacher.max_per_week is not None and need > teacher.max_per_week:
            text = nmsg(
                "Teacher {teacher} teaches {need} periods but may teach at most {most} a week",
                "Teacher {teacher} teaches {need} periods but may teach at most {most} a week",
                need,
                most=teacher.max_per_week,
                **common,
            )
            out.append(_error(text, RuleId.TEACHER_MAX_PER_WEEK))
        if need > limited and need <= available:
            rule = RuleId.TEACHER_MAX_DAYS if teacher.max_days else RuleId.TEACHER_MAX_PER_DAY
            params = {"days": teacher.max_days or len(problem.days), "most": limited, **common}
            if teacher.max_per_day:
                text = msg(
                    "Teacher {teacher} teaches {need} periods but at most {days} days of at most "
                    "{limit} periods give {most}",
                    limit=teacher.max_per_day,
                    **params,
                )
            else:  # only the number of working days limits the teacher
                text = msg(
                    "Teacher {teacher} teaches {need} periods but at most {days} days of at most "
                    "all periods give {most}",
                    **params,
                )
            out.append(_error(text, rule))
    return out
