"""Timetables for viewing: a version's data and grids (cached), and who may see which grid."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from importers.grids import Timetable, WeekGrid, natural_key, week_of
from models.accounts import PARENT, STUDENT, TEACHER
from models.errors import NotFound
from models.history import DataVersion
from models.i18n import N_, message
from models.people import Guardianship, Student, Teacher
from models.school import School
from models.school_data import read_snapshot
from models.snapshot import LockedLesson, SchoolSnapshot
from models.timetable import TimetableVersion
from models.timetables import load_timetable
from web.auth import Viewer

# Roles that see every grid of their school; students and parents see only their own.
STAFF_VIEW = ("school_admin", "timetabler", "teacher", "psychologist", "counsellor")


@dataclass(frozen=True)
class VersionData:
    """One timetable version with the school data it was made for, ready to draw."""

    store: str  # the database it came from: ids repeat across stores (tests, several schools)
    school_id: int
    school_code: str
    school_name: str
    number: int
    published: bool
    snapshot: SchoolSnapshot
    placements: tuple[LockedLesson, ...]
    timetable: Timetable


_CACHE_SIZE = 16
# by (database, timetable_version.id): saved versions never change, only their published flag
_cache: OrderedDict[tuple[str, int], VersionData] = OrderedDict()
_lock = threading.Lock()


def _not_found() -> NotFound:
    return NotFound("timetable_not_found", [message(N_("There is no such timetable."))])


def _version_row(session: Session, school_id: int, number: int | None) -> TimetableVersion:
    query = select(TimetableVersion).where(TimetableVersion.school_id == school_id)
    if number is None:
        query = query.where(col(TimetableVersion.published).is_(True))
    else:
        query = query.where(TimetableVersion.number == number)
    row = session.exec(query).first()
    if row is None or row.id is None:
        raise _not_found()
    return row


def version_data(session: Session, *, school_id: int, number: int | None = None) -> VersionData:
    """The published timetable (or version `number`) of a school, built once per version.

    Raises:
        NotFound: the school has no such version (or nothing published when `number` is None).
    """
    row = _version_row(session, school_id, number)
    assert row.id is not None
    key = (str(session.get_bind().engine.url), row.id)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit.published == row.published:
            _cache.move_to_end(key)
            return hit
    school = session.get(School, school_id)
    data = session.get(DataVersion, row.data_version_id)
    if school is None or data is None:
        raise _not_found()
    snapshot = read_snapshot(session, school_code=school.code, version=data.number)
    placements = tuple(load_timetable(session, school_code=school.code, version=row.number))
    built = VersionData(
        key[0], school_id, school.code, school.name, row.number, row.published, snapshot,
        placements, Timetable.from_snapshot(snapshot, placements),
    )  # fmt: skip
    with _lock:
        _cache[key] = built
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built


@dataclass(frozen=True, slots=True)
class MyGrid:
    """A grid on someone's own page: whose it is and the week (a student's own subgroups only)."""

    title: str
    kind: str
    code: str
    grid: WeekGrid
    student: str = ""  # the student's code on a student's or parent's page


def _student_grid(vd: VersionData, student_code: str) -> MyGrid | None:
    info = next((s for s in vd.snapshot.students if s.code == student_code), None)
    if info is None:
        return None
    tt = vd.timetable
    grid = week_of(tt, "class", info.class_code)
    mine = set(info.subgroups)
    problem = tt.problem

    def attends(index: int) -> bool:
        lesson = problem.lessons[tt.placements[index].lesson]
        groups = [problem.groups[g] for g in lesson.groups]
        own = [g for g in groups if problem.classes[g.class_id].code == info.class_code]
        return not own or any((g.division, g.name) in mine for g in own)

    cells = tuple(
        tuple(tuple(e for e in cell if attends(e.index)) for cell in row) for row in grid.cells
    )
    filtered = WeekGrid(grid.owner, grid.days, grid.rows, cells)
    return MyGrid(f"{info.name} · {info.class_code}", "class", info.class_code, filtered, info.code)


def my_grids(session: Session, viewer: Viewer, vd: VersionData) -> list[MyGrid]:
    """The grids on a person's own page: a teacher's week, a student's, each child's of a parent."""
    if viewer.role == TEACHER and viewer.teacher_id is not None:
        teacher = session.get(Teacher, viewer.teacher_id)
        if teacher is None or teacher.school_id != vd.school_id:
            return []
        return [
            MyGrid(
                teacher.name,
                "teacher",
                teacher.code,
                week_of(vd.timetable, "teacher", teacher.code),
            )
        ]
    codes: list[str] = []
    if viewer.role == STUDENT and viewer.student_id is not None:
        codes = _student_codes(session, vd.school_id, [viewer.student_id])
    elif viewer.role == PARENT and viewer.parent_id is not None:
        children = session.exec(
            select(Guardianship.student_id).where(
                Guardianship.parent_id == viewer.parent_id, Guardianship.school_id == vd.school_id
            )
        ).all()
        codes = _student_codes(session, vd.school_id, list(children))
    grids = [_student_grid(vd, code) for code in codes]
    return [g for g in grids if g is not None]


def _student_codes(session: Session, school_id: int, ids: list[int]) -> list[str]:
    rows = session.exec(
        select(Student).where(col(Student.id).in_(ids), Student.school_id == school_id)
    ).all()
    return sorted((s.code for s in rows), key=natural_key)


def may_see_all(viewer: Viewer) -> bool:
    """Staff see every grid of their school; students and parents only their own page."""
    return viewer.role in STAFF_VIEW


def week_start(when: date) -> date:
    """The Monday of the week a date falls in."""
    return when - timedelta(days=when.weekday())
