"""The public site: only published items of that school, in three languages, with link previews,
feeds that parse, validators that answer 304, the published timetable, and photo consent."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from litestar.testing import TestClient
from sqlmodel import col, select

from models.db import session_scope
from models.website import NEWS, SiteAlbum, SitePhoto, SitePost
from models.website_consent import revoke_consent
from models.website_items import PostForm, save_post, set_published
from models.website_settings import touch
from tests.web.conftest import DemoStore
from tests.website.web_support import Meta, add_demo_site, other_school

ATOM = "{http://www.w3.org/2005/Atom}"
ROBOTICS = {
    "kk": "Мектепте робототехника кабинеті ашылды",
    "ru": "В школе открылся кабинет робототехники",
    "en": "Our new robotics room is open",
}


@pytest.fixture(scope="module")
def school_id(demo_store: DemoStore) -> int:
    return add_demo_site(demo_store)


@pytest.fixture
def site(client: TestClient, demo_store: DemoStore, school_id: int) -> Iterator[str]:
    yield f"/s/{demo_store.school_code}"


def _post(
    school: int, title: str, *, publish: bool, kind: str = NEWS, at: datetime | None = None
) -> int:
    with session_scope() as db:
        row = save_post(
            db,
            school_id=school,
            actor="test",
            form=PostForm(kind=kind, texts={"ru": {"title": title, "body": "текст"}}),
        )
        if publish:
            set_published(
                db,
                school_id=school,
                actor="test",
                kind="post",
                item_id=row.id or 0,
                published=True,
                at=at,
            )
        return row.id or 0


def test_home_in_three_languages_with_a_visible_fallback_note(
    client: TestClient, site: str
) -> None:
    for lang, title in ROBOTICS.items():
        page = client.get(f"{site}/?lang={lang}")
        assert page.status_code == 200
        assert f'<html lang="{lang}">' in page.text and title in page.text
    english = client.get(f"{site}/?lang=en").text
    # the menu article exists only in Russian: shown, marked as Russian, with the note
    assert "Меню школьной столовой на неделю" in english
    assert "Not translated yet: shown in Russian." in english
    # without ?lang the browser's language decides, and the answer varies by it
    kazakh = client.get(f"{site}/", headers={"accept-language": "kk-KZ,kk;q=0.9"})
    assert ROBOTICS["kk"] in kazakh.text and "Accept-Language" in kazakh.headers["vary"]


def test_drafts_scheduled_and_other_schools_items_never_leak(
    client: TestClient, site: str, school_id: int
) -> None:
    draft = _post(school_id, "Черновик-секрет", publish=False)
    later = _post(
        school_id, "Будущая-новость", publish=True, at=datetime.now(UTC) + timedelta(days=2)
    )
    other = other_school()
    theirs = _post(other, "Чужая-новость", publish=True)
    pages = [
        f"{site}/",
        f"{site}/news",
        f"{site}/notices",
        f"{site}/feed.atom?lang=ru",
        f"{site}/feed.rss?lang=ru",
        f"{site}/sitemap.xml",
    ]
    for url in pages:
        text = client.get(url).text
        for secret in (
            "Черновик-секрет",
            "Будущая-новость",
            "Чужая-новость",
            f"/news/{draft}?",
            f"/news/{theirs}?",
        ):
            assert secret not in text, (url, secret)
    for post_id in (draft, later, theirs):
        assert client.get(f"{site}/news/{post_id}").status_code == 404
    # and the other school's site does not show ours
    assert client.get("/s/OTHER-SITE/news/1").status_code == 404
    assert "Чужая-новость" in client.get("/s/OTHER-SITE/news?lang=ru").text
    assert ROBOTICS["ru"] not in client.get("/s/OTHER-SITE/?lang=ru").text
    assert client.get("/s/NO-SUCH-SCHOOL/").status_code == 404


def test_an_article_has_open_graph_and_share_links(
    client: TestClient, site: str, school_id: int
) -> None:
    with session_scope() as db:
        post_id = db.exec(
            select(SitePost.id)
            .where(SitePost.school_id == school_id, SitePost.kind == NEWS)
            .order_by(col(SitePost.id))
        ).first()
    page = client.get(f"{site}/news/{post_id}?lang=kk")
    meta = Meta(page.text)
    assert meta.one("og:type") == "article"
    assert meta.one("og:title") == ROBOTICS["kk"]
    assert meta.one("og:description").startswith("Жаңа кабинетте 12 жұмыс орны")
    assert meta.one("og:locale") == "kk_KZ"
    assert set(meta.meta["og:locale:alternate"]) == {"ru_RU", "en_US"}
    url = meta.one("og:url")
    assert (
        url == meta.canonical
        and url.startswith("http")
        and url.endswith(f"/news/{post_id}?lang=kk")
    )
    image = meta.one("og:image")
    assert image.startswith("http") and "/photos/" in image
    assert meta.one("twitter:card") == "summary_large_image"
    assert client.get(image.split("127.0.0.1:8000", 1)[1]).headers["content-type"] == "image/jpeg"
    for network in (
        "https://t.me/share/url?",
        "https://wa.me/?text=",
        "https://vk.com/share.php?",
        "https://www.facebook.com/sharer/sharer.php?u=",
    ):
        assert network in page.text
    assert "<script" not in page.text.split("</head>", 1)[1]  # no third-party (or inline) scripts


def test_feeds_and_sitemap_are_xml_with_the_visible_entries(
    client: TestClient, site: str, school_id: int
) -> None:
    with session_scope() as db:
        visible = db.exec(
            select(SitePost).where(
                SitePost.school_id == school_id,
                col(SitePost.published).is_(True),
                col(SitePost.deleted_at).is_(None),
            )
        ).all()
    live = [
        p for p in visible if p.publish_at and p.publish_at.replace(tzinfo=UTC) <= datetime.now(UTC)
    ]
    atom = client.get(f"{site}/feed.atom?lang=en")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(live)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert ROBOTICS["en"] in titles and "Меню школьной столовой на неделю" in titles
    for entry in entries:
        assert entry.findtext(f"{ATOM}id", "").startswith("http")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated", ""))
    rss = ET.fromstring(client.get(f"{site}/feed.rss?lang=kk").content)
    items = rss.findall("channel/item")
    assert len(items) == len(live) and ROBOTICS["kk"] in [i.findtext("title") for i in items]
    sitemap = ET.fromstring(client.get(f"{site}/sitemap.xml").content)
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for post in live:
        assert any(f"/news/{post.id}?lang=kk" in loc for loc in locs)
    calendar = Calendar.from_ical(client.get(f"{site}/events.ics").content)
    assert len(calendar.walk("VEVENT")) == 3
    assert client.get(f"{site}/robots.txt").text.endswith("/sitemap.xml\n")


def test_pages_answer_not_modified_until_the_site_changes(
    client: TestClient, site: str, school_id: int
) -> None:
    first = client.get(f"{site}/news?lang=ru")
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"] == "public, no-cache"
    assert client.get(f"{site}/news?lang=ru", headers={"if-none-match": tag}).status_code == 304
    assert (
        client.get(f"{site}/news?lang=ru", headers={"if-modified-since": modified}).status_code
        == 304
    )
    assert client.get(f"{site}/news?lang=kk", headers={"if-none-match": tag}).status_code == 200
    assert "set-cookie" not in first.headers  # a shared cache may keep it
    with session_scope() as db:
        touch(db, school_id=school_id, when=datetime.now(UTC) + timedelta(seconds=2))
    again = client.get(f"{site}/news?lang=ru", headers={"if-none-match": tag})
    assert again.status_code == 200 and again.headers["etag"] != tag


def test_photos_of_pupils_follow_the_consents(
    client: TestClient, site: str, school_id: int
) -> None:
    with session_scope() as db:
        album = db.exec(select(SiteAlbum).where(SiteAlbum.school_id == school_id)).one()
        photos = db.exec(
            select(SitePhoto)
            .where(SitePhoto.album_id == album.id)
            .order_by(col(SitePhoto.position))
        ).all()
    page = Meta(client.get(f"{site}/gallery/{album.id}?lang=ru").text)
    shown = [src for src in page.images if "/photos/" in src]
    # two photos without pupils, one of the consented child; the one with a classmate is hidden
    assert len(shown) == 3
    assert all(p.file_id in "".join(shown) for p in photos[:3]) and photos[
        3
    ].file_id not in "".join(shown)
    assert client.get(f"{site}/photos/{photos[3].file_id}.jpg").status_code == 404
    assert client.get(f"{site}/photos/{photos[2].file_id}.t.jpg").status_code == 200
    assert client.get(f"{site}/photos/../../secret.key").status_code == 404
    from models.website import SitePhotoPupil

    with session_scope() as db:
        child = db.exec(
            select(SitePhotoPupil.student_id).where(SitePhotoPupil.photo_id == photos[2].id)
        ).one()
        revoke_consent(db, school_id=school_id, actor="parent", student_id=child)
    assert client.get(f"{site}/photos/{photos[2].file_id}.t.jpg").status_code == 404
    page = Meta(client.get(f"{site}/gallery/{album.id}?lang=ru").text)
    assert len([src for src in page.images if "/photos/" in src]) == 2


def test_the_published_timetable_and_bells_never_a_draft(
    client: TestClient, site: str, demo_store: DemoStore
) -> None:
    from models.timetables import save_timetable

    index = client.get(f"{site}/timetable?lang=ru")
    assert index.status_code == 200
    link = next(
        part.split('"')[0] for part in index.text.split('href="') if "/timetable/class/" in part
    )
    before = client.get(link).text
    assert before.count('class="lesson') > 10
    with session_scope() as db:  # a newer, empty version that nobody published
        save_timetable(
            db,
            school_code=demo_store.school_code,
            placements=[],
            status="unknown",
            objective=None,
            source="draft",
            meta={},
        )
    assert client.get(link).text.count('class="lesson') == before.count('class="lesson')
    bells = client.get(f"{site}/bells?lang=ru").text
    assert "08:" in bells or "8:" in bells


def test_the_schools_own_host_name(
    client: TestClient, site: str, demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SABAQ_SITE_HOSTS", f"gym17.example.kz={demo_store.school_code}")
    own = client.get(f"{site}/news?lang=en", headers={"host": "gym17.example.kz"})
    assert 'href="/news/' in own.text and f'href="{site}/' not in own.text
    assert "http://gym17.example.kz/news?lang=en" in own.text  # hreflang alternates
    elsewhere = client.get(f"{site}/news?lang=en", headers={"host": "other.example.kz"})
    assert f'href="{site}/news/' in elsewhere.text
    assert own.headers["etag"] != elsewhere.headers["etag"]


def test_a_school_may_hide_its_timetable(client: TestClient, site: str, school_id: int) -> None:
    from models.website_settings import site_settings

    with session_scope() as db:
        settings = site_settings(db, school_id=school_id)
        settings.show_timetable = False
        db.add(settings)
    try:
        assert client.get(f"{site}/timetable").status_code == 404
        assert client.get(f"{site}/bells").status_code == 404
        assert "/timetable?" not in client.get(f"{site}/?lang=ru").text
    finally:
        with session_scope() as db:
            settings = site_settings(db, school_id=school_id)
            settings.show_timetable = True
            db.add(settings)


def test_a_news_photo_of_a_pupil_without_consent_is_in_no_preview_feed_or_page(
    client: TestClient, site: str, school_id: int, demo_store: DemoStore
) -> None:
    """Link previews (og:image), feed enclosures, list covers and the article itself all take
    their photos through the same consent check as the gallery."""
    from models.people import Student
    from models.website import ParentalConsent
    from models.website_consent import record_consent
    from models.website_media import Upload, add_photos, save_photo
    from web.demo_site import demo_photo

    post_id = _post(school_id, "Спорттық жарыс", publish=True)
    with session_scope() as db:
        consented = select(ParentalConsent.student_id)  # the demo's consented child stays so
        pupil = db.exec(select(Student.id).where(Student.school_id == school_id,
                                                 col(Student.id).not_in(consented))
                        .order_by(col(Student.id).desc())).first()  # fmt: skip
        assert pupil is not None
        upload = Upload("race.jpg", demo_photo(77))
        added = add_photos(db, school_id=school_id, actor="test", root=demo_store.data_dir,
                           uploads=[upload], post_id=post_id)  # fmt: skip
        photo = added.added[0]
        save_photo(db, school_id=school_id, actor="test", photo_id=photo.id or 0, captions={},
                   shows_pupils=True, student_ids=[pupil])  # fmt: skip
        file_id = photo.file_id

    def everywhere() -> list[bool]:
        article = client.get(f"{site}/news/{post_id}?lang=ru").text
        meta = Meta(article)
        return [file_id in article, any(file_id in v for v in meta.meta.get("og:image", [])),
                file_id in client.get(f"{site}/feed.atom?lang=ru").text,
                file_id in client.get(f"{site}/news?lang=ru").text]  # fmt: skip

    assert everywhere() == [False] * 4
    with session_scope() as db:
        record_consent(db, school_id=school_id, actor="director", student_id=pupil,
                       given_by="Ата-ана", given_on=datetime.now(UTC).date())  # fmt: skip
        touch(db, school_id=school_id, when=datetime.now(UTC) + timedelta(seconds=2))
    assert everywhere() == [True] * 4  # the same photo, now with the consent in force
    with session_scope() as db:
        revoke_consent(db, school_id=school_id, actor="parent", student_id=pupil)
        touch(db, school_id=school_id, when=datetime.now(UTC) + timedelta(seconds=4))
    assert everywhere() == [False] * 4
