"""Questionnaire pages on the demo school: a counsellor sends RIASEC to the demo student's class,
the student answers screen by screen (form posts and JSON), sends, and reads their code."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import STUDENT, UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.guidance import InstrumentResponse
from models.outbox import Notice
from models.people import Student
from tests.web.conftest import DemoStore, login
from web.demo_accounts import DEMO_PASSWORD


def post(client: TestClient, url: str, **form: str):  # type: ignore[no-untyped-def]
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


NINE_A = "student-9a"  # the demo student is in grade 2; guidance is for grades 5-11


def demo_student_class() -> tuple[int, int]:
    """A 9А student with a login (made once per store): their id and class id."""
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == NINE_A)).first()
        if account is None:
            nine = db.exec(select(SchoolClass).where(SchoolClass.code == "9А")).one()
            first = db.exec(select(Student).where(Student.class_id == nine.id)
                            .order_by(col(Student.name))).first()  # fmt: skip
            assert first is not None
            account = create_account(db, school_id=nine.school_id, login=NINE_A,
                                     name=first.name, role=STUDENT, password=DEMO_PASSWORD,
                                     student_id=first.id)  # fmt: skip
        student = db.get(Student, account.student_id)
        assert student is not None and student.id is not None
        return student.id, student.class_id


def send(client: TestClient, instrument: str, class_id: int) -> int:
    """Sends as the logged-in specialist; the new assignment's id."""
    sent = post(client, "/surveys/send", instrument=instrument, target="class",
                class_id=str(class_id), grade="9", student_id="0", due_on="", note="")  # fmt: skip
    assert sent.status_code == 303, sent.text[:800]
    return int(sent.headers["location"].rsplit("/", 1)[1])


def response_of(assignment_id: int, student_id: int) -> int:
    with session_scope() as db:
        row = db.exec(select(InstrumentResponse).where(
            InstrumentResponse.assignment_id == assignment_id,
            InstrumentResponse.student_id == student_id)).one()  # fmt: skip
        assert row.id is not None
        return row.id


def test_counsellor_sends_riasec_and_the_student_takes_it(
    client: TestClient, demo_store: DemoStore
) -> None:
    student_id, class_id = demo_student_class()
    login(client, "counsellor")
    page = client.get("/surveys")
    assert page.status_code == 200 and "shipped:riasec" in page.text
    assert "shipped:youth-risk" not in page.text  # screenings are the psychologist's
    assignment = send(client, "shipped:riasec", class_id)
    rid = response_of(assignment, student_id)
    assert client.get(f"/surveys/{assignment}").status_code == 200

    pupil = TestClient(client.app)
    with pupil:
        login(pupil, NINE_A)
        with session_scope() as db:
            notices = db.exec(select(Notice).where(
                Notice.key == f"guidance:assign:{assignment}:u{_uid(NINE_A)}")).all()  # fmt: skip
        assert len(notices) == 1
        assert f"/surveys/take/{rid}" in pupil.get("/my/surveys").text
        first = pupil.get(f"/surveys/take/{rid}")
        assert first.status_code == 200
        # every question is in the page, only the first is shown
        assert len(re.findall(r'class="survey-q card"', first.text)) == 48
        assert len(re.findall(r'class="survey-q card" id="q\d+" data-n="\d+" >', first.text)) == 1
        # the first answer by a form post (no script): on to question 2
        moved = post(pupil, f"/surveys/take/{rid}/answer", item="R1", value="4", q="0")
        assert moved.status_code == 303 and moved.headers["location"].endswith("?q=1")
        # the rest as survey.js sends them: JSON back, with the count
        items = _items(first.text)
        token = pupil.cookies.get("sabaq_csrf") or ""
        for n, item in enumerate(items[1:], 2):
            value = "4" if item.startswith("S") else "3" if item.startswith("I") else "1"
            saved = pupil.post(
                f"/surveys/take/{rid}/answer",
                data={"item": item, "value": value},
                headers={"accept": "application/json", "x-csrftoken": token},
            )
            assert saved.status_code == 200, saved.text
            assert saved.json() == {"answered": n, "total": 48}
        # resumed anywhere: all answered, so the page opens on "send your answers"
        again = pupil.get(f"/surveys/take/{rid}")
        assert 'id="q48" data-n="48" >' in again.text
        sent = post(pupil, f"/surveys/take/{rid}/submit")
        assert sent.status_code == 303 and sent.headers["location"] == f"/surveys/done/{rid}"
        done = pupil.get(f"/surveys/done/{rid}")
        # R1 = 4 and the other R items 1: R = 11; I = 24; S = 32; A = E = C = 8 -> "SIR"
        assert '<p class="guide-code"' in done.text and ">SIR<" in done.text
        assert "Социальный" in done.text  # the page is in Russian: the school's language
        # another student's questionnaire is not found
        assert pupil.get(f"/surveys/take/{rid + 1}").status_code in (303, 404)
    view = client.get(f"/surveys/responses/{rid}")
    assert view.status_code == 200 and "Код SIR" in view.text  # in Russian, the school's language


def _uid(login_name: str) -> int:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == login_name)).one()
        assert account.id is not None
        return account.id


def _items(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="item" value="([^"]+)">', html)


def test_a_wrong_answer_is_refused_and_a_student_cannot_open_the_specialist_pages(
    client: TestClient, demo_store: DemoStore
) -> None:
    student_id, class_id = demo_student_class()
    login(client, "counsellor")
    rid = response_of(send(client, "shipped:klimov", class_id), student_id)
    pupil = TestClient(client.app)
    with pupil:
        login(pupil, NINE_A)
        token = pupil.cookies.get("sabaq_csrf") or ""
        bad = pupil.post(
            f"/surveys/take/{rid}/answer",
            data={"item": "nat1", "value": "9"},
            headers={"accept": "application/json", "x-csrftoken": token},
        )
        assert bad.status_code == 400 and bad.json()["error"] == ["Такого ответа нет."]  # ru
        gaps = post(pupil, f"/surveys/take/{rid}/submit")
        assert gaps.status_code == 303 and gaps.headers["location"] == f"/surveys/take/{rid}"
        for url in ("/surveys", "/guidance/instruments", "/cases", f"/surveys/responses/{rid}"):
            assert pupil.get(url, follow_redirects=False).status_code == 403, url


def test_instruments_page_shows_sources_licences_and_language_status(
    client: TestClient, demo_store: DemoStore
) -> None:
    login(client, "psychologist")
    client.cookies.set("lang", "en")  # the page in English (the school's language is Russian)
    page = client.get("/guidance/instruments")
    assert page.status_code == 200
    assert "Kroenke K, Spitzer RL, Williams JBW" in page.text
    assert "our translation, not validated" in page.text
    one = client.get("/guidance/instruments/shipped/who5")
    assert one.status_code == 200 and "Psychiatric Research Unit" in one.text
    assert client.get("/guidance/instruments/shipped/nope").status_code == 404


def test_a_school_uploads_its_own_instrument_and_problems_are_listed(
    client: TestClient, demo_store: DemoStore
) -> None:
    from guidance.instruments.catalogue import DATA

    login(client, "psychologist")
    client.cookies.set("lang", "en")
    token = client.cookies.get("sabaq_csrf") or ""
    source = (DATA / "gad7.toml").read_text().replace('version = "1.0"', 'version = "school-1"')
    own = source.replace(
        'en = { status = "original" }',
        'en = { status = "original" }\n'
        'ru = { status = "validated", citation = "The school\'s licensed set" }',
    )
    own = own.replace('text = "Trouble relaxing"', 'text = {en = "Trouble relaxing"}')
    broken = client.post(
        "/guidance/instruments/upload",
        data={"_csrf_token": token},
        files={"file": ("gad7-ru.toml", own.encode(), "application/toml")},
    )
    assert broken.status_code == 400
    assert "gad7-ru.toml, item gad7_4, text: the text is missing in ru" in broken.text
    stored = client.post("/guidance/instruments/upload", data={"_csrf_token": token},
                         files={"file": ("gad7-copy.toml", source.encode(), "application/toml")},
                         follow_redirects=False)  # fmt: skip
    assert stored.status_code == 303
    again = client.post(
        "/guidance/instruments/upload",
        data={"_csrf_token": token},
        files={"file": ("gad7-copy.toml", source.encode(), "application/toml")},
    )
    assert again.status_code == 400 and "already stored" in again.text
