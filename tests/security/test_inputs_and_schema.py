"""Shared input checks (ids past 64 bits are 404 or 400, never 500) and the JSON API's
OpenAPI document (only the JSON routes, typed refusals, public, no HTML viewer)."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.web.conftest import login
from web.openapi import API

HUGE = 2**63


def test_ids_past_64_bits_are_not_found_not_a_crash(client: TestClient) -> None:
    login(client, "teacher")
    urls = (f"/tasks/{HUGE}", f"/submissions/{HUGE}/state", f"/tasks/{-HUGE - 1}",
            f"/api/registers/2026-11-20/1/{HUGE}")  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/tasks/{HUGE - 1}").status_code == 404  # the largest id: no such task


def test_a_number_out_of_range_in_a_body_is_the_callers_mistake(client: TestClient) -> None:
    login(client, "teacher")
    csrf = {"x-csrftoken": client.cookies.get("sabaq_csrf") or ""}
    # The app's safety net: a handler that hands a huge id to the driver answers 400, not 500.
    form = {"_csrf_token": client.cookies.get("sabaq_csrf") or "", "final_grade_id": str(HUGE)}
    answer = client.post("/grades/override", data={**form, "mark": "5"})
    assert answer.status_code == 400 and answer.json()["code"] == "out_of_range"
    # The grade service checks ids itself: "no such assessment/student", never the driver.
    for body in ({"assessment_id": HUGE, "student_id": 1}, {"assessment_id": -HUGE - 1,
                 "student_id": 1}, {"assessment_id": 2**80, "student_id": HUGE}):  # fmt: skip
        answer = client.post("/api/grades/mark", json={**body, "value": "5"},
                             headers={**csrf, "accept-language": "en"})  # fmt: skip
        assert answer.status_code == 400
        assert answer.json() == {"error": ["There is no such assessment in this school."]}


def test_the_document_lists_the_json_api_only(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()  # public: no login
    assert document["info"]["title"] == "Sabaq JSON API"
    assert set(document["paths"]) == set(API)
    assert not any(p.startswith(("/login", "/accounts", "/s/")) for p in document["paths"])
    submit = document["paths"]["/tasks/{task_id}/submit"]["post"]
    assert submit["responses"]["201"]["content"]["application/json"]["schema"]["required"] == [
        "id", "events",
    ]  # fmt: skip
    assert "429" in submit["responses"] and submit["security"] == [{"session": []}]
    board = document["paths"]["/contests/{contest_id}/board.json"]["get"]
    assert board["security"] == []  # the public olympiad board
    assert document["components"]["securitySchemes"]["session"]["in"] == "cookie"
    root = client.get("/schema")  # the same document, never an HTML viewer (CDN scripts)
    assert root.headers["content-type"].startswith("application/json")
    assert client.get("/schema/swagger").status_code == 404


def test_documented_answers_match_what_the_handlers_send(client: TestClient) -> None:
    import jsonschema

    document = client.get("/schema/openapi.json").json()
    login(client, "teacher")
    for path in ("/api/my/today", "/api/my/covers"):
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        jsonschema.validate(client.get(path).json(), schema)  # raises on a mismatch
    body = {"assessment_id": 2**63, "student_id": 1, "value": "5"}
    csrf = {"x-csrftoken": client.cookies.get("sabaq_csrf") or ""}
    refused = client.post("/api/grades/mark", json=body, headers=csrf)
    error = document["paths"]["/api/grades/mark"]["post"]["responses"]["400"]["content"]
    jsonschema.validate(refused.json(), error["application/json"]["schema"])
