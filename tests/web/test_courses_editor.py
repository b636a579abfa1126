"""The course editor in the browser's forms: a teacher makes a course, its module and lesson,
steps of every kind (recordings, captions and pictures uploaded, content sniffed), sees every
problem by field, reorders, previews a lesson as a student (answers checked, nothing kept),
publishes and opens it; a published course is edited as a draft; schools and roles apart."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from lms.courses.drafts import KEY
from models.db import session_scope
from models.lms import Course, CourseDraft, CourseVersion, StepProgress
from tests.courses.kinds import MP4, PNG, VTT
from tests.web.conftest import DemoStore
from tests.web.learn_support import Courses, csrf, enter, load_courses, steps_of, text_of


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


def _post(client: TestClient, url: str, json: bool = False, **fields: str) -> Any:
    headers = {"accept": "application/json"} if json else {}
    return client.post(url, data={**fields, "_csrf_token": csrf(client)}, headers=headers,
                       follow_redirects=False)  # fmt: skip


def _save_step(client: TestClient, address: str, key: str,
               files: dict[str, Any] | None = None, **fields: str) -> Any:  # fmt: skip
    return client.post(address, data={**fields, "key": key, "_csrf_token": csrf(client)},
                       files=files or {"none": ("", b"", "application/octet-stream")},
                       follow_redirects=False)  # fmt: skip


def _draft(course_id: int) -> CourseDraft:
    with session_scope() as db:
        return db.exec(select(CourseDraft).where(CourseDraft.course_id == course_id)).one()


def test_a_teacher_builds_a_course_in_the_browser(client: TestClient, courses: Courses) -> None:
    enter(client, "teacher")
    assert 'href="/courses/new"' in client.get("/courses").text
    made = _post(
        client,
        "/courses/new",
        slug="first-web",
        **{"title.ru": "Первый веб", "title.kk": "Алғашқы веб"},
    )
    assert made.status_code == 303
    course_id = int(made.headers["location"].split("/")[2])
    assert _post(client, "/courses/new", slug="first-web", **{"title.ru": "x"}).status_code == 400
    assert (
        client.get(f"/courses/{course_id}", follow_redirects=False).headers["location"]
        == f"/courses/{course_id}/edit"
    )
    outline = client.get(f"/courses/{course_id}/edit")
    assert outline.status_code == 200 and "course_editor.js" in outline.text
    assert "the course needs at least one [[modules]] table" in outline.text
    _post(client, f"/courses/{course_id}/edit/modules", **{"title.ru": "Основы"})
    _post(
        client,
        f"/courses/{course_id}/edit/lessons",
        module="osnovy",
        minutes="30",
        **{"title.ru": "Страница"},
    )
    _post(client, f"/courses/{course_id}/edit/lessons", module="osnovy", **{"title.ru": "Стили"})
    lesson_url = f"/courses/{course_id}/edit/lessons/stranitsa"
    assert client.get(lesson_url).status_code == 200
    kinds = ["text", "single", "video", "gallery", "upload"]
    for kind in kinds:
        added = _post(client, f"{lesson_url}/steps", kind=kind)
        assert added.status_code == 303 and added.headers["location"].startswith(
            f"{lesson_url}/steps/"
        )
    keys = [s[KEY] for s in _draft(course_id).data["lessons"]["stranitsa"]["steps"]]
    # an empty single choice: saved, and its problem shown beside the options
    form = client.get(f"{lesson_url}/steps/2")
    assert form.status_code == 200 and 'name="option-0.ru"' in form.text
    assert "step 2: a question and at least two options are needed" in form.text
    _save_step(
        client, f"{lesson_url}/steps/1", keys[0], **{"md.ru": "# Тег\r\n\r\nАбзац с **жирным**."}
    )
    saved = _save_step(
        client,
        f"{lesson_url}/steps/2",
        keys[1],
        correct="1",
        **{
            "question.ru": "Какой тег — абзац?",
            "option-0.ru": "<div>",
            "option-0-why.ru": "Это блок.",
            "option-1.ru": "<p>",
            "option-2.ru": "",
        },
    )
    assert saved.status_code == 303
    assert "No problems: the step is ready." in client.get(f"{lesson_url}/steps/2").text
    refused = _save_step(
        client,
        f"{lesson_url}/steps/3",
        keys[2],
        source="file",
        files={"upload-media": ("clip.mp4", b"<html></html>", "video/mp4")},
    )
    assert refused.status_code == 303
    assert (
        "The file clip.mp4 is not what its name says."
        in client.get(refused.headers["location"]).text
    )
    _save_step(
        client,
        f"{lesson_url}/steps/3",
        keys[2],
        source="file",
        files={
            "upload-media": ("Клип урока.mp4", MP4, "video/mp4"),
            "upload-captions": ("clip.ru.vtt", VTT.encode(), "text/vtt"),
        },
    )
    video = client.get(f"{lesson_url}/steps/3").text
    assert "<code>Клип-урока.mp4</code>" in video and "No problems" in video
    _save_step(
        client,
        f"{lesson_url}/steps/4",
        keys[3],
        files={"image-0-upload": ("схема.png", PNG, "image/png")},
        **{"image-0-alt.ru": "Схема страницы"},
    )
    gallery = client.get(f"{lesson_url}/steps/4").text
    assert f"/courses/{course_id}/edit/files/lessons/stranitsa/img/схема.png" in gallery
    assert (
        client.get(f"/courses/{course_id}/edit/files/lessons/stranitsa/img/схема.png").content
        == PNG
    )
    _save_step(
        client,
        f"{lesson_url}/steps/5",
        keys[4],
        max_mb="3",
        **{"type.pdf": "1", "type.png": "1", "question.ru": "Пришлите скриншот страницы."},
    )
    # reorder by drag and drop (JSON) and by the arrows; a bad order is refused
    new_order = [keys[1], keys[0], *keys[2:]]
    ok = _post(
        client,
        f"/courses/{course_id}/edit/order",
        json=True,
        what="steps",
        parent="stranitsa",
        order="\n".join(new_order),
    )
    assert ok.status_code == 200 and ok.json() == {"ok": True}
    bad = _post(
        client,
        f"/courses/{course_id}/edit/order",
        json=True,
        what="steps",
        parent="stranitsa",
        order=keys[0],
    )
    assert bad.status_code == 400 and "reload" in bad.json()["error"][0]
    _post(
        client,
        f"/courses/{course_id}/edit/move",
        what="steps",
        parent="stranitsa",
        id=keys[0],
        dir="up",
        back=lesson_url,
    )
    assert [s[KEY] for s in _draft(course_id).data["lessons"]["stranitsa"]["steps"]] == keys
    _post(
        client,
        f"/courses/{course_id}/edit/order",
        json=True,
        what="lessons",
        parent="osnovy",
        order="stili\nstranitsa",
    )
    # the preview: the Markdown rendered, an answer checked and nothing kept
    preview = client.get(f"{lesson_url}/preview?step=1")
    assert preview.status_code == 200 and "<strong>жирным</strong>" in preview.text
    checked = _post(client, f"{lesson_url}/steps/2/check", json=True, choice="0")
    assert checked.status_code == 200 and checked.json()["status"] == "wrong"
    assert "Это блок." in text_of(checked.json()["feedback"])
    md = _post(
        client,
        f"/courses/{course_id}/edit/markdown",
        json=True,
        text="<script>x</script> *a*",
        lesson="stranitsa",
    )
    assert "<script>" not in md.json()["html"] and "<em>a</em>" in md.json()["html"]
    # the lesson "Стили" has no step: publishing is refused and says why
    refused_publish = _post(client, f"/courses/{course_id}/edit/publish")
    assert refused_publish.headers["location"] == f"/courses/{course_id}/edit"
    assert (
        "lessons/stili/lesson.toml: the lesson needs at least one [[steps]] table"
        in client.get(f"/courses/{course_id}/edit").text
    )
    _post(client, f"/courses/{course_id}/edit/lessons/stili", action="remove")
    published = _post(client, f"/courses/{course_id}/edit/publish")
    assert published.headers["location"] == f"/courses/{course_id}"
    with session_scope() as db:
        course = db.get(Course, course_id)
        version = db.get(CourseVersion, course.current_version_id if course else 0)
        assert version is not None and version.steps == 5 and version.source == "editor"
    kinds_now = [s.kind for s in steps_of(courses, course_id)]
    assert kinds_now == kinds
    detail = client.get(f"/courses/{course_id}")
    assert detail.status_code == 200 and "Edit the course" in detail.text


def test_editing_a_published_course_keeps_the_students_progress(
    client: TestClient, courses: Courses
) -> None:
    step = next(s for s in steps_of(courses, courses.python) if s.kind == "single")
    with session_scope() as db:
        before = db.exec(
            select(StepProgress.id).where(StepProgress.course_id == courses.python)
        ).all()
    enter(client, "teacher")
    assert (
        _post(client, f"/courses/{courses.python}/edit/start").headers["location"]
        == f"/courses/{courses.python}/edit"
    )
    lesson = step.key.split("/")[0]
    draft = _draft(courses.python)
    keys = [s[KEY] for s in draft.data["lessons"][lesson]["steps"]]
    assert step.key in keys
    _post(client, f"/courses/{courses.python}/edit/order", json=True, what="steps", parent=lesson,
          order="\n".join(reversed(keys)))  # fmt: skip
    _post(client, f"/courses/{courses.python}/edit/publish")
    after = steps_of(courses, courses.python)
    assert [s.key for s in after if s.key.startswith(f"{lesson}/")] == list(reversed(keys))
    with session_scope() as db:
        now = db.exec(select(StepProgress.id).where(StepProgress.course_id == courses.python)).all()
    assert now == before


def test_the_editor_stays_in_its_school_and_with_staff(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "teacher")
    _post(client, f"/courses/{courses.html}/edit/start")
    enter(client, "student")
    assert client.get(f"/courses/{courses.html}/edit").status_code == 403
    from models.account_services import create_account
    from models.accounts import TEACHER
    from models.school import School

    with session_scope() as db:
        other = School(code="EDIT-OTHER", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="other-teacher-ed", name="Other",
                       role=TEACHER, password="other-password-1")  # fmt: skip
    enter(client, "other-teacher-ed", "other-password-1")
    for url in (
        f"/courses/{courses.html}/edit",
        f"/courses/{courses.html}/edit/lessons/01-html-page",
        f"/courses/{courses.html}/edit/lessons/01-html-page/preview",
    ):
        assert client.get(url).status_code == 404, url
    assert _post(client, f"/courses/{courses.html}/edit/publish").status_code == 404
    assert _post(client, f"/courses/{courses.html}/edit/discard").status_code == 404


def test_every_kind_has_a_form_and_a_preview(
    client: TestClient, courses: Courses, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from lms.courses.content import read_folder
    from tests.courses.kinds import write_every_kind
    from tests.web.learn_support import open_package

    course_id = open_package(courses, read_folder(write_every_kind(tmp_path_factory.mktemp("ek"))))
    enter(client, "teacher", lang="ru")
    _post(client, f"/courses/{course_id}/edit/start")
    lesson_url = f"/courses/{course_id}/edit/lessons/l1"
    for n in range(1, 14):
        form = client.get(f"{lesson_url}/steps/{n}")
        assert form.status_code == 200, n
        assert "lms-ed-problems" not in form.text, (n, text_of(form.text)[:400])
        assert client.get(f"{lesson_url}/preview?step={n}").status_code == 200, n
    # saving every form unchanged changes nothing in the package
    from lms.courses.drafts import package_of

    before = package_of(_draft(course_id))
    for n, step in enumerate(_draft(course_id).data["lessons"]["l1"]["steps"], 1):
        from lms.courses.stepform import fields_of

        assert (
            _save_step(client, f"{lesson_url}/steps/{n}", step[KEY], **fields_of(step)).status_code
            == 303
        )
    assert package_of(_draft(course_id)) == before
