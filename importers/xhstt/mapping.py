"""An XHSTT instance as our Problem.

Times -> days x periods, resources -> teachers, classes and rooms, events -> lessons
(`importers.xhstt.plans`, `importers.xhstt.rooms`), constraints -> fields and conditions
(`importers.xhstt.rules_events`, `importers.xhstt.rules_resources`).

Our own school rules are switched off (every weight 0, class gaps allowed), so the solver's
objective is the instance's XHSTT objective minus `offset`, the part no choice of ours changes,
whenever nothing is `unsupported` or `approximate`.
"""

from __future__ import annotations

from dataclasses import dataclass

from importers.xhstt.frame import Frame
from importers.xhstt.grid import Grid, People, make_grid, make_people
from importers.xhstt.instance import Instance
from importers.xhstt.plans import Plan, make_plans
from importers.xhstt.rooms import RoomSlot, room_slots
from importers.xhstt.rules_events import EVENT_RULES
from importers.xhstt.rules_resources import RESOURCE_RULES
from solver.conditions import SameStart, StartsIn
from solver.messages import N_, Msg, msg
from solver.problem import (
    Building,
    Fixed,
    Lesson,
    Problem,
    Room,
    SchoolClass,
    Subject,
    Teacher,
)
from solver.weights import NO_SCHOOL_RULES


@dataclass(frozen=True)
class Mapped:
    """The Problem and the way back to the instance's events, times and resources."""

    problem: Problem
    grid: Grid
    people: People
    plans: tuple[Plan, ...]
    lesson_event: tuple[tuple[int, int], ...]  # lesson id -> (event index, piece index)
    room_resource: tuple[int, ...]  # room id -> resource index
    slots: dict[int, list[RoomSlot]]  # event -> its rooms (`importers.xhstt.rooms`)
    slot_lessons: dict[tuple[int, int], tuple[int, ...]]  # (event, room slot) -> lessons
    companions: frozenset[int]  # lessons that only carry a further room of their event
    offset: int  # soft XHSTT cost that no timetable of ours changes
    hard_offset: int
    warnings: tuple[Msg, ...]
    unsupported: dict[str, int]
    approximate: dict[str, int]

    @property
    def exact(self) -> bool:
        """True when our objective + offset is the XHSTT objective for every timetable."""
        return not self.unsupported and not self.approximate


def map_instance(inst: Instance) -> Mapped:
    """Translate an instance (see the module docstring)."""
    grid = make_grid(inst)
    people = make_people(inst)
    plans = make_plans(inst, grid.days)
    lessons_of, lesson_event, length_of = _number(plans)
    f = Frame(inst, grid, people, plans, lessons_of, length_of)
    _companions(f, lesson_event)
    f.offset = sum(p.offset for p in plans)
    f.hard_offset = sum(p.hard_offset for p in plans)
    for c in inst.constraints:
        rule = EVENT_RULES.get(c.kind) or RESOURCE_RULES.get(c.kind)
        if rule is None:
            f.not_supported(c, N_("no translation for this type"))
            continue
        rule(f, c)
    _clash_note(f)
    _idle_note(f)
    if grid.orphans:
        f.warnings.append(
            msg("{n} times belong to no day; they form a day of their own", n=len(grid.orphans))
        )
    problem = _problem(f, lesson_event)
    return Mapped(
        problem,
        grid,
        people,
        tuple(plans),
        tuple(lesson_event),
        tuple(sorted(people.room, key=lambda r: people.room[r])),
        dict(f.slots),
        dict(f.slot_lessons),
        frozenset(ls for (e, k), ids in f.slot_lessons.items() if k > 0 for ls in ids),
        f.offset,
        f.hard_offset,
        tuple(f.warnings),
        dict(f.unsupported),
        dict(f.approximate),
    )


def _number(
    plans: list[Plan],
) -> tuple[dict[int, tuple[int, ...]], list[tuple[int, int]], dict[int, int]]:
    """Lesson ids for every piece of every plan: event -> ids, id -> (event, piece), id ->
    length."""
    lessons_of: dict[int, tuple[int, ...]] = {}
    lesson_event: list[tuple[int, int]] = []
    length_of: dict[int, int] = {}
    for e, plan in enumerate(plans):
        ids = []
        for k, length in enumerate(plan.lengths):
            length_of[len(lesson_event)] = length
            ids.append(len(lesson_event))
            lesson_event.append((e, k))
        lessons_of[e] = tuple(ids)
    return lessons_of, lesson_event, length_of


def _needed_roles(inst: Instance) -> set[tuple[int, str]]:
    """(event, role) pairs an AssignResource or a required PreferResources asks to fill."""
    out: set[tuple[int, str]] = set()
    for c in inst.constraints:
        if c.kind == "AssignResource" or (c.kind == "PreferResources" and c.required):
            out.update((e, c.role or "") for e in c.events)
    return out


def _companions(f: Frame, lesson_event: list[tuple[int, int]]) -> None:
    """Room slots of every event, and a companion lesson per piece for each room after the
    first, started with its piece (`importers.xhstt.rooms`). Open rooms nothing asks to
    fill stay empty, at no cost."""
    needed = _needed_roles(f.inst)
    for e in range(len(f.inst.events)):
        slots = [
            s
            for s in room_slots(f.inst, f.people, e)
            if s.resource is not None or (e, s.role or "") in needed
        ]
        if not slots:
            continue
        f.slots[e] = slots
        f.slot_lessons[(e, 0)] = f.lessons_of[e]
        for k in range(1, len(slots)):
            ids = []
            for piece, main in enumerate(f.lessons_of[e]):
                f.length_of[len(lesson_event)] = f.length_of[main]
                ids.append(len(lesson_event))
                lesson_event.append((e, piece))
            f.slot_lessons[(e, k)] = tuple(ids)
        for piece, main in enumerate(f.lessons_of[e]):
            together = (main, *(f.slot_lessons[(e, k)][piece] for k in range(1, len(slots))))
            if len(together) > 1:
                f.conditions.append(SameStart(together, "slot", label="XHSTT rooms of one event"))


def _idle_note(f: Frame) -> None:
    """XHSTT counts a free time between two busy ones as idle even when the resource is
    unavailable then. Our gap measures skip "closed" periods: a person's unavailable ones and
    those that hard whole-lesson windows keep all their lessons out of. So for a resource
    under an idle-time constraint, unavailable periods of a day it may still work on are
    enforced by hard start windows instead (per lesson length: the starts whose periods are
    all available), which keep the same timetables out but close no period."""
    watched = {r for c in f.inst.constraints if c.kind == "LimitIdleTimes" for r in c.resources}
    for r in sorted(watched):
        closed = f.unavailable.get(r, set())
        per_day = {d: sum(1 for s in closed if s[0] == d) for d, _ in closed}
        partial = {s for s in closed if per_day[s[0]] < len(f.grid.days[s[0]])}
        lessons = sorted(set(f.resource_lessons(r)))
        if not partial or not lessons:
            continue
        f.unavailable[r] = closed - partial
        for length in sorted({f.length_of[ls] for ls in lessons}):
            starts = frozenset(
                (d, p)
                for d, p in f.grid.time_at
                if all(
                    (d, p + k) in f.grid.time_at and (d, p + k) not in partial
                    for k in range(length)
                )
            )
            same = tuple(ls for ls in lessons if f.length_of[ls] == length)
            f.conditions.append(
                StartsIn(
                    same,
                    starts,
                    whole=False,
                    label=f"XHSTT unavailable times of {f.inst.resources[r].id}",
                )
            )


def _clash_note(f: Frame) -> None:
    """Our solver never lets a teacher, class or room clash: say so for resources the
    instance leaves free to clash."""
    used = {er.resource for e in f.inst.events for er in e.resources if er.resource is not None}
    free = sorted(r for r in used if r not in f.clash_free)
    if free:
        f.approximate["AvoidClashes (implied)"] += 1
        f.warnings.append(
            msg(
                "{n} resources (e.g. {first}) are kept free of clashes although no required "
                "AvoidClashes constraint covers them",
                n=len(free),
                first=f.inst.resources[free[0]].id,
            )
        )


def _problem(f: Frame, lesson_event: list[tuple[int, int]]) -> Problem:
    inst, grid = f.inst, f.grid
    teachers, classes, rooms = _people(f)
    subjects, course_of = _subjects(inst)
    lessons = tuple(_lesson(f, i, e, k, course_of[e]) for i, (e, k) in enumerate(lesson_event))
    conditions = list(f.conditions)
    conditions.extend(_coherence(grid, lessons))
    loose = tuple(ls.id for ls in lessons if not ls.teachers and not ls.classes)
    if grid.missing and loose:
        conditions.append(
            StartsIn(loose, grid.all_slots(), whole=True, label="XHSTT times of the week")
        )
    return Problem(
        name=inst.id,
        days=grid.day_names,
        shifts=grid.shifts,
        periods=grid.periods,
        buildings=(Building(0, "main", "Main building"),),
        travel=((0,),),
        rooms=rooms,
        subjects=subjects,
        teachers=teachers,
        classes=classes,
        groups=(),
        lessons=lessons,
        fixed=_fixed(f),
        settings=NO_SCHOOL_RULES,
        conditions=tuple(conditions),
    )


def _people(
    f: Frame,
) -> tuple[tuple[Teacher, ...], tuple[SchoolClass, ...], tuple[Room, ...]]:
    """Teachers, classes (then the day-run pseudo classes) and rooms, with the periods they
    may not use (hard AvoidUnavailableTimes, and cells of the grid without a time)."""
    inst, people, missing = f.inst, f.people, f.grid.missing

    def unavailable(resource: int) -> frozenset[tuple[int, int]]:
        return frozenset(f.unavailable.get(resource, set())) | missing

    def name(r: int) -> str:
        return inst.resources[r].name or inst.resources[r].id

    teachers = tuple(
        Teacher(t, inst.resources[r].id, name(r), unavailable=unavailable(r))
        for r, t in sorted(people.teacher.items(), key=lambda x: x[1])
    )
    classes = tuple(
        SchoolClass(k, inst.resources[r].id, 0, 0, 0, unavailable=unavailable(r))
        for r, k in sorted(people.klass.items(), key=lambda x: x[1])
    ) + tuple(
        SchoolClass(k, f"{inst.events[e].id} (runs)", 0, 0, 0, unavailable=missing)
        for e, k in sorted(f.runs.items(), key=lambda x: x[1])
    )
    rooms = tuple(
        Room(m, inst.resources[r].id, name(r), 0, 0, "ordinary", unavailable(r))
        for r, m in sorted(people.room.items(), key=lambda x: x[1])
    )
    return teachers, classes, rooms


def _coherence(grid: Grid, lessons: tuple[Lesson, ...]) -> list[StartsIn]:
    """Lessons longer than a period start only where the periods they cover are the next
    times in file order, as an XHSTT sub-event covers them (needed when a day's times are
    not consecutive in the file, e.g. several bell schedules interleaved)."""
    out = []
    for length in sorted({ls.length for ls in lessons if ls.length > 1}):
        allowed = grid.coherent_starts(length)
        fits = {(d, p) for (d, p) in grid.time_at if (d, p + length - 1) in grid.time_at}
        if fits <= allowed:
            continue
        ids = tuple(ls.id for ls in lessons if ls.length == length)
        out.append(StartsIn(ids, allowed, whole=False, label="XHSTT consecutive times"))
    return out


def _subjects(inst: Instance) -> tuple[tuple[Subject, ...], list[int]]:
    """One subject (and course) per Course event group; an event without one is its own."""
    keys: dict[str, int] = {}
    names: list[tuple[str, str]] = []
    course_of = []
    groups = {g.id: g for g in inst.event_groups}
    for event in inst.events:
        key = event.course or f"event:{event.id}"
        if key not in keys:
            keys[key] = len(names)
            group = groups.get(event.course or "")
            names.append((event.course or event.id, group.name if group else event.name))
        course_of.append(keys[key])
    return tuple(Subject(i, code, name or code) for i, (code, name) in enumerate(names)), course_of


def _lesson(f: Frame, lesson_id: int, event_index: int, piece: int, course: int) -> Lesson:
    event = f.inst.events[event_index]
    people = f.people
    slots = f.slots.get(event_index, [])
    k = next((k for k in range(len(slots)) if lesson_id in f.slot_lessons[(event_index, k)]), 0)
    rooms: tuple[int, ...] = ()
    if slots:
        res = slots[k].resource
        rooms = (
            (people.room[res],)
            if res is not None
            else tuple(sorted(f.slot_rooms.get((event_index, k), frozenset())))
        )
    pieces = len(f.lessons_of[event_index])
    label = event.name or event.id
    if pieces > 1:
        label += f" ({piece + 1}/{pieces})"
    length = f.length_of[lesson_id]
    if k > 0:  # a companion: only the further room
        label += f" room {slots[k].role or f.inst.resources[slots[k].resource or 0].id}"
        return Lesson(lesson_id, course, course, (), (), (), length, rooms, 0, label)
    pre = [er.resource for er in event.resources if er.resource is not None]
    teachers = tuple(sorted({people.teacher[r] for r in pre if r in people.teacher}))
    classes = tuple(sorted({people.klass[r] for r in pre if r in people.klass}))
    if event_index in f.runs:
        classes += (f.runs[event_index],)
    return Lesson(lesson_id, course, course, teachers, classes, (), length, rooms, 0, label)


def _fixed(f: Frame) -> tuple[Fixed, ...]:
    """Events with a preassigned time are pinned there (they are kept whole)."""
    out = []
    for e, event in enumerate(f.inst.events):
        if event.time is None or event.time not in f.grid.slot_of:
            continue
        day, period = f.grid.slot_of[event.time]
        for ls in f.lessons_of[e]:
            out.append(Fixed(ls, day, period))
    return tuple(out)
