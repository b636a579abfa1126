"""A school at a glance for its admin: counts of people and things, and the health of its jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from models.accounts import UserAccount
from models.base import utcnow
from models.classes import SchoolClass
from models.history import DataVersion
from models.jobs import FAILED, Job
from models.people import Parent, Student, Teacher
from models.places import Room
from models.timetable import TimetableVersion


@dataclass(frozen=True, slots=True)
class Overview:
    teachers: int
    classes: int
    students: int
    parents: int
    rooms: int
    accounts: int
    data_versions: int
    timetables: int
    published_version: int | None
    latest_version: int | None
    last_generated_at: datetime | None
    unpublished: bool  # a newer timetable or newer school data than the published timetable
    failed_jobs: int  # in the last seven days


def _count(session: Session, table: type, school_id: int, *, live: bool = True) -> int:
    query = select(func.count()).select_from(table).where(table.school_id == school_id)  # type: ignore[attr-defined]
    if live and hasattr(table, "deleted_at"):
        query = query.where(table.deleted_at.is_(None))
    return int(session.exec(query).one())


def school_overview(session: Session, *, school_id: int) -> Overview:
    """Counts and health of one school (every query filtered by `school_id`)."""
    versions = session.exec(
        select(TimetableVersion)
        .where(TimetableVersion.school_id == school_id)
        .order_by(col(TimetableVersion.number))
    ).all()
    published = next((v for v in versions if v.published), None)
    latest = versions[-1] if versions else None
    newest_data = session.exec(
        select(func.max(DataVersion.id)).where(DataVersion.school_id == school_id)
    ).one()
    unpublished = latest is not None and (
        published is None
        or latest.number > published.number
        or (newest_data is not None and newest_data != published.data_version_id)
    )
    week_ago = utcnow() - timedelta(days=7)
    failed = session.exec(
        select(func.count()).where(
            Job.school_id == school_id, Job.status == FAILED, col(Job.created_at) >= week_ago
        )
    ).one()
    return Overview(
        teachers=_count(session, Teacher, school_id),
        classes=_count(session, SchoolClass, school_id),
        students=_count(session, Student, school_id),
        parents=_count(session, Parent, school_id),
        rooms=_count(session, Room, school_id),
        accounts=_count(session, UserAccount, school_id),
        data_versions=_count(session, DataVersion, school_id),
        timetables=len(versions),
        published_version=published.number if published else None,
        latest_version=latest.number if latest else None,
        last_generated_at=latest.created_at if latest else None,
        unpublished=bool(unpublished),
        failed_jobs=int(failed),
    )
