"""The task lists: a teacher's, with how many tried and solved each; a student's, with their own
standing on each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col, select

from lms.practice.held_back import open_for_practice
from lms.practice.tasks import owned_by
from models.judge import RUN, JudgeTask, Submission


@dataclass(frozen=True)
class TaskStats:
    """A task with its practice so far (this school's people only)."""

    task: JudgeTask
    tried: int  # people who sent it at least once
    solved: int  # people with an accepted submission
    submissions: int

    @property
    def solve_rate(self) -> float | None:
        """Solved / tried, None while nobody tried."""
        return self.solved / self.tried if self.tried else None


@dataclass(frozen=True)
class StudentTask:
    """A task as a student sees it in the list: solved, tried (best score) or new."""

    task: JudgeTask
    solved: bool
    tried: bool
    best: float


def _practice_by(school_id: int | None) -> tuple[ColumnElement[bool], ...]:
    """Practice submissions (no runs, no olympiad) of one school's people; for the platform's
    own tasks (None), everyone's."""
    practice = (col(Submission.purpose) != RUN, col(Submission.contest_id).is_(None))
    if school_id is None:
        return practice
    return (*practice, col(Submission.school_id) == school_id)


def teacher_tasks(session: Session, *, school_id: int | None) -> list[TaskStats]:
    """The school's tasks (None: the platform's), newest first, with their solve rates.

    Args:
        session: an open session.
        school_id: whose tasks, and whose people's submissions are counted (None: the
            platform's tasks, everyone's submissions).
    Returns:
        One line per task that is not archived.
    """
    tasks = session.exec(
        select(JudgeTask)
        .where(owned_by(school_id), col(JudgeTask.deleted_at).is_(None))
        .order_by(col(JudgeTask.id).desc())
    ).all()
    solved_user = case((col(Submission.verdict) == "AC", col(Submission.user_id)))
    counts = session.execute(
        select_columns(
            col(Submission.task_id),
            func.count(func.distinct(col(Submission.user_id))),
            func.count(func.distinct(solved_user)),
            func.count(),
        )
        .where(col(Submission.task_id).in_([t.id for t in tasks]), *_practice_by(school_id))
        .group_by(col(Submission.task_id))
    ).all()
    by_task = {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in counts}
    return [TaskStats(t, *by_task.get(t.id, (0, 0, 0))) for t in tasks]


def student_tasks(session: Session, *, school_id: int, user_id: int) -> list[StudentTask]:
    """The tasks a student may practise on (the school's and the platform's open ones), oldest
    first, each with the student's best score so far.

    Args:
        session: an open session.
        school_id: the student's school; user_id: the student.
    Returns:
        One line per task.
    """
    tasks = session.exec(
        select(JudgeTask)
        .where(
            col(JudgeTask.school_id).is_(None) | (col(JudgeTask.school_id) == school_id),
            open_for_practice(),
            col(JudgeTask.deleted_at).is_(None),
        )
        .order_by(col(JudgeTask.id))
    ).all()
    mine = session.execute(
        select_columns(
            col(Submission.task_id),
            func.max(col(Submission.score)),
            func.max(case((col(Submission.verdict) == "AC", 1), else_=0)),
            func.count(),
        )
        .where(
            col(Submission.user_id) == user_id,
            col(Submission.verdict) != "",
            col(Submission.purpose) != RUN,
        )
        .group_by(col(Submission.task_id))
    ).all()
    by_task = {row[0]: (bool(row[2]), float(row[1] or 0)) for row in mine}
    return [
        StudentTask(t, by_task[t.id][0], True, by_task[t.id][1])
        if t.id in by_task
        else StudentTask(t, False, False, 0.0)
        for t in tasks
    ]
