"""Read an aSc Timetables XML file (`<timetable importtype="database">`) into a SchoolSnapshot.

Everything the file names must exist in it; every such problem is collected with its line and
reported at once (`InputError`). What aSc has and Sabaq cannot carry (weeks and terms, cards on
several days, colours, ...) becomes a warning naming it, and the conditions
among them are counted in `unsupported` under aSc's own names.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from importers.asc.document import Document
from importers.asc.read_cards import course_locks, read_cards
from importers.asc.read_lessons import Course, Part, read_courses
from importers.asc.read_people import People, read_people
from importers.asc.read_time import AscPeriod, read_days, read_periods, shift_runs
from importers.asc.xmltree import Node, XmlError, parse_xml
from importers.loaded import InputError
from models.snapshot import BellPeriod, LessonReq, SchoolInfo, SchoolSnapshot
from solver.messages import N_, Msg, msg
from solver.store import NO_ROOM

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnitSource:
    """Where one of our lesson units came from: the aSc lesson, and its weeks and terms."""

    lesson: str
    weeks: str
    terms: str


@dataclass
class AscRead:
    """A file as read: the snapshot and what it takes to write a timetable back into the file."""

    snapshot: SchoolSnapshot
    root: Node
    warnings: list[Msg]
    unsupported: dict[str, int]
    days: int
    units: dict[tuple[str, int], UnitSource] = field(default_factory=dict)
    period_of: dict[tuple[str, int], int] = field(default_factory=dict)  # (shift, no.) -> aSc
    room_id: dict[str, str] = field(default_factory=dict)  # room code -> aSc id
    day_limits: list[tuple[str, int, int, frozenset[int], str]] = field(default_factory=list)
    # (lesson key, first unit, units, allowed days, aSc's name for those days)


def _parse(path: Path) -> Document:
    name = path.name
    try:
        root = parse_xml(path.read_bytes())
    except OSError as exc:
        problem = msg("{file}: cannot be read ({error})", file=name, error=exc.strerror)
        raise InputError([problem]) from None
    except XmlError as exc:
        raise InputError(
            [
                msg(
                    "{file} line {line}: not a readable XML file: {reason}",
                    file=name,
                    line=exc.line,
                    reason=exc.reason,
                )
            ]
        ) from None
    if root.tag != "timetable":
        raise InputError(
            [
                msg(
                    "{file} line {line}: the root element is <{tag}>, not an aSc <timetable>",
                    file=name,
                    line=root.line,
                    tag=root.tag,
                )
            ]
        )
    return Document(root, name)


def read_asc(path: Path) -> AscRead:
    """Read the file at `path`.

    Raises:
        InputError: every problem found, each located by file and line.
    """
    doc = _parse(path)
    try:
        read = _read(doc, path)
    except Exception as exc:  # a bug must not hide the problems found so far
        log.exception("reading %s failed", path)
        doc.errors.append(msg("the importer failed while reading: {error}", error=exc))
        read = None
    if doc.errors or read is None:
        raise InputError(doc.errors)
    return read


def _read(doc: Document, path: Path) -> AscRead:
    days = read_days(doc)
    periods = read_periods(doc)
    people = read_people(doc)
    courses = read_courses(doc, people)
    read_cards(doc, courses, people, {p.value for p in periods}, days)
    runs = _shifts(doc, periods, courses, people)
    where = {p.value: (str(s + 1), n + 1) for s, run in enumerate(runs) for n, p in enumerate(run)}
    following = {a.value: b.value for run in runs for a, b in itertools.pairwise(run)}
    locked = [
        lock for c in courses for lock in course_locks(doc, c, following.get, lambda v: where[v])
    ]
    doc.report_unread()
    bells = tuple(BellPeriod(*where[p.value], p.start, p.end) for run in runs for p in run)
    school = SchoolInfo(path.stem, path.stem, days_per_week=days)
    snapshot = SchoolSnapshot(
        school=school,
        buildings=tuple(people.buildings.values()),
        rooms=tuple(people.rooms.values()),
        subjects=tuple(people.subjects.values()),
        bells=bells,
        teachers=tuple(people.teachers.values()),
        classes=tuple(people.classes.values()),
        subgroups=tuple(people.subgroups),
        lessons=tuple(_requirement(c) for c in courses),
        students=tuple(people.students),
        locked=tuple(locked),
    )
    read = AscRead(snapshot, doc.root, doc.warnings, doc.unsupported, days)
    read.period_of = {v: k for k, v in where.items()}
    read.room_id = {r.code: rid for rid, r in people.rooms.items()}
    _sources(read, courses)
    return read


def _shifts(
    doc: Document, periods: list[AscPeriod], courses: list[Course], people: People
) -> list[list[AscPeriod]]:
    """Shifts from the period names, each class in the shift its cards are in.

    A class with cards in two shifts means the names were not shifts after all: then the
    whole day is one shift. A class without cards goes to the first shift.
    """
    runs = shift_runs(periods)
    if len(runs) == 1:
        return runs
    run_of = {p.value: i for i, run in enumerate(runs) for p in run}
    seen: dict[str, set[int]] = {}
    for c in courses:
        for part in c.parts:
            cells = {run_of[p] for _, p, _ in part.cells}
            for ref in part.audience:
                seen.setdefault(ref.class_code, set()).update(cells)
    if any(len(s) > 1 for s in seen.values()):
        doc.warn(
            N_(
                "the period names restart as if there were {count} shifts, but some classes "
                "have lessons in two of them; the day is read as one shift"
            ),
            count=len(runs),
        )
        return [periods]
    idle = [c.code for c in people.classes.values() if not seen.get(c.code)]
    if idle:
        doc.warn(
            N_("classes {classes} have no placed lessons; they are put in the first shift"),
            classes=", ".join(idle),
        )
    for rid, klass in people.classes.items():
        shift = min(seen.get(klass.code) or {0})
        people.classes[rid] = replace(klass, shift=str(shift + 1))
    return runs


def _requirement(course: Course) -> LessonReq:
    first = course.parts[0]
    periods = sum(p.cards * p.length for p in course.parts)
    doubles = sum(p.cards for p in course.parts if p.length == 2)
    rooms: list[str] = []
    for part in course.parts:
        rooms.extend(r for r in part.rooms if r not in rooms)
    return LessonReq(
        key=course.key,
        subject=first.subject,
        audience=first.audience,
        teachers=first.teachers,
        periods_per_week=periods,
        doubles=doubles,
        room_kind=None if rooms else NO_ROOM,
        rooms=tuple(rooms),
    )


def _sources(read: AscRead, courses: list[Course]) -> None:
    """Remember each unit's aSc lesson and the days it may be on."""
    for course in courses:
        offset = 0
        for part in course.parts:
            count = _units(part)
            for unit in range(offset, offset + count):
                read.units[(course.key, unit)] = UnitSource(part.asc_id, part.weeks, part.terms)
            if part.days is not None:
                limit = (course.key, offset, count, part.days, part.days_name)
                read.day_limits.append(limit)
            offset += count


def _units(part: Part) -> int:
    return part.cards * (part.length if part.length > 2 else 1)
