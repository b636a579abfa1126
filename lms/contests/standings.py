"""Standings under ICPC and IOI rules: pure functions of the participants and their runs.

ICPC: solved tasks first, then penalty = for every solved task the minutes from the start to the
accepted run (rounded down) plus `penalty_minutes` per rejected run before it; compile errors
and internal errors are not rejections, runs after the accepted one do not count; a tie is broken
by the earlier last accepted run, and a remaining tie shares the place. IOI: the best score of
every subtask over all runs of a task, summed per task and over tasks; ties share the place.
Runs outside [start, end) are upsolving and never count. During the freeze, runs sent after
`freeze_at` are shown to everyone but the organiser as pending until the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from models.contests import ICPC, IOI
from models.judge import FAILED, JUDGED

REJECTED = frozenset({"WA", "PE", "TLE", "MLE", "RE", "OLE"})  # ICPC: 20 minutes each


@dataclass(frozen=True, slots=True)
class Entry:
    """A participant as boards show them: a name and a school, nothing more."""

    participant_id: int
    user_id: int
    name: str
    school: str
    school_id: int


@dataclass(frozen=True, slots=True)
class Run:
    """One submission of a participant to a contest task (plain data read from the store)."""

    id: int
    user_id: int
    task_id: int
    at: datetime  # when it was sent (aware UTC)
    status: str  # queued, judging, judged, failed
    verdict: str = ""
    score: float = 0.0
    subtasks: tuple[float, ...] = ()  # IOI: points earned per subtask (empty: one, = score)


@dataclass(frozen=True, slots=True)
class Rules:
    kind: str  # icpc or ioi
    starts_at: datetime
    ends_at: datetime
    freeze_at: datetime | None = None
    penalty_minutes: int = 20

    def counts(self, run: Run) -> bool:
        """Sent while the contest ran (later runs are upsolving)."""
        return self.starts_at <= run.at < self.ends_at

    def minute(self, at: datetime) -> int:
        """Whole minutes from the start (ICPC rounds down)."""
        return int((at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class Cell:
    """One participant's result on one task."""

    solved: bool = False
    minute: int | None = None  # ICPC: the accepted run's minute
    wrong: int = 0  # ICPC: rejected runs before the accepted one (all of them if unsolved)
    pending: int = 0  # runs not judged yet, or hidden by the freeze
    first: bool = False  # the first accepted run of this task in the contest
    score: float | None = None  # IOI: best per subtask summed; None before any judged run
    attempts: int = 0  # IOI: judged runs
    at: datetime | None = None  # the accepted run's time (ICPC), for "first to solve"


@dataclass(frozen=True, slots=True)
class Row:
    place: int
    entry: Entry
    cells: tuple[Cell, ...]
    solved: int = 0
    penalty: int = 0
    score: float = 0.0
    last_minute: int = 0  # ICPC tie-break: the last accepted run's minute


@dataclass(frozen=True, slots=True)
class Standings:
    rules: str
    labels: tuple[str, ...]
    rows: tuple[Row, ...]
    frozen: bool = False  # some runs are hidden as pending
    meta: dict[str, Any] = field(default_factory=dict)


def hidden_after(rules: Rules, *, reveal: bool, now: datetime) -> datetime | None:
    """From when runs are hidden as pending: the freeze, until the end, unless revealed."""
    if reveal or rules.freeze_at is None or now >= rules.ends_at:
        return None
    return rules.freeze_at


def _icpc_cell(runs: Sequence[Run], rules: Rules, hide_from: datetime | None) -> Cell:
    """A task's runs in order: the judged prefix decides; from the first run whose verdict is
    unknown (not judged, or frozen) on, everything is pending, as it may follow an accepted one."""
    wrong = pending = 0
    for run in runs:
        if run.status == FAILED:
            continue
        if pending or run.status != JUDGED or (hide_from is not None and run.at >= hide_from):
            pending += 1
        elif run.verdict == "AC":
            return Cell(True, rules.minute(run.at), wrong, at=run.at)
        elif run.verdict in REJECTED:
            wrong += 1
    return Cell(wrong=wrong, pending=pending)


def _ioi_cell(runs: Sequence[Run], hide_from: datetime | None) -> Cell:
    best: list[float] = []
    attempts = pending = 0
    for run in runs:
        if run.status == FAILED:
            continue
        if run.status != JUDGED or (hide_from is not None and run.at >= hide_from):
            pending += 1
            continue
        attempts += 1
        earned = list(run.subtasks or (run.score,))
        if not best:
            best = earned
        elif len(best) != len(earned):  # the task's subtasks changed: compare whole scores
            best = [max(sum(best), sum(earned))]
        else:
            best = [max(a, b) for a, b in zip(best, earned, strict=True)]
    score = round(sum(best), 2) if attempts else None
    return Cell(solved=score is not None and score >= 100, pending=pending, score=score,
                attempts=attempts)  # fmt: skip


def _group(runs: Iterable[Run], rules: Rules) -> dict[tuple[int, int], list[Run]]:
    by: dict[tuple[int, int], list[Run]] = defaultdict(list)
    for run in sorted(runs, key=lambda r: (r.at, r.id)):
        if rules.counts(run):
            by[run.user_id, run.task_id].append(run)
    return by


def _mark_first(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Flags the earliest accepted run of each task (several when sent at the same moment)."""
    if not rows:
        return rows
    for t in range(len(rows[0])):
        times = [at for r in rows if r[t].solved and (at := r[t].at) is not None]
        if not times:
            continue
        first = min(times)
        for r in rows:
            if r[t].solved and r[t].at == first:
                c = r[t]
                r[t] = Cell(c.solved, c.minute, c.wrong, c.pending, True, c.score, c.attempts, c.at)
    return rows


def _placed(
    rows: list[Row], key: Callable[[Row], Any], name_key: Callable[[str], Any]
) -> list[Row]:
    """Sorted by the rule's key (then name); rows with equal keys share the first one's place."""
    ordered = sorted(rows, key=lambda r: (key(r), name_key(r.entry.name), r.entry.participant_id))
    out: list[Row] = []
    for i, row in enumerate(ordered):
        place = out[-1].place if out and key(out[-1]) == key(row) else i + 1
        out.append(Row(place, row.entry, row.cells, row.solved, row.penalty, row.score,
                       row.last_minute))  # fmt: skip
    return out


def compute(
    rules: Rules,
    entries: Sequence[Entry],
    tasks: Sequence[tuple[int, str]],
    runs: Iterable[Run],
    *,
    reveal: bool,
    now: datetime,
    name_key: Callable[[str], Any] = str.casefold,
) -> Standings:
    """The standings of a contest.

    Args:
        rules: ICPC or IOI, the contest's times and penalty.
        entries: the participants; tasks: (task id, letter) in board order.
        runs: every submission of the contest (runs of others and outside the window ignored).
        reveal: the organiser's view (nothing hidden by the freeze).
        now: the moment the board shows (the freeze ends with the contest).
        name_key: how names sort within a tie.

    Returns:
        Rows in place order with one cell per task.
    """
    hide_from = hidden_after(rules, reveal=reveal, now=now)
    by = _group(runs, rules)
    grid: list[list[Cell]] = []
    for e in entries:
        if rules.kind == IOI:
            grid.append([_ioi_cell(by.get((e.user_id, t), ()), hide_from) for t, _ in tasks])
        else:
            grid.append([_icpc_cell(by.get((e.user_id, t), ()), rules, hide_from)
                         for t, _ in tasks])  # fmt: skip
    if rules.kind == ICPC:
        grid = _mark_first(grid)
    rows = [_row(e, cells, rules) for e, cells in zip(entries, grid, strict=True)]
    key = _ioi_key if rules.kind == IOI else _icpc_key
    frozen = hide_from is not None and now >= hide_from
    return Standings(rules.kind, tuple(label for _, label in tasks),
                     tuple(_placed(rows, key, name_key)), frozen)  # fmt: skip


def _row(entry: Entry, cells: list[Cell], rules: Rules) -> Row:
    solved = [c for c in cells if c.solved]
    penalty = sum((c.minute or 0) + c.wrong * rules.penalty_minutes for c in solved)
    last = max((c.minute or 0 for c in solved), default=0)
    score = round(sum(c.score or 0.0 for c in cells), 2)
    return Row(0, entry, tuple(cells), len(solved), penalty, score, last)


def _icpc_key(row: Row) -> tuple[int, int, int]:
    return (-row.solved, row.penalty, row.last_minute)


def _ioi_key(row: Row) -> float:
    return -row.score
