"""Submissions: sent to the queue as "judge" jobs, read back, finished once; drafts of the IDE.

Instead of a limit on attempts, a person may have only a few submissions waiting for their
verdict at a time (IN_FLIGHT_CAP); beyond that the refusal says to wait for the verdicts.
A verdict is recorded once: the row changes only while it is unjudged, in the same
transaction that finishes its job, and a solve earns the task's points once (the ledger's
(user, source) pair is unique).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lms.judge import LANGUAGES
from lms.judge.compiling import MAX_SOURCE_BYTES
from lms.practice.errors import SubmissionRefused, TooManyInFlight
from models.base import utcnow
from models.errors import NotFound
from models.i18n import N_, message
from models.job_queue import enqueue
from models.jobs import CANCELLED, FAILED, Job
from models.jobs import QUEUED as JOB_QUEUED
from models.jobs import RUNNING as JOB_RUNNING
from models.judge import (
    JUDGED,
    JUDGING,
    LESSON,
    OLYMPIAD,
    PURPOSES,
    QUEUED,
    RUN,
    CodeDraft,
    JudgeTask,
    Submission,
)
from models.points import award_points

KIND = "judge"
IN_FLIGHT_CAP = 3
MAX_INPUT_BYTES = 1 << 20  # "run my code": the student's own input
PRIORITY = {OLYMPIAD: 30, LESSON: 20, RUN: 10}  # workers take higher first
UNFINISHED = (QUEUED, JUDGING)


def points_source(task_id: int) -> str:
    """The points ledger's source for solving a task."""
    return f"judge:task:{task_id}"


def in_flight(session: Session, *, user_id: int) -> int:
    """How many of a person's submissions wait for their verdict (their job queued or running)."""
    query = (
        select(func.count())
        .select_from(Submission)
        .join(Job, col(Job.id) == Submission.job_id)
        .where(
            Submission.user_id == user_id,
            col(Submission.status).in_(UNFINISHED),
            col(Job.status).in_((JOB_QUEUED, JOB_RUNNING)),
        )
    )
    return int(session.exec(query).one())


def _check(language: str, source: str, custom_input: str | None) -> None:
    problems = []
    if language not in LANGUAGES:
        problems.append(message(N_("Choose one of the languages offered.")))
    if not source.strip():
        problems.append(message(N_("The program is empty.")))
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        problems.append(message(N_("The program is over {kib} KiB."), kib=MAX_SOURCE_BYTES >> 10))
    if custom_input is not None and len(custom_input.encode("utf-8")) > MAX_INPUT_BYTES:
        problems.append(message(N_("The input is over {kib} KiB."), kib=MAX_INPUT_BYTES >> 10))
    if problems:
        raise SubmissionRefused("submission_refused", problems)


def submit(
    session: Session,
    *,
    task: JudgeTask,
    user_id: int,
    school_id: int | None,
    language: str,
    source: str,
    purpose: str = LESSON,
    contest_id: int | None = None,
    custom_input: str | None = None,
    stop_early: bool = False,
    cap: int = IN_FLIGHT_CAP,
) -> Submission:
    """A submission of the task's current version, queued as a "judge" job.

    Args:
        session: an open session; the caller commits (the worker sees the job then).
        task: the task (the caller has checked the person may see it).
        user_id, school_id: who submits, and their school (None for platform accounts).
        language: py, cpp, java or pas; source: the program.
        purpose: OLYMPIAD, LESSON or RUN ("run my code" on `custom_input`); the job's priority.
        contest_id: the olympiad it belongs to.
        stop_early: stop at the first failed test (ICPC olympiads).
        cap: how many submissions of one person may wait for a verdict at once.
    Returns:
        The submission (flushed), its job_id set.
    Raises:
        SubmissionRefused: an unknown language, an empty or too long program or input.
        TooManyInFlight: the person already has `cap` submissions waiting.
    """
    assert purpose in PURPOSES and task.id is not None
    _check(language, source, custom_input if purpose == RUN else None)
    if in_flight(session, user_id=user_id) >= cap:
        text = N_(
            "You have {n} programs waiting for their verdict; send this one when they have it."
        )
        raise TooManyInFlight("too_many_in_flight", [message(text, n=cap)])
    row = Submission(
        school_id=school_id,
        user_id=user_id,
        task_id=task.id,
        task_version=task.version,
        contest_id=contest_id,
        purpose=purpose,
        language=language,
        source=source,
        custom_input=(custom_input or "") if purpose == RUN else None,
    )
    session.add(row)
    session.flush()
    params = {"submission_id": row.id, "stop_early": stop_early}
    job = enqueue(
        session,
        kind=KIND,
        school_id=school_id,
        params=params,
        key=f"judge:{row.id}",
        created_by=user_id,
        priority=PRIORITY[purpose],
    )
    row.job_id = job.id
    session.add(row)
    return row


@dataclass(frozen=True)
class ToJudge:
    """What a worker needs to judge a submission, read in one short transaction."""

    submission_id: int
    task_id: int
    version: int
    purpose: str
    language: str
    source: str
    custom_input: str | None
    already_judged: bool


def judges_running(session: Session) -> int:
    """How many judge jobs are running now (on any worker), this one included."""
    query = select(func.count()).select_from(Job).where(Job.kind == KIND, Job.status == JOB_RUNNING)
    return int(session.exec(query).one())


def start_judging(session: Session, *, submission_id: int, school_id: int | None) -> ToJudge:
    """Mark a submission as being judged and read what judging it needs.

    Raises:
        NotFound: no such submission of this school (a job of another school names it).
    """
    row = session.get(Submission, submission_id)
    if row is None or row.school_id != school_id:
        raise NotFound(
            "submission_not_found", [message(N_("There is no submission {id}."), id=submission_id)]
        )
    if row.status == QUEUED:
        row.status = JUDGING
        session.add(row)
    return ToJudge(
        submission_id,
        row.task_id,
        row.task_version,
        row.purpose,
        row.language,
        row.source,
        row.custom_input,
        already_judged=row.status == JUDGED,
    )


def record_verdict(session: Session, *, submission_id: int, values: dict[str, Any]) -> bool:
    """Write a verdict once, and award the task's points for a first solve in practice.

    Args:
        session: the transaction that also finishes the job (the caller commits).
        values: Submission fields: verdict, score, tests, compile_message, output, details...
    Returns:
        False when the submission already had its verdict (nothing changed).
    """
    statement = (
        update(Submission)
        .where(col(Submission.id) == submission_id, col(Submission.status) != JUDGED)
        .values(status=JUDGED, judged_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if session.exec(statement).rowcount != 1:
        return False
    row = session.get(Submission, submission_id, populate_existing=True)
    assert row is not None
    if row.verdict == "AC" and row.purpose == LESSON:
        task = session.get(JudgeTask, row.task_id)
        if task is not None and task.points > 0:
            award_points(
                session,
                user_id=row.user_id,
                school_id=row.school_id,
                source=points_source(row.task_id),
                points=task.points,
            )
    return True


def state_of(row: Submission, job: Job | None) -> str:
    """queued, judging, judged or failed: a submission whose job ended without a verdict
    (failed, or cancelled) failed."""
    if row.status == JUDGED:
        return JUDGED
    if job is not None and job.status in (FAILED, CANCELLED):
        return FAILED
    return JUDGING if job is not None and job.status == JOB_RUNNING else row.status


def get_submission(
    session: Session, *, submission_id: int, school_id: int | None, user_id: int | None
) -> tuple[Submission, Job | None]:
    """One submission with its job: the person's own (user_id), or any of the school's
    (user_id None: teachers).

    Raises:
        NotFound: no such submission for this reader.
    """
    row = session.get(Submission, submission_id)
    if row is None or row.school_id != school_id or user_id not in (None, row.user_id):
        raise NotFound(
            "submission_not_found", [message(N_("There is no submission {id}."), id=submission_id)]
        )
    job = session.get(Job, row.job_id) if row.job_id is not None else None
    return row, job


def list_submissions(
    session: Session, *, task_id: int, user_id: int, limit: int = 20
) -> list[Submission]:
    """A person's latest submissions of a task (runs of their own input left out), newest first."""
    query = (
        select(Submission)
        .where(
            Submission.task_id == task_id, Submission.user_id == user_id, Submission.purpose != RUN
        )
        .order_by(col(Submission.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def save_draft(
    session: Session, *, user_id: int, task_id: int, language: str, source: str
) -> CodeDraft:
    """Keep the code a person has in the IDE for a task and language (one row, overwritten).

    Raises:
        SubmissionRefused: an unknown language or a program over the size limit.
    """
    if language not in LANGUAGES or len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise SubmissionRefused("draft_refused", [message(N_("This draft cannot be kept."))])
    query = select(CodeDraft).where(
        CodeDraft.user_id == user_id, CodeDraft.task_id == task_id, CodeDraft.language == language
    )
    draft = session.exec(query).first()
    if draft is None:
        try:  # two tabs saving the first draft at once: the second updates the first's row
            with session.begin_nested():
                draft = CodeDraft(user_id=user_id, task_id=task_id, language=language,
                                  source=source)  # fmt: skip
                session.add(draft)
            return draft
        except IntegrityError:
            draft = session.exec(query).one()
    draft.source, draft.updated_at = source, utcnow()
    session.add(draft)
    session.flush()
    return draft


def drafts_of(session: Session, *, user_id: int, task_id: int) -> dict[str, str]:
    """A person's kept code for a task, per language; and "last" names the latest language."""
    query = select(CodeDraft).where(CodeDraft.user_id == user_id, CodeDraft.task_id == task_id)
    rows = sorted(session.exec(query).all(), key=lambda d: d.updated_at)
    found = {d.language: d.source for d in rows}
    if rows:
        found["last"] = rows[-1].language
    return found
