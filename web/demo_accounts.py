"""One demo login per role for the demo school, linked to real people of its data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.account_services import create_account, new_join_code
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PLATFORM_ADMIN,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    TIMETABLER,
)
from models.classes import SchoolClass
from models.people import Guardianship, Parent, Student, StudentSubgroup, Teacher
from models.school_data import get_school

DEMO_PASSWORD = "sabaq-demo"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    role: str
    login: str
    name: str


def create_demo_accounts(session: Session, *, school_code: str) -> list[DemoLogin]:
    """Creates the demo logins (password `sabaq-demo`) and join codes; returns who is who."""
    school = get_school(session, code=school_code)
    sid = school.id
    assert sid is not None
    teacher = session.exec(
        select(Teacher).where(Teacher.school_id == sid).order_by(col(Teacher.id))
    ).first()
    # a child in a class split into subgroups, so the demo shows a student's own lessons only
    split = select(StudentSubgroup.student_id).where(StudentSubgroup.school_id == sid)
    child_link = (
        session.exec(
            select(Guardianship)
            .where(Guardianship.school_id == sid, col(Guardianship.student_id).in_(split))
            .order_by(col(Guardianship.id))
        ).first()
        or session.exec(
            select(Guardianship).where(Guardianship.school_id == sid).order_by(col(Guardianship.id))
        ).first()
    )
    parent = session.get(Parent, child_link.parent_id) if child_link else None
    student = session.get(Student, child_link.student_id) if child_link else None
    people: list[tuple[str, str, str, int | None, dict[str, int | None]]] = [
        (PLATFORM_ADMIN, "admin", "Platform admin", None, {}),
        (SCHOOL_ADMIN, "director", "Мектеп әкімшісі", sid, {}),
        (TIMETABLER, "timetable", "Кесте жасаушы", sid, {}),
        (TEACHER, "teacher", teacher.name if teacher else "Teacher", sid,
         {"teacher_id": teacher.id if teacher else None}),
        (PSYCHOLOGIST, "psychologist", "Психолог", sid, {}),
        (COUNSELLOR, "counsellor", "Кәсіптік кеңесші", sid, {}),
        (STUDENT, "student", student.name if student else "Student", sid,
         {"student_id": student.id if student else None}),
        (PARENT, "parent", parent.name if parent else "Parent", sid,
         {"parent_id": parent.id if parent else None}),
    ]  # fmt: skip
    logins = []
    for role, login, name, school_id, links in people:
        create_account(
            session, school_id=school_id, login=login, name=name, role=role,
            password=DEMO_PASSWORD, email=f"{login}@demo.sabaq.kz",
            teacher_id=links.get("teacher_id"), student_id=links.get("student_id"),
            parent_id=links.get("parent_id"),
        )  # fmt: skip
        logins.append(DemoLogin(role, login, name))
    first_class = session.exec(
        select(SchoolClass).where(SchoolClass.school_id == sid).order_by(col(SchoolClass.id))
    ).first()
    new_join_code(session, school_id=sid, role=TEACHER, class_id=None, created_by=None)
    if first_class is not None:
        new_join_code(
            session, school_id=sid, role=STUDENT, class_id=first_class.id, created_by=None
        )
    return logins
