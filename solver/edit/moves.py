"""Moving lessons by hand: where a moved lesson goes, which room it takes, and what it breaks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from solver.edit.board import Board, View
from solver.edit.links import Links, build_links
from solver.edit.scope import difference, scope_of, scoped
from solver.problem import Lesson, Problem
from solver.solution import Placement, Solution, Status
from solver.validation.placements import Placed
from solver.validation.types import Violation, summarize


@dataclass(frozen=True, slots=True)
class Move:
    """Put one placed lesson (a unit) at a new start; `room` None keeps or picks one."""

    lesson: int
    day: int
    period: int  # start period id
    room: int | None = None


@dataclass(frozen=True)
class MoveCheck:
    """What a move does to a timetable, before it is made.

    `added` are the violations the move creates, `removed` those it mends, each with the
    validator's sentence; `allowed` is True when no hard violation is added. Costs are the
    validator's soft cost of the whole timetable. `placements` are the moves as made (with the
    rooms chosen) and `solution` is the moved timetable.
    """

    allowed: bool
    added: tuple[Violation, ...]
    removed: tuple[Violation, ...]
    cost_before: int
    cost_after: int
    placements: tuple[Placement, ...]
    solution: Solution


_BOARDS: list[Board] = []  # the last board, kept for a run of checks on one timetable
_LINKS: list[tuple[Problem, Links]] = []


def board_for(problem: Problem, solution: Solution) -> Board:
    """The board of `solution`, reused while the same objects are asked about again.

    A page that checks one drag after another passes the same problem and solution each time;
    reading and indexing them once makes every later check local.

    Args:
        problem: the timetabling problem.
        solution: a solution of it.

    Returns:
        The last board when it was made of these very objects, else a new one.
    """
    # each list is read once into a local: another thread may replace its entry meanwhile
    last = _BOARDS[0] if _BOARDS else None
    if last is not None and last.problem is problem and last.solution is solution:
        return last
    known = _LINKS[0] if _LINKS else None
    links = known[1] if known is not None and known[0] is problem else build_links(problem)
    _LINKS[:] = [(problem, links)]
    board = Board(problem, solution, links)
    _BOARDS[:] = [board]
    return board


def _valid(value: object, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _check_move(board: Board, move: Move) -> None:
    """Raise ValueError for a move no timetable grid could show."""
    problem = board.problem
    if move.lesson not in board.reading.placed:
        raise ValueError(f"lesson {move.lesson} is not placed, so it cannot be moved")
    if not _valid(move.day, len(problem.days)) or not _valid(move.period, len(problem.periods)):
        raise ValueError(f"day {move.day}, period {move.period} does not exist")
    if move.room is not None and not _valid(move.room, len(problem.rooms)):
        raise ValueError(f"room {move.room} does not exist")


def _free(view: View, room: int, day: int, periods: tuple[int, ...]) -> bool:
    problem = view.board.problem
    return not any(
        problem.overlap(p, q)
        for it in view.in_room(room, {day})
        for p in periods
        for q in it.periods
    )


def choose_room(view: View, lesson: Lesson, day: int, periods: tuple[int, ...]) -> int | None:
    """The room for `lesson` on `day` in `periods`, when the person moving it named none.

    Keeps the lesson's room when it is still one of its rooms, available and free; else the
    first free available room of its candidates, in the same building first (no new walk);
    else keeps its room (or takes the first candidate) and lets the checks say what clashes.
    `view` must not hold the lesson itself.

    Args:
        view: the timetable with the moving lessons lifted or already moved.
        lesson: the lesson to seat.
        day: the day it moves to.
        periods: the periods it covers there.

    Returns:
        A room id, or None for a lesson that needs no room.
    """
    if not lesson.rooms:
        return None
    problem = view.board.problem
    now = view.board.reading.placed[lesson.id].room

    def fits(r: int) -> bool:
        busy = problem.rooms[r].unavailable
        return all((day, p) not in busy for p in periods) and _free(view, r, day, periods)

    if now in lesson.rooms and fits(now):
        return now
    home = None if now is None else problem.rooms[now].building
    for r in sorted(lesson.rooms, key=lambda r: problem.rooms[r].building != home):
        if fits(r):
            return r
    return now if now in lesson.rooms else lesson.rooms[0]


def place(board: Board, moves: Sequence[Move]) -> dict[int, Placed]:
    """Where each moved lesson lands, rooms chosen in the order of `moves`.

    All moving lessons leave their places first, so a swap sees both cells free.

    Args:
        board: the timetable.
        moves: checked moves (placed lessons, real cells, each lesson once).

    Returns:
        The placed lessons by id, at their new start and room.
    """
    problem = board.problem
    view = board.view(lifted=[m.lesson for m in moves])
    for m in moves:
        lesson = problem.lessons[m.lesson]
        periods = problem.covered(lesson, m.period)
        room = m.room if m.room is not None else choose_room(view, lesson, m.day, periods)
        view = board.view(
            {**view.moved, m.lesson: Placed(lesson, m.day, m.period, periods, room)},
            view.lifted - {m.lesson},
        )
    return view.moved


def _moved_solution(board: Board, landed: dict[int, Placed], cost: int) -> Solution:
    out = list(board.solution.placements)
    for lid, item in landed.items():
        out[board.first[lid]] = Placement(lid, item.day, item.start, item.room)
    sol = board.solution
    status = Status.FEASIBLE if sol.status == Status.OPTIMAL else sol.status
    return replace(sol, status=status, placements=tuple(out), objective=cost, bound=None)


def judge(
    board: Board, moves: Sequence[Move]
) -> tuple[dict[int, Placed], list[Violation], list[Violation]]:
    """Where the moved lessons land, and the violations added and removed.

    Args:
        board: the timetable.
        moves: lessons to move, as for `check_moves`.

    Returns:
        (where each lesson lands, violations added, violations removed).

    Raises:
        ValueError: as `check_moves`.
    """
    if len({m.lesson for m in moves}) != len(moves):
        raise ValueError("a lesson is moved twice in one change")
    for m in moves:
        _check_move(board, m)
    landed = place(board, moves)
    old = [board.reading.placed[lid] for lid in landed]
    scope = scope_of(board, landed, [it.room for it in (*old, *landed.values())])
    days = {it.day for it in (*old, *landed.values())}
    added, removed = difference(
        scoped(board.view(), scope, days), scoped(board.view(landed), scope, days)
    )
    return landed, added, removed


def check_moves(problem: Problem, solution: Solution, moves: Sequence[Move]) -> MoveCheck:
    """What moving lessons by hand breaks and mends, checked before the move is made.

    A swap is two moves. Only the teachers, students, rooms and courses the moved lessons
    touch are checked again, with the validator's own checks; the result equals comparing
    full `validate` before and after.

    Args:
        problem: the timetabling problem.
        solution: the timetable as it is (any solution; nothing is changed).
        moves: lessons to move, each placed in `solution`, each at most once.

    Returns:
        The violations added and removed, the soft cost before and after, and the moved
        timetable.

    Raises:
        ValueError: a lesson that is not placed or moved twice, or a day, period or room that
            does not exist.
    """
    board = board_for(problem, solution)
    landed, added, removed = judge(board, moves)
    cost_after = board.soft_cost + summarize(added).soft_cost - summarize(removed).soft_cost
    return MoveCheck(
        allowed=summarize(added).hard_violations == 0,
        added=tuple(added),
        removed=tuple(removed),
        cost_before=board.soft_cost,
        cost_after=cost_after,
        placements=tuple(
            Placement(m.lesson, landed[m.lesson].day, m.period, landed[m.lesson].room)
            for m in moves
        ),
        solution=_moved_solution(board, landed, cost_after),
    )
