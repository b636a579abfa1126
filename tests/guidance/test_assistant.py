"""The specialists' assistant: summary, next steps with reasons, the note, and what an external
language model receives (a real local HTTP server stands in for the endpoint)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from guidance.admissions.loader import shipped_admissions
from guidance.assistant.advisor import AssistantContext, advise, draft_note
from guidance.assistant.llm import AssistantError, LlmConfig, payload, polish
from guidance.atlas.loader import shipped_atlas
from guidance.recommend import ProfileInput, recommend
from models.outbound import TRUSTED_ENV
from tests.guidance.test_recommend import CODER, HEALER

NAME = "Әлия Нұрланқызы"
CONTEXT = AssistantContext(student_name=NAME, follow_up_case=True)


def _advice(profile: ProfileInput, context: AssistantContext | None = CONTEXT):  # type: ignore[no-untyped-def]
    atlas, data = shipped_atlas(), shipped_admissions()
    result = recommend(profile, atlas, data)
    return advise(profile, result, atlas, data, context), result


def test_the_summary_names_no_one_and_says_what_the_profile_shows() -> None:
    advice, _ = _advice(HEALER)
    summary = [str(m) for m in advice.summary]
    assert summary[:2] == ["Grade 11.", "Interests: Social, Investigative, Conventional (SIC)."]
    assert "Strongest type of work: Person – person." in summary
    assert "Chosen profile subjects: Biology – Chemistry." in summary
    assert "Latest mock UNT: 96 of 140." in summary
    assert not any(NAME in s for s in summary)


def test_next_steps_come_with_their_reasons() -> None:
    advice, _ = _advice(HEALER)
    steps = {str(s.action): str(s.reason) for s in advice.steps}
    assert steps["Follow up the open support case first."] == "A case is open for this student."
    assert steps["Plan UNT preparation in the profile subjects."] == (
        "The mock score 96 is below the pass score 120 of General medicine."
    )
    assert steps["Plan English preparation towards IELTS 6.5."].startswith("Nazarbayev University")
    coder, _ = _advice(CODER, None)
    actions = [str(s.action) for s in coder.steps]
    assert actions[0] == ("Discuss the choice of profile subjects, starting with Mathematics – "
                          "Computer science.")  # fmt: skip
    assert "Follow up the open support case first." not in actions


def test_a_missing_inventory_becomes_a_step() -> None:
    advice, _ = _advice(ProfileInput(grade=9, grades=CODER.grades), None)
    reasons = [str(s.reason) for s in advice.steps if str(s.action) == "Complete the profile."]
    assert reasons[0].startswith("Take the interest inventory")


def test_the_note_draft_has_its_sections_and_the_name_only_locally() -> None:
    advice, result = _advice(HEALER)
    note = draft_note(advice, result, shipped_atlas(), CONTEXT)
    assert [str(h) for h, _ in note] == ["Request", "What the profile shows", "Discussed",
                                         "Agreed next steps"]  # fmt: skip
    assert str(note[0][1][0]) == f"Consultation with {NAME} about the choice of a profession."
    assert str(note[2][1][0]).startswith("General practitioner: Your interests are mostly Social")


@dataclass
class Endpoint:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[Endpoint]:
    monkeypatch.setenv(TRUSTED_ENV, "127.0.0.1")  # the operator trusts this local model
    state = Endpoint("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append({"path": self.path, "headers": dict(self.headers),
                                   "body": body.decode("utf-8")})  # fmt: skip
            out = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def test_the_model_receives_no_name_and_no_screening_and_its_answer_comes_back(
    endpoint: Endpoint,
) -> None:
    endpoint.answer = {"choices": [{"message": {"content": "  A warmer note.  "}}]}
    advice, _ = _advice(HEALER)  # with a name and an open case in the context
    config = LlmConfig(endpoint.url, "local-model", "secret-key")
    text = polish(config, advice, "ru", str)
    assert text == "A warmer note."
    [request] = endpoint.received
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer secret-key"
    body = request["body"]
    sent = json.loads(body)
    assert sent["model"] == "local-model" and "Russian" in sent["messages"][0]["content"]
    assert "Interests: Social, Investigative, Conventional (SIC)." in body
    for secret in (NAME, "Әлия", "Нұрланқызы", "case", "Follow up", "screening", "risk"):
        assert secret not in body, secret
    assert NAME.encode("unicode_escape").decode() not in body  # not even JSON-escaped


def test_the_payload_is_built_from_the_advice_only() -> None:
    advice, _ = _advice(CODER, AssistantContext(student_name=NAME))
    body = json.dumps(payload(advice, "kk", "m", str), ensure_ascii=False)
    assert NAME not in body and "Kazakh" in body


def test_an_endpoint_that_fails_is_said_in_words(endpoint: Endpoint) -> None:
    advice, _ = _advice(CODER, None)
    endpoint.status, endpoint.answer = 500, {"error": "boom"}
    with pytest.raises(AssistantError) as failed:
        polish(LlmConfig(endpoint.url, "m", ""), advice, "en", str)
    assert str(failed.value.messages[0]) == "The language model did not answer: HTTP 500"
    assert "Authorization" not in endpoint.received[0]["headers"]  # no key, no header
    endpoint.status, endpoint.answer = 200, {"choices": []}
    with pytest.raises(AssistantError, match="no choices"):
        polish(LlmConfig(endpoint.url, "m", ""), advice, "en", str)
    with pytest.raises(AssistantError, match="http"):
        polish(LlmConfig("ftp://example", "m", ""), advice, "en", str)
