"""The judge job end to end: a real worker thread, the real sandbox, verdicts in the store.

Submissions are queued through the service, a worker (web.worker.run_worker, as `sabaq worker`
runs it) claims and judges them, and the test reads the rows back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from lms.practice.submissions import get_submission, submit
from lms.practice.task_form import TestPair, form_of
from lms.practice.tasks import current_task, update_task
from models.base import utcnow
from models.db import get_engine
from models.job_queue import claim_next, requeue_stale
from models.jobs import DONE, FINISHED, Job
from models.judge import JUDGED, RUN, JudgeTask, Submission
from models.points import PointsEntry
from tests.practice.conftest import People, worker_thread
from tests.web.jobs_support import wait_until

PY_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
CPP_WRONG = '#include <cstdio>\nint main(){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a-b);}\n'


@pytest.fixture
def worker(store: str, data_dir: Path) -> Iterator[None]:
    with worker_thread(store, "w1"):
        yield


def _send(
    store: str, task: JudgeTask, people: People, source: str, lang: str = "py", **kw: object
) -> int:
    with Session(get_engine(store)) as s:
        row = submit(
            s,
            task=task,
            user_id=people.student,
            school_id=people.school_id,
            language=lang,
            source=source,
            **kw,
        )  # type: ignore[arg-type]
        s.commit()
        assert row.id is not None
        return row.id


def _judged(store: str, people: People, submission_id: int) -> tuple[Submission, Job]:
    def read() -> tuple[Submission, Job | None]:
        with Session(get_engine(store)) as s:
            return get_submission(
                s, submission_id=submission_id, school_id=people.school_id, user_id=people.student
            )

    assert wait_until(lambda: (j := read()[1]) is not None and j.status in FINISHED, timeout=180)
    row, job = read()
    assert job is not None
    return row, job


def test_an_accepted_program_is_judged_with_every_test_and_earns_points(
    store: str, people: People, task: JudgeTask, worker: None
) -> None:
    row, job = _judged(store, people, _send(store, task, people, PY_OK))
    assert job.status == DONE and row.status == JUDGED and row.verdict == "AC"
    assert row.score == 100 and [t["verdict"] for t in row.tests] == ["AC", "AC", "AC"]
    assert row.details["limits"] == {"time": 1.0, "memory": 64}
    assert job.result["verdict"] == "AC" and job.progress["done"] == 3
    assert len(job.progress["tests"]) == 3  # the per-test progress, as the IDE follows it
    with Session(get_engine(store)) as s:
        entries = s.exec(select(PointsEntry)).all()
        assert [(e.user_id, e.points) for e in entries] == [(people.student, 50)]


def test_a_wrong_example_shows_what_the_program_printed(
    store: str, people: People, task: JudgeTask, worker: None
) -> None:
    row, _ = _judged(store, people, _send(store, task, people, CPP_WRONG, "cpp"))
    assert row.verdict == "WA"
    first = row.tests[0]
    assert first["example"] and first["verdict"] == "WA" and first["got"] == "-1\n"
    assert "got" not in row.tests[1]  # a hidden test's output is never kept


def test_a_compile_error_keeps_the_compilers_words(
    store: str, people: People, task: JudgeTask, worker: None
) -> None:
    row, _ = _judged(store, people, _send(store, task, people, "int main( {", "cpp"))
    assert row.verdict == "CE" and "error" in row.compile_message and row.tests == []


def test_run_my_code_returns_the_output_and_the_limit_that_fired(
    store: str, people: People, task: JudgeTask, worker: None
) -> None:
    ran, _ = _judged(
        store, people, _send(store, task, people, PY_OK, purpose=RUN, custom_input="20 22")
    )
    assert ran.verdict == "OK" and ran.output == "42\n" and ran.tests == []
    loop, _ = _judged(
        store,
        people,
        _send(store, task, people, "while True:\n    pass\n", purpose=RUN, custom_input=""),
    )
    assert loop.verdict == "TLE" and loop.details["message"]["template"].startswith("time limit")


def test_a_submission_keeps_the_version_it_was_sent_for(
    store: str, people: People, task: JudgeTask, data_dir: Path
) -> None:
    submission_id = _send(store, task, people, PY_OK)
    assert task.id is not None
    form = form_of(current_task(task, data_dir), task.points, task.practice)
    form.tests = [TestPair("1 2\n", "4\n", True), *form.tests[1:]]  # v2 wants another answer
    with Session(get_engine(store)) as s:
        edited = update_task(
            s, task_id=task.id, school_id=people.school_id, form=form, actor="t", root=data_dir
        )
        s.commit()
        s.refresh(edited)
    with worker_thread(store, "w2"):
        row, _ = _judged(store, people, submission_id)
        later, _ = _judged(store, people, _send(store, edited, people, PY_OK))
    assert (row.task_version, row.verdict) == (1, "AC")
    assert (later.task_version, later.verdict) == (2, "WA")


def test_a_crashed_workers_job_is_judged_again_and_recorded_once(
    store: str, people: People, task: JudgeTask, data_dir: Path
) -> None:
    submission_id = _send(store, task, people, PY_OK)
    with Session(get_engine(store)) as s:  # a worker claims it and dies without a word
        job = claim_next(s, worker="dead")
        s.commit()
        assert job is not None
        assert requeue_stale(s, now=utcnow() + timedelta(minutes=10)) == [job.id]
    with worker_thread(store, "w3"):
        row, job = _judged(store, people, submission_id)
    assert row.verdict == "AC" and job.attempts == 2 and job.worker == "w3"
    with Session(get_engine(store)) as s:
        assert len(s.exec(select(PointsEntry)).all()) == 1
