"""The "solve" job: generate a school's timetable from its current data, save a new version.

With a base version, the lessons locked in it stay where they are and the others start from
where they were (a hint with a penalty per moved lesson), so a re-generation changes little.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from importers.reporting import summary_dict
from models.accounts import UserAccount
from models.db import session_scope
from models.errors import NotFound, StoreError
from models.i18n import N_, message
from models.job_queue import Sentence, enqueue, messages_json
from models.jobs import QUEUED, RUNNING, Job
from models.school_data import get_school, read_snapshot
from models.snapshot import LockedLesson, SchoolSnapshot
from models.timetables import StoredPlacement, load_timetable, save_timetable
from solver.messages import Msg
from solver.params import SolveParams
from solver.problem import Fixed, Problem
from solver.solution import Placement, Solution, Status
from solver.store import locked_from_solution, problem_from_snapshot
from web.jobs.base import base_hint
from web.jobs.context import JobContext

KIND = "solve"
MAX_TIME_LIMIT = 3600.0
PROGRESS_EVERY_S = 0.5  # the pages need no more than two updates a second


@dataclass(frozen=True, slots=True)
class SolveRequest:
    """The parameters of a solve job, as stored in its `params`."""

    school_code: str
    time_limit: float = 60.0
    seed: int = 0
    workers: int = 0  # 0 = automatic
    base_version: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> SolveRequest:
        """Read and check a job's params.

        Raises:
            StoreError: a missing school code or a value out of range.
        """
        try:
            base = params.get("base_version")
            request = cls(
                school_code=str(params["school_code"]).strip(),
                time_limit=float(params.get("time_limit", 60.0)),
                seed=int(params.get("seed", 0)),
                workers=int(params.get("workers", 0)),
                base_version=None if base in (None, "") else int(base),
            )
        except (KeyError, TypeError, ValueError):
            request = None
        if request is None or not request.school_code or not _in_range(request):
            text = N_("The solve job's parameters are incomplete or out of range.")
            raise StoreError("bad_solve_params", [message(text)])
        return request

    def to_params(self) -> dict[str, Any]:
        """JSON values for `Job.params`."""
        return dataclasses.asdict(self)


def _in_range(request: SolveRequest) -> bool:
    return 0 < request.time_limit <= MAX_TIME_LIMIT and 0 <= request.workers <= 64


def enqueue_solve(
    session: Session,
    *,
    school_id: int,
    request: SolveRequest,
    created_by: int | None = None,
    key: str | None = None,
) -> Job:
    """Queue a timetable generation for a school (what the "Generate" button calls).

    Raises:
        StoreError: bad parameters, the key is another school's, or a generation of this
            school is already queued or running (two would race to be the next version).
    """
    SolveRequest.from_params(request.to_params())  # refuse now what the worker would refuse
    busy = session.exec(
        select(Job).where(
            Job.school_id == school_id, Job.kind == KIND, col(Job.status).in_((QUEUED, RUNNING))
        )
    ).first()
    if busy is not None and (key is None or busy.key != key):
        raise StoreError(
            "solve_already_running",
            [message(N_("A timetable is already being generated (job {job})."), job=busy.id)],
        )
    return enqueue(
        session, kind=KIND, school_id=school_id, params=request.to_params(), key=key,
        created_by=created_by,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Inputs:
    snapshot: SchoolSnapshot
    base: list[LockedLesson]
    actor: str


def _read(ctx: JobContext, request: SolveRequest) -> _Inputs:
    """The school's current data (and base version) — only if it is the job's own school."""
    with session_scope(ctx.url) as session:
        school = get_school(session, code=request.school_code)
        if school.id != ctx.school_id:  # answered as if absent: no hint another school exists
            text = N_("There is no school with code {code}.")
            raise NotFound("school_not_found", [message(text, code=request.school_code)])
        snapshot = read_snapshot(session, school_code=request.school_code)
        base: list[LockedLesson] = []
        if request.base_version is not None:
            base = load_timetable(
                session, school_code=request.school_code, version=request.base_version
            )
        account = session.get(UserAccount, ctx.created_by) if ctx.created_by else None
        actor = account.login if account is not None else f"job:{ctx.job_id}"
    return _Inputs(snapshot, base, actor)


def _on_progress(ctx: JobContext, time_limit: float) -> Any:
    last = [0.0]

    def report(elapsed: float, best: float | None, bound: float | None) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            ctx.report(
                {"phase": "solving", "elapsed": round(elapsed, 1), "best": best,
                 "bound": bound, "time_limit": time_limit}
            )  # fmt: skip

    return report


@dataclass
class _Run:
    """One solve job's inputs as they become known."""

    ctx: JobContext
    request: SolveRequest
    inputs: _Inputs
    problem: Problem
    pins: Sequence[Fixed]
    warnings: list[Msg]

    def result(
        self, solution: Solution, explanation: Sequence[Sentence] = ()
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The job's result (translatable sentences kept) and the validator's summary."""
        words = [str(m) for m in explanation]
        summary = summary_dict(self.problem, solution, self.warnings, words)
        keep = ("status", "objective", "hard_violations", "soft_cost", "placed", "lessons")
        result = {
            "version": None,  # set once saved
            **{k: summary[k] for k in (*keep, "seconds", "unplaced")},
            "disruption": solution.disruption,
            "base_version": self.request.base_version,
            "warnings": messages_json(self.warnings),
            "explanation": messages_json(explanation),
        }
        return result, summary


def run_solve(ctx: JobContext) -> dict[str, Any]:
    """The job handler: read, solve (stopping on cancel), validate, save a version.

    Returns:
        {"version", "status", "objective", "hard_violations", "placed", "lessons", ...};
        "version" is None when no complete timetable was found (then "explanation" says why).

    Raises:
        JobCancelled: the job was cancelled while solving; nothing is saved.
        StoreError, ProblemBuildError: the school, its data or the base version is unusable.
    """
    from solver.checks import check_problem

    request = SolveRequest.from_params(ctx.params)
    inputs = _read(ctx, request)
    problem = problem_from_snapshot(inputs.snapshot)
    hint, pins = base_hint(problem, inputs.snapshot, inputs.base)
    problem = dataclasses.replace(problem, fixed=(*problem.fixed, *pins))
    findings = check_problem(problem)
    warnings = [f.message for f in findings if f.severity != "error"]
    run = _Run(ctx, request, inputs, problem, pins, warnings)
    errors = [f.message for f in findings if f.severity == "error"]
    if errors:
        nothing = Solution(Status.INFEASIBLE, unplaced=tuple(x.id for x in problem.lessons))
        return run.result(nothing, errors)[0]
    solution = _solve(ctx, problem, request, hint)
    ctx.raise_if_cancelled()
    ctx.update(phase="checking")
    result, summary = run.result(solution)
    if not solution.complete or summary["hard_violations"]:
        ctx.update(phase="explaining")
        return run.result(solution, _explain(problem, solution, request.time_limit))[0]
    return _save(run, solution, summary, result)


def _solve(
    ctx: JobContext, problem: Problem, request: SolveRequest, hint: Sequence[Placement]
) -> Solution:
    from solver.solve import solve  # OR-Tools loads when a worker first solves

    ctx.report({"phase": "solving", "elapsed": 0.0, "best": None, "bound": None,
                "time_limit": request.time_limit})  # fmt: skip
    params = SolveParams(
        time_limit_s=request.time_limit, seed=request.seed, workers=request.workers
    )
    return solve(
        problem, params, hint=hint or None, on_progress=_on_progress(ctx, request.time_limit),
        stop=ctx.stop,
    )  # fmt: skip


def _explain(problem: Problem, solution: Solution, time_limit: float) -> list[Sentence]:
    """Why there is no complete timetable: the conflicting conditions, or "not found in time"."""
    if solution.status == Status.INFEASIBLE:
        from solver.diagnose import explain_infeasible

        return list(explain_infeasible(problem, time_limit_s=min(60.0, max(10.0, time_limit))))
    text = N_(
        "No complete timetable was found within {seconds} s; this is not a proof that none "
        "exists. Try a longer time limit."
    )
    return [message(text, seconds=round(time_limit))]


def _save(
    run: _Run, solution: Solution, summary: dict[str, Any], result: dict[str, Any]
) -> dict[str, Any]:
    """Save the version and finish the job in one transaction: a version is never saved twice."""
    ctx, request = run.ctx, run.request
    ctx.update(phase="saving")
    locked_units = {p.lesson for p in run.pins}
    placed = locked_from_solution(run.problem, run.inputs.snapshot, solution)
    placements = [
        StoredPlacement(
            w.lesson_key, w.unit, w.day, w.shift, w.period, w.room, p.lesson in locked_units
        )
        for p, w in zip(solution.placements, placed, strict=True)
    ]
    meta = {k: summary[k] for k in ("seconds", "status", "hard_violations", "soft_cost", "seed")}
    meta.update(
        base_version=request.base_version, workers=request.workers,
        time_limit=request.time_limit, disruption=solution.disruption, job=ctx.job_id,
        teacher_gaps=summary["teacher_gaps"], building_changes=summary["building_changes"],
    )  # fmt: skip
    with session_scope(ctx.url) as session:
        version = save_timetable(
            session, school_code=request.school_code, placements=placements,
            status=solution.status.value, objective=solution.objective, source="solve",
            meta=meta, actor=run.inputs.actor,
        )  # fmt: skip
        result = {**result, "version": version.number}
        ctx.complete(session, result)
    return result
