"""Submissions as jobs: priorities, the cap in flight, a verdict and points recorded once,
drafts, what a student is shown, and the leaderboards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from lms.practice.errors import SubmissionRefused, TooManyInFlight
from lms.practice.feedback import submission_view
from lms.practice.submissions import (
    drafts_of,
    get_submission,
    in_flight,
    points_source,
    record_verdict,
    save_draft,
    start_judging,
    state_of,
    submit,
)
from lms.practice.tasks import current_task
from models.base import utcnow
from models.db import get_engine
from models.errors import NotFound
from models.job_queue import claim_next, enqueue, fail, requeue_stale
from models.jobs import Job
from models.judge import JUDGED, JUDGING, LESSON, OLYMPIAD, RUN, JudgeTask, Submission
from models.points import PointsEntry, city_board, people_board, school_board
from tests.practice.conftest import People

PY = "print(sum(map(int, input().split())))\n"


def _submit(store: str, task: JudgeTask, user: int, school: int, **kw: object) -> Submission:
    with Session(get_engine(store), expire_on_commit=False) as s:
        row = submit(
            s,
            task=task,
            user_id=user,
            school_id=school,
            language="py",
            source=str(kw.pop("source", PY)),
            **kw,
        )  # type: ignore[arg-type]
        s.commit()
        return row


def test_workers_take_olympiad_then_lesson_then_run_each_oldest_first(
    store: str, people: People, task: JudgeTask
) -> None:
    run = _submit(store, task, people.student, people.school_id, purpose=RUN, custom_input="1 1")
    lesson1 = _submit(store, task, people.student2, people.school_id)
    olympiad = _submit(store, task, people.teacher, people.school_id, purpose=OLYMPIAD)
    lesson2 = _submit(store, task, people.student, people.school_id)
    with Session(get_engine(store)) as s:
        other = enqueue(s, kind="solve", school_id=people.school_id, params={})
        s.commit()
        order = []
        while (job := claim_next(s, worker="w")) is not None:
            s.commit()
            order.append(job.id)
    assert order == [olympiad.job_id, lesson1.job_id, lesson2.job_id, run.job_id, other.id]


def test_a_fourth_submission_in_flight_is_refused_with_a_reason(
    store: str, people: People, task: JudgeTask
) -> None:
    first = [_submit(store, task, people.student, people.school_id) for _ in range(3)]
    with pytest.raises(TooManyInFlight) as refused:
        _submit(store, task, people.student, people.school_id)
    assert "3 programs waiting for their verdict" in str(refused.value)
    _submit(store, task, people.student2, people.school_id)  # another person is not held up
    with Session(get_engine(store)) as s:  # a job that failed for good frees its place
        assert first[0].job_id is not None
        job = claim_next(s, worker="w")
        s.commit()
        assert job is not None and job.id == first[0].job_id
        fail(s, job_id=job.id, error="broken")
        s.commit()
        assert in_flight(s, user_id=people.student) == 2
    _submit(store, task, people.student, people.school_id)


def test_a_bad_submission_says_everything_wrong_with_it(
    store: str, people: People, task: JudgeTask
) -> None:
    with Session(get_engine(store)) as s, pytest.raises(SubmissionRefused) as refused:
        submit(
            s,
            task=task,
            user_id=people.student,
            school_id=people.school_id,
            language="cobol",
            source="   ",
        )
    assert [m.template for m in refused.value.messages] == [
        "Choose one of the languages offered.",
        "The program is empty.",
    ]


def test_a_verdict_and_its_points_are_recorded_once(
    store: str, people: People, task: JudgeTask
) -> None:
    first = _submit(store, task, people.student, people.school_id)
    second = _submit(store, task, people.student, people.school_id)
    accepted = {"verdict": "AC", "score": 100.0, "tests": []}
    with Session(get_engine(store)) as s:
        for row in (first, second):
            assert row.id is not None
            todo = start_judging(s, submission_id=row.id, school_id=people.school_id)
            assert not todo.already_judged
            assert record_verdict(s, submission_id=row.id, values=accepted)
        assert first.id is not None
        assert not record_verdict(s, submission_id=first.id, values={"verdict": "WA"})
        s.commit()
        entries = s.exec(select(PointsEntry)).all()
        assert [(e.user_id, e.source, e.points) for e in entries] == [
            (people.student, points_source(task.id or 0), 50)
        ]
        again = s.get(Submission, first.id)
        assert again is not None and again.verdict == "AC" and again.status == JUDGED
        assert start_judging(s, submission_id=first.id, school_id=people.school_id).already_judged


def test_runs_and_olympiads_earn_no_practice_points(
    store: str, people: People, task: JudgeTask
) -> None:
    run = _submit(store, task, people.student, people.school_id, purpose=RUN, custom_input="")
    olympiad = _submit(store, task, people.student, people.school_id, purpose=OLYMPIAD)
    with Session(get_engine(store)) as s:
        for row in (run, olympiad):
            assert row.id is not None
            assert record_verdict(s, submission_id=row.id, values={"verdict": "AC"})
        s.commit()
        assert s.exec(select(PointsEntry)).all() == []


def test_a_job_of_another_school_cannot_name_this_submission(
    store: str, people: People, task: JudgeTask
) -> None:
    row = _submit(store, task, people.student, people.school_id)
    assert row.id is not None
    with Session(get_engine(store)) as s:
        with pytest.raises(NotFound):
            start_judging(s, submission_id=row.id, school_id=people.other_school_id)
        with pytest.raises(NotFound):  # a classmate does not read it; a teacher (None) does
            get_submission(
                s, submission_id=row.id, school_id=people.school_id, user_id=people.student2
            )
        assert (
            get_submission(s, submission_id=row.id, school_id=people.school_id, user_id=None)[0].id
            == row.id
        )


def test_a_submission_whose_job_died_for_good_shows_as_failed(
    store: str, people: People, task: JudgeTask
) -> None:
    row = _submit(store, task, people.student, people.school_id)
    assert row.id is not None
    with Session(get_engine(store)) as s:
        job = claim_next(s, worker="dead")
        s.commit()
        start_judging(s, submission_id=row.id, school_id=people.school_id)
        s.commit()
        assert job is not None
        # its worker died (no sign of life for an hour) as often as a job may kill one
        assert requeue_stale(s, now=utcnow() + timedelta(hours=1), max_attempts=1) == [job.id]
        stored, stored_job = get_submission(
            s, submission_id=row.id, school_id=people.school_id, user_id=people.student
        )
        assert stored.status == JUDGING and state_of(stored, stored_job) == "failed"
        view = submission_view(stored, stored_job, staff=False, task=None)
        assert view.finished and view.sentence is not None
        assert "judge failed on its side" in str(view.sentence)


def test_hidden_tests_show_only_verdict_and_time(
    store: str, people: People, task: JudgeTask, data_dir: Path
) -> None:
    row = _submit(store, task, people.student, people.school_id)
    assert row.id is not None
    wrong = {"template": "word {n}: expected {expected}, got {got}", "params": {"n": "1"}}
    tests = [
        {
            "test": 1,
            "verdict": "WA",
            "time": 0.01,
            "example": True,
            "memory_kib": 3000,
            "message": wrong,
            "got": "4\n",
        },
        {
            "test": 2,
            "verdict": "WA",
            "time": 0.02,
            "example": False,
            "memory_kib": 3000,
            "message": wrong,
        },
    ]
    values = {"verdict": "WA", "tests": tests, "details": {"limits": {"time": 1.0}}}
    with Session(get_engine(store)) as s:
        record_verdict(s, submission_id=row.id, values=values)
        s.commit()
        stored, job = get_submission(
            s, submission_id=row.id, school_id=people.school_id, user_id=people.student
        )
    loaded = current_task(task, data_dir)
    student = submission_view(stored, job, staff=False, task=loaded)
    assert student.tests[0]["input"] == "1 2\n" and student.tests[0]["expected"] == "3\n"
    assert student.tests[0]["got"] == "4\n"
    assert student.tests[1] == {"test": 2, "verdict": "WA", "time": 0.02, "example": False}
    assert str(student.sentence) == "Your answer differs from the expected one on test 1."
    teacher = submission_view(stored, job, staff=True, task=loaded)
    assert teacher.tests[1]["expected"] == "10\n"


def test_drafts_are_kept_per_language_and_the_last_one_is_known(
    store: str, people: People, task: JudgeTask
) -> None:
    assert task.id is not None
    with Session(get_engine(store)) as s:
        save_draft(s, user_id=people.student, task_id=task.id, language="cpp", source="int x;")
        save_draft(s, user_id=people.student, task_id=task.id, language="py", source="x = 1")
        save_draft(s, user_id=people.student, task_id=task.id, language="py", source="x = 2")
        s.commit()
        assert drafts_of(s, user_id=people.student, task_id=task.id) == {
            "cpp": "int x;",
            "py": "x = 2",
            "last": "py",
        }
        assert drafts_of(s, user_id=people.student2, task_id=task.id) == {}
        with pytest.raises(SubmissionRefused):
            save_draft(s, user_id=people.student, task_id=task.id, language="go", source="")


def test_leaderboards_by_people_school_and_city(store: str, people: People) -> None:
    with Session(get_engine(store)) as s:
        for user, school, source, points in [
            (people.student, people.school_id, "judge:task:1", 50),
            (people.student, people.school_id, "judge:task:2", 30),
            (people.student2, people.school_id, "judge:task:1", 50),
            (people.stranger, people.other_school_id, "judge:task:9", 80),
        ]:
            s.add(PointsEntry(user_id=user, school_id=school, source=source, points=points))
        s.commit()
        board = people_board(s)
        assert [(r.rank, r.name, r.points, r.city) for r in board] == [
            (1, "Дана Оспан", 80, "Астана"),
            (1, "Әлихан Нұрланұлы", 80, "Алматы"),
            (3, "Борис Ким", 50, "Алматы"),
        ]
        found = people_board(s, city="Алматы", name="ким")
        assert [(r.rank, r.name) for r in found] == [(2, "Борис Ким")]
        assert [(r.rank, r.name, r.points, r.people) for r in school_board(s)] == [
            (1, "№1 мектеп", 130, 2),
            (2, "Гимназия 2", 80, 1),
        ]
        assert [(r.name, r.points) for r in city_board(s)] == [("Алматы", 130), ("Астана", 80)]
        assert [r.name for r in people_board(s, school_id=people.other_school_id)] == ["Дана Оспан"]


def test_lesson_is_the_default_purpose(store: str, people: People, task: JudgeTask) -> None:
    row = _submit(store, task, people.student, people.school_id)
    with Session(get_engine(store)) as s:
        job = s.get(Job, row.job_id)
        assert row.purpose == LESSON and job is not None and job.kind == "judge"
        assert job.key == f"judge:{row.id}" and job.params["submission_id"] == row.id
