"""The validator's own checks, run only for the owners a move touches and the days it changes.

`validate` checks the whole week of every teacher, class and room. A move of a few lessons
changes only the violations of the people and rooms those lessons touch (see
`solver.edit.links` for why students are taken by circles), and for every rule that is
judged day by day, only on the days the lessons leave or reach. So the difference between
two timetables that differ in a few lessons is the difference of the scoped checks: the
violations outside the scope are the same on both sides and cancel. The tests prove it
against full `validate` on random moves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from solver.edit.board import Board, Days, View
from solver.rules.ids import RuleId
from solver.validation.buildings import building_changes, travel
from solver.validation.clashes import room_clashes, student_clashes, teacher_clashes
from solver.validation.conditions import CHECKERS
from solver.validation.conditions.common import Week
from solver.validation.lessons import check_lessons
from solver.validation.limits import class_gaps, class_max_per_day, teacher_limits
from solver.validation.placements import Placed, Reading
from solver.validation.soft import (
    class_room_changes,
    hard_subject_late,
    same_subject_day,
    teacher_day_off,
    teacher_gaps,
)
from solver.validation.types import Violation


@dataclass(frozen=True)
class Scope:
    """Whom a move can affect: the moved lessons and the owners whose checks must be rerun."""

    lessons: tuple[int, ...]
    teachers: tuple[int, ...]
    atoms: tuple[int, ...]
    classes: tuple[int, ...]
    rooms: tuple[int, ...]
    courses: tuple[int, ...]
    conditions: tuple[int, ...]


def scope_of(board: Board, lessons: Iterable[int], rooms: Iterable[int | None]) -> Scope:
    """The scope of moving `lessons`, whose old and new rooms are among `rooms`.

    Args:
        board: the timetable.
        lessons: the lesson ids that move.
        rooms: every room the lessons leave or may reach (None is ignored).

    Returns:
        The scope; the rooms the lessons are in now are always included.
    """
    problem, links = board.problem, board.links
    ids = sorted(set(lessons))
    teachers = sorted({t for lid in ids for t in problem.lessons[lid].teachers})
    circles = {
        links.circle_of[c] for lid in ids for c in problem.audience_classes(problem.lessons[lid])
    }
    classes = sorted(c for k in circles for c in links.circle_classes[k])
    atoms = sorted(a for k in circles for a in links.circle_atoms.get(k, ()))
    now = {board.reading.placed[lid].room for lid in ids if lid in board.reading.placed}
    near = sorted(r for r in {*rooms, *now} if r is not None)
    courses = sorted({problem.lessons[lid].course for lid in ids})
    conditions: set[int] = set()
    for lid in ids:
        conditions.update(problem.conditions_by_lesson.get(lid, ()))
    for t in teachers:
        conditions.update(links.limits.get(("teacher", t), ()))
    for a in atoms:
        conditions.update(links.limits.get(("atom", a), ()))
        conditions.update(links.ends.get(a, ()))
    return Scope(
        tuple(ids),
        tuple(teachers),
        tuple(atoms),
        tuple(classes),
        tuple(near),
        tuple(courses),
        tuple(sorted(conditions)),
    )


def _owned(
    view: View, index: dict[int, tuple[int, ...]], owners: Sequence[int], days: Days
) -> dict[int, list[Placed]]:
    """Each owner's placed lessons (on `days`), as `solver.validation.clashes.owners` has them."""
    out: dict[int, list[Placed]] = {}
    for o in owners:
        items = view.items(index.get(o, ()), days)
        if items:
            out[o] = items
    return out


def _union(
    view: View, index: dict[int, tuple[int, ...]], keys: Sequence[int], days: Days
) -> list[Placed]:
    """The placed lessons of any of `keys` on `days`, once each, by lesson id."""
    ids = sorted({lid for k in keys for lid in index.get(k, ())})
    return view.items(ids, days)


def daily(view: View, scope: Scope, days: AbstractSet[int]) -> list[Violation]:
    """The scope's violations of every rule judged day by day, on `days`.

    Each of these checks judges every day on that day's lessons alone, so handing it the
    lessons of some days gives exactly its violations on those days.

    Args:
        view: the timetable as it is or with lessons moved.
        scope: whose checks to run.
        days: the days to check.

    Returns:
        The violations, in the validator's words.
    """
    problem, links = view.board.problem, view.board.links
    by_teacher = _owned(view, links.by_teacher, scope.teachers, days)
    by_atom = _owned(view, links.by_atom, scope.atoms, days)
    by_room = {r: items for r in scope.rooms if (items := view.in_room(r, days))}
    return [
        *teacher_clashes(problem, by_teacher),
        *student_clashes(problem, by_atom),
        *room_clashes(problem, by_room),
        *class_max_per_day(problem, by_atom),
        *class_gaps(problem, by_atom),
        *travel(problem, by_teacher, by_atom),
        *building_changes(problem, by_teacher),
        *teacher_gaps(problem, by_teacher),
        *same_subject_day(problem, _union(view, links.by_course, scope.courses, days)),
        *teacher_day_off(problem, by_teacher),
        *class_room_changes(problem, _union(view, links.by_class, scope.classes, days)),
    ]


def weekly(view: View, scope: Scope) -> list[Violation]:
    """The scope's violations of the rules judged on the moved lessons or the whole week.

    Args:
        view: the timetable as it is or with lessons moved.
        scope: whose checks to run.

    Returns:
        The moved lessons' own violations, the teachers' week limits and the conditions.
    """
    problem, links = view.board.problem, view.board.links
    moved = {lid: item for lid in scope.lessons if (item := view.get(lid)) is not None}
    reading = Reading(moved, {lid: view.asked_room(lid) for lid in moved}, [])
    by_teacher = _owned(view, links.by_teacher, scope.teachers, None)
    found = [
        *check_lessons(problem, reading),
        *teacher_limits(problem, by_teacher),
        *hard_subject_late(problem, list(moved.values())),
    ]
    if scope.conditions:
        by_atom = _owned(view, links.by_atom, scope.atoms, None)
        week = Week(problem, view.placed, by_teacher, by_atom)
        for index in scope.conditions:
            cond = problem.conditions[index]
            found.extend(CHECKERS[type(cond)](week, index, cond))
    return found


def scoped(view: View, scope: Scope, days: Iterable[int]) -> list[Violation]:
    """The scope's violations on `days` (day-by-day rules) and in the week (the others).

    Args:
        view: the timetable as it is or with lessons moved.
        scope: whose checks to run.
        days: every day a moved lesson leaves or reaches.

    Returns:
        `daily` on those days and `weekly`.
    """
    return [*daily(view, scope, frozenset(days)), *weekly(view, scope)]


def _key(v: Violation) -> Hashable:
    """Two violations are the same when every field and every sentence value is."""
    params = tuple(sorted((k, repr(x)) for k, x in v.message.params.items()))
    return (
        v.rule,
        v.hard,
        v.count,
        v.cost,
        v.message.template,
        params,
        v.lessons,
        v.day,
        v.period,
        v.source,
    )


_RANK = {r: i for i, r in enumerate(RuleId)}


def _only(items: Sequence[Violation], extra: Counter[Hashable]) -> list[Violation]:
    out: list[Violation] = []
    for v in items:
        k = _key(v)
        if extra[k] > 0:
            extra[k] -= 1
            out.append(v)
    return sorted(out, key=lambda v: (not v.hard, _RANK[v.rule]))


def difference(
    before: Sequence[Violation], after: Sequence[Violation]
) -> tuple[list[Violation], list[Violation]]:
    """(added, removed): the violations only `after` has, and those only `before` has.

    Both are multisets: a violation found twice before and once after is removed once. A
    violation whose sentence changes (a clash of three lessons that becomes a clash of two)
    is removed in its old words and added in its new ones.

    Args:
        before: violations of the timetable before a change (or of a scope of it).
        after: violations after it (of the same scope).

    Returns:
        (added, removed), each hard first, by rule, as `validate` orders them.
    """
    b = Counter(_key(v) for v in before)
    a = Counter(_key(v) for v in after)
    return _only(after, a - b), _only(before, b - a)
