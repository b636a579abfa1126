"""Attendance statistics' reads: who a lesson is for, registers taken, marks grouped in SQL.

Marks are scoped through their register (`lesson_record`): a second condition on
`attendance.school_id` made SQLite, without statistics, walk every mark of the school.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from models.classes import SchoolClass
from models.curriculum import Subject
from models.journal import Attendance, LessonRecord
from models.lessons import LessonAudience, LessonRequirement
from models.people import Student, StudentSubgroup


@dataclass(frozen=True, slots=True)
class Scope:
    """Who a report counts: students, classes, and each lesson's students among them."""

    students: dict[int, tuple[str, int]]  # id -> (name, class id)
    classes: dict[int, str]  # id -> code
    lessons: dict[int, tuple[int, frozenset[int]]]  # lesson -> (subject, its students in scope)
    subjects: dict[int, str]
    whole_school: bool  # every class: no per-lesson filter on the marks
    shared: frozenset[int]  # lessons joined with classes outside the scope

    def wanted(self, lessons: Collection[int]) -> list[int] | None:
        """A lesson filter for the marks (None: the whole school's, no filter needed)."""
        return None if self.whole_school else sorted(lessons)


def read_scope_of(
    session: Session, school_id: int, class_ids: Collection[int] | None, subject_id: int | None
) -> Scope:
    """The students of the classes asked for (None: the school) and the lessons they have
    (of one subject when asked), each with the students in scope it is for."""
    classes = select(SchoolClass.id, SchoolClass.code).where(
        SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None)
    )
    students = select(Student.id, Student.name, Student.class_id).where(
        Student.school_id == school_id, col(Student.deleted_at).is_(None)
    )
    parts = select(
        LessonAudience.lesson_id, LessonAudience.class_id, LessonAudience.subgroup_id,
        LessonRequirement.subject_id,
    ).join(LessonRequirement, col(LessonRequirement.id) == col(LessonAudience.lesson_id)).where(
        LessonAudience.school_id == school_id
    )  # fmt: skip
    if class_ids is not None:
        wanted = sorted(set(class_ids))
        classes = classes.where(col(SchoolClass.id).in_(wanted))
        students = students.where(col(Student.class_id).in_(wanted))
        parts = parts.where(col(LessonAudience.class_id).in_(wanted))
    if subject_id is not None:
        parts = parts.where(LessonRequirement.subject_id == subject_id)
    class_codes = {c or 0: code for c, code in session.exec(classes).all()}
    people = {s or 0: (name, c) for s, name, c in session.exec(students).all() if c in class_codes}
    rows = list(session.exec(parts).all())
    lessons = _audiences(session, school_id, rows, people)
    subject_ids = sorted({subject for subject, _ in lessons.values()})
    subjects = dict(
        session.exec(
            select(Subject.id, Subject.name).where(
                Subject.school_id == school_id, col(Subject.id).in_(subject_ids)
            )
        ).all()
    )
    whole = class_ids is None and subject_id is None
    shared = frozenset() if class_ids is None else _shared(session, school_id, lessons, class_ids)
    return Scope(people, class_codes, lessons, subjects, whole, shared)  # type: ignore[arg-type]


def _shared(
    session: Session, school_id: int, lessons: Collection[int], class_ids: Collection[int]
) -> frozenset[int]:
    """The lessons whose audience also has classes outside `class_ids` (joined lessons)."""
    if not lessons:
        return frozenset()
    rows = session.exec(
        select(LessonAudience.lesson_id, LessonAudience.class_id).where(
            LessonAudience.school_id == school_id,
            col(LessonAudience.lesson_id).in_(sorted(lessons)),
        )
    ).all()
    inside = set(class_ids)
    return frozenset(lesson for lesson, klass in rows if klass not in inside)


def _audiences(
    session: Session, school_id: int, rows: list[Any], people: dict[int, tuple[str, int]]
) -> dict[int, tuple[int, frozenset[int]]]:
    """Lesson -> (subject, the students in scope it is for), as `audience_students` counts."""
    groups = sorted({g for _, _, g, _ in rows if g is not None})
    members: dict[int, set[int]] = defaultdict(set)
    if groups:
        for group, student in session.exec(
            select(StudentSubgroup.subgroup_id, StudentSubgroup.student_id).where(
                StudentSubgroup.school_id == school_id, col(StudentSubgroup.subgroup_id).in_(groups)
            )
        ):
            members[group].add(student)
    by_class: dict[int, set[int]] = defaultdict(set)
    for sid, (_, class_id) in people.items():
        by_class[class_id].add(sid)
    out: dict[int, tuple[int, set[int]]] = {}
    for lesson, class_id, group, subject in rows:
        whole = by_class.get(class_id, set())
        who = whole if group is None else whole & members.get(group, set())
        out.setdefault(lesson, (subject, set()))[1].update(who)
    return {lesson: (subject, frozenset(who)) for lesson, (subject, who) in out.items()}


def _taken(start: date, end: date, school_id: int) -> tuple[Any, ...]:
    """The conditions of a register whose attendance counts."""
    return (
        col(LessonRecord.school_id) == school_id,
        col(LessonRecord.day) >= start,
        col(LessonRecord.day) <= end,
        col(LessonRecord.attendance_taken_at).is_not(None),
        col(LessonRecord.deleted_at).is_(None),
    )


def held_registers(
    session: Session, school_id: int, start: date, end: date, lessons: list[int] | None
) -> list[Any]:
    """(record, lesson, day) of the registers taken for these lessons (None: every lesson)."""
    query = select_columns(
        col(LessonRecord.id), col(LessonRecord.lesson_id), col(LessonRecord.day)
    ).where(*_taken(start, end, school_id))
    if lessons is not None:
        query = query.where(col(LessonRecord.lesson_id).in_(lessons))
    return list(session.execute(query).all())


def grouped_marks(
    session: Session,
    school_id: int,
    start: date,
    end: date,
    lessons: list[int] | None,
    by: list[Any],
) -> list[Any]:
    """Live marks on these lessons' registers (None: every lesson), grouped by the columns `by`
    (of student, lesson, day), then status: (*by, status, count, late minutes)."""
    if lessons == []:
        return []
    query = (
        select_columns(
            *by, col(Attendance.status), func.count(col(Attendance.id)),
            func.sum(col(Attendance.late_minutes)),
        )
        # the record's school scopes its marks: a second condition on attendance.school_id
        # made SQLite walk every mark of the school instead of the records' index
        .join(LessonRecord, col(LessonRecord.id) == col(Attendance.record_id))
        .where(*_taken(start, end, school_id), col(Attendance.deleted_at).is_(None))
        .group_by(*by, col(Attendance.status))
    )  # fmt: skip
    if lessons is not None:
        query = query.where(col(LessonRecord.lesson_id).in_(lessons))
    return list(session.execute(query).all())
