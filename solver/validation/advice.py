"""The data checks about rooms, forced meetings, repeated subjects and distances, in words."""

from __future__ import annotations

from itertools import combinations

from solver.messages import Joined, msg, nmsg
from solver.problem import Lesson, Problem
from solver.rules.ids import RuleId
from solver.validation.capacity import Option, forced_meetings, room_shortages
from solver.validation.naming import atoms_name, lesson_name, lessons_list, room_kinds
from solver.validation.types import Finding


def _kinds(problem: Problem, rooms: list[int] | tuple[int, ...]) -> Joined:
    return room_kinds(sorted({problem.rooms[r].kind for r in rooms}))


def _rooms(problem: Problem, rooms: list[int] | tuple[int, ...]) -> str:
    return ", ".join(problem.rooms[r].name for r in rooms)


def rooms_too_few(problem: Problem) -> list[Finding]:
    """Lessons confined to some rooms need more room-periods a week than those rooms offer."""
    out: list[Finding] = []
    for lessons, rooms, needed, offered in room_shortages(problem):
        text = nmsg(
            "{n} lessons can only use {kind} rooms ({rooms}): they need {needed} periods a week "
            "but those rooms offer {offered}",
            "{n} lessons can only use {kind} rooms ({rooms}): they need {needed} periods a week "
            "but those rooms offer {offered}",
            len(lessons),
            kind=_kinds(problem, rooms),
            rooms=_rooms(problem, rooms),
            needed=needed,
            offered=offered,
        )
        out.append(Finding("error", text, RuleId.ROOM_CLASH))
    return out


def forced_clashes(problem: Problem, forced: dict[int, Option]) -> list[Finding]:
    """Lessons with one possible place (locked, or one free period) that meet there."""
    out: list[Finding] = []
    for kind, owners, day, period, ids in forced_meetings(problem, forced):
        n = len(ids)
        params = {
            "lessons": lessons_list(problem, (problem.lessons[i] for i in ids)),
            "slot": problem.describe_slot(day, period),
        }
        if kind == "teacher":
            text = nmsg(
                "Teacher {teacher} must teach {n} lessons at once on {slot} ({lessons}): each "
                "is locked there or has no other possible period",
                "Teacher {teacher} must teach {n} lessons at once on {slot} ({lessons}): each "
                "is locked there or has no other possible period",
                n,
                teacher=problem.teachers[owners[0]].name,
                **params,
            )
            out.append(Finding("error", text, RuleId.TEACHER_CLASH))
        elif kind == "students":
            text = nmsg(
                "Students of {students} must attend {n} lessons at once on {slot} ({lessons}): "
                "each is locked there or has no other possible period",
                "Students of {students} must attend {n} lessons at once on {slot} ({lessons}): "
                "each is locked there or has no other possible period",
                n,
                students=atoms_name(problem, owners),
                **params,
            )
            out.append(Finding("error", text, RuleId.STUDENT_CLASH))
        else:
            text = nmsg(
                "{n} {kind} lessons must run at once on {slot} ({lessons}) but only {rooms} "
                "can hold them",
                "{n} {kind} lessons must run at once on {slot} ({lessons}) but only {rooms} "
                "can hold them",
                n,
                kind=_kinds(problem, owners),
                rooms=_rooms(problem, owners),
                **params,
            )
            out.append(Finding("error", text, RuleId.ROOM_CLASH))
    return out


def repeats(problem: Problem) -> list[Finding]:
    """Courses with more units than days: the same subject twice a day cannot be avoided."""
    courses: dict[int, list[Lesson]] = {}
    for lesson in problem.lessons:
        courses.setdefault(lesson.course, []).append(lesson)
    out: list[Finding] = []
    days = len(problem.days)
    for units in courses.values():
        if len(units) > days:
            text = nmsg(
                "{lesson} has {n} lessons a week but the week has {days} days: at least {extra} "
                "will share a day with another",
                "{lesson} has {n} lessons a week but the week has {days} days: at least {extra} "
                "will share a day with another",
                len(units),
                lesson=lesson_name(problem, units[0]),
                days=days,
                extra=len(units) - days,
            )
            out.append(Finding("warning", text, RuleId.SAME_SUBJECT_DAY))
    return out


def _longest_break(problem: Problem, shifts: set[int]) -> int:
    gaps = [
        problem.periods[q].start - problem.periods[p].end
        for s in shifts
        for p, q in zip(problem.shifts[s].periods, problem.shifts[s].periods[1:], strict=False)
    ]
    return max(gaps, default=0)


def _site(problem: Problem, lesson: Lesson) -> int | None:
    """The building a lesson must be in, when all its rooms are in one."""
    sites = {problem.rooms[r].building for r in lesson.rooms}
    return sites.pop() if len(sites) == 1 else None


def distances(problem: Problem) -> list[Finding]:
    """Teachers whose lessons are in two buildings farther apart than any break."""
    out: list[Finding] = []
    for teacher in problem.teachers:
        mine = [x for x in problem.lessons if teacher.id in x.teachers]
        sites = {b for b in (_site(problem, x) for x in mine) if b is not None}
        shifts = {s for x in mine for s in problem.lesson_shifts(x)}
        longest = _longest_break(problem, shifts)
        for a, b in combinations(sorted(sites), 2):
            minutes = max(problem.travel[a][b], problem.travel[b][a])
            if minutes <= longest:
                continue
            text = msg(
                "Teacher {teacher} teaches in {first} and {second}, {minutes} minutes apart, "
                "but no break is longer than {longest} minutes: lessons there can never follow "
                "each other",
                teacher=teacher.name,
                first=problem.buildings[a].name,
                second=problem.buildings[b].name,
                minutes=minutes,
                longest=longest,
            )
            out.append(Finding("warning", text, RuleId.TRAVEL))
    return out
