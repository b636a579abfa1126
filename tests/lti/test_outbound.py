"""LTI platform addresses that Sabaq's server requests (key set, token, line items) keep to
public addresses like the assistant's model (models.outbound): refused when registered, and
again at the moment of the request."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from joserfc.jwk import RSAKey
from sqlmodel import Session, SQLModel

import models.outbound as guard
import models.tables  # noqa: F401 - every table in the metadata
from lms.lti.errors import LtiError
from lms.lti.grades import _post
from lms.lti.registration import PlatformForm, platform_keys, register_platform
from models.db import dispose_engines, get_engine
from models.lti import LtiPlatform
from models.outbound import TRUSTED_ENV
from models.school import School

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
JWKS = json.dumps({"keys": [KEY.as_dict(private=False)]})


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = get_engine(f"sqlite:///{tmp_path / 'lti.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as db:
        yield db
    dispose_engines()


@pytest.fixture
def inside() -> Iterator[list[str]]:
    """A server on loopback standing in for a service inside the network; `hits` its paths."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(JWKS.encode())

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hits.append(str(server.server_address[1]))  # hits[0]: the port
    yield hits
    server.shutdown()
    server.server_close()


def _form(jwks_url: str, token_url: str) -> PlatformForm:
    return PlatformForm(name="Moodle", issuer="https://moodle.example.kz", client_id="c1",
                        auth_login_url="https://moodle.example.kz/auth", token_url=token_url,
                        jwks_url=jwks_url)  # fmt: skip


def test_registering_an_address_inside_the_network_is_refused(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "resolve", lambda host, port: ["93.184.215.14"])
    school = School(code="LTI-1", name="Мектеп")
    session.add(school)
    session.flush()
    public = "https://moodle.example.kz/mod/lti"
    for jwks, token in (("https://169.254.169.254/latest/meta-data", f"{public}/token"),
                        (f"{public}/certs", "http://127.0.0.1:8080/token"),
                        (f"{public}/certs", "https://[fd00::1]/token")):  # fmt: skip
        with pytest.raises(LtiError) as refused:
            register_platform(session, school_id=school.id or 0, form=_form(jwks, token),
                              actor="director")  # fmt: skip
        assert refused.value.code == "bad_url"
    form = _form(f"{public}/certs", f"{public}/token")
    row = register_platform(session, school_id=school.id or 0, form=form, actor="director")
    assert row.jwks_url == f"{public}/certs"


def test_keys_and_scores_are_not_fetched_from_inside_even_if_registered_before(
    inside: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = inside[0]
    platform = LtiPlatform(school_id=1, name="old", issuer="https://old.example.kz",
                           client_id="c", auth_login_url="", token_url="",
                           jwks_url=f"http://127.0.0.1:{port}/certs")  # fmt: skip
    with pytest.raises(LtiError) as refused:
        platform_keys(platform)
    assert refused.value.code == "jwks_unavailable"
    with pytest.raises(ValueError, match="https://"):
        _post(f"http://127.0.0.1:{port}/scores", b"{}", {})
    assert inside[1:] == []  # nothing reached the inside service
    monkeypatch.setenv(TRUSTED_ENV, "127.0.0.1")  # the operator's own Moodle on this machine
    assert [k.kid for k in platform_keys(platform).keys] == ["k1"]
    assert inside[1:] == ["/certs"]
