"""Who shares which lessons, indexed once per problem, so a move knows whom it can affect.

A move can change only the violations of the owners its lessons touch. Most owners are
simple (a teacher, a room, a course), but the validator names students in groups: one
sentence lists every class or subgroup caught in the same clash, travel or gap. Students who
share a lesson with the moved one may be named in a sentence together with students who do
not, so the students in scope are whole "circles": the classes linked, directly or through
other classes, by lessons they attend together (a joined English group of 7A and 7B links
7A and 7B). No sentence names students of two circles, because the students of one sentence
always share at least one lesson.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.conditions import EndsDay, Limit, lessons_of
from solver.problem import Problem


@dataclass(frozen=True)
class Links:
    """Lesson ids (ascending) by teacher, student atom, whole class and course; circles."""

    by_teacher: dict[int, tuple[int, ...]]
    by_atom: dict[int, tuple[int, ...]]
    by_class: dict[int, tuple[int, ...]]  # lessons the class attends whole (`Lesson.classes`)
    by_course: dict[int, tuple[int, ...]]
    atoms: tuple[tuple[int, ...], ...]  # per lesson: the atoms attending it
    circle_of: tuple[int, ...]  # per class: its circle's id
    circle_classes: dict[int, tuple[int, ...]]
    circle_atoms: dict[int, tuple[int, ...]]
    limits: dict[tuple[str, int], tuple[int, ...]]  # person -> indices of Limits on them
    ends: dict[int, tuple[int, ...]]  # atom -> indices of EndsDay conditions it attends


def _add(index: dict[int, list[int]], key: int, value: int) -> None:
    index.setdefault(key, []).append(value)


def _frozen(index: dict[int, list[int]]) -> dict[int, tuple[int, ...]]:
    return {k: tuple(v) for k, v in index.items()}


def _circles(problem: Problem) -> list[int]:
    """Each class's circle, as the smallest class id of it (union-find over shared lessons)."""
    parent = list(range(len(problem.classes)))

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for lesson in problem.lessons:
        classes = problem.audience_classes(lesson)
        for c in classes[1:]:
            a, b = root(classes[0]), root(c)
            parent[max(a, b)] = min(a, b)
    return [root(c) for c in range(len(problem.classes))]


def _conditions(
    problem: Problem, atoms: tuple[tuple[int, ...], ...]
) -> tuple[dict[tuple[str, int], tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """Limits by person; EndsDay conditions by every atom attending one of their lessons.

    EndsDay is the one family that reads lessons it does not name (any later lesson of an
    attending atom breaks it), so a move reaches it through the students, not the lesson.
    """
    limits: dict[tuple[str, int], list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, cond in enumerate(problem.conditions):
        if isinstance(cond, Limit):
            limits.setdefault(cond.who, []).append(i)
        elif isinstance(cond, EndsDay):
            reached = {a for ls in lessons_of(cond) if 0 <= ls < len(atoms) for a in atoms[ls]}
            for a in sorted(reached):
                _add(ends, a, i)
    return {k: tuple(v) for k, v in limits.items()}, _frozen(ends)


def build_links(problem: Problem) -> Links:
    """Index `problem` for moves.

    Args:
        problem: a well-formed problem.

    Returns:
        The lessons of every owner and the circles of linked classes.
    """
    by_teacher: dict[int, list[int]] = {}
    by_atom: dict[int, list[int]] = {}
    by_class: dict[int, list[int]] = {}
    by_course: dict[int, list[int]] = {}
    atoms: list[tuple[int, ...]] = []
    for lesson in problem.lessons:
        for t in sorted(set(lesson.teachers)):
            _add(by_teacher, t, lesson.id)
        atoms.append(problem.lesson_atoms(lesson))
        for a in atoms[-1]:
            _add(by_atom, a, lesson.id)
        for c in sorted(set(lesson.classes)):
            _add(by_class, c, lesson.id)
        _add(by_course, lesson.course, lesson.id)
    circle_of = _circles(problem)
    circle_classes: dict[int, list[int]] = {}
    for c, circle in enumerate(circle_of):
        _add(circle_classes, circle, c)
    circle_atoms: dict[int, list[int]] = {}
    for a, (c, _) in enumerate(problem.atoms):
        _add(circle_atoms, circle_of[c], a)
    limits, ends = _conditions(problem, tuple(atoms))
    return Links(
        _frozen(by_teacher),
        _frozen(by_atom),
        _frozen(by_class),
        _frozen(by_course),
        tuple(atoms),
        tuple(circle_of),
        _frozen(circle_classes),
        _frozen(circle_atoms),
        limits,
        ends,
    )
