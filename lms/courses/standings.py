"""The leaderboard over the points ledger: everyone's practice points by city, school and name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col, select

from models.accounts import UserAccount
from models.points import PointsEntry
from models.school import School

MAX_ROWS = 100


@dataclass(frozen=True)
class Standing:
    place: int  # shared by equal points (1, 2, 2, 4)
    user_id: int
    name: str
    school: str
    city: str
    points: int


def leaderboard(
    db: Session,
    *,
    city: str = "",
    school_id: int | None = None,
    name: str = "",
    limit: int = MAX_ROWS,
) -> list[Standing]:
    """Points earned (tasks, steps) per person, most first, with places among those filtered.

    Args:
        db: the session.
        city: only schools of this city (empty: every city).
        school_id: only this school (None: every school).
        name: only people whose name contains this text (places stay those of the wider list).
        limit: at most this many rows.

    Returns:
        The standings, by points then name.
    """
    total = func.sum(PointsEntry.points)
    query = (
        select_columns(
            col(UserAccount.id), col(UserAccount.name), col(School.name), col(School.city), total
        )
        .join(UserAccount, col(UserAccount.id) == PointsEntry.user_id)
        .join(School, col(School.id) == UserAccount.school_id)
        .where(
            col(UserAccount.deleted_at).is_(None),
            col(UserAccount.active).is_(True),
            col(School.deleted_at).is_(None),
        )
        .group_by(col(UserAccount.id), col(UserAccount.name), col(School.name), col(School.city))
        .order_by(total.desc(), col(UserAccount.name))
    )
    if city:
        query = query.where(col(School.city) == city)
    if school_id is not None:
        query = query.where(col(UserAccount.school_id) == school_id)
    out: list[Standing] = []
    place, previous = 0, None
    needle = name.strip().casefold()
    for n, (uid, person, school, town, points) in enumerate(db.execute(query).all(), 1):
        if points != previous:
            place, previous = n, points
        if needle and needle not in person.casefold():
            continue
        out.append(Standing(place, uid or 0, person, school, town, int(points or 0)))
        if len(out) >= limit:
            break
    return out


def cities(db: Session) -> list[str]:
    """The cities schools are in, for the leaderboard's filter."""
    rows = db.exec(
        select(School.city)
        .where(col(School.deleted_at).is_(None), School.city != "")
        .distinct()
        .order_by(col(School.city))
    )
    return list(rows)


def points_of(db: Session, *, user_id: int) -> int:
    """A person's points in the ledger."""
    return int(
        db.exec(
            select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
                PointsEntry.user_id == user_id
            )
        ).one()
    )
