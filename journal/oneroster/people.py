"""The people files: users (students, teachers, parents with agent links), roles, enrollments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from journal.oneroster import spec
from journal.oneroster.rostering import ClassKey, Row, class_id
from journal.oneroster.source import SchoolRows
from journal.oneroster.values import Ids, day, grade_code, listed, moment, split_name

_GUARDIAN_WORDS = ("guardian", "опекун", "қамқор")


@dataclass(frozen=True, slots=True)
class Person:
    """One user: their kind in our data (student, teacher, parent), id and OneRoster role."""

    kind: str
    id: int
    role: str


def parent_role(relation: str) -> str:
    """guardian for a guardian (in any of the school's languages), parent otherwise."""
    folded = relation.casefold()
    return spec.ROLE_GUARDIAN if any(w in folded for w in _GUARDIAN_WORDS) else spec.ROLE_PARENT


def people(rows: SchoolRows) -> list[Person]:
    """Every live student, teacher and parent, in that order."""
    out = [Person("student", i, spec.ROLE_STUDENT) for i in rows.students]
    out += [Person("teacher", i, spec.ROLE_TEACHER) for i in rows.teachers]
    out += [Person("parent", i, parent_role(p.relation)) for i, p in rows.parents.items()]
    return out


def _agents(rows: SchoolRows, ids: Ids) -> dict[tuple[str, int], list[str]]:
    """Agents both ways: a student's parents and a parent's children (live ones only)."""
    agents: dict[tuple[str, int], list[str]] = defaultdict(list)
    for parent_id, student_id in rows.guardians:
        if parent_id in rows.parents and student_id in rows.students:
            agents[("student", student_id)].append(ids("user", "parent", parent_id))
            agents[("parent", parent_id)].append(ids("user", "student", student_id))
    return agents


def user_rows(rows: SchoolRows, ids: Ids) -> list[Row]:
    """users.csv: a row per person, named family name first as the school writes names."""
    stamp, org = moment(rows.modified), ids("org", rows.school.id)
    agents = _agents(rows, ids)
    records: dict[str, dict[int, Any]] = {
        "student": rows.students, "teacher": rows.teachers, "parent": rows.parents,
    }  # fmt: skip
    out = []
    for person in people(rows):
        record = records[person.kind][person.id]
        sid = ids("user", person.kind, person.id)
        given, family, middle = split_name(record.name)
        grades = ""
        if person.kind == "student":
            grades = grade_code(rows.classes[record.class_id].grade)
        login = rows.logins.get((person.kind, person.id), "")
        out.append({"sourcedId": sid, "status": spec.ACTIVE, "dateLastModified": stamp,
                    "enabledUser": "true", "username": login or record.code or sid,
                    "givenName": given, "familyName": family, "middleName": middle,
                    "identifier": record.code, "email": getattr(record, "email", ""),
                    "phone": getattr(record, "phone", ""),
                    "agentSourcedIds": listed(agents.get((person.kind, person.id), [])),
                    "grades": grades, "primaryOrgSourcedId": org})  # fmt: skip
    return out


def role_rows(rows: SchoolRows, ids: Ids) -> list[Row]:
    """roles.csv: each person's primary role at the school."""
    stamp, org = moment(rows.modified), ids("org", rows.school.id)
    return [
        {"sourcedId": ids("role", p.kind, p.id), "status": spec.ACTIVE, "dateLastModified": stamp,
         "userSourcedId": ids("user", p.kind, p.id), "roleType": spec.PRIMARY, "role": p.role,
         "orgSourcedId": org}
        for p in people(rows)
    ]  # fmt: skip


def _learners(rows: SchoolRows, key: ClassKey) -> list[int]:
    """The live students of a class, or of one of its subgroups."""
    class_key, subgroup_id, _ = key
    if subgroup_id is None:
        return [i for i, s in rows.students.items() if s.class_id == class_key]
    return [
        i
        for i in rows.members.get(subgroup_id, [])
        if i in rows.students and rows.students[i].class_id == class_key
    ]


def enrollment_rows(rows: SchoolRows, groups: dict[ClassKey, list[int]], ids: Ids) -> list[Row]:
    """enrollments.csv: the students of each class, and its teachers (the first is primary)."""
    stamp, org = moment(rows.modified), ids("org", rows.school.id)
    out = []
    for key, teachers in groups.items():
        sid = class_id(ids, key)
        members: Iterable[tuple[str, int, str, bool]] = [
            *(("teacher", t, spec.ROLE_TEACHER, n == 0) for n, t in enumerate(teachers)),
            *(("student", s, spec.ROLE_STUDENT, False) for s in _learners(rows, key)),
        ]
        for kind, person_id, role, primary in members:
            out.append({"sourcedId": ids("enrollment", sid, kind, person_id),
                        "status": spec.ACTIVE, "dateLastModified": stamp,
                        "classSourcedId": sid, "schoolSourcedId": org,
                        "userSourcedId": ids("user", kind, person_id), "role": role,
                        "primary": "true" if primary else "false"})  # fmt: skip
    return out


def demographic_rows(rows: SchoolRows, ids: Ids) -> list[Row]:
    """demographics.csv (only when asked for): the students' birth dates, nothing more."""
    stamp = moment(rows.modified)
    return [
        {"sourcedId": ids("user", "student", i), "status": spec.ACTIVE,
         "dateLastModified": stamp, "birthDate": day(s.birth_date)}
        for i, s in rows.students.items()
        if s.birth_date is not None
    ]  # fmt: skip
