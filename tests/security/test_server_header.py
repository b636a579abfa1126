"""A real `sabaq serve` names no server software and no version in its answers (ASVS 14.3.3)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from bench import web_server
from tests.web.conftest import DemoStore

# Names of the software underneath and version-like numbers next to them.
LEAKS = re.compile(r"uvicorn|litestar|starlette|python|granian|hypercorn|\d+\.\d+\.\d+", re.I)


def _headers(url: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return dict(answer.headers.items())
    except urllib.error.HTTPError as refused:  # a 404 or 405 answer's headers count too
        return dict(refused.headers.items())


def test_no_server_header_and_no_version_in_any_header(demo_store: DemoStore) -> None:
    with web_server.serve(demo_store.url, demo_store.data_dir) as server:
        paths = ("/login", "/static/css/app.css", "/no-such-page", "/schema/openapi.json")
        answers = [_headers(server.url + path) for path in paths]
    for headers in answers:
        names = {name.lower() for name in headers}
        assert "server" not in names and "x-powered-by" not in names, headers
        assert "date" in names  # the answers are real uvicorn answers, only without the name
        for name, value in headers.items():
            if name.lower() not in ("date", "content-security-policy", "etag", "last-modified"):
                assert not LEAKS.search(value), (name, value)
