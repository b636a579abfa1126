"""The judge's rows: tasks (folders under the data dir), submissions and the IDE's drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import SoftDeleted, utcnow

# Submission.purpose, in the order workers take them (models.job_queue priorities follow it).
OLYMPIAD, LESSON, RUN = "olympiad", "lesson", "run"
PURPOSES: tuple[str, ...] = (OLYMPIAD, LESSON, RUN)

# Submission.status
QUEUED, JUDGING, JUDGED, FAILED = "queued", "judging", "judged", "failed"


class JudgeTask(SoftDeleted, table=True):
    """A programming task: its folder (lms/judge task format) lives under the data dir.

    `school_id` is empty for tasks shared by the platform (olympiads across a city).
    """

    __tablename__ = "judge_task"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    slug: str = Field(index=True)
    title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # language -> title
    folder: str  # relative to the data dir, e.g. "tasks/12/v3"
    version: int = 1  # a changed task is a new folder; submissions keep the version they met
    points: int = 100  # practice points for solving it (the points ledger)
    # students see it in their practice list; off for an olympiad's tasks until it is over
    practice: bool = True
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Submission(SQLModel, table=True):
    """One program sent to the judge (or "run my code" on the student's own input)."""

    __tablename__ = "submission"
    __table_args__ = (Index("ix_submission_user_task", "user_id", "task_id"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    task_id: int = Field(foreign_key="judge_task.id", index=True)
    task_version: int = 1
    contest_id: int | None = Field(default=None, index=True)  # models/contests.py
    purpose: str = LESSON
    language: str  # py, cpp, java, pas
    source: str = Field(sa_type=Text)
    custom_input: str | None = Field(default=None, sa_type=Text)  # only for purpose RUN
    status: str = Field(default=QUEUED, index=True)
    verdict: str = ""  # AC, WA, PE, TLE, MLE, RE, OLE, CE, IE
    score: float = 0.0
    tests: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)  # per-test results
    compile_message: str = Field(default="", sa_type=Text)
    output: str = Field(default="", sa_type=Text)  # "run my code": the program's output
    # the verdict's own sentence (CE, IE, a limit that fired on a run) as template + params,
    # and the subtasks' scores
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    compile_seconds: float = 0.0
    seconds: float = 0.0
    job_id: int | None = Field(default=None, foreign_key="job.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    judged_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class CodeDraft(SQLModel, table=True):
    """The last code a person had in the IDE for a task, per language (kept across devices)."""

    __tablename__ = "code_draft"
    __table_args__ = (UniqueConstraint("user_id", "task_id", "language"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    task_id: int = Field(foreign_key="judge_task.id")
    language: str
    source: str = Field(sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
