"""Builds the CoverProblem of one date from a school's data, its timetable and the day's absences.

Pure: everything comes in as plain values referred to by codes (a `SchoolSnapshot`, the
published timetable's placements, absences, cover counts), so the CLI, the services and the
benchmark's simulated term share it; `substitutions.store` reads those values from the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from models.i18n import N_, Message, message
from models.snapshot import LockedLesson, SchoolSnapshot
from models.substitutions import CLASS_AWAY, ROOM_CLOSED, SHORT_DAY, TEACHER_ABSENT
from solver.problem import Problem
from solver.solution import Placement
from solver.store import placements_from_locked, problem_from_snapshot, unit_ids
from substitutions.params import CoverWeights
from substitutions.problem import (
    Affected,
    Choice,
    ClassInfo,
    CoverProblem,
    DayLesson,
    Dropped,
    RoomInfo,
    SubjectInfo,
    TeacherDay,
    Use,
)


class CoverBuildError(ValueError):
    """The day's absences or choices name things the school does not have; every one listed."""

    def __init__(self, problems: Sequence[Message]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class AbsenceInfo:
    """One absence as it applies to the day: kind, what it names (a code), which periods."""

    kind: str  # models.substitutions.TEACHER_ABSENT, ROOM_CLOSED, CLASS_AWAY, SHORT_DAY
    ref: str = ""  # teacher, room or class code ("" for a short day)
    periods: tuple[int, ...] = ()  # period numbers; empty = the whole day
    reason: str = ""
    shift: str = ""  # the shift (code) whose periods these are; "" = every shift


@dataclass(frozen=True, slots=True)
class CoverCounts:
    week: int = 0
    month: int = 0
    term: int = 0


@dataclass(frozen=True, slots=True)
class StoredChoice:
    """A choice as stored, by codes: the affected lesson is (key, unit, shift, period number)."""

    key: str
    unit: int
    shift: str
    period: int
    action: str
    teacher: str | None = None
    room: str | None = None
    to_period: int | None = None  # period number in the same shift
    partner: str | None = None  # requirement key of the merged or swapped lesson


@dataclass(frozen=True)
class School:
    """A school's data turned into solver ids once, for building many days."""

    snapshot: SchoolSnapshot
    problem: Problem
    placements: tuple[Placement, ...]
    units: dict[int, tuple[str, int]]  # solver lesson id -> (requirement key, unit)
    shifts: tuple[str, ...]  # solver shift id -> shift code


def _shift_codes(snapshot: SchoolSnapshot) -> tuple[str, ...]:
    """Shift codes in the order `solver.store` numbers shifts (numbers by value, then text)."""
    codes = {b.shift for b in snapshot.bells}
    return tuple(sorted(codes, key=lambda c: (int(c), "") if c.isdigit() else (10**9, c)))


def prepare(snapshot: SchoolSnapshot, timetable: Sequence[LockedLesson]) -> School:
    """The school's data and published timetable in solver ids, ready for `build_day`.

    Raises:
        solver.store.ProblemBuildError: the data or the timetable refer to unknown things.
    """
    problem = problem_from_snapshot(snapshot)
    placements = tuple(placements_from_locked(problem, snapshot, timetable))
    units = {lesson: key for key, lesson in unit_ids(snapshot).items()}
    return School(snapshot, problem, placements, units, _shift_codes(snapshot))


def build_day(
    school: School,
    day: date,
    absences: Sequence[AbsenceInfo],
    counts: Mapping[str, CoverCounts] | None = None,
    *,
    locks: Sequence[StoredChoice] = (),
    previous: Sequence[StoredChoice] = (),
    weights: CoverWeights | None = None,
) -> CoverProblem:
    """The cover problem of `day`: its lessons, what the absences affect, who could cover.

    Args:
        school: from `prepare`.
        day: the date; its weekday picks the timetable day (none past the school week).
        absences: those that apply to this date.
        counts: published covers of other days per teacher code (week, month, term).
        locks: the deputy's choices, kept; those no longer about an affected lesson are left out.
        previous: the last plan's other choices, to stay close to.
        weights: the school's weights (defaults when None).

    Returns:
        The frozen problem.

    Raises:
        CoverBuildError: an absence names an unknown teacher, room or class.
    """
    p = school.problem
    weekday = day.weekday()
    lessons = _day_lessons(school, weekday)
    away = _Away.read(p, absences, school.shifts)
    dropped = _dropped(p, lessons, away)
    gone = {d.lesson for d in dropped}
    affected = _affected(lessons, gone, away)
    skip = gone | {a.lesson for a in affected}
    teachers = _teachers(school, weekday, lessons, skip, away, counts or {})
    cp = CoverProblem(
        day=day,
        weekday=weekday,
        school=p.name,
        grid=p,
        shifts=school.shifts,
        rooms=tuple(
            RoomInfo(r.id, r.code, r.name, r.building, r.capacity, r.kind) for r in p.rooms
        ),
        subjects=tuple(SubjectInfo(s.id, s.code, s.name) for s in p.subjects),
        classes=tuple(ClassInfo(c.id, c.code, c.grade, c.shift) for c in p.classes),
        group_names=tuple(g.name for g in p.groups),
        teachers=teachers,
        lessons=lessons,
        affected=affected,
        dropped=dropped,
        closed=frozenset(away.closed),
        weights=weights or CoverWeights(),
    )
    return _with_choices(cp, school, locks, previous)


def _day_lessons(school: School, weekday: int) -> tuple[DayLesson, ...]:
    p = school.problem
    parts: list[tuple[int, str, Placement, int]] = []
    for pl in school.placements:
        if pl.day != weekday:
            continue
        lesson = p.lessons[pl.lesson]
        for q in p.covered(lesson, pl.period):
            parts.append((p.periods[q].start, lesson.label, pl, q))
    parts.sort(key=lambda x: (x[0], x[1], x[2].lesson, x[3]))
    out = []
    for i, (_, _, pl, q) in enumerate(parts):
        lesson = p.lessons[pl.lesson]
        key, unit = school.units[pl.lesson]
        audience = sorted(
            [(c, None) for c in lesson.classes]
            + [(p.groups[g].class_id, g) for g in lesson.groups],
            key=lambda a: (a[0], -1 if a[1] is None else a[1]),
        )
        out.append(
            DayLesson(
                i, key, unit, pl.period, q, lesson.length, lesson.subject, lesson.teachers,
                p.audience_classes(lesson), tuple(audience), pl.room, lesson.size, lesson.label,
            )
        )  # fmt: skip
    return tuple(out)


@dataclass
class _Away:
    """The absences of the day in period ids: teachers away, rooms closed, classes away."""

    teachers: dict[int, set[int]]
    closed: set[tuple[int, int]]
    classes: dict[int, tuple[set[int], str]]
    short: dict[int, tuple[int, str]]  # shift id -> last period number kept, reason

    @classmethod
    def read(cls, p: Problem, absences: Sequence[AbsenceInfo], shifts: Sequence[str]) -> _Away:
        away = cls({}, set(), {}, {})
        errors: list[Message] = []
        teachers = {t.code: t.id for t in p.teachers}
        rooms = {r.code: r.id for r in p.rooms}
        classes = {c.code: c.id for c in p.classes}
        for a in absences:
            in_shift = [q for q in p.periods if not a.shift or shifts[q.shift] == a.shift]
            periods = {q.id for q in in_shift if not a.periods or q.number in a.periods}
            if a.kind == TEACHER_ABSENT and a.ref in teachers:
                away.teachers.setdefault(teachers[a.ref], set()).update(periods)
            elif a.kind == ROOM_CLOSED and a.ref in rooms:
                away.closed.update((rooms[a.ref], q) for q in periods)
            elif a.kind == CLASS_AWAY and a.ref in classes:
                held = away.classes.setdefault(classes[a.ref], (set(), a.reason))
                held[0].update(periods)
            elif a.kind == SHORT_DAY:
                last = max(a.periods, default=0)
                for shift in {q.shift for q in in_shift}:
                    if shift not in away.short or last < away.short[shift][0]:
                        away.short[shift] = (last, a.reason)
            else:
                text = N_("The absence names an unknown {kind} “{ref}”.")
                errors.append(message(text, kind=a.kind, ref=a.ref))
        if errors:
            raise CoverBuildError(errors)
        return away


def _dropped(p: Problem, lessons: Sequence[DayLesson], away: _Away) -> tuple[Dropped, ...]:
    """Lessons every class of which is away, and lessons after a shortened day's last period."""
    out = []
    for ls in lessons:
        period = p.periods[ls.period]
        short = away.short.get(period.shift)
        if short is not None and period.number > short[0]:
            out.append(Dropped(ls.id, SHORT_DAY, short[1], short[0]))
            continue
        gone = [
            away.classes[c] for c in ls.classes if ls.period in away.classes.get(c, ((), ""))[0]
        ]
        if ls.classes and len(gone) == len(ls.classes):
            out.append(Dropped(ls.id, CLASS_AWAY, gone[0][1]))
    return tuple(out)


def _affected(lessons: Sequence[DayLesson], gone: set[int], away: _Away) -> tuple[Affected, ...]:
    """Lessons all of whose teachers are away, or whose room is closed, at that period.

    A lesson taught by two teachers goes on with the one who is there.
    """
    out: list[Affected] = []
    for ls in lessons:
        if ls.id in gone:
            continue
        absent = [t for t in ls.teachers if ls.period in away.teachers.get(t, ())]
        whole = bool(ls.teachers) and len(absent) == len(ls.teachers)
        closed = ls.room is not None and (ls.room, ls.period) in away.closed
        if whole or closed:
            out.append(Affected(len(out), ls.id, absent[0] if whole else None, closed))
    return tuple(out)


def _teachers(
    school: School,
    weekday: int,
    lessons: Sequence[DayLesson],
    skip: set[int],
    away: _Away,
    counts: Mapping[str, CoverCounts],
) -> tuple[TeacherDay, ...]:
    p = school.problem
    week = _week_facts(school)
    subject_ids = {s.code: s.id for s in p.subjects}
    infos = {t.code: t for t in school.snapshot.teachers}
    out = []
    for t in p.teachers:
        absent = frozenset(away.teachers.get(t.id, ()))
        busy = sorted(
            ((ls.period, None if ls.room is None else p.rooms[ls.room].building))
            for ls in lessons
            if t.id in ls.teachers and ls.id not in skip and ls.period not in absent
        )
        load, days, classes = week.get(t.id, (0, set(), set()))
        unavailable = frozenset(q for d, q in t.unavailable if d == weekday)
        today = weekday in days
        full_day_off = len(unavailable) == len(p.periods)
        day_off = not today and (
            full_day_off or (t.max_days is not None and len(days) >= t.max_days)
        )
        info = infos.get(t.code)
        subjects = frozenset(
            subject_ids[c] for c in (info.subjects if info else ()) if c in subject_ids
        )
        c = counts.get(t.code, CoverCounts())
        out.append(
            TeacherDay(
                t.id, t.code, t.name, subjects, frozenset(classes), _in_time_order(p, busy),
                absent, unavailable, day_off, today, t.max_per_day, t.max_per_week, load,
                c.week, c.month, c.term,
            )
        )  # fmt: skip
    return tuple(out)


def _in_time_order(p: Problem, busy: list[Use]) -> tuple[Use, ...]:
    return tuple(sorted(busy, key=lambda u: (p.periods[u[0]].start, u[0])))


def _week_facts(school: School) -> dict[int, tuple[int, set[int], set[int]]]:
    """Per teacher: periods a week, days with lessons, classes taught."""
    p = school.problem
    out: dict[int, tuple[int, set[int], set[int]]] = {}
    for pl in school.placements:
        lesson = p.lessons[pl.lesson]
        for t in lesson.teachers:
            load, days, classes = out.get(t, (0, set(), set()))
            days.add(pl.day)
            classes.update(p.audience_classes(lesson))
            out[t] = (load + lesson.length, days, classes)
    return out


def _with_choices(
    cp: CoverProblem,
    school: School,
    locks: Sequence[StoredChoice],
    previous: Sequence[StoredChoice],
) -> CoverProblem:
    if not locks and not previous:
        return cp
    from dataclasses import replace

    index = _ChoiceIndex(cp, school)
    kept = [c for c in (index.choice(s) for s in locks) if c is not None]
    locked = {c.affected for c in kept}
    rest = [c for c in (index.choice(s) for s in previous) if c is not None]
    return replace(
        cp, locks=tuple(kept), previous=tuple(c for c in rest if c.affected not in locked)
    )


class _ChoiceIndex:
    """Maps stored choices (codes, keys, period numbers) onto the problem's ids."""

    def __init__(self, cp: CoverProblem, school: School) -> None:
        self.cp = cp
        self.period = {cp.slot_of(q.id): q.id for q in cp.periods}
        self.affected = {cp.key_of(a.id): a.id for a in cp.affected}
        self.lesson_at = {(ls.key, ls.period): ls.id for ls in cp.lessons}
        self.teacher = {t.code: t.id for t in cp.teachers}
        self.room = {r.code: r.id for r in cp.rooms}

    def choice(self, s: StoredChoice) -> Choice | None:
        """The choice in ids, or None when its lesson is no longer affected or a name is gone."""
        period = self.period.get((s.shift, s.period))
        if period is None:
            return None
        affected = self.affected.get((s.key, s.unit, period))
        if affected is None:
            return None
        to = None if s.to_period is None else self.period.get((s.shift, s.to_period))
        partner_at = to if to is not None else period
        partner = None if s.partner is None else self.lesson_at.get((s.partner, partner_at))
        teacher = None if s.teacher is None else self.teacher.get(s.teacher)
        room = None if s.room is None else self.room.get(s.room)
        missing = (
            (s.teacher is not None and teacher is None)
            or (s.room is not None and room is None)
            or (s.to_period is not None and to is None)
            or (s.partner is not None and partner is None)
        )
        return None if missing else Choice(affected, s.action, teacher, room, to, partner)
