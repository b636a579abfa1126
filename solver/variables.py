"""Decision variables: one boolean per allowed (unit, day, start period, building) cell.

Identical units of one course (same length, teachers, audience, rooms, none pinned) form one
`Unit` whose cells must hold exactly as many lessons as it has: no symmetric copies of a
timetable exist in the model.

Rooms are not variables of the main model: a lesson's building is part of its cell, room
capacity is enforced per building by Hall-type counting cuts (`solver.rules.rooms`), and the
exact room is chosen afterwards, so that candidate sets of 30 rooms cost nothing here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.conditions import StartsIn
from solver.problem import Fixed, Lesson, Problem
from solver.rules.ids import RuleId

NO_BUILDING = -1
"""The building of a lesson that needs no room (it counts for no building rule)."""

Reason = tuple[RuleId, object]
"""Why a cell is forbidden: the rule and the row behind it (a teacher id, a lesson id, ...)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """Interchangeable lessons placed together: `lessons` ids, all like `rep`."""

    id: int
    lessons: tuple[int, ...]
    rep: Lesson


@dataclass(frozen=True, slots=True)
class Cell:
    """One candidate placement of one lesson of a unit: its literal and where it puts it."""

    var: cp_model.IntVar
    unit: int
    day: int
    start: int
    building: int
    periods: tuple[int, ...]


@dataclass
class Vars:
    """The variable container every rule reads."""

    problem: Problem
    model: cp_model.CpModel
    units: list[Unit] = field(default_factory=list)
    cells: dict[int, list[Cell]] = field(default_factory=dict)  # by unit id
    unit_of: dict[int, int] = field(default_factory=dict)  # lesson id -> unit id
    at: dict[tuple[int, int, int], list[Cell]] = field(default_factory=dict)
    by_teacher: dict[int, list[int]] = field(default_factory=dict)
    by_atom: dict[int, list[int]] = field(default_factory=dict)
    fixed: dict[int, Fixed] = field(default_factory=dict)
    forbidden: list[tuple[Cell, Reason]] = field(default_factory=list)
    relaxed: bool = False  # diagnosis: clashes may be switched off, so busy is an OR
    memo: dict[object, cp_model.IntVar | None] = field(default_factory=dict)

    def covering(self, units: Iterable[int], day: int, period: int) -> list[Cell]:
        """Cells of `units` that occupy `period` on `day`."""
        out: list[Cell] = []
        for u in units:
            out.extend(self.at.get((u, day, period), ()))
        return out

    def busy(self, key: object, cells: Sequence[Cell]) -> cp_model.IntVar | None:
        """A literal equal to the sum of `cells` (which rules guarantee is at most 1).

        Returns None when no cell can make it true. Cached by `key`.
        """
        if key in self.memo:
            return self.memo[key]
        lit: cp_model.IntVar | None
        if not cells:
            lit = None
        elif len(cells) == 1:
            lit = cells[0].var
        else:
            lit = self.model.new_bool_var(f"busy{key}")
            if self.relaxed:
                self.model.add_max_equality(lit, [c.var for c in cells])
            else:
                self.model.add(lit == sum(c.var for c in cells))
        self.memo[key] = lit
        return lit

    def buildings(self, units: Iterable[int]) -> set[int]:
        """Buildings (not NO_BUILDING) the given units can be held in."""
        return {c.building for u in units for c in self.cells[u] if c.building >= 0}


def lesson_buildings(problem: Problem, lesson: Lesson) -> list[int]:
    """Buildings holding a candidate room of `lesson` ([NO_BUILDING] when it needs no room)."""
    if not lesson.rooms:
        return [NO_BUILDING]
    return sorted({problem.rooms[r].building for r in lesson.rooms})


def rooms_in(problem: Problem, lesson: Lesson, building: int) -> list[int]:
    """Candidate rooms of `lesson` in `building`."""
    return [r for r in lesson.rooms if problem.rooms[r].building == building]


def lesson_starts(problem: Problem, lesson: Lesson) -> list[int]:
    """Start periods in a shift shared by every audience class (joined classes of two shifts
    have none, which makes the problem infeasible rather than breaking SHIFT)."""
    shifts = {problem.classes[c].shift for c in problem.audience_classes(lesson)}
    return [s for s in problem.starts(lesson) if not shifts or problem.periods[s].shift in shifts]


def cell_reasons(
    problem: Problem, lesson: Lesson, fix: Fixed | None, day: int, start: int, building: int
) -> list[Reason]:
    """Every hard rule (with its row) that forbids placing `lesson` in this cell."""
    out: list[Reason] = []
    periods = problem.covered(lesson, start)
    slots = [(day, p) for p in periods]
    for t in lesson.teachers:
        if any(s in problem.teachers[t].unavailable for s in slots):
            out.append((RuleId.TEACHER_UNAVAILABLE, t))
    for c in problem.audience_classes(lesson):
        if any(s in problem.classes[c].unavailable for s in slots):
            out.append((RuleId.CLASS_UNAVAILABLE, c))
    if building >= 0:
        free = [
            r
            for r in rooms_in(problem, lesson, building)
            if not any(s in problem.rooms[r].unavailable for s in slots)
            and (fix is None or fix.room is None or fix.room == r)
        ]
        if not free:
            out.append((RuleId.ROOM_UNAVAILABLE, tuple(rooms_in(problem, lesson, building))))
    for i in problem.conditions_by_lesson.get(lesson.id, ()):
        if _outside(problem.conditions[i], lesson.id, slots):
            out.append((RuleId.CONDITION, i))
    if fix is not None and (fix.day, fix.period) != (day, start):
        out.append((RuleId.FIXED, lesson.id))
    if fix is not None and fix.room is not None and problem.rooms[fix.room].building != building:
        out.append((RuleId.FIXED, lesson.id))
    return out


def allowed_cells(
    problem: Problem, lesson: Lesson, fix: Fixed | None
) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """Every cell no hard rule forbids, as (day, start, building, periods covered).

    The same cells, in the same order, as `cell_reasons` leaves without reasons; computed
    once per (start, day) for people and once per building for rooms, so that large schools
    are read quickly.

    Args:
        problem: the problem.
        lesson: the lesson (a unit's representative).
        fix: its pin, if any.

    Returns:
        The allowed cells, by start period, then day, then building.
    """
    people = [problem.teachers[t].unavailable for t in lesson.teachers]
    people += [problem.classes[c].unavailable for c in problem.audience_classes(lesson)]
    people = [u for u in people if u]
    windows = [
        problem.conditions[i]
        for i in problem.conditions_by_lesson.get(lesson.id, ())
        if isinstance(problem.conditions[i], StartsIn)
    ]
    pinned_room = fix.room if fix is not None else None
    rooms = {
        b: [
            problem.rooms[r].unavailable
            for r in rooms_in(problem, lesson, b)
            if pinned_room is None or r == pinned_room
        ]
        for b in lesson_buildings(problem, lesson)
        if b >= 0
    }
    out: list[tuple[int, int, int, tuple[int, ...]]] = []
    for start in lesson_starts(problem, lesson):
        periods = problem.covered(lesson, start)
        for day in range(len(problem.days)):
            if fix is not None and (fix.day, fix.period) != (day, start):
                continue
            slots = [(day, p) for p in periods]
            if any(s in u for u in people for s in slots):
                continue
            if any(_outside(c, lesson.id, slots) for c in windows):
                continue
            for b in lesson_buildings(problem, lesson):
                if b < 0 and pinned_room is not None:
                    continue  # a pinned room for a lesson that needs none: no cell fits
                if b >= 0 and not any(not any(s in u for s in slots) for u in rooms[b]):
                    continue
                out.append((day, start, b, periods))
    return out


def _outside(cond: object, lesson: int, slots: list[tuple[int, int]]) -> bool:
    """True when a hard StartsIn condition on `lesson` forbids occupying `slots`."""
    if not isinstance(cond, StartsIn) or not cond.hard or lesson not in cond.lessons:
        return False
    if cond.whole:
        return any(s not in cond.slots for s in slots)
    return slots[0] not in cond.slots


def make_vars(
    problem: Problem, model: cp_model.CpModel, fixed: Sequence[Fixed], *, relax: bool = False
) -> Vars:
    """Create the cells of every lesson.

    Args:
        problem: the timetabling problem.
        model: the model to add variables to.
        fixed: every pin (the problem's and the caller's; a later pin of a lesson wins).
        relax: keep forbidden cells (listed in `Vars.forbidden` with their reasons) so that
            diagnosis can switch those rules on and off; otherwise drop them.

    Returns:
        The filled container.
    """
    v = Vars(problem, model, relaxed=relax)
    v.fixed = {f.lesson: f for f in fixed}
    v.units = make_units(problem, set(v.fixed))
    v.unit_of = {ls: unit.id for unit in v.units for ls in unit.lessons}
    days = range(len(problem.days))
    for unit in v.units:
        lesson = unit.rep
        cells: list[Cell] = []
        fix = v.fixed.get(lesson.id)
        if relax:
            found = [
                (day, start, b, problem.covered(lesson, start), why)
                for start in lesson_starts(problem, lesson)
                for day in days
                for b in lesson_buildings(problem, lesson)
                for why in [cell_reasons(problem, lesson, fix, day, start, b)]
            ]
        else:
            found = [(*cell, []) for cell in allowed_cells(problem, lesson, fix)]
        for day, start, b, periods, why in found:
            var = model.new_bool_var(f"x{unit.id}_{day}_{start}_{b}")
            cell = Cell(var, unit.id, day, start, b, periods)
            cells.append(cell)
            v.forbidden.extend((cell, r) for r in why)
            for p in periods:
                v.at.setdefault((unit.id, day, p), []).append(cell)
        v.cells[unit.id] = cells
    _index_people(problem, v)
    return v


def make_units(problem: Problem, pinned: set[int]) -> list[Unit]:
    """Group identical unpinned lessons of a course; every pinned lesson, and every lesson an
    imported condition names, is a unit of its own."""
    named = problem.conditions_by_lesson
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for ls in problem.lessons:
        key: tuple[object, ...] = (
            ("pinned", ls.id)
            if ls.id in pinned or ls.id in named
            else (ls.course, ls.subject, ls.teachers, ls.classes, ls.groups, ls.length, ls.rooms)
        )
        groups[key].append(ls.id)
    return [Unit(i, tuple(ids), problem.lessons[ids[0]]) for i, ids in enumerate(groups.values())]


def _index_people(problem: Problem, v: Vars) -> None:
    by_teacher: dict[int, list[int]] = defaultdict(list)
    by_atom: dict[int, list[int]] = defaultdict(list)
    for unit in v.units:
        for t in unit.rep.teachers:
            by_teacher[t].append(unit.id)
        for a in problem.lesson_atoms(unit.rep):
            by_atom[a].append(unit.id)
    v.by_teacher = dict(by_teacher)
    v.by_atom = dict(by_atom)
