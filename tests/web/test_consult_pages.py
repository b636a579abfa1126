"""Consultation pages on the demo school: the psychologist offers a time, the student books it
with a note, the psychologist confirms and logs the outcome; who may read the note and the log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from models.db import session_scope
from models.guidance_work import Consultation, ConsultationNote, ConsultationSlot
from models.outbox import Notice
from models.people import Student
from tests.web.conftest import login


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    """The pages in English (without it the default language, Russian, applies)."""
    client.headers["accept-language"] = "en"


NOTE = "Мені емтихан алдында ұйқы қашады"


def _form(client: TestClient, data: dict[str, str]) -> dict[str, str]:
    return {**data, "_csrf_token": client.cookies.get("sabaq_csrf") or ""}


def _post(client: TestClient, url: str, data: dict[str, str] | None = None) -> str:
    client.get("/consult")
    response = client.post(url, data=_form(client, data or {}), follow_redirects=True)
    assert response.status_code == 200, response.text[:300]
    return response.text


def test_offer_book_confirm_and_log(client: TestClient) -> None:
    day = (date.today() + timedelta(days=2)).isoformat()
    login(client, "psychologist")
    page = _post(client, "/consult/slots", {"day": day, "time": "15:30", "minutes": "40",
                                             "place": "204"})  # fmt: skip
    assert "The time is offered to students." in page
    pattern = {"day1": "on", "day3": "on", "times": "16:00, 16:30", "weeks": "2"}
    weekly = _post(client, "/consult/slots/weekly", pattern)
    assert "times offered" in weekly
    with session_scope() as db:
        slot = db.exec(select(ConsultationSlot).order_by(ConsultationSlot.id)).first()
    assert slot is not None and slot.minutes == 40 and slot.track == "psychology"

    client.cookies.clear()
    login(client, "student")
    free = client.get("/consult").text
    assert "Book a consultation" in free and "Психолог" in free
    booked = _post(client, "/consult/book", {"slot": str(slot.id), "reason": "feelings",
                                             "note": NOTE})  # fmt: skip
    assert "Your consultation is booked" in booked
    again = _post(client, "/consult/book", {"slot": str(slot.id), "reason": "feelings"})
    assert "Someone has just booked this time" in again
    with session_scope() as db:
        booking = db.exec(select(Consultation)).one()
        told = db.exec(select(Notice).where(Notice.user_id == booking.specialist_id)).all()
        pupil = db.get(Student, booking.student_id)
    # in the psychologist's language (the school's: Kazakh), with the student's name, no note
    assert pupil is not None
    assert [n.body for n in told if pupil.name in n.body and "кеңесіне жазылды" in n.body]
    assert not [n for n in told if NOTE in n.body]

    client.cookies.clear()
    login(client, "counsellor")  # another specialist: not theirs
    assert client.get(f"/consult/{booking.id}").status_code == 404

    client.cookies.clear()
    login(client, "psychologist")
    mine = client.get("/consult").text
    assert NOTE in mine
    _post(client, f"/consult/{booking.id}/confirm")
    detail = client.get(f"/consult/{booking.id}")
    assert detail.status_code == 200 and NOTE in detail.text
    logged = client.post(f"/consult/{booking.id}/outcome", follow_redirects=True,
                         data=_form(client, {"notes": "Тыныс алу жаттығулары",
                                             "next_steps": "Бір аптадан кейін",
                                             "follow_up_on": day}))  # fmt: skip
    assert "The outcome is logged." in logged.text and "Тыныс алу жаттығулары" in logged.text
    with session_scope() as db:
        assert db.exec(select(Consultation)).one().status == "held"
        assert len(db.exec(select(ConsultationNote)).all()) == 1
        student = booking.student_id

    # the psychologist's notes: on the psychologist's view of the profile only
    profile = client.get(f"/profile/{student}").text
    assert "Тыныс алу жаттығулары" in profile
    for who in ("counsellor", "director", "student", "parent"):
        client.cookies.clear()
        login(client, who)
        seen = client.get(f"/profile/{student}")
        assert seen.status_code == 200, who
        assert "Тыныс алу жаттығулары" not in seen.text, who
    # the student sees their own booking and own words; the parent sees neither
    client.cookies.clear()
    login(client, "student")
    assert NOTE in client.get("/profile").text
    client.cookies.clear()
    login(client, "parent")
    assert NOTE not in client.get(f"/profile/{student}").text


def test_only_students_and_specialists_use_the_page(client: TestClient) -> None:
    for who, status in (("teacher", 403), ("director", 403), ("student", 200),
                        ("counsellor", 200)):  # fmt: skip
        client.cookies.clear()
        login(client, who)
        assert client.get("/consult").status_code == status, who
    client.cookies.clear()
    login(client, "student")
    client.get("/consult")
    refused = client.post("/consult/slots", data=_form(client, {"day": "2030-01-01",
                                                                "time": "10:00"}))  # fmt: skip
    assert refused.status_code == 403
