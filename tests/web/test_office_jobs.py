"""Generating from the office: the form queues a solve job, a worker (in this process) runs it,
the progress page and its event stream follow it to a new version; cancel; schools kept apart."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from models.db import session_scope
from models.job_queue import get_job
from models.jobs import CANCELLED, FINISHED, Job
from models.timetables import list_timetables
from tests.web.conftest import DemoStore, login
from tests.web.jobs_support import wait_until
from tests.web.test_office_support import (
    OTHER_CODE,
    OTHER_LOGIN,
    OTHER_PASSWORD,
    add_other_school,
    login_en,
    post,
)
from web.worker import run_worker


@pytest.fixture(scope="module")
def other_school(demo_store: DemoStore) -> int:
    return add_other_school()


@pytest.fixture
def worker(demo_store: DemoStore) -> Iterator[None]:
    """A job worker in a thread of this process, on the test store."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker, args=(stop,),
        kwargs={"worker_name": "office-test", "poll_s": 0.05, "url": demo_store.url},
    )  # fmt: skip
    thread.start()
    yield
    stop.set()
    thread.join(120)


def _job(school_id: int, job_id: int) -> Job:
    with session_scope() as db:
        return get_job(db, job_id=job_id, school_id=school_id)


def test_bad_values_queue_nothing(client: TestClient, other_school: int) -> None:
    login_en(client, OTHER_LOGIN, OTHER_PASSWORD)
    refused = post(client, "/office/generate", {"time_limit": "abc", "seed": "0"})
    assert refused.status_code == 400 and "Time limit" in refused.text
    assert post(client, "/office/generate", {"time_limit": "5", "seed": "-1"}).status_code == 400
    assert "No timetable yet" in client.get("/office/versions").text


def test_generate_follows_the_job_to_a_new_version(
    client: TestClient, other_school: int, worker: None
) -> None:
    login_en(client, OTHER_LOGIN, OTHER_PASSWORD)
    queued = post(client, "/office/generate", {"time_limit": "20", "seed": "1"})
    assert queued.status_code == 303
    page_url = queued.headers["location"]
    job_id = int(page_url.rsplit("/", 1)[1])
    assert wait_until(lambda: _job(other_school, job_id).status in FINISHED, timeout=300)
    job = _job(other_school, job_id)
    assert job.status == "done", job.error
    assert job.params["school_code"] == OTHER_CODE and job.created_by is not None
    events = client.get(f"{page_url}/events")
    assert events.status_code == 200
    assert events.headers["content-type"].startswith("text/event-stream")
    assert "event: progress" in events.text and "event: end" in events.text
    assert '"version": 1' in events.text and '"finished": true' in events.text
    page = client.get(page_url).text
    assert 'href="/office/versions/1"' in page and 'data-events=""' in page
    with session_scope() as db:
        [version] = list_timetables(db, school_code=OTHER_CODE)
    assert version.source == "solve" and version.placed == 9
    listing = client.get("/office/versions")
    assert listing.status_code == 200 and 'data-version="1"' in listing.text
    assert "compare?old=1&new=1" in listing.text  # nothing published yet: itself
    report = client.get("/office/versions/1").text
    assert "Every hard condition is met." in report and "/edit/class/7A" in report


def test_a_queued_generation_is_cancelled_at_once(client: TestClient, other_school: int) -> None:
    login_en(client, OTHER_LOGIN, OTHER_PASSWORD)
    queued = post(client, "/office/generate", {"time_limit": "30", "seed": "0"})
    job_id = int(queued.headers["location"].rsplit("/", 1)[1])
    live = client.get(queued.headers["location"]).text
    assert f'data-events="/office/jobs/{job_id}/events"' in live and "Reload" in live
    cancelled = post(client, f"/office/jobs/{job_id}/cancel", {})
    assert cancelled.status_code == 303
    assert _job(other_school, job_id).status == CANCELLED
    assert re.search(r'data-state="cancelled"', client.get(f"/office/jobs/{job_id}").text)


def test_another_school_cannot_see_or_cancel_the_job(
    client: TestClient, other_school: int, demo_store: DemoStore
) -> None:
    login_en(client, OTHER_LOGIN, OTHER_PASSWORD)
    queued = post(client, "/office/generate", {"time_limit": "30", "seed": "0"})
    job_id = int(queued.headers["location"].rsplit("/", 1)[1])
    other = TestClient(client.app)
    with other:
        login(other, "timetable")  # the demo school's timetabler
        assert other.get(f"/office/jobs/{job_id}").status_code == 404
        assert other.get(f"/office/jobs/{job_id}/events").status_code == 404
        assert post(other, f"/office/jobs/{job_id}/cancel", {}).status_code == 404
        assert f"#{job_id}<" not in other.get("/office/generate").text
    assert _job(other_school, job_id).status == "queued"
    post(client, f"/office/jobs/{job_id}/cancel", {})
