"""Checks that a snapshot can be stored: unique keys and references to things it contains."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from models.i18n import N_, Message, message, noun
from models.snapshot import SchoolSnapshot
from models.snapshot_codec import COLLECTIONS, Key, key_text


def _duplicates(snapshot: SchoolSnapshot) -> list[Message]:
    problems = []
    for name, (entity, key_of) in COLLECTIONS.items():
        if name == "rules":
            continue  # identical rules may repeat
        counts = Counter(key_of(item) for item in getattr(snapshot, name))
        for key, count in counts.items():
            if count > 1:
                problems.append(
                    message(
                        N_("The {entity} {key} appears {count} times."),
                        entity=entity,
                        key=key_text(key),
                        count=count,
                    )
                )
    return problems


def _missing(
    owner: tuple[str, str], what: str, names: Iterable[str | None], known: set[str]
) -> list[Message]:
    return [
        message(
            N_("The {kind} {owner} refers to an unknown {what} {name}."),
            kind=noun(owner[0]),
            owner=owner[1],
            what=noun(what),
            name=n,
        )
        for n in names
        if n is not None and n not in known
    ]


def _keys(snapshot: SchoolSnapshot, collection: str) -> set[str]:
    key_of = COLLECTIONS[collection][1]
    return {str(key_of(item)[0]) for item in getattr(snapshot, collection)}


def _subgroup_codes(snapshot: SchoolSnapshot) -> tuple[Counter[tuple[str, str]], set[Key]]:
    by_code: Counter[tuple[str, str]] = Counter()
    full: set[Key] = set()
    for group in snapshot.subgroups:
        by_code[(group.class_code, group.code)] += 1
        full.add((group.class_code, group.division, group.code))
    return by_code, full


def _lesson_problems(snapshot: SchoolSnapshot) -> list[Message]:
    subjects, teachers = _keys(snapshot, "subjects"), _keys(snapshot, "teachers")
    classes, rooms = _keys(snapshot, "classes"), _keys(snapshot, "rooms")
    by_code, _ = _subgroup_codes(snapshot)
    problems: list[Message] = []
    for lesson in snapshot.lessons:
        owner = ("lesson", lesson.key)
        problems += _missing(owner, "subject", [lesson.subject], subjects)
        problems += _missing(owner, "teacher", lesson.teachers, teachers)
        problems += _missing(owner, "room", lesson.rooms, rooms)
        problems += _missing(owner, "class", [g.class_code for g in lesson.audience], classes)
        for group in lesson.audience:
            if group.subgroup is None or group.class_code not in classes:
                continue
            count = by_code[(group.class_code, group.subgroup)]
            if count != 1:
                template = (
                    N_("The lesson {owner} refers to an unknown subgroup {name} of {cls}.")
                    if count == 0
                    else N_("The lesson {owner}: {cls} has several subgroups coded {name}.")
                )
                problems.append(
                    message(template, owner=lesson.key, name=group.subgroup, cls=group.class_code)
                )
    return problems


def _people_problems(snapshot: SchoolSnapshot) -> list[Message]:
    classes, students = _keys(snapshot, "classes"), _keys(snapshot, "students")
    _, full = _subgroup_codes(snapshot)
    problems: list[Message] = []
    for student in snapshot.students:
        owner = ("student", student.code or student.name)
        problems += _missing(owner, "class", [student.class_code], classes)
        for division, code in student.subgroups:
            if (student.class_code, division, code) not in full:
                problems += _missing(owner, "subgroup", [f"{division}/{code}"], set())
    for parent in snapshot.parents:
        problems += _missing(
            ("parent", parent.code or parent.name), "student", parent.children, students
        )
    subjects = _keys(snapshot, "subjects")
    for teacher in snapshot.teachers:
        problems += _missing(
            ("teacher", teacher.code or teacher.name), "subject", teacher.subjects, subjects
        )
    return problems


def _place_problems(snapshot: SchoolSnapshot) -> list[Message]:
    buildings, rooms = _keys(snapshot, "buildings"), _keys(snapshot, "rooms")
    classes, lessons = _keys(snapshot, "classes"), _keys(snapshot, "lessons")
    problems: list[Message] = []
    for room in snapshot.rooms:
        problems += _missing(
            ("room", room.code or room.name), "building", [room.building], buildings
        )
    for travel in snapshot.travel:
        problems += _missing(
            ("travel", f"{travel.a}/{travel.b}"), "building", [travel.a, travel.b], buildings
        )
    teachers = _keys(snapshot, "teachers")
    for cls in snapshot.classes:
        problems += _missing(("class", cls.code), "room", [cls.home_room], rooms)
        problems += _missing(("class", cls.code), "teacher", [cls.class_teacher], teachers)
    for group in snapshot.subgroups:
        problems += _missing(
            ("subgroup", f"{group.class_code}/{group.division}/{group.code}"),
            "class",
            [group.class_code],
            classes,
        )
    for lock in snapshot.locked:
        owner = ("lock", f"{lock.lesson_key}/{lock.unit}")
        problems += _missing(owner, "lesson", [lock.lesson_key], lessons)
        problems += _missing(owner, "room", [lock.room], rooms)
    return problems


def check_snapshot(snapshot: SchoolSnapshot) -> list[Message]:
    """Every reason the store cannot take `snapshot`, in words; empty when it can.

    Args:
        snapshot: the school data to check.

    Returns:
        One message per duplicate key or reference to something the snapshot lacks.
    """
    problems: list[Message] = []
    if not snapshot.school.code.strip():
        problems.append(message(N_("The school has no code.")))
    problems += _duplicates(snapshot)
    problems += _place_problems(snapshot)
    problems += _people_problems(snapshot)
    problems += _lesson_problems(snapshot)
    return problems
