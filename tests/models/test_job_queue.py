"""The job interface on a real store (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from models.base import utcnow
from models.errors import NotFound, StoreError
from models.job_queue import (
    claim_next,
    enqueue,
    fail,
    finish,
    get_job,
    has_queued,
    is_cancel_requested,
    list_jobs,
    mark_cancelled,
    release,
    report_progress,
    request_cancel,
    requeue_stale,
)
from models.jobs import CANCELLED, DONE, FAILED, QUEUED, RUNNING, Job
from models.school import School


def _schools(session: Session) -> tuple[int, int]:
    first, second = School(code="A", name="Мектеп А"), School(code="B", name="Школа Б")
    session.add_all([first, second])
    session.commit()
    assert first.id is not None and second.id is not None
    return first.id, second.id


def _running(session: Session, school: int, worker: str) -> int:
    """A new job claimed by `worker`."""
    job = enqueue(session, kind="k", school_id=school, params={})
    session.commit()
    claimed = claim_next(session, worker=worker)
    session.commit()
    assert claimed is not None and claimed.id == job.id and job.id is not None
    return job.id


def test_enqueue_is_idempotent_on_key(session: Session) -> None:
    school, other = _schools(session)
    job = enqueue(session, kind="solve", school_id=school, params={"seed": 1}, key="solve:A:1")
    again = enqueue(session, kind="solve", school_id=school, params={"seed": 2}, key="solve:A:1")
    session.commit()
    assert again.id == job.id and again.params == {"seed": 1}
    fresh = enqueue(session, kind="solve", school_id=school, params={}, key=None)
    assert fresh.id != job.id
    with pytest.raises(StoreError) as err:
        enqueue(session, kind="solve", school_id=other, params={}, key="solve:A:1")
    assert err.value.code == "job_key_taken"
    session.commit()
    assert len(list_jobs(session, school_id=school)) == 2


def test_claim_takes_the_oldest_queued_job_of_the_kinds_asked(session: Session) -> None:
    school, _ = _schools(session)
    mail = enqueue(session, kind="mail", school_id=school, params={})
    solve = enqueue(session, kind="solve", school_id=school, params={"n": 1})
    session.commit()
    assert claim_next(session, worker="w1", kinds=()) is None
    assert has_queued(session) and has_queued(session, kinds=["solve"])
    assert not has_queued(session, kinds=["judge"]) and not has_queued(session, kinds=[])
    got = claim_next(session, worker="w1", kinds=["solve"])
    session.commit()
    assert got is not None and got.id == solve.id
    assert (got.status, got.worker, got.attempts) == (RUNNING, "w1", 1)
    assert got.started_at is not None and got.params == {"n": 1}
    got = claim_next(session, worker="w2")
    session.commit()
    assert got is not None and got.id == mail.id
    assert claim_next(session, worker="w3") is None
    assert not has_queued(session)


def test_two_claimers_never_get_one_job(engine: Engine, session: Session) -> None:
    school, _ = _schools(session)
    for n in range(40):
        enqueue(session, kind="k", school_id=school, params={"n": n})
    session.commit()
    claimed: dict[str, list[int]] = {"w1": [], "w2": [], "w3": []}
    start = threading.Barrier(len(claimed))

    def claimer(name: str) -> None:
        start.wait()
        while True:
            with Session(engine, expire_on_commit=False) as own:
                job = claim_next(own, worker=name)
                own.commit()
            if job is None:
                return
            assert job.id is not None
            claimed[name].append(job.id)

    threads = [threading.Thread(target=claimer, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [job_id for ids in claimed.values() for job_id in ids]
    assert len(every) == 40 and len(set(every)) == 40
    session.expire_all()
    assert {job.worker for job in list_jobs(session, school_id=school, limit=100)} <= set(claimed)


def test_progress_and_finish_only_for_the_owning_worker(session: Session) -> None:
    school, _ = _schools(session)
    job_id = _running(session, school, "w1")
    assert report_progress(session, job_id=job_id, progress={"best": 5}, worker="w1")
    assert not report_progress(session, job_id=job_id, progress={"best": 1}, worker="w2")
    assert not finish(session, job_id=job_id, result={"x": 2}, worker="w2")
    assert finish(session, job_id=job_id, result={"x": 1}, worker="w1")
    session.commit()
    done = get_job(session, job_id=job_id, school_id=school)
    assert done.status == DONE and done.result == {"x": 1}
    assert done.progress["best"] == 5 and "updated_at" in done.progress
    assert done.finished_at is not None
    # a finished job stays finished
    assert not fail(session, job_id=job_id, error="late", worker="w1")
    assert not report_progress(session, job_id=job_id, progress={})


def test_fail_keeps_the_error_text(session: Session) -> None:
    school, _ = _schools(session)
    job_id = _running(session, school, "w")
    assert fail(session, job_id=job_id, error="Нет данных", worker="w", result={"m": 1})
    session.commit()
    failed = get_job(session, job_id=job_id, school_id=school)
    assert (failed.status, failed.error, failed.result) == (FAILED, "Нет данных", {"m": 1})
    assert list_jobs(session, school_id=school, status=FAILED) == [failed]
    assert list_jobs(session, school_id=school, status=DONE) == []


def test_get_job_checks_the_school(session: Session) -> None:
    school, other = _schools(session)
    job = enqueue(session, kind="k", school_id=school, params={})
    session.commit()
    assert job.id is not None
    assert get_job(session, job_id=job.id, school_id=school).id == job.id
    with pytest.raises(NotFound) as err:
        get_job(session, job_id=job.id, school_id=other)
    assert err.value.code == "job_not_found"
    assert list_jobs(session, school_id=other) == []
    with pytest.raises(NotFound):
        request_cancel(session, job_id=job.id, school_id=other)
    session.commit()
    assert get_job(session, job_id=job.id, school_id=school).status == QUEUED


def test_cancel_a_queued_job_at_once_and_a_running_one_by_request(session: Session) -> None:
    school, _ = _schools(session)
    queued = enqueue(session, kind="k", school_id=school, params={})
    running = enqueue(session, kind="k", school_id=school, params={})
    session.commit()
    assert queued.id is not None and running.id is not None
    assert request_cancel(session, job_id=queued.id, school_id=school).status == CANCELLED
    session.commit()
    claimed = claim_next(session, worker="w")
    session.commit()
    assert claimed is not None and claimed.id == running.id  # the cancelled one is skipped
    assert not is_cancel_requested(session, job_id=running.id)
    job = request_cancel(session, job_id=running.id, school_id=school)
    session.commit()
    assert job.status == RUNNING and job.cancel_requested
    assert is_cancel_requested(session, job_id=running.id)
    assert mark_cancelled(session, job_id=running.id, worker="w")
    session.commit()
    assert get_job(session, job_id=running.id, school_id=school).status == CANCELLED


def test_release_puts_a_job_back_without_counting_the_attempt(session: Session) -> None:
    school, _ = _schools(session)
    job_id = _running(session, school, "w1")
    assert not release(session, job_id=job_id, worker="w2")
    assert release(session, job_id=job_id, worker="w1")
    session.commit()
    again = claim_next(session, worker="w2")
    session.commit()
    assert again is not None and again.id == job_id and again.attempts == 1


def _stale_setup(session: Session) -> tuple[int, int, int]:
    school, _ = _schools(session)
    return school, _running(session, school, "dead"), _running(session, school, "alive")


def test_requeue_stale_takes_back_jobs_of_dead_workers(session: Session) -> None:
    school, dead, alive = _stale_setup(session)
    later = utcnow() + timedelta(minutes=10)
    assert requeue_stale(session, older_than=timedelta(minutes=5)) == []
    # the live worker reports progress "in ten minutes"; the dead one never does
    report_progress(session, job_id=alive, progress={"p": 1}, worker="alive")
    session.commit()
    job = session.get(Job, alive)
    assert job is not None
    job.progress = {**job.progress, "updated_at": later.isoformat()}
    session.add(job)
    session.commit()
    assert requeue_stale(session, older_than=timedelta(minutes=5), now=later) == [dead]
    requeued = get_job(session, job_id=dead, school_id=school)
    assert (requeued.status, requeued.worker) == (QUEUED, "")
    # the dead worker, should it wake up, can no longer finish the job
    assert not finish(session, job_id=dead, result={}, worker="dead")
    assert get_job(session, job_id=alive, school_id=school).status == RUNNING


def test_requeue_stale_fails_a_job_after_its_attempts(session: Session) -> None:
    school, dead, _ = _stale_setup(session)
    later = utcnow() + timedelta(hours=1)
    assert dead in requeue_stale(session, max_attempts=1, now=later)
    failed = get_job(session, job_id=dead, school_id=school)
    assert failed.status == FAILED and "1" in failed.error
    assert failed.result["messages"][0]["template"].startswith("The job stopped")
