"""Timetable versions in the office: the list, publishing, comparing two, and a version's report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from importers.grids import natural_key
from models.history import DataVersion
from models.i18n import Message
from models.timetable import TimetableVersion
from models.timetable_compare import LessonChange, compare_timetables
from models.timetables import list_timetables, publish_timetable
from solver.messages import Msg
from solver.problem import Problem
from solver.validate import Violation
from web.services.office import school_of
from web.services.office_state import VersionState, version_state
from web.services.timetables import version_data


@dataclass(frozen=True, slots=True)
class VersionRow:
    """One line of the versions list."""

    number: int
    status: str
    objective: int | None
    hard_violations: int | None  # as the run or edit that made it counted them
    source: str
    created_at: datetime
    published: bool
    data_version: int
    current_data: bool  # made for the school's newest data version
    placed: int


def version_rows(session: Session, *, school_id: int) -> list[VersionRow]:
    """The school's timetable versions, newest first.

    Raises:
        NotFound: the school is gone.
    """
    school = school_of(session, school_id)
    newest = session.exec(
        select(func.max(DataVersion.number)).where(DataVersion.school_id == school_id)
    ).one()
    metas = {
        r.number: r.meta
        for r in session.exec(
            select(TimetableVersion).where(TimetableVersion.school_id == school_id)
        )
    }
    rows = []
    for s in reversed(list_timetables(session, school_code=school.code)):
        hard = (metas.get(s.number) or {}).get("hard_violations")
        rows.append(VersionRow(
            s.number, s.status, s.objective, hard if isinstance(hard, int) else None, s.source,
            s.created_at, s.published, s.data_version, s.data_version == newest, s.placed,
        ))  # fmt: skip
    return rows


def publish(session: Session, *, school_id: int, number: int, actor: str) -> None:
    """Make version `number` the school's published timetable (audited).

    Raises:
        NotFound: the school has no such version.
    """
    school = school_of(session, school_id)
    publish_timetable(session, school_code=school.code, version=number, actor=actor)


@dataclass(frozen=True)
class Concerned:
    """A teacher or class and the changes that concern them."""

    kind: str  # "teacher" or "class"
    code: str
    name: str
    changes: tuple[LessonChange, ...]


@dataclass(frozen=True)
class Comparison:
    """Two versions compared: every change, and for whom."""

    old: int
    new: int
    changes: tuple[LessonChange, ...]
    people: tuple[Concerned, ...]


def compare(session: Session, *, school_id: int, old: int, new: int) -> Comparison:
    """What moved from version `old` to version `new`, named with the newer version's data.

    Raises:
        NotFound: the school lacks one of the versions.
    """
    before = version_data(session, school_id=school_id, number=old)
    after = version_data(session, school_id=school_id, number=new)
    result = compare_timetables(after.snapshot, before.placements, after.placements)
    names = {t.code: t.name for t in after.snapshot.teachers}
    people = [
        Concerned("class", code, code, result.for_class(code))
        for code in sorted(result.classes, key=natural_key)
    ] + [
        Concerned("teacher", code, names.get(code, code), result.for_teacher(code))
        for code in sorted(result.teachers, key=lambda c: natural_key(names.get(c) or c))
    ]
    return Comparison(old, new, result.changes, tuple(people))


@dataclass(frozen=True)
class Owner:
    """A class or teacher whose grid a report line links to."""

    kind: str
    code: str
    name: str


@dataclass(frozen=True)
class ReportLine:
    """One unmet condition or soft cost of a version, in words, with the grids involved."""

    hard: bool
    cost: int
    rule: str
    message: Msg | Message
    owners: tuple[Owner, ...]


@dataclass(frozen=True)
class VersionReport:
    """A version's every unmet hard condition and every soft cost."""

    state: VersionState
    hard: tuple[ReportLine, ...]
    soft: tuple[ReportLine, ...]
    cost_by_rule: tuple[tuple[str, int], ...]


def _named(problem: Problem, v: Violation) -> list[Owner]:
    """The classes and teachers the sentence itself names (its parameters)."""
    params = v.message.params
    out: list[Owner] = []
    teacher = params.get("teacher")
    out += [Owner("teacher", t.code, t.name) for t in problem.teachers if t.name == teacher]
    for key in ("students", "cls"):
        who = params.get(key)
        if isinstance(who, str):
            code = who.split("·")[0].strip()
            out += [Owner("class", c.code, c.code) for c in problem.classes if c.code == code]
    return out


def _of_lessons(problem: Problem, lessons: Iterable[int]) -> list[Owner]:
    out: list[Owner] = []
    for lid in lessons:
        if not 0 <= lid < len(problem.lessons):
            continue
        lesson = problem.lessons[lid]
        out += [Owner("class", problem.classes[c].code, problem.classes[c].code)
                for c in problem.audience_classes(lesson)]  # fmt: skip
        out += [Owner("teacher", problem.teachers[t].code, problem.teachers[t].name)
                for t in lesson.teachers]  # fmt: skip
    return out


def owners_of(problem: Problem, v: Violation, limit: int = 6) -> tuple[Owner, ...]:
    """The grids to open for a violation: who its sentence names, else whom its lessons
    concern (for a hard clash both: everyone in it)."""
    named = _named(problem, v)
    found = named if named and not v.hard else [*named, *_of_lessons(problem, v.lessons)]
    return tuple(dict.fromkeys(found))[:limit]


def report(session: Session, *, school_id: int, number: int) -> VersionReport:
    """Every unmet condition (hard) and every soft cost of version `number`, with links.

    Raises:
        NotFound: the school has no such version.
    """
    state = version_state(session, school_id=school_id, number=number)
    problem = state.problem
    lines = [
        ReportLine(v.hard, v.cost, str(v.rule), v.message, owners_of(problem, v))
        for v in state.violations
    ]
    hard = tuple(x for x in lines if x.hard)
    soft = tuple(sorted((x for x in lines if not x.hard), key=lambda x: (-x.cost, x.rule)))
    by_rule = tuple((str(r), c) for r, c in state.summary.cost_by_rule.items() if c)
    return VersionReport(state, hard, soft, by_rule)


def version_numbers(session: Session, *, school_id: int) -> list[int]:
    """The school's timetable version numbers, newest first."""
    query = select(TimetableVersion.number).where(TimetableVersion.school_id == school_id)
    return list(session.exec(query.order_by(col(TimetableVersion.number).desc())).all())
