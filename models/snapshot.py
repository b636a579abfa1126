"""A school's complete timetable data as plain values keyed by codes: what importers produce.

Importers (Excel, FET, ...) build a `SchoolSnapshot`; `models.school_data` writes it into the
store as a new version and reads it back; `solver.store` turns it into a solver `Problem`.
Everything is referred to by its code (a teacher's code, a class's name such as "7A"), never
by a database id, so a snapshot means the same thing before and after it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class SchoolInfo:
    code: str
    name: str
    city: str = ""
    region: str = ""
    days_per_week: int = 5  # 5 or 6: Monday..Friday or Monday..Saturday
    language: str = "ru"  # kk, ru or en: the school's main language


@dataclass(frozen=True, slots=True)
class Holiday:
    name: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True, slots=True)
class TermInfo:
    name: str  # "1 term"
    start: date
    end: date  # inclusive
    holidays: tuple[Holiday, ...] = ()


@dataclass(frozen=True, slots=True)
class BuildingInfo:
    code: str
    name: str
    address: str = ""


@dataclass(frozen=True, slots=True)
class TravelInfo:
    a: str  # building code
    b: str  # building code
    minutes: int  # both directions unless the reverse is given too


@dataclass(frozen=True, slots=True)
class RoomInfo:
    code: str
    name: str
    building: str
    capacity: int
    kind: str = "ordinary"  # ordinary, lab, computer, gym, workshop, ...
    unavailable: tuple[SlotRef, ...] = ()


@dataclass(frozen=True, slots=True)
class SubjectInfo:
    code: str
    name: str
    hard: bool = False
    room_kind: str = "ordinary"  # default room kind for its lessons


@dataclass(frozen=True, slots=True)
class BellPeriod:
    shift: str  # shift code, "1" or "2"
    number: int  # 1-based within the shift
    start: str  # "08:00"
    end: str  # "08:45"


@dataclass(frozen=True, slots=True)
class SlotRef:
    """A (day, shift, period) cell of an availability grid; day is 0-based (0 = Monday)."""

    day: int
    shift: str
    period: int


@dataclass(frozen=True, slots=True)
class TeacherInfo:
    code: str
    name: str
    subjects: tuple[str, ...] = ()  # subject codes they may teach
    unavailable: tuple[SlotRef, ...] = ()
    max_per_day: int | None = None
    max_per_week: int | None = None
    max_days: int | None = None
    day_off: int | None = None  # preferred free day, 0-based
    max_building_changes: int | None = None
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class ClassInfo:
    code: str  # "7A"
    grade: int
    shift: str
    size: int
    home_room: str | None = None  # room code
    max_per_day: int | None = None
    unavailable: tuple[SlotRef, ...] = ()
    class_teacher: str | None = None  # teacher code (классный руководитель)


@dataclass(frozen=True, slots=True)
class SubgroupInfo:
    class_code: str
    division: str  # "lang", "eng", "inf", ...
    code: str  # "kz", "ru", "1", "2"
    size: int


@dataclass(frozen=True, slots=True)
class GroupRef:
    class_code: str
    subgroup: str | None = None  # None = the whole class


@dataclass(frozen=True, slots=True)
class LessonReq:
    """A weekly requirement: who learns what with whom, how many periods, how they split."""

    key: str  # stable key for identity across re-imports (e.g. "7A-MATH" or the row's id)
    subject: str
    audience: tuple[GroupRef, ...]  # whole classes and/or subgroups (several classes joined)
    teachers: tuple[str, ...]
    periods_per_week: int
    doubles: int = 0  # how many of those periods come as double lessons (2 periods each)
    room_kind: str | None = None  # None = the subject's room kind
    rooms: tuple[str, ...] = ()  # allowed rooms; empty = any room of the kind (home room first)


@dataclass(frozen=True, slots=True)
class StudentInfo:
    code: str
    name: str
    class_code: str
    subgroups: tuple[tuple[str, str], ...] = ()  # (division, subgroup code)
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class ParentInfo:
    code: str
    name: str
    children: tuple[str, ...]  # student codes
    email: str = ""
    phone: str = ""
    relation: str = ""  # mother, father, guardian


@dataclass(frozen=True, slots=True)
class RuleRow:
    """A condition beyond the basic fields, stored as kind + parameters (e.g. a FET constraint)."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    weight: int | None = None  # None = hard
    active: bool = True


@dataclass(frozen=True, slots=True)
class LockedLesson:
    lesson_key: str  # LessonReq.key
    unit: int  # which unit of the requirement (0-based, doubles first)
    day: int
    shift: str
    period: int
    room: str | None = None


@dataclass(frozen=True, slots=True)
class SnapshotSettings:
    class_no_gaps: bool = True
    late_after: int = 4
    max_building_changes: int | None = None
    weights: dict[str, int] = field(default_factory=dict)  # Weights field name -> value


@dataclass(frozen=True)
class SchoolSnapshot:
    school: SchoolInfo
    terms: tuple[TermInfo, ...] = ()
    buildings: tuple[BuildingInfo, ...] = ()
    travel: tuple[TravelInfo, ...] = ()
    rooms: tuple[RoomInfo, ...] = ()
    subjects: tuple[SubjectInfo, ...] = ()
    bells: tuple[BellPeriod, ...] = ()
    teachers: tuple[TeacherInfo, ...] = ()
    classes: tuple[ClassInfo, ...] = ()
    subgroups: tuple[SubgroupInfo, ...] = ()
    lessons: tuple[LessonReq, ...] = ()
    students: tuple[StudentInfo, ...] = ()
    parents: tuple[ParentInfo, ...] = ()
    rules: tuple[RuleRow, ...] = ()
    locked: tuple[LockedLesson, ...] = ()
    settings: SnapshotSettings = field(default_factory=SnapshotSettings)
