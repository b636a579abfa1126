"""The solve job through the worker loop: a saved version, locks kept on re-generation, cancel."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from importers.inputs import load_snapshot
from models.db import dispose_engines, session_scope
from models.errors import StoreError
from models.job_queue import get_job, request_cancel
from models.jobs import CANCELLED, DONE, FAILED, Job
from models.school_data import apply_snapshot, get_school
from models.snapshot import SchoolSnapshot
from models.timetables import StoredPlacement, list_timetables, load_timetable, save_timetable
from solver.problem import Fixed
from solver.solution import Placement, Solution, Status
from solver.store import placements_from_locked, problem_from_snapshot
from solver.validate import validate
from tests.models.samples import sample_snapshot
from tests.web.jobs_support import empty_store, wait_until
from web.jobs.base import base_hint
from web.jobs.solve import SolveRequest, enqueue_solve
from web.worker import run_worker

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[str]:
    yield empty_store(f"sqlite:///{tmp_path / 'store.db'}")
    dispose_engines()


@pytest.fixture
def worker(store: str) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker, args=(stop,), kwargs={"worker_name": "w", "poll_s": 0.05, "url": store}
    )
    thread.start()
    yield
    stop.set()
    thread.join(120)


def _import(url: str, snapshot: SchoolSnapshot) -> int:
    with session_scope(url) as session:
        apply_snapshot(session, snapshot, source="test")
        school_id = get_school(session, code=snapshot.school.code).id
    assert school_id is not None
    return school_id


def _solve(url: str, school_id: int, **request: object) -> int:
    with session_scope(url) as session:
        job = enqueue_solve(session, school_id=school_id, request=SolveRequest(**request))  # type: ignore[arg-type]
        assert job.id is not None
        return job.id


def _finished(url: str, school_id: int, job_id: int) -> Job:
    def job() -> Job:
        with session_scope(url) as session:
            return get_job(session, job_id=job_id, school_id=school_id)

    assert wait_until(lambda: job().status in (DONE, FAILED, CANCELLED), timeout=300)
    return job()


def _valid(snapshot: SchoolSnapshot, stored: list[object]) -> None:
    """The independent validator finds nothing wrong with a stored timetable."""
    problem = problem_from_snapshot(snapshot)
    placements = placements_from_locked(problem, snapshot, stored)  # type: ignore[arg-type]
    solution = Solution(Status.FEASIBLE, tuple(placements))
    assert [v for v in validate(problem, solution) if v.hard] == []


def test_a_solve_job_saves_a_valid_version(store: str, worker: None) -> None:
    snapshot = sample_snapshot()
    school = _import(store, snapshot)
    job_id = _solve(store, school, school_code="SCH-1", time_limit=20, seed=3, workers=2)
    job = _finished(store, school, job_id)
    assert job.status == DONE, job.error
    result = job.result
    assert result["version"] == 1 and result["hard_violations"] == 0
    assert result["status"] in ("optimal", "feasible")
    assert result["placed"] == result["lessons"] == 9
    assert job.progress["phase"] == "saving" and job.progress["time_limit"] == 20
    with session_scope(store) as session:
        [summary] = list_timetables(session, school_code="SCH-1")
        stored = load_timetable(session, school_code="SCH-1", version=1)
    assert (summary.source, summary.placed, summary.published) == ("solve", 9, False)
    _valid(snapshot, stored)


def test_regeneration_keeps_locked_lessons_in_place_and_locked(store: str, worker: None) -> None:
    snapshot = sample_snapshot()
    school = _import(store, snapshot)
    first = _finished(store, school, _solve(store, school, school_code="SCH-1", time_limit=20))
    assert first.status == DONE, first.error
    with session_scope(store) as session:
        placed = load_timetable(session, school_code="SCH-1", version=1)
        # the timetabler locks the PE lessons where they are (version 2)
        locked = [
            StoredPlacement(*dataclasses.astuple(p)[:6], locked=p.lesson_key == "7A-PE")
            for p in placed
        ]
        save_timetable(
            session, school_code="SCH-1", placements=locked, status="feasible",
            objective=None, source="edit", meta={},
        )  # fmt: skip
    job_id = _solve(store, school, school_code="SCH-1", time_limit=20, base_version=2)
    job = _finished(store, school, job_id)
    assert job.status == DONE, job.error
    assert job.result["version"] == 3 and job.result["base_version"] == 2
    with session_scope(store) as session:
        again = load_timetable(session, school_code="SCH-1", version=3)
    kept = {(p.lesson_key, p.unit): p for p in again if p.lesson_key == "7A-PE"}
    for p in locked:
        if p.locked:
            assert kept[(p.lesson_key, p.unit)] == p  # same time, same room, still locked
    assert sum(getattr(p, "locked", False) for p in again) == 2
    _valid(snapshot, again)


def test_a_base_version_gives_pins_for_locked_lessons_and_a_hint_for_all() -> None:
    snapshot = sample_snapshot()
    problem = problem_from_snapshot(snapshot)
    base = [
        StoredPlacement("7A-MATH", 1, 2, "1", 1, "101", True),
        StoredPlacement("7A-PE", 0, 3, "1", 2, "HALL", False),
        StoredPlacement("7A-PE", 1, 4, "1", 1, "GONE", True),  # its room was deleted since
        StoredPlacement("7A-HISTORY", 0, 0, "1", 1, None, True),  # the lesson was deleted
        StoredPlacement("7AB-KAZ", 0, 0, "1", 9, None, True),  # period 9 is no longer rung
    ]
    hint, pins = base_hint(problem, snapshot, base)
    assert hint == [Placement(1, 2, 0, 0), Placement(7, 3, 1, 2), Placement(8, 4, 0, None)]
    assert pins == [Fixed(1, 2, 0, 0), Fixed(8, 4, 0, None)]


def test_another_schools_code_is_refused(store: str, worker: None) -> None:
    _import(store, sample_snapshot())
    other = _import(store, sample_snapshot(code="SCH-2"))
    job = _finished(store, other, _solve(store, other, school_code="SCH-1", time_limit=5))
    assert job.status == FAILED and "no school with code SCH-1" in job.error
    with session_scope(store) as session:
        assert list_timetables(session, school_code="SCH-1") == []


def test_bad_parameters_are_refused_before_queueing(store: str) -> None:
    school = _import(store, sample_snapshot())
    with pytest.raises(StoreError) as err:
        _solve(store, school, school_code="SCH-1", time_limit=-1)
    assert err.value.code == "bad_solve_params"


@pytest.mark.slow
def test_cancelling_a_running_solve_stops_it_without_a_version(store: str, worker: None) -> None:
    snapshot = load_snapshot(EXAMPLES / "tiny-school.xlsx")  # not proven optimal in minutes
    school = _import(store, snapshot)
    code = snapshot.school.code
    job_id = _solve(store, school, school_code=code, time_limit=600, workers=2)

    def improving() -> bool:
        with session_scope(store) as session:
            job = get_job(session, job_id=job_id, school_id=school)
        return job.progress.get("best") is not None

    assert wait_until(improving, timeout=300)  # a timetable exists; the search goes on
    with session_scope(store) as session:
        request_cancel(session, job_id=job_id, school_id=school)
    job = _finished(store, school, job_id)
    assert job.status == CANCELLED
    assert job.progress["elapsed"] < 600  # it stopped on request, not at the time limit
    with session_scope(store) as session:
        assert list_timetables(session, school_code=code) == []


def test_a_second_generation_waits_for_the_first(store: str) -> None:
    """Two solves of one school would race to be the next version: the second is refused."""
    snapshot = sample_snapshot()
    school_id = _import(store, snapshot)
    first = _solve(store, school_id, school_code=snapshot.school.code)
    with pytest.raises(StoreError) as refused:
        _solve(store, school_id, school_code=snapshot.school.code)
    assert refused.value.code == "solve_already_running"
    assert str(first) in str(refused.value)


def test_stored_sentences_keep_nested_values_and_plural_forms() -> None:
    from models.job_queue import messages_json
    from solver.messages import joined, msg, nmsg, term
    from web.i18n import translator
    from web.services.office import sentences

    original = [
        nmsg("{teacher} has a gap", "{teacher} has {n} gaps", 5, teacher="Асель"),
        msg(
            "{slot}: {days}",
            slot=msg("{day}, period {number}", day=term("Monday"), number=3),
            days=joined([term("Monday"), term("Tuesday")]),
        ),
    ]
    stored = sentences(messages_json(original))
    russian = translator("ru")
    assert [s.render(russian.gettext) for s in stored] == [
        o.render(russian.gettext) for o in original
    ]
    assert "Monday" not in stored[1].render(russian.gettext)
