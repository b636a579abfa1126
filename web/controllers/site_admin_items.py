"""Editing the site's events, gallery albums, photos and documents (site editors)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from models.db import read_scope, session_scope
from models.i18n import N_
from models.settings import get_settings
from models.website import SiteAlbum, SiteEvent
from models.website_files import MAX_DOCUMENT_BYTES
from models.website_items import (
    ALBUM_FIELDS,
    DOCUMENT_FIELDS,
    EVENT_FIELDS,
    EventForm,
    get_item,
    list_items,
    save_album,
    save_document_titles,
    save_event,
)
from models.website_media import add_document, photos_of
from models.website_texts import refuse, texts_from_form
from web.controllers.auth import Form
from web.controllers.site_admin import (
    EDIT,
    MAX_REQUEST,
    Multipart,
    Req,
    attach_photos,
    editing,
    editor_page,
    flash_outcome,
    refusals,
    school_row,
)
from web.pages import flash, go, tr
from web.services.website_admin import parse_day, photo_panel, text, uploads

Url = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _list(request: Req, kind: str, template: str) -> Template:
    _, school_id = editing(request)
    with read_scope() as db:
        school = school_row(db, school_id)
        rows = list_items(db, school_id=school_id, kind=kind)
    return editor_page(request, template, school, rows=rows)


@get("/site-admin/events", opt=EDIT, sync_to_thread=False)
def events(request: Req) -> Template:
    return _list(request, "event", "site/admin/events.html")


@get("/site-admin/albums", opt=EDIT, sync_to_thread=False)
def albums(request: Req) -> Template:
    return _list(request, "album", "site/admin/albums.html")


@get("/site-admin/documents", opt=EDIT, sync_to_thread=False)
def documents(request: Req) -> Template:
    return _list(request, "document", "site/admin/documents.html")


def _event_form(data: dict[str, str]) -> EventForm:
    starts = parse_day(data.get("starts_on", ""))
    if starts is None:
        raise refuse("site_event_date", N_("Choose the day the event starts."))
    return EventForm(
        texts=texts_from_form(data, EVENT_FIELDS),
        starts_on=starts,
        ends_on=parse_day(data.get("ends_on", "")),
        starts_at=data.get("starts_at", ""),
        ends_at=data.get("ends_at", ""),
    )


def _item_page(
    request: Req,
    kind: str,
    item_id: int | None,
    template: str,
    form: dict[str, Any] | None = None,
    errors: list[str] | None = None,
) -> Template:
    _, school_id = editing(request)
    with read_scope() as db, refusals(request):
        school = school_row(db, school_id)
        row = get_item(db, school_id=school_id, kind=kind, item_id=item_id) if item_id else None
        photos = (
            photos_of(db, school_id=school_id, album_id=item_id) if kind == "album" and row else []
        )
        panel = photo_panel(db, school_id, photos)
    response = editor_page(
        request,
        template,
        school,
        row=row,
        form=form or {},
        errors=errors or [],
        panel=panel,
    )
    if errors:
        response.status_code = 400
    return response


@get("/site-admin/events/new", opt=EDIT, sync_to_thread=False)
def new_event(request: Req) -> Template:
    return _item_page(request, "event", None, "site/admin/event.html")


@get("/site-admin/events/{event_id:int}", opt=EDIT, sync_to_thread=False)
def edit_event(request: Req, event_id: FromPath[int]) -> Template:
    return _item_page(request, "event", event_id, "site/admin/event.html")


def _save_event(request: Req, data: dict[str, str], event_id: int | None) -> Template | Redirect:
    viewer, school_id = editing(request)
    with refusals(request) as errors, session_scope() as db:
        row: SiteEvent = save_event(
            db, school_id=school_id, actor=viewer.login, form=_event_form(data), event_id=event_id
        )
    if errors:
        return _item_page(request, "event", event_id, "site/admin/event.html", data, errors)
    flash(request, tr(request, N_("Saved.")), "ok")
    return go(f"/site-admin/events/{row.id}")


@post("/site-admin/events", opt=EDIT, sync_to_thread=False)
def create_event(request: Req, data: Form) -> Template | Redirect:
    return _save_event(request, data, None)


@post("/site-admin/events/{event_id:int}", opt=EDIT, sync_to_thread=False)
def update_event(request: Req, event_id: FromPath[int], data: Form) -> Template | Redirect:
    return _save_event(request, data, event_id)


@get("/site-admin/albums/new", opt=EDIT, sync_to_thread=False)
def new_album(request: Req) -> Template:
    return _item_page(request, "album", None, "site/admin/album.html")


@get("/site-admin/albums/{album_id:int}", opt=EDIT, sync_to_thread=False)
def edit_album(request: Req, album_id: FromPath[int]) -> Template:
    return _item_page(request, "album", album_id, "site/admin/album.html")


def _save_album(request: Req, data: dict[str, Any], album_id: int | None) -> Template | Redirect:
    viewer, school_id = editing(request)
    refused: list[str] = []
    with refusals(request) as errors, session_scope() as db:
        row: SiteAlbum = save_album(
            db,
            school_id=school_id,
            actor=viewer.login,
            texts=texts_from_form(data, ALBUM_FIELDS),
            taken_on=parse_day(text(data, "taken_on")),
            album_id=album_id,
        )
        refused = attach_photos(request, db, school_id, viewer.login, data, album_id=row.id)
    if errors:
        return _item_page(request, "album", album_id, "site/admin/album.html", data, errors)
    for sentence in refused:
        flash(request, sentence, "error")
    flash(request, tr(request, N_("Saved.")), "ok")
    return go(f"/site-admin/albums/{row.id}")


@post("/site-admin/albums", opt=EDIT, sync_to_thread=False, request_max_body_size=MAX_REQUEST)
def create_album(request: Req, data: Multipart) -> Template | Redirect:
    return _save_album(request, data, None)


@post(
    "/site-admin/albums/{album_id:int}",
    opt=EDIT,
    sync_to_thread=False,
    request_max_body_size=MAX_REQUEST,
)
def update_album(request: Req, album_id: FromPath[int], data: Multipart) -> Template | Redirect:
    """Saves the album's texts and adds the photos chosen."""
    return _save_album(request, data, album_id)


@post(
    "/site-admin/documents",
    opt=EDIT,
    sync_to_thread=False,
    request_max_body_size=MAX_DOCUMENT_BYTES + 1024 * 1024,
)
def upload_document(request: Req, data: Multipart) -> Redirect:
    """A PDF or office document with its titles, published at once."""
    viewer, school_id = editing(request)
    files = uploads(data, "file", MAX_DOCUMENT_BYTES)
    with refusals(request) as errors, session_scope() as db:
        if not files:
            raise refuse("site_document_empty", N_("Choose a file to upload."))
        add_document(
            db,
            school_id=school_id,
            actor=viewer.login,
            root=get_settings().data_dir,
            upload=files[0],
            titles=texts_from_form(data, DOCUMENT_FIELDS),
        )
    flash_outcome(request, errors, N_("Document added."))
    return go("/site-admin/documents")


@post("/site-admin/documents/{document_id:int}", opt=EDIT, sync_to_thread=False)
def rename_document(request: Req, document_id: FromPath[int], data: Form) -> Redirect:
    viewer, school_id = editing(request)
    with refusals(request) as errors, session_scope() as db:
        save_document_titles(
            db,
            school_id=school_id,
            actor=viewer.login,
            document_id=document_id,
            texts=texts_from_form(data, DOCUMENT_FIELDS),
        )
    flash_outcome(request, errors, N_("Saved."))
    return go("/site-admin/documents")


ROUTES = [
    events,
    albums,
    documents,
    new_event,
    edit_event,
    create_event,
    update_event,
    new_album,
    edit_album,
    create_album,
    update_album,
    upload_document,
    rename_document,
]
