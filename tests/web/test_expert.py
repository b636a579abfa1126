"""The virtual expert's pages, the assistant for specialists, and its optional language model:
settings kept by the school, the key never shown, the request carrying no name."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import select

import models.outbound as endpoint_guard
from models.accounts import UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.guidance_atlas import AssistantSettings
from models.outbound import TRUSTED_ENV
from models.people import Student
from models.privacy import THIRD_PARTY, ProcessingConsent
from models.school import School
from tests.web.conftest import login


def _post(client: TestClient, url: str, **form: Any) -> Any:
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


def _demo_student() -> tuple[int, str]:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        student = db.get(Student, account.student_id)
        assert student is not None and student.id is not None
        return student.id, student.name


def test_the_expert_answers_with_links_with_and_without_javascript(client: TestClient) -> None:
    login(client, "student")
    page = client.get("/expert", params={"q": "программист"}, headers={"accept-language": "en"})
    assert page.status_code == 200
    assert 'href="/atlas/' in page.text and "UNT profile subjects: Mathematics" in page.text
    assert '<script src="/static/js/expert.js" defer></script>' in page.text
    data = client.get("/expert/search", params={"q": "мұғалім"}).json()
    assert data["best"]["url"].startswith("/atlas/") and data["best"]["facts"]
    assert all(o["url"] for o in data["others"])
    assert client.get("/expert/search", params={"q": "zzzxq"}).json()["best"] is None
    client.cookies.set("lang", "kk")
    kazakh = client.get("/expert/search", params={"q": "бағдарламашы"}).json()
    assert kazakh["best"]["title"] == "Бағдарламалық жасақтама әзірлеушісі"


def test_only_the_school_admin_sets_the_model_and_the_key_is_never_shown(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(endpoint_guard, "resolve", lambda host, port: ["93.184.215.14"])
    login(client, "counsellor")
    assert client.get("/expert/settings").status_code == 403
    login(client, "director")
    bad = _post(client, "/expert/settings", enabled="on", endpoint="ftp://x", model="")
    assert bad.status_code == 400 and "https://" in bad.text  # the director reads ru
    assert "Адрес сервиса должен начинаться с https://." in bad.text
    inside = _post(client, "/expert/settings", enabled="on", model="m",
                   endpoint="https://169.254.169.254/latest")  # fmt: skip
    assert inside.status_code == 400 and "169.254.169.254" in inside.text
    with session_scope() as db:
        assert db.exec(select(AssistantSettings)).first() is None  # nothing saved
    saved = _post(client, "/expert/settings", enabled="on", endpoint="https://llm.example.kz/v1",
                  model="qwen", api_key="sk-very-secret-key")  # fmt: skip
    assert saved.status_code == 303
    page = client.get("/expert/settings").text
    assert "sk-very-secret-key" not in page
    assert re.search(r'name="api_key"[^>]*placeholder="[^"]+"', page)  # "stored; leave empty"
    with session_scope() as db:
        row = db.exec(select(AssistantSettings)).one()
        assert row.enabled and row.api_key.startswith("sealed:v1:")
        assert "sk-very-secret-key" not in row.api_key
    _post(client, "/expert/settings", endpoint="https://llm.example.kz/v1", model="qwen")
    with session_scope() as db:
        row = db.exec(select(AssistantSettings)).one()
        assert not row.enabled and row.api_key.startswith("sealed:v1:")  # kept when left empty


def test_the_assistant_is_for_the_counsellor_and_the_psychologist(client: TestClient) -> None:
    student_id, name = _demo_student()
    for role in ("student", "teacher", "director"):
        login(client, role)
        assert client.get(f"/expert/assistant/{student_id}").status_code == 403
    for role in ("counsellor", "psychologist"):
        login(client, role)
        page = client.get(f"/expert/assistant/{student_id}", headers={"accept-language": "en"})
        assert page.status_code == 200
        assert "Suggested next steps" in page.text and "Consultation note (draft)" in page.text
        assert f"Consultation with {name}" in page.text
    assert client.get("/expert/assistant/999999").status_code == 404
    with session_scope() as db:  # a student of another school is not found either
        other = School(code="EXPERT-OTHER", name="Басқа мектеп")
        db.add(other)
        db.flush()
        klass = SchoolClass(school_id=other.id or 0, code="9A", grade=9, shift="1", size=1)
        db.add(klass)
        db.flush()
        stranger = Student(school_id=other.id or 0, code="X1", name="Бөтен Оқушы",
                           class_id=klass.id or 0)  # fmt: skip
        db.add(stranger)
        db.flush()
        stranger_id = stranger.id
    assert client.get(f"/expert/assistant/{stranger_id}").status_code == 404


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    monkeypatch.setenv(TRUSTED_ENV, "127.0.0.1")  # the operator's local model
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            out = json.dumps({"choices": [{"message": {"content": "Тёплая заметка.\nВторая."}}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(out.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", received
    server.shutdown()
    server.server_close()


def test_the_note_rewritten_by_the_schools_model_without_the_name(
    client: TestClient, fake_model: tuple[str, list[str]]
) -> None:
    url, received = fake_model
    student_id, name = _demo_student()
    login(client, "counsellor")
    off = _post(client, f"/expert/assistant/{student_id}/polish")
    assert off.status_code == 200 and "Школа не включила языковую модель." in off.text
    login(client, "director")
    _post(client, "/expert/settings", enabled="on", endpoint=url, model="local", api_key="k-1")
    login(client, "counsellor")
    refused = _post(client, f"/expert/assistant/{student_id}/polish")  # no third-party consent
    assert refused.status_code == 200 and "Тёплая заметка." not in refused.text
    assert "родители не дали согласия на передачу данных внешним сервисам" in refused.text
    assert received == []
    with session_scope() as db:
        student = db.get(Student, student_id)
        assert student is not None
        db.add(ProcessingConsent(school_id=student.school_id, student_id=student_id,
                                 scope=THIRD_PARTY, given_by_name="Ата-ана"))  # fmt: skip
    page = _post(client, f"/expert/assistant/{student_id}/polish")
    assert page.status_code == 200 and "Тёплая заметка." in page.text
    [body] = received
    assert json.loads(body)["model"] == "local"
    for part in (name, *name.split()):
        assert part not in body and json.dumps(part)[1:-1] not in body
