"""Helpers to build tiny Problems by hand for rule tests."""

from __future__ import annotations

from collections.abc import Sequence

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
from solver.weights import Settings, Weights


def grid(
    n_periods: int,
    shifts: int = 1,
    *,
    start: int = 480,
    length: int = 45,
    brk: int = 10,
    shift_gap: int = 300,
) -> tuple[tuple[Shift, ...], tuple[Period, ...]]:
    """Shifts of `n_periods` periods each; shift k starts `shift_gap` minutes after shift k-1."""
    periods: list[Period] = []
    out: list[Shift] = []
    for s in range(shifts):
        ids = []
        for n in range(n_periods):
            t = start + s * shift_gap + n * (length + brk)
            ids.append(len(periods))
            periods.append(Period(len(periods), s, n + 1, t, t + length))
        out.append(Shift(s, f"shift {s + 1}", tuple(ids)))
    return tuple(out), tuple(periods)


def L(
    id: int,
    teachers: Sequence[int] = (0,),
    classes: Sequence[int] = (0,),
    *,
    course: int | None = None,
    subject: int = 0,
    groups: Sequence[int] = (),
    length: int = 1,
    rooms: Sequence[int] = (),
    size: int = 20,
) -> Lesson:
    """A lesson; by default taught by teacher 0 to class 0, its own course."""
    return Lesson(
        id=id,
        course=id if course is None else course,
        subject=subject,
        teachers=tuple(teachers),
        classes=tuple(classes),
        groups=tuple(groups),
        length=length,
        rooms=tuple(rooms),
        size=size,
        label=f"lesson {id}",
    )


def problem(
    lessons: Sequence[Lesson],
    *,
    days: int = 1,
    periods: int = 4,
    shifts: int = 1,
    teachers: int | Sequence[Teacher] = 2,
    classes: int | Sequence[SchoolClass] = 1,
    groups: Sequence[Group] = (),
    rooms: Sequence[Room] = (),
    buildings: int = 1,
    travel: Sequence[Sequence[int]] | None = None,
    subjects: Sequence[Subject] = (),
    fixed: Sequence[Fixed] = (),
    settings: Settings | None = None,
    shift_gap: int = 300,
) -> Problem:
    """A Problem around `lessons` with simple defaults for everything else."""
    sh, per = grid(periods, shifts, shift_gap=shift_gap)
    ts = (
        tuple(Teacher(i, f"T{i}", f"Teacher {i}") for i in range(teachers))
        if isinstance(teachers, int)
        else tuple(teachers)
    )
    cs = (
        tuple(SchoolClass(i, f"{i + 5}A", i + 5, 0, 20) for i in range(classes))
        if isinstance(classes, int)
        else tuple(classes)
    )
    bs = tuple(Building(i, f"B{i}", f"Building {i}") for i in range(buildings))
    tr = travel or [[0] * buildings for _ in range(buildings)]
    subj = tuple(subjects) or (Subject(0, "S0", "Subject 0"), Subject(1, "S1", "Subject 1"))
    return Problem(
        name="tiny",
        days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")[:days],
        shifts=sh,
        periods=per,
        buildings=bs,
        travel=tuple(tuple(r) for r in tr),
        rooms=tuple(rooms),
        subjects=subj,
        teachers=ts,
        classes=cs,
        groups=tuple(groups),
        lessons=tuple(lessons),
        fixed=tuple(fixed),
        settings=settings or Settings(),
    )


def only(**weights: int) -> Settings:
    """Settings where every weight is 0 except the given ones."""
    zero = {k: 0 for k in Weights.__dataclass_fields__}
    zero.update(weights)
    return Settings(weights=Weights(**zero))
