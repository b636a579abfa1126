"""The people of a school's data that accounts link to: teachers, students with classes, parents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from models.accounts import (
    COUNSELLOR,
    PARENT,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    TIMETABLER,
    UserAccount,
)
from models.classes import SchoolClass
from models.people import Guardianship, Parent, Student, Teacher

# Which record of the school data an account of each role may be linked to.
STAFF_ROLES: tuple[str, ...] = (SCHOOL_ADMIN, TIMETABLER, TEACHER, PSYCHOLOGIST, COUNSELLOR)
LINK_OF_ROLE: dict[str, str] = {
    **{role: "teacher" for role in STAFF_ROLES},
    STUDENT: "student",
    PARENT: "parent",
}
LINK_FIELDS = ("teacher_id", "student_id", "parent_id")


@dataclass(frozen=True, slots=True)
class Person:
    """A teacher, student or parent row, as a list of choices shows it."""

    kind: str  # teacher, student, parent
    id: int
    code: str
    name: str
    group: str = ""  # a student's class; a parent's children ("Name (7A), Name (9B)")
    account_id: int | None = None  # the live account already linked to this person
    email: str = ""  # from the school data (teachers and parents), for password resets


@dataclass(frozen=True, slots=True)
class Child:
    id: int
    name: str
    class_code: str


@dataclass(frozen=True, slots=True)
class SchoolPeople:
    """Every teacher, student and parent of one school, by id, with their accounts."""

    teachers: dict[int, Person]
    students: dict[int, Person]
    parents: dict[int, Person]
    children: dict[int, list[Child]]  # parent id -> children

    def of_kind(self, kind: str) -> dict[int, Person]:
        """The people of one kind: teacher, student or parent."""
        return {"teacher": self.teachers, "student": self.students, "parent": self.parents}[kind]

    def linked(self, account: UserAccount) -> Person | None:
        """The person an account is linked to, if any (and if that person is of this school)."""
        for kind, field in zip(("teacher", "student", "parent"), LINK_FIELDS, strict=True):
            ref = getattr(account, field)
            if ref is not None:
                return self.of_kind(kind).get(ref)
        return None

    def by_code(self, kind: str) -> dict[str, Person]:
        """The people of one kind by their code in the school data."""
        return {p.code: p for p in self.of_kind(kind).values()}


def _account_links(session: Session, school_id: int) -> dict[tuple[str, int], int]:
    # plain columns, not ORM rows: a school has thousands of accounts and this runs per page
    rows = session.exec(
        select(
            UserAccount.id, UserAccount.teacher_id, UserAccount.student_id, UserAccount.parent_id
        ).where(UserAccount.school_id == school_id, col(UserAccount.deleted_at).is_(None))
    ).all()
    links: dict[tuple[str, int], int] = {}
    for account_id, *refs in rows:
        for kind, ref in zip(("teacher", "student", "parent"), refs, strict=True):
            if ref is not None and account_id is not None:
                links[(kind, ref)] = account_id
    return links


def _children(
    session: Session, school_id: int, students: dict[int, Person]
) -> dict[int, list[Child]]:
    rows = session.exec(
        select(Guardianship.parent_id, Guardianship.student_id)
        .where(Guardianship.school_id == school_id)
        .order_by(col(Guardianship.parent_id), col(Guardianship.position))
    ).all()
    children: dict[int, list[Child]] = defaultdict(list)
    for parent_id, student_id in rows:
        student = students.get(student_id)
        if student is not None:
            children[parent_id].append(Child(student.id, student.name, student.group))
    return dict(children)


def _rows(session: Session, table: Any, school_id: int, last: Any) -> list[tuple[Any, ...]]:
    """(id, code, name, `last`) of the table's live rows: plain columns, no ORM objects."""
    query = select(table.id, table.code, table.name, last).where(
        table.school_id == school_id, col(table.deleted_at).is_(None)
    )
    return [tuple(row) for row in session.exec(query).all()]


def school_people(session: Session, *, school_id: int) -> SchoolPeople:
    """The live teachers, students (with class) and parents (with children) of one school.

    Args:
        session: an open session.
        school_id: the school; every query is filtered by it.

    Returns:
        The people by id, each with the id of the live account linked to it, if any.
    """
    links = _account_links(session, school_id)
    query = select(SchoolClass.id, SchoolClass.code).where(SchoolClass.school_id == school_id)
    classes: dict[Any, str] = {row_id: code for row_id, code in session.exec(query).all()}
    teachers = {
        i: Person("teacher", i, code, name, "", links.get(("teacher", i)), email.strip())
        for i, code, name, email in _rows(session, Teacher, school_id, Teacher.email)
    }
    students = {
        i: Person("student", i, code, name, classes.get(cls, ""), links.get(("student", i)))
        for i, code, name, cls in _rows(session, Student, school_id, Student.class_id)
    }
    children = _children(session, school_id, students)
    parents = {}
    for i, code, name, email in _rows(session, Parent, school_id, Parent.email):
        kids = ", ".join(f"{c.name} ({c.class_code})" for c in children.get(i, []))
        parents[i] = Person("parent", i, code, name, kids, links.get(("parent", i)), email.strip())
    return SchoolPeople(teachers, students, parents, children)
