"""The IDE's routes on the demo school with a real worker thread and the real sandbox: submit,
run on one's own input, results as JSON, server-sent events and the page without a script;
drafts; the cap in flight; who may read a submission."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from models.account_services import create_account
from models.accounts import UserAccount
from models.contests import Contest, ContestTask
from models.db import session_scope
from models.judge import JudgeTask
from models.school import School
from tests.web.conftest import DemoStore
from tests.web.jobs_support import wait_until
from tests.web.test_tasks import create_task, log_in
from web.worker import run_worker

PY_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
PY_WRONG_ON_HIDDEN = "a, b = map(int, input().split())\nprint(3 if a == 1 else 0)\n"
JSON = {"accept": "application/json"}


@pytest.fixture
def worker(demo_store: DemoStore) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker,
        args=(stop,),
        kwargs={"worker_name": "ide-test", "poll_s": 0.05, "url": demo_store.url},
    )
    thread.start()
    yield
    stop.set()
    thread.join(120)


def send(
    client: TestClient,
    task_id: int,
    source: str,
    lang: str = "py",
    run: bool = False,
    own_input: str = "",
) -> Any:
    token = client.cookies.get("sabaq_csrf") or ""
    fields = {"language": lang, "source": source, "input": own_input, "_csrf_token": token}
    return client.post(
        f"/tasks/{task_id}/{'run' if run else 'submit'}",
        data=fields,
        headers=JSON,
        follow_redirects=False,
    )


def judged(client: TestClient, submission_id: int) -> dict[str, Any]:
    def state() -> dict[str, Any]:
        answer = client.get(f"/submissions/{submission_id}/state")
        assert answer.status_code == 200
        return dict(answer.json())

    assert wait_until(lambda: state()["finished"], timeout=180)
    return state()


@pytest.fixture
def task_id(client: TestClient) -> int:
    log_in(client, "teacher")
    made = create_task(client)
    token = client.cookies.get("sabaq_csrf") or ""
    client.post("/logout", data={"_csrf_token": token})
    log_in(client, "student")
    return made


def test_an_accepted_submission_with_its_sentence_and_tests(
    client: TestClient, task_id: int, worker: None
) -> None:
    answer = send(client, task_id, PY_OK)
    assert answer.status_code == 201
    view = judged(client, answer.json()["id"])
    assert view["verdict"] == "AC" and view["verdict_text"] == "Accepted"
    assert view["sentence"] == "All tests passed. Well done!" and view["score"] == 100
    assert [t["verdict"] for t in view["tests"]] == ["AC", "AC", "AC"]
    assert view["tests"][0]["input"] == "1 2\n" and "input" not in view["tests"][1]
    history = client.get(f"/tasks/{task_id}").text
    assert f'href="/submissions/{view["id"]}"' in history


def test_a_wrong_hidden_test_says_which_but_not_what(
    client: TestClient, task_id: int, worker: None
) -> None:
    view = judged(client, send(client, task_id, PY_WRONG_ON_HIDDEN).json()["id"])
    assert view["verdict"] == "WA"
    assert view["sentence"] == "Your answer differs from the expected one on test 2."
    hidden = view["tests"][1]
    assert set(hidden) == {"test", "verdict", "time", "example", "verdict_text", "message"}
    assert hidden["message"] == ""  # the checker's words would tell the expected answer


def test_a_compile_error_and_a_time_limit_each_say_what_happened(
    client: TestClient, task_id: int, worker: None
) -> None:
    ce = judged(client, send(client, task_id, "int main() { return 0 }", "cpp").json()["id"])
    assert ce["verdict"] == "CE" and "expected" in ce["compile_message"]
    assert ce["sentence"].startswith("The program does not compile.")
    tle = judged(client, send(client, task_id, "while True:\n    pass\n").json()["id"])
    assert tle["verdict"] == "TLE"
    assert tle["sentence"].startswith("On test 1 your program ran longer than 1 s.")


def test_run_on_my_input_shows_the_output(client: TestClient, task_id: int, worker: None) -> None:
    view = judged(client, send(client, task_id, PY_OK, run=True, own_input="40 2").json()["id"])
    assert view["purpose"] == "run" and view["verdict"] == "OK" and view["output"] == "42\n"
    assert view["sentence"].startswith("Your program ran on your input in")
    crash = judged(client, send(client, task_id, PY_OK, run=True, own_input="x").json()["id"])
    assert crash["verdict"] == "RE" and "ValueError" in crash["stderr"]


def test_the_event_stream_ends_with_the_verdict(
    client: TestClient, task_id: int, worker: None
) -> None:
    submission_id = send(client, task_id, PY_OK).json()["id"]
    events = []
    with client.stream("GET", f"/submissions/{submission_id}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines():
            if line.startswith("event:"):
                events.append(line.split(":", 1)[1].strip())
            if line.startswith("data:") and events[-1] == "end":
                final = json.loads(line.split(":", 1)[1])
                break
    assert events[-1] == "end" and final["verdict"] == "AC"


def test_without_a_script_the_form_leads_to_a_page_that_reloads_until_judged(
    client: TestClient, task_id: int
) -> None:
    token = client.cookies.get("sabaq_csrf") or ""
    response = client.post(
        f"/tasks/{task_id}/submit",
        follow_redirects=False,
        data={"language": "py", "source": PY_OK, "_csrf_token": token},
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.text
    assert "Waiting for a judge" in page.text and "print(a + b)" in page.text


def another_student(login: str) -> None:
    """A second student account in the demo school (once per store)."""
    with session_scope() as db:
        if db.exec(select(UserAccount).where(UserAccount.login == login)).first() is None:
            school = db.exec(select(School)).first()
            assert school is not None
            create_account(
                db,
                school_id=school.id,
                login=login,
                name=login.title(),
                role="student",
                password=f"{login}-pw",
            )


def test_a_fourth_program_in_flight_is_refused_kindly(client: TestClient, task_id: int) -> None:
    another_student("impatient")
    client.cookies.clear()
    log_in(client, "impatient", "impatient-pw")
    for _ in range(3):
        assert send(client, task_id, PY_OK).status_code == 201
    refused = send(client, task_id, PY_OK)
    assert refused.status_code == 429
    words = "You have 3 programs waiting for their verdict; send this one when they have it."
    assert refused.json()["error"] == [words]


def test_drafts_are_kept_per_language_and_come_back(client: TestClient, task_id: int) -> None:
    token = client.cookies.get("sabaq_csrf") or ""
    for lang, source in (("pas", "begin end."), ("cpp", "int main(){}")):
        saved = client.post(
            f"/tasks/{task_id}/draft",
            headers={"x-csrftoken": token},
            data={"language": lang, "source": source},
        )
        assert saved.status_code == 201 and saved.json() == {"saved": True}
    page = client.get(f"/tasks/{task_id}").text
    assert '<option value="cpp" selected>' in page and "int main(){}</textarea>" in page
    assert "begin end." in page  # in the drafts the script switches between


def test_a_classmate_cannot_read_anothers_submission(
    client: TestClient, task_id: int, demo_store: DemoStore
) -> None:
    submission_id = send(client, task_id, PY_OK).json()["id"]
    with TestClient(client.app) as other:
        log_in(other, "teacher")  # a teacher of the school may
        assert other.get(f"/submissions/{submission_id}/state").status_code == 200
    another_student("classmate")
    with TestClient(client.app) as other:
        log_in(other, "classmate", "classmate-pw")
        for url in (f"/submissions/{submission_id}", f"/submissions/{submission_id}/state"):
            assert other.get(url).status_code == 404


def test_a_task_of_a_coming_olympiad_does_not_open_in_the_ide(
    client: TestClient, task_id: int
) -> None:
    assert client.get(f"/tasks/{task_id}").status_code == 200
    with session_scope() as db:
        task = db.get(JudgeTask, task_id)
        assert task is not None
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        contest = Contest(school_id=task.school_id, title="Мектеп олимпиадасы",
                          starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=3))  # fmt: skip
        db.add(contest)
        db.flush()
        db.add(ContestTask(contest_id=contest.id or 0, task_id=task_id, label="A"))
    assert client.get(f"/tasks/{task_id}").status_code == 404  # the student
    with TestClient(client.app) as teacher:
        log_in(teacher, "teacher")  # the owning school's staff still prepare it
        assert teacher.get(f"/tasks/{task_id}").status_code == 200
