"""A placed timetable read once for drawing: who attends what, where, and every travel mark."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING

from importers.grids.model import Entry, Kind, Owner, Row, Travel, natural_key
from models.errors import NotFound
from models.i18n import N_, message, noun
from solver.problem import Problem
from solver.solution import Placement, Solution

if TYPE_CHECKING:
    from models.snapshot import LockedLesson, SchoolSnapshot, TermInfo


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, eq=False)
class Timetable:
    """A problem with its placements, plus what only the school's data knows (keys, terms).

    Build it with `from_snapshot` (a stored version, by codes) or `from_solution` (straight
    from the solver, for any input format); every grid of `importers.grids` reads one.
    """

    problem: Problem
    placements: tuple[Placement, ...]
    keys: tuple[tuple[str, int], ...]  # per lesson id: (requirement key, unit)
    shift_codes: tuple[str, ...]  # per shift id
    terms: tuple[TermInfo, ...] = ()

    @classmethod
    def from_snapshot(
        cls, snapshot: SchoolSnapshot, placements: Sequence[LockedLesson]
    ) -> Timetable:
        """The timetable of a school's data and placements stored by codes.

        Raises:
            ProblemBuildError: the data or a placement names something that does not exist.
        """
        from solver.store import placements_from_locked, problem_from_snapshot

        problem = problem_from_snapshot(snapshot)
        placed = placements_from_locked(problem, snapshot, placements)
        return cls._with_snapshot(problem, tuple(placed), snapshot)

    @classmethod
    def from_solution(
        cls, problem: Problem, solution: Solution, snapshot: SchoolSnapshot | None = None
    ) -> Timetable:
        """The timetable of a solver's answer; `snapshot` (when the input had one) adds the
        requirement keys, shift codes and terms."""
        if snapshot is not None:
            return cls._with_snapshot(problem, solution.placements, snapshot)
        keys, seen = [], Counter[int]()
        for lesson in problem.lessons:
            keys.append((lesson.label, seen[lesson.course]))
            seen[lesson.course] += 1
        codes = tuple(s.name.removeprefix("shift ") for s in problem.shifts)
        return cls(problem, solution.placements, tuple(keys), codes)

    @classmethod
    def _with_snapshot(
        cls, problem: Problem, placed: tuple[Placement, ...], snapshot: SchoolSnapshot
    ) -> Timetable:
        from solver.store import unit_ids

        keys = sorted(unit_ids(snapshot).items(), key=lambda item: item[1])
        # the store numbers shifts by their codes in natural order ("2" before "10")
        codes = sorted({b.shift for b in snapshot.bells}, key=_shift_key)
        return cls(problem, placed, tuple(k for k, _ in keys), tuple(codes), snapshot.terms)

    # ---- owners ----

    def owners(self, kind: Kind) -> list[Owner]:
        """Every class (natural order: 9B before 10A), teacher, room or building (the school's
        own order) that a grid can be drawn for."""
        p = self.problem
        if kind == "class":
            classes = sorted(p.classes, key=lambda c: (natural_key(c.code), c.code))
            return [Owner("class", c.code, c.code) for c in classes]
        if kind == "teacher":
            return [Owner("teacher", t.code, t.name) for t in p.teachers]
        if kind == "room":
            return [Owner("room", r.code, r.name or r.code) for r in p.rooms]
        if kind == "building":
            return [Owner("building", b.code, b.name or b.code) for b in p.buildings]
        raise ValueError(f"unknown grid kind {kind!r}")

    def owner_id(self, kind: Kind, code: str) -> int:
        """The problem id of the owner with this code.

        Raises:
            NotFound: no class, teacher, room or building has that code.
        """
        table: Iterable[tuple[int, str]] = {
            "class": ((c.id, c.code) for c in self.problem.classes),
            "teacher": ((t.id, t.code) for t in self.problem.teachers),
            "room": ((r.id, r.code) for r in self.problem.rooms),
            "building": ((b.id, b.code) for b in self.problem.buildings),
        }[kind]
        for owner, found in table:
            if found == code:
                return owner
        raise NotFound(
            f"no_such_{kind}",
            [message(N_("There is no {what} with the code {code}."), what=noun(kind), code=code)],
        )

    def owner(self, kind: Kind, code: str) -> Owner:
        """The owner with this code (see `owner_id`)."""
        self.owner_id(kind, code)
        return next(o for o in self.owners(kind) if o.code == code)

    def involves(self, kind: Kind, owner: int, p: Placement) -> bool:
        """True when the class, teacher, room or building `owner` takes part in placement p."""
        lesson = self.problem.lessons[p.lesson]
        if kind == "class":
            return owner in self.problem.audience_classes(lesson)
        if kind == "teacher":
            return owner in lesson.teachers
        if kind == "room":
            return p.room == owner
        return p.room is not None and self.problem.rooms[p.room].building == owner

    def placed(self, kind: Kind, owner: int) -> list[int]:
        """Indices into `placements` of the owner's lessons."""
        if kind == "class":
            return self._by_class.get(owner, [])
        return [i for i, p in enumerate(self.placements) if self.involves(kind, owner, p)]

    @cached_property
    def _by_class(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, p in enumerate(self.placements):
            for c in self.problem.audience_classes(self.problem.lessons[p.lesson]):
                out.setdefault(c, []).append(i)
        return out

    @cached_property
    def _by_atom(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, p in enumerate(self.placements):
            for atom in self.problem.lesson_atoms(self.problem.lessons[p.lesson]):
                out.setdefault(atom, []).append(i)
        return out

    # ---- rows ----

    def row(self, period_id: int) -> Row:
        """The grid row of one period, with its shift code and clock times."""
        per = self.problem.periods[period_id]
        code = self.shift_codes[per.shift]
        return Row(code, per.number, _clock(per.start), _clock(per.end), per.id)

    def rows(self, kind: Kind, owner: int) -> tuple[Row, ...]:
        """A class's own shift; everyone else's day in clock order (both shifts)."""
        if kind == "class":
            ids = self.problem.shifts[self.problem.classes[owner].shift].periods
        else:
            ids = self.problem.timeline
        return tuple(self.row(q) for q in ids)

    # ---- entries ----

    def entries(self, index: int, travel: Travel | None = None) -> list[tuple[int, Entry]]:
        """(period id, entry) for each period the placement covers (two for a double)."""
        p = self.placements[index]
        problem = self.problem
        lesson = problem.lessons[p.lesson]
        audience = [problem.classes[c].code for c in lesson.classes]
        for g in lesson.groups:
            audience.append(
                f"{problem.classes[problem.groups[g].class_id].code}·{problem.groups[g].name}"
            )
        room = None if p.room is None else problem.rooms[p.room]
        building = None if room is None else problem.buildings[room.building]
        subject = problem.subjects[lesson.subject]
        key, unit = self.keys[p.lesson]
        covered = problem.covered(lesson, p.period)
        return [
            (
                q,
                Entry(
                    index=index,
                    key=key,
                    unit=unit,
                    subject=subject.name,
                    subject_code=subject.code,
                    classes=tuple(
                        problem.classes[c].code for c in problem.audience_classes(lesson)
                    ),
                    groups=tuple(problem.groups[g].name for g in lesson.groups),
                    audience=" + ".join(audience),
                    teachers=tuple(problem.teachers[t].name for t in lesson.teachers),
                    teacher_codes=tuple(problem.teachers[t].code for t in lesson.teachers),
                    room=None if room is None else room.code,
                    room_name=None if room is None else room.name or room.code,
                    building=None if building is None else building.code,
                    building_name=None if building is None else building.name,
                    day=p.day,
                    shift=self.shift_codes[problem.periods[q].shift],
                    period=problem.periods[q].number,
                    part=part,
                    length=len(covered),
                    travel=travel if part == 0 else None,
                ),
            )
            for part, q in enumerate(covered)
        ]

    # ---- travel ----

    def travel_marks(self, kind: Kind, owner: int) -> dict[int, Travel]:
        """Placement index -> how the owner arrives from another building.

        A teacher's day, and each group of a class's students (a class split into language
        groups may be in two places at once), is walked in clock order over the lessons that
        have a room, as the building-change rule counts them. Rooms and buildings never move.
        """
        marks: dict[int, Travel] = {}
        for route in self._routes(kind, owner):
            for index, travel in self._walk(route).items():
                if index not in marks or travel.minutes > marks[index].minutes:
                    marks[index] = travel
        return marks

    def _routes(self, kind: Kind, owner: int) -> list[list[int]]:
        problem = self.problem
        if kind == "teacher":
            return [self.placed("teacher", owner)]
        if kind != "class":
            return []
        atoms = [i for i, (c, _) in enumerate(problem.atoms) if c == owner]
        return [self._by_atom.get(atom, []) for atom in atoms]

    def _walk(self, route: list[int]) -> dict[int, Travel]:
        problem = self.problem
        days: dict[int, list[tuple[int, int, int, int]]] = {}
        for i in route:
            p = self.placements[i]
            if p.room is None:
                continue
            covered = problem.covered(problem.lessons[p.lesson], p.period)
            first, last = problem.periods[covered[0]], problem.periods[covered[-1]]
            b = problem.rooms[p.room].building
            days.setdefault(p.day, []).append((first.start, last.end, b, i))
        marks: dict[int, Travel] = {}
        for day in days.values():
            day.sort(key=lambda item: (item[0], item[3]))
            for (_, end, a, _), (start, _, b, i) in pairwise(day):
                if a != b:
                    origin, target = problem.buildings[a], problem.buildings[b]
                    marks[i] = Travel(origin.code, target.code, problem.travel[a][b], start - end)
        return marks


def _shift_key(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (10**9, code)
