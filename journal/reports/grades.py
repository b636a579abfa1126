"""Grade statistics as Kazakh schools report them, from the term (or year) grades in force.

A student's mark in a subject is their FinalGrade for the period; a teacher's override wins over
the computed mark. Marks are 5-point digits, "pass"/"fail" (зачёт subjects) or, in grade 1,
descriptive levels that no statistic counts.

- Distribution: how many 5, 4, 3, 2 (and pass, fail).
- Average mark: the mean of the digit marks, to hundredths.
- Quality of knowledge (качество знаний / білім сапасы): the share of 4 and 5 among digit marks.
- Success rate (успеваемость / үлгерім): the share of marks of 3 or more among digit marks,
  passes counted with them and fails against them.
- Degree of learning (СОУ, V. P. Simonov): marks weighted 5 -> 100 %, 4 -> 64 %, 3 -> 36 %,
  2 -> 16 %, 1 -> 7 %, averaged.
- Students by all their marks of the period: excellent (отличник: only 5), good (хорошист: 4 and
  5), satisfactory (троечник: a 3, no 2), failing (неуспевающий: a 2 or a fail); students with
  no digit mark and no fail are "without marks". "With one 4" and "with one 3" are the usual
  reserve counts. A class's quality is (excellent + good) / students with marks, its success
  rate (students with marks - failing) / students with marks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from journal.assessment import FAIL, PASS
from journal.reports.figures import mean, percent
from models.classes import SchoolClass
from models.curriculum import Subject
from models.journal import FinalGrade
from models.people import Student

EXCELLENT, GOOD, SATISFACTORY, FAILING, UNGRADED = (
    "excellent", "good", "satisfactory", "failing", "ungraded",
)  # fmt: skip
CATEGORIES: tuple[str, ...] = (EXCELLENT, GOOD, SATISFACTORY, FAILING, UNGRADED)
ONE_FOUR, ONE_THREE = "one_4", "one_3"
QUALITY_FROM, SUCCESS_FROM = 4, 3
SOU_WEIGHTS: Mapping[int, Decimal] = {
    5: Decimal("1"), 4: Decimal("0.64"), 3: Decimal("0.36"), 2: Decimal("0.16"), 1: Decimal("0.07"),
}  # fmt: skip
FEW_STUDENTS = 500
MARK_COLUMNS: tuple[str, ...] = ("5", "4", "3", "2", PASS, FAIL)


@dataclass(frozen=True, slots=True)
class Distribution:
    """Marks counted, with the average, quality, success rate and degree of learning."""

    counts: Mapping[str, int]  # "5", "4", "3", "2" (other digits too), "pass", "fail"
    average: float | None
    quality: float | None
    success: float | None
    sou: float | None

    @property
    def graded(self) -> int:
        """How many marks count (digits, passes and fails)."""
        return sum(self.counts.values())

    def count(self, mark: str) -> int:
        """How many of this mark."""
        return self.counts.get(mark, 0)


def distribution(marks: Iterable[str]) -> Distribution:
    """The statistics of a list of marks (descriptive levels and empty marks are left out).

    Args:
        marks: marks in force ("5", "4", ..., "pass", "fail", "low", "").

    Returns:
        E.g. for 5, 5, 4, 3, 2: average 3.8, quality 60.0, success 80.0, СОУ 63.2.
    """
    counts: Counter[str] = Counter(m for m in marks if m.isdigit() or m in (PASS, FAIL))
    digits = {int(m): n for m, n in counts.items() if m.isdigit()}
    numeric = sum(digits.values())
    total = sum(mark * n for mark, n in digits.items())
    succeeded = sum(n for mark, n in digits.items() if mark >= SUCCESS_FROM) + counts[PASS]
    weighted = sum(SOU_WEIGHTS.get(mark, Decimal(0)) * n for mark, n in digits.items())
    return Distribution(
        dict(counts),
        mean(total, numeric),
        percent(sum(n for mark, n in digits.items() if mark >= QUALITY_FROM), numeric),
        percent(succeeded, numeric + counts[PASS] + counts[FAIL]),
        percent(weighted, numeric),
    )


def category(marks: Iterable[str]) -> tuple[str, str]:
    """A student's category by all their marks of a period, and their reserve count.

    Args:
        marks: the student's marks in force, one per subject.

    Returns:
        (category, reserve): the category of CATEGORIES; reserve ONE_FOUR for an excellent
        student but one 4, ONE_THREE for a good student but one 3, else "".
    """
    listed = list(marks)
    digits = sorted(int(m) for m in listed if m.isdigit())
    if FAIL in listed or any(d < SUCCESS_FROM for d in digits):
        return FAILING, ""
    if not digits:
        return UNGRADED, ""
    lowest, below = digits[0], Counter(digits)
    if lowest >= 5:
        return EXCELLENT, ""
    if lowest == QUALITY_FROM:
        return GOOD, ONE_FOUR if below[QUALITY_FROM] == 1 else ""
    return SATISFACTORY, ONE_THREE if below[SUCCESS_FROM] == 1 else ""


@dataclass(frozen=True, slots=True)
class StudentMarks:
    """A student's marks of the period by subject id, and their category."""

    id: int
    name: str
    class_id: int
    marks: Mapping[int, str]
    category: str
    reserve: str


@dataclass(frozen=True, slots=True)
class Summary:
    """Students by category, with the quality and success rate counted by students."""

    students: int
    categories: Mapping[str, int]
    reserves: Mapping[str, int]
    quality: float | None
    success: float | None
    marks: Distribution  # every mark of these students

    @property
    def graded(self) -> int:
        """Students with marks."""
        return self.students - self.categories.get(UNGRADED, 0)


def summary(students: Collection[StudentMarks]) -> Summary:
    """Students counted by category; quality and success by students with marks."""
    cats = Counter(s.category for s in students)
    reserves = Counter(s.reserve for s in students if s.reserve)
    graded = len(students) - cats[UNGRADED]
    return Summary(
        len(students),
        {c: cats[c] for c in CATEGORIES},
        {r: reserves[r] for r in (ONE_FOUR, ONE_THREE)},
        percent(cats[EXCELLENT] + cats[GOOD], graded),
        percent(graded - cats[FAILING], graded),
        distribution(m for s in students for m in s.marks.values()),
    )


@dataclass(frozen=True, slots=True)
class ClassGrades:
    """One class in a period: per subject, per student, and its summary."""

    class_id: int
    code: str
    subjects: tuple[tuple[int, str], ...]  # (id, name) of the subjects with marks, by name
    by_subject: Mapping[int, Distribution]
    students: tuple[StudentMarks, ...]  # by name
    summary: Summary


@dataclass(frozen=True, slots=True)
class SchoolGrades:
    """Every class asked for in a period, the subjects, and the school's totals."""

    period: str
    classes: tuple[ClassGrades, ...]
    subjects: tuple[tuple[int, str], ...]
    by_subject: Mapping[int, Distribution]
    summary: Summary

    def cell(self, subject_id: int, class_id: int) -> Distribution | None:
        """A subject's statistics in a class, None when the class has no marks in it."""
        klass = next((c for c in self.classes if c.class_id == class_id), None)
        return klass.by_subject.get(subject_id) if klass is not None else None


def grade_statistics(
    session: Session,
    *,
    school_id: int,
    period: str,
    class_ids: Collection[int] | None = None,
    sort_key: Callable[[str], Any] = str.casefold,
) -> SchoolGrades:
    """The grade statistics of the classes asked for (None: the whole school) in a period.

    Args:
        session: an open session.
        school_id: the school.
        period: FinalGrade.period: a term's name, or "year:<academic year name>".
        class_ids: the classes (None: every live class of the school).
        sort_key: how names sort (the reader's language).

    Returns:
        Per class (by grade, then code) and for all of them together.
    """
    query = select(SchoolClass).where(
        SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None)
    )
    if class_ids is not None:
        query = query.where(col(SchoolClass.id).in_(sorted(set(class_ids))))
    classes = sorted(session.exec(query).all(), key=lambda c: (c.grade, sort_key(c.code)))
    people = session.exec(
        select(Student.id, Student.name, Student.class_id).where(
            Student.school_id == school_id, col(Student.deleted_at).is_(None),
            col(Student.class_id).in_([c.id for c in classes]),
        )
    ).all()  # fmt: skip
    marks = _marks(session, school_id, period, [s or 0 for s, _, _ in people])
    names = _subject_names(session, school_id, {s for by in marks.values() for s in by})
    order = sorted(names, key=lambda s: (sort_key(names[s]), s))
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for sid, name, class_id in people:
        members[class_id].append((sid or 0, name))
    built = tuple(
        _class(c, members.get(c.id or 0, []), marks, names, order, sort_key) for c in classes
    )
    everyone = [s for c in built for s in c.students]
    by_subject = {
        s: distribution(m.marks[s] for m in everyone if s in m.marks) for s in order
    }  # fmt: skip
    subjects = tuple((s, names[s]) for s in order)
    return SchoolGrades(period, built, subjects, by_subject, summary(everyone))


def _class(
    klass: SchoolClass,
    people: list[tuple[int, str]],
    marks: dict[int, dict[int, str]],
    names: dict[int, str],
    order: list[int],
    sort_key: Callable[[str], Any],
) -> ClassGrades:
    students = []
    for sid, name in sorted(people, key=lambda p: (sort_key(p[1]), p[0])):
        own = marks.get(sid, {})
        kind, reserve = category(own.values())
        students.append(StudentMarks(sid, name, klass.id or 0, own, kind, reserve))
    present = [s for s in order if any(s in m.marks for m in students)]
    return ClassGrades(
        klass.id or 0,
        klass.code,
        tuple((s, names[s]) for s in present),
        {s: distribution(m.marks[s] for m in students if s in m.marks) for s in present},
        tuple(students),
        summary(students),
    )


def _marks(
    session: Session, school_id: int, period: str, student_ids: list[int]
) -> dict[int, dict[int, str]]:
    """Student -> subject -> the mark in force (the override wins)."""
    if not student_ids or not period:
        return {}
    wanted = set(student_ids)
    query = select_columns(
        col(FinalGrade.student_id), col(FinalGrade.subject_id), col(FinalGrade.mark),
        col(FinalGrade.override_mark),
    ).where(col(FinalGrade.school_id) == school_id, col(FinalGrade.period) == period)  # fmt: skip
    if len(wanted) <= FEW_STUDENTS:  # a class or a few: through the (student, ...) index
        query = query.where(col(FinalGrade.student_id).in_(sorted(wanted)))
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for student, subject, mark, override in session.execute(query).all():
        if student in wanted and (override or mark):
            out[student][subject] = override or mark
    return out


def _subject_names(session: Session, school_id: int, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(Subject.id, Subject.name).where(
            Subject.school_id == school_id, col(Subject.id).in_(sorted(ids))
        )
    ).all()
    return {i or 0: name for i, name in rows}
