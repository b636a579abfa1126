"""E-mails held for a daily digest: which are waiting, and marking them sent inside one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from models.outbox import DIGESTED, EMAIL, HELD, Notice


def schools_with_held(session: Session) -> list[int]:
    """The schools that have e-mails waiting for a digest.

    Args:
        session: an open session.

    Returns:
        School ids, ascending.
    """
    query = select(Notice.school_id).where(col(Notice.status) == HELD).distinct()
    return sorted(s for s in session.exec(query).all() if s is not None)


def held_by_address(
    session: Session, *, school_id: int, until: datetime
) -> dict[str, list[Notice]]:
    """A school's held e-mails written before `until`, by address, oldest first.

    Args:
        session: an open session.
        school_id: the school.
        until: only notices created before this moment (later ones wait for the next digest).

    Returns:
        Address (as stored) -> its notices.
    """
    rows = session.exec(
        select(Notice)
        .where(
            Notice.school_id == school_id,
            col(Notice.channel) == EMAIL,
            col(Notice.status) == HELD,
            col(Notice.created_at) < until,
        )
        .order_by(col(Notice.id))
    ).all()
    out: dict[str, list[Notice]] = defaultdict(list)
    for row in rows:
        out[row.address.casefold()].append(row)
    return dict(out)


def mark_digested(session: Session, notices: Iterable[Notice]) -> int:
    """Marks held notices as gone out inside a digest (only those still held).

    Args:
        session: an open session; the caller commits, with the digest e-mail queued.
        notices: the held notices the digest lists.

    Returns:
        How many were marked.
    """
    ids = [n.id for n in notices if n.id is not None]
    if not ids:
        return 0
    result = session.exec(
        update(Notice)
        .where(col(Notice.id).in_(ids), col(Notice.status) == HELD)
        .values(status=DIGESTED)
    )
    return int(result.rowcount or 0)
