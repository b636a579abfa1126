"""The rostering files: academic sessions, the school, courses, classes, users, roles, enrollments.

A OneRoster class is one class (or one subgroup of it) taught one subject: the unit a gradebook
is kept for. A course is a subject at a grade level ("Математика 7").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from journal.oneroster import spec
from journal.oneroster.source import SchoolRows
from journal.oneroster.values import Ids, day, grade_code, listed, moment

Row = dict[str, str]
ClassKey = tuple[int, int | None, int]  # (class id, subgroup id or None, subject id)


@dataclass
class Sessions:
    """The academic sessions, and which one a class or a date belongs to."""

    rows: list[Row] = field(default_factory=list)
    year: str = ""  # the current school year's sourcedId
    terms: list[str] = field(default_factory=list)  # the current year's terms' sourcedIds
    spans: list[tuple[date, date, str]] = field(default_factory=list)  # terms, then years

    def of_day(self, when: date) -> str:
        """The term a date falls in, else its school year, else the current year."""
        return next((sid for start, end, sid in self.spans if start <= when <= end), self.year)


def teaching_groups(rows: SchoolRows, extra: Iterable[ClassKey] = ()) -> dict[ClassKey, list[int]]:
    """Every (class or subgroup, subject) of the live lessons with its teachers, plus `extra`.

    Args:
        rows: the school data.
        extra: more keys (assessments of a class and subject no lesson names any more).

    Returns:
        Key -> teacher ids in lesson order, sorted by class, subgroup and subject code.
    """
    groups: dict[ClassKey, list[int]] = {}
    for lesson_id, subject_id in rows.lesson_subject.items():
        if subject_id not in rows.subjects:
            continue
        for class_id, subgroup_id in rows.audience.get(lesson_id, []):
            if not known_group(rows, class_id, subgroup_id):
                continue
            teachers = groups.setdefault((class_id, subgroup_id, subject_id), [])
            for teacher_id in rows.lesson_teachers.get(lesson_id, []):
                if teacher_id in rows.teachers and teacher_id not in teachers:
                    teachers.append(teacher_id)
    for key in extra:
        groups.setdefault(key, [])
    return dict(sorted(groups.items(), key=lambda item: _group_order(rows, item[0])))


def known_group(rows: SchoolRows, class_id: int, subgroup_id: int | None) -> bool:
    """True when the class (and the subgroup, of that class) are live school data."""
    if class_id not in rows.classes:
        return False
    if subgroup_id is None:
        return True
    group = rows.subgroups.get(subgroup_id)
    return group is not None and group.class_id == class_id


def _group_order(rows: SchoolRows, key: ClassKey) -> tuple[int, str, str, str]:
    class_id, subgroup_id, subject_id = key
    cls = rows.classes[class_id]
    group = rows.subgroups[subgroup_id].code if subgroup_id is not None else ""
    return cls.grade, cls.code, group, rows.subjects[subject_id].code


def academic_sessions(rows: SchoolRows, ids: Ids, today: date) -> Sessions:
    """School years and their terms; a year made up from today when the data has none."""
    out = Sessions()
    stamp = moment(rows.modified)
    years = {y.id: y for y in rows.years}
    for year in rows.years:
        out.rows.append(_session(ids("year", year.id), stamp, year.name, spec.SCHOOL_YEAR,
                                 year.starts_on, year.ends_on, "", year.ends_on.year))  # fmt: skip
    for term in rows.terms:
        parent = years.get(term.academic_year_id)
        if parent is None:
            continue
        sid = ids("term", term.id)
        out.rows.append(_session(sid, stamp, term.name, spec.TERM, term.starts_on, term.ends_on,
                                 ids("year", parent.id), parent.ends_on.year))  # fmt: skip
        out.spans.append((term.starts_on, term.ends_on, sid))
    out.spans += [(y.starts_on, y.ends_on, ids("year", y.id)) for y in rows.years]
    current = next((y for y in rows.years if y.starts_on <= today <= y.ends_on), None)
    current = current or max(rows.years, key=lambda y: y.starts_on, default=None)
    if current is None:  # a school without terms yet: its classes still need a session
        first = today.year if today.month >= 8 else today.year - 1
        name = f"{first}-{first + 1}"
        out.year = ids("year", name)
        out.rows.append(_session(out.year, stamp, name, spec.SCHOOL_YEAR, date(first, 9, 1),
                                 date(first + 1, 8, 31), "", first + 1))  # fmt: skip
        out.terms = [out.year]
        return out
    out.year = ids("year", current.id)
    out.terms = [ids("term", t.id) for t in rows.terms if t.academic_year_id == current.id]
    out.terms = out.terms or [out.year]
    return out


def _session(
    sid: str, stamp: str, title: str, kind: str, start: date, end: date, parent: str, year: int
) -> Row:
    return {
        "sourcedId": sid, "status": spec.ACTIVE, "dateLastModified": stamp, "title": title,
        "type": kind, "startDate": day(start), "endDate": day(end), "parentSourcedId": parent,
        "schoolYear": str(year),
    }  # fmt: skip


def org_row(rows: SchoolRows, ids: Ids) -> Row:
    """The school itself."""
    school = rows.school
    return {"sourcedId": ids("org", school.id), "status": spec.ACTIVE,
            "dateLastModified": moment(rows.modified), "name": school.name,
            "type": spec.ORG_SCHOOL, "identifier": school.code}  # fmt: skip


def course_id(ids: Ids, subject_id: int, grade: int) -> str:
    return ids("course", subject_id, grade)


def class_id(ids: Ids, key: ClassKey) -> str:
    cls, group, subject = key
    return ids("class", cls, "-" if group is None else group, subject)


def course_rows(rows: SchoolRows, groups: Iterable[ClassKey], ids: Ids, year: str) -> list[Row]:
    """One course per subject and grade that some class is taught."""
    seen: dict[tuple[int, int], None] = {}
    for class_key, _, subject_id in groups:
        seen.setdefault((subject_id, rows.classes[class_key].grade), None)
    stamp, org = moment(rows.modified), ids("org", rows.school.id)
    out = []
    for subject_id, grade in seen:
        subject = rows.subjects[subject_id]
        out.append({"sourcedId": course_id(ids, subject_id, grade), "status": spec.ACTIVE,
                    "dateLastModified": stamp, "schoolYearSourcedId": year,
                    "title": f"{subject.name} {grade}", "courseCode": f"{subject.code}-{grade}",
                    "grades": grade_code(grade), "orgSourcedId": org,
                    "subjects": subject.name})  # fmt: skip
    return out


def class_rows(
    rows: SchoolRows, groups: Iterable[ClassKey], ids: Ids, terms: list[str]
) -> list[Row]:
    """One class per class (or subgroup) and subject."""
    stamp, org = moment(rows.modified), ids("org", rows.school.id)
    out = []
    for key in groups:
        cls, subject = rows.classes[key[0]], rows.subjects[key[2]]
        who = cls.code if key[1] is None else f"{cls.code}/{rows.subgroups[key[1]].code}"
        out.append({"sourcedId": class_id(ids, key), "status": spec.ACTIVE,
                    "dateLastModified": stamp, "title": f"{who} {subject.name}",
                    "grades": grade_code(cls.grade),
                    "courseSourcedId": course_id(ids, subject.id or 0, cls.grade),
                    "classCode": f"{who}-{subject.code}", "classType": spec.CLASS_SCHEDULED,
                    "schoolSourcedId": org, "termSourcedIds": listed(terms),
                    "subjects": subject.name})  # fmt: skip
    return out
