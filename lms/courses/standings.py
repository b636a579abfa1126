"""The leaderboards over the shared points ledger (models.points): people, schools, cities."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.points import BoardRow, PointsEntry, city_board, people_board, school_board
from models.school import School

MAX_ROWS = 100
BOARDS = ("people", "schools", "cities")


def leaderboard(
    db: Session,
    *,
    board: str = "people",
    city: str = "",
    school_id: int | None = None,
    name: str = "",
    limit: int = MAX_ROWS,
) -> list[BoardRow]:
    """People, schools or cities by points earned (tasks and course steps), most first.

    Args:
        db: the session.
        board: "people", "schools" or "cities".
        city: only schools of this city (empty: every city; not for the cities board).
        school_id: people of this school only (None: every school; people board only).
        name: people whose name contains this text (their ranks stay those of the wider board).
        limit: at most this many rows.

    Returns:
        The rows with their ranks (equal points share one).
    """
    if board == "cities":
        return city_board(db, limit=limit)
    if board == "schools":
        return school_board(db, city=city or None, limit=limit)
    return people_board(db, city=city or None, school_id=school_id, name=name or None, limit=limit)


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
    total = db.exec(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(PointsEntry.user_id == user_id)
    ).one()
    return int(total)
