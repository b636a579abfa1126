"""Teachers' course pages: list, import a package (and its problems), export that round-trips,
copy, open to a class and withdraw, the gradebook, the school's progress; a student's
certificate for a completed course and its public check; lesson files kept in the school."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from litestar.testing import TestClient
from pypdf import PdfReader
from sqlmodel import select

from lms.courses.content import read_folder
from lms.courses.library import course_data, get_course
from lms.courses.package import zip_bytes
from lms.courses.starter import CONTENT
from models.db import session_scope
from models.judge import JudgeTask
from models.lms import Certificate, Course, CourseAssignment
from tests.web.conftest import DemoStore
from tests.web.learn_support import (
    Courses,
    csrf,
    enter,
    form_of,
    load_courses,
    open_package,
    post_answer,
    steps_of,
    visit,
)


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


def _package(slug: str, title: str, image: bytes = b"") -> bytes:
    data = read_folder(CONTENT / "html-css-basics")
    data.table["slug"], data.table["title"] = slug, {"ru": title, "kk": title}
    if image:
        data.files["lessons/01-html-page/img/page.png"] = image
        step = data.lessons["01-html-page"].steps[0]
        step["texts"] = {k: v + "\n\n![страница](img/page.png)\n" for k, v in step["texts"].items()}
    return zip_bytes(data)


def _upload(client: TestClient, content: bytes, name: str = "course.zip"):  # type: ignore[no-untyped-def]
    return client.post(
        "/courses/import",
        files={"file": (name, content, "application/zip")},
        data={"_csrf_token": csrf(client)},
        follow_redirects=False,
    )


def test_a_teacher_imports_a_package_and_a_second_import_is_a_new_version(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "teacher")
    listed = client.get("/courses")
    assert listed.status_code == 200 and f'href="/courses/{courses.python}"' in listed.text
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    first = _upload(client, _package("web-basics", "Веб негіздері", png))
    assert first.status_code == 303
    course_id = int(first.headers["location"].rsplit("/", 1)[1])
    second = _upload(client, _package("web-basics", "Веб негіздері"))
    assert second.headers["location"] == f"/courses/{course_id}"
    detail = client.get(f"/courses/{course_id}")
    assert detail.status_code == 200 and "Веб негіздері" in detail.text
    assert detail.text.count("course.zip") == 2  # both versions listed with their file
    with session_scope() as db:
        course = get_course(db, school_id=courses.school_id, course_id=course_id)
        stored = course_data(db, course)
    exported = client.get(f"/courses/{course_id}/export")
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    assert exported.content == zip_bytes(stored)
    assert "img/page.png" not in str(zipfile.ZipFile(io.BytesIO(exported.content)).namelist())


def test_a_broken_package_shows_every_problem(client: TestClient, courses: Courses) -> None:
    enter(client, "teacher")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr(
            "c/course.toml", 'slug = "Bad Slug"\n[[modules]]\nslug = "m"\nlessons = ["x"]\n'
        )
    answer = _upload(client, broken.getvalue(), "broken.zip")
    assert answer.status_code == 400
    for sentence in (
        "course.toml: slug must be lower-case letters, digits and dashes",
        "course.toml: lesson x has no lessons/x/lesson.toml",
    ):
        assert sentence in answer.text
    assert _upload(client, b"").status_code == 400


def test_lesson_images_are_served_to_the_school_only(client: TestClient, courses: Courses) -> None:
    enter(client, "teacher")
    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 16
    course_id = int(
        _upload(client, _package("with-image", "Суретті", png))
        .headers["location"]
        .rsplit("/", 1)[1]
    )
    with session_scope() as db:
        version = get_course(
            db, school_id=courses.school_id, course_id=course_id
        ).current_version_id
    url = f"/learn/files/{version}/lessons/01-html-page/img/page.png"
    image = client.get(url)
    assert image.status_code == 200 and image.content == png
    assert image.headers["content-security-policy"] == "sandbox"
    assert client.get(f"/learn/files/{version}/course.toml").status_code == 404  # not a picture
    assert client.get(f"/learn/files/{version}/lessons/../../x.png").status_code == 404
    first = steps_of(courses, course_id)[0]
    lesson = client.get(f"/learn/lessons/{first.lesson_id}")
    assert f'src="{url}"' in lesson.text
    enter(client, "student")  # the course is not open to the student's class
    assert client.get(url).status_code == 404


def test_copy_open_withdraw_and_the_gradebook(client: TestClient, courses: Courses) -> None:
    enter(client, "teacher")
    copied = client.post(
        f"/courses/{courses.html}/copy", data={"_csrf_token": csrf(client)}, follow_redirects=False
    )
    assert copied.status_code == 303 and copied.headers["location"] != f"/courses/{courses.html}"
    with session_scope() as db:
        opened = db.exec(
            select(CourseAssignment).where(CourseAssignment.course_id == courses.python)
        ).one()
        class_id = opened.class_id
    refused = client.post(
        f"/courses/{courses.html}/open",
        follow_redirects=False,
        data={
            "class_id": str(class_id),
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
            "_csrf_token": csrf(client),
        },
    )
    assert refused.status_code == 303
    assert "The end date is before the start date." in client.get(f"/courses/{courses.html}").text
    client.post(
        f"/courses/{courses.html}/open",
        follow_redirects=False,
        data={
            "class_id": str(class_id),
            "module": "first-page",
            "starts_on": "2026-01-01",
            "_csrf_token": csrf(client),
        },
    )
    with session_scope() as db:
        row = db.exec(
            select(CourseAssignment).where(CourseAssignment.course_id == courses.html)
        ).one()
    assert row.module_slug == "first-page"
    book = client.get(f"/courses/{courses.python}/gradebook", params={"class_id": class_id})
    assert book.status_code == 200 and book.text.count('<tr><th scope="row">') >= 1
    assert (
        client.get(f"/courses/{courses.python}/gradebook", params={"class_id": 999999}).status_code
        == 404
    )
    enter(client, "director")
    progress = client.get("/courses/progress")
    assert (
        progress.status_code == 200
        and f"/courses/{courses.python}/gradebook?class_id={class_id}" in progress.text
    )
    withdrawn = client.post(
        f"/courses/openings/{row.id}/close",
        data={"_csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert withdrawn.status_code == 303
    with session_scope() as db:
        assert db.get(CourseAssignment, row.id).deleted_at is not None  # type: ignore[union-attr]


def test_a_completed_course_gives_a_certificate_anyone_can_check(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "teacher")
    with session_scope() as db:
        class_id = db.exec(
            select(CourseAssignment.class_id).where(CourseAssignment.course_id == courses.python)
        ).first()
    client.post(
        f"/courses/{courses.html}/open",
        follow_redirects=False,
        data={"class_id": str(class_id), "starts_on": "2026-01-01", "_csrf_token": csrf(client)},
    )
    enter(client, "student")
    assert client.get(f"/learn/courses/{courses.html}/certificate").status_code == 404
    for step in steps_of(courses, courses.html):
        if step.kind == "text":
            assert visit(client, step, read="1").status_code == 303
        else:
            assert post_answer(client, step, form_of(step, right=True)).json()["passed"]
    pdf = client.get(f"/learn/courses/{courses.html}/certificate")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    with session_scope() as db:
        cert = db.exec(select(Certificate).where(Certificate.course_id == courses.html)).one()
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert cert.code in text and cert.name in text and f"/certificates/{cert.code}" in text
    again = client.get(f"/learn/courses/{courses.html}/certificate")  # the same one, not a new
    assert cert.code in PdfReader(io.BytesIO(again.content)).pages[0].extract_text()
    client.cookies.clear()
    check = client.get(f"/certificates/{cert.code}")
    assert check.status_code == 200 and cert.name in check.text
    assert client.get("/certificates/SBQ-AAAA-BBBB-CCCC").status_code == 404
    assert re.search(r"SBQ(-[A-Z2-9]{4}){3}", cert.code)


def _with_task(slug: str, task_files: dict[str, bytes]) -> bytes:
    data = read_folder(CONTENT / "html-css-basics")
    data.table["slug"] = slug
    data.lessons["01-html-page"].steps.append({"kind": "task", "task": "hello-world"})
    data.files.update({f"tasks/hello-world/{k}": v for k, v in task_files.items()})
    return zip_bytes(data)


def test_a_package_brings_its_tasks_into_the_school_and_steps_link_the_ide(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "teacher")
    source = CONTENT / "python-first-steps" / "tasks" / "hello-world"
    files = {
        p.relative_to(source).as_posix(): p.read_bytes() for p in source.rglob("*") if p.is_file()
    }
    broken = {k: v for k, v in files.items() if not k.startswith("tests/")}
    refused = _upload(client, _with_task("with-broken-task", broken))
    assert refused.status_code == 400 and "tasks/hello-world/" in refused.text
    with session_scope() as db:
        assert db.exec(select(Course).where(Course.slug == "with-broken-task")).first() is None
    made = _upload(client, _with_task("with-task", files))
    assert made.status_code == 303
    course_id = int(made.headers["location"].rsplit("/", 1)[1])
    with session_scope() as db:
        task = db.exec(
            select(JudgeTask).where(
                JudgeTask.school_id == courses.school_id, JudgeTask.slug == "hello-world"
            )
        ).first()
    assert task is not None
    step = next(s for s in steps_of(courses, course_id) if s.kind == "task")
    page = client.get(f"/learn/lessons/{step.lesson_id}?step={step.position}")
    assert f'href="/tasks/{task.id}"' in page.text


def test_an_open_answer_is_returned_then_accepted_in_the_queue(
    client: TestClient, courses: Courses
) -> None:
    data = read_folder(CONTENT / "html-css-basics")
    data.table["slug"] = "open-answers"
    data.lessons["01-html-page"].steps.append(
        {"kind": "open", "question": {"ru": "Что такое тег?"}, "rubric": {"ru": "Своими словами"}}
    )
    course_id = open_package(courses, data)
    step = next(s for s in steps_of(courses, course_id) if s.kind == "open")
    enter(client, "student")
    page = client.get(f"/learn/lessons/{step.lesson_id}?step={step.position}").text
    assert '<textarea name="text"' in page and "Send to the teacher" in page
    sent = post_answer(client, step, {"text": "Метка в угловых скобках"})
    assert (
        sent.json()["status"] == "submitted"
        and "your teacher will check it" in sent.json()["feedback"]
    )
    enter(client, "teacher")
    queue = client.get("/courses/review")
    assert "Метка в угловых скобках" in queue.text
    progress_id = int(re.search(r'action="/courses/review/(\d+)"', queue.text).group(1))  # type: ignore[union-attr]
    back = client.post(
        f"/courses/review/{progress_id}",
        follow_redirects=False,
        data={"decision": "return", "comment": "Добавьте пример", "_csrf_token": csrf(client)},
    )
    assert back.status_code == 303 and "Метка в угловых" not in client.get("/courses/review").text
    enter(client, "student")
    page = client.get(f"/learn/lessons/{step.lesson_id}?step={step.position}").text
    assert "Добавьте пример" in page and "improve it and send it again" in page
    assert (
        post_answer(client, step, {"text": "Метка, например <p>"}).json()["status"] == "submitted"
    )
    enter(client, "director")  # the school admin checks answers too
    queue = client.get("/courses/review").text
    progress_id = int(re.search(r'action="/courses/review/(\d+)"', queue).group(1))  # type: ignore[union-attr]
    client.post(
        f"/courses/review/{progress_id}",
        follow_redirects=False,
        data={"decision": "accept", "comment": "", "_csrf_token": csrf(client)},
    )
    assert (
        client.post(
            f"/courses/review/{progress_id}",
            follow_redirects=False,
            data={"decision": "accept", "_csrf_token": csrf(client)},
        ).status_code
        == 404
    )
    enter(client, "student")
    page = client.get(f"/learn/lessons/{step.lesson_id}?step={step.position}").text
    assert "Your teacher accepted the answer." in page and "is-passed" in page
