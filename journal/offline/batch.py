"""A phone's batch of queued operations: each applied once, in order, its answer kept.

The answer of every operation is stored under the phone's operation id, so a batch sent again
(the phone never heard the answer) is answered from the store and changes nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from journal.offline.apply import Context, apply_operation, notify_changed
from journal.offline.operations import Operation
from models.sync import CONFLICT, REFUSED, SyncOperation


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What the server did with one operation, as the phone is told."""

    client_id: str
    status: str  # applied, unchanged, conflict, refused
    replayed: bool  # answered from an earlier sync of the same operation
    outcome: dict[str, Any]
    operation_id: int  # the stored row (a conflict or refusal is resolved by it)


def _stored(session: Session, school_id: int, user_id: int, client_id: str) -> SyncOperation | None:
    return session.exec(
        select(SyncOperation).where(
            SyncOperation.school_id == school_id, SyncOperation.user_id == user_id,
            SyncOperation.client_id == client_id,
        )
    ).first()  # fmt: skip


def sync_operations(
    session: Session, ctx: Context, operations: list[Operation]
) -> list[SyncResult]:
    """Applies a phone's operations in order, each once; conflicts and refusals are kept.

    Args:
        session: an open session (the caller commits).
        ctx: the school, the actor (a teacher or the school admin), the school's date and clock.
        operations: the batch, in the order the phone queued it.

    Returns:
        One result per operation, in order.

    Raises:
        ValueError: the actor has no account id (a phone always syncs as a signed-in account).
    """
    user_id = ctx.actor.user_id
    if user_id is None:
        raise ValueError("a sync needs the account of the person who entered the changes")
    results = []
    for op in operations:
        row = _stored(session, ctx.school_id, user_id, op.client_id)
        if row is not None:
            results.append(SyncResult(op.client_id, row.status, True, row.outcome, row.id or 0))
            continue
        status, outcome = apply_operation(session, ctx, op)
        row = SyncOperation(
            school_id=ctx.school_id, user_id=user_id, client_id=op.client_id, kind=op.kind,
            target=op.target, value=op.value, base=op.base, entered_at=op.entered_at,
            received_at=ctx.now, status=status, outcome={**outcome, "why": op.why},
        )  # fmt: skip
        session.add(row)
        session.flush()
        results.append(SyncResult(op.client_id, status, False, outcome, row.id or 0))
    notify_changed(session, ctx)
    return results


def count_open(session: Session, *, school_id: int, user_id: int) -> int:
    """How many of a person's synced changes wait for their decision (conflicts, refusals).

    Args:
        session: an open session.
        school_id: the school.
        user_id: the account that synced them.

    Returns:
        The number of unresolved conflicts and refusals.
    """
    query = select(func.count()).where(
        SyncOperation.school_id == school_id, SyncOperation.user_id == user_id,
        col(SyncOperation.status).in_([CONFLICT, REFUSED]),
        col(SyncOperation.resolved_at).is_(None),
    )  # fmt: skip
    return int(session.exec(query).one())
