"""Reads a school's live rows back into a `SchoolSnapshot`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, select

from models.classes import SchoolClass, Subgroup
from models.curriculum import Bell, Rule, Subject
from models.lessons import LessonAudience, LessonLock, LessonRequirement, LessonRoom, LessonTeacher
from models.people import Guardianship, Parent, Student, StudentSubgroup, Teacher, TeacherSubject
from models.places import Building, Room, Travel
from models.school import Holiday, School, SchoolSettings, Term
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    LessonReq,
    LockedLesson,
    ParentInfo,
    RoomInfo,
    RuleRow,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SnapshotSettings,
    StudentInfo,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TermInfo,
    TravelInfo,
)
from models.snapshot import Holiday as HolidayInfo
from models.snapshot_codec import decode


class _Reader:
    """Loads rows of one school, all rows for id -> code lookups, live rows for the snapshot."""

    def __init__(self, session: Session, school_id: int) -> None:
        self.session = session
        self.school_id = school_id

    def rows(self, model: Any, *, live: bool = True) -> list[Any]:
        query = select(model).where(model.school_id == self.school_id)
        if live and hasattr(model, "deleted_at"):
            query = query.where(col(model.deleted_at).is_(None))
        return list(self.session.exec(query.order_by(col(model.id))).all())

    def codes(self, model: Any) -> dict[int, str]:
        return {row.id: row.code or row.name for row in self.rows(model, live=False)}

    def links(
        self, model: Any, owner: str, target: str, names: dict[int, Any]
    ) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = defaultdict(list)
        for row in sorted(self.rows(model), key=lambda r: (r.position, r.id)):
            out[getattr(row, owner)].append(names[getattr(row, target)])
        return out


def _slots(data: list[dict[str, Any]]) -> tuple[SlotRef, ...]:
    return tuple(decode(SlotRef, item) for item in data)


def _school(reader: _Reader, school: School) -> dict[str, Any]:
    settings_rows = reader.rows(SchoolSettings)
    settings = settings_rows[0] if settings_rows else SchoolSettings(school_id=school.id or 0)
    holidays: dict[int, list[HolidayInfo]] = defaultdict(list)
    for h in sorted(reader.rows(Holiday), key=lambda r: (r.position, r.id)):
        holidays[h.term_id].append(HolidayInfo(h.name, h.starts_on, h.ends_on))
    return {
        "school": SchoolInfo(
            school.code,
            school.name,
            school.city,
            school.region,
            school.days_per_week,
            school.language,
        ),
        "settings": SnapshotSettings(
            settings.class_no_gaps,
            settings.late_after,
            settings.max_building_changes,
            dict(settings.weights),
        ),
        "terms": tuple(
            TermInfo(t.name, t.starts_on, t.ends_on, tuple(holidays[t.id]))
            for t in reader.rows(Term)
        ),
    }


def _places(reader: _Reader, buildings: dict[int, str]) -> dict[str, Any]:
    return {
        "buildings": tuple(BuildingInfo(b.code, b.name, b.address) for b in reader.rows(Building)),
        "travel": tuple(
            TravelInfo(buildings[t.building_a_id], buildings[t.building_b_id], t.minutes)
            for t in reader.rows(Travel)
        ),
        "rooms": tuple(
            RoomInfo(
                r.code, r.name, buildings[r.building_id], r.capacity, r.kind, _slots(r.unavailable)
            )
            for r in reader.rows(Room)
        ),
    }


def _curriculum(reader: _Reader) -> dict[str, Any]:
    return {
        "subjects": tuple(
            SubjectInfo(s.code, s.name, s.hard, s.room_kind) for s in reader.rows(Subject)
        ),
        "bells": tuple(
            BellPeriod(b.shift, b.number, b.starts_at, b.ends_at) for b in reader.rows(Bell)
        ),
        "rules": tuple(
            RuleRow(r.kind, dict(r.params), r.weight, r.active) for r in reader.rows(Rule)
        ),
    }


def _teachers(reader: _Reader, subjects: dict[int, str]) -> tuple[TeacherInfo, ...]:
    taught = reader.links(TeacherSubject, "teacher_id", "subject_id", subjects)
    return tuple(
        TeacherInfo(
            t.code,
            t.name,
            tuple(taught[t.id]),
            _slots(t.unavailable),
            t.max_per_day,
            t.max_per_week,
            t.max_days,
            t.day_off,
            t.max_building_changes,
            t.email,
            t.phone,
        )
        for t in reader.rows(Teacher)
    )


def _classes(reader: _Reader, names: dict[str, dict[int, str]]) -> dict[str, Any]:
    rooms, teachers, classes = names["rooms"], names["teachers"], names["classes"]
    return {
        "classes": tuple(
            ClassInfo(
                c.code,
                c.grade,
                c.shift,
                c.size,
                None if c.home_room_id is None else rooms[c.home_room_id],
                c.max_per_day,
                _slots(c.unavailable),
                None if c.class_teacher_id is None else teachers[c.class_teacher_id],
            )
            for c in reader.rows(SchoolClass)
        ),
        "subgroups": tuple(
            SubgroupInfo(classes[g.class_id], g.division, g.code, g.size)
            for g in reader.rows(Subgroup)
        ),
    }


def _lessons(reader: _Reader, names: dict[str, dict[int, str]]) -> tuple[LessonReq, ...]:
    groups = {g.id: g.code for g in reader.rows(Subgroup, live=False)}
    refs: dict[int, GroupRef] = {
        a.id: GroupRef(
            names["classes"][a.class_id], None if a.subgroup_id is None else groups[a.subgroup_id]
        )
        for a in reader.rows(LessonAudience)
    }
    audience = reader.links(LessonAudience, "lesson_id", "id", refs)
    teachers = reader.links(LessonTeacher, "lesson_id", "teacher_id", names["teachers"])
    rooms = reader.links(LessonRoom, "lesson_id", "room_id", names["rooms"])
    return tuple(
        LessonReq(
            key=r.key,
            subject=names["subjects"][r.subject_id],
            audience=tuple(audience[r.id]),
            teachers=tuple(teachers[r.id]),
            periods_per_week=r.periods_per_week,
            doubles=r.doubles,
            room_kind=r.room_kind,
            rooms=tuple(rooms[r.id]),
        )
        for r in reader.rows(LessonRequirement)
    )


def _locks(reader: _Reader, rooms: dict[int, str]) -> tuple[LockedLesson, ...]:
    keys = {r.id: r.key for r in reader.rows(LessonRequirement, live=False)}
    return tuple(
        LockedLesson(
            keys[lock.lesson_id],
            lock.unit,
            lock.day,
            lock.shift,
            lock.period,
            None if lock.room_id is None else rooms[lock.room_id],
        )
        for lock in reader.rows(LessonLock)
    )


def _people(reader: _Reader, classes: dict[int, str]) -> dict[str, Any]:
    groups = {g.id: (g.division, g.code) for g in reader.rows(Subgroup, live=False)}
    memberships = reader.links(StudentSubgroup, "student_id", "subgroup_id", groups)
    students = reader.codes(Student)
    children = reader.links(Guardianship, "parent_id", "student_id", students)
    return {
        "students": tuple(
            StudentInfo(s.code, s.name, classes[s.class_id], tuple(memberships[s.id]), s.birth_date)
            for s in reader.rows(Student)
        ),
        "parents": tuple(
            ParentInfo(p.code, p.name, tuple(children[p.id]), p.email, p.phone, p.relation)
            for p in reader.rows(Parent)
        ),
    }


def build_snapshot(session: Session, school: School) -> SchoolSnapshot:
    """The live data of `school` as a snapshot, collections in the order rows were created.

    Args:
        session: an open session.
        school: the school row.

    Returns:
        The snapshot; `models.snapshot_codec.normalized` gives a canonical order.
    """
    assert school.id is not None
    reader = _Reader(session, school.id)
    names = {
        "buildings": reader.codes(Building),
        "rooms": reader.codes(Room),
        "subjects": reader.codes(Subject),
        "teachers": reader.codes(Teacher),
        "classes": {c.id: c.code for c in reader.rows(SchoolClass, live=False)},
    }
    parts: dict[str, Any] = {
        **_school(reader, school),
        **_places(reader, names["buildings"]),
        **_curriculum(reader),
        **_classes(reader, names),
        **_people(reader, names["classes"]),
        "teachers": _teachers(reader, names["subjects"]),
        "lessons": _lessons(reader, names),
        "locked": _locks(reader, names["rooms"]),
    }
    return SchoolSnapshot(**parts)
