"""Teachers for a planted timetable: filled close to their contract, never in two places at once.

Courses are handed to teachers of the right qualification best-fit (the fullest teacher who can
still take the course without a clash, a walk they cannot make, or too long a day); a new
teacher is hired when nobody can. Primary classes get their own class teacher for the subjects a
primary class teacher teaches. Some hires are part-timers with one or two days off.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from bench.catalogue import DAYS, SUBJECT
from bench.model import Busy, Course, course_busy
from bench.names import NamePool
from bench.tighten import Cell, tighten

MAX_PER_DAY = 7


@dataclass
class TeacherPlan:
    code: str
    name: str
    group: str
    cap: int  # contract periods a week
    days_off: frozenset[int] = frozenset()
    busy: list[Busy] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    courses: list[Course] = field(default_factory=list)

    @property
    def load(self) -> int:
        return sum(c.hours for c in self.courses)

    def per_day(self) -> list[int]:
        """Periods taught on each day."""
        out = [0] * DAYS
        for c in self.courses:
            for day, _, length in c.placed:
                out[day] += length
        return out

    def can_take(self, course: Course, stretches: list[Busy]) -> bool:
        """True when `course` fits: contract, days off, clashes, walks, day length."""
        if self.load + course.hours > self.cap:
            return False
        if any(b.day in self.days_off for b in stretches):
            return False
        if any(a.clashes(b) for a in stretches for b in self.busy):
            return False
        per_day = self.per_day()
        for day, _, length in course.placed:
            per_day[day] += length
        return max(per_day) <= MAX_PER_DAY

    def take(self, course: Course, stretches: list[Busy]) -> None:
        """Add `course` to this teacher's week."""
        self.courses.append(course)
        self.busy.extend(stretches)
        self.subjects.add(course.subject)
        course.teacher = self.code


@dataclass
class Staff:
    rng: random.Random
    names: NamePool
    part_time_share: float = 0.2
    teachers: list[TeacherPlan] = field(default_factory=list)
    by_group: dict[str, list[TeacherPlan]] = field(default_factory=lambda: defaultdict(list))

    def hire(self, group: str, *, cap: int | None = None) -> TeacherPlan:
        """A new teacher: full-time (contract 18..27) or part-time with days off."""
        part_time = cap is None and self.rng.random() < self.part_time_share
        days_off: frozenset[int] = frozenset()
        if part_time:
            days_off = frozenset(self.rng.sample(range(DAYS), self.rng.choice((1, 2))))
            cap = self.rng.randint(9, 16)
        elif cap is None:
            cap = self.rng.randint(18, 27)
        code = f"T{len(self.teachers) + 1:03d}"
        t = TeacherPlan(code, self.names.take(), group, cap, days_off)
        self.teachers.append(t)
        self.by_group[group].append(t)
        return t

    def assign(self, courses: list[Course]) -> None:
        """Give every course a teacher, hiring as needed."""
        prim: dict[str, list[Course]] = defaultdict(list)
        other: list[Course] = []
        for c in courses:
            if SUBJECT[c.subject].group == "PRIM":
                prim[c.audience[0][0]].append(c)
            else:
                other.append(c)
        for klass in sorted(prim):
            items = prim[klass]
            t = self.hire("PRIM", cap=sum(c.hours for c in items))
            for c in items:
                t.take(c, course_busy(c))
        other.sort(key=lambda c: (SUBJECT[c.subject].group, -c.hours, self.rng.random()))
        for c in other:
            stretches = course_busy(c)
            group = SUBJECT[c.subject].group
            fits = [t for t in self.by_group[group] if t.can_take(c, stretches)]
            if fits:
                t = max(fits, key=lambda t: (t.load + c.hours) / t.cap)
            else:
                t = self.hire(group)
                if not t.can_take(c, stretches):  # too big for a part-timer: full-time instead
                    self.teachers.pop()
                    self.by_group[group].pop()
                    t = self.hire(group, cap=max(c.hours, self.rng.randint(18, 27)))
            t.take(c, stretches)


def unavailable(
    t: TeacherPlan, use: float, rng: random.Random, *, other_shift: bool = True
) -> list[Cell]:
    """Cells the teacher is unavailable in, none overlapping a planted lesson of theirs.

    Days off (and, with `other_shift`, the shift they do not teach in) go first; then free
    days, then periods at the edges of their days (late starts, early finishes), then gaps
    between their lessons (other duties), until load / available periods reaches `use`
    (use 0: days off only).
    """
    busy = [(b.day, b.start, b.end) for b in t.busy]
    shifts = {c.shift for c in t.courses} if other_shift else {"1", "2"}
    return tighten(busy, t.load, use, rng, shifts=shifts, days_off=t.days_off)
