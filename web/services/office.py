"""The timetable office: the viewer's school, its generation jobs and their progress, in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from models.errors import NotFound, StoreError
from models.i18n import N_, Message, message
from models.job_queue import get_job, list_jobs, request_cancel
from models.jobs import FINISHED, Job
from models.school import School
from models.timetable import TimetableVersion
from solver.messages import Joined, Msg
from web.jobs.solve import KIND as SOLVE
from web.jobs.solve import MAX_TIME_LIMIT, SolveRequest, enqueue_solve

MAX_SEED = 2**31 - 1


def school_of(session: Session, school_id: int) -> School:
    """The viewer's school row (its code is what the store's services take).

    Raises:
        NotFound: the school is gone.
    """
    school = session.get(School, school_id)
    if school is None or school.deleted_at is not None:
        raise NotFound("school_not_found", [message(N_("There is no such school."))])
    return school


def sentences(items: Iterable[Mapping[str, Any]] | None) -> list[Msg]:
    """Messages stored in a job's result (`messages_json`) back as translatable sentences,
    nested sentences and plural forms included."""
    return [_sentence(item) for item in items or () if isinstance(item, Mapping)]


def _sentence(item: Mapping[str, Any]) -> Msg:
    template = str(item.get("template") or item.get("text") or "")
    raw = item.get("params")
    params = {k: _value(v) for k, v in raw.items()} if isinstance(raw, Mapping) else {}
    plural = item.get("plural")
    if isinstance(plural, list) and len(plural) == 2:
        return Msg(template, params, (str(plural[0]), int(plural[1])))
    return Msg(template, params)


def _value(value: Any) -> Any:
    if isinstance(value, Mapping) and isinstance(value.get("sentence"), Mapping):
        return _sentence(value["sentence"])
    if isinstance(value, Mapping) and isinstance(value.get("joined"), list):
        return Joined(tuple(_value(v) for v in value["joined"]), str(value.get("sep", ", ")))
    return value


@dataclass(frozen=True)
class JobView:
    """A solve job as the progress page and its event stream show it."""

    id: int
    status: str
    phase: str
    elapsed: float | None
    best: float | None
    bound: float | None
    time_limit: float | None
    base_version: int | None
    version: int | None  # the timetable version the job saved, once done
    finished: bool
    messages: tuple[Msg, ...]  # why it failed or found no timetable
    warnings: tuple[Msg, ...]

    def event(self) -> dict[str, Any]:
        """The JSON the event stream sends (numbers, no sentences)."""
        return {
            "status": self.status, "phase": self.phase, "elapsed": self.elapsed,
            "best": self.best, "bound": self.bound, "time_limit": self.time_limit,
            "version": self.version, "finished": self.finished,
        }  # fmt: skip


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def job_view(job: Job) -> JobView:
    """What a page shows of a job row."""
    assert job.id is not None
    progress = job.progress if isinstance(job.progress, dict) else {}
    result = job.result if isinstance(job.result, dict) else {}
    params = job.params if isinstance(job.params, dict) else {}
    version = result.get("version")
    messages = sentences(result.get("explanation")) + sentences(result.get("messages"))
    if job.error and not messages:
        messages = [Msg(N_("The job stopped with an error: {error}"), {"error": job.error})]
    base = params.get("base_version")
    return JobView(
        id=job.id, status=job.status, phase=str(progress.get("phase", "")),
        elapsed=_number(progress.get("elapsed")), best=_number(progress.get("best")),
        bound=_number(progress.get("bound")),
        time_limit=_number(progress.get("time_limit", params.get("time_limit"))),
        base_version=base if isinstance(base, int) else None,
        version=version if isinstance(version, int) else None,
        finished=job.status in FINISHED, messages=tuple(messages),
        warnings=tuple(sentences(result.get("warnings"))),
    )  # fmt: skip


def read_job(session: Session, *, school_id: int, job_id: int) -> JobView:
    """One solve job of the school.

    Raises:
        NotFound: no such job in this school (another school's job is not found either).
    """
    job = get_job(session, job_id=job_id, school_id=school_id)
    if job.kind != SOLVE:
        raise NotFound("job_not_found", [message(N_("There is no job {id}."), id=job_id)])
    return job_view(job)


def recent_jobs(session: Session, *, school_id: int, limit: int = 10) -> list[JobView]:
    """The school's latest solve jobs, newest first."""
    return [job_view(j) for j in list_jobs(session, school_id=school_id, kind=SOLVE, limit=limit)]


def cancel_job(session: Session, *, school_id: int, job_id: int) -> JobView:
    """Cancel a queued solve at once, or ask the worker running it to stop.

    Raises:
        NotFound: no such job in this school.
    """
    read_job(session, school_id=school_id, job_id=job_id)
    return job_view(request_cancel(session, job_id=job_id, school_id=school_id))


def _whole(text: str, name: Message, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise StoreError(
            "bad_number",
            [message(N_("{field}: give a whole number from {low} to {high}."),
                     field=name, low=low, high=high)],
        )  # fmt: skip
    return value


def start_generation(
    session: Session,
    *,
    school_id: int,
    time_limit: str,
    seed: str,
    created_by: int | None,
    base_version: int | None = None,
) -> Job:
    """Queue a "solve" job for the school's current data (optionally from a base version).

    Args:
        session: an open session; the caller commits.
        school_id: the viewer's school.
        time_limit: seconds, as typed in the form.
        seed: the random seed, as typed.
        created_by: the account asking.
        base_version: a timetable version whose locked lessons stay and whose others are
            the starting point.

    Returns:
        The queued job.

    Raises:
        StoreError: a value out of range; NotFound: no such base version in this school.
    """
    school = school_of(session, school_id)
    limit = _whole(time_limit, Message(N_("Time limit (seconds)")), 1, int(MAX_TIME_LIMIT))
    chosen_seed = _whole(seed or "0", Message(N_("Seed")), 0, MAX_SEED)
    if base_version is not None:
        found = session.exec(
            select(col(TimetableVersion.id)).where(
                TimetableVersion.school_id == school_id, TimetableVersion.number == base_version
            )
        ).first()
        if found is None:
            text = N_("There is no timetable version {version}.")
            raise NotFound("timetable_not_found", [message(text, version=base_version)])
    request = SolveRequest(school.code, float(limit), chosen_seed, 0, base_version)
    return enqueue_solve(session, school_id=school_id, request=request, created_by=created_by)
