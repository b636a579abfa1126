"""A small school for the grade services: two terms, 7A (with subgroups) and 1A, subjects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from models.classes import SchoolClass, Subgroup
from models.curriculum import Subject
from models.people import Student, StudentSubgroup
from models.school import AcademicYear, School, Term

TERM1 = (date(2026, 9, 1), date(2026, 10, 30))
TERM2 = (date(2026, 11, 9), date(2026, 12, 29))


@dataclass
class Sch:
    id: int
    year: int
    term1: int
    term2: int
    classes: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    students: dict[str, int] = field(default_factory=dict)
    subgroups: dict[str, int] = field(default_factory=dict)


def _add(session: Session, row: object) -> int:
    session.add(row)
    session.flush()
    return row.id  # type: ignore[attr-defined, no-any-return]


def build_school(session: Session, code: str = "SCH-1") -> Sch:
    """Школа №1: 7A (Әлия, Борис, Вера; subgroups en-1: Әлия, en-2: Борис, Вера), 1A (Дана)."""
    school_id = _add(session, School(code=code, name=f"Школа {code}", city="Алматы"))
    year = _add(
        session,
        AcademicYear(
            school_id=school_id,
            name="2026-2027",
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 8, 31),
        ),
    )
    t1 = _add(
        session,
        Term(
            school_id=school_id,
            academic_year_id=year,
            name="1 четверть",
            starts_on=TERM1[0],
            ends_on=TERM1[1],
        ),
    )
    t2 = _add(
        session,
        Term(
            school_id=school_id,
            academic_year_id=year,
            name="2 четверть",
            starts_on=TERM2[0],
            ends_on=TERM2[1],
        ),
    )
    sch = Sch(school_id, year, t1, t2)
    for klass, grade in (("7A", 7), ("1A", 1)):
        sch.classes[klass] = _add(
            session, SchoolClass(school_id=school_id, code=klass, grade=grade, shift="1", size=25)
        )
    for subject, name in (("MATH", "Математика"), ("PE", "Дене шынықтыру"), ("KAZ", "Қазақ тілі")):
        sch.subjects[subject] = _add(session, Subject(school_id=school_id, code=subject, name=name))
    for name, klass in (("Әлия", "7A"), ("Борис", "7A"), ("Вера", "7A"), ("Дана", "1A")):
        sch.students[name] = _add(
            session,
            Student(school_id=school_id, code=f"S-{name}", name=name, class_id=sch.classes[klass]),
        )
    for group, members in (("en-1", ["Әлия"]), ("en-2", ["Борис", "Вера"])):
        sch.subgroups[group] = _add(
            session,
            Subgroup(
                school_id=school_id,
                class_id=sch.classes["7A"],
                division="en",
                code=group,
                size=len(members),
            ),
        )
        for member in members:
            _add(
                session,
                StudentSubgroup(
                    school_id=school_id,
                    student_id=sch.students[member],
                    subgroup_id=sch.subgroups[group],
                ),
            )
    session.commit()
    return sch
