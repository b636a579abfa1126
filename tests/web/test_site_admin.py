"""The site editor: who may edit, a news item with photos published in three languages, form
errors that keep what was typed, schools kept apart, audit rows, and parents' own consent."""

from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import SCHOOL_ADMIN, TEACHER, UserAccount
from models.db import session_scope
from models.history import AuditEntry
from models.website import ParentalConsent, SitePhoto, SitePost
from tests.web.conftest import DemoStore, login
from tests.website.conftest import png
from tests.website.web_support import add_demo_site, other_school


@pytest.fixture(scope="module")
def school_id(demo_store: DemoStore) -> int:
    return add_demo_site(demo_store)


def _token(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _texts(title: str) -> dict[str, str]:
    return {
        "title_kk": f"{title} (kk)",
        "title_ru": f"{title} (ru)",
        "title_en": f"{title} (en)",
        "summary_en": "A short summary.",
        "body_kk": "**Мәтін**",
        "body_ru": "Текст",
        "body_en": "Some *text*.",
    }


def test_only_admins_and_teachers_given_the_permission_edit(
    client: TestClient, school_id: int
) -> None:
    with session_scope() as db:
        create_account(
            db,
            school_id=school_id,
            login="plain-teacher",
            name="Plain Teacher",
            role=TEACHER,
            password="plain-password",
        )
    login(client, "plain-teacher", "plain-password")
    assert client.get("/site-admin").status_code == 403
    assert client.get("/site-admin/posts/new").status_code == 403
    response = client.post(
        "/site-admin/posts", files={"title_ru": (None, "x")}, data={"_csrf_token": _token(client)}
    )
    assert response.status_code == 403
    client.post("/logout", data={"_csrf_token": _token(client)})
    login(client, "director")
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "plain-teacher")).one()
    page = client.get("/site-admin/editors")
    assert "Plain Teacher" in page.text
    given = client.post(
        f"/site-admin/editors/{account.id}",
        data={"allowed": "1", "_csrf_token": _token(client)},
        follow_redirects=False,
    )
    assert given.status_code == 303
    client.post("/logout", data={"_csrf_token": _token(client)})
    login(client, "plain-teacher", "plain-password")
    assert client.get("/site-admin").status_code == 200
    assert client.get("/site-admin/consent").status_code == 403  # consents stay with the admin


def test_a_news_item_with_photos_appears_in_three_languages(
    client: TestClient, demo_store: DemoStore, school_id: int
) -> None:
    login(client, "director")
    files = [
        ("photos", (f"p{n}.png", png(800, 600, (n * 60, 100, 50)), "image/png")) for n in range(2)
    ]
    fields = {
        **_texts("Спорт күні"),
        "kind": "news",
        "action": "publish",
        "_csrf_token": _token(client),
    }
    response = client.post("/site-admin/posts", data=fields, files=files, follow_redirects=False)
    assert response.status_code == 303, response.text[:800]
    post_id = int(response.headers["location"].rsplit("/", 1)[1])
    with session_scope() as db:
        photos = db.exec(select(SitePhoto).where(SitePhoto.post_id == post_id)).all()
        audit = db.exec(
            select(AuditEntry.action).where(AuditEntry.entity == f"site_post:{post_id}")
        ).all()
    assert len(photos) == 2 and {(p.width, p.height) for p in photos} == {(800, 600)}
    assert audit == ["site_post_save", "site_photos_add", "site_post_publish"]
    site = f"/s/{demo_store.school_code}"
    for lang in ("kk", "ru", "en"):
        home = client.get(f"{site}/?lang={lang}").text
        assert f"Спорт күні ({lang})" in home
        article = client.get(f"{site}/news/{post_id}?lang={lang}").text
        assert f"<h1>Спорт күні ({lang})</h1>" in article
        assert all(p.file_id in article for p in photos)
    assert "<em>text</em>" in client.get(f"{site}/news/{post_id}?lang=en").text
    # unpublished: gone from the site at once
    client.post(f"/site-admin/post/{post_id}/unpublish", data={"_csrf_token": _token(client)})
    assert client.get(f"{site}/news/{post_id}").status_code == 404
    assert client.get(f"{site}/photos/{photos[0].file_id}.jpg").status_code == 404


def test_a_refused_form_keeps_what_was_typed(client: TestClient, school_id: int) -> None:
    login(client, "director")
    fields = {
        "kind": "news",
        "body_ru": "Текст без заголовка",
        "title_en": "x" * 201,
        "_csrf_token": _token(client),
    }
    response = client.post(
        "/site-admin/posts", data=fields, files=[("photos", ("", b"", "application/octet-stream"))]
    )
    assert response.status_code == 400
    assert "Текст без заголовка" in response.text
    assert "201" not in response.text and "200" in response.text  # the limit, in words
    fields = {
        "title_ru": "Концерт",
        "starts_on": "2026-12-20",
        "starts_at": "19:00",
        "ends_on": "2026-12-19",
        "_csrf_token": _token(client),
    }
    response = client.post("/site-admin/events", data=fields)
    assert response.status_code == 400 and 'value="Концерт"' in response.text


def test_another_schools_admin_cannot_touch_our_site(client: TestClient, school_id: int) -> None:
    other = other_school()
    with session_scope() as db:
        if (
            db.exec(select(UserAccount).where(UserAccount.login == "other-site-admin")).first()
            is None
        ):
            create_account(
                db,
                school_id=other,
                login="other-site-admin",
                name="Other admin",
                role=SCHOOL_ADMIN,
                password="other-password",
            )
        ours = db.exec(
            select(SitePost.id).where(SitePost.school_id == school_id).order_by(col(SitePost.id))
        ).first()
        photo = db.exec(select(SitePhoto.id).where(SitePhoto.school_id == school_id)).first()
    login(client, "other-site-admin", "other-password")
    assert client.get(f"/site-admin/posts/{ours}").status_code == 404
    assert client.get(f"/site-admin/photos/{photo}/thumb").status_code == 404
    for action in ("unpublish", "delete"):
        response = client.post(
            f"/site-admin/post/{ours}/{action}",
            data={"_csrf_token": _token(client)},
            follow_redirects=False,
        )
        assert response.status_code == 404
    overview = client.get("/site-admin").text
    assert "робототехник" not in overview.lower()
    with session_scope() as db:
        row = db.get(SitePost, ours)
        assert row is not None and row.published and row.deleted_at is None


def test_a_parent_gives_and_withdraws_consent_for_their_own_child_only(
    client: TestClient, school_id: int
) -> None:
    login(client, "parent")
    page = client.get("/my/photo-consent")
    child = int(re.search(r'action="/my/photo-consent/(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    client.post(
        f"/my/photo-consent/{child}", data={"action": "revoke", "_csrf_token": _token(client)}
    )
    with session_scope() as db:
        rows = db.exec(select(ParentalConsent).where(ParentalConsent.student_id == child)).all()
    assert rows and all(r.revoked_at is not None for r in rows) and rows[-1].revoked_by == "parent"
    client.post(
        f"/my/photo-consent/{child}", data={"action": "give", "_csrf_token": _token(client)}
    )
    with session_scope() as db:
        live = db.exec(
            select(ParentalConsent).where(
                ParentalConsent.student_id == child, col(ParentalConsent.revoked_at).is_(None)
            )
        ).one()
    assert live.parent_id is not None and live.recorded_by == "parent"
    stranger = client.post(
        f"/my/photo-consent/{child + 1}", data={"action": "give", "_csrf_token": _token(client)}
    )
    assert stranger.status_code == 404


def test_tagging_pupils_on_a_photo_page_decides_what_is_shown(
    client: TestClient, demo_store: DemoStore, school_id: int
) -> None:
    from models.people import Student
    from models.website import SiteAlbum, SitePhotoPupil
    from models.website_consent import consented

    login(client, "director")
    with session_scope() as db:
        album = db.exec(select(SiteAlbum).where(SiteAlbum.school_id == school_id)).one()
        photo = db.exec(
            select(SitePhoto).where(SitePhoto.album_id == album.id).order_by(col(SitePhoto.id))
        ).first()
        assert photo is not None and not photo.shows_pupils
        pupils = db.exec(select(Student).where(Student.school_id == school_id).limit(40)).all()
        allowed = consented(db, school_id=school_id, student_ids=[p.id or 0 for p in pupils])
        without = [p for p in pupils if p.id not in allowed][:2]
    assert client.get(f"/site-admin/photos/{photo.id}").status_code == 200
    fields = [("caption_en", "Choir"), ("shows_pupils", "on"), ("_csrf_token", _token(client))]
    fields += [("pupils", str(p.id)) for p in without]
    response = client.post(
        f"/site-admin/photos/{photo.id}",
        files=[(k, (None, v)) for k, v in fields],
        follow_redirects=False,
    )
    assert response.status_code == 303
    with session_scope() as db:
        tags = db.exec(
            select(SitePhotoPupil.student_id).where(SitePhotoPupil.photo_id == photo.id)
        ).all()
    assert sorted(tags) == sorted(p.id for p in without)
    page = client.get(f"/site-admin/photos/{photo.id}").text
    assert all(p.name in page for p in without)  # the tagged pupils stay listed
    assert page.count('class="badge bad"') == 1 + len(without)  # the photo's, each pupil's
    site = f"/s/{demo_store.school_code}"
    assert client.get(f"{site}/photos/{photo.file_id}.jpg").status_code == 404
    assert photo.file_id not in client.get(f"{site}/gallery/{album.id}").text
    removed = client.post(
        f"/site-admin/photos/{photo.id}/remove",
        data={"_csrf_token": _token(client)},
        follow_redirects=False,
    )
    assert (
        removed.status_code == 303
        and removed.headers["location"] == f"/site-admin/albums/{album.id}"
    )
    with session_scope() as db:
        gone = db.get(SitePhoto, photo.id)
        assert gone is not None and gone.deleted_at is not None  # kept, marked deleted
    assert client.get(f"/site-admin/photos/{photo.id}").status_code == 404
