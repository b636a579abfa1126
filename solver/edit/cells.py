"""Colouring the grid while a lesson is dragged: which cells are fine, cost more or break a rule."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from solver.edit.board import Board
from solver.edit.moves import Move, board_for, choose_room, judge
from solver.edit.scope import Scope, daily, difference, scope_of, weekly
from solver.problem import Problem, Slot
from solver.solution import Solution
from solver.validation.placements import Placed
from solver.validation.types import Violation, summarize


class CellStatus(StrEnum):
    OK = "ok"  # breaks no hard rule and costs no more
    COST = "cost"  # breaks no hard rule but the timetable costs more
    HARD = "hard"  # adds a hard violation


def status_of(added: Sequence[Violation], removed: Sequence[Violation]) -> CellStatus:
    """HARD when a hard violation is added, else COST when the soft cost rises, else OK.

    Args:
        added: the violations a move adds.
        removed: the violations it removes.

    Returns:
        The cell's colour.
    """
    if summarize(added).hard_violations:
        return CellStatus.HARD
    if summarize(added).soft_cost > summarize(removed).soft_cost:
        return CellStatus.COST
    return CellStatus.OK


def free_cells(
    problem: Problem, solution: Solution, lesson: int, *, swap: bool = False
) -> dict[Slot, CellStatus]:
    """What moving `lesson` to each cell of its grid would do, with the room `check_moves`
    would choose there.

    The cells are every day and every period of the lesson's shifts (a double placed too
    late in the day is HARD). Each status is the one `check_moves` gives the same move. With
    `swap`, a cell where exactly one other lesson of the same students starts stands for
    swapping the two (what a drop on that lesson does), which is how lessons move at all in
    a school whose students may have no free period between lessons.

    Args:
        problem: the timetabling problem.
        solution: the timetable as it is.
        lesson: the id of a placed lesson.
        swap: judge occupied cells as swaps.

    Returns:
        A status for each (day, period id) cell.

    Raises:
        ValueError: when the lesson is not placed in `solution`.
    """
    board = board_for(problem, solution)
    if lesson not in board.reading.placed:
        raise ValueError(f"lesson {lesson} is not placed, so it cannot be moved")
    unit = problem.lessons[lesson]
    moving = _Moving(board, lesson)
    partners = _partners(board, lesson) if swap else {}
    shifts = sorted(problem.lesson_shifts(unit))
    out: dict[Slot, CellStatus] = {}
    for day in range(len(problem.days)):
        for start in (p for s in shifts for p in problem.shifts[s].periods):
            other = partners.get((day, start))
            if other is None:
                out[(day, start)] = moving.status(day, start)
            else:
                here = board.reading.placed[lesson]
                pair = [Move(lesson, day, start), Move(other, here.day, here.start)]
                _, added, removed = judge(board, pair)
                out[(day, start)] = status_of(added, removed)
    return out


class _Moving:
    """One lesson moved alone to any cell, with the checks that do not depend on the cell
    done once: the day-by-day rules of every day before, and of its old day after it left."""

    def __init__(self, board: Board, lesson: int) -> None:
        problem = board.problem
        self.board, self.lesson = board, problem.lessons[lesson]
        self.here = board.reading.placed[lesson]
        self.scope: Scope = scope_of(board, [lesson], self.lesson.rooms)
        base = board.view()
        self.before_week = weekly(base, self.scope)
        self.before = {d: daily(base, self.scope, {d}) for d in range(len(problem.days))}
        self.lifted = board.view(lifted=[lesson])
        self.away = daily(self.lifted, self.scope, {self.here.day})

    def status(self, day: int, start: int) -> CellStatus:
        """The status of moving the lesson to (day, start), the room chosen as in a move."""
        problem, unit = self.board.problem, self.lesson
        covered = problem.covered(unit, start)
        room = choose_room(self.lifted, unit, day, covered)
        view = self.board.view({unit.id: Placed(unit, day, start, covered, room)})
        after = [*daily(view, self.scope, {day}), *weekly(view, self.scope)]
        was = [*self.before[day], *self.before_week]
        if day != self.here.day:
            after += self.away
            was += self.before[self.here.day]
        return status_of(*difference(was, after))


def _partners(board: Board, lesson: int) -> dict[Slot, int]:
    """(day, start) -> the one other lesson of the same students that starts there."""
    links = board.links
    found: dict[Slot, set[int]] = {}
    for a in links.atoms[lesson]:
        for other in links.by_atom.get(a, ()):
            item = board.reading.placed.get(other)
            if other != lesson and item is not None:
                found.setdefault((item.day, item.start), set()).add(other)
    return {slot: next(iter(ids)) for slot, ids in found.items() if len(ids) == 1}
