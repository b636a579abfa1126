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
    rows = session.exec(
        select(UserAccount).where(
            UserAccount.school_id == school_id, col(UserAccount.deleted_at).is_(None)
        )
    ).all()
    links: dict[tuple[str, int], int] = {}
    for account in rows:
        for kind, field in zip(("teacher", "student", "parent"), LINK_FIELDS, strict=True):
            ref = getattr(account, field)
            if ref is not None and account.id is not None:
                links[(kind, ref)] = account.id
    return links


def _children(
    session: Session, school_id: int, students: dict[int, Person]
) -> dict[int, list[Child]]:
    rows = session.exec(
        select(Guardianship)
        .where(Guardianship.school_id == school_id)
        .order_by(col(Guardianship.parent_id), col(Guardianship.position))
    ).all()
    children: dict[int, list[Child]] = defaultdict(list)
    for row in rows:
        student = students.get(row.student_id)
        if student is not None:
            children[row.parent_id].append(Child(student.id, student.name, student.group))
    return dict(children)


def school_people(session: Session, *, school_id: int) -> SchoolPeople:
    """The live teachers, students (with class) and parents (with children) of one school.

    Args:
        session: an open session.
        school_id: the school; every query is filtered by it.

    Returns:
        The people by id, each with the id of the live account linked to it, if any.
    """
    links = _account_links(session, school_id)
    classes = {
        c.id: c.code
        for c in session.exec(select(SchoolClass).where(SchoolClass.school_id == school_id)).all()
    }

    def live(table: Any) -> list[Any]:
        query = select(table).where(table.school_id == school_id, col(table.deleted_at).is_(None))
        return list(session.exec(query).all())

    def person(kind: str, row: Teacher | Student | Parent, group: str = "") -> Person:
        assert row.id is not None
        email = getattr(row, "email", "").strip()
        return Person(kind, row.id, row.code, row.name, group, links.get((kind, row.id)), email)

    teachers = {p.id: p for p in (person("teacher", t) for t in live(Teacher))}
    students = {
        p.id: p for p in (person("student", s, classes.get(s.class_id, "")) for s in live(Student))
    }
    children = _children(session, school_id, students)
    parents = {}
    for row in live(Parent):
        assert row.id is not None
        kids = ", ".join(f"{c.name} ({c.class_code})" for c in children.get(row.id, []))
        parents[row.id] = person("parent", row, kids)
    return SchoolPeople(teachers, students, parents, children)
