"""The profile pages on the demo school: who opens which profile, the student's own subjects and
self-reported mock result, the class lists."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from models.accounts import UserAccount
from models.db import session_scope
from models.guidance_work import MockTestResult, ProfileSubjectChoice
from models.people import Student
from tests.web.conftest import login


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    """The pages in English (without it the default language, Russian, applies)."""
    client.headers["accept-language"] = "en"


def _student(login_name: str = "student") -> tuple[int, str, int]:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == login_name)).one()
        student = db.get(Student, account.student_id)
        assert student is not None and student.id is not None
        other = db.exec(select(Student).where(Student.class_id != student.class_id)).first()
        assert other is not None and other.id is not None
        return student.id, student.name, other.id


def _form(client: TestClient, data: dict[str, str]) -> dict[str, str]:
    return {**data, "_csrf_token": client.cookies.get("sabaq_csrf") or ""}


def test_the_student_sees_their_own_profile_only(client: TestClient) -> None:
    me, name, other = _student()
    login(client, "student")
    page = client.get("/profile")
    assert page.status_code == 200 and name in page.text
    assert 'data-step="interests"' in page.text and "Recommended professions" not in page.text
    assert client.get(f"/profile/{me}").status_code == 200
    assert client.get(f"/profile/{other}").status_code == 404
    assert client.get("/profile/students").status_code == 403


def test_staff_open_any_profile_of_their_school(client: TestClient) -> None:
    me, _, other = _student()
    for who in ("counsellor", "psychologist", "director"):
        client.cookies.clear()
        login(client, who)
        page = client.get(f"/profile/{other}")
        assert page.status_code == 200, who
        assert client.get(f"/profile/{me}").status_code == 200
        listing = client.get("/profile/students")
        assert listing.status_code == 200 and "/profile/" in listing.text
    client.cookies.clear()
    login(client, "timetable")
    assert client.get(f"/profile/{me}").status_code == 403


def test_a_teacher_who_is_not_the_class_teacher_is_refused(client: TestClient) -> None:
    me, _, _ = _student()
    login(client, "teacher")
    assert client.get(f"/profile/{me}").status_code in (403, 404)


def test_the_parent_goes_to_their_childs_profile(client: TestClient) -> None:
    me, name, other = _student()
    login(client, "parent")
    first = client.get("/profile", follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, f"/profile/{me}")
    child = client.get(f"/profile/{me}")
    assert child.status_code == 200 and name in child.text
    assert "Add my own mock result" not in child.text
    assert client.get(f"/profile/{other}").status_code == 404


def test_the_student_chooses_subjects_and_enters_a_mock_result(client: TestClient) -> None:
    me, _, other = _student()
    login(client, "student")
    client.get("/profile")
    done = client.post(f"/profile/{me}/subjects", data=_form(client, {"pair": "math+informatics"}),
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    bad = client.post(f"/profile/{me}/subjects", data=_form(client, {"pair": "math+biology"}),
                      follow_redirects=True)  # fmt: skip
    assert "are not a pair of UNT profile subjects" in bad.text
    assert client.post(f"/profile/{other}/subjects", data=_form(client, {"pair": "math+physics"}),
                       follow_redirects=False).status_code == 404  # fmt: skip
    sat = {"kind": "sat", "taken_on": "2025-11-01", "sat.reading_writing": "610", "sat.math": "700"}
    client.post("/profile/mock", data=_form(client, sat), follow_redirects=False)
    wrong = client.post("/profile/mock", data=_form(client, {**sat, "sat.math": "705"}),
                        follow_redirects=True)  # fmt: skip
    assert "Math: scores go in steps of 10, not 705." in wrong.text
    with session_scope() as db:
        choice = db.exec(select(ProfileSubjectChoice).where(
            ProfileSubjectChoice.student_id == me)).all()  # fmt: skip
        results = db.exec(select(MockTestResult).where(MockTestResult.student_id == me)).all()
    assert [(c.first, c.second) for c in choice if c.deleted_at is None] == [
        ("math", "informatics")
    ]
    assert [(r.total, r.self_reported) for r in results] == [(1310, True)]
    page = client.get("/profile")
    assert "1310" in page.text and "self-reported" in page.text
