"""Editing the school website, for the school admin and teachers with the site editor permission:
the overview, news and announcements (texts in three languages side by side, photos uploaded with
the text), publishing now or later, pinning, unpublishing and deleting."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session

from models.accounts import SCHOOL_ADMIN, TEACHER
from models.db import read_scope, session_scope
from models.i18n import N_
from models.school import School
from models.settings import get_settings
from models.website import NEWS, POST_KINDS, SitePost
from models.website_files import MAX_PHOTO_BYTES
from models.website_items import (
    POST_FIELDS,
    PostForm,
    delete_item,
    get_item,
    list_items,
    save_post,
    set_pinned,
    set_published,
)
from models.website_media import add_photos, photos_of
from models.website_texts import SiteError, SiteNotFound, texts_from_form
from web.auth import Viewer, require_viewer
from web.pages import flash, go, page, tr
from web.services.website_admin import (
    languages_first,
    local_input,
    parse_day,
    parse_local_moment,
    photo_panel,
    post_state,
    require_editor,
    text,
    title_of,
    uploads,
)

EDIT = {"roles": (SCHOOL_ADMIN, TEACHER), "may_refuse": True}  # teachers: with the permission
Multipart = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MAX_REQUEST = 130 * 1024 * 1024  # several photos of up to 15 MB with the texts
ACTIONS = ("publish", "unpublish", "delete", "pin", "unpin")
LISTS = {
    "post": "/site-admin",
    "event": "/site-admin/events",
    "album": "/site-admin/albums",
    "document": "/site-admin/documents",
}
PAGES = {
    "post": "/site-admin/posts/{id}",
    "event": "/site-admin/events/{id}",
    "album": "/site-admin/albums/{id}",
    "document": "/site-admin/documents",
}
Req = Request[Any, Any, Any]


def editing(request: Req) -> tuple[Viewer, int]:
    """The viewer and their school, when they may edit its site (else 403)."""
    viewer = require_viewer(request)
    with read_scope() as db:
        return viewer, require_editor(db, viewer)


@contextmanager
def refusals(request: Req) -> Iterator[list[str]]:
    """Collects a SiteError's sentences (translated) instead of raising; 404 for SiteNotFound."""
    errors: list[str] = []
    try:
        yield errors
    except SiteNotFound as exc:
        raise NotFoundException() from exc
    except SiteError as exc:
        errors.extend(tr(request, m) for m in exc.messages)


def flash_outcome(request: Req, errors: list[str], done: str) -> None:
    """The refusal's sentences as error notices, or `done` (a msgid) when there were none."""
    for sentence in errors:
        flash(request, sentence, "error")
    if not errors:
        flash(request, tr(request, done), "ok")


def attach_photos(
    request: Req, db: Session, school_id: int, actor: str, data: dict[str, Any], **owner: int | None
) -> list[str]:
    """Stores the photos a form sent (`photos`) for an album or post (`album_id=` or
    `post_id=`); returns why any were refused, translated."""
    files = uploads(data, "photos", MAX_PHOTO_BYTES)
    if not files:
        return []
    result = add_photos(
        db, school_id=school_id, actor=actor, root=get_settings().data_dir, uploads=files,
        shows_pupils=text(data, "shows_pupils") == "on", **owner,
    )  # fmt: skip
    return [tr(request, m) for m in result.refused]


def school_row(db: Session, school_id: int) -> School:
    school = db.get(School, school_id)
    if school is None:
        raise NotFoundException()
    return school


def editor_page(request: Req, template: str, school: School, **context: Any) -> Template:
    """An editor's page with what every one of them shows (the site's address, languages)."""
    return page(
        request,
        template,
        school=school,
        langs=languages_first(school.language),
        site_link=f"/s/{school.code}/",
        title_of=title_of,
        **context,
    )


@get("/site-admin", opt=EDIT, sync_to_thread=False)
def overview(request: Req) -> Template:
    """Every news article and announcement with its state, and the way to the other sections."""
    viewer, school_id = editing(request)
    with read_scope() as db:
        school = school_row(db, school_id)
        posts = list_items(db, school_id=school_id, kind="post")
    rows = [(p, post_state(p.published, p.publish_at)) for p in posts]
    return editor_page(
        request, "site/admin/overview.html", school, rows=rows, is_admin=viewer.role == SCHOOL_ADMIN
    )


def _post_form(form: dict[str, Any]) -> PostForm:
    kind = text(form, "kind") or NEWS
    return PostForm(
        kind=kind,
        texts=texts_from_form(form, POST_FIELDS),
        show_until=parse_day(text(form, "show_until")),
        pinned=text(form, "pinned") == "on",
    )


def _post_page(
    request: Req,
    school_id: int,
    row: SitePost | None,
    form: dict[str, Any] | None,
    errors: list[str],
    kind: str = NEWS,
) -> Template:
    with read_scope() as db:
        school = school_row(db, school_id)
        photos = photos_of(db, school_id=school_id, post_id=row.id) if row and row.id else []
        panel = photo_panel(db, school_id, photos)
    response = editor_page(
        request,
        "site/admin/post.html",
        school,
        row=row,
        form=form or {},
        errors=errors,
        kind=row.kind if row else kind,
        panel=panel,
        state=post_state(row.published, row.publish_at) if row else "draft",
        publish_at=local_input(row.publish_at) if row else "",
    )
    if errors:
        response.status_code = 400
    return response


@get("/site-admin/posts/new", opt=EDIT, sync_to_thread=False)
def new_post(request: Req, kind: FromQuery[str] = NEWS) -> Template:
    _, school_id = editing(request)
    return _post_page(request, school_id, None, None, [], kind if kind in POST_KINDS else NEWS)


@get("/site-admin/posts/{post_id:int}", opt=EDIT, sync_to_thread=False)
def edit_post(request: Req, post_id: FromPath[int]) -> Template:
    _, school_id = editing(request)
    with read_scope() as db, refusals(request):
        row = get_item(db, school_id=school_id, kind="post", item_id=post_id)
    return _post_page(request, school_id, row, None, [])


def _save_post(request: Req, data: dict[str, Any], post_id: int | None) -> Template | Redirect:
    viewer, school_id = editing(request)
    refused: list[str] = []
    with refusals(request) as errors, session_scope() as db:
        row = save_post(
            db, school_id=school_id, actor=viewer.login, form=_post_form(data), post_id=post_id
        )
        assert row.id is not None
        refused = attach_photos(request, db, school_id, viewer.login, data, post_id=row.id)
        if text(data, "action") == "publish":
            set_published(
                db,
                school_id=school_id,
                actor=viewer.login,
                kind="post",
                item_id=row.id,
                published=True,
                at=parse_local_moment(text(data, "publish_at")),
            )
    if errors:
        current = None
        if post_id is not None:
            with read_scope() as db:
                current = get_item(db, school_id=school_id, kind="post", item_id=post_id)
        return _post_page(request, school_id, current, data, errors, text(data, "kind") or NEWS)
    for sentence in refused:
        flash(request, sentence, "error")
    published = text(data, "action") == "publish"
    flash(request, tr(request, N_("Published.") if published else N_("Saved.")), "ok")
    return go(f"/site-admin/posts/{row.id}")


@post("/site-admin/posts", opt=EDIT, sync_to_thread=False, request_max_body_size=MAX_REQUEST)
def create_post(request: Req, data: Multipart) -> Template | Redirect:
    """A new article or announcement (a draft, or published at once), with its photos."""
    return _save_post(request, data, None)


@post(
    "/site-admin/posts/{post_id:int}",
    opt=EDIT,
    sync_to_thread=False,
    request_max_body_size=MAX_REQUEST,
)
def update_post(request: Req, post_id: FromPath[int], data: Multipart) -> Template | Redirect:
    """Saves the texts, adds the photos chosen, and publishes when asked."""
    return _save_post(request, data, post_id)


def _act(
    viewer: Viewer, school_id: int, kind: str, item_id: int, action: str, form: dict[str, Any]
) -> Callable[[Session], object]:
    def work(db: Session) -> object:
        if action in ("pin", "unpin"):
            return set_pinned(
                db, school_id=school_id, actor=viewer.login, post_id=item_id, pinned=action == "pin"
            )
        if action == "delete":
            delete_item(db, school_id=school_id, actor=viewer.login, kind=kind, item_id=item_id)
            return None
        at = parse_local_moment(str(form.get("publish_at", "")))
        return set_published(
            db,
            school_id=school_id,
            actor=viewer.login,
            kind=kind,
            item_id=item_id,
            published=action == "publish",
            at=at,
        )

    return work


DONE = {
    "publish": N_("Published."),
    "unpublish": N_("Taken off the site."),
    "delete": N_("Deleted."),
    "pin": N_("Pinned."),
    "unpin": N_("Unpinned."),
}


@post("/site-admin/{kind:str}/{item_id:int}/{action:str}", opt=EDIT, sync_to_thread=False)
def act(
    request: Req,
    kind: FromPath[str],
    item_id: FromPath[int],
    action: FromPath[str],
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    """Publish (now or at a moment), unpublish, delete, pin or unpin a post, event, album or
    document."""
    if kind not in LISTS or action not in ACTIONS:
        raise NotFoundException()
    viewer, school_id = editing(request)
    with refusals(request) as errors, session_scope() as db:
        _act(viewer, school_id, kind, item_id, action, data)(db)
    flash_outcome(request, errors, DONE[action])
    back = LISTS[kind] if action == "delete" else PAGES[kind].format(id=item_id)
    wanted = data.get("next", "")  # a list page the button was pressed on
    return go(wanted if wanted in LISTS.values() else back)


ROUTES = [overview, new_post, edit_post, create_post, update_post, act]
