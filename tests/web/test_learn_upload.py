"""File upload and gallery steps in the browser's forms: a student sends a file (refused when
it is not what its name says), the teacher downloads it from the queue as an attachment and
accepts it with a rubric score; badges show on the student's pages with a notice."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from lms.courses.content import read_folder
from models.accounts import UserAccount
from models.db import session_scope
from models.lms import StepProgress
from models.outbox import Notice
from tests.courses.kinds import PDF, write_every_kind
from tests.web.conftest import DemoStore
from tests.web.learn_support import Courses, csrf, enter, load_courses, open_package, steps_of


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


@pytest.fixture(scope="module", name="every_kind")
def every_kind_fixture(courses: Courses, tmp_path_factory: pytest.TempPathFactory) -> int:
    folder = write_every_kind(tmp_path_factory.mktemp("every-kind"))
    return open_package(courses, read_folder(folder))


def _send(client: TestClient, step_id: int, name: str, content: bytes, json: bool = True):  # type: ignore[no-untyped-def]
    return client.post(
        f"/learn/steps/{step_id}/upload",
        files={"file": (name, content, "application/octet-stream")},
        data={"_csrf_token": csrf(client), "seconds": "12"},
        headers={"accept": "application/json"} if json else {},
        follow_redirects=False,
    )


def test_a_student_sends_a_file_and_the_teacher_grades_it(
    client: TestClient, courses: Courses, every_kind: int
) -> None:
    steps = {s.kind: s for s in steps_of(courses, every_kind)}
    upload = steps["upload"]
    enter(client, "student")
    lesson = client.get(f"/learn/lessons/{upload.lesson_id}?step={upload.position}")
    assert 'enctype="multipart/form-data"' in lesson.text and 'accept=".pdf,.png"' in lesson.text
    refused = _send(client, upload.id or 0, "report.pdf", b"<html><script></script></html>")
    assert refused.status_code == 400
    assert refused.json()["error"] == ["The file report.pdf is not what its name says."]
    sent = _send(client, upload.id or 0, "отчёт.pdf", PDF)
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    again = client.get(f"/learn/lessons/{upload.lesson_id}?step={upload.position}")
    assert "отчёт.pdf" in again.text and "Sent: your teacher will check it." in again.text
    with session_scope() as db:
        mine = StepProgress.user_id == courses.student
        row = db.exec(select(StepProgress).where(mine, StepProgress.step_key == upload.key)).one()
    file_id = row.answer["file"]["id"]
    own = client.get(f"/learn/steps/{upload.id}/files/{file_id}")
    assert own.status_code == 200 and own.content == PDF
    assert client.get(f"/courses/review/{row.id}/files/{file_id}").status_code == 403

    enter(client, "teacher")
    queue = client.get("/courses/review")
    assert f"/courses/review/{row.id}/files/{file_id}" in queue.text and "Полнота" in queue.text
    got = client.get(f"/courses/review/{row.id}/files/{file_id}")
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-disposition"].startswith("attachment")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-security-policy"] == "sandbox"
    assert client.get(f"/courses/review/{row.id}/files/{'x' * 24}").status_code == 404
    decided = client.post(
        f"/courses/review/{row.id}",
        data={"decision": "accept", "score": "8", "comment": "Жақсы", "_csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    with session_scope() as db:
        done = db.get(StepProgress, row.id)
        assert done is not None and done.status == "passed" and done.score == 0.8
        notices = db.exec(select(Notice.subject).where(Notice.user_id == courses.student)).all()
    assert "New badge: First step" in notices

    enter(client, "student")
    mine = client.get("/learn")
    assert "Badges" in mine.text and "First step" in mine.text and "lms-bdg is-earned" in mine.text
    feedback = client.get(f"/learn/lessons/{upload.lesson_id}?step={upload.position}")
    assert "Score: 8 of 10" in feedback.text and "Жақсы" in feedback.text


def test_a_gallery_shows_its_images_with_alt_texts(
    client: TestClient, courses: Courses, every_kind: int
) -> None:
    gallery = next(s for s in steps_of(courses, every_kind) if s.kind == "gallery")
    enter(client, "student", lang="ru")
    page = client.get(f"/learn/lessons/{gallery.lesson_id}?step={gallery.position}")
    base = f"/learn/files/{gallery.version_id}/lessons/l1"
    assert f'<img src="{base}/img/a.png" alt="Схема"' in page.text
    assert "<figcaption>Рис. 1</figcaption>" in page.text
    assert client.get(f"{base}/img/a.png").status_code == 200


def test_a_teachers_preview_checks_a_file_and_keeps_nothing(
    client: TestClient, courses: Courses, every_kind: int
) -> None:
    upload = next(s for s in steps_of(courses, every_kind) if s.kind == "upload")
    enter(client, "teacher")
    assert _send(client, upload.id or 0, "a.pdf", b"<html></html>").status_code == 400
    checked = _send(client, upload.id or 0, "a.pdf", PDF)
    assert checked.status_code == 200 and checked.json()["status"] == "submitted"
    with session_scope() as db:
        teacher = db.exec(select(UserAccount.id).where(UserAccount.login == "teacher")).one()
        kept = db.exec(select(StepProgress).where(StepProgress.user_id == teacher)).all()
    assert kept == []
