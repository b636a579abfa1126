"""Reports of the guidance work for a school year: coverage of instruments, consultations,
programme completion, profile subjects chosen and mock-test averages.

The school's report groups by class and lists students with their non-clinical instruments (the
school admin's "who took which"); the district's groups by grade, holds no name, no id and no
class, and suppresses every count under `min_cell` (5 by default) and every figure computed from
fewer students, so that no student can be singled out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from guidance.instruments.catalogue import shipped
from guidance.work.mock_rules import outcome, rules_for
from guidance.work.programme import Completion, completion
from models.classes import SchoolClass
from models.guidance import SCHOOL_FILE, SUBMITTED, InstrumentResponse, SchoolInstrument
from models.guidance import InstrumentAssignment as Assignment
from models.guidance_work import (
    CONSULTATION_STATUSES,
    MOCK_KINDS,
    TRACKS,
    Consultation,
    ConsultationSlot,
    MockTestResult,
    ProfileSubjectChoice,
)
from models.people import Student
from models.school import School

CLASS, GRADE = "class", "grade"
DISTRICT_MIN_CELL = 5
GUIDED_FROM = 5  # the lowest grade the counsellor and psychologist work with


@dataclass(frozen=True, slots=True)
class Count:
    """A number of students, or None when it is suppressed (fewer than the minimum cell)."""

    value: int | None

    def __str__(self) -> str:
        return "<5" if self.value is None else str(self.value)


@dataclass(frozen=True, slots=True)
class Coverage:
    group: str  # a class code, or a grade number as text
    instrument: str  # the instrument's key
    title: dict[str, str]  # language -> title
    clinical: bool
    students: Count  # in the group
    taken: Count  # of them, with a submitted result


@dataclass(frozen=True, slots=True)
class Consultations:
    track: str
    by_status: dict[str, Count]
    students: Count  # distinct students with a consultation held


@dataclass(frozen=True, slots=True)
class PairCount:
    first: str
    second: str
    students: Count


@dataclass(frozen=True, slots=True)
class MockAverage:
    kind: str
    group: str
    students: Count  # with a sitting this year (their latest counts)
    average: float | None  # suppressed with the count
    reached: Count  # UNT: reaching the general minimum total


@dataclass(frozen=True, slots=True)
class StudentLine:
    """One student in the school's own report (never in the district's)."""

    name: str
    class_code: str
    instruments: tuple[str, ...]  # non-clinical instrument keys taken
    subjects: tuple[str, ...]
    mock: dict[str, int]  # kind -> latest total


@dataclass(frozen=True)
class GuidanceReport:
    school: str
    year: int
    grouped_by: str
    min_cell: int
    coverage: tuple[Coverage, ...]
    consultations: tuple[Consultations, ...]
    programme: tuple[Completion, ...]
    pairs: tuple[PairCount, ...]
    mock: tuple[MockAverage, ...]
    students: tuple[StudentLine, ...] = field(default_factory=tuple)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 8, 1, tzinfo=UTC), datetime(year + 1, 8, 1, tzinfo=UTC)


def _counter(min_cell: int) -> Callable[[int], Count]:
    return lambda n: Count(None if 0 < n < min_cell else n)


@dataclass
class _People:
    """The school's live students and how each is grouped."""

    group_of: dict[int, str]
    name_of: dict[int, str]
    class_of: dict[int, str]
    grade_of: dict[int, int]

    def sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = defaultdict(int)
        for group in self.group_of.values():
            sizes[group] += 1
        return sizes


def _people(session: Session, school_id: int, by: str) -> _People:
    classes = {
        c.id: c
        for c in session.exec(
            select(SchoolClass).where(
                SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None)
            )
        ).all()
    }
    students = session.exec(
        select(Student).where(Student.school_id == school_id, col(Student.deleted_at).is_(None))
    ).all()
    live = [s for s in students if s.class_id in classes]
    return _People(
        {s.id or 0: (classes[s.class_id].code if by == CLASS else str(classes[s.class_id].grade))
         for s in live},
        {s.id or 0: s.name for s in live},
        {s.id or 0: classes[s.class_id].code for s in live},
        {s.id or 0: classes[s.class_id].grade for s in live},
    )  # fmt: skip


def _titles(session: Session, school_id: int) -> dict[tuple[str, int | None], dict[str, Any]]:
    found: dict[tuple[str, int | None], dict[str, Any]] = {
        (key, None): {"title": dict(i.title), "clinical": i.clinical}
        for key, i in shipped().items()
    }
    for row in session.exec(
        select(SchoolInstrument).where(SchoolInstrument.school_id == school_id)
    ).all():
        found[(row.key, row.id)] = {"title": dict(row.title), "clinical": None}
    return found


def _coverage(
    session: Session, school_id: int, people: _People, count: Callable[[int], Count], year: int
) -> list[Coverage]:
    start, end = _year_bounds(year)
    rows = session.exec(
        select(InstrumentResponse, Assignment)
        .join(Assignment, col(Assignment.id) == InstrumentResponse.assignment_id)
        .where(
            InstrumentResponse.school_id == school_id,
            InstrumentResponse.status == SUBMITTED,
            col(InstrumentResponse.submitted_at) >= start,
            col(InstrumentResponse.submitted_at) < end,
        )
    ).all()
    titles = _titles(session, school_id)
    taken: dict[tuple[str, str], set[int]] = defaultdict(set)
    meta: dict[str, dict[str, Any]] = {}
    for response, assignment in rows:
        group = people.group_of.get(response.student_id)
        if group is None:
            continue
        taken[(group, response.instrument_key)].add(response.student_id)
        origin_row = assignment.school_instrument_id if assignment.origin == SCHOOL_FILE else None
        info = titles.get((response.instrument_key, origin_row), {"title": {}})
        meta[response.instrument_key] = {"title": info["title"], "clinical": response.clinical}
    sizes = people.sizes()
    out = []
    for (group, key), students in sorted(taken.items()):
        info = meta[key]
        out.append(Coverage(group, key, info["title"], info["clinical"], count(sizes[group]),
                            count(len(students))))  # fmt: skip
    return out


def _consultations(
    session: Session, school_id: int, count: Callable[[int], Count], year: int
) -> list[Consultations]:
    start, end = _year_bounds(year)
    rows = session.exec(
        select(Consultation)
        .join(ConsultationSlot, col(ConsultationSlot.id) == Consultation.slot_id)
        .where(
            Consultation.school_id == school_id,
            col(ConsultationSlot.starts_at) >= start,
            col(ConsultationSlot.starts_at) < end,
        )
    ).all()
    out = []
    for track in TRACKS:
        mine = [r for r in rows if r.track == track]
        statuses = {s: count(sum(r.status == s for r in mine)) for s in CONSULTATION_STATUSES}
        held = {r.student_id for r in mine if r.status == "held"}
        out.append(Consultations(track, statuses, count(len(held))))
    return out


def _pairs(
    session: Session, school_id: int, people: _People, count: Callable[[int], Count]
) -> list[PairCount]:
    rows = session.exec(
        select(ProfileSubjectChoice).where(
            ProfileSubjectChoice.school_id == school_id,
            col(ProfileSubjectChoice.deleted_at).is_(None),
        )
    ).all()
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        if r.student_id in people.group_of:
            tally[(r.first, r.second)] += 1
    return [PairCount(a, b, count(n)) for (a, b), n in sorted(tally.items(), key=lambda x: -x[1])]


def _latest_mock(session: Session, school_id: int, year: int) -> dict[tuple[int, str], Any]:
    start, end = _year_bounds(year)
    rows = session.exec(
        select(MockTestResult)
        .where(
            MockTestResult.school_id == school_id,
            col(MockTestResult.deleted_at).is_(None),
            col(MockTestResult.taken_on) >= start.date(),
            col(MockTestResult.taken_on) < end.date(),
        )
        .order_by(col(MockTestResult.taken_on), col(MockTestResult.id))
    ).all()
    return {(r.student_id, r.kind): r for r in rows}  # the latest sitting wins


def _mock(
    latest: dict[tuple[int, str], Any], people: _People, count: Callable[[int], Count]
) -> list[MockAverage]:
    groups: dict[tuple[str, str], list[MockTestResult]] = defaultdict(list)
    for (student, kind), row in latest.items():
        group = people.group_of.get(student)
        if group is not None:
            groups[(kind, group)].append(row)
    out = []
    for (kind, group), rows in sorted(groups.items(), key=lambda x: (MOCK_KINDS.index(x[0][0]),
                                                                      x[0][1])):  # fmt: skip
        n = count(len(rows))
        reached = sum(_reached_general(r) for r in rows)
        average = round(sum(r.total for r in rows) / len(rows), 1) if n.value else None
        out.append(MockAverage(kind, group, n, average, count(reached)))
    return out


def _reached_general(row: MockTestResult) -> bool:
    scored = outcome(rules_for(row.kind, row.rules_year), row.scores)
    return any(t.code == "general" for t in scored.reached)


def guidance_report(
    session: Session, *, school_id: int, year: int, today: date, district: bool = False,
    sort_key: Callable[[str], Any] = str.casefold,
) -> GuidanceReport:  # fmt: skip
    """The guidance work of one school year, for the school admin or for the district.

    Args:
        session: an open session.
        school_id: the school.
        year: the school year (its first calendar year).
        today: the day it is (what in the programme is overdue).
        district: by grade, without names or classes, small cells suppressed.
        sort_key: how names sort (the school's report lists students).

    Returns:
        The report.
    """
    by = GRADE if district else CLASS
    min_cell = DISTRICT_MIN_CELL if district else 0
    count = _counter(min_cell)
    people = _people(session, school_id, by)
    latest = _latest_mock(session, school_id, year)
    school = session.get(School, school_id)
    students: tuple[StudentLine, ...] = ()
    if not district:
        students = _students(session, school_id, people, latest, sort_key)
    return GuidanceReport(
        school=school.name if school else "", year=year, grouped_by=by, min_cell=min_cell,
        coverage=tuple(_coverage(session, school_id, people, count, year)),
        consultations=tuple(_consultations(session, school_id, count, year)),
        programme=tuple(completion(session, school_id=school_id, year=year, today=today)),
        pairs=tuple(_pairs(session, school_id, people, count)),
        mock=tuple(_mock(latest, people, count)), students=students,
    )  # fmt: skip


def _students(
    session: Session, school_id: int, people: _People, latest: dict[tuple[int, str], Any],
    sort_key: Callable[[str], Any],
) -> tuple[StudentLine, ...]:  # fmt: skip
    taken: dict[int, set[str]] = defaultdict(set)
    for response in session.exec(
        select(InstrumentResponse).where(
            InstrumentResponse.school_id == school_id,
            InstrumentResponse.status == SUBMITTED,
            col(InstrumentResponse.clinical).is_(False),
        )
    ).all():
        taken[response.student_id].add(response.instrument_key)
    pairs = {
        c.student_id: (c.first, c.second)
        for c in session.exec(
            select(ProfileSubjectChoice).where(
                ProfileSubjectChoice.school_id == school_id,
                col(ProfileSubjectChoice.deleted_at).is_(None),
            )
        ).all()
    }
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    for (sid, kind), row in latest.items():
        totals[sid][kind] = row.total
    lines = []
    for sid, name in people.name_of.items():
        if people.grade_of[sid] < GUIDED_FROM:
            continue  # the guidance work is for grades 5-11
        mine = tuple(sorted(taken.get(sid, ())))
        lines.append(StudentLine(name, people.class_of[sid], mine, pairs.get(sid, ()),
                                 totals.get(sid, {})))  # fmt: skip
    return tuple(sorted(lines, key=lambda s: (sort_key(s.class_code), sort_key(s.name))))
