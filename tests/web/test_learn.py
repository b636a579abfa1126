"""Students' course pages: the course opened to the class, answers checked on the server with
the reason shown, progress and points saved once, previews that save nothing, closed doors."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from lms.courses.content import read_folder
from lms.courses.starter import CONTENT
from models.account_services import create_account
from models.accounts import STUDENT
from models.classes import SchoolClass
from models.db import session_scope
from models.lms import StepProgress
from models.people import Student
from models.points import PointsEntry
from models.school import School
from tests.web.conftest import DemoStore
from tests.web.learn_support import (
    Courses,
    enter,
    form_of,
    load_courses,
    open_package,
    post_answer,
    steps_of,
    text_of,
    visit,
)
from web.controllers.learn_common import shuffled


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


def test_the_student_sees_the_opened_course_and_continues(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "student")
    page = client.get("/learn")
    assert page.status_code == 200
    assert f'href="/learn/courses/{courses.python}"' in page.text
    assert f'href="/learn/courses/{courses.html}"' not in page.text
    assert "Python: first steps" in page.text and "Continue where you left off" in page.text
    course = client.get(f"/learn/courses/{courses.python}")
    assert course.status_code == 200 and "Getting started" in course.text
    enter(client, "student", lang="kk")
    assert "Python: алғашқы қадамдар" in client.get("/learn").text
    assert client.get(f"/learn/courses/{courses.html}").status_code == 404  # not opened
    first = steps_of(courses, courses.python)[0]
    lesson = client.get(f"/learn/lessons/{first.lesson_id}")
    assert lesson.status_code == 200
    assert 'aria-current="step"' in lesson.text and "learn.js" in lesson.text


def test_a_wrong_answer_says_why_then_a_right_one_earns_points_once(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "student")
    step = next(s for s in steps_of(courses, courses.python) if s.kind == "single")
    wrong = post_answer(client, step, form_of(step, right=False))
    assert wrong.status_code == 200
    body = wrong.json()
    assert (body["status"], body["passed"], body["points"]) == ("wrong", False, 0)
    assert "Not right yet." in body["feedback"] and "learn-explanation" in body["feedback"]
    assert "написан с большой буквы" in text_of(body["feedback"])  # why, from the data
    right = post_answer(client, step, form_of(step, right=True)).json()
    assert (right["status"], right["points"], right["attempts"]) == ("passed", 10, 2)
    assert right["course_percent"] >= 0 and right["lesson_percent"] > 0
    again = post_answer(client, step, form_of(step, right=True)).json()
    assert again["points"] == 0 and again["total_points"] == right["total_points"]
    with session_scope() as db:
        ledger = db.exec(
            select(PointsEntry).where(
                PointsEntry.user_id == courses.student, PointsEntry.source.startswith("lms:step:")
            )
        ).all()  # type: ignore[attr-defined]
    assert [e.points for e in ledger] == [10]
    # the lesson page (in Russian) keeps the answer and shows the explanation from the data
    enter(client, "student", lang="ru")
    page = client.get(f"/learn/lessons/{step.lesson_id}?step={step.position}")
    assert "is-passed" in page.text
    assert "написан с большой буквы" in text_of(page.text)


def test_without_javascript_the_form_posts_and_the_page_shows_the_result(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "student")
    step = next(s for s in steps_of(courses, courses.python) if s.kind == "blanks")
    sent = post_answer(client, step, form_of(step, right=False), json=False)
    assert sent.status_code == 303 and sent.headers["location"].endswith(
        f"step={step.position}#step"
    )
    page = client.get(sent.headers["location"].split("#")[0])
    assert (
        "The blanks marked in red are wrong." in page.text and "learn-blank is-wrong" in page.text
    )
    text = next(s for s in steps_of(courses, courses.python) if s.kind == "text")
    read = visit(
        client, text, read="1", seconds="30", next=f"/learn/lessons/{text.lesson_id}?step=2"
    )
    assert (
        read.status_code == 303
        and read.headers["location"] == f"/learn/lessons/{text.lesson_id}?step=2"
    )
    assert (
        visit(client, text, next="https://evil.example/").headers["location"].startswith("/learn/")
    )
    with session_scope() as db:
        row = db.exec(
            select(StepProgress).where(
                StepProgress.user_id == courses.student, StepProgress.step_key == text.key
            )
        ).one()
    assert (row.status, row.seconds) == ("passed", 30)


def test_junk_answers_are_refused_with_a_reason(client: TestClient, courses: Courses) -> None:
    enter(client, "student")
    step = next(s for s in steps_of(courses, courses.python) if s.kind == "single")
    refused = post_answer(client, step, {"choice": "99"})
    assert refused.status_code == 400
    assert refused.json()["error"] == ["The answer could not be read; try again."]
    task = next(s for s in steps_of(courses, courses.python) if s.kind == "task")
    assert post_answer(client, task, {}).status_code == 400


def test_a_teacher_previews_without_saving(client: TestClient, courses: Courses) -> None:
    enter(client, "teacher")
    steps = steps_of(courses, courses.html)
    lesson = client.get(f"/learn/lessons/{steps[0].lesson_id}")
    assert (
        lesson.status_code == 200 and "Preview: answers are checked but not saved." in lesson.text
    )
    quiz = next(s for s in steps if s.kind == "multiple")
    result = post_answer(client, quiz, form_of(quiz, right=True)).json()
    assert result["passed"] is True and result["points"] == 0
    with session_scope() as db:
        assert db.exec(select(StepProgress).where(StepProgress.step_key == quiz.key)).all() == []
    assert client.get("/learn").status_code == 403  # the student's own list


def test_another_schools_student_cannot_see_or_answer(client: TestClient, courses: Courses) -> None:
    with session_scope() as db:
        school = School(code="LEARN-OTHER", name="Басқа мектеп", city="Шымкент")
        db.add(school)
        db.flush()
        klass = SchoolClass(school_id=school.id or 0, code="7А", grade=7, shift="1", size=20)
        db.add(klass)
        db.flush()
        person = Student(
            school_id=school.id or 0, code="X1", name="Бөтен Оқушы", class_id=klass.id or 0
        )
        db.add(person)
        db.flush()
        create_account(
            db,
            school_id=school.id,
            login="learn-other",
            name="Бөтен Оқушы",
            role=STUDENT,
            password="other-password-1",
            student_id=person.id,
        )
    enter(client, "learn-other", "other-password-1")
    assert f"/learn/courses/{courses.python}" not in client.get("/learn").text
    step = next(s for s in steps_of(courses, courses.python) if s.kind == "single")
    assert client.get(f"/learn/courses/{courses.python}").status_code == 404
    assert client.get(f"/learn/lessons/{step.lesson_id}").status_code == 404
    assert post_answer(client, step, form_of(step, right=True)).status_code == 404
    assert visit(client, step, seconds="5").status_code == 404


def test_the_leaderboard_filters_by_city_school_and_name(
    client: TestClient, courses: Courses
) -> None:
    with session_scope() as db:
        db.add(
            PointsEntry(
                school_id=courses.school_id, user_id=courses.student, source="test:board", points=5
            )
        )
        name = db.exec(select(School.name).where(School.id == courses.school_id)).one()
    enter(client, "parent")
    board = client.get("/learn/leaderboard")
    assert board.status_code == 200 and name in board.text
    assert name not in client.get("/learn/leaderboard", params={"city": "Шымкент"}).text
    assert "learn-me" not in board.text
    enter(client, "student")
    mine = client.get("/learn/leaderboard", params={"mine": "1", "q": "zzz-nobody"})
    assert "Nobody has points yet." in mine.text
    assert "learn-me" in client.get("/learn/leaderboard").text  # the student's own line
    schools = client.get("/learn/leaderboard", params={"board": "schools"})
    assert name in schools.text and "<th>School</th>" in schools.text
    assert client.get("/learn/leaderboard", params={"board": "cities"}).status_code == 200


def test_ordering_and_matching_steps_on_the_lesson_page(
    client: TestClient, courses: Courses
) -> None:
    data = read_folder(CONTENT / "html-css-basics")
    data.table["slug"] = "order-and-match"
    steps = data.lessons["01-html-page"].steps
    steps.append(
        {
            "kind": "ordering",
            "question": {"ru": "Порядок тегов", "kk": "Тегтер"},
            "items": [
                {"ru": "<html>", "kk": "<html>"},
                {"ru": "<head>", "kk": "<head>"},
                {"ru": "<body>", "kk": "<body>"},
            ],
            "explanation": {"ru": "Сначала html, потом head и body.", "kk": "html, head, body."},
        }
    )
    steps.append(
        {
            "kind": "matching",
            "question": {"ru": "Пары", "kk": "Жұптар"},
            "pairs": [
                {"left": {"ru": "h1"}, "right": {"ru": "заголовок"}},
                {"left": {"ru": "p"}, "right": {"ru": "абзац"}},
            ],
        }
    )
    course_id = open_package(courses, data)
    ordering, matching = [
        s for s in steps_of(courses, course_id) if s.kind in ("ordering", "matching")
    ]
    enter(client, "student")
    page = client.get(f"/learn/lessons/{ordering.lesson_id}?step={ordering.position}")
    assert page.status_code == 200 and 'name="place-0"' in page.text and "&lt;body&gt;" in page.text
    wrong = post_answer(
        client, ordering, {"place-0": "2", "place-1": "1", "place-2": "3"}, json=False
    )
    assert wrong.status_code == 303
    shown = client.get(wrong.headers["location"].split("#")[0]).text
    assert "The items marked in red are not in their place." in shown and "is-wrong" in shown
    twice = post_answer(client, ordering, {"place-0": "1", "place-1": "1", "place-2": "3"})
    assert twice.status_code == 400 and twice.json()["error"] == [
        "Give every item a different place."
    ]
    right = post_answer(client, ordering, {"place-0": "1", "place-1": "2", "place-2": "3"}).json()
    assert right["passed"] and right["rows"] == [[n, True] for n in shuffled(ordering.key, 3)]
    half = post_answer(client, matching, {"match-0": "0", "match-1": "0"}).json()
    assert (half["status"], half["rows"]) == ("wrong", [[0, True], [1, False]])
    assert post_answer(client, matching, {"match-0": "0", "match-1": "1"}).json()["passed"]


def test_video_and_glossary_steps_show_and_pass_when_done(
    client: TestClient, courses: Courses
) -> None:
    data = read_folder(CONTENT / "html-css-basics")
    data.table["slug"] = "media-steps"
    data.files["lessons/01-html-page/clip.mp4"] = b"\x00\x00\x00\x18ftypmp42"
    data.files["lessons/01-html-page/clip.ru.vtt"] = b"WEBVTT\n"
    data.lessons["01-html-page"].steps += [
        {"kind": "video", "file": "clip.mp4", "captions": "clip.ru.vtt", "text": {"ru": "Смотрим"}},
        {
            "kind": "glossary",
            "terms": [{"term": {"ru": "тег"}, "meaning": {"ru": "метка **HTML**"}}],
        },
    ]
    course_id = open_package(courses, data)
    video, glossary = [s for s in steps_of(courses, course_id) if s.kind in ("video", "glossary")]
    enter(client, "student")
    page = client.get(f"/learn/lessons/{video.lesson_id}?step={video.position}").text
    src = f"/learn/files/{video.version_id}/lessons/01-html-page/clip.mp4"
    assert f'<video class="learn-media" controls preload="metadata" src="{src}">' in page
    assert 'kind="captions"' in page and "Done, next step" in page
    assert client.get(src).content == b"\x00\x00\x00\x18ftypmp42"
    shown = client.get(f"/learn/lessons/{glossary.lesson_id}?step={glossary.position}").text
    assert "<dt>тег</dt><dd>метка <strong>HTML</strong></dd>" in shown
    assert visit(client, glossary, read="1").status_code == 303
    with session_scope() as db:
        row = db.exec(
            select(StepProgress).where(
                StepProgress.user_id == courses.student, StepProgress.step_key == glossary.key
            )
        ).one()
    assert row.status == "passed"
