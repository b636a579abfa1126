"""The only bridge between the store's school data (snapshots, tables) and the solver's Problem."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace

from models.snapshot import DAY_NAMES, LessonReq, LockedLesson, SchoolSnapshot, SlotRef
from solver.messages import Msg, msg
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
    Slot,
    Subject,
    Teacher,
)
from solver.rule_codec import Names, RuleProblem, decode_rules
from solver.rule_names import names_of
from solver.solution import Placement, Solution
from solver.weights import Settings, Weights

NO_ROOM = "none"  # a room kind meaning "this lesson needs no room" (excursions, outdoor PE)


class ProblemBuildError(ValueError):
    """The snapshot refers to things it does not define; `problems` lists every one."""

    def __init__(self, problems: Sequence[Msg]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


def parse_clock(text: str) -> int:
    """Minutes since midnight of 'HH:MM' (also 'H:MM' and 'HH.MM')."""
    hours, minutes = text.strip().replace(".", ":").split(":")
    return int(hours) * 60 + int(minutes)


@dataclass
class _Index:
    """Code -> id lookups, collecting every unknown reference instead of failing on the first."""

    snapshot: SchoolSnapshot
    errors: list[Msg]

    def __post_init__(self) -> None:
        s = self.snapshot
        self.shift_codes = sorted({b.shift for b in s.bells}, key=_natural)
        self.shift = {code: i for i, code in enumerate(self.shift_codes)}
        self.building = {b.code: i for i, b in enumerate(s.buildings)}
        self.room = {r.code: i for i, r in enumerate(s.rooms)}
        self.subject = {x.code: i for i, x in enumerate(s.subjects)}
        self.teacher = {t.code: i for i, t in enumerate(s.teachers)}
        self.klass = {c.code: i for i, c in enumerate(s.classes)}
        self.group = {(g.class_code, g.code): i for i, g in enumerate(s.subgroups)}
        self.period: dict[tuple[str, int], int] = {}

    def get(self, table: dict[str, int], code: str, what: str, where: str) -> int | None:
        if code in table:
            return table[code]
        self.errors.append(
            msg("{where}: unknown {what} '{code}'", where=where, what=what, code=code)
        )
        return None

    def slot(self, ref: SlotRef, where: str) -> Slot | None:
        key = (ref.shift, ref.period)
        if key not in self.period:
            self.errors.append(
                msg(
                    "{where}: shift {shift} has no period {period}",
                    where=where,
                    shift=ref.shift,
                    period=ref.period,
                )
            )
            return None
        return ref.day, self.period[key]

    def slots(self, refs: Iterable[SlotRef], where: str) -> frozenset[Slot]:
        found = (self.slot(r, where) for r in refs)
        return frozenset(s for s in found if s is not None)


def _natural(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (10**9, code)


def _time_grid(ix: _Index) -> tuple[tuple[Shift, ...], tuple[Period, ...]]:
    periods: list[Period] = []
    shifts: list[Shift] = []
    for s_id, code in enumerate(ix.shift_codes):
        bells = sorted((b for b in ix.snapshot.bells if b.shift == code), key=lambda b: b.number)
        ids = []
        for bell in bells:
            pid = len(periods)
            periods.append(
                Period(pid, s_id, bell.number, parse_clock(bell.start), parse_clock(bell.end))
            )
            ix.period[(code, bell.number)] = pid
            ids.append(pid)
        shifts.append(Shift(s_id, f"shift {code}", tuple(ids)))
    return tuple(shifts), tuple(periods)


def _travel(ix: _Index) -> tuple[tuple[int, ...], ...]:
    n = len(ix.snapshot.buildings)
    matrix = [[0] * n for _ in range(n)]
    given: set[tuple[int, int]] = set()
    for t in ix.snapshot.travel:
        a = ix.get(ix.building, t.a, "building", "Travel")
        b = ix.get(ix.building, t.b, "building", "Travel")
        if a is None or b is None:
            continue
        matrix[a][b] = t.minutes
        given.add((a, b))
        if (b, a) not in given:  # one row stands for both directions unless both are given
            matrix[b][a] = t.minutes
    return tuple(tuple(row) for row in matrix)


def _people_and_places(
    ix: _Index,
) -> tuple[tuple[Room, ...], tuple[Subject, ...], tuple[Teacher, ...], tuple[SchoolClass, ...]]:
    s = ix.snapshot
    rooms = tuple(
        Room(
            i,
            r.code,
            r.name or r.code,
            ix.get(ix.building, r.building, "building", f"Room {r.code}") or 0,
            r.capacity,
            r.kind,
            ix.slots(r.unavailable, f"Room {r.code}"),
        )
        for i, r in enumerate(s.rooms)
    )
    subjects = tuple(Subject(i, x.code, x.name or x.code, x.hard) for i, x in enumerate(s.subjects))
    teachers = tuple(
        Teacher(
            i,
            t.code,
            t.name or t.code,
            ix.slots(t.unavailable, f"Teacher {t.code}"),
            t.max_per_day,
            t.max_per_week,
            t.max_days,
            t.day_off,
            t.max_building_changes,
        )
        for i, t in enumerate(s.teachers)
    )
    classes = tuple(
        SchoolClass(
            i,
            c.code,
            c.grade,
            ix.get(ix.shift, c.shift, "shift", f"Class {c.code}") or 0,
            c.size,
            None
            if c.home_room is None
            else ix.get(ix.room, c.home_room, "room", f"Class {c.code}"),
            c.max_per_day,
            ix.slots(c.unavailable, f"Class {c.code}"),
        )
        for i, c in enumerate(s.classes)
    )
    return rooms, subjects, teachers, classes


def _groups(ix: _Index) -> tuple[Group, ...]:
    out = []
    for i, g in enumerate(ix.snapshot.subgroups):
        c = ix.get(ix.klass, g.class_code, "class", f"Subgroup {g.class_code}·{g.code}")
        out.append(Group(i, c or 0, g.division, g.code, g.size))
    return tuple(out)


@dataclass(frozen=True)
class _Audience:
    classes: tuple[int, ...]
    groups: tuple[int, ...]
    size: int
    name: str


def _audience(ix: _Index, req: LessonReq, groups: Sequence[Group]) -> _Audience:
    s = ix.snapshot
    classes: list[int] = []
    group_ids: list[int] = []
    names: list[str] = []
    size = 0
    where = f"Lesson {req.key}"
    for ref in req.audience:
        if ref.subgroup is None:
            c = ix.get(ix.klass, ref.class_code, "class", where)
            if c is not None:
                classes.append(c)
                size += s.classes[c].size
                names.append(ref.class_code)
            continue
        if (ref.class_code, ref.subgroup) not in ix.group:
            ix.errors.append(
                msg(
                    "{where}: class {klass} has no subgroup '{group}'",
                    where=where,
                    klass=ref.class_code,
                    group=ref.subgroup,
                )
            )
            continue
        g = ix.group[(ref.class_code, ref.subgroup)]
        group_ids.append(g)
        size += groups[g].size
        names.append(f"{ref.class_code}·{ref.subgroup}")
    return _Audience(tuple(classes), tuple(group_ids), size, " + ".join(names))


def _candidate_rooms(
    ix: _Index,
    req: LessonReq,
    aud: _Audience,
    rooms: Sequence[Room],
    classes: Sequence[SchoolClass],
) -> tuple[int, ...]:
    """Rooms a lesson may use: the listed ones, else the right kind, big enough, home room first.

    A whole single class in an ordinary room stays in its home room (that is what a home room
    means); subgroups and joined classes may use any ordinary room in their home buildings.
    """
    where = f"Lesson {req.key}"
    if req.rooms:
        found = (ix.get(ix.room, code, "room", where) for code in req.rooms)
        return tuple(r for r in found if r is not None)
    subject = ix.get(ix.subject, req.subject, "subject", where)
    kind = req.room_kind or (ix.snapshot.subjects[subject].room_kind if subject is not None else "")
    if kind == NO_ROOM:
        return ()
    homes = [h for c in _audience_class_ids(aud, ix) if (h := classes[c].home_room) is not None]
    if kind == "ordinary" and len(aud.classes) == 1 and not aud.groups and homes:
        return (homes[0],)
    of_kind = [r for r in rooms if r.kind == kind]
    if not of_kind:
        ix.errors.append(
            msg("{where}: the school has no room of kind '{kind}'", where=where, kind=kind)
        )
        return ()
    home_buildings = {rooms[h].building for h in homes}
    if kind == "ordinary" and home_buildings:
        of_kind = [r for r in of_kind if r.building in home_buildings] or of_kind
    fitting = [r for r in of_kind if r.capacity >= aud.size] or of_kind  # checks report "too small"
    fitting.sort(key=lambda r: (r.id not in homes, r.id))
    return tuple(r.id for r in fitting)


def _audience_class_ids(aud: _Audience, ix: _Index) -> list[int]:
    ids = list(aud.classes)
    for g in aud.groups:
        code = ix.snapshot.subgroups[g].class_code
        if code in ix.klass and ix.klass[code] not in ids:
            ids.append(ix.klass[code])
    return ids


def lesson_units(req: LessonReq) -> list[int]:
    """Lengths of the units a weekly requirement splits into: doubles first, then singles."""
    doubles = max(0, min(req.doubles, req.periods_per_week // 2))
    return [2] * doubles + [1] * (req.periods_per_week - 2 * doubles)


def _lessons(
    ix: _Index,
    groups: Sequence[Group],
    rooms: Sequence[Room],
    classes: Sequence[SchoolClass],
    subjects: Sequence[Subject],
) -> tuple[Lesson, ...]:
    lessons: list[Lesson] = []
    for course, req in enumerate(ix.snapshot.lessons):
        where = f"Lesson {req.key}"
        subject = ix.get(ix.subject, req.subject, "subject", where)
        found = (ix.get(ix.teacher, code, "teacher", where) for code in req.teachers)
        teachers = tuple(t for t in found if t is not None)
        aud = _audience(ix, req, groups)
        cands = _candidate_rooms(ix, req, aud, rooms, classes)
        label = f"{aud.name} {subjects[subject].name if subject is not None else req.subject}"
        for length in lesson_units(req):
            lessons.append(
                Lesson(
                    id=len(lessons),
                    course=course,
                    subject=subject or 0,
                    teachers=teachers,
                    classes=aud.classes,
                    groups=aud.groups,
                    length=length,
                    rooms=cands,
                    size=aud.size,
                    label=label,
                )
            )
    return tuple(lessons)


def _settings(snapshot: SchoolSnapshot, errors: list[Msg]) -> Settings:
    known = {f.name for f in fields(Weights)}
    weights: dict[str, int] = {}
    for name, value in snapshot.settings.weights.items():
        if name in known:
            weights[name] = int(value)
        else:
            errors.append(msg("Settings: unknown weight '{name}'", name=name))
    return Settings(
        weights=Weights(**weights),
        class_no_gaps=snapshot.settings.class_no_gaps,
        late_after=snapshot.settings.late_after,
        max_building_changes=snapshot.settings.max_building_changes,
    )


def unit_ids(snapshot: SchoolSnapshot) -> dict[tuple[str, int], int]:
    """(requirement key, unit index) -> lesson id, numbered as `problem_from_snapshot` does."""
    out: dict[tuple[str, int], int] = {}
    for req in snapshot.lessons:
        for unit in range(len(lesson_units(req))):
            out[(req.key, unit)] = len(out)
    return out


def problem_from_snapshot(snapshot: SchoolSnapshot) -> Problem:
    """Turn a school's data into the solver's frozen Problem.

    Args:
        snapshot: the school as importers produce it (everything referred to by code).

    Returns:
        A Problem whose lesson ids follow the requirements in order, doubles first, with the
        active rule rows as its conditions (`solver.rule_codec`; inactive rows are ignored).

    Raises:
        ProblemBuildError: listing every unknown reference (teacher, room, shift, ...) and
            every problem of every active rule row, each naming the row.
    """
    errors: list[Msg] = []
    problem, names = _assemble(snapshot, errors)
    conditions, bad = decode_rules(_active_rules(snapshot), names)
    errors.extend(p.sentence() for p in bad)
    if errors:
        raise ProblemBuildError(errors)
    return replace(problem, conditions=conditions)


def rule_problems(snapshot: SchoolSnapshot) -> list[RuleProblem]:
    """Every problem of the snapshot's active rule rows (`index` is the row's position).

    Other problems of the snapshot are left to `problem_from_snapshot`, so a reader can
    report the rules' problems beside its own while the rest of its data is still wrong.
    """
    _, names = _assemble(snapshot, [])
    return decode_rules(_active_rules(snapshot), names)[1]


def _active_rules(snapshot: SchoolSnapshot) -> list[tuple[int, str, object, object]]:
    return [(i, r.kind, r.params, r.weight) for i, r in enumerate(snapshot.rules) if r.active]


def rule_names(problem: Problem, snapshot: SchoolSnapshot) -> Names:
    """The codes rule rows use for the problem `problem_from_snapshot(snapshot)` built."""
    shift_codes = sorted({b.shift for b in snapshot.bells}, key=_natural)
    return names_of(problem, unit_ids(snapshot), shift_codes)


def _assemble(snapshot: SchoolSnapshot, errors: list[Msg]) -> tuple[Problem, Names]:
    """The Problem without conditions, and its codes; unknown references go to `errors`."""
    ix = _Index(snapshot, errors)
    shifts, periods = _time_grid(ix)
    rooms, subjects, teachers, classes = _people_and_places(ix)
    groups = _groups(ix)
    lessons = _lessons(ix, groups, rooms, classes, subjects)
    fixed = _fixed(ix, snapshot.locked, unit_ids(snapshot))
    settings = _settings(snapshot, errors)
    buildings = tuple(
        Building(i, b.code, b.name or b.code) for i, b in enumerate(snapshot.buildings)
    )
    problem = Problem(
        name=snapshot.school.name,
        days=DAY_NAMES[: snapshot.school.days_per_week],
        shifts=shifts,
        periods=periods,
        buildings=buildings,
        travel=_travel(ix),
        rooms=rooms,
        subjects=subjects,
        teachers=teachers,
        classes=classes,
        groups=groups,
        lessons=lessons,
        fixed=fixed,
        settings=settings,
    )
    return problem, rule_names(problem, snapshot)


def _fixed(
    ix: _Index, locked: Sequence[LockedLesson], units: dict[tuple[str, int], int]
) -> tuple[Fixed, ...]:
    out = []
    for lock in locked:
        where = f"Locked lesson {lock.lesson_key} #{lock.unit + 1}"
        lesson = units.get((lock.lesson_key, lock.unit))
        if lesson is None:
            ix.errors.append(msg("{where}: no such lesson", where=where))
            continue
        slot = ix.slot(SlotRef(lock.day, lock.shift, lock.period), where)
        room = None if lock.room is None else ix.get(ix.room, lock.room, "room", where)
        if slot is not None:
            out.append(Fixed(lesson, slot[0], slot[1], room))
    return tuple(out)


def placements_from_locked(
    problem: Problem, snapshot: SchoolSnapshot, locked: Sequence[LockedLesson]
) -> list[Placement]:
    """Placements (problem ids) of a timetable stored by codes, e.g. a saved version.

    Raises:
        ProblemBuildError: when a row names a lesson, period or room the problem lacks.
    """
    errors: list[Msg] = []
    ix = _Index(snapshot, errors)
    _time_grid(ix)
    fixed = _fixed(ix, locked, unit_ids(snapshot))
    if errors:
        raise ProblemBuildError(errors)
    return [Placement(f.lesson, f.day, f.period, f.room) for f in fixed]


def locked_from_solution(
    problem: Problem, snapshot: SchoolSnapshot, solution: Solution
) -> list[LockedLesson]:
    """The solution's placements by codes, ready to be saved as a timetable version."""
    keys = {lesson: key for key, lesson in unit_ids(snapshot).items()}
    shift_codes = sorted({b.shift for b in snapshot.bells}, key=_natural)
    out = []
    for p in solution.placements:
        req_key, unit = keys[p.lesson]
        period = problem.periods[p.period]
        room = None if p.room is None else problem.rooms[p.room].code
        out.append(
            LockedLesson(req_key, unit, p.day, shift_codes[period.shift], period.number, room)
        )
    return out
