"""The standings read from the store, the cheap change marker boards poll, and the board's JSON."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from lms.contests.errors import no_contest
from lms.contests.schemas import as_utc, now_utc, phase
from lms.contests.standings import Cell, Entry, Rules, Run, Standings, compute
from models.accounts import UserAccount
from models.contests import IOI, Contest, ContestParticipant, ContestTask
from models.judge import RUN, JudgeTask, Submission
from models.school import School
from models.settings import get_settings


def get_contest(session: Session, contest_id: int) -> Contest:
    """The contest (not deleted).

    Raises:
        NotFound: no such contest.
    """
    contest = session.get(Contest, contest_id)
    if contest is None or contest.deleted_at is not None:
        raise no_contest(contest_id)
    return contest


def contest_tasks(session: Session, contest_id: int) -> list[ContestTask]:
    """The contest's tasks in board order (position, then letter)."""
    rows = session.exec(select(ContestTask).where(ContestTask.contest_id == contest_id))
    return sorted(rows, key=lambda t: (t.position, t.label))


def board_entries(session: Session, contest_id: int) -> list[Entry]:
    """Every participant with the name and school a board may show."""
    rows = session.execute(
        sa_select(col(ContestParticipant.id), col(ContestParticipant.user_id),
                  col(UserAccount.name), col(School.name), col(ContestParticipant.school_id))
        .join(UserAccount, col(UserAccount.id) == ContestParticipant.user_id)
        .join(School, col(School.id) == ContestParticipant.school_id)
        .where(col(ContestParticipant.contest_id) == contest_id)
    ).all()  # fmt: skip
    return [Entry(pid or 0, uid, name, school, sid) for pid, uid, name, school, sid in rows]


@lru_cache(maxsize=256)
def subtask_plan(folder: str) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(points, test numbers) of each subtask of a task folder; empty without subtasks or when
    the folder cannot be read. Folders never change (an edit makes a new one), so cached."""
    from lms.judge import TaskInvalid, load_task

    try:
        task = load_task(get_settings().data_dir / folder)
    except (TaskInvalid, OSError):
        return ()
    return tuple((s.points, s.tests) for s in task.subtasks)


def earned_by_subtask(
    plan: Sequence[tuple[int, tuple[int, ...]]], tests: Sequence[dict[str, Any]]
) -> tuple[float, ...]:
    """What a run earned per subtask, as the judge scores it: the subtask's points times the
    smallest part of a test in it (a test not run, e.g. after a compile error, gives 0)."""
    got = {int(t.get("test", 0)): float(t.get("points", 0.0)) for t in tests}
    return tuple(round(points * min(got.get(n, 0.0) for n in numbers), 2)
                 for points, numbers in plan)  # fmt: skip


def _earned(
    details: dict[str, Any] | None,
    plan: Sequence[tuple[int, tuple[int, ...]]],
    tests: Sequence[dict[str, Any]] | None,
) -> tuple[float, ...]:
    """Per subtask, what a run earned: as the judge recorded it for the task version the run
    met (details["subtasks"]), else recomputed from its tests and the task's current subtasks."""
    recorded = (details or {}).get("subtasks") or []
    if recorded:
        return tuple(float(s.get("earned", 0.0)) for s in recorded)
    return earned_by_subtask(plan, tests or []) if plan else ()


def contest_runs(session: Session, contest: Contest, task_ids: Sequence[int]) -> list[Run]:
    """Every submission of the contest (not "run my code"), as plain runs; IOI runs carry what
    they earned per subtask."""
    ioi = contest.rules == IOI
    columns: list[Any] = [Submission.id, Submission.user_id, Submission.task_id,
                          Submission.created_at, Submission.status, Submission.verdict,
                          Submission.score]  # fmt: skip
    if ioi:
        columns += [Submission.tests, Submission.details]
    rows = session.exec(
        select(*columns).where(Submission.contest_id == contest.id, Submission.purpose != RUN)
    ).all()
    plans: dict[int, tuple[tuple[int, tuple[int, ...]], ...]] = {}
    if ioi and task_ids:
        folders = session.exec(
            select(JudgeTask.id, JudgeTask.folder).where(col(JudgeTask.id).in_(list(task_ids)))
        ).all()
        plans = {tid or 0: subtask_plan(folder) for tid, folder in folders}
    runs = []
    for row in rows:
        sid, uid, tid, at, status, verdict, score = row[:7]
        subtasks = _earned(row[8], plans.get(tid, ()), row[7]) if ioi else ()
        runs.append(Run(sid or 0, uid, tid, as_utc(at), status, verdict, score, subtasks))
    return runs


def rules_of(contest: Contest) -> Rules:
    """The contest's scoring rules and times (aware UTC)."""
    freeze = as_utc(contest.freeze_at) if contest.freeze_at is not None else None
    return Rules(contest.rules, as_utc(contest.starts_at), as_utc(contest.ends_at), freeze,
                 contest.penalty_minutes)  # fmt: skip


def load_standings(
    session: Session,
    contest_id: int,
    *,
    reveal: bool,
    now: datetime | None = None,
    name_key: Callable[[str], Any] = str.casefold,
) -> Standings:
    """The contest's standings as the store holds them now.

    Args:
        session: an open session (a read scope will do).
        contest_id: the contest.
        reveal: the organiser's view, without the freeze.
        now: the moment shown (default: now).
        name_key: how names sort within a tie.

    Returns:
        The standings, with the contest's title and phase in `meta`.

    Raises:
        NotFound: no such contest.
    """
    contest = get_contest(session, contest_id)
    now = now or now_utc()
    tasks = contest_tasks(session, contest_id)
    runs = contest_runs(session, contest, [t.task_id for t in tasks])
    standings = compute(
        rules_of(contest), board_entries(session, contest_id),
        [(t.task_id, t.label) for t in tasks], runs, reveal=reveal, now=now, name_key=name_key,
    )  # fmt: skip
    standings.meta.update(contest_id=contest_id, title=contest.title, phase=phase(contest, now))
    return standings


def board_marker(session: Session, contest_id: int, now: datetime | None = None) -> tuple[Any, ...]:
    """What changes whenever a board may change: runs sent, verdicts recorded (a rejudge moves
    judged_at too), participants, and the phase (the freeze lifts at the end). One indexed query."""
    sent, last_id, judged = session.exec(
        select(func.count(col(Submission.id)), func.max(Submission.id),
               func.max(Submission.judged_at))
        .where(Submission.contest_id == contest_id)
    ).one()  # fmt: skip
    people = session.exec(
        select(func.count(col(ContestParticipant.id)))
        .where(ContestParticipant.contest_id == contest_id)
    ).one()  # fmt: skip
    contest = get_contest(session, contest_id)
    return (sent, last_id, str(judged), people, phase(contest, now or now_utc()))


def cell_dict(cell: Cell, kind: str) -> dict[str, Any]:
    """A cell as the board draws it: text, a small line under it, and its state."""
    if kind == IOI:
        text = "" if cell.score is None else f"{cell.score:g}"
        state = "none" if cell.score is None else ("ok" if cell.solved else "part")
        if cell.pending:
            text, state = f"{text} ?{cell.pending}".strip(), "pending"
        return {"t": text, "u": "", "k": state}
    if cell.solved:
        return {"t": f"+{cell.wrong or ''}", "u": str(cell.minute), "k": "first" if cell.first
                else "ok"}  # fmt: skip
    if cell.pending:
        return {"t": f"?{cell.wrong + cell.pending}", "u": "", "k": "pending"}
    if cell.wrong:
        return {"t": f"-{cell.wrong}", "u": "", "k": "bad"}
    return {"t": "", "u": "", "k": "none"}


def _shown(cell: Cell, kind: str) -> dict[str, Any] | None:
    """A cell for the board's JSON; an untouched cell is null (half of a big board's bytes)."""
    shown = cell_dict(cell, kind)
    return None if shown["k"] == "none" else shown


def board_dict(standings: Standings) -> dict[str, Any]:
    """The standings as boards receive them: places, names, schools and cells (null when
    untouched); no ids of accounts, no classes, no logins (the projector is public)."""
    rows = [
        {"place": r.place, "id": r.entry.participant_id, "name": r.entry.name,
         "school": r.entry.school, "solved": r.solved, "penalty": r.penalty,
         "score": f"{r.score:g}", "cells": [_shown(c, standings.rules) for c in r.cells]}
        for r in standings.rows
    ]  # fmt: skip
    return {
        "rules": standings.rules, "labels": list(standings.labels), "frozen": standings.frozen,
        "phase": standings.meta.get("phase", ""), "rows": rows,
    }  # fmt: skip


def school_names(session: Session, school_ids: Sequence[int]) -> dict[int, str]:
    """School id -> name."""
    if not school_ids:
        return {}
    rows = session.exec(select(School.id, School.name).where(col(School.id).in_(list(school_ids))))
    return {sid or 0: name for sid, name in rows}


def task_files(session: Session, task_id: int) -> Path | None:
    """The folder of a store task under the data dir (None if it has gone)."""
    task = session.get(JudgeTask, task_id)
    if task is None or task.deleted_at is not None:
        return None
    return get_settings().data_dir / task.folder
