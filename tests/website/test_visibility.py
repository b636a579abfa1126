"""What the public site shows: only published, live items of the school, at the right time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from models.history import AuditEntry
from models.website import ANNOUNCEMENT, NEWS, SiteAlbum, SiteEvent
from models.website_items import (
    EventForm,
    PostForm,
    delete_item,
    save_album,
    save_event,
    save_post,
    set_pinned,
    set_published,
)
from models.website_public import (
    count_posts,
    site_revision,
    visible_events,
    visible_one,
    visible_post,
    visible_posts,
)
from models.website_texts import SiteError, SiteNotFound
from tests.website.conftest import Schools

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def _texts(title: str) -> dict[str, dict[str, str]]:
    return {"kk": {"title": title, "body": "Мәтін"}, "ru": {}, "en": {}}


def _post(db: Session, school: int, title: str, kind: str = NEWS, **options: object) -> int:
    form = PostForm(kind=kind, texts=_texts(title), **options)  # type: ignore[arg-type]
    return save_post(db, school_id=school, actor="director", form=form).id or 0


def _titles(db: Session, school: int, **options: object) -> list[str]:
    rows = visible_posts(db, school_id=school, now=NOW, today=TODAY, **options)  # type: ignore[arg-type]
    return [r.texts["kk"]["title"] for r in rows]


def test_drafts_scheduled_deleted_and_other_schools_stay_hidden(
    session: Session, schools: Schools
) -> None:
    draft = _post(session, schools.ours, "Жоба")
    live = _post(session, schools.ours, "Жаңалық")
    later = _post(session, schools.ours, "Ертең")
    gone = _post(session, schools.ours, "Өшірілген")
    theirs = _post(session, schools.other, "Басқа мектептің жаңалығы")
    set_published(
        session,
        school_id=schools.ours,
        actor="d",
        kind="post",
        item_id=live,
        published=True,
        at=NOW - timedelta(hours=1),
    )
    set_published(
        session,
        school_id=schools.ours,
        actor="d",
        kind="post",
        item_id=later,
        published=True,
        at=NOW + timedelta(hours=1),
    )
    set_published(
        session,
        school_id=schools.ours,
        actor="d",
        kind="post",
        item_id=gone,
        published=True,
        at=NOW - timedelta(hours=2),
    )
    delete_item(session, school_id=schools.ours, actor="d", kind="post", item_id=gone)
    set_published(
        session,
        school_id=schools.other,
        actor="x",
        kind="post",
        item_id=theirs,
        published=True,
        at=NOW - timedelta(hours=1),
    )

    assert _titles(session, schools.ours) == ["Жаңалық"]
    assert count_posts(session, school_id=schools.ours, now=NOW, today=TODAY, kind=NEWS) == 1
    for hidden in (draft, later, gone, theirs):
        with pytest.raises(SiteNotFound):
            visible_post(session, school_id=schools.ours, post_id=hidden, now=NOW, today=TODAY)
    # the scheduled one appears when its moment comes
    rows = visible_posts(session, school_id=schools.ours, now=NOW + timedelta(hours=2), today=TODAY)
    assert [r.id for r in rows] == [later, live]
    # unpublishing takes it off at once
    set_published(
        session, school_id=schools.ours, actor="d", kind="post", item_id=live, published=False
    )
    assert _titles(session, schools.ours) == []


def test_another_school_cannot_touch_our_items(session: Session, schools: Schools) -> None:
    ours = _post(session, schools.ours, "Біздің")
    with pytest.raises(SiteNotFound):
        set_published(
            session, school_id=schools.other, actor="x", kind="post", item_id=ours, published=True
        )
    with pytest.raises(SiteNotFound):
        delete_item(session, school_id=schools.other, actor="x", kind="post", item_id=ours)
    with pytest.raises(SiteNotFound):
        save_post(
            session,
            school_id=schools.other,
            actor="x",
            post_id=ours,
            form=PostForm(kind=NEWS, texts=_texts("Ұрланған")),
        )


def test_announcements_pinned_first_and_gone_after_their_last_day(
    session: Session, schools: Schools
) -> None:
    old = _post(session, schools.ours, "Ескі", ANNOUNCEMENT)
    pinned = _post(session, schools.ours, "Бекітілген", ANNOUNCEMENT)
    past = _post(
        session, schools.ours, "Өтіп кеткен", ANNOUNCEMENT, show_until=TODAY - timedelta(days=1)
    )
    last_day = _post(session, schools.ours, "Бүгін соңғы күн", ANNOUNCEMENT, show_until=TODAY)
    for n, post in enumerate((pinned, old, past, last_day)):
        set_published(
            session,
            school_id=schools.ours,
            actor="d",
            kind="post",
            item_id=post,
            published=True,
            at=NOW - timedelta(hours=10 - n),
        )
    set_pinned(session, school_id=schools.ours, actor="d", post_id=pinned, pinned=True)
    assert _titles(session, schools.ours, kind=ANNOUNCEMENT) == [
        "Бекітілген",
        "Бүгін соңғы күн",
        "Ескі",
    ]
    news = _post(session, schools.ours, "Жаңалық")
    with pytest.raises(SiteError) as refused:
        set_pinned(session, school_id=schools.ours, actor="d", post_id=news, pinned=True)
    assert refused.value.code == "site_pin_news"


def test_a_post_needs_a_title_in_some_language(session: Session, schools: Schools) -> None:
    with pytest.raises(SiteError) as refused:
        save_post(
            session,
            school_id=schools.ours,
            actor="d",
            form=PostForm(kind=NEWS, texts={"kk": {"body": "тек мәтін"}}),
        )
    assert refused.value.code == "site_title_missing"
    assert "title" in str(refused.value.messages[0])
    with pytest.raises(SiteError) as long:
        save_post(
            session,
            school_id=schools.ours,
            actor="d",
            form=PostForm(kind=NEWS, texts={"ru": {"title": "я" * 201}}),
        )
    assert long.value.code == "site_text_too_long"


def test_events_overlap_their_range_and_only_published_show(
    session: Session, schools: Schools
) -> None:
    def event(title: str, start: date, end: date | None = None) -> int:
        form = EventForm(texts=_texts(title), starts_on=start, ends_on=end, starts_at="9:05")
        return save_event(session, school_id=schools.ours, actor="d", form=form).id or 0

    fair = event("Жәрмеңке", date(2026, 11, 28), date(2026, 12, 2))
    concert = event("Концерт", date(2026, 12, 10))
    hidden = event("Жоспар", date(2026, 12, 11))
    for e in (fair, concert):
        set_published(
            session, school_id=schools.ours, actor="d", kind="event", item_id=e, published=True
        )
    december = visible_events(
        session, school_id=schools.ours, start=date(2026, 12, 1), end=date(2026, 12, 31)
    )
    assert [e.id for e in december] == [fair, concert]
    assert december[0].starts_at == "09:05"
    with pytest.raises(SiteNotFound):
        visible_one(session, school_id=schools.ours, table=SiteEvent, item_id=hidden)
    with pytest.raises(SiteError) as backwards:
        save_event(
            session,
            school_id=schools.ours,
            actor="d",
            form=EventForm(
                texts=_texts("Кері"), starts_on=date(2026, 12, 5), ends_on=date(2026, 12, 4)
            ),
        )
    assert backwards.value.code == "site_event_order"
    with pytest.raises(SiteError):
        save_event(
            session,
            school_id=schools.ours,
            actor="d",
            form=EventForm(texts=_texts("Уақыт"), starts_on=date(2026, 12, 5), starts_at="25:00"),
        )


def test_every_change_is_audited_and_moves_the_revision(session: Session, schools: Schools) -> None:
    before = site_revision(session, school_id=schools.ours)
    album = save_album(
        session, school_id=schools.ours, actor="director", texts=_texts("Альбом"), taken_on=None
    )
    set_published(
        session,
        school_id=schools.ours,
        actor="director",
        kind="album",
        item_id=album.id or 0,
        published=True,
    )
    save_album(
        session,
        school_id=schools.ours,
        actor="director",
        texts=_texts("Жаңа атауы"),
        taken_on=date(2026, 11, 1),
        album_id=album.id,
    )
    actions = session.exec(
        select(AuditEntry.action, AuditEntry.actor, AuditEntry.details).where(
            AuditEntry.school_id == schools.ours
        )
    ).all()
    assert [a[0] for a in actions] == ["site_album_save", "site_album_publish", "site_album_save"]
    assert {a[1] for a in actions} == {"director"}
    assert actions[2][2]["before"]["texts"]["kk"]["title"] == "Альбом"  # the text before an edit
    assert site_revision(session, school_id=schools.ours) > before
    assert visible_one(session, school_id=schools.ours, table=SiteAlbum, item_id=album.id or 0)
