"""The demo school, built in code with a fixed seed, and the small schools the tests use.

Demo: a mixed Kazakh/Russian-medium school in Almaty with a main building (grades 1-7), a
senior building five minutes away (grades 8-11, the science labs) and a sports hall fifteen
minutes from the main building (the seniors' PE). Six-day week (Monday-Saturday), two shifts
with their own bells: shift 1 from 08:00, shift 2 from 13:30 while shift 1's seventh period is
still running; 45-minute lessons, a 20-minute long break after the third period. Grades 1, 5,
9, 10, 11 study in the first shift (sanitary rules), the others in the second. 27 classes of
grades 1-11 with 2-3 parallels; the curriculum is `bench.catalogue.curriculum`, modelled on
the standard curricula of Order No. 500 (8 November 2012) as amended by Order No. 27
(8 February 2024), six-day week, Kazakh- and Russian-medium tables: the second language
(Russian / Kazakh) splits classes of 24+, English splits every class (and is joined into level
groups across some parallel classes), informatics splits into two computer-room groups.

The timetable is planted first (see `bench.generate`), so the school is solvable by
construction; it is looser than a benchmark school, as a real school's data would be: the
part-timers have days off, and about one teacher in seven has wishes (late start, early
finish) that leave them busy about 65 % of the periods they are available for.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

from bench.generate import Knobs, build_school
from bench.names import person_name
from bench.plant import GROUP_CODES
from models.snapshot import (
    ClassInfo,
    LockedLesson,
    ParentInfo,
    RoomInfo,
    SchoolInfo,
    SchoolSnapshot,
    StudentInfo,
)

DEMO_SEED = 2026
DEMO_COUNTS = {1: 3, 2: 3, 3: 3, 4: 2, 5: 3, 6: 2, 7: 3, 8: 2, 9: 2, 10: 2, 11: 2}
DEMO_KNOBS = Knobs(
    teacher_use=0.65,
    trim_share=0.15,
    other_shift=False,
    room_use=0.45,
    room_block=False,
    join_share=0.5,
    part_time_share=0.25,
    kk_share=0.6,
    language="kk",
    share_home_rooms=False,
)
DEMO_INFO = SchoolInfo(
    code="AL-017",
    name="№ 17 мектеп-гимназиясы",
    city="Алматы",
    region="Алматы қаласы",
    days_per_week=6,
    language="kk",
)


# Rooms a real school has beyond what the planted week needs: slack for the solver.
EXTRA_ROOMS = (
    RoomInfo("M-G2", "Кіші спорт залы (M-G2)", "MAIN", 40, "gym"),
    RoomInfo("S-L2", "Физика зертханасы (S-L2)", "SENIOR", 30, "lab_physics"),
    RoomInfo("S-L3", "Химия-биология зертханасы (S-L3)", "SENIOR", 30, "lab_chemistry"),
    RoomInfo("S-K1", "Кабинет S-K1", "SENIOR", 32, "ordinary"),
    RoomInfo("S-K2", "Кабинет S-K2", "SENIOR", 32, "ordinary"),
    RoomInfo("M-K1", "Кабинет M-K1", "MAIN", 32, "ordinary"),
)


def demo_planted() -> tuple[SchoolSnapshot, list[LockedLesson]]:
    """The demo school (with students and parents) and the timetable planted in it."""
    snapshot, locked = build_school(DEMO_COUNTS, 3, DEMO_SEED, DEMO_KNOBS, DEMO_INFO)
    students, parents = _people(snapshot, random.Random(DEMO_SEED))
    rooms = snapshot.rooms + EXTRA_ROOMS
    classes = _with_class_teachers(snapshot)
    changes = {"rooms": rooms, "classes": classes, "students": students, "parents": parents}
    return _with(snapshot, **changes), locked


def demo_snapshot() -> SchoolSnapshot:
    """The demo school as `examples/demo-school.xlsx` holds it."""
    return demo_planted()[0]


SMALL = {
    # a 4-class school: two shifts, a main and a senior building
    "small-school": ({1: 1, 2: 1, 8: 1, 10: 1}, 2, 11),
    # a 3-class school of grades 5-7: the labs are in the second building
    "tiny-school": ({5: 1, 6: 1, 7: 1}, 2, 12),
}


def small_planted(name: str) -> tuple[SchoolSnapshot, list[LockedLesson]]:
    """One of the small test schools (`SMALL`) and its planted timetable."""
    counts, buildings, seed = SMALL[name]
    info = SchoolInfo(
        code=name.upper(),
        name=f"{name.replace('-', ' ').title()} (№ {seed})",
        city="Шымкент",
        region="Шымкент қаласы",
        days_per_week=6,
        language="ru",
    )
    knobs = Knobs(
        teacher_use=0.7,
        trim_share=0.3,
        other_shift=False,
        room_use=0.6,
        join_share=0.0,
        part_time_share=0.3,
    )
    return build_school(counts, buildings, seed, knobs, info)


def _with_class_teachers(snapshot: SchoolSnapshot) -> tuple[ClassInfo, ...]:
    """Every class led by a teacher who teaches it: the one with the most whole-class periods
    a week there who leads no other class yet (ties by code), as a school would choose."""
    periods: dict[str, Counter[str]] = {c.code: Counter() for c in snapshot.classes}
    for lesson in snapshot.lessons:
        for group in lesson.audience:
            if group.subgroup is None:
                for teacher in lesson.teachers:
                    periods[group.class_code][teacher] += lesson.periods_per_week
    leading: set[str] = set()
    out = []
    for c in snapshot.classes:
        ranked = sorted(periods[c.code].items(), key=lambda item: (-item[1], item[0]))
        free = [t for t, _ in ranked if t not in leading] or [t for t, _ in ranked]
        lead = free[0] if free else None
        if lead is not None:
            leading.add(lead)
        out.append(replace(c, class_teacher=lead))
    return tuple(out)


def _people(
    snapshot: SchoolSnapshot, rng: random.Random
) -> tuple[tuple[StudentInfo, ...], tuple[ParentInfo, ...]]:
    """Students of every class in its subgroups (sizes as the subgroups say), one parent each."""
    divisions: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for g in snapshot.subgroups:
        divisions.setdefault(g.class_code, {}).setdefault(g.division, []).append((g.code, g.size))
    students: list[StudentInfo] = []
    parents: list[ParentInfo] = []
    for c in snapshot.classes:
        members: list[list[tuple[str, str]]] = [[] for _ in range(c.size)]
        for division, groups in divisions.get(c.code, {}).items():
            order = list(range(c.size))
            rng.shuffle(order)
            at = 0
            for code, size in sorted(groups, key=lambda g: GROUP_CODES[division].index(g[0])):
                for i in order[at : at + size]:
                    members[i].append((division, code))
                at += size
        for i in range(c.size):
            code = f"S{len(students) + 1:04d}"
            woman = rng.random() < 0.5
            name = person_name(rng, woman=woman)
            born = date(2026 - 6 - c.grade, rng.randint(1, 12), rng.randint(1, 28))
            students.append(StudentInfo(code, name, c.code, tuple(sorted(members[i])), born))
            surname = name.split()[0]
            relation = rng.choice(("mother", "mother", "father", "guardian"))
            parent = f"{surname} {person_name(rng, woman=relation == 'mother').split()[1]}"
            parents.append(
                ParentInfo(
                    f"P{len(parents) + 1:04d}",
                    parent,
                    (code,),
                    email=f"parent{len(parents) + 1:04d}@example.com",
                    relation=relation,
                )
            )
    return tuple(students), tuple(parents)


def _with(snapshot: SchoolSnapshot, **changes: object) -> SchoolSnapshot:
    return replace(snapshot, **changes)  # type: ignore[arg-type]
