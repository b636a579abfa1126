"""The LTI 1.3 tool against the platform built in tests/lti/platform.py: launch, refusals,
deep linking and grade return."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc.jwk import RSAKey
from litestar.testing import TestClient
from sqlmodel import select

from lms.lti import claims as C
from lms.lti.grades import send_score
from models.accounts import STUDENT, TEACHER, UserAccount
from models.db import session_scope
from models.lti import LtiScore, LtiUserLink
from models.outbound import TRUSTED_ENV
from tests.lti.platform import INSTRUCTOR, Platform, running_platform
from tests.web.conftest import DemoStore
from tests.web.jobs_support import wait_until
from tests.web.test_tasks import create_task, log_in, post_form
from web.worker import run_worker

PY_OK = "a, b = map(int, input().split())\nprint(a + b)\n"

Client = TestClient[Any]


@pytest.fixture(scope="module", autouse=True)
def trusted_loopback() -> Iterator[None]:
    """The test platform runs on 127.0.0.1 over http: the operator's trusted host here."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TRUSTED_ENV, "127.0.0.1")
        yield


@pytest.fixture(scope="module")
def platform(demo_store: DemoStore) -> Iterator[Platform]:
    from web.app import create_app

    with (
        TestClient(create_app()) as tool,
        running_platform(lambda: tool.get("/lti/jwks.json").json()) as made,
    ):
        yield made


@pytest.fixture(scope="module")
def task_id(demo_store: DemoStore, platform: Platform) -> int:
    """A task made by the demo teacher, and the platform registered by the school admin."""
    from web.app import create_app

    with TestClient(create_app()) as client:
        log_in(client, "teacher")
        made = create_task(client)
        client.post("/logout", data={"_csrf_token": client.cookies.get("sabaq_csrf") or ""})
        log_in(client, "director")
        answer = post_form(client, "/lti/platforms", platform.registration(), files={})
        assert answer.status_code == 303, answer.text[:1000]
        assert platform.issuer in client.get("/lti/platforms").text
    return made


def start(client: Client, platform: Platform) -> dict[str, str]:
    """The login initiation: the tool sends the browser to the platform's auth endpoint."""
    client.cookies.set("lang", "en")  # the pages in English (no session yet: no account language)
    answer = client.post("/lti/login", data=platform.login_request(), follow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    query = {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}
    assert answer.headers["location"].startswith(f"{platform.base}/auth?")
    assert query["redirect_uri"].endswith("/lti/launch") and query["client_id"] == "sabaq-tool"
    assert query["response_mode"] == "form_post" and query["scope"] == "openid"
    return query


def launch(client: Client, auth: dict[str, str], token: str) -> Any:
    return client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})


def task_launch(platform: Platform, auth: dict[str, str], task: int, **kw: Any) -> dict[str, Any]:
    return platform.launch_claims(auth, custom={"sabaq_kind": "task", "sabaq_ref": str(task)}, **kw)


def enter_link(page: str) -> str:
    found = re.search(r'href="(/lti/enter/[^"]+)"', page)
    assert found is not None, page[:2000]
    return found.group(1)


def test_a_valid_launch_opens_the_task_as_a_new_student(
    client: Client, platform: Platform, task_id: int
) -> None:
    auth = start(client, platform)
    answer = launch(client, auth, platform.sign(task_launch(platform, auth, task_id)))
    assert answer.status_code == 200, answer.text[:1000]
    assert f"frame-ancestors 'self' {platform.base}" in answer.headers["content-security-policy"]
    entered = client.get(enter_link(answer.text), follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == f"/tasks/{task_id}"
    ide = client.get(f"/tasks/{task_id}")
    assert ide.status_code == 200 and 'id="ide-form"' in ide.text
    with session_scope() as db:
        link = db.exec(select(LtiUserLink).where(LtiUserLink.sub == "learner-1")).one()
        account = db.get(UserAccount, link.user_id)
        assert account is not None and account.role == STUDENT
        assert account.name == "Әйгерім Сәрсенова" and account.school_id == link.school_id
    again = client.get(enter_link(answer.text), follow_redirects=False)
    assert again.status_code == 400  # a ticket opens one session only


def refused(client: Client, platform: Platform, task: int, *, key: RSAKey | None = None,
            **changes: Any) -> Any:  # fmt: skip
    auth = start(client, platform)
    claims = {**task_launch(platform, auth, task), **changes}
    return launch(client, auth, platform.sign(claims, key))


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"aud": "another-tool"}, "wrong_audience"),
        ({"exp": int(time.time()) - 600, "iat": int(time.time()) - 900}, "expired"),
        ({C.DEPLOYMENT_ID: "deployment-unknown"}, "unknown_deployment"),
        ({"iss": "https://impostor.example"}, "bad_claims"),
        ({C.VERSION: "1.1"}, "bad_version"),
        ({C.MESSAGE_TYPE: "LtiSubmissionReviewRequest"}, "bad_message_type"),
        ({"nonce": "not-the-one"}, "bad_nonce"),
    ],
)
def test_a_launch_with_a_wrong_claim_is_refused_with_a_clear_page(
    client: Client, platform: Platform, task_id: int, changes: dict[str, Any], code: str
) -> None:
    answer = refused(client, platform, task_id, **changes)
    assert answer.status_code == 400
    assert f'data-code="{code}"' in answer.text and "The launch was refused" in answer.text


def test_a_tampered_signature_is_refused(client: Client, platform: Platform, task_id: int) -> None:
    forger = RSAKey.generate_key(2048, private=True, parameters={"kid": "p1"})
    answer = refused(client, platform, task_id, key=forger)
    assert answer.status_code == 400 and 'data-code="bad_signature"' in answer.text
    auth = start(client, platform)
    token = platform.sign(task_launch(platform, auth, task_id))
    head, body, sig = token.split(".")
    flipped = sig[:-4] + ("AAAA" if sig[-4:] != "AAAA" else "BBBB")
    answer = launch(client, auth, f"{head}.{body}.{flipped}")
    assert answer.status_code == 400 and 'data-code="bad_signature"' in answer.text


def test_a_replayed_launch_is_refused(client: Client, platform: Platform, task_id: int) -> None:
    auth = start(client, platform)
    token = platform.sign(task_launch(platform, auth, task_id, sub="learner-replay"))
    assert launch(client, auth, token).status_code == 200
    again = launch(client, auth, token)
    assert again.status_code == 400 and 'data-code="replayed"' in again.text


def test_an_unregistered_platform_cannot_start_a_login(client: Client, platform: Platform) -> None:
    data = {**platform.login_request(), "iss": "https://unknown.example"}
    answer = client.post("/lti/login", data=data, follow_redirects=False)
    assert answer.status_code == 400 and 'data-code="unknown_platform"' in answer.text


def test_deep_linking_returns_a_response_the_platform_verifies(
    client: Client, platform: Platform, task_id: int
) -> None:
    auth = start(client, platform)
    claims = platform.launch_claims(auth, sub="teacher-1", roles=(INSTRUCTOR,),
                                    message_type=C.DEEP_LINKING_REQUEST)  # fmt: skip
    picker = launch(client, auth, platform.sign(claims))
    assert picker.status_code == 200, picker.text[:1000]
    context = re.search(r'name="context" value="([^"]+)"', picker.text)
    assert context is not None and f'name="pick:task:{task_id}"' in picker.text
    answer = client.post(
        "/lti/deep-link", data={"context": context.group(1), f"pick:task:{task_id}": "1"}
    )
    assert answer.status_code == 200, answer.text[:1000]
    assert f'action="{platform.base}/deep_link_return"' in answer.text
    assert f"form-action 'self' {platform.base}" in answer.headers["content-security-policy"]
    jwt_value = re.search(r'name="JWT" value="([^"]+)"', answer.text)
    assert jwt_value is not None
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode({"JWT": jwt_value.group(1)}).encode()
    with urllib.request.urlopen(f"{platform.base}/deep_link_return", body, timeout=10) as sent:
        assert sent.status == 200, platform.refused
    [items] = platform.deep_link_items[-1:]
    assert items[0]["type"] == "ltiResourceLink" and items[0]["url"].endswith("/lti/launch")
    assert items[0]["custom"] == {"sabaq_kind": "task", "sabaq_ref": str(task_id)}
    assert items[0]["lineItem"]["scoreMaximum"] == 1
    with session_scope() as db:
        link = db.exec(select(LtiUserLink).where(LtiUserLink.sub == "teacher-1")).one()
        account = db.get(UserAccount, link.user_id)
        assert account is not None and account.role == TEACHER


def test_a_student_cannot_open_the_deep_linking_picker(client: Client, platform: Platform) -> None:
    auth = start(client, platform)
    claims = platform.launch_claims(auth, sub="learner-dl", message_type=C.DEEP_LINKING_REQUEST)
    answer = launch(client, auth, platform.sign(claims))
    assert answer.status_code == 400 and 'data-code="not_teacher"' in answer.text


def test_a_forged_deep_linking_context_is_refused(client: Client, platform: Platform) -> None:
    answer = client.post("/lti/deep-link", data={"context": "x.y.z", "pick:task:1": "1"})
    assert answer.status_code == 400 and 'data-code="bad_pick"' in answer.text


@pytest.mark.slow
def test_an_accepted_submission_posts_its_score_once(
    client: Client, platform: Platform, task_id: int, demo_store: DemoStore
) -> None:
    lineitem = f"{platform.base}/lineitems/7?type=score"
    auth = start(client, platform)
    claims = task_launch(platform, auth, task_id, sub="learner-ags", link_id="link-ags",
                         lineitem=lineitem)  # fmt: skip
    answer = launch(client, auth, platform.sign(claims))
    client.get(enter_link(answer.text))
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(stop,),
                              kwargs={"worker_name": "lti-test", "poll_s": 0.05,
                                      "url": demo_store.url})  # fmt: skip
    worker.start()
    try:
        sent = client.post(
            f"/tasks/{task_id}/submit", headers={"accept": "application/json"},
            data={"language": "py", "source": PY_OK, "input": "",
                  "_csrf_token": client.cookies.get("sabaq_csrf") or ""},
        )  # fmt: skip
        assert sent.status_code == 201, sent.text[:500]
        assert wait_until(lambda: bool(platform.scores), timeout=180), platform.refused
    finally:
        stop.set()
        worker.join(120)
    [score] = platform.scores
    assert score["path"] == "/lineitems/7/scores" and score["userId"] == "learner-ags"
    assert score["scoreGiven"] == 1 and score["scoreMaximum"] == 1
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    with session_scope() as db:
        row = db.exec(select(LtiScore)).one()
        assert row.sent_at is not None
        school_id, score_id = row.school_id, row.id
    assert row.id is not None
    again = send_score(score_id=score_id or 0, school_id=school_id, url=demo_store.url)
    assert again["already"] is True and len(platform.scores) == 1
