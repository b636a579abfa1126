"""The task pages on the demo school: create, refuse with every problem, edit, lists, import,
export, the starter course, and schools kept apart."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from litestar.testing import TestClient
from sqlmodel import select

from lms.judge import load_task
from models.account_services import create_account
from models.db import session_scope
from models.judge import JudgeTask
from models.school import School
from tests.web.conftest import DemoStore, login

EXAMPLE = Path(__file__).resolve().parents[2] / "lms" / "judge" / "examples" / "sum-of-two"
NO_FILE = [("test_files", ("", b"", "application/octet-stream"))]


def task_fields(**changes: str) -> dict[str, str]:
    """The editor's fields for "add two numbers" with three tests (the first an example)."""
    fields = {
        "title_en": "Add two",
        "title_ru": "Сложить два",
        "statement_en": "# Add\n\nPrint a+b.",
        "time_limit": "1",
        "memory_limit": "64",
        "checker": "tokens",
        "io": "stdio",
        "points": "20",
        "practice": "on",
        "test_in_0": "1 2",
        "test_ans_0": "3",
        "test_ex_0": "on",
        "test_in_1": "2 2",
        "test_ans_1": "4",
        "test_in_2": "10 -3",
        "test_ans_2": "7",
    }
    fields.update(changes)
    return fields


def log_in(client: TestClient, who: str, password: str | None = None) -> None:
    """Log in with the pages in English (the demo accounts follow the browser's language)."""
    client.cookies.set("lang", "en")
    if password is None:
        login(client, who)
    else:
        login(client, who, password)


def post_form(client: TestClient, url: str, fields: dict[str, str], files: Any = None) -> Any:
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(
        url, data={**fields, "_csrf_token": token}, files=files or NO_FILE, follow_redirects=False
    )


def create_task(client: TestClient, **changes: str) -> int:
    """Create a task through the editor as the logged-in person; returns its id."""
    client.get("/tasks/new")
    response = post_form(client, "/tasks/new", task_fields(**changes))
    assert response.status_code == 303, response.text[:2000]
    found = re.fullmatch(r"/tasks/(\d+)", response.headers["location"])
    assert found is not None
    return int(found.group(1))


def test_a_teacher_creates_a_task_and_opens_it_in_the_ide(
    client: TestClient, demo_store: DemoStore
) -> None:
    log_in(client, "teacher")
    task_id = create_task(client)
    page = client.get(f"/tasks/{task_id}")
    assert page.status_code == 200
    assert "<h1>Add</h1>" in page.text and "Print a+b." in page.text  # the statement, rendered
    assert 'id="ide-form"' in page.text and "/static/vendor/codemirror/codemirror.js" in page.text
    with session_scope() as db:
        row = db.get(JudgeTask, task_id)
        assert row is not None and row.points == 20 and row.school_id is not None
        task = load_task(demo_store.data_dir / row.folder)
    assert [t.input.read_text() for t in task.tests] == ["1 2\n", "2 2\n", "10 -3\n"]
    listing = client.get("/tasks")
    assert "Add two" in listing.text and "/tasks/new" in listing.text


def test_every_problem_is_shown_beside_its_field(client: TestClient) -> None:
    log_in(client, "teacher")
    client.get("/tasks/new")
    fields = task_fields(title_en="", title_ru="", time_limit="0", test_in_2="", test_ans_2="")
    response = post_form(client, "/tasks/new", fields)
    assert response.status_code == 400
    for field in ("title", "time_limit", "tests"):
        assert f'id="err-{field}"' in response.text
    assert "a task needs at least 3 tests, this one has 2" in response.text
    assert "3 problems" in response.text
    assert "2 2" in response.text  # what was typed comes back


def test_uploaded_test_files_count_as_tests(client: TestClient, demo_store: DemoStore) -> None:
    log_in(client, "teacher")
    client.get("/tasks/new")
    fields = {k: v for k, v in task_fields().items() if not k.startswith("test_")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n in (1, 2, 3):
            zf.writestr(f"{n:02d}.in", f"{n} {n}\n")
            zf.writestr(f"{n:02d}.ans", f"{2 * n}\n")
    files = [
        ("test_files", ("tests.zip", buffer.getvalue(), "application/zip")),
        ("test_files", ("04.in", b"5 5\n", "text/plain")),
        ("test_files", ("04.ans", b"10\n", "text/plain")),
    ]
    response = post_form(client, "/tasks/new", fields, files)
    assert response.status_code == 303, response.text[:3000]
    task_id = int(response.headers["location"].rsplit("/", 1)[1])
    with session_scope() as db:
        row = db.get(JudgeTask, task_id)
        assert row is not None
        assert len(load_task(demo_store.data_dir / row.folder).tests) == 4


def test_an_edit_saves_a_new_version(client: TestClient, demo_store: DemoStore) -> None:
    log_in(client, "teacher")
    task_id = create_task(client)
    form = client.get(f"/tasks/{task_id}/edit")
    assert form.status_code == 200 and "Add two" in form.text and "10 -3" in form.text
    response = post_form(client, f"/tasks/{task_id}/edit", task_fields(time_limit="2.5"))
    assert response.status_code == 303
    with session_scope() as db:
        row = db.get(JudgeTask, task_id)
        assert row is not None and row.version == 2 and row.folder.endswith("/v2")
        assert load_task(demo_store.data_dir / row.folder).time_limit == 2.5
        assert load_task(demo_store.data_dir / row.folder.replace("v2", "v1")).time_limit == 1.0


def test_the_statement_preview_escapes_html(client: TestClient) -> None:
    log_in(client, "teacher")
    client.get("/tasks")
    token = client.cookies.get("sabaq_csrf") or ""
    answer = client.post(
        "/tasks/preview",
        json={"text": "**b** <img src=x onerror=alert(1)>"},
        headers={"x-csrftoken": token},
    )
    assert answer.status_code == 201
    assert answer.json()["html"] == "<p><strong>b</strong> &lt;img src=x onerror=alert(1)&gt;</p>\n"


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"sum-of-two/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def test_import_and_export_a_zip(client: TestClient) -> None:
    log_in(client, "teacher")
    client.get("/tasks/import")
    files = {"archive": ("sum.zip", _zip(EXAMPLE), "application/zip")}
    response = post_form(client, "/tasks/import", {}, files)
    assert response.status_code == 303
    task_id = int(response.headers["location"].rsplit("/", 1)[1])
    exported = client.get(f"/tasks/{task_id}/export.zip")
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as zf:
        assert "sum-of-two/tests/01.in" in zf.namelist()
    bad = post_form(client, "/tasks/import", {}, {"archive": ("x.zip", b"junk", "application/zip")})
    assert bad.status_code == 400 and "not a zip archive" in bad.text


def test_students_see_tasks_to_solve_but_not_the_editor(client: TestClient) -> None:
    log_in(client, "teacher")
    task_id = create_task(client, title_en="Visible one")
    hidden_id = create_task(client, title_en="Hidden one", practice="")
    client.post("/logout", data={"_csrf_token": client.cookies.get("sabaq_csrf") or ""})
    log_in(client, "student")
    listing = client.get("/tasks")
    assert "Visible one" in listing.text and "Hidden one" not in listing.text
    assert "not tried yet" in listing.text
    assert client.get(f"/tasks/{task_id}").status_code == 200
    assert client.get(f"/tasks/{hidden_id}").status_code == 404
    assert client.get("/tasks/new").status_code == 403
    assert client.get(f"/tasks/{task_id}/edit").status_code == 403


def test_another_schools_teacher_does_not_see_the_task(client: TestClient) -> None:
    log_in(client, "teacher")
    task_id = create_task(client)
    with session_scope() as db:
        other = db.exec(select(School).where(School.code == "TASKS-OTHER")).first()
        if other is None:
            other = School(code="TASKS-OTHER", name="Басқа мектеп")
            db.add(other)
            db.flush()
            create_account(
                db,
                school_id=other.id,
                login="tasks-other",
                name="Other",
                role="teacher",
                password="other-password",
            )
    other_client = TestClient(client.app)
    with other_client:
        log_in(other_client, "tasks-other", "other-password")
        for url in (f"/tasks/{task_id}", f"/tasks/{task_id}/edit", f"/tasks/{task_id}/export.zip"):
            assert other_client.get(url).status_code == 404, url
        assert "Add two" not in other_client.get("/tasks").text


def test_the_starter_course_is_added_once(client: TestClient) -> None:
    log_in(client, "director")
    client.get("/tasks")
    token = client.cookies.get("sabaq_csrf") or ""
    for _ in range(2):
        assert (
            client.post(
                "/tasks/starter", data={"_csrf_token": token}, follow_redirects=False
            ).status_code
            == 303
        )
    with session_scope() as db:
        slugs = [t.slug for t in db.exec(select(JudgeTask)).all()]
    assert slugs.count("countdown") == 1


def test_a_platform_task_is_for_every_school_and_edited_only_by_the_platform(
    client: TestClient,
) -> None:
    log_in(client, "admin")
    task_id = create_task(client, title_en="City warm-up")
    assert "Platform tasks are shared by every school" in client.get("/tasks").text
    with session_scope() as db:
        row = db.get(JudgeTask, task_id)
        assert row is not None and row.school_id is None
    with TestClient(client.app) as student:
        log_in(student, "student")
        assert "City warm-up" in student.get("/tasks").text
        assert student.get(f"/tasks/{task_id}").status_code == 200
    with TestClient(client.app) as teacher:
        log_in(teacher, "teacher")
        assert teacher.get(f"/tasks/{task_id}").status_code == 200
        assert teacher.get(f"/tasks/{task_id}/edit").status_code == 404
