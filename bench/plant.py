"""Planting: classes, their courses, and every unit put into a class's gap-free day.

Each class's day runs from period 1 without gaps; a split course (English groups, the second
language, informatics) puts both subgroups into the same periods, so every student of the class
is busy in every period of the class's day and no subgroup ever has a gap. Units that happen in
another building sit only where the class can walk there in the break before and after.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from bench.catalogue import (
    DAYS,
    SUBJECT,
    curriculum,
    home_building,
    kind_building,
    shift_of_grade,
)
from bench.model import ClassPlan, Course, Unit

LETTERS = "АӘБВГҒДЕЖЗИКЛМН"
GROUP_CODES = {"eng": ("en1", "en2"), "inf": ("inf1", "inf2"), "lang": ("ln1", "ln2")}
SPLIT_MIN_SIZE = {"eng": 20, "inf": 20, "lang": 24}


class PlantError(RuntimeError):
    """The random choices led to a dead end; the caller retries with other choices."""


def grade_counts(classes: int) -> dict[int, int]:
    """Parallel classes per grade: seniors a little fewer, as in real schools."""
    weights = {g: (0.7 if g >= 10 else 1.0) for g in range(1, 12)}
    total = sum(weights.values())
    exact = {g: classes * w / total for g, w in weights.items()}
    counts = {g: math.floor(x) for g, x in exact.items()}
    rest = sorted(exact, key=lambda g: (counts[g] - exact[g], g))
    for g in rest[: classes - sum(counts.values())]:
        counts[g] += 1
    return {g: n for g, n in counts.items() if n}


def make_classes(
    counts: dict[int, int], buildings: tuple[str, ...], rng: random.Random, kk_share: float = 0.6
) -> list[ClassPlan]:
    """Classes with sizes, language of instruction, subgroups and day lengths."""
    out = []
    for grade, n in sorted(counts.items()):
        for k in range(n):
            size = rng.randint(20, 25) if grade == 1 else rng.randint(22, 30)
            medium = "kk" if k < max(1, round(n * kk_share)) else "ru"
            courses = curriculum(grade, medium)
            hours = sum(c.hours for c in courses)
            lengths = [hours // DAYS] * DAYS
            for d in rng.sample(range(DAYS), hours % DAYS):
                lengths[d] += 1
            plan = ClassPlan(
                code=f"{grade}{LETTERS[k]}",
                grade=grade,
                shift=shift_of_grade(grade),
                building=home_building(grade, buildings),
                size=size,
                medium=medium,
                day_lengths=lengths,
            )
            for c in courses:
                if c.split and size >= SPLIT_MIN_SIZE[c.split]:
                    plan.divisions[c.split] = ((size + 1) // 2, size // 2)
            out.append(plan)
    return out


Audience = list[tuple[str, str | None]]


def _course(
    key: str,
    cls: ClassPlan,
    subject: str,
    spec: tuple[int, int, int],
    aud: Audience,
    bs: tuple[str, ...],
) -> Course:
    """A course of `cls`; spec is (hours, doubles, audience size)."""
    hours, doubles, size = spec
    kind = SUBJECT[subject].kind
    building = kind_building(kind, cls.building, cls.grade, bs)
    return Course(key, subject, tuple(aud), hours, doubles, kind, building, size, cls.shift)


def make_units(
    classes: list[ClassPlan], buildings: tuple[str, ...], rng: random.Random, join_share: float
) -> tuple[list[Course], list[Unit]]:
    """Every course of every class and the units that will fill the class grids.

    English of two parallel classes is joined into level groups (class A's group 1 with class
    B's group 1, ...) for a share of the parallel pairs from grade 5 up.
    """
    courses: list[Course] = []
    units: list[Unit] = []
    joined = _joined_pairs(classes, rng, join_share)
    for cls in classes:
        for cd in curriculum(cls.grade, cls.medium):
            if cd.subject == "ENG" and cls.code in joined:
                partner = joined[cls.code]
                if partner is not None:
                    spec = (cd.hours, cd.doubles, 0)
                    _add_joined(cls, partner, spec, buildings, courses, units)
                continue
            parts = []
            aud: Audience
            if cd.split and cd.split in cls.divisions:
                for code, size in zip(GROUP_CODES[cd.split], cls.divisions[cd.split], strict=True):
                    key = f"{cls.code}-{cd.subject}-{code}"
                    aud = [(cls.code, code)]
                    spec = (cd.hours, cd.doubles, size)
                    parts.append(_course(key, cls, cd.subject, spec, aud, buildings))
            else:
                key = f"{cls.code}-{cd.subject}"
                aud = [(cls.code, None)]
                spec = (cd.hours, cd.doubles, cls.size)
                parts.append(_course(key, cls, cd.subject, spec, aud, buildings))
            courses.extend(parts)
            for length in parts[0].lengths():
                first = parts[0]
                units.append(Unit(parts, [cls], length, cd.subject, first.kind, first.building))
    return courses, units


def _joined_pairs(
    classes: list[ClassPlan], rng: random.Random, share: float
) -> dict[str, ClassPlan | None]:
    """class code -> partner (None for the second of a pair, whose English the first holds)."""
    by_grade: dict[int, list[ClassPlan]] = defaultdict(list)
    for c in classes:
        if c.grade >= 5 and "eng" in c.divisions:
            by_grade[c.grade].append(c)
    out: dict[str, ClassPlan | None] = {}
    for group in by_grade.values():
        for a, b in zip(group[::2], group[1::2], strict=False):
            if rng.random() < share:
                out[a.code] = b
                out[b.code] = None
    return out


def _add_joined(
    a: ClassPlan,
    b: ClassPlan,
    spec: tuple[int, int, int],
    buildings: tuple[str, ...],
    courses: list[Course],
    units: list[Unit],
) -> None:
    hours, doubles, _ = spec
    parts = []
    for i, code in enumerate(GROUP_CODES["eng"]):
        size = a.divisions["eng"][i] + b.divisions["eng"][i]
        key = f"{a.code}{b.code[len(str(b.grade)) :]}-ENG-{code}"  # "7АӘ-ENG-en1"
        aud: Audience = [(a.code, code), (b.code, code)]
        parts.append(_course(key, a, "ENG", (hours, doubles, size), aud, buildings))
    courses.extend(parts)
    for length in parts[0].lengths():
        units.append(Unit(parts, [a, b], length, "ENG", parts[0].kind, parts[0].building))


def room_caps(
    units: list[Unit], classes: list[ClassPlan], use: float
) -> dict[tuple[str, str], int]:
    """Rooms of each special kind per building so that about `use` of their time is used."""
    hours: dict[tuple[str, str], int] = defaultdict(int)
    users: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u in units:
        if u.kind != "ordinary":
            hours[(u.kind, u.building)] += u.length * len(u.courses)
            users[(u.kind, u.building)].update(c.code for c in u.classes)
    by_code = {c.code: c for c in classes}
    caps = {}
    for key, h in hours.items():
        open_slots = 0
        for shift in ("1", "2"):
            members = [by_code[c] for c in users[key] if by_code[c].shift == shift]
            if members:
                open_slots += sum(max(c.day_lengths[d] for c in members) for d in range(DAYS))
        caps[key] = max(1, math.ceil(h / (use * max(1, open_slots))))
    return caps
