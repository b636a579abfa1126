"""Risk cases through the pages: a psychologist sends a screening, the 9А student's answer opens a
case; only psychologists of the school read it (each read audited), no one else (403/404)."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import col, select

from models.db import session_scope
from models.guidance import RiskCase
from models.history import AuditEntry
from tests.web.conftest import DemoStore, login
from tests.web.test_surveys import NINE_A, demo_student_class, post, response_of, send

QUIET = {
    "yr_bullied_school": "0", "yr_bullied_online": "0", "yr_unsafe": "0", "yr_sad": "0",
    "yr_suicide_considered": "0", "yr_suicide_plan": "0", "yr_suicide_attempts": "0",
    "yr_alcohol": "0",
}  # fmt: skip


def _take(client: TestClient, rid: int, answers: dict[str, str]) -> str:
    pupil = TestClient(client.app)
    with pupil:
        login(pupil, NINE_A)
        pupil.get(f"/surveys/take/{rid}")
        for n, (item, value) in enumerate(answers.items()):
            assert post(pupil, f"/surveys/take/{rid}/answer", item=item, value=value,
                        q=str(n)).status_code == 303  # fmt: skip
        assert post(pupil, f"/surveys/take/{rid}/submit").status_code == 303
        done = pupil.get(f"/surveys/done/{rid}")
        assert done.status_code == 200
        for url in ("/cases", "/surveys/responses/" + str(rid)):
            assert pupil.get(url).status_code == 403
        return done.text


def test_a_screening_answer_opens_a_case_only_psychologists_read(
    client: TestClient, demo_store: DemoStore
) -> None:
    student_id, class_id = demo_student_class()
    login(client, "psychologist")
    rid = response_of(send(client, "shipped:youth-risk", class_id), student_id)
    done = _take(client, rid, QUIET | {"yr_suicide_plan": "1"})
    # help at once, never a score; the helplines and that the psychologist will come
    assert 'href="tel:150"' in done and 'href="tel:111"' in done
    assert "guide-code" not in done and "Suicid" not in done
    with session_scope() as db:
        case = db.exec(select(RiskCase).where(RiskCase.response_id == rid)).one()
        case_id = case.id
    listing = client.get("/cases")
    assert listing.status_code == 200 and f'href="/cases/{case_id}"' in listing.text
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "guide-flagged" in page.text  # the plan answer is flagged
    for who in ("teacher", "counsellor", "director", "parent", "student", "timetable"):
        other = TestClient(client.app)
        with other:
            login(other, who)
            for url in (f"/cases/{case_id}", "/cases", f"/surveys/responses/{rid}"):
                status = other.get(url, follow_redirects=False).status_code
                assert status in (403, 404), (who, url, status)
    with session_scope() as db:
        reads = db.exec(
            select(AuditEntry)
            .where(AuditEntry.entity == f"guidance_case:{case_id}")
            .order_by(col(AuditEntry.id))
        ).all()
        assert [(a.actor, a.action) for a in reads] == [
            ("system", "open_case"), ("psychologist", "read_case")]  # fmt: skip


def test_notes_follow_ups_and_closing(client: TestClient, demo_store: DemoStore) -> None:
    student_id, class_id = demo_student_class()
    login(client, "psychologist")
    rid = response_of(send(client, "shipped:youth-risk", class_id), student_id)
    _take(client, rid, QUIET | {"yr_bullied_online": "1"})
    with session_scope() as db:
        case_id = db.exec(select(RiskCase).where(RiskCase.response_id == rid)).one().id
    client.get(f"/cases/{case_id}")
    assert post(client, f"/cases/{case_id}/entries", kind="follow_up", text="Talk to the class "
                "teacher", due_on="2030-01-15").status_code == 303  # fmt: skip
    assert post(client, f"/cases/{case_id}/status", status="closed").status_code == 303
    page = client.get(f"/cases/{case_id}").text
    assert "Talk to the class teacher" in page and 'value="closed" selected' in page
