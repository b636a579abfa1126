"""Issue 9's "Done when", in Chromium on a phone-sized screen, on the demo school with its
guidance demo data: the counsellor sends the interest inventory to 9А; a 9А student takes it,
completes their profile (profile subjects, a mock UNT) and sees three explained professions with
the UNT pair and universities; the psychologist sends a screening, the student's answer opens a
case the psychologist sees and a teacher cannot; the student books a consultation and the
psychologist logs its outcome; the district report holds no student's name. No console errors,
CSP violations or horizontal scrolling on the way."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from models.db import session_scope
from models.guidance_work import Consultation, ConsultationNote
from models.people import Student
from models.school import School
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
from web.demo_guidance import NINE_A_LOGIN, create_demo_guidance

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
# RIASEC answers by type (option values): I and R high, then C: an investigative-realistic pupil
BY_TYPE = {"I": "4", "R": "3", "C": "2", "E": "1", "S": "0", "A": "0"}
UNT = {"history_kz": "16", "reading_literacy": "8", "math_literacy": "8", "profile_1": "41",
       "profile_2": "37"}  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = fresh_store(tmp_path_factory.mktemp("browser-guidance"))
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            school = db.exec(select(School)).one()
            create_demo_guidance(db, school_id=school.id or 0, today=date.today())
    with serve(store) as live:
        yield live


def _fits(watched: Watched) -> None:
    width = watched.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (watched.page.url, width)


def _send(watched: Watched, instrument: str) -> None:
    p = watched.page
    p.goto("/surveys")
    p.select_option("select[name=instrument]", instrument)
    p.check("input[name=target][value=class]")
    p.select_option("select[name=class_id]", label="9А")
    with p.expect_navigation():
        p.click("form.guide-send button[type=submit]")
    assert "Sent to" in (p.locator(".flash").first.text_content() or "")


def _take(watched: Watched, answer: object) -> None:
    """Opens the newest questionnaire and answers every screen with answer(item id)."""
    p = watched.page
    p.goto("/my/surveys")
    with p.expect_navigation():
        p.locator("a.guide-big").first.click()
    count = p.locator("input[name=item]").count()
    for n in range(count):
        item = p.locator(f"#q{n} input[name=item]").get_attribute("value") or ""
        p.click(f"#q{n} label:has(input[value='{answer(item)}'])")  # type: ignore[operator]
        p.wait_for_selector(f"#q{n + 1}:not([hidden])")
    with p.expect_navigation():
        p.click(f"#q{count} button.survey-send")


def _flash(watched: Watched) -> str:
    return watched.page.locator(".flash").first.text_content() or ""


def test_the_guidance_path_on_a_phone(open_page: OpenPage, server: LiveServer) -> None:
    counsellor = open_page(viewport=PHONE, server=server)
    log_in(counsellor, "counsellor")
    _send(counsellor, "shipped:riasec")

    pupil = open_page(viewport=PHONE, server=server)
    log_in(pupil, NINE_A_LOGIN)
    p = pupil.page
    _take(pupil, lambda item: BY_TYPE[item[0]])
    assert (p.locator(".guide-code").text_content() or "").strip() == "IRC"

    # the profile: RIASEC and grades are there; subjects and a mock test still to do
    p.goto("/profile")
    _fits(pupil)
    todo = p.eval_on_selector_all(".checklist li.todo", "els => els.map(e => e.dataset.step)")
    assert todo == ["subjects", "mock"]
    assert p.locator(".profession").count() == 0
    p.select_option("select[name=pair]", "math+physics")
    with p.expect_navigation():
        p.click("form[action$='/subjects'] button[type=submit]")
    assert "Profile subjects saved." in _flash(pupil)
    p.click("details.mock-own summary")
    p.select_option("select[data-mock-kind]", "unt")
    for code, value in UNT.items():
        p.fill(f"input[name='unt.{code}']", value)
    unt = "fieldset[data-mock-sections=unt]"
    p.select_option(f"{unt} select[name=subject_1]", "math")
    p.select_option(f"{unt} select[name=subject_2]", "physics")
    with p.expect_navigation():
        p.click("form[data-mock-form] button[type=submit]")
    assert "Your mock result is saved." in _flash(pupil)

    # complete: three professions, each with its reasons, the UNT pair and universities
    assert (p.locator("#checklist-title").text_content() or "").strip() == "Profile complete"
    cards = p.locator(".profession")
    assert cards.count() == 3
    for n in range(3):
        card = cards.nth(n)
        assert card.locator(".reasons li").count() >= 1
        assert "Mathematics + Physics" in (card.locator(".pairs").text_content() or "")
    assert p.locator(".profession .universities li").count() >= 1
    assert "110" in (p.locator("table.mock-results").text_content() or "")  # 16+8+8+41+37
    _fits(pupil)

    # a screening: the answer opens a case; the psychologist sees it, a teacher cannot
    psychologist = open_page(viewport=PHONE, server=server)
    log_in(psychologist, "psychologist")
    _send(psychologist, "shipped:youth-risk")
    _take(pupil, lambda item: "1" if item == "yr_suicide_considered" else "0")
    assert p.locator("a[href='tel:150']").is_visible()
    q = psychologist.page
    q.goto("/cases")
    with q.expect_navigation():
        q.locator("main table a").first.click()
    case_url = q.url
    assert q.locator(".guide-flagged").count() == 1
    teacher = open_page(viewport=PHONE, server=server)
    log_in(teacher, "teacher")
    answer = teacher.page.goto(case_url)
    assert answer is not None and answer.status == 403

    # a consultation: booked by the student on the phone, its outcome logged
    p.goto("/consult")
    _fits(pupil)
    booking = p.locator("form.consult-book[data-track=psychology]")
    booking.locator("input[name=slot]").first.check()
    booking.locator("select[name=reason]").select_option("learning")
    booking.locator("textarea[name=note]").fill("Емтихан алдында қобалжимын")
    with p.expect_navigation():
        booking.locator("button[type=submit]").click()
    assert "Your consultation is booked" in _flash(pupil)
    q.goto("/consult")
    with q.expect_navigation():
        q.locator("form[action$='/confirm'] button").first.click()
    with q.expect_navigation():
        q.locator("a.button[href^='/consult/']").first.click()
    assert "Емтихан алдында қобалжимын" in (q.locator("main").text_content() or "")
    q.fill("textarea[name=notes]", "Тыныс алу жаттығулары")
    q.fill("textarea[name=next_steps]", "Екі аптадан кейін қайта кездесу")
    with q.expect_navigation():
        q.click("form.consult-outcome button[type=submit]")
    assert "The outcome is logged." in _flash(psychologist)
    _fits(psychologist)
    with _restoring_store_env():
        _point_at(server.store.url, server.store.data_dir)
        with session_scope() as db:
            held = db.exec(select(Consultation)).one()
            assert held.status == "held" and len(db.exec(select(ConsultationNote)).all()) == 1
            names = [s.name for s in db.exec(select(Student)).all()]

    # the district report: Excel and PDF without any student's name
    director = open_page(viewport=PHONE, server=server)
    log_in(director, "director")
    d = director.page
    d.goto("/guidance/reports?district=true")
    _fits(director)
    pdf = d.request.get("/guidance/reports/district.pdf")
    xlsx = d.request.get("/guidance/reports/district.xlsx")
    assert pdf.ok and xlsx.ok
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    book = load_workbook(io.BytesIO(xlsx.body()))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                     for c in row if c.value is not None)  # fmt: skip
    for name in names:
        assert name not in text and name not in cells
    assert "<5" in cells and "<5" in text  # small cells hidden, not named
    for watched in (counsellor, pupil, psychologist, director):
        assert watched.problems() == []
