"""Editing a version by hand: colour the cells for a dragged lesson, check a drop before it is
made, save the moved timetable as a new version, and lock lessons for the next generation.

Versions stay immutable: a move is saved as a new version ("edited by <login>") that keeps
every lock flag. Lock flags steer only the next generation (they change no lesson's place),
so toggling one updates the flag of the version in place, with an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from importers.grids import Kind, WeekGrid, week_of
from models.audit import record_audit
from models.errors import NotFound, StoreError
from models.history import DataVersion
from models.i18n import N_, message
from models.lessons import LessonRequirement
from models.snapshot import LockedLesson
from models.timetable import PlacedLesson
from models.timetables import StoredPlacement, load_timetable, save_timetable
from solver.edit import CellStatus, Move, MoveCheck, check_moves, free_cells
from solver.edit.cells import status_of
from solver.edit.moves import board_for, judge
from solver.solution import Solution, Status
from solver.store import locked_from_solution
from web.services.office import school_of
from web.services.office_state import VersionState, version_state

EDIT_KINDS: tuple[Kind, ...] = ("class", "teacher")


def _refuse(code: str, text: str, **values: object) -> StoreError:
    return StoreError(code, [message(text, **values)])


@dataclass(frozen=True)
class EditGrid:
    """A class's or teacher's week of one version, with what the page needs to move lessons."""

    state: VersionState
    number: int
    kind: Kind
    grid: WeekGrid
    lesson_of: tuple[int, ...]  # placement index -> lesson id
    locked: frozenset[int]  # lesson ids locked in this version
    editable: bool  # made for the school's newest data, so a move can be saved


def _owner(state: VersionState, kind: str, code: str) -> tuple[Kind, int]:
    if kind not in EDIT_KINDS:
        raise NotFound("no_such_grid", [message(N_("There is no such timetable."))])
    return kind, state.vd.timetable.owner_id(kind, code)


def locked_lessons(session: Session, state: VersionState) -> frozenset[int]:
    """The lesson ids locked in the version, read now (flags change in place)."""
    rows = session.exec(
        select(LessonRequirement.key, PlacedLesson.unit)
        .join(LessonRequirement, col(LessonRequirement.id) == col(PlacedLesson.lesson_id))
        .where(
            PlacedLesson.timetable_version_id == state.row_id,
            PlacedLesson.school_id == state.vd.school_id,
            col(PlacedLesson.locked).is_(True),
        )
    ).all()
    ids = {key: lid for lid, key in enumerate(state.vd.timetable.keys)}
    return frozenset(ids[(k, u)] for k, u in rows if (k, u) in ids)


def is_current(session: Session, state: VersionState) -> bool:
    """True when the version was made for the school's newest data version."""
    newest = session.exec(
        select(func.max(DataVersion.id)).where(DataVersion.school_id == state.vd.school_id)
    ).one()
    return newest == state.data_version_id


def edit_grid(session: Session, *, school_id: int, number: int, kind: str, code: str) -> EditGrid:
    """Version `number`'s week for one class or teacher of the viewer's school.

    Raises:
        NotFound: no such version, or no class or teacher with that code.
    """
    state = version_state(session, school_id=school_id, number=number)
    owner_kind, _ = _owner(state, kind, code)
    tt = state.vd.timetable
    # read and judge the timetable now, so that the first drop on the page is checked quickly
    _ = board_for(state.problem, state.solution).soft_cost
    return EditGrid(
        state, number, owner_kind, week_of(tt, owner_kind, code),
        tuple(p.lesson for p in tt.placements), locked_lessons(session, state),
        is_current(session, state),
    )  # fmt: skip


def _placed(state: VersionState, lesson: int) -> Move:
    for p in state.solution.placements:
        if p.lesson == lesson:
            return Move(p.lesson, p.day, p.period, p.room)
    raise _refuse("not_placed", N_("That lesson is not in this timetable."))


def swap_partner(
    state: VersionState, kind: Kind, owner: int, lesson: int, day: int, period: int
) -> int | None:
    """The one other lesson of the grid's owner starting in the cell, which a drop swaps with."""
    tt = state.vd.timetable
    there = [
        tt.placements[i].lesson
        for i in tt.placed(kind, owner)
        if (tt.placements[i].day, tt.placements[i].period) == (day, period)
        and tt.placements[i].lesson != lesson
    ]
    return there[0] if len(set(there)) == 1 else None


def _moves(
    state: VersionState, locked: frozenset[int], kind: Kind, owner: int, target: Move
) -> list[Move]:
    """The drop as moves: the lesson alone, or with the cell's lesson sent back (a swap)."""
    if target.lesson in locked:
        raise _refuse("lesson_locked", N_("That lesson is locked; unlock it before moving it."))
    here = _placed(state, target.lesson)
    other = swap_partner(state, kind, owner, target.lesson, target.day, target.period)
    moves = [Move(target.lesson, target.day, target.period)]
    if other is not None and other not in locked:
        moves.append(Move(other, here.day, here.period))
    return moves


@dataclass(frozen=True)
class MoveReport:
    """A drop checked before it is made."""

    check: MoveCheck
    moves: tuple[Move, ...]
    swap: bool


def check_drop(
    session: Session, *, school_id: int, number: int, kind: str, code: str,
    lesson: int, day: int, period: int,
) -> MoveReport:  # fmt: skip
    """What dropping `lesson` on (day, period) of a class's or teacher's grid breaks and mends.

    Raises:
        NotFound: no such version or grid; StoreError: a locked lesson or an impossible cell.
    """
    state = version_state(session, school_id=school_id, number=number)
    owner_kind, owner = _owner(state, kind, code)
    locked = locked_lessons(session, state)
    moves = _moves(state, locked, owner_kind, owner, Move(lesson, day, period))
    try:
        check = check_moves(state.problem, state.solution, moves)
    except ValueError as exc:
        raise _refuse("bad_move", N_("A lesson cannot be moved there.")) from exc
    return MoveReport(check, tuple(moves), len(moves) > 1)


def cell_colours(
    session: Session, *, school_id: int, number: int, kind: str, code: str, lesson: int
) -> dict[tuple[int, int], CellStatus]:
    """For every cell of the grid: what dropping `lesson` there does (ok, costs more, breaks
    a rule); a cell with another lesson of the owner is judged as the swap a drop makes.

    Raises:
        NotFound: no such version or grid; StoreError: the lesson is not placed.
    """
    state = version_state(session, school_id=school_id, number=number)
    owner_kind, owner = _owner(state, kind, code)
    try:
        cells = free_cells(state.problem, state.solution, lesson)
    except ValueError as exc:
        raise _refuse("not_placed", N_("That lesson is not in this timetable.")) from exc
    locked = locked_lessons(session, state)
    here = _placed(state, lesson)
    tt = state.vd.timetable
    board = board_for(state.problem, state.solution)
    for i in tt.placed(owner_kind, owner):
        p = tt.placements[i]
        if (p.day, p.period) not in cells or p.lesson == lesson or p.lesson in locked:
            continue
        if swap_partner(state, owner_kind, owner, lesson, p.day, p.period) != p.lesson:
            continue
        pair = [Move(lesson, p.day, p.period), Move(p.lesson, here.day, here.period)]
        _, added, removed = judge(board, pair)  # no moved timetable built: only the verdict
        cells[(p.day, p.period)] = status_of(added, removed)
    return cells


def apply_drop(
    session: Session, *, school_id: int, number: int, kind: str, code: str,
    lesson: int, day: int, period: int, actor: str,
) -> int:  # fmt: skip
    """Save version `number` with the drop made as a new version; returns its number.

    Args:
        session: an open session; the caller commits.
        school_id: the viewer's school.
        number: the version edited (it is not changed).
        kind, code: the grid the lesson was dropped on (for swaps).
        lesson, day, period: the lesson and the start cell it goes to.
        actor: the viewer's login; the new version's source is "edited by <login>".

    Raises:
        NotFound: no such version or grid; StoreError: a locked lesson, an impossible cell, or
            a version made for older school data.
    """
    report = check_drop(session, school_id=school_id, number=number, kind=kind, code=code,
                        lesson=lesson, day=day, period=period)  # fmt: skip
    state = version_state(session, school_id=school_id, number=number)
    if not is_current(session, state):
        raise _refuse("stale_data", N_(
            "Version {version} was made for older school data; generate a new timetable "
            "before editing by hand."), version=number)  # fmt: skip
    school = school_of(session, school_id)
    stored = load_timetable(session, school_code=school.code, version=number)
    moved = Solution(Status.FEASIBLE, report.check.placements)
    by_unit = {
        (m.lesson_key, m.unit): m
        for m in locked_from_solution(state.problem, state.vd.snapshot, moved)
    }
    placements = [
        _stored(by_unit.get((p.lesson_key, p.unit), p), bool(getattr(p, "locked", False)))
        for p in stored
    ]
    hard = state.summary.hard_violations + _hard(report.check.added) - _hard(report.check.removed)
    meta = {
        "edited_from": number, "hard_violations": hard, "soft_cost": report.check.cost_after,
        "moves": [[m.lesson, m.day, m.period] for m in report.moves],
    }  # fmt: skip
    version = save_timetable(
        session, school_code=school.code, placements=placements, status="edited",
        objective=report.check.cost_after, source=f"edited by {actor}", meta=meta, actor=actor,
    )  # fmt: skip
    return version.number


def _hard(violations: tuple[object, ...]) -> int:
    return sum(1 for v in violations if getattr(v, "hard", False))


def _stored(p: LockedLesson, locked: bool) -> StoredPlacement:
    return StoredPlacement(p.lesson_key, p.unit, p.day, p.shift, p.period, p.room, locked)


def toggle_lock(session: Session, *, school_id: int, number: int, lesson: int, actor: str) -> bool:
    """Lock a lesson of version `number` in place for the next generation, or unlock it.

    Returns:
        True when the lesson is now locked.

    Raises:
        NotFound: no such version; StoreError: the lesson is not in it.
    """
    state = version_state(session, school_id=school_id, number=number)
    keys = state.vd.timetable.keys
    if not 0 <= lesson < len(keys):
        raise _refuse("not_placed", N_("That lesson is not in this timetable."))
    key, unit = keys[lesson]
    row = session.exec(
        select(PlacedLesson)
        .join(LessonRequirement, col(LessonRequirement.id) == col(PlacedLesson.lesson_id))
        .where(
            PlacedLesson.timetable_version_id == state.row_id,
            PlacedLesson.school_id == school_id,
            LessonRequirement.key == key,
            PlacedLesson.unit == unit,
        )
    ).first()
    if row is None:
        raise _refuse("not_placed", N_("That lesson is not in this timetable."))
    row.locked = not row.locked
    session.add(row)
    record_audit(
        session, school_id=school_id, actor=actor,
        action="lock_lesson" if row.locked else "unlock_lesson",
        entity=f"timetable_version:{number}", details={"lesson": key, "unit": unit},
    )  # fmt: skip
    return row.locked
