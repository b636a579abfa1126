"""Timetable versions: save a solver's placements, load, list and publish them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from models.audit import record_audit
from models.base import utcnow
from models.errors import NotFound, StoreError
from models.history import DataVersion
from models.i18n import N_, message
from models.lessons import LessonRequirement
from models.places import Room
from models.school import School
from models.school_data import get_school
from models.snapshot import LockedLesson
from models.timetable import PlacedLesson, TimetableVersion


@dataclass(frozen=True, slots=True)
class StoredPlacement(LockedLesson):
    """A placed lesson as stored: a `LockedLesson` plus whether it is locked in place."""

    locked: bool = False


@dataclass(frozen=True, slots=True)
class TimetableSummary:
    number: int
    status: str
    objective: int | None
    source: str
    created_at: datetime
    published: bool
    data_version: int
    placed: int


def _latest_data_version(session: Session, school: School) -> DataVersion:
    query = select(DataVersion).where(DataVersion.school_id == school.id)
    row = session.exec(query.order_by(col(DataVersion.number).desc())).first()
    if row is None:
        raise NotFound(
            "no_data_version",
            [message(N_("{school} has no imported data yet."), school=school.code)],
        )
    return row


def _ids(
    session: Session, school: School, placements: Sequence[LockedLesson]
) -> tuple[dict[str, int], dict[str, int]]:
    lessons = session.exec(
        select(LessonRequirement).where(
            LessonRequirement.school_id == school.id, col(LessonRequirement.deleted_at).is_(None)
        )
    ).all()
    rooms = session.exec(
        select(Room).where(Room.school_id == school.id, col(Room.deleted_at).is_(None))
    ).all()
    lesson_ids = {r.key: r.id for r in lessons if r.id is not None}
    room_ids = {(r.code or r.name): r.id for r in rooms if r.id is not None}
    problems = [
        message(N_("The timetable places an unknown lesson {key}."), key=p.lesson_key)
        for p in placements
        if p.lesson_key not in lesson_ids
    ] + [
        message(N_("The timetable uses an unknown room {room}."), room=p.room)
        for p in placements
        if p.room is not None and p.room not in room_ids
    ]
    if problems:
        raise StoreError("unknown_in_timetable", problems)
    return lesson_ids, room_ids


def save_timetable(
    session: Session,
    *,
    school_code: str,
    placements: Sequence[LockedLesson],
    status: str,
    objective: int | None,
    source: str,
    meta: dict[str, Any],
    actor: str = "system",
) -> TimetableVersion:
    """Stores placements as the school's next timetable version, linked to its current data.

    Args:
        session: an open session; the caller commits.
        school_code: the school's code.
        placements: one per placed unit; a `StoredPlacement` keeps its `locked` flag.
        status: the solve status (optimal, feasible, ...) or "imported".
        objective: the soft cost, if known.
        source: what produced it ("solve", a file name, ...).
        meta: JSON values about the run (seed, seconds, ...).
        actor: who saved it, for the audit log.

    Returns:
        The new version row (not published).

    Raises:
        NotFound: no such school, or it has no data version yet.
        StoreError: a placement names a lesson or room the current data lacks.
    """
    school = get_school(session, code=school_code)
    assert school.id is not None
    data = _latest_data_version(session, school)
    assert data.id is not None
    lesson_ids, room_ids = _ids(session, school, placements)
    query = select(func.max(TimetableVersion.number)).where(TimetableVersion.school_id == school.id)
    number = int(session.exec(query).one() or 0) + 1
    version = TimetableVersion(
        school_id=school.id, number=number, data_version_id=data.id, status=status,
        objective=objective, source=source, meta=meta,
    )  # fmt: skip
    session.add(version)
    session.flush()
    assert version.id is not None
    session.add_all(
        PlacedLesson(
            school_id=school.id,
            timetable_version_id=version.id,
            lesson_id=lesson_ids[p.lesson_key],
            unit=p.unit,
            day=p.day,
            shift=p.shift,
            period=p.period,
            room_id=None if p.room is None else room_ids[p.room],
            locked=bool(getattr(p, "locked", False)),
        )
        for p in placements
    )
    details = {"version": number, "placed": len(placements), "status": status}
    record_audit(
        session,
        school_id=school.id,
        actor=actor,
        action="save_timetable",
        entity="timetable_version",
        details=details,
    )
    return version


def _version(session: Session, school: School, number: int | None) -> TimetableVersion:
    query = select(TimetableVersion).where(TimetableVersion.school_id == school.id)
    if number is None:
        published = session.exec(query.where(col(TimetableVersion.published).is_(True))).first()
        row = published or session.exec(query.order_by(col(TimetableVersion.number).desc())).first()
    else:
        row = session.exec(query.where(TimetableVersion.number == number)).first()
    if row is None:
        text = (
            N_("{school} has no timetable version {version}.")
            if number
            else N_("{school} has no timetable yet.")
        )
        raise NotFound("timetable_not_found", [message(text, school=school.code, version=number)])
    return row


def load_timetable(
    session: Session, *, school_code: str, version: int | None = None
) -> list[LockedLesson]:
    """The placements of one timetable version, each a `StoredPlacement` with its lock flag.

    Args:
        session: an open session.
        school_code: the school's code.
        version: a version number; None = the published one, else the latest.

    Returns:
        Placements ordered by lesson key and unit.

    Raises:
        NotFound: no such school or timetable version.
    """
    school = get_school(session, code=school_code)
    row = _version(session, school, version)
    keys = {
        r.id: r.key
        for r in session.exec(
            select(LessonRequirement).where(LessonRequirement.school_id == school.id)
        )
    }
    rooms = {
        r.id: r.code or r.name
        for r in session.exec(select(Room).where(Room.school_id == school.id))
    }
    placed = session.exec(
        select(PlacedLesson).where(PlacedLesson.timetable_version_id == row.id)
    ).all()
    result: list[LockedLesson] = [
        StoredPlacement(
            keys[p.lesson_id],
            p.unit,
            p.day,
            p.shift,
            p.period,
            None if p.room_id is None else rooms[p.room_id],
            p.locked,
        )
        for p in placed
    ]
    return sorted(result, key=lambda p: (p.lesson_key, p.unit))


def publish_timetable(
    session: Session, *, school_code: str, version: int, actor: str = "system"
) -> None:
    """Makes one timetable version the school's published one (and no other), audited.

    Args:
        session: an open session; the caller commits.
        school_code: the school's code.
        version: the version number to publish.
        actor: who publishes, for the audit log.

    Raises:
        NotFound: no such school or version.
    """
    school = get_school(session, code=school_code)
    target = _version(session, school, version)
    previous = None
    for row in session.exec(
        select(TimetableVersion).where(
            TimetableVersion.school_id == school.id, col(TimetableVersion.published).is_(True)
        )
    ):
        previous = row.number
        row.published = False
        session.add(row)
    session.flush()  # unpublish first, so at no point two versions are current
    target.published = True
    target.published_at = utcnow()
    session.add(target)
    details = {"version": version, "previous": previous}
    record_audit(
        session,
        school_id=school.id,
        actor=actor,
        action="publish_timetable",
        entity="timetable_version",
        details=details,
    )


def list_timetables(session: Session, *, school_code: str) -> list[TimetableSummary]:
    """The school's timetable versions, oldest first, with how many lessons each places.

    Raises:
        NotFound: no such school.
    """
    school = get_school(session, code=school_code)
    counts = dict(
        session.exec(
            select(PlacedLesson.timetable_version_id, func.count())
            .where(PlacedLesson.school_id == school.id)
            .group_by(col(PlacedLesson.timetable_version_id))
        ).all()
    )
    numbers = {
        d.id: d.number
        for d in session.exec(select(DataVersion).where(DataVersion.school_id == school.id))
    }
    rows = session.exec(
        select(TimetableVersion)
        .where(TimetableVersion.school_id == school.id)
        .order_by(col(TimetableVersion.number))
    ).all()
    return [
        TimetableSummary(
            r.number,
            r.status,
            r.objective,
            r.source,
            r.created_at,
            r.published,
            numbers[r.data_version_id],
            int(counts.get(r.id or 0, 0)),
        )
        for r in rows
    ]
