"""Writes the people and lessons of a snapshot: teachers, classes, subgroups, lessons, locks."""

from __future__ import annotations

from typing import Any

from models.classes import SchoolClass, Subgroup
from models.lessons import LessonAudience, LessonLock, LessonRequirement, LessonRoom, LessonTeacher
from models.people import Guardianship, Parent, Student, StudentSubgroup, Teacher, TeacherSubject
from models.snapshot import SchoolSnapshot
from models.snapshot_codec import Key, encode
from models.snapshot_write import WriteContext, code_key, id_keys, replace_links, sync


def _optional_id(ctx: WriteContext, collection: str, key: str | None) -> int | None:
    return None if key is None else ctx.id_of(collection, key)


def write_teachers(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Teachers and the subjects each may teach."""
    wanted = {
        (t.code or t.name,): {
            "code": t.code,
            "name": t.name,
            "unavailable": encode(t.unavailable),
            "max_per_day": t.max_per_day,
            "max_per_week": t.max_per_week,
            "max_days": t.max_days,
            "day_off": t.day_off,
            "max_building_changes": t.max_building_changes,
            "email": t.email,
            "phone": t.phone,
        }
        for t in snapshot.teachers
    }
    rows = sync(ctx, "teachers", Teacher, code_key, wanted)
    links = {
        rows[(t.code or t.name,)].id: [{"subject_id": ctx.id_of("subjects", s)} for s in t.subjects]
        for t in snapshot.teachers
    }
    replace_links(ctx, TeacherSubject, "teacher_id", links)


def write_classes(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Classes (after teachers: a class names its class teacher) and their subgroups."""
    wanted = {
        (c.code,): {
            "code": c.code,
            "grade": c.grade,
            "shift": c.shift,
            "size": c.size,
            "home_room_id": _optional_id(ctx, "rooms", c.home_room),
            "max_per_day": c.max_per_day,
            "unavailable": encode(c.unavailable),
            "class_teacher_id": _optional_id(ctx, "teachers", c.class_teacher),
        }
        for c in snapshot.classes
    }
    sync(ctx, "classes", SchoolClass, lambda r: (r.code,), wanted)
    class_keys = id_keys(ctx, SchoolClass, lambda r: (r.code,))
    groups = {
        (g.class_code, g.division, g.code): {
            "class_id": ctx.id_of("classes", g.class_code),
            "division": g.division,
            "code": g.code,
            "size": g.size,
        }
        for g in snapshot.subgroups
    }
    sync(
        ctx, "subgroups", Subgroup, lambda r: (*class_keys[r.class_id], r.division, r.code), groups
    )
    # lessons name a subgroup by class and code only; the check made that unambiguous
    ctx.ids["subgroup_codes"] = {(k[0], k[2]): i for k, i in ctx.ids["subgroups"].items()}


def _audience(ctx: WriteContext, lesson: Any) -> list[dict[str, Any]]:
    return [
        {
            "class_id": ctx.id_of("classes", g.class_code),
            "subgroup_id": None
            if g.subgroup is None
            else ctx.id_of("subgroup_codes", g.class_code, g.subgroup),
        }
        for g in lesson.audience
    ]


def write_lessons(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Lesson requirements with their teachers, audience and allowed rooms."""
    wanted = {
        (lesson.key,): {
            "key": lesson.key,
            "subject_id": ctx.id_of("subjects", lesson.subject),
            "periods_per_week": lesson.periods_per_week,
            "doubles": lesson.doubles,
            "room_kind": lesson.room_kind,
        }
        for lesson in snapshot.lessons
    }
    rows = sync(ctx, "lessons", LessonRequirement, lambda r: (r.key,), wanted)
    teachers, audience, rooms = {}, {}, {}
    for lesson in snapshot.lessons:
        lesson_id = rows[(lesson.key,)].id
        teachers[lesson_id] = [{"teacher_id": ctx.id_of("teachers", t)} for t in lesson.teachers]
        audience[lesson_id] = _audience(ctx, lesson)
        rooms[lesson_id] = [{"room_id": ctx.id_of("rooms", r)} for r in lesson.rooms]
    replace_links(ctx, LessonTeacher, "lesson_id", teachers)
    replace_links(ctx, LessonAudience, "lesson_id", audience)
    replace_links(ctx, LessonRoom, "lesson_id", rooms)


def write_locks(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Units fixed to a slot before solving."""
    lesson_keys = id_keys(ctx, LessonRequirement, lambda r: (r.key,))
    wanted = {
        (lock.lesson_key, lock.unit): {
            "lesson_id": ctx.id_of("lessons", lock.lesson_key),
            "unit": lock.unit,
            "day": lock.day,
            "shift": lock.shift,
            "period": lock.period,
            "room_id": _optional_id(ctx, "rooms", lock.room),
        }
        for lock in snapshot.locked
    }
    sync(ctx, "locked", LessonLock, lambda r: (*lesson_keys[r.lesson_id], r.unit), wanted)


def write_students(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Students with their subgroups, and parents linked to their children."""
    wanted: dict[Key, dict[str, Any]] = {
        (s.code or s.name,): {
            "code": s.code,
            "name": s.name,
            "class_id": ctx.id_of("classes", s.class_code),
            "birth_date": s.birth_date,
        }
        for s in snapshot.students
    }
    rows = sync(ctx, "students", Student, code_key, wanted)
    memberships = {
        rows[(s.code or s.name,)].id: [
            {"subgroup_id": ctx.id_of("subgroups", s.class_code, division, code)}
            for division, code in s.subgroups
        ]
        for s in snapshot.students
    }
    replace_links(ctx, StudentSubgroup, "student_id", memberships)
    parents = {
        (p.code or p.name,): {
            "code": p.code,
            "name": p.name,
            "email": p.email,
            "phone": p.phone,
            "relation": p.relation,
        }
        for p in snapshot.parents
    }
    parent_rows = sync(ctx, "parents", Parent, code_key, parents)
    children = {
        parent_rows[(p.code or p.name,)].id: [
            {"student_id": ctx.id_of("students", c)} for c in p.children
        ]
        for p in snapshot.parents
    }
    replace_links(ctx, Guardianship, "parent_id", children)
