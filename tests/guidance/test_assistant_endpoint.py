"""The assistant's model address cannot lead into the platform's network (SSRF): https only,
public addresses after resolution, checked again at connect time, no redirects followed; the
operator's trusted hosts may use http and private addresses, never link-local ones."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import models.outbound as guard
from guidance.assistant.llm import AssistantError, LlmConfig, complete
from models.outbound import TRUSTED_ENV, OutboundRefused, check_url

PUBLIC = "93.184.215.14"


def fake_dns(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolver(host: str, _port: int) -> list[str]:
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]

    return resolver


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.100.100.200",
     "0.0.0.0", "::1", "fd00:ec2::254", "fe80::1", "::ffff:127.0.0.1", "2002:7f00:1::1",
     "224.0.0.1", "240.0.0.1"],
)  # fmt: skip
def test_a_name_resolving_inside_the_network_is_refused(address: str) -> None:
    dns = fake_dns({"llm.example.kz": [PUBLIC, address]})  # one bad address is enough
    with pytest.raises(OutboundRefused) as refused:
        check_url("https://llm.example.kz/v1", dns)
    assert address.split("::ffff:")[-1] in str(refused.value) or "address" in str(refused.value)


def test_public_https_passes_and_other_shapes_are_refused_in_words() -> None:
    dns = fake_dns({"llm.example.kz": [PUBLIC, "2606:4700::6810:84e5"]})
    check_url("https://llm.example.kz/v1", dns)  # no exception
    cases = {
        "http://llm.example.kz/v1": "must use https://",
        "ftp://llm.example.kz/v1": "must be an https:// address",
        "file:///etc/passwd": "must be an https:// address",
        "https://user:pw@llm.example.kz/v1": "user name or password",
        "https://nowhere.example.kz/v1": "cannot be found",
        "https://llm.example.kz:99999/v1": "not a valid address",
        "https://169.254.169.254/latest/meta-data": "link-local",
        "https://[::1]:8080/v1": "private network or this machine",
    }
    for url, words in cases.items():
        with pytest.raises(OutboundRefused) as refused:
            check_url(url, dns)
        assert words in str(refused.value), url


def test_the_operators_trusted_hosts_may_use_http_and_private_but_not_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dns = fake_dns({"llm.school.lan": ["10.0.0.5"], "meta.school.lan": ["169.254.169.254"]})
    with pytest.raises(OutboundRefused):
        check_url("http://llm.school.lan:11434/v1", dns)
    monkeypatch.setenv(TRUSTED_ENV, " llm.school.lan, meta.school.lan ,[::1]")
    check_url("http://llm.school.lan:11434/v1", dns)
    check_url("http://[::1]:8080/v1", fake_dns({"::1": ["::1"]}))
    with pytest.raises(OutboundRefused, match="link-local"):
        check_url("http://meta.school.lan/v1", dns)


class _Server:
    def __init__(self, status: int = 200, location: str = "") -> None:
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.hits += 1
                self.rfile.read(int(self.headers["Content-Length"]))
                out = json.dumps({"choices": [{"message": {"content": "ok"}}]}).encode()
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers() -> Iterator[list[_Server]]:
    made: list[_Server] = []
    yield made
    for server in made:
        server.close()


def test_a_name_that_moved_inside_since_it_was_saved_is_refused_at_connect_time(
    monkeypatch: pytest.MonkeyPatch, servers: list[_Server]
) -> None:
    inside = _Server()
    servers.append(inside)
    answers = iter([[PUBLIC], ["127.0.0.1"]])  # DNS rebinding: public at the check, then loopback
    monkeypatch.setattr(guard, "resolve", lambda host, port: next(answers))
    with pytest.raises(AssistantError) as refused:
        complete(LlmConfig(f"https://rebind.example.kz:{inside.port}/v1", "m", ""), {})
    assert "private network or this machine" in str(refused.value.messages[0])
    assert inside.hits == 0


def test_redirects_are_not_followed(
    monkeypatch: pytest.MonkeyPatch, servers: list[_Server]
) -> None:
    target = _Server()
    redirecting = _Server(307, f"http://127.0.0.1:{target.port}/v1/chat/completions")
    servers += [target, redirecting]
    monkeypatch.setenv(TRUSTED_ENV, "localhost")  # the redirecting host only, by name
    monkeypatch.setattr(guard, "resolve", fake_dns({"localhost": ["127.0.0.1"]}))
    with pytest.raises(AssistantError, match="redirect"):
        complete(LlmConfig(f"http://localhost:{redirecting.port}/v1", "m", ""), {})
    assert redirecting.hits == 1 and target.hits == 0
    assert complete(LlmConfig(f"http://localhost:{target.port}/v1", "m", ""), {}) == "ok"


def test_a_proxy_in_the_environment_is_not_used(
    monkeypatch: pytest.MonkeyPatch, servers: list[_Server]
) -> None:
    model, proxy = _Server(), _Server()
    servers += [model, proxy]
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("no_proxy", "")
    monkeypatch.setenv(TRUSTED_ENV, "127.0.0.1")
    assert complete(LlmConfig(f"http://127.0.0.1:{model.port}/v1", "m", ""), {}) == "ok"
    assert model.hits == 1 and proxy.hits == 0
