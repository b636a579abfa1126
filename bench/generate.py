"""Generated benchmark schools that are feasible by construction: a timetable is planted first.

The generator lays out classes, fills each class's gap-free week with its curriculum (both
subgroups of a split side by side, walks between buildings only across breaks long enough),
creates exactly the rooms the busiest moment needs, hires teachers best-fit without clashes,
and only then writes down the requirements and availabilities the planted week satisfies.
The planted placements are returned with the school, so a hard instance can always be told
from an impossible one.

    python -m bench.generate --classes 100 --buildings 4 --seed 1 -o school.xlsx \
        --planted planted.json
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.catalogue import BELLS, BUILDING_ORDER, DAYS, SUBJECT, TRAVEL
from bench.model import ClassPlan, Course
from bench.names import NamePool
from bench.place import Placer, check_full
from bench.plant import (
    GROUP_CODES,
    PlantError,
    grade_counts,
    make_classes,
    make_units,
    room_caps,
)
from bench.rooms import RoomBook, RoomPlan, assign_rooms
from bench.staff import Staff, TeacherPlan, unavailable
from bench.tighten import tighten
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    Holiday,
    LessonReq,
    LockedLesson,
    RoomInfo,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TermInfo,
    TravelInfo,
)


@dataclass(frozen=True)
class Knobs:
    """How tight and how mixed a generated school is."""

    teacher_use: float = 0.9  # planted load / available periods, per trimmed teacher
    trim_share: float = 1.0  # share of full-time teachers whose availability is trimmed
    other_shift: bool = True  # trimmed teachers are unavailable in the shift they do not teach
    room_use: float = 0.9  # planned use of special rooms (labs, gyms, computer rooms)
    room_block: bool = True  # also book special rooms outside lessons up to `room_use`
    join_share: float = 0.5  # share of parallel pairs whose English groups are joined
    part_time_share: float = 0.2
    kk_share: float = 0.6  # share of classes taught in Kazakh
    share_home_rooms: bool = True  # a second-shift class may use a first-shift home room
    day_slack: int = 1  # a teacher's max per day: the planted busiest day plus this (max 7)
    language: str = "ru"  # the school's language: subject, room and building names


@dataclass
class Planted:
    classes: list[ClassPlan]
    courses: list[Course]
    rooms: RoomBook
    teachers: list[TeacherPlan]
    buildings: tuple[str, ...]


PROFILES = {
    # the benchmark's: every teacher busy ~90 % of the periods they are available for
    "tight": Knobs(),
    # an ordinary school: part-timers with days off, a few teachers with wishes
    "real": Knobs(teacher_use=0.65, trim_share=0.15, other_shift=False),
}


def plant(counts: dict[int, int], buildings: int, rng: random.Random, knobs: Knobs) -> Planted:
    """One planting attempt; raises PlantError on a dead end."""
    codes = tuple(b.code for b in BUILDING_ORDER[:buildings])
    classes = make_classes(counts, codes, rng, knobs.kk_share)
    courses, units = make_units(classes, codes, rng, knobs.join_share)
    placer = Placer(room_caps(units, classes, knobs.room_use), rng)
    placer.place_all(units)
    check_full(classes)
    book = assign_rooms(classes, courses, knobs.language, share=knobs.share_home_rooms)
    staff = Staff(rng, NamePool(rng), knobs.part_time_share)
    staff.assign(courses)
    return Planted(classes, courses, book, staff.teachers, codes)


def plant_with_retries(
    counts: dict[int, int], buildings: int, seed: int, knobs: Knobs, attempts: int = 30
) -> tuple[Planted, random.Random]:
    """Plant with the seed's random stream, trying further streams after a dead end."""
    for attempt in range(attempts):
        rng = random.Random(seed * 1009 + attempt)
        try:
            return plant(counts, buildings, rng, knobs), rng
        except PlantError:
            continue
    raise PlantError(f"no planting found in {attempts} attempts")


def generate_school(
    classes: int, buildings: int, seed: int, knobs: Knobs | None = None
) -> tuple[SchoolSnapshot, list[LockedLesson]]:
    """A generated school with `classes` classes on 1-4 buildings and its planted timetable.

    Args:
        classes: number of classes (10, 25, 50, 100 in the benchmark).
        buildings: 1 main; 2 + senior building; 3 + sports hall; 4 + primary building.
        seed: the same seed gives the same school.
        knobs: tightness and mix; the defaults are the benchmark's.

    Returns:
        The school and the planted placements (one per lesson unit, with rooms), which obey
        every hard rule.

    Raises:
        ValueError: for buildings outside 1..4 or fewer than one class.
        PlantError: when no planting was found (not expected).
    """
    if classes < 1:
        raise ValueError("a school needs at least one class")
    knobs = knobs or Knobs()
    info = SchoolInfo(
        code=f"GEN-{classes}-{buildings}-{seed}",
        name=f"Школа-бенчмарк {classes}×{buildings} (seed {seed})",
        city="Алматы",
        region="Алматы",
        days_per_week=DAYS,
        language=knobs.language,
    )
    return build_school(grade_counts(classes), buildings, seed, knobs, info)


def build_school(
    counts: dict[int, int], buildings: int, seed: int, knobs: Knobs, info: SchoolInfo
) -> tuple[SchoolSnapshot, list[LockedLesson]]:
    """A school with `counts[grade]` parallel classes per grade, and its planted timetable.

    Args:
        counts: parallel classes per grade (1..11).
        buildings: 1 main; 2 + senior building; 3 + sports hall; 4 + primary building.
        seed: the same seed gives the same school.
        knobs: tightness and mix.
        info: the school's name, code and place (`days_per_week` must be 6).

    Returns:
        The school and its planted placements.

    Raises:
        ValueError: for buildings outside 1..4.
        PlantError: when no planting was found (not expected).
    """
    if not 1 <= buildings <= len(BUILDING_ORDER):
        raise ValueError("buildings must be 1..4")
    planted, rng = plant_with_retries(counts, buildings, seed, knobs)
    return to_snapshot(planted, info, knobs, rng), locked_lessons(planted)


def to_snapshot(
    planted: Planted, info: SchoolInfo, knobs: Knobs, rng: random.Random
) -> SchoolSnapshot:
    """The school's data as the planted week defines it."""
    lang = 0 if knobs.language == "ru" else 1
    used = sorted({c.subject for c in planted.courses}, key=list(SUBJECT).index)
    return SchoolSnapshot(
        school=info,
        terms=school_year(2026),
        buildings=tuple(
            BuildingInfo(b.code, (b.ru, b.kk)[lang])
            for b in BUILDING_ORDER
            if b.code in planted.buildings
        ),
        travel=tuple(
            TravelInfo(a, b, m)
            for (a, b), m in TRAVEL.items()
            if a in planted.buildings and b in planted.buildings
        ),
        rooms=tuple(_room(r, knobs, rng) for r in planted.rooms.rooms),
        subjects=tuple(
            SubjectInfo(s, (SUBJECT[s].ru, SUBJECT[s].kk)[lang], SUBJECT[s].hard, SUBJECT[s].kind)
            for s in used
        ),
        bells=tuple(
            BellPeriod(shift, i + 1, start, end)
            for shift, bells in BELLS.items()
            for i, (start, end) in enumerate(bells)
        ),
        teachers=tuple(_teacher(t, knobs, rng) for t in planted.teachers),
        classes=tuple(
            ClassInfo(c.code, c.grade, c.shift, c.size, c.home_room, max(c.day_lengths))
            for c in planted.classes
        ),
        subgroups=tuple(_subgroups(planted.classes)),
        lessons=tuple(
            LessonReq(
                key=c.key,
                subject=c.subject,
                audience=tuple(GroupRef(k, g) for k, g in c.audience),
                teachers=(c.teacher,) if c.teacher else (),
                periods_per_week=c.hours,
                doubles=c.doubles,
            )
            for c in planted.courses
        ),
    )


def _subgroups(classes: list[ClassPlan]) -> list[SubgroupInfo]:
    out = []
    for c in classes:
        for division, sizes in c.divisions.items():
            for code, size in zip(GROUP_CODES[division], sizes, strict=True):
                out.append(SubgroupInfo(c.code, division, code, size))
    return out


def _room(r: RoomPlan, knobs: Knobs, rng: random.Random) -> RoomInfo:
    """A special room is also booked outside lessons (clubs, the sports school next door)."""
    cells: list[tuple[int, str, int]] = []
    if r.kind != "ordinary" and knobs.room_block:
        busy = [(day, s, e) for day, xs in r.busy.items() for s, e in xs]
        cells = tighten(busy, r.periods, knobs.room_use, rng, shifts=r.shifts)
    refs = tuple(SlotRef(d, s, p) for d, s, p in cells)
    return RoomInfo(r.code, r.name, r.building, r.capacity, r.kind, refs)


def _teacher(t: TeacherPlan, knobs: Knobs, rng: random.Random) -> TeacherInfo:
    per_day = t.per_day()
    trimmed = bool(t.days_off) or rng.random() < knobs.trim_share
    use = knobs.teacher_use if trimmed else 0.0
    cells = unavailable(t, use, rng, other_shift=knobs.other_shift and trimmed)
    working = sum(1 for n in per_day if n)
    free_days = [d for d, n in enumerate(per_day) if n == 0 and d not in t.days_off]
    day_off = None
    if free_days and rng.random() < 0.5:
        day_off = rng.choice(free_days)  # a wish the planted week already grants
    return TeacherInfo(
        code=t.code,
        name=t.name,
        subjects=tuple(sorted(t.subjects, key=list(SUBJECT).index)),
        unavailable=tuple(SlotRef(d, s, p) for d, s, p in cells),
        max_per_day=max(max(per_day), min(7, max(per_day) + knobs.day_slack)),
        max_per_week=max(t.cap, t.load),
        max_days=working if t.days_off else None,
        day_off=day_off,
    )


def locked_lessons(planted: Planted) -> list[LockedLesson]:
    """The planted week by codes: unit numbers follow `solver.store` (doubles first)."""
    out = []
    for c in planted.courses:
        order = sorted(range(len(c.placed)), key=lambda i: -c.placed[i][2])
        for unit, i in enumerate(order):
            day, index, _ = c.placed[i]
            out.append(LockedLesson(c.key, unit, day, c.shift, index + 1, c.rooms[i]))
    return out


def school_year(year: int) -> tuple[TermInfo, ...]:
    """Four terms of a Kazakhstan school year with the usual holidays between them."""
    return (
        TermInfo("1 четверть", date(year, 9, 1), date(year, 10, 26)),
        TermInfo("2 четверть", date(year, 11, 3), date(year, 12, 29)),
        TermInfo(
            "3 четверть",
            date(year + 1, 1, 8),
            date(year + 1, 3, 18),
            (Holiday("Наурыз (перенос)", date(year + 1, 3, 9), date(year + 1, 3, 9)),),
        ),
        TermInfo("4 четверть", date(year + 1, 3, 30), date(year + 1, 5, 25)),
    )


def main(argv: list[str] | None = None) -> int:
    """Generate a school and write it as our Excel workbook (or print a summary)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--classes", type=int, default=25)
    ap.add_argument("--buildings", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="tight")
    ap.add_argument("-o", "--output", type=Path, help="the school as our Excel workbook")
    ap.add_argument("--planted", type=Path, help="the planted week as a solution JSON file")
    args = ap.parse_args(argv)
    knobs = PROFILES[args.profile]
    snapshot, locked = generate_school(args.classes, args.buildings, args.seed, knobs)
    from bench.stats import describe

    print(describe(snapshot, locked))
    if args.output:
        from importers.excel import write_workbook

        write_workbook(args.output, snapshot)
        print(f"written {args.output}")
    if args.planted:
        write_planted(args.planted, snapshot, locked)
        print(f"written {args.planted} (check it: sabaq check SCHOOL.xlsx {args.planted})")
    return 0


def write_planted(path: Path, snapshot: SchoolSnapshot, locked: list[LockedLesson]) -> None:
    """Write the planted week as our solution JSON, so `sabaq check` can confirm it."""
    from importers.solution_json import write_solution
    from solver.solution import Solution, Status
    from solver.store import placements_from_locked, problem_from_snapshot

    problem = problem_from_snapshot(snapshot)
    placements = tuple(placements_from_locked(problem, snapshot, locked))
    write_solution(path, problem, Solution(Status.FEASIBLE, placements))


if __name__ == "__main__":
    sys.exit(main())
