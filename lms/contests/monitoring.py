"""Monitoring for organisers: tasks solved by school, time spent per task (from opening it to the
accepted run), attempts per task by verdict, and the latest submissions."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from lms.contests.board import (
    board_entries,
    contest_runs,
    contest_tasks,
    get_contest,
    rules_of,
)
from lms.contests.registration import schools_taking_part
from lms.contests.schemas import as_utc
from lms.contests.standings import Run
from models.contests import IOI, TaskOpening
from models.judge import JUDGED, RUN, Submission

FEED_SIZE = 30


@dataclass(frozen=True, slots=True)
class TaskLine:
    label: str
    sent: int  # runs during the contest
    solvers: int  # participants with an accepted (IOI: full-score) run
    verdicts: dict[str, int]  # verdict -> runs ("" = not judged yet)
    median_minutes: float | None  # opening the task -> first accepted run
    mean_minutes: float | None
    timed: int  # solvers whose opening is known


@dataclass(frozen=True, slots=True)
class SchoolLine:
    school: str
    participants: int
    solved: tuple[int, ...]  # per task: students of the school who solved it
    total: int


@dataclass(frozen=True, slots=True)
class FeedLine:
    id: int
    minute: int  # from the start (beyond the length: upsolving)
    name: str
    school: str
    label: str
    language: str
    status: str
    verdict: str
    score: float
    upsolving: bool


@dataclass(frozen=True, slots=True)
class Monitoring:
    labels: tuple[str, ...]
    tasks: tuple[TaskLine, ...]
    schools: tuple[SchoolLine, ...]
    feed: tuple[FeedLine, ...]


def _full(run: Run, ioi: bool) -> bool:
    return run.status == JUDGED and (run.score >= 100 if ioi else run.verdict == "AC")


def _first_full(runs: list[Run], ioi: bool) -> dict[tuple[int, int], datetime]:
    first: dict[tuple[int, int], datetime] = {}
    for run in sorted(runs, key=lambda r: (r.at, r.id)):
        if _full(run, ioi):
            first.setdefault((run.user_id, run.task_id), run.at)
    return first


def _task_line(
    label: str,
    task_id: int,
    runs: list[Run],
    solved: dict[tuple[int, int], datetime],
    opened: dict[tuple[int, int], datetime],
) -> TaskLine:
    mine = [r for r in runs if r.task_id == task_id]
    verdicts = Counter(r.verdict if r.status == JUDGED else "" for r in mine)
    minutes = [
        (at - opened[key]).total_seconds() / 60
        for key, at in solved.items()
        if key[1] == task_id and key in opened and at >= opened[key]
    ]
    solvers = sum(1 for key in solved if key[1] == task_id)
    return TaskLine(
        label, len(mine), solvers, dict(verdicts),
        round(statistics.median(minutes), 1) if minutes else None,
        round(statistics.fmean(minutes), 1) if minutes else None, len(minutes),
    )  # fmt: skip


def monitoring(session: Session, contest_id: int, feed_size: int = FEED_SIZE) -> Monitoring:
    """What the organiser's monitoring page shows (everything, the freeze does not apply).

    Args:
        session: an open session.
        contest_id: the contest (the caller has checked the reader organises it).
        feed_size: how many of the latest submissions the feed lists.

    Returns:
        Per task, per school and the feed.

    Raises:
        NotFound: no such contest.
    """
    contest = get_contest(session, contest_id)
    rules, ioi = rules_of(contest), contest.rules == IOI
    tasks = contest_tasks(session, contest_id)
    every = contest_runs(session, contest, [t.task_id for t in tasks])
    runs = [r for r in every if rules.counts(r)]
    solved = _first_full(runs, ioi)
    opened = {
        (uid, tid): as_utc(at)
        for uid, tid, at in session.exec(
            select(TaskOpening.user_id, TaskOpening.task_id, TaskOpening.opened_at).where(
                TaskOpening.contest_id == contest_id
            )
        )
    }
    lines = tuple(_task_line(t.label, t.task_id, runs, solved, opened) for t in tasks)
    entries = board_entries(session, contest_id)
    school_of = {e.user_id: e.school_id for e in entries}
    by_school: dict[int, Counter[int]] = defaultdict(Counter)
    for uid, tid in solved:
        by_school[school_of.get(uid, 0)][tid] += 1
    schools = tuple(
        SchoolLine(s.school, s.participants,
                   tuple(by_school[s.school_id][t.task_id] for t in tasks),
                   sum(by_school[s.school_id].values()))
        for s in schools_taking_part(session, contest_id)
    )  # fmt: skip
    return Monitoring(tuple(t.label for t in tasks), lines, schools,
                      _feed(session, contest_id, entries, tasks, rules, feed_size))  # fmt: skip


def _feed(
    session: Session,
    contest_id: int,
    entries: list[Any],
    tasks: list[Any],
    rules: Any,
    size: int,
) -> tuple[FeedLine, ...]:
    who = {e.user_id: e for e in entries}
    label = {t.task_id: t.label for t in tasks}
    rows = session.execute(
        sa_select(col(Submission.id), col(Submission.created_at), col(Submission.user_id),
                  col(Submission.task_id), col(Submission.language), col(Submission.status),
                  col(Submission.verdict), col(Submission.score))
        .where(col(Submission.contest_id) == contest_id, col(Submission.purpose) != RUN)
        .order_by(col(Submission.id).desc()).limit(size)
    ).all()  # fmt: skip
    out = []
    for sid, at, uid, tid, lang, status, verdict, score in rows:
        entry = who.get(uid)
        moment = as_utc(at)
        out.append(FeedLine(
            sid or 0, rules.minute(moment), entry.name if entry else "",
            entry.school if entry else "", label.get(tid, "?"), lang, status, verdict, score,
            moment >= rules.ends_at,
        ))  # fmt: skip
    return tuple(out)


def monitoring_dict(m: Monitoring) -> dict[str, Any]:
    """The monitoring numbers as the page's live events carry them."""
    return {
        "labels": list(m.labels),
        "tasks": [
            {"label": t.label, "sent": t.sent, "solvers": t.solvers, "verdicts": t.verdicts,
             "median": t.median_minutes, "mean": t.mean_minutes, "timed": t.timed}
            for t in m.tasks
        ],
        "schools": [
            {"school": s.school, "participants": s.participants, "solved": list(s.solved),
             "total": s.total}
            for s in m.schools
        ],
        "feed": [
            {"id": f.id, "minute": f.minute, "name": f.name, "school": f.school,
             "label": f.label, "language": f.language, "status": f.status,
             "verdict": f.verdict, "score": f"{f.score:g}", "upsolving": f.upsolving}
            for f in m.feed
        ],
    }  # fmt: skip
