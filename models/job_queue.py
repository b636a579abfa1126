"""The job interface: enqueue, claim, report progress, cancel and finish jobs, across processes.

Every state change is one conditional UPDATE, so two workers (threads, processes or machines)
never run one job, and a worker that lost its job (cancelled, or requeued as stale) cannot
overwrite what happened since. Claims are single statements that start with a write: on SQLite
a transaction that read first and wrote later could fail when another worker wrote between.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from models.base import utcnow
from models.errors import NotFound, StoreError
from models.i18n import N_, message
from models.jobs import CANCELLED, DONE, FAILED, QUEUED, RUNNING, Job
from models.outbox import Notice

HEARTBEAT = "updated_at"  # key in Job.progress: when the running worker last showed life
# Key in Session.info: (job id, kind) of the jobs this transaction queued; web.broker sends
# their messages once the transaction has committed (a broker only ever hears of stored rows).
TO_SEND = "sabaq_jobs_to_send"
STALE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 3  # a job whose worker died this often is failed rather than requeued again


def enqueue(
    session: Session,
    *,
    kind: str,
    school_id: int | None,
    params: Mapping[str, Any],
    key: str | None = None,
    created_by: int | None = None,
    priority: int = 0,
) -> Job:
    """Adds a queued job, or returns the existing one with the same key (in any state).

    Args:
        session: an open session; the caller commits.
        kind: which handler runs it ("solve", ...).
        school_id: the school it works for; None for platform jobs.
        params: JSON values the handler reads.
        key: makes enqueueing idempotent; include the school in it, keys are global.
        created_by: the account that asked for it.
        priority: workers take higher priorities first (then the oldest job).

    Returns:
        The job (flushed, so it has an id).

    Raises:
        StoreError: the key belongs to another school's job.
    """
    job = Job(
        kind=kind, school_id=school_id, params=dict(params), key=key, created_by=created_by,
        priority=priority,
    )  # fmt: skip
    job = insert_once(session, job, code="job_key_taken")
    if job.status == QUEUED and job.id is not None:
        session.info.setdefault(TO_SEND, []).append((job.id, job.kind))
    return job


Keyed = TypeVar("Keyed", Job, Notice)


def insert_once(session: Session, row: Keyed, *, code: str) -> Keyed:
    """Adds a job or notice, or returns the row already stored under its key.

    The insert comes first and a clash on the key is caught: a read before the write could
    fail on a busy SQLite store, and two processes may insert one key at the same moment.

    Args:
        session: an open session; the caller commits.
        row: the new row; without a key it is simply added.
        code: the error code when the key belongs to another school's row.

    Returns:
        The new row (flushed), or the stored one with the same key.

    Raises:
        StoreError: the key belongs to another school's row.
    """
    if row.key is None:
        session.add(row)
        session.flush()
        return row
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        table = type(row)
        existing = session.exec(select(table).where(table.key == row.key)).first()
        if existing is None:
            raise  # not the key: a missing school or account
        if existing.school_id != row.school_id:
            text = N_("The key {key} is already in use.")
            raise StoreError(code, [message(text, key=row.key)]) from None
        return existing
    return row


def _queued(kinds: Sequence[str] | None) -> SelectOfScalar[int | None]:
    pick = select(col(Job.id)).where(Job.status == QUEUED)
    if kinds is not None:
        pick = pick.where(col(Job.kind).in_(list(kinds)))
    return pick


def waiting_since(session: Session, *, before: datetime, limit: int = 500) -> list[tuple[int, str]]:
    """Queued jobs created before `before`, oldest first: a dispatcher re-sends their messages
    (a broker that was away when they were queued, or a job put back by `requeue_stale`).

    Args:
        session: an open session.
        before: only jobs created before this moment.
        limit: at most this many.

    Returns:
        (job id, kind) pairs.
    """
    query = (
        select(col(Job.id), col(Job.kind))
        .where(Job.status == QUEUED, col(Job.created_at) < before)
        .order_by(col(Job.id))
        .limit(limit)
    )
    return [(int(job_id), kind) for job_id, kind in session.exec(query).all() if job_id]


def has_queued(session: Session, *, kinds: Sequence[str] | None = None) -> bool:
    """Whether any job (of these kinds) waits: a read, so an idle worker takes no write lock.

    On SQLite a worker that tried to claim every second would hold the write lock briefly each
    time, and another connection's transaction that read before writing would fail then.
    """
    if kinds is not None and not kinds:
        return False
    return session.exec(_queued(kinds).limit(1)).first() is not None


def claim_next(session: Session, *, worker: str, kinds: Sequence[str] | None = None) -> Job | None:
    """Marks the queued job of the highest priority (the oldest of those) running for `worker`,
    atomically across processes.

    One UPDATE picks and claims the job (PostgreSQL skips rows another claimer holds), so no
    two workers get one job. The caller commits at once: until then the claim holds its lock.

    Args:
        session: a session with no transaction open (its first statement must be the claim).
        worker: the claiming worker's name.
        kinds: only jobs of these kinds; None for any.

    Returns:
        The claimed job, or None when nothing is queued.
    """
    if kinds is not None and not kinds:
        return None
    order = (col(Job.priority).desc(), col(Job.id))
    picked = _queued(kinds).order_by(*order).limit(1).with_for_update(skip_locked=True)
    now = utcnow()
    claim = (
        update(Job)
        .where(col(Job.id) == picked.scalar_subquery(), col(Job.status) == QUEUED)
        .values(
            status=RUNNING,
            worker=worker,
            started_at=now,
            attempts=col(Job.attempts) + 1,
            progress={HEARTBEAT: now.isoformat()},
        )
        .returning(col(Job.id))
        .execution_options(synchronize_session=False)
    )
    job_id = session.exec(claim).scalar_one_or_none()
    if job_id is None:
        return None
    return session.get(Job, job_id, populate_existing=True)


def _change(
    session: Session, job_id: int, where: Sequence[ColumnElement[bool]], **values: Any
) -> bool:
    """One conditional UPDATE of a job; True when it changed the row."""
    statement = (
        update(Job)
        .where(col(Job.id) == job_id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    changed = session.exec(statement).rowcount == 1
    if changed:
        cached = session.get(Job, job_id)
        if cached is not None:
            session.refresh(cached)
    return changed


def _owned(worker: str | None) -> list[ColumnElement[bool]]:
    where = [col(Job.status) == RUNNING]
    if worker is not None:
        where.append(col(Job.worker) == worker)
    return where


def report_progress(
    session: Session, *, job_id: int, progress: Mapping[str, Any], worker: str | None = None
) -> bool:
    """Replaces a running job's progress, stamped with the time (the heartbeat).

    Args:
        session: an open session; the caller commits.
        job_id: the job.
        progress: JSON values for the pages (elapsed, best, bound, ...).
        worker: when given, only if this worker still runs the job.

    Returns:
        False when the job is no longer running (for this worker): the worker should stop.
    """
    stamped = {**progress, HEARTBEAT: utcnow().isoformat()}
    return _change(session, job_id, _owned(worker), progress=stamped)


def finish(
    session: Session,
    *,
    job_id: int,
    result: Mapping[str, Any],
    worker: str | None = None,
    progress: Mapping[str, Any] | None = None,
) -> bool:
    """Marks a running job done with its result.

    Args:
        session: an open session; the caller commits.
        job_id: the job.
        result: JSON values the pages show.
        worker: when given, only if this worker still runs the job.
        progress: the last progress, when the worker has not written it yet.

    Returns:
        False when the job was not running (for this worker); nothing changed then.
    """
    values: dict[str, Any] = {"status": DONE, "result": dict(result), "finished_at": utcnow()}
    if progress is not None:
        values["progress"] = {**progress, HEARTBEAT: utcnow().isoformat()}
    return _change(session, job_id, _owned(worker), **values)


def fail(
    session: Session,
    *,
    job_id: int,
    error: str,
    worker: str | None = None,
    result: Mapping[str, Any] | None = None,
) -> bool:
    """Marks a running job failed with the error text (and, say, translatable messages).

    Args:
        session: an open session; the caller commits.
        job_id: the job.
        error: what went wrong, in words.
        worker: when given, only if this worker still runs the job.
        result: JSON values kept with the failure (e.g. the messages behind `error`).

    Returns:
        False when the job was not running (for this worker); nothing changed then.
    """
    values = {"status": FAILED, "error": error, "result": dict(result or {})}
    return _change(session, job_id, _owned(worker), finished_at=utcnow(), **values)


def mark_cancelled(
    session: Session,
    *,
    job_id: int,
    worker: str | None = None,
    result: Mapping[str, Any] | None = None,
) -> bool:
    """Ends a running job as cancelled (its handler stopped on request).

    Returns:
        False when the job was not running (for this worker).
    """
    values = {"status": CANCELLED, "result": dict(result or {}), "finished_at": utcnow()}
    return _change(session, job_id, _owned(worker), **values)


def release(session: Session, *, job_id: int, worker: str) -> bool:
    """Puts a running job back in the queue because its worker is shutting down.

    The attempt is not counted: the job did not fail, its worker stopped on purpose.

    Returns:
        False when this worker no longer runs the job.
    """
    values: dict[str, Any] = {"status": QUEUED, "worker": "", "started_at": None, "progress": {}}
    return _change(session, job_id, _owned(worker), attempts=col(Job.attempts) - 1, **values)


def request_cancel(session: Session, *, job_id: int, school_id: int | None) -> Job:
    """Cancels a queued job at once, or asks its worker to stop a running one.

    Args:
        session: an open session; the caller commits.
        job_id: the job.
        school_id: the school asking; another school's job is not found.

    Returns:
        The job as it is now (a finished job is left as it was).

    Raises:
        NotFound: no such job in this school.
    """
    mine = col(Job.school_id) == school_id
    now = utcnow()
    queued = [mine, col(Job.status) == QUEUED]
    if not _change(
        session, job_id, queued, status=CANCELLED, cancel_requested=True, finished_at=now
    ):
        _change(session, job_id, [mine, col(Job.status) == RUNNING], cancel_requested=True)
    return get_job(session, job_id=job_id, school_id=school_id)


def is_cancel_requested(session: Session, *, job_id: int) -> bool:
    """Whether someone asked to stop this job (a worker polls this while it runs)."""
    query = select(Job.cancel_requested).where(Job.id == job_id)
    return bool(session.exec(query).first())


def get_job(session: Session, *, job_id: int, school_id: int | None) -> Job:
    """One job of a school.

    Args:
        session: an open session.
        job_id: the job.
        school_id: the school asking (None: platform jobs only).

    Returns:
        The job row.

    Raises:
        NotFound: no such job, or it belongs to another school.
    """
    job = session.exec(select(Job).where(Job.id == job_id, Job.school_id == school_id)).first()
    if job is None:
        raise NotFound("job_not_found", [message(N_("There is no job {id}."), id=job_id)])
    return job


def list_jobs(
    session: Session,
    *,
    school_id: int | None,
    kind: str | None = None,
    status: str | None = None,
    limit: int = 20,
) -> list[Job]:
    """A school's latest jobs, newest first.

    Args:
        session: an open session.
        school_id: the school (None: platform jobs).
        kind: only jobs of this kind.
        status: only jobs in this state (e.g. "failed" for the control panel).
        limit: at most this many.

    Returns:
        The job rows.
    """
    query = select(Job).where(Job.school_id == school_id)
    if kind is not None:
        query = query.where(Job.kind == kind)
    if status is not None:
        query = query.where(Job.status == status)
    return list(session.exec(query.order_by(col(Job.id).desc()).limit(limit)).all())


class Sentence(Protocol):
    """A translatable sentence: `models.i18n.Message`, or the solver's `Msg` of the same shape."""

    @property
    def template(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


def messages_json(messages: Iterable[Sentence]) -> list[dict[str, Any]]:
    """Messages as JSON for a job's result: the English text plus what translates it.

    A page renders `Message(m["template"], m["params"]).render(gettext)` in the reader's language.
    """
    return [{"text": str(m), **_sentence_json(m)} for m in messages]


def _sentence_json(sentence: Any) -> dict[str, Any]:
    plural = getattr(sentence, "plural", None)
    return {
        "template": sentence.template,
        "params": {k: _json_value(v) for k, v in sentence.params.items()},
        "plural": list(plural) if plural else None,
    }


def _json_value(value: Any) -> Any:
    # Nested sentences and lists of them keep their shape, so the page renders them in the
    # reader's language with the right plural form (duck-typed: models imports no solver).
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "template") and hasattr(value, "params"):
        return {"sentence": _sentence_json(value)}
    if hasattr(value, "items") and hasattr(value, "sep") and isinstance(value.items, tuple):
        return {"joined": [_json_value(item) for item in value.items], "sep": value.sep}
    return str(value)


def last_sign_of_life(job: Job) -> datetime | None:
    """When the job's worker last reported progress (or claimed it), in UTC."""
    stamp = job.progress.get(HEARTBEAT) if isinstance(job.progress, dict) else None
    moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else job.started_at
    if moment is not None and moment.tzinfo is None:  # SQLite returns naive UTC times
        moment = moment.replace(tzinfo=UTC)
    return moment


def stale_after() -> timedelta:
    """How long a running job may show no life before it counts as dead: SABAQ_JOB_STALE_S
    seconds, or STALE_AFTER (fault drills shorten it; keep it well above the runner's 15-s
    heartbeat, or live jobs are taken back)."""
    seconds = os.environ.get("SABAQ_JOB_STALE_S", "").strip()
    return timedelta(seconds=float(seconds)) if seconds else STALE_AFTER


def requeue_stale(
    session: Session,
    *,
    older_than: timedelta | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime | None = None,
) -> list[int]:
    """Requeues running jobs whose worker shows no life (it died), or fails them after
    `max_attempts` claims so a job that kills its worker does not loop forever.

    Commits the session: the read of running jobs must end before the writes begin (SQLite
    refuses a write in a transaction that read an older state).

    Args:
        session: a session with no pending work.
        older_than: how long without a heartbeat counts as dead (default: stale_after()).
        max_attempts: claims after which the job is failed instead.
        now: the current time (tests).

    Returns:
        The ids of the jobs requeued or failed.
    """
    cutoff = (now or utcnow()) - (older_than or stale_after())
    running = session.exec(select(Job).where(Job.status == RUNNING)).all()
    stale = [
        (job.id, job.worker, job.attempts)
        for job in running
        if job.id is not None and (last_sign_of_life(job) or cutoff) < cutoff
    ]
    session.commit()
    done = []
    for job_id, worker, attempts in stale:
        where = [*_owned(worker), col(Job.attempts) == attempts]
        if attempts >= max_attempts:
            text = message(N_("The job stopped its worker {n} times."), n=attempts)
            result = {"messages": messages_json([text])}
            values = {"status": FAILED, "error": str(text), "result": result}
            changed = _change(session, job_id, where, finished_at=utcnow(), **values)
        else:
            changed = _change(session, job_id, where, status=QUEUED, worker="", started_at=None)
        if changed:
            done.append(job_id)
        session.commit()
    return done
