"""Issue 8's teacher path in Chromium: a teacher builds a lesson with one step of every kind in
the course editor (a recording with captions and a picture uploaded, the Markdown previewed),
reorders it by dragging and by the arrow buttons, previews it as a student, publishes it and
opens it to a class; the demo student completes it on a phone-sized screen (a file uploaded,
the open question answered, the task solved in the IDE), progress and points update, the
school's leaderboard shows them; the teacher grades the open answer and the upload in the
queue, and the student's lesson is complete with its badges. No console errors, CSP
violations or horizontal scrolling on the student's phone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from lms.courses.starter import load_demo_courses
from lms.practice.tasks import load_course_tasks
from models.accounts import UserAccount
from models.db import session_scope
from models.people import Student
from tests.browser.conftest import (
    LiveServer,
    OpenPage,
    Watched,
    _restoring_store_env,
    fresh_store,
    log_in,
    serve,
)
from tests.courses.kinds import MP4, PDF, PNG, VTT
from tests.web.conftest import _point_at

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
VERDICT_MS = 120_000  # a guard against hanging on a busy machine, not a timing
KINDS = ["text", "video", "audio", "gallery", "single", "multiple", "blanks", "ordering",
         "matching", "open", "upload", "task", "glossary"]  # fmt: skip


@pytest.fixture(scope="module")
def editor_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, int, str]]:
    """The demo store with the starter courses and their judge tasks, one job worker."""
    store = fresh_store(tmp_path_factory.mktemp("browser-editor"))
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
            school_id = account.school_id or 0
            load_course_tasks(db, school_id=school_id)
            load_demo_courses(db, school_id=school_id, student_login="student", today=date.today())
            student = db.get(Student, account.student_id)
            class_id = student.class_id if student else 0
            name = account.name
    with serve(store, workers=1) as live:
        yield live, class_id or 0, name


def _ready(page: Any) -> None:
    assert "No problems: the step is ready." in page.inner_text("main"), page.inner_text("main")


def _save(page: Any) -> None:
    with page.expect_navigation():
        page.click("form.lms-ed-step button.primary")
    _ready(page)


# what the teacher types into each kind's form: (field, value) to fill, boxes to tick
TYPED: dict[str, list[tuple[str, str]]] = {
    "text": [("textarea[name='md.ru']", "# Переменные\n\nПеременная хранит **значение**.")],
    "audio": [("input[name=url]", "https://example.org/lesson.mp3")],
    "single": [
        ("textarea[name='question.ru']", "Что выведет print(2 + 2)?"),
        ("input[name='option-0.ru']", "4"),
        ("input[name='option-1.ru']", "22"),
        ("input[name='option-1-why.ru']", "Числа складываются, а не склеиваются."),
    ],
    "multiple": [
        ("textarea[name='question.ru']", "Какие числа чётные?"),
        ("input[name='option-0.ru']", "2"),
        ("input[name='option-1.ru']", "3"),
        ("input[name='option-2.ru']", "4"),
    ],
    "blanks": [("textarea[name='text.ru']", "Функция {{print}} выводит текст.")],
    "ordering": [
        ("textarea[name='question.ru']", "Расставьте по порядку"),
        ("input[name='item-0.ru']", "ввод"),
        ("input[name='item-1.ru']", "обработка"),
        ("input[name='item-2.ru']", "вывод"),
    ],
    "matching": [
        ("textarea[name='question.ru']", "Сопоставьте типы"),
        ("input[name='left-0.ru']", "int"),
        ("input[name='right-0.ru']", "целое"),
        ("input[name='left-1.ru']", "str"),
        ("input[name='right-1.ru']", "строка"),
    ],
    "open": [
        ("textarea[name='question.ru']", "Зачем нужны переменные?"),
        ("textarea[name='rubric.ru']", "Две причины — полный балл."),
    ],
    "upload": [
        ("textarea[name='question.ru']", "Пришлите отчёт в PDF."),
        ("input[name=max_mb]", "2"),
    ],
    "glossary": [
        ("input[name='term-0.ru']", "переменная"),
        ("textarea[name='meaning-0.ru']", "имя для значения"),
    ],
}
TICKED = {
    "audio": ["input[name=source][value=url]"],
    "single": ["input[name=correct][value='0']"],
    "multiple": ["input[name=option-0-correct]", "input[name=option-2-correct]"],
}


def _fill(page: Any, kind: str) -> None:
    for box in TICKED.get(kind, []):
        page.check(box)
    for field, value in TYPED.get(kind, []):
        page.fill(field, value)
    if kind == "task":
        page.select_option("select[name=task]", "hello-world")


def _files(name: str, mime: str, content: bytes) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": content}


def _build(teacher: Watched, class_id: int) -> int:
    """The teacher's part: a course, a module, a lesson with every kind; published, opened."""
    page = teacher.page
    page.goto("/courses")
    with page.expect_navigation():
        page.click("a[href='/courses/new']")
    page.fill("input[name=slug]", "every-step")
    page.fill("input[name='title.ru']", "Все виды шагов")
    with page.expect_navigation():
        page.click("main form button.primary")
    course_id = int(page.url.split("/")[-2])
    page.fill("form.lms-ed-add input[name='title.ru']", "Основы")
    with page.expect_navigation():
        page.click("form.lms-ed-add button.primary")
    page.click("li.lms-ed-module details.lms-ed-more summary")  # "Add a lesson"
    page.fill("li.lms-ed-module details[open] input[name='title.ru']", "Все шаги")
    with page.expect_navigation():
        page.click("li.lms-ed-module details[open] button.primary")
    lesson = f"/courses/{course_id}/edit/lessons/vse-shagi"
    for kind in KINDS:
        page.goto(lesson)
        page.select_option("select[name=kind]", kind)
        with page.expect_navigation():
            page.click(f"form[action='{lesson}/steps'] button.primary")
        if kind == "video":
            page.set_input_files("input[name=upload-media]", _files("урок.mp4", "video/mp4", MP4))
            page.set_input_files(
                "input[name=upload-captions]", _files("урок.ru.vtt", "text/vtt", VTT.encode())
            )
        elif kind == "gallery":
            page.set_input_files(
                "input[name=image-0-upload]", _files("схема.png", "image/png", PNG)
            )
            page.fill("input[name='image-0-alt.ru']", "Схема программы")
            page.fill("input[name='image-0-caption.ru']", "Рис. 1")
        else:
            _fill(page, kind)
        if kind == "text":
            page.click("button.lms-ed-md-preview")
            page.wait_for_selector(".lms-ed-md-out strong:has-text('значение')")
        _save(page)
    _reorder(page, lesson)
    _preview(page, lesson)
    page.goto(f"/courses/{course_id}/edit")
    with page.expect_navigation():
        page.click("form[action$='/edit/publish'] button")
    assert "Published as version 1." in page.inner_text("main")
    page.select_option("select[name=class_id]", str(class_id))
    with page.expect_navigation():
        page.click(f"form[action='/courses/{course_id}/open'] button.primary")
    assert "The course is open to the class." in page.inner_text("main")
    return course_id


ORDER = "items => items.map(li => li.querySelector('a').textContent.trim())"


def _order(page: Any) -> list[str]:
    found = page.eval_on_selector_all("ol.lms-ed-steps > li.lms-ed-item", ORDER)
    return [str(x) for x in found]


def _reorder(page: Any, lesson: str) -> None:
    """The glossary dragged to the top, then one place down and up again with the arrows."""
    page.goto(lesson)
    before = _order(page)
    assert len(before) == 13 and before[-1] == "Glossary"
    items = page.locator("ol.lms-ed-steps > li.lms-ed-item")
    items.nth(12).drag_to(items.nth(0), target_position={"x": 30, "y": 3})
    page.wait_for_selector("#lms-ed-status:has-text('Order saved.')")
    page.reload()
    assert _order(page) == ["Glossary", *before[:-1]]
    page.evaluate("document.getElementById('lms-ed-status').textContent = ''")
    first = page.locator("ol.lms-ed-steps > li.lms-ed-item").nth(0)
    first.locator("button[value=down]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#lms-ed-status:has-text('Order saved.')")
    page.reload()
    assert _order(page)[:2] == ["Text", "Glossary"]


def _preview(page: Any, lesson: str) -> None:
    page.goto(f"{lesson}/preview?step=6")  # the single choice after the moves
    assert page.locator("#step").get_attribute("data-kind") == "single"
    page.check("input[name=choice][value='1']")
    page.click("form.learn-answer button[type=submit]")
    page.wait_for_selector("#feedback .learn-feedback.is-wrong")
    assert "Числа складываются" in page.inner_text("#feedback")


def _fits(watched: Watched) -> None:
    width = watched.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def _check(page: Any, wait: str) -> None:
    page.click("form.learn-answer button[type=submit]")
    page.wait_for_selector(f"#feedback .learn-feedback.{wait}")


def _answer(student: Watched, kind: str) -> None:
    """One step done on the phone, as its kind wants."""
    page = student.page
    if kind in ("text", "video", "audio", "gallery", "glossary"):
        if kind == "video":
            assert page.locator("video track[kind=captions]").count() == 1
        if kind == "gallery":
            assert page.locator("img[alt='Схема программы']").count() == 1
        with page.expect_navigation():
            page.click("form.learn-next button")
    elif kind == "single":
        page.check("input[name=choice][value='1']")
        _check(page, "is-wrong")
        assert "Числа складываются" in page.inner_text("#feedback")  # the chosen option's why
        page.check("input[name=choice][value='0']")
        _check(page, "is-right")
    elif kind == "multiple":
        page.check("input[name=choice-0]")
        page.check("input[name=choice-2]")
        _check(page, "is-right")
    elif kind == "blanks":
        page.fill("input[name=blank-0]", "print")
        _check(page, "is-right")
    elif kind == "ordering":
        for n in range(3):
            page.select_option(f"select[name=place-{n}]", str(n + 1))
        _check(page, "is-right")
    elif kind == "matching":
        for n in range(2):
            page.select_option(f"select[name=match-{n}]", str(n))
        _check(page, "is-right")
    elif kind == "open":
        page.fill("textarea[name=text]", "Чтобы хранить значения и не повторять вычисления.")
        _check(page, "is-waiting")
    elif kind == "upload":
        page.set_input_files("input[name=file]", _files("отчёт.pdf", "application/pdf", PDF))
        _check(page, "is-waiting")
    elif kind == "task":
        _solve(page)


def _solve(page: Any) -> None:
    lesson_url = page.url
    with page.expect_navigation():
        page.click("a[href^='/tasks/']")
    page.wait_for_selector(".CodeMirror")
    page.evaluate("(src) => document.querySelector('.CodeMirror').CodeMirror.setValue(src)",
                  'print("Hello, World!")\n')  # fmt: skip
    page.click("#ide-submit")
    page.wait_for_selector("#ide-result .ide-sentence", timeout=VERDICT_MS)
    assert page.inner_text("#ide-result .ide-sentence") == "All tests passed. Well done!"
    page.goto(lesson_url)
    assert "Solved" in page.inner_text("#step")


def _learn(student: Watched, course_id: int) -> str:
    """The student's part on the phone; returns the lesson's address."""
    page = student.page
    page.goto("/learn")
    assert "Все виды шагов" in page.inner_text("main")
    with page.expect_navigation():
        page.click(f"a[href='/learn/courses/{course_id}']")
    with page.expect_navigation():
        page.click("ol.learn-lessons a")
    lesson = page.url.split("?")[0]
    for n in range(1, 14):
        page.goto(f"{lesson}?step={n}#step")
        kind = str(page.locator("#step").get_attribute("data-kind"))
        _answer(student, kind)
        _fits(student)
    page.goto(f"{lesson}?step=1")
    assert page.inner_text("#lesson-percent") == str(100 * 11 // 13)  # two wait for the teacher
    return lesson


def _grade(teacher: Watched) -> None:
    page = teacher.page
    page.goto("/courses/review")
    cards = page.locator("section.learn-review")
    assert cards.count() == 2
    with page.expect_download() as got:
        page.click("section.learn-review a[download]")
    assert got.value.suggested_filename == "отчёт.pdf"
    for _ in range(2):
        page.fill("section.learn-review textarea[name=comment]", "Хорошо.")
        with page.expect_navigation():
            page.click("section.learn-review button[value=accept]")
    assert "No answer is waiting." in page.inner_text("main")


def test_a_teacher_builds_a_lesson_a_student_completes_it_on_a_phone(
    open_page: OpenPage, editor_server: tuple[LiveServer, int, str]
) -> None:
    server, class_id, name = editor_server
    # tall enough that dragging never scrolls the page under the pointer
    teacher = open_page(locale="en-US", server=server, viewport={"width": 1280, "height": 2400})
    log_in(teacher, "teacher")
    course_id = _build(teacher, class_id)
    assert teacher.problems() == []

    student = open_page(locale="en-US", viewport=PHONE, server=server)
    log_in(student, "student")
    lesson = _learn(student, course_id)
    page = student.page
    page.goto("/learn")
    points = int(page.inner_text(".learn-points").split(":")[1].split("·")[0])
    assert points >= 50  # five questions and the task's points from the judge
    page.goto("/learn/leaderboard?mine=1")  # the school's board
    row = page.locator("main table tbody tr", has_text=name)
    assert row.count() == 1 and str(points) in row.inner_text()

    _grade(teacher)
    page.goto(f"{lesson}?step=1")
    assert page.inner_text("#lesson-percent") == "100"
    page.goto(f"/learn/courses/{course_id}")
    assert page.locator(".lms-bdg.is-earned:has-text('Lesson completed')").count() == 1
    assert page.locator(".lms-bdg.is-earned:has-text('Course completed')").count() == 1
    _fits(student)
    assert student.problems() == []
    assert teacher.problems() == []
