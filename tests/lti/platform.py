"""A small LTI 1.3 platform built from the specification, for the tool's tests.

It has its own RSA key and serves, on a loopback HTTP server: its JWKS, the OIDC authorisation
endpoint (records the tool's authentication request), the OAuth2 token endpoint (verifies the
tool's signed client assertion), line items' score endpoints and the deep-linking return
address (verifies the tool's signed response). Everything it receives is recorded.
No Moodle or Canvas runs here: this is what the tests check the tool against.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from lms.lti import claims as C

INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


@dataclass
class Platform:
    """The platform's keys, addresses and what it has received."""

    tool_jwks: Callable[[], dict[str, Any]]
    client_id: str = "sabaq-tool"
    deployment_id: str = "deployment-1"
    base: str = ""
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, private=True, parameters={"kid": "p1"})
    )
    auth_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    deep_link_items: list[list[dict[str, Any]]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    @property
    def issuer(self) -> str:
        return self.base

    def jwks(self) -> dict[str, Any]:
        return {"keys": [{**self.key.as_dict(private=False), "alg": "RS256", "use": "sig"}]}

    def registration(self) -> dict[str, str]:
        """The fields a school admin types into Sabaq's registration form."""
        return {
            "name": "Test platform", "issuer": self.issuer, "client_id": self.client_id,
            "deployment_ids": self.deployment_id, "auth_login_url": f"{self.base}/auth",
            "token_url": f"{self.base}/token", "jwks_url": f"{self.base}/jwks", "jwks_json": "",
        }  # fmt: skip

    def login_request(self, **extra: str) -> dict[str, str]:
        """The third-party login initiation the platform sends the browser to the tool with."""
        return {
            "iss": self.issuer, "login_hint": "user-hint", "client_id": self.client_id,
            "target_link_uri": "http://127.0.0.1:8000/lti/launch",
            "lti_deployment_id": self.deployment_id, **extra,
        }  # fmt: skip

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None) -> str:
        used = key or self.key
        return jwt.encode({"alg": "RS256", "kid": used.kid}, claims, used)

    def launch_claims(
        self,
        auth_request: dict[str, str],
        *,
        sub: str = "learner-1",
        roles: tuple[str, ...] = (LEARNER,),
        custom: dict[str, str] | None = None,
        link_id: str = "link-1",
        lineitem: str = "",
        message_type: str = C.RESOURCE_LINK_REQUEST,
    ) -> dict[str, Any]:
        """An id_token's claims answering the tool's authentication request."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "iat": now, "exp": now + 300,
            "nonce": auth_request["nonce"], "name": "Әйгерім Сәрсенова", "email": f"{sub}@lms.test",
            C.MESSAGE_TYPE: message_type, C.VERSION: C.LTI_VERSION,
            C.DEPLOYMENT_ID: self.deployment_id, C.ROLES: list(roles),
            C.TARGET_LINK_URI: "http://127.0.0.1:8000/lti/launch",
        }  # fmt: skip
        if message_type == C.RESOURCE_LINK_REQUEST:
            claims[C.RESOURCE_LINK] = {"id": link_id, "title": "A+B"}
            claims[C.CUSTOM] = custom or {}
            if lineitem:
                claims[C.AGS_ENDPOINT] = {"scope": [C.SCOPE_SCORE], "lineitem": lineitem}
        else:
            claims[C.DL_SETTINGS] = {
                "deep_link_return_url": f"{self.base}/deep_link_return",
                "accept_types": ["ltiResourceLink"], "data": "opaque-42",
            }  # fmt: skip
        return claims

    def verify_tool_jwt(self, token: str) -> dict[str, Any]:
        keys = KeySet.import_key_set(self.tool_jwks())  # type: ignore[arg-type]
        return dict(jwt.decode(token, keys, algorithms=["RS256"]).claims)

    # the endpoints

    def handle_token(self, form: dict[str, str]) -> dict[str, Any]:
        claims = self.verify_tool_jwt(form["client_assertion"])
        self.token_requests.append({"form": form, "assertion": claims})
        assert form["grant_type"] == "client_credentials"
        assert form["client_assertion_type"] == C.CLIENT_ASSERTION_TYPE
        assert claims["iss"] == claims["sub"] == self.client_id
        assert claims["aud"] in (f"{self.base}/token", [f"{self.base}/token"])
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                "scope": form.get("scope", "")}  # fmt: skip

    def handle_score(self, path: str, headers: Any, body: bytes) -> None:
        bearer = str(headers.get("Authorization", "")).removeprefix("Bearer ")
        assert bearer in self.tokens, "score without a token from our token endpoint"
        assert headers.get("Content-Type") == C.SCORE_MEDIA_TYPE
        self.scores.append({"path": path, **json.loads(body)})

    def handle_deep_link(self, form: dict[str, str]) -> None:
        claims = self.verify_tool_jwt(form["JWT"])
        assert claims["iss"] == self.client_id and claims["aud"] == self.issuer
        assert claims[C.MESSAGE_TYPE] == C.DEEP_LINKING_RESPONSE
        assert claims[C.VERSION] == C.LTI_VERSION and claims[C.DL_DATA] == "opaque-42"
        assert claims[C.DEPLOYMENT_ID] == self.deployment_id
        self.deep_link_items.append(claims[C.DL_CONTENT_ITEMS])


def _handler(platform: Platform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # quiet tests
            pass

        def _answer(self, status: int, data: Any = None) -> None:
            body = json.dumps(data).encode() if data is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/jwks":
                return self._answer(200, platform.jwks())
            if parts.path == "/auth":
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                platform.auth_requests.append(query)
                return self._answer(200, query)
            return self._answer(404)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urlsplit(self.path).path
            try:
                if path == "/token":
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    return self._answer(200, platform.handle_token(form))
                if path.startswith("/lineitems/") and path.endswith("/scores"):
                    platform.handle_score(path, self.headers, body)
                    return self._answer(200, {})
                if path == "/deep_link_return":
                    platform.handle_deep_link({k: v[0] for k, v in parse_qs(body.decode()).items()})
                    return self._answer(200, {})
            except Exception as exc:
                platform.refused.append(f"{path}: {exc!r}")
                return self._answer(401, {"error": "invalid_request"})
            return self._answer(404)

    return Handler


@contextmanager
def running_platform(tool_jwks: Callable[[], dict[str, Any]]) -> Iterator[Platform]:
    """A platform served on a free loopback port until the block ends."""
    platform = Platform(tool_jwks)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(platform))
    platform.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
