"""Issue 10's done-when walk for the school site in Chromium: the demo school admin writes a news
item in three languages, attaches two photos and publishes it from one form; the public site shows
it in Kazakh, Russian and English with its photos loaded, on a phone too; link previews are
there; no console errors or CSP violations on any page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import LiveServer, OpenPage, fresh_store, log_in, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
TITLES = {
    "kk": "Мектепте ғылым апталығы өтті",
    "ru": "В школе прошла неделя науки",
    "en": "Science week at our school",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = fresh_store(tmp_path_factory.mktemp("browser-site"))
    with serve(store) as live:
        yield live


def _photo(folder: Path, name: str, color: tuple[int, int, int]) -> str:
    path = folder / name
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1200), color).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_admin_publishes_news_with_photos_seen_in_three_languages(
    open_page: OpenPage, server: LiveServer, tmp_path: Path
) -> None:
    admin = open_page(locale="ru-RU", server=server)
    log_in(admin, "director")
    p = admin.page
    p.goto("/site-admin")
    with p.expect_navigation():
        p.click("a[href='/site-admin/posts/new?kind=news']")
    for lang, title in TITLES.items():
        p.fill(f"input[name=title_{lang}]", title)
    p.fill("textarea[name=body_kk]", "Оқушылар **тәжірибелер** көрсетті.")
    p.fill("textarea[name=body_ru]", "Ученики показали **опыты**.")
    p.fill("textarea[name=body_en]", "Pupils showed their **experiments**.")
    p.set_input_files(
        "input[name=photos]",
        [_photo(tmp_path, "a.jpg", (200, 40, 40)), _photo(tmp_path, "b.jpg", (40, 40, 200))],
    )
    with p.expect_navigation():
        p.click("button[name=action][value=publish]")
    assert "/site-admin/posts/" in p.url
    assert p.locator(".site-thumb").count() == 2
    assert p.locator(".badge.ok").count() >= 2  # published, photos shown on the site
    public_link = p.locator("a[href*='/news/']").first.get_attribute("href") or ""
    assert public_link.startswith("/s/")
    assert admin.problems() == []

    code = public_link.split("/")[2]
    for lang, title in TITLES.items():
        visitor = open_page(locale="en-US", server=server)
        v = visitor.page
        v.goto(f"/s/{code}/?lang={lang}")
        assert v.locator("html").get_attribute("lang") == lang
        with v.expect_navigation():
            v.click(f"text={title}")
        assert v.locator("h1").text_content() == title
        assert v.locator(".site-body strong").count() == 1
        photos = v.locator(".site-photos img")
        assert photos.count() == 2
        v.wait_for_function(
            "() => [...document.querySelectorAll('.site-photos img')]"
            ".every((img) => img.complete && img.naturalWidth > 0)"
        )
        og_image = v.locator("meta[property='og:image']").get_attribute("content") or ""
        assert og_image.startswith("http") and "/photos/" in og_image
        assert v.locator("meta[property='og:title']").get_attribute("content") == title
        assert visitor.problems() == []

    phone = open_page(locale="kk-KZ", viewport=PHONE, server=server)
    q = phone.page
    q.goto(f"/s/{code}/")  # no ?lang: the browser's Kazakh
    assert TITLES["kk"] in (q.locator("main").text_content() or "")
    width = q.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]  # nothing wider than the phone
    q.goto(f"/s/{code}/events")
    q.goto(f"/s/{code}/gallery")
    q.goto(f"/s/{code}/contacts")
    assert phone.problems() == []
