"""Hypothesis strategies for solver tests: small well-formed Problems and arbitrary Solutions.

`problems()` draws schools that are well-formed (ids are indices, every reference is valid,
candidate rooms have the lesson's kind and seat its students, doubles only where the shift has
room, joined lessons only within one shift), feasible or not. `placements(problem)` draws any
Solution, from plausible to junk. `bells` and `tiny_school` build hand-made problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from hypothesis import strategies as st

from solver.problem import (
    Building,
    Fixed,
    Group,
    Lesson,
    Period,
    Problem,
    Room,
    SchoolClass,
    Shift,
    Subject,
    Teacher,
)
from solver.solution import Placement, Solution, Status
from solver.weights import Settings, Weights

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
KINDS = ("ordinary", "lab", "gym")


def bells(
    spec: Sequence[tuple[str, int, Sequence[int]]], length: int = 45
) -> tuple[tuple[Shift, ...], tuple[Period, ...]]:
    """Shifts and periods from (name, first start in minutes, breaks after each period)."""
    shifts: list[Shift] = []
    periods: list[Period] = []
    for s, (name, start, breaks) in enumerate(spec):
        ids: list[int] = []
        t = start
        for n, brk in enumerate(breaks, start=1):
            periods.append(Period(len(periods), s, n, t, t + length))
            ids.append(len(periods) - 1)
            t += length + brk
        shifts.append(Shift(s, name, tuple(ids)))
    return tuple(shifts), tuple(periods)


def tiny_school(**changes: Any) -> Problem:
    """A hand-made school: 5 days, one shift of 6 periods (10-minute breaks), two buildings.

    Rooms: 0 "101" and 1 "204" (ordinary, Main building), 2 "Lab 1" (lab, Main building),
    3 "Gym" (Sports hall, 15 min away). Teachers: 0 Asel Nurova, 1 Bolat Serikov,
    2 Gulnara Akhmetova. Classes: 0 7A (groups 0 7A·kz, 1 7A·ru), 1 8B. Subjects: 0 Maths
    (hard), 1 Physics, 2 PE, 3 Language. Lessons are given by the test (`lessons=...`).
    """
    shifts, periods = bells([("Shift 1", 8 * 60, [10] * 6)])
    base: dict[str, Any] = {
        "name": "Tiny school",
        "days": DAYS[:5],
        "shifts": shifts,
        "periods": periods,
        "buildings": (Building(0, "M", "Main building"), Building(1, "S", "Sports hall")),
        "travel": ((0, 15), (15, 0)),
        "rooms": (
            Room(0, "101", "101", 0, 30, "ordinary"),
            Room(1, "204", "204", 0, 30, "ordinary"),
            Room(2, "LAB1", "Lab 1", 0, 30, "lab"),
            Room(3, "GYM", "Gym", 1, 60, "gym"),
        ),
        "subjects": (
            Subject(0, "MAT", "Maths", hard=True),
            Subject(1, "PHY", "Physics"),
            Subject(2, "PE", "PE"),
            Subject(3, "LAN", "Language"),
        ),
        "teachers": (
            Teacher(0, "T1", "Asel Nurova"),
            Teacher(1, "T2", "Bolat Serikov"),
            Teacher(2, "T3", "Gulnara Akhmetova"),
        ),
        "classes": (SchoolClass(0, "7A", 7, 0, 24), SchoolClass(1, "8B", 8, 0, 25)),
        "groups": (Group(0, 0, "lang", "kz", 12), Group(1, 0, "lang", "ru", 12)),
        "lessons": (),
    }
    base.update(changes)
    return Problem(**base)


@st.composite
def _bells(draw: st.DrawFn, days: int) -> tuple[tuple[Shift, ...], tuple[Period, ...]]:
    n_shifts = draw(st.integers(1, 2))
    spec: list[tuple[str, int, list[int]]] = []
    start = 8 * 60
    for s in range(n_shifts):
        n = draw(st.integers(2, 6))
        breaks = draw(st.lists(st.sampled_from([5, 10, 15, 20]), min_size=n, max_size=n))
        spec.append((f"Shift {s + 1}", start, breaks))
        start += draw(st.sampled_from([0, 30, 55, 300]))  # shifts may overlap in clock time
    return bells(spec, length=draw(st.sampled_from([40, 45])))


def _slots(draw: st.DrawFn, days: int, periods: int, most: int) -> frozenset[tuple[int, int]]:
    slot = st.tuples(st.integers(0, days - 1), st.integers(0, periods - 1))
    return frozenset(draw(st.lists(slot, max_size=most)))


def _maybe(draw: st.DrawFn, values: st.SearchStrategy[int]) -> int | None:
    out: int | None = draw(st.one_of(st.none(), values))
    return out


@st.composite
def _people(draw: st.DrawFn, days: int, periods: int, max_teachers: int) -> tuple[Teacher, ...]:
    out: list[Teacher] = []
    for t in range(draw(st.integers(1, max_teachers))):
        out.append(
            Teacher(
                t,
                f"T{t}",
                draw(st.sampled_from(["Asel Nurova", "Бolat Серіков", "Dana Ömir", "Ерлан"]))
                + f" {t}",
                unavailable=_slots(draw, days, periods, 4),
                max_per_day=_maybe(draw, st.integers(1, 6)),
                max_per_week=_maybe(draw, st.integers(2, 20)),
                max_days=_maybe(draw, st.integers(1, days)),
                day_off=_maybe(draw, st.integers(0, days - 1)),
                max_building_changes=_maybe(draw, st.integers(0, 2)),
            )
        )
    return tuple(out)


@st.composite
def _classes(
    draw: st.DrawFn, days: int, shifts: tuple[Shift, ...], periods: int, max_classes: int
) -> tuple[tuple[SchoolClass, ...], tuple[Group, ...]]:
    classes: list[SchoolClass] = []
    groups: list[Group] = []
    for c in range(draw(st.integers(1, max_classes))):
        size = draw(st.integers(12, 30))
        classes.append(
            SchoolClass(
                c,
                f"{5 + c}{draw(st.sampled_from('ABӘ'))}",
                5 + c,
                draw(st.integers(0, len(shifts) - 1)),
                size,
                max_per_day=_maybe(draw, st.integers(1, 7)),
                unavailable=_slots(draw, days, periods, 3),
            )
        )
        for division, names in (("lang", ("kz", "ru")), ("inf", ("1", "2"))):
            if draw(st.booleans()):
                for name in names:
                    groups.append(Group(len(groups), c, division, name, size // 2 + 1))
    return tuple(classes), tuple(groups)


def _audience(
    draw: st.DrawFn, classes: tuple[SchoolClass, ...], groups: tuple[Group, ...]
) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """(classes, groups, size): a class, a group, or the same-division groups of 2 classes."""
    cls = draw(st.sampled_from(classes))
    mine = [g for g in groups if g.class_id == cls.id]
    kind = draw(st.sampled_from(["class", "group", "joined"])) if mine else "class"
    if kind == "class":
        return (cls.id,), (), cls.size
    g = draw(st.sampled_from(mine))
    chosen = [g]
    if kind == "joined":
        others = [
            h
            for h in groups
            if h.class_id != cls.id
            and h.division == g.division
            and classes[h.class_id].shift == cls.shift
        ]
        if others:
            chosen.append(draw(st.sampled_from(others)))
    return (), tuple(sorted(h.id for h in chosen)), sum(h.size for h in chosen)


@st.composite
def _lessons(
    draw: st.DrawFn,
    rooms: tuple[Room, ...],
    subjects: int,
    teachers: int,
    classes: tuple[SchoolClass, ...],
    groups: tuple[Group, ...],
    max_lessons: int,
) -> tuple[Lesson, ...]:
    out: list[Lesson] = []
    courses = 0
    target = draw(st.integers(1, max_lessons))
    while len(out) < target:
        cls_ids, grp_ids, size = _audience(draw, classes, groups)
        kind = draw(st.sampled_from([*KINDS, None]))
        cands = tuple(r.id for r in rooms if r.kind == kind and r.capacity >= size)
        staff = draw(st.lists(st.integers(0, teachers - 1), min_size=1, max_size=2, unique=True))
        subject = draw(st.integers(0, subjects - 1))
        units = draw(st.integers(1, 3))
        for _ in range(units):
            out.append(
                Lesson(
                    len(out),
                    courses,
                    subject,
                    tuple(staff),
                    cls_ids,
                    grp_ids,
                    length=draw(st.sampled_from([1, 1, 2])),
                    rooms=cands,
                    size=size,
                    label=draw(st.sampled_from(["", f"Lesson {len(out)}"])),
                )
            )
        courses += 1
    return tuple(out)


@st.composite
def _fixed(draw: st.DrawFn, problem: Problem) -> tuple[Fixed, ...]:
    out: list[Fixed] = []
    for lesson in draw(st.lists(st.sampled_from(problem.lessons), max_size=2, unique=True)):
        start = draw(st.sampled_from(problem.starts(lesson)))
        room = draw(st.one_of(st.none(), st.sampled_from(lesson.rooms))) if lesson.rooms else None
        out.append(Fixed(lesson.id, draw(st.integers(0, len(problem.days) - 1)), start, room))
    return tuple(out)


@st.composite
def _settings(draw: st.DrawFn) -> Settings:
    w = st.integers(0, 10)
    weights = Weights(*(draw(w) for _ in range(7)))
    return Settings(
        weights=weights,
        class_no_gaps=draw(st.booleans()),
        late_after=draw(st.integers(1, 5)),
        max_building_changes=_maybe(draw, st.integers(0, 2)),
    )


@st.composite
def problems(
    draw: st.DrawFn, max_classes: int = 4, max_lessons: int = 12, max_teachers: int = 4
) -> Problem:
    """A small well-formed Problem, feasible or not (see the module docstring)."""
    days = draw(st.integers(1, 5))
    shifts, periods = draw(_bells(days))
    n_build = draw(st.integers(1, 3))
    minutes = [
        [0 if a == b else draw(st.sampled_from([5, 10, 15])) for b in range(n_build)]
        for a in range(n_build)
    ]
    buildings = tuple(Building(b, f"B{b}", f"Building {b + 1}") for b in range(n_build))
    rooms = tuple(
        Room(
            r,
            f"R{r}",
            f"{100 + r}",
            draw(st.integers(0, n_build - 1)),
            draw(st.integers(10, 40)),
            draw(st.sampled_from(KINDS)),
            unavailable=_slots(draw, days, len(periods), 3),
        )
        for r in range(draw(st.integers(1, 5)))
    )
    subjects = tuple(
        Subject(s, f"S{s}", f"Subject {s}", hard=draw(st.booleans()))
        for s in range(draw(st.integers(1, 4)))
    )
    teachers = draw(_people(days, len(periods), max_teachers))
    classes, groups = draw(_classes(days, shifts, len(periods), max_classes))
    lessons = draw(_lessons(rooms, len(subjects), len(teachers), classes, groups, max_lessons))
    problem = Problem(
        "Random school",
        DAYS[:days],
        shifts,
        periods,
        buildings,
        tuple(tuple(row) for row in minutes),
        rooms,
        subjects,
        teachers,
        classes,
        groups,
        lessons,
        settings=draw(_settings()),
    )
    return Problem(**{**_fields(problem), "fixed": draw(_fixed(problem))})


def _fields(problem: Problem) -> dict[str, Any]:
    names = Problem.__dataclass_fields__
    return {name: getattr(problem, name) for name in names}


@st.composite
def placements(draw: st.DrawFn, problem: Problem, junk: bool = True) -> Solution:
    """Any Solution of `problem`: plausible placements, and with `junk` also broken ones.

    Plausible: a start the lesson may use and one of its candidate rooms (clashes and every
    other rule may still break). Junk adds missing lessons, wrong rooms, impossible days and
    periods, unknown lesson ids, duplicates and contradictory `unplaced` lists.
    """
    out: list[Placement] = []
    unplaced: list[int] = []
    days = len(problem.days)
    for lesson in problem.lessons:
        if junk and draw(st.integers(0, 9)) == 0:
            unplaced.append(lesson.id)
            continue
        day = draw(st.integers(0, days - 1))
        start = draw(st.sampled_from(problem.starts(lesson)))
        room = draw(st.sampled_from(lesson.rooms)) if lesson.rooms else None
        if junk and draw(st.integers(0, 4)) == 0:
            day = draw(st.integers(-1, days))
            start = draw(st.integers(-1, len(problem.periods)))
            room = draw(st.one_of(st.none(), st.integers(-1, len(problem.rooms))))
        out.append(Placement(lesson.id, day, start, room))
    if junk:
        extra = st.builds(
            Placement,
            st.integers(-2, len(problem.lessons) + 2),
            st.integers(-1, days),
            st.integers(-1, len(problem.periods)),
            st.one_of(st.none(), st.integers(-1, len(problem.rooms))),
        )
        out.extend(draw(st.lists(extra, max_size=3)))
        unplaced.extend(draw(st.lists(st.integers(-1, len(problem.lessons)), max_size=2)))
    status = Status.FEASIBLE if not unplaced else Status.UNKNOWN
    return Solution(status, tuple(draw(st.permutations(out))), unplaced=tuple(unplaced))


def _renumbered(problem: Problem, sol: Solution, drop: int) -> tuple[Problem, Solution]:
    """The problem and solution without lesson `drop`, lesson ids renumbered to stay indices."""
    new_id = {x.id: i for i, x in enumerate(x for x in problem.lessons if x.id != drop)}
    lessons = tuple(replace(x, id=new_id[x.id]) for x in problem.lessons if x.id in new_id)
    fixed = tuple(replace(f, lesson=new_id[f.lesson]) for f in problem.fixed if f.lesson in new_id)
    placed = tuple(
        replace(p, lesson=new_id[p.lesson]) for p in sol.placements if p.lesson in new_id
    )
    fields = {**_fields(problem), "lessons": lessons, "fixed": fixed}
    return Problem(**fields), replace(sol, placements=placed)


_LOCAL = frozenset({"placed", "class_no_gaps"})  # broken by a partial timetable anyway


def _greedy(problem: Problem, rnd: Any, tries: int) -> Solution:
    """Place lessons one by one where they break no hard rule so far (a few random tries each)."""
    from solver.validate import validate  # the strategies themselves must not need the solver

    done: list[Placement] = []
    for lesson in rnd.sample(problem.lessons, len(problem.lessons)):
        for _ in range(tries):
            room = rnd.choice(lesson.rooms) if lesson.rooms else None
            start = rnd.choice(problem.starts(lesson))
            pl = Placement(lesson.id, rnd.randrange(len(problem.days)), start, room)
            trial = Solution(Status.UNKNOWN, (*done, pl))
            if all(v.rule in _LOCAL for v in validate(problem, trial) if v.hard):
                done.append(pl)
                break
    return Solution(Status.UNKNOWN, tuple(done))


@st.composite
def planted(
    draw: st.DrawFn, max_classes: int = 4, max_lessons: int = 12, max_teachers: int = 4
) -> tuple[Problem, Solution]:
    """A Problem with a complete timetable that breaks no hard rule (feasible by construction).

    Draws a school, places its lessons greedily where they break no hard rule, drops the
    lessons that found no place, moves the locks to where their lessons are, then drops
    lessons one at a time until the validator finds no hard violation (e.g. a class gap).
    """
    from solver.validate import validate

    problem = draw(problems(max_classes, max_lessons, max_teachers))
    problem = Problem(**{**_fields(problem), "fixed": ()})
    sol = _greedy(problem, draw(st.randoms(use_true_random=False)), tries=12)
    placed = {p.lesson for p in sol.placements}
    for lesson in reversed(problem.lessons):
        if lesson.id not in placed:
            problem, sol = _renumbered(problem, sol, lesson.id)
    while True:
        broken = [v for v in validate(problem, sol) if v.hard]
        if not broken:
            break
        problem, sol = _renumbered(problem, sol, max(broken[0].lessons))
    locks = (
        draw(st.lists(st.sampled_from(sol.placements), max_size=2, unique_by=lambda p: p.lesson))
        if sol.placements
        else []
    )
    fixed = tuple(
        Fixed(p.lesson, p.day, p.period, p.room if draw(st.booleans()) else None) for p in locks
    )
    problem = Problem(**{**_fields(problem), "fixed": fixed})
    return problem, replace(sol, status=Status.FEASIBLE)
