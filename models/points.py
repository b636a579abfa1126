"""The points ledger: practice points earned by solving tasks and steps, shared by judge and LMS."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, UniqueConstraint, func
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col

from models.accounts import UserAccount
from models.base import utcnow
from models.school import School


class PointsEntry(SQLModel, table=True):
    """Points a person earned once for one thing (`source`, e.g. "judge:task:12", "lms:step:7").

    The unique (user, source) pair makes awarding idempotent: solving a task twice earns once.
    """

    __tablename__ = "points_entry"
    __table_args__ = (UniqueConstraint("user_id", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    source: str
    points: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


def award_points(
    session: Session, *, user_id: int, school_id: int | None, source: str, points: int
) -> bool:
    """Records points for one thing a person did, once: a second award of a source is ignored.

    The insert comes first and a clash on (user, source) is caught, so two workers recording
    the same solve at the same moment still award it once.

    Args:
        session: an open session; the caller commits.
        user_id: who earned them.
        school_id: the person's school (None for platform accounts).
        source: what earned them, e.g. "judge:task:12".
        points: how many.

    Returns:
        True when this call awarded them, False when the source was awarded before.
    """
    entry = PointsEntry(user_id=user_id, school_id=school_id, source=source, points=points)
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line of a leaderboard: its rank (equal points share one), who or what, points."""

    rank: int
    name: str  # the person's, the school's or the city's
    points: int
    city: str = ""
    school: str = ""
    people: int = 1  # how many people's points the line adds up
    user_id: int | None = None
    school_id: int | None = None


def _ranked(rows: Sequence[Sequence[Any]]) -> list[tuple[int, Sequence[Any]]]:
    """Rows sorted by points (their first value) with competition ranks: 1, 2, 2, 4."""
    ranked, rank, last = [], 0, None
    for index, row in enumerate(rows, 1):
        if row[0] != last:
            rank, last = index, row[0]
        ranked.append((rank, row))
    return ranked


def people_board(
    session: Session,
    *,
    city: str | None = None,
    school_id: int | None = None,
    name: str | None = None,
    limit: int = 50,
) -> list[BoardRow]:
    """People by their practice points, on the platform, in a city or in a school.

    Args:
        session: an open session.
        city: only schools of this city; school_id: only this school.
        name: only people whose name contains this (any case); ranks stay those of the board.
        limit: at most this many lines.

    Returns:
        The lines, best first (equal points by name).
    """
    total = func.sum(PointsEntry.points)
    query = (
        select_columns(
            total,
            col(UserAccount.name),
            col(UserAccount.id),
            col(School.name),
            col(School.city),
            col(School.id),
        )
        .join(UserAccount, col(UserAccount.id) == PointsEntry.user_id)
        .outerjoin(School, col(School.id) == UserAccount.school_id)
        .where(col(UserAccount.deleted_at).is_(None))
        .group_by(col(UserAccount.id), col(School.id))
    )
    if city is not None:
        query = query.where(col(School.city) == city)
    if school_id is not None:
        query = query.where(col(UserAccount.school_id) == school_id)
    rows = sorted(session.execute(query).all(), key=lambda r: (-int(r[0]), r[1].casefold()))
    wanted = (name or "").casefold()
    return [
        BoardRow(
            rank,
            row[1],
            int(row[0]),
            city=row[4] or "",
            school=row[3] or "",
            user_id=row[2],
            school_id=row[5],
        )
        for rank, row in _ranked(rows)
        if wanted in row[1].casefold()
    ][:limit]


def school_board(session: Session, *, city: str | None = None, limit: int = 50) -> list[BoardRow]:
    """Schools by the practice points of their people (on the platform, or in a city).

    Returns:
        The lines, best first; `people` counts the school's people with points.
    """
    query = (
        select_columns(
            func.sum(PointsEntry.points),
            col(School.name),
            col(School.id),
            col(School.city),
            func.count(func.distinct(PointsEntry.user_id)),
        )
        .join(School, col(School.id) == PointsEntry.school_id)
        .where(col(School.deleted_at).is_(None))
        .group_by(col(School.id))
    )
    if city is not None:
        query = query.where(col(School.city) == city)
    rows = sorted(session.execute(query).all(), key=lambda r: (-int(r[0]), r[1].casefold()))
    return [
        BoardRow(rank, row[1], int(row[0]), city=row[3], people=int(row[4]), school_id=row[2])
        for rank, row in _ranked(rows)
    ][:limit]


def city_board(session: Session, *, limit: int = 50) -> list[BoardRow]:
    """Cities by the practice points of their schools' people.

    Returns:
        The lines, best first; `people` counts people with points in the city.
    """
    query = (
        select_columns(
            func.sum(PointsEntry.points),
            col(School.city),
            func.count(func.distinct(PointsEntry.user_id)),
        )
        .join(School, col(School.id) == PointsEntry.school_id)
        .where(col(School.deleted_at).is_(None), col(School.city) != "")
        .group_by(col(School.city))
    )
    rows = sorted(session.execute(query).all(), key=lambda r: (-int(r[0]), r[1].casefold()))
    return [
        BoardRow(rank, row[1], int(row[0]), city=row[1], people=int(row[2]))
        for rank, row in _ranked(rows)
    ][:limit]
