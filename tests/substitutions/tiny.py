"""Tiny hand-made school days for the engine, explanation and validator tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    LessonReq,
    LockedLesson,
    RoomInfo,
    SchoolInfo,
    SchoolSnapshot,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TravelInfo,
)
from substitutions.build import (
    AbsenceInfo,
    CoverCounts,
    StoredChoice,
    build_day,
    prepare,
)
from substitutions.params import CoverWeights
from substitutions.problem import CoverProblem

MONDAY = date(2026, 9, 7)
# 5-minute break after period 1, 10 after 2, 20 after 3, 10 after 4
BELLS = (
    ("08:00", "08:45"), ("08:50", "09:35"), ("09:45", "10:30"), ("10:50", "11:35"),
    ("11:45", "12:30"),
)  # fmt: skip


@dataclass(frozen=True)
class L:
    """A lesson: key, subject, audience ("7A" or "7A/en1"), teachers, [(period, room)] on Monday."""

    key: str
    subject: str
    audience: tuple[str, ...]
    teachers: tuple[str, ...]
    at: tuple[tuple[int, str], ...]
    doubles: int = 0


@dataclass(frozen=True)
class T:
    code: str
    subjects: tuple[str, ...]
    max_per_day: int | None = None
    max_days: int | None = None
    email: str = ""


@dataclass
class Day:
    teachers: Sequence[T]
    lessons: Sequence[L]
    rooms: Sequence[tuple[str, str, int]] = (
        ("A1", "A", 30), ("A2", "A", 30), ("A3", "A", 30), ("B1", "B", 30), ("B2", "B", 30),
    )  # fmt: skip
    classes: Sequence[tuple[str, int, int]] = (("7A", 7, 25), ("7B", 7, 25), ("8A", 8, 25))
    subgroups: Sequence[tuple[str, str, str, int]] = ()
    travel: int = 15  # minutes between buildings A and B
    other_days: Sequence[L] = field(default_factory=tuple)  # lessons on Tuesday (week facts)

    def snapshot(self) -> SchoolSnapshot:
        subjects = sorted(
            {s for t in self.teachers for s in t.subjects} | {x.subject for x in self.lessons}
        )
        lessons = [*self.lessons, *self.other_days]
        return SchoolSnapshot(
            school=SchoolInfo("TINY", "Tiny school", days_per_week=5),
            buildings=(BuildingInfo("A", "Main"), BuildingInfo("B", "Annex")),
            travel=(TravelInfo("A", "B", self.travel),),
            rooms=tuple(RoomInfo(c, c, b, cap) for c, b, cap in self.rooms),
            subjects=tuple(SubjectInfo(s, s.title()) for s in subjects),
            bells=tuple(BellPeriod("1", i + 1, a, b) for i, (a, b) in enumerate(BELLS)),
            teachers=tuple(
                TeacherInfo(
                    t.code,
                    f"Teacher {t.code}",
                    t.subjects,
                    max_per_day=t.max_per_day,
                    max_days=t.max_days,
                    email=t.email,
                )
                for t in self.teachers
            ),
            classes=tuple(ClassInfo(c, g, "1", n) for c, g, n in self.classes),
            subgroups=tuple(SubgroupInfo(c, d, g, n) for c, d, g, n in self.subgroups),
            lessons=tuple(
                LessonReq(
                    x.key,
                    x.subject,
                    tuple(_ref(a) for a in x.audience),
                    x.teachers,
                    len(x.at) + x.doubles,
                    x.doubles,
                    rooms=tuple(sorted({r for _, r in x.at})),
                )
                for x in lessons
            ),
        )

    def timetable(self) -> list[LockedLesson]:
        out = []
        for day, lessons in ((0, self.lessons), (1, self.other_days)):
            for x in lessons:
                for unit, (period, room) in enumerate(x.at):
                    out.append(LockedLesson(x.key, unit, day, "1", period, room))
        return out

    def problem(
        self,
        absences: Sequence[AbsenceInfo] = (),
        counts: Mapping[str, CoverCounts] | None = None,
        *,
        locks: Sequence[StoredChoice] = (),
        previous: Sequence[StoredChoice] = (),
        weights: CoverWeights | None = None,
        day: date = MONDAY,
    ) -> CoverProblem:
        school = prepare(self.snapshot(), self.timetable())
        return build_day(
            school, day, absences, counts, locks=locks, previous=previous, weights=weights
        )


def _ref(text: str) -> GroupRef:
    klass, _, group = text.partition("/")
    return GroupRef(klass, group or None)


def away(code: str, *periods: int) -> AbsenceInfo:
    """Teacher `code` away for these periods (none: the whole day)."""
    return AbsenceInfo("teacher", code, tuple(periods), "ill")
