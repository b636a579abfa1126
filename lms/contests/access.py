"""Who sees a contest's tasks when, and may send solutions: participants between the start and
the end (then upsolving, if on), organisers always (to check them). Opening a task is recorded.

`check_submission` is the hook for the judge's submit service: it accepts a contest submission
(purpose OLYMPIAD, `Submission.contest_id` set) only from a participant while the tasks are open.
A run sent after the end is upsolving: judged, but outside the standings (by its time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from lms.contests.board import contest_tasks, get_contest
from lms.contests.errors import no_contest, refuse
from lms.contests.registration import participant_of
from lms.contests.schemas import ENDED, Actor, as_utc, is_organiser, now_utc, phase
from models.contests import Contest, ContestTask, TaskOpening
from models.i18n import N_
from models.judge import JudgeTask

CONTEST, UPSOLVING, PREVIEW = "contest", "upsolving", "preview"  # TaskAccess.mode


@dataclass(frozen=True, slots=True)
class TaskAccess:
    """A contest task the actor may open, and how: during the contest, upsolving or preview."""

    contest: Contest
    item: ContestTask
    task: JudgeTask
    mode: str

    @property
    def counts(self) -> bool:
        """A solution sent now goes into the standings."""
        return self.mode == CONTEST


def tasks_open_to(session: Session, actor: Actor, contest: Contest, now: datetime) -> str | None:
    """How the actor may open the contest's tasks now (a mode), or None."""
    if is_organiser(actor, contest):
        return PREVIEW
    if participant_of(session, contest.id or 0, actor.user_id) is None:
        return None
    current = phase(contest, now)
    if current == ENDED:
        return UPSOLVING if contest.upsolving else None
    return None if now < as_utc(contest.starts_at) else CONTEST


def _refusal(session: Session, actor: Actor, contest: Contest, now: datetime) -> Exception:
    if participant_of(session, contest.id or 0, actor.user_id) is None:
        return refuse("not_participant", N_("Only the contest's participants see its tasks."))
    if now < as_utc(contest.starts_at):
        return refuse("not_started", N_("The tasks open when the contest starts."))
    return refuse("contest_over", N_("The contest is over."))


def task_access(
    session: Session, actor: Actor, contest_id: int, label: str, now: datetime | None = None
) -> TaskAccess:
    """The contest task under `label`, if the actor may open it now.

    Args:
        session: an open session.
        actor: who asks.
        contest_id: the contest; label: the task's letter.
        now: the moment (default now).

    Returns:
        The task and the mode it opens in.

    Raises:
        NotFound: no such contest or letter. ContestRefused: not a participant, not started
        yet, or over without upsolving.
    """
    now = now or now_utc()
    contest = get_contest(session, contest_id)
    item = next((t for t in contest_tasks(session, contest_id) if t.label == label), None)
    task = session.get(JudgeTask, item.task_id) if item is not None else None
    if item is None or task is None:
        raise no_contest(contest_id)
    mode = tasks_open_to(session, actor, contest, now)
    if mode is None:
        raise _refusal(session, actor, contest, now)
    return TaskAccess(contest, item, task, mode)


def open_task(session: Session, access: TaskAccess, user_id: int) -> TaskOpening | None:
    """Remember when a participant first opened a task during the contest (time spent on it
    counts from here); later openings, previews and upsolving change nothing.

    Returns:
        The opening row, or None when nothing is recorded.
    """
    if access.mode != CONTEST:
        return None
    contest_id, task_id = access.contest.id or 0, access.item.task_id
    query = select(TaskOpening).where(
        TaskOpening.contest_id == contest_id,
        TaskOpening.user_id == user_id,
        TaskOpening.task_id == task_id,
    )
    found = session.exec(query).first()
    if found is not None:
        return found
    try:  # two tabs may open the task at the same moment
        with session.begin_nested():
            row = TaskOpening(contest_id=contest_id, user_id=user_id, task_id=task_id)
            session.add(row)
    except IntegrityError:
        return session.exec(query).first()
    return row


def check_submission(
    session: Session, actor: Actor, contest_id: int, task_id: int, now: datetime | None = None
) -> TaskAccess:
    """Whether the actor may send a solution of the task to the contest now.

    Args:
        session: an open session.
        actor: the sender.
        contest_id: the contest; task_id: the store task (one of the contest's).
        now: the moment (default now).

    Returns:
        The access; `counts` says whether the run goes into the standings.

    Raises:
        NotFound: the task is not in the contest. ContestRefused: as `task_access`; organisers
        preview but do not send.
    """
    item = next((t for t in contest_tasks(session, contest_id) if t.task_id == task_id), None)
    if item is None:
        raise no_contest(contest_id)
    access = task_access(session, actor, contest_id, item.label, now)
    if access.mode == PREVIEW:
        raise refuse("organiser_preview", N_("Organisers see the tasks but do not take part."))
    return access
