"""Comparing two timetable versions on hand-made timetables: what moved, for whom, in words."""

from __future__ import annotations

from dataclasses import replace

from models.i18n import Message
from models.snapshot import (
    BellPeriod,
    ClassInfo,
    GroupRef,
    LessonReq,
    LockedLesson,
    RoomInfo,
    SchoolInfo,
    SchoolSnapshot,
    SubjectInfo,
    TeacherInfo,
)
from models.timetable_compare import compare_timetables, day_name
from models.timetables import StoredPlacement

MON, TUE, WED = 0, 1, 2

SCHOOL = SchoolSnapshot(
    school=SchoolInfo("SCH", "Мектеп", days_per_week=6),
    rooms=(RoomInfo("204", "Кабинет 204", "M", 30), RoomInfo("101", "Кабинет 101", "M", 30)),
    subjects=(SubjectInfo("MAT", "Maths"), SubjectInfo("ENG", "English")),
    bells=tuple(BellPeriod("1", n, "08:00", "08:45") for n in range(1, 7)),
    teachers=(
        TeacherInfo("T1", "Aigerim Nurlanovna"),
        TeacherInfo("T2", "Бауыржан Серікұлы"),
    ),
    classes=(ClassInfo("7A", 7, "1", 24), ClassInfo("7B", 7, "1", 24)),
    lessons=(
        # units 0 (a double), 1 and 2 (singles)
        LessonReq("7A-MAT", "MAT", (GroupRef("7A"),), ("T1",), 4, doubles=1),
        LessonReq("7AB-ENG", "ENG", (GroupRef("7A", "kz"), GroupRef("7B", "kz")), ("T2",), 2),
        LessonReq("7B-MAT", "MAT", (GroupRef("7B"),), (), 1),
    ),
)


def at(key: str, unit: int, day: int, period: int, room: str | None = "204") -> LockedLesson:
    return LockedLesson(key, unit, day, "1", period, room)


OLD = (
    at("7A-MAT", 0, MON, 1),
    at("7A-MAT", 1, MON, 3),
    at("7A-MAT", 2, WED, 2),
    at("7AB-ENG", 0, TUE, 1, "101"),
    at("7AB-ENG", 1, WED, 1, "101"),
    at("7B-MAT", 0, TUE, 2, None),
)


def test_the_same_timetable_has_no_changes() -> None:
    found = compare_timetables(SCHOOL, OLD, tuple(reversed(OLD)))
    assert found.changes == () and found.messages == ()
    assert found.teachers == found.classes == found.rooms == ()


def test_a_moved_lesson_is_said_with_its_teacher_both_times_and_its_room() -> None:
    new = (*OLD[:1], at("7A-MAT", 1, TUE, 4), *OLD[2:])
    found = compare_timetables(SCHOOL, OLD, new)
    assert [str(m) for m in found.messages] == [
        "7A Maths (Aigerim Nurlanovna) moved from Monday period 3 to Tuesday period 4, room 204"
    ]
    (change,) = found.moved
    assert (change.kind, change.lesson_key, change.old, change.new) == (
        "moved",
        "7A-MAT",
        OLD[1],
        new[1],
    )
    assert (found.teachers, found.classes, found.rooms) == (("T1",), ("7A",), ("204",))


def test_units_that_trade_places_moved_nowhere() -> None:
    new = (
        at("7A-MAT", 0, MON, 1),
        at("7A-MAT", 1, WED, 2),  # the two singles swapped units
        at("7A-MAT", 2, MON, 3),
        *OLD[3:],
    )
    assert compare_timetables(SCHOOL, OLD, new).changes == ()


def test_a_double_and_a_single_that_swap_places_both_moved() -> None:
    new = (at("7A-MAT", 0, WED, 2), at("7A-MAT", 1, MON, 3), at("7A-MAT", 2, MON, 1), *OLD[3:])
    found = compare_timetables(SCHOOL, OLD, new)
    assert [str(m) for m in found.messages] == [
        # the single on Monday period 3 stays; the other single and the double trade
        "7A Maths (Aigerim Nurlanovna) moved from Wednesday period 2 to Monday period 1, room 204",
        "7A Maths (Aigerim Nurlanovna) moved from Monday period 1 to Wednesday period 2, room 204",
    ]


def test_a_room_change_alone_names_both_rooms() -> None:
    new = (*OLD[:3], at("7AB-ENG", 0, TUE, 1, "204"), *OLD[4:])
    found = compare_timetables(SCHOOL, OLD, new)
    assert [str(m) for m in found.messages] == [
        "7A·kz + 7B·kz English (Бауыржан Серікұлы) moved from room 101 to room 204 "
        "on Tuesday period 1"
    ]
    assert found.classes == ("7A", "7B") and found.rooms == ("101", "204")


def test_a_room_given_or_taken_away() -> None:
    given = compare_timetables(SCHOOL, OLD, (*OLD[:5], at("7B-MAT", 0, TUE, 2, "101")))
    assert [str(m) for m in given.messages] == ["7B Maths now has room 101 on Tuesday period 2"]
    taken = compare_timetables(SCHOOL, (*OLD[:5], at("7B-MAT", 0, TUE, 2, "101")), OLD)
    assert [str(m) for m in taken.messages] == [
        "7B Maths no longer has room 101 on Tuesday period 2"
    ]


def test_added_and_removed_lessons() -> None:
    new = (*OLD[:5], at("7B-MAT", 0, TUE, 2, None), at("7B-MAT", 1, WED, 5))
    found = compare_timetables(SCHOOL, OLD[1:], new)
    assert [str(m) for m in found.messages] == [
        "7A Maths (Aigerim Nurlanovna) added on Monday period 1, room 204",
        "7B Maths added on Wednesday period 5, room 204",
    ]
    assert [c.kind for c in found.changes] == ["added", "added"]
    gone = compare_timetables(SCHOOL, OLD, OLD[:-1])
    assert [str(m) for m in gone.messages] == ["7B Maths removed from Tuesday period 2"]
    assert gone.removed[0].old == OLD[-1] and gone.removed[0].new is None
    assert gone.teachers == () and gone.classes == ("7B",)


def test_changes_for_one_teacher_class_or_room() -> None:
    new = (
        at("7A-MAT", 0, MON, 1),
        at("7A-MAT", 1, TUE, 4),
        OLD[2],
        at("7AB-ENG", 0, TUE, 1),
        *OLD[4:],
    )
    found = compare_timetables(SCHOOL, OLD, new)
    assert len(found.for_teacher("T1")) == 1 and len(found.for_teacher("T2")) == 1
    assert len(found.for_class("7A")) == 2 and len(found.for_class("7B")) == 1
    assert len(found.for_room("101")) == 1 and len(found.for_room("204")) == 2
    assert found.for_teacher("T9") == ()


def test_day_names_are_translated_when_the_sentence_is_rendered() -> None:
    kazakh = {
        "Monday": "Дүйсенбі",
        "Tuesday": "Сейсенбі",
        "{day} period {period}": "{day}, {period}-сабақ",
        "{lesson} moved from {old} to {new}, room {room}": (
            "{lesson}: {old} → {new}, {room} кабинет"
        ),
    }
    new = (*OLD[:1], at("7A-MAT", 1, TUE, 4), *OLD[2:])
    (text,) = compare_timetables(SCHOOL, OLD, new).messages
    assert text.render(lambda s: kazakh.get(s, s)) == (
        "7A Maths (Aigerim Nurlanovna): Дүйсенбі, 3-сабақ → Сейсенбі, 4-сабақ, 204 кабинет"
    )
    assert isinstance(day_name(5), Message) and str(day_name(5)) == "Saturday"
    assert str(day_name(9)) == "day 10"


def test_with_two_shifts_the_shift_is_named() -> None:
    two = replace(SCHOOL, bells=(*SCHOOL.bells, BellPeriod("2", 1, "13:30", "14:15")))
    old = (LockedLesson("7B-MAT", 0, MON, "2", 1),)
    new = (LockedLesson("7B-MAT", 0, TUE, "1", 6),)
    (text,) = compare_timetables(two, old, new).messages
    assert str(text) == "7B Maths moved from Monday period 1, shift 2 to Tuesday period 6, shift 1"


def test_stored_placements_compare_by_place_not_by_lock() -> None:
    old = [StoredPlacement(p.lesson_key, p.unit, p.day, p.shift, p.period, p.room) for p in OLD]
    new = [replace(p, locked=True) for p in old]
    assert compare_timetables(SCHOOL, old, new).changes == ()


def test_a_lesson_the_data_does_not_know_is_named_by_its_key() -> None:
    found = compare_timetables(SCHOOL, OLD, (*OLD, at("9C-ART", 0, WED, 6)))
    assert [str(m) for m in found.messages] == ["9C-ART added on Wednesday period 6, room 204"]
    assert found.teachers == () and found.classes == () and found.rooms == ("204",)
