"""Attendance statistics: lessons, absences (excused or not), lateness, by student, class,
subject and week, with chronic absence flagged.

A lesson counts once its register has attendance taken (`LessonRecord.attendance_taken_at`);
registers never taken say nothing about who came. Every student of the lesson's audience (the
whole class, or the members of its subgroup) had that lesson; the register stores only marks other
than "present", so a student's absences are their live marks on those lessons. Late students were
there: lateness is counted apart and does not lower the attendance percent.

Chronic absence: a student who missed (excused or not) at least `threshold` percent of their
lessons in the period, as the usual definition counts every absence. The threshold is the
school's setting (`journal.reports.settings`, 10 % unless the school admin changed it) unless
the caller passes another one; the report pages let the reader try another (their `threshold`
field) without changing the setting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col

from journal.reports.attendance_reads import Scope, grouped_marks, held_registers, read_scope_of
from journal.reports.figures import percent
from journal.reports.settings import chronic_threshold
from models.journal import ABSENT, EXCUSED, LATE, Attendance, LessonRecord


@dataclass(frozen=True, slots=True)
class Tally:
    """Lessons had, and how many were missed or begun late."""

    lessons: int = 0
    absent: int = 0  # without a reason the school accepted
    excused: int = 0
    late: int = 0
    late_minutes: int = 0

    @property
    def missed(self) -> int:
        """Lessons missed, excused or not."""
        return self.absent + self.excused

    @property
    def attended(self) -> float | None:
        """The percent of lessons attended (late counts as attended); None without lessons."""
        return percent(self.lessons - self.missed, self.lessons)

    @property
    def missed_percent(self) -> float | None:
        """The percent of lessons missed; None without lessons."""
        return percent(self.missed, self.lessons)

    def chronic(self, threshold: float) -> bool:
        """Missed at least `threshold` percent of the lessons (exact, before any rounding)."""
        return self.lessons > 0 and self.missed * 100 >= threshold * self.lessons


@dataclass(slots=True)
class _Count:
    lessons: int = 0
    marks: dict[str, int] = field(default_factory=dict)
    minutes: int = 0

    def mark(self, status: str, count: int, minutes: int | None) -> None:
        self.marks[status] = self.marks.get(status, 0) + count
        if status == LATE:
            self.minutes += minutes or 0

    def tally(self) -> Tally:
        m = self.marks
        return Tally(self.lessons, m.get(ABSENT, 0), m.get(EXCUSED, 0), m.get(LATE, 0),
                     self.minutes)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Line:
    """One student, class or subject with its tally."""

    id: int
    name: str
    tally: Tally
    chronic: bool = False
    class_code: str = ""  # a student's class


@dataclass(frozen=True, slots=True)
class Week:
    """The lessons of one week (Monday to Sunday) in the period."""

    monday: date
    tally: Tally


@dataclass(frozen=True, slots=True)
class AttendanceReport:
    """Attendance in a period for the classes asked for."""

    start: date
    end: date
    threshold: float
    total: Tally
    students: tuple[Line, ...]  # by class, then name
    classes: tuple[Line, ...]
    subjects: tuple[Line, ...]
    weeks: tuple[Week, ...]

    @property
    def chronic(self) -> tuple[Line, ...]:
        """The chronic absentees, most missed first."""
        flagged = [s for s in self.students if s.chronic]
        return tuple(sorted(flagged, key=lambda s: -(s.tally.missed_percent or 0.0)))

    @property
    def chronic_by_class(self) -> dict[str, int]:
        """How many chronic absentees each class has (by class code)."""
        counts: dict[str, int] = defaultdict(int)
        for s in self.students:
            if s.chronic:
                counts[s.class_code] += 1
        return dict(counts)

    def student(self, student_id: int) -> Line | None:
        """One student's line, if they are in the report."""
        return next((s for s in self.students if s.id == student_id), None)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(slots=True)
class _Counts:
    students: dict[int, _Count] = field(default_factory=lambda: defaultdict(_Count))
    subjects: dict[int, _Count] = field(default_factory=lambda: defaultdict(_Count))
    weeks: dict[date, _Count] = field(default_factory=lambda: defaultdict(_Count))


def _count(
    session: Session, scope: Scope, school_id: int, start: date, end: date, weeks: bool
) -> _Counts:
    counts = _Counts()
    held = held_registers(session, school_id, start, end, scope.wanted(scope.lessons))
    for _, lesson, day in held:
        subject, who = scope.lessons.get(lesson, (0, frozenset()))
        for student in who:
            counts.students[student].lessons += 1
        counts.subjects[subject].lessons += len(who)
        counts.weeks[_monday(day)].lessons += len(who)
    who_, lesson_ = col(Attendance.student_id), col(LessonRecord.lesson_id)
    lessons = scope.wanted(scope.lessons)
    for sid, lesson, status, n, minutes in grouped_marks(
        session, school_id, start, end, lessons, [who_, lesson_]
    ):
        subject, who = scope.lessons.get(lesson, (0, frozenset()))
        if sid in who:  # else a mark from before the student changed class or group
            counts.students[sid].mark(status, n, minutes)
            counts.subjects[subject].mark(status, n, minutes)
    if weeks:
        _count_weeks(session, scope, school_id, start, end, counts, held)
    else:
        counts.weeks.clear()
    return counts


def _count_weeks(
    session: Session,
    scope: Scope,
    school_id: int,
    start: date,
    end: date,
    counts: _Counts,
    held: list[Any],
) -> None:
    """Marks by week: grouped by register (SQLite's cheapest grouping of a year's marks), except
    joined lessons, whose marks are counted student by student to leave the others out."""
    when = {record: (lesson, day) for record, lesson, day in held}
    alone = scope.wanted(set(scope.lessons) - scope.shared)
    by_record = [col(Attendance.record_id)]
    for record, status, n, minutes in grouped_marks(
        session, school_id, start, end, alone, by_record
    ):
        lesson, day = when.get(record, (0, None))
        if day is not None and lesson in scope.lessons:
            counts.weeks[_monday(day)].mark(status, n, minutes)
    if scope.shared:
        by_student = [col(Attendance.student_id), col(Attendance.record_id)]
        joined = sorted(scope.shared)
        for sid, record, status, n, minutes in grouped_marks(
            session, school_id, start, end, joined, by_student
        ):
            lesson, day = when.get(record, (0, None))
            if day is not None and sid in scope.lessons[lesson][1]:
                counts.weeks[_monday(day)].mark(status, n, minutes)


def attendance_report(
    session: Session,
    *,
    school_id: int,
    start: date,
    end: date,
    class_ids: Collection[int] | None = None,
    subject_id: int | None = None,
    threshold: float | None = None,
    sort_key: Callable[[str], Any] = str.casefold,
    weeks: bool = True,
) -> AttendanceReport:
    """Attendance from `start` to `end` by student, class, subject and week.

    Args:
        session: an open session.
        school_id: the school.
        start: the first day.
        end: the last day (inclusive).
        class_ids: only these classes (None: the whole school).
        subject_id: only the lessons of this subject.
        threshold: the percent of lessons missed from which a student is a chronic absentee;
            None: the school's setting.
        sort_key: how names sort (the reader's language).
        weeks: count by week too (a second pass over the marks; the school report skips it).

    Returns:
        The report; students and classes without any counted lesson are listed with zeros;
        no weeks when `weeks` is False.
    """
    if threshold is None:
        threshold = chronic_threshold(session, school_id=school_id)
    scope = read_scope_of(session, school_id, class_ids, subject_id)
    counts = _count(session, scope, school_id, start, end, weeks)
    students = []
    for sid, (name, class_id) in scope.students.items():
        tally = counts.students[sid].tally()
        students.append(
            Line(sid, name, tally, tally.chronic(threshold), scope.classes.get(class_id, ""))
        )
    class_order = {cid: sort_key(code) for cid, code in scope.classes.items()}
    students.sort(key=lambda s: (class_order.get(scope.students[s.id][1]), sort_key(s.name), s.id))
    per_class: dict[int, list[Tally]] = defaultdict(list)
    for s in students:
        per_class[scope.students[s.id][1]].append(s.tally)
    classes = [
        Line(cid, code, _sum(per_class.get(cid, [])))
        for cid, code in sorted(scope.classes.items(), key=lambda c: class_order[c[0]])
    ]
    subjects = [
        Line(sub, scope.subjects.get(sub, ""), counts.subjects[sub].tally())
        for sub in sorted(counts.subjects, key=lambda s: sort_key(scope.subjects.get(s, "")))
        if sub in scope.subjects
    ]
    by_week = tuple(Week(m, counts.weeks[m].tally()) for m in sorted(counts.weeks))
    total = _sum(s.tally for s in students)
    return AttendanceReport(
        start, end, threshold, total, tuple(students), tuple(classes), tuple(subjects), by_week
    )


def _sum(tallies: Iterable[Tally]) -> Tally:
    total = [0, 0, 0, 0, 0]
    for t in tallies:
        for i, v in enumerate((t.lessons, t.absent, t.excused, t.late, t.late_minutes)):
            total[i] += v
    return Tally(*total)
