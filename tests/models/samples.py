"""Snapshots for the store tests: a hand-made sample school and a hypothesis strategy."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from hypothesis import strategies as st

from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    Holiday,
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


def sample_snapshot(code: str = "SCH-1", teacher_name: str = "Асель Нурова") -> SchoolSnapshot:
    """A small but complete school: two buildings, subgroups, a joined lesson, people, rules."""
    return SchoolSnapshot(
        school=SchoolInfo(code, "Мектеп-гимназия №1", "Алматы", "Алматы", 6, "kk"),
        terms=(
            TermInfo(
                "1 term",
                date(2026, 9, 1),
                date(2026, 10, 30),
                (Holiday("Autumn", date(2026, 10, 26), date(2026, 10, 30)),),
            ),
            TermInfo("2 term", date(2026, 11, 9), date(2026, 12, 29)),
        ),
        buildings=(
            BuildingInfo("MAIN", "Главный корпус"),
            BuildingInfo("GYM", "Спортзал", "ул. Абая 1"),
        ),
        travel=(TravelInfo("MAIN", "GYM", 15),),
        rooms=(
            RoomInfo("101", "Кабинет 101", "MAIN", 30),
            RoomInfo("LAB", "Химия", "MAIN", 24, "lab", (SlotRef(0, "1", 1),)),
            RoomInfo("HALL", "Зал", "GYM", 60, "gym"),
        ),
        subjects=(
            SubjectInfo("MATH", "Математика", hard=True),
            SubjectInfo("KAZ", "Қазақ тілі"),
            SubjectInfo("PE", "Физкультура", room_kind="gym"),
        ),
        bells=(BellPeriod("1", 1, "08:00", "08:45"), BellPeriod("1", 2, "08:55", "09:40")),
        teachers=(
            TeacherInfo(
                "T1", teacher_name, ("MATH",), (SlotRef(4, "1", 2),), 6, 20, 5, 4, 1, "a@x.kz"
            ),
            TeacherInfo("T2", "Ерлан Оспанов", ("KAZ", "PE")),
        ),
        classes=(
            ClassInfo("7A", 7, "1", 25, "101", class_teacher="T1"),
            ClassInfo("7B", 7, "1", 24, max_per_day=7),
        ),
        subgroups=(
            SubgroupInfo("7A", "lang", "kz", 12),
            SubgroupInfo("7A", "lang", "ru", 13),
            SubgroupInfo("7B", "lang", "kz", 10),
        ),
        lessons=(
            LessonReq("7A-MATH", "MATH", (GroupRef("7A"),), ("T1",), 5, 1, rooms=("101",)),
            LessonReq("7AB-KAZ", "KAZ", (GroupRef("7A", "kz"), GroupRef("7B", "kz")), ("T2",), 3),
            LessonReq("7A-PE", "PE", (GroupRef("7A"),), ("T2", "T1"), 2, room_kind="gym"),
        ),
        students=(
            StudentInfo("S1", "Айгерим Садыкова", "7A", (("lang", "kz"),), date(2013, 5, 1)),
            StudentInfo("S2", "Иван Петров", "7A", (("lang", "ru"),)),
        ),
        parents=(ParentInfo("P1", "Гульнара Садыкова", ("S1",), relation="mother"),),
        rules=(
            RuleRow("MinDaysApart", {"lessons": ["7A-MATH"], "days": 1}, 95),
            RuleRow("x", {}, active=False),  # switched off: kept, never decoded
        ),
        locked=(LockedLesson("7A-MATH", 0, 1, "1", 1, "101"),),
        settings=SnapshotSettings(True, 5, 2, {"teacher_gap": 3}),
    )


# Text as people type it (any script), minus what no database stores: NUL and lone surrogates.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
CODE = st.text("ABCDEFКӘҰЁ0123456789-/ ", min_size=1, max_size=5)
SMALL = st.integers(min_value=0, max_value=60)
OPTIONAL = st.none() | st.integers(min_value=0, max_value=40)
SHIFT = st.sampled_from(["1", "2"])
SLOTS = st.lists(st.builds(SlotRef, st.integers(0, 5), SHIFT, st.integers(1, 8)), max_size=3).map(
    tuple
)
DATES = st.dates(date(2000, 1, 1), date(2099, 12, 31))
JSON_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | TEXT
)
JSON = st.recursive(
    JSON_SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def _codes(draw: Any, *, min_size: int = 0, max_size: int = 4) -> list[str]:
    return draw(st.lists(CODE, min_size=min_size, max_size=max_size, unique=True))


def _subset(draw: Any, pool: list[Any], max_size: int = 3) -> tuple[Any, ...]:
    if not pool:
        return ()
    return tuple(draw(st.lists(st.sampled_from(pool), max_size=max_size, unique=True)))


@st.composite
def _places(draw: Any) -> dict[str, Any]:
    buildings = _codes(draw, min_size=1, max_size=3)
    pairs = draw(st.lists(st.tuples(*[st.sampled_from(buildings)] * 2), max_size=3, unique=True))
    rooms = _codes(draw)
    return {
        "buildings": tuple(BuildingInfo(c, draw(TEXT), draw(TEXT)) for c in buildings),
        "travel": tuple(TravelInfo(a, b, draw(SMALL)) for a, b in pairs),
        "rooms": tuple(
            RoomInfo(
                c,
                draw(TEXT),
                draw(st.sampled_from(buildings)),
                draw(SMALL),
                draw(TEXT),
                draw(SLOTS),
            )
            for c in rooms
        ),
    }


@st.composite
def _classes(draw: Any, rooms: list[str]) -> dict[str, Any]:
    classes = _codes(draw)
    subgroups = []
    for cls in classes:
        for code in _codes(draw, max_size=3):  # codes unique within a class
            subgroups.append(
                SubgroupInfo(cls, draw(st.sampled_from(["lang", "eng"])), code, draw(SMALL))
            )
    room = st.none() | st.sampled_from(rooms) if rooms else st.none()
    return {
        "classes": tuple(
            ClassInfo(
                c, draw(SMALL), draw(SHIFT), draw(SMALL), draw(room), draw(OPTIONAL), draw(SLOTS)
            )
            for c in classes
        ),
        "subgroups": tuple(subgroups),
    }


@st.composite
def _lessons(
    draw: Any, refs: dict[str, list[str]], groups: list[SubgroupInfo]
) -> tuple[LessonReq, ...]:
    if not refs["subjects"]:
        return ()
    audience_pool = [GroupRef(c) for c in refs["classes"]] + [
        GroupRef(g.class_code, g.code) for g in groups
    ]
    return tuple(
        LessonReq(
            key=key,
            subject=draw(st.sampled_from(refs["subjects"])),
            audience=_subset(draw, audience_pool),
            teachers=_subset(draw, refs["teachers"]),
            periods_per_week=draw(SMALL),
            doubles=draw(SMALL),
            room_kind=draw(st.none() | TEXT),
            rooms=_subset(draw, refs["rooms"]),
        )
        for key in _codes(draw)
    )


@st.composite
def _people(draw: Any, classes: list[str], groups: list[SubgroupInfo]) -> dict[str, Any]:
    students = []
    for code in _codes(draw) if classes else []:
        cls = draw(st.sampled_from(classes))
        own = [(g.division, g.code) for g in groups if g.class_code == cls]
        birth = draw(st.none() | DATES)
        students.append(StudentInfo(code, draw(TEXT), cls, _subset(draw, own), birth))
    codes = [s.code for s in students]
    parents = tuple(
        ParentInfo(c, draw(TEXT), _subset(draw, codes), draw(TEXT), draw(TEXT), draw(TEXT))
        for c in _codes(draw)
    )
    return {"students": tuple(students), "parents": parents}


@st.composite
def _terms(draw: Any) -> tuple[TermInfo, ...]:
    holidays = st.lists(st.builds(Holiday, TEXT, DATES, DATES), max_size=2).map(tuple)
    return tuple(
        TermInfo(name, draw(DATES), draw(DATES), draw(holidays))
        for name in draw(st.lists(TEXT, max_size=3, unique=True))
    )


@st.composite
def snapshots(draw: Any, school_code: str | None = None) -> SchoolSnapshot:
    """Consistent school snapshots: every reference names something the snapshot contains."""
    places = draw(_places())
    rooms = [r.code for r in places["rooms"]]
    subjects = _codes(draw)
    classes = draw(_classes(rooms))
    groups = list(classes["subgroups"])
    teachers = tuple(
        TeacherInfo(
            c,
            draw(TEXT),
            _subset(draw, subjects),
            draw(SLOTS),
            draw(OPTIONAL),
            draw(OPTIONAL),
            draw(OPTIONAL),
            draw(OPTIONAL),
            draw(OPTIONAL),
            draw(TEXT),
            draw(TEXT),
        )
        for c in _codes(draw)
    )
    lead = st.none() | st.sampled_from([t.code for t in teachers]) if teachers else st.none()
    classes["classes"] = tuple(
        dataclasses.replace(c, class_teacher=draw(lead)) for c in classes["classes"]
    )
    refs = {
        "subjects": subjects,
        "teachers": [t.code for t in teachers],
        "rooms": rooms,
        "classes": [c.code for c in classes["classes"]],
    }
    lessons = draw(_lessons(refs, groups))
    lock_keys = draw(
        st.lists(
            st.tuples(st.sampled_from([x.key for x in lessons]), SMALL), unique=True, max_size=3
        )
        if lessons
        else st.just([])
    )
    room = st.none() | st.sampled_from(rooms) if rooms else st.none()
    bells = draw(st.lists(st.tuples(SHIFT, st.integers(1, 8)), unique=True, max_size=4))
    return SchoolSnapshot(
        school=SchoolInfo(
            school_code or draw(CODE),
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
            draw(st.sampled_from([5, 6])),
            draw(st.sampled_from(["kk", "ru", "en"])),
        ),
        terms=draw(_terms()),
        **places,
        subjects=tuple(
            SubjectInfo(c, draw(TEXT), draw(st.booleans()), draw(TEXT)) for c in subjects
        ),
        bells=tuple(BellPeriod(s, n, draw(TEXT), draw(TEXT)) for s, n in bells),
        teachers=teachers,
        **classes,
        lessons=lessons,
        **draw(_people(refs["classes"], groups)),
        rules=tuple(
            draw(
                st.lists(
                    st.builds(
                        RuleRow,
                        TEXT,
                        st.dictionaries(TEXT, JSON, max_size=3),
                        OPTIONAL,
                        st.booleans(),
                    ),
                    max_size=3,
                )
            )
        ),
        locked=tuple(
            LockedLesson(k, u, draw(SMALL), draw(SHIFT), draw(SMALL), draw(room))
            for k, u in lock_keys
        ),
        settings=SnapshotSettings(
            draw(st.booleans()),
            draw(SMALL),
            draw(OPTIONAL),
            draw(st.dictionaries(TEXT, SMALL, max_size=3)),
        ),
    )
