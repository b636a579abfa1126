"""Issue 9 in Chromium on a phone-sized screen: the demo counsellor sends the interest inventory
to 9А, a 9А student takes it one question a screen (taps go on, the keyboard stays, a reload
resumes) and sees their Holland code; the demo psychologist sends a screening, the student's
answer opens a case, the psychologist sees it and a teacher cannot. No console errors, CSP
violations or horizontal scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import STUDENT, UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.people import Student
from models.support import finish_onboarding
from tests.browser.conftest import (
    LiveServer,
    OpenPage,
    Watched,
    _restoring_store_env,
    fresh_store,
    log_in,
    serve,
)
from tests.web.conftest import _point_at
from web.demo_accounts import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
PUPIL = "student-9a"  # the demo student is in grade 2; guidance is for grades 5-11
# RIASEC answers by type (option values): S 4 x 8 = 32, I 3 x 8 = 24, A 2 x 8 = 16, R 8, E 0, C 0
BY_TYPE = {"S": "4", "I": "3", "A": "2", "R": "1", "E": "0", "C": "0"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = fresh_store(tmp_path_factory.mktemp("browser-surveys"))
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            nine = db.exec(select(SchoolClass).where(SchoolClass.code == "9А")).one()
            first = db.exec(select(Student).where(Student.class_id == nine.id)
                            .order_by(col(Student.name))).first()  # fmt: skip
            known = db.exec(select(UserAccount).where(UserAccount.login == PUPIL)).first()
            assert first is not None
            if known is None:  # `sabaq demo` makes it (web/demo_guidance); the test store not
                create_account(
                    db, school_id=nine.school_id, login=PUPIL, name=first.name, role=STUDENT,
                    password=DEMO_PASSWORD, student_id=first.id,
                )  # fmt: skip
            for account_id in db.exec(select(UserAccount.id)).all():  # the tour was seen
                finish_onboarding(db, user_id=account_id or 0, skipped=True)
    with serve(store) as live:
        yield live


def _fits(watched: Watched) -> None:
    width = watched.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def _send(watched: Watched, instrument: str) -> None:
    p = watched.page
    p.goto("/surveys")
    p.select_option("select[name=instrument]", instrument)
    p.check("input[name=target][value=class]")
    p.select_option("select[name=class_id]", label="9А")
    with p.expect_navigation():
        p.click("form.guide-send button[type=submit]")
    assert "Sent to" in (p.locator(".flash").first.text_content() or "")


def _visible(watched: Watched) -> list[str]:
    return watched.page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-n]')).filter(s => !s.hidden)"
        ".map(s => s.id)"
    )


def _on(page: object, n: int) -> None:
    """Waits until question `n` is the one shown (locator waits: page.wait_for_selector with
    this selector never returned here)."""
    page.locator(f"#q{n}").wait_for(state="visible")  # type: ignore[attr-defined]


def _start(watched: Watched) -> None:
    p = watched.page
    p.goto("/my/surveys")
    with p.expect_navigation():
        p.locator("a.guide-big").first.click()


def test_riasec_on_a_phone_one_question_a_screen(open_page: OpenPage, server: LiveServer) -> None:
    counsellor = open_page(viewport=PHONE, server=server)
    log_in(counsellor, "counsellor")
    _send(counsellor, "shipped:riasec")
    _fits(counsellor)

    pupil = open_page(viewport=PHONE, server=server)
    log_in(pupil, PUPIL)
    p = pupil.page
    _start(pupil)
    assert _visible(pupil) == ["q0"]
    # the keyboard chooses without going on; "Next" goes on
    p.focus("#q0 input[value='1']")
    p.keyboard.press("Space")
    p.wait_for_function("() => document.getElementById('survey-progress').value === 1")
    assert _visible(pupil) == ["q0"]
    p.click("#q0 button.survey-next")
    _on(p, 1)
    items = p.eval_on_selector_all("input[name=item]", "els => els.map(e => e.value)")
    assert len(items) == 48
    for n in range(1, 10):  # taps: each answer saved, and on to the next question
        p.click(f"#q{n} label:has(input[value='{BY_TYPE[items[n][0]]}'])")
        _on(p, n + 1)
    assert p.locator("#survey-progress").evaluate("e => e.value") == 10
    _fits(pupil)
    p.reload()  # resumable: the page opens on the first question without an answer
    assert _visible(pupil) == ["q10"]
    p.click("#q10 .survey-back")
    assert _visible(pupil) == ["q9"]
    p.click("#q9 button.survey-next")
    for n in range(10, 48):
        p.click(f"#q{n} label:has(input[value='{BY_TYPE[items[n][0]]}'])")
        _on(p, n + 1)
    assert _visible(pupil) == ["q48"]
    p.click("#q48 .survey-back")  # back to the last question and on again, by the buttons
    _on(p, 47)
    p.click("#q47 button.survey-next")
    _on(p, 48)
    assert p.locator("#q48 .survey-complete").is_visible()
    with p.expect_navigation():
        p.click("#q48 button.survey-send")
    assert (p.locator(".guide-code").text_content() or "").strip() == "SIA"
    assert pupil.problems() == [] and counsellor.problems() == []


def test_a_screening_answer_opens_a_case_the_teacher_cannot_see(
    open_page: OpenPage, server: LiveServer
) -> None:
    psychologist = open_page(viewport=PHONE, server=server)
    log_in(psychologist, "psychologist")
    _send(psychologist, "shipped:youth-risk")

    pupil = open_page(viewport=PHONE, server=server)
    log_in(pupil, PUPIL)
    p = pupil.page
    _start(pupil)
    instructions = p.locator(".survey-instructions").text_content() or ""
    assert "seen only by the school psychologist" in instructions
    for n in range(8):
        item = p.locator(f"#q{n} input[name=item]").get_attribute("value")
        value = "1" if item == "yr_suicide_considered" else "0"
        p.click(f"#q{n} label:has(input[value='{value}'])")
        _on(p, n + 1)
    with p.expect_navigation():
        p.click("#q8 button.survey-send")
    assert p.locator("a[href='tel:150']").is_visible()
    assert p.locator(".guide-code").count() == 0
    _fits(pupil)

    q = psychologist.page
    q.goto("/cases")
    link = q.locator("main table a").first
    with q.expect_navigation():
        link.click()
    case_url = q.url
    assert q.locator(".guide-flagged").count() == 1
    assert "urgent" in (q.locator("main").text_content() or "")

    teacher = open_page(viewport=PHONE, server=server)
    log_in(teacher, "teacher")
    answer = teacher.page.goto(case_url)
    assert answer is not None and answer.status == 403
    assert "suicide" not in (teacher.page.content().lower())
    assert pupil.problems() == [] and psychologist.problems() == []
