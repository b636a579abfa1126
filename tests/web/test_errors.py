"""Error pages: a 404 and an unexpected failure answer with a page in the reader's language."""

from __future__ import annotations

from litestar import get
from litestar.testing import TestClient

from tests.web.conftest import DemoStore
from web.app import create_app


@get("/test-boom", opt={"roles": "public"}, sync_to_thread=False)
def _boom() -> str:
    raise RuntimeError("a bug")


def test_unexpected_errors_and_missing_pages_get_a_page(demo_store: DemoStore) -> None:
    app = create_app()
    app.register(_boom)
    with TestClient(app) as client:
        broken = client.get("/test-boom", headers={"accept": "text/html", "accept-language": "en"})
        assert broken.status_code == 500
        assert "Something went wrong on our side." in broken.text and "a bug" not in broken.text
        missing = client.get("/no-such-page", headers={"accept-language": "en"})
        assert missing.status_code == 404 and "There is no such page." in missing.text
        api = client.get("/api/no-such-thing")
        assert api.status_code == 404 and api.json()["error"]
