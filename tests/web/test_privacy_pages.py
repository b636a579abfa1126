"""Personal data pages through the app: a parent's consents, the data export's zip for the
parent, the student and the admin (and nobody else, in no other school), the admin's page with
the retention schedule and paper forms; all of it audited."""

from __future__ import annotations

import io
import json
import zipfile

from litestar.testing import TestClient
from sqlmodel import select

from models.account_services import create_account
from models.accounts import UserAccount
from models.db import session_scope
from models.history import AuditEntry
from models.people import Student
from models.privacy import GUIDANCE, PROCESSING
from models.privacy_consent import in_force
from models.privacy_retention import retention_years
from models.school import School
from tests.web.conftest import login


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _child() -> tuple[int, int, str]:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        student = db.get(Student, account.student_id)
        assert student is not None and student.id is not None
        return student.school_id, student.id, student.name


def _other_student(school_id: int, child_id: int) -> int:
    with session_scope() as db:
        other = db.exec(select(Student).where(Student.school_id == school_id,
                                              Student.id != child_id)).first()  # fmt: skip
        assert other is not None and other.id is not None
        return other.id


def test_a_parent_gives_and_withdraws_consent(client: TestClient) -> None:
    school_id, child_id, name = _child()
    login(client, "parent")
    page = client.get("/privacy")
    assert page.status_code == 200 and name in page.text
    form = {"scope": GUIDANCE, "action": "give", "_csrf_token": _csrf(client)}
    assert client.post(f"/privacy/consent/{child_id}", data=form).status_code == 200
    with session_scope() as db:
        assert GUIDANCE in in_force(db, school_id=school_id, student_id=child_id)
    form["action"] = "revoke"
    client.post(f"/privacy/consent/{child_id}", data=form)
    with session_scope() as db:
        assert GUIDANCE not in in_force(db, school_id=school_id, student_id=child_id)
        mine = (AuditEntry.entity == f"student:{child_id}", AuditEntry.actor == "parent")
        actions = db.exec(select(AuditEntry.action).where(*mine)).all()
    assert actions[-2:] == ["give_consent", "revoke_consent"]
    other = _other_student(school_id, child_id)
    refused = client.post(f"/privacy/consent/{other}",
                          data={**form, "action": "give"}, follow_redirects=False)  # fmt: skip
    assert refused.status_code == 303  # back with the refusal in words
    with session_scope() as db:
        assert in_force(db, school_id=school_id, student_id=other) == {}


def _zip(response: object) -> dict[str, object]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))  # type: ignore[attr-defined]
    assert "README.txt" in archive.namelist() and "csv/student.csv" in archive.namelist()
    document: dict[str, object] = json.loads(archive.read("data.json"))
    return document


def test_exports_for_the_parent_the_student_and_the_admin(client: TestClient) -> None:
    school_id, child_id, name = _child()
    other = _other_student(school_id, child_id)
    login(client, "parent")
    answer = client.get(f"/privacy/export/{child_id}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert "attachment" in answer.headers["content-disposition"]
    document = _zip(answer)
    assert document["tables"]["student"][0]["name"] == name  # type: ignore[index]
    assert client.get(f"/privacy/export/{other}").status_code == 404
    client.post("/logout", data={"_csrf_token": _csrf(client)})
    login(client, "student")
    assert client.get(f"/privacy/export/{child_id}").status_code == 200
    assert client.get(f"/privacy/export/{other}").status_code == 404
    client.post("/logout", data={"_csrf_token": _csrf(client)})
    login(client, "director")
    assert client.get(f"/privacy/export/{other}").status_code == 200
    client.post("/logout", data={"_csrf_token": _csrf(client)})
    login(client, "teacher")
    assert client.get(f"/privacy/export/{child_id}").status_code == 403
    with session_scope() as db:
        rows = db.exec(select(AuditEntry.actor, AuditEntry.action).where(
            AuditEntry.action.in_(["export_personal_data", "export_refused"]))).all()  # fmt: skip
    assert ("parent", "export_refused") in rows and ("director", "export_personal_data") in rows


def test_another_schools_admin_reaches_nothing(client: TestClient) -> None:
    _, child_id, _ = _child()
    with session_scope() as db:
        school = School(code="PRIV-OTHER", name="Басқа мектеп")
        db.add(school)
        db.flush()
        create_account(db, school_id=school.id, login="priv-other-admin", name="Other",
                       role="school_admin", password="other-password")  # fmt: skip
    login(client, "priv-other-admin", "other-password")
    assert client.get(f"/privacy/export/{child_id}").status_code == 404
    form = {"scope": PROCESSING, "action": "give", "given_by": "X", "_csrf_token": _csrf(client)}
    assert client.post(f"/privacy/consent/{child_id}", data=form).status_code == 404
    page = client.get("/privacy/admin")
    assert page.status_code == 200


def test_the_admin_sets_retention_and_records_paper_forms(client: TestClient) -> None:
    school_id, child_id, _ = _child()
    login(client, "director")
    page = client.get("/privacy/admin")
    assert page.status_code == 200 and "/privacy/retention" in page.text
    client.post("/privacy/retention", data={"years": "5", "_csrf_token": _csrf(client)})
    bad = client.post("/privacy/retention", data={"years": "0", "_csrf_token": _csrf(client)})
    assert bad.status_code == 200
    with session_scope() as db:
        assert retention_years(db, school_id=school_id) == 5
    form = {"scope": PROCESSING, "action": "give", "given_by": "Сәрсенова Гүлнар",
            "_csrf_token": _csrf(client)}  # fmt: skip
    client.post(f"/privacy/consent/{child_id}", data=form)
    with session_scope() as db:
        given = in_force(db, school_id=school_id, student_id=child_id)[PROCESSING]
        assert given.method == "paper" and given.given_by_name == "Сәрсенова Гүлнар"


def test_the_admin_exports_a_parents_or_teachers_data_by_login(client: TestClient) -> None:
    login(client, "director")
    parent = client.get("/privacy/export/account?login=parent")
    assert parent.status_code == 200
    document = json.loads(zipfile.ZipFile(io.BytesIO(parent.content)).read("data.json"))
    assert document["subject"].startswith("parent:")
    assert "guardianship" in document["tables"] and "parent" in document["tables"]
    account = document["tables"]["user_account"][0]
    assert account["login"] == "parent" and "password_hash" not in account
    answer = client.get("/privacy/export/account?login=teacher")
    teacher = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("data.json"))
    assert teacher["subject"].startswith("teacher:") and "teacher" in teacher["tables"]
    assert client.get("/privacy/export/account?login=nobody").status_code == 404
    assert client.get("/privacy/export/account?login=admin").status_code == 404  # platform
    with session_scope() as db:
        mine = (AuditEntry.action == "export_personal_data", AuditEntry.actor == "director")
        rows = db.exec(select(AuditEntry.entity).where(*mine)).all()
    assert any(r.startswith("user_account:") for r in rows)
    client.post("/logout", data={"_csrf_token": _csrf(client)})
    login(client, "teacher")
    assert client.get("/privacy/export/account?login=parent").status_code == 403
