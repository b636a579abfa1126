"""One photo in the site editor: its captions, whether it shows pupils, who is in it (chosen
class by class, with each pupil's consent), removing it, and the editors' own preview of it."""

from __future__ import annotations

from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import File, Redirect, Template

from models.db import read_scope, session_scope
from models.i18n import N_
from models.settings import get_settings
from models.website_consent import consented, photo_tags
from models.website_files import photo_path
from models.website_media import live_photo, remove_photo
from models.website_media import save_photo as store_photo_fields
from models.website_texts import LANGS
from web.controllers.site_admin import (
    EDIT,
    Multipart,
    Req,
    editing,
    editor_page,
    flash_outcome,
    refusals,
    school_row,
)
from web.pages import flash, go, tr
from web.services.website_admin import photo_panel, school_pupils, text


def _owner_link(album_id: int | None, post_id: int | None) -> str:
    return f"/site-admin/albums/{album_id}" if album_id else f"/site-admin/posts/{post_id}"


@get("/site-admin/photos/{photo_id:int}", opt=EDIT, sync_to_thread=False)
def photo(request: Req, photo_id: FromPath[int], klass: FromQuery[str] = "") -> Template:
    """The photo with its form; the pupils of one class at a time to tag, those tagged always."""
    _, school_id = editing(request)
    with read_scope() as db, refusals(request):
        school = school_row(db, school_id)
        row = live_photo(db, school_id=school_id, photo_id=photo_id)
        panel = photo_panel(db, school_id, [row])
        pupils = school_pupils(db, school_id)
        tagged_ids = photo_tags(db, school_id=school_id, photo_ids=[photo_id]).get(photo_id, set())
        classes = list(dict.fromkeys(p.class_code for p in pupils))
        shown = [p for p in pupils if p.id in tagged_ids or (klass and p.class_code == klass)]
        allowed = consented(db, school_id=school_id, student_ids=[p.id for p in shown])
    return editor_page(
        request, "site/admin/photo.html", school, row=row, panel=panel, classes=classes,
        klass=klass, shown=shown, tagged=tagged_ids, allowed=allowed,
        back=_owner_link(row.album_id, row.post_id),
    )  # fmt: skip


@post("/site-admin/photos/{photo_id:int}", opt=EDIT, sync_to_thread=False)
def save_photo(request: Req, photo_id: FromPath[int], data: Multipart) -> Redirect:
    """A photo's captions, whether it shows pupils, and who is in it."""
    viewer, school_id = editing(request)
    pupils = data.get("pupils", [])
    ids = [int(v) for v in (pupils if isinstance(pupils, list) else [pupils]) if str(v).isdigit()]
    with refusals(request) as errors, session_scope() as db:
        store_photo_fields(
            db, school_id=school_id, actor=viewer.login, photo_id=photo_id,
            captions={lang: text(data, f"caption_{lang}") for lang in LANGS},
            shows_pupils=text(data, "shows_pupils") == "on", student_ids=ids,
        )  # fmt: skip
    flash_outcome(request, errors, N_("Photo saved."))
    klass = text(data, "klass")
    return go(f"/site-admin/photos/{photo_id}" + (f"?klass={klass}" if klass else ""))


@post("/site-admin/photos/{photo_id:int}/remove", opt=EDIT, sync_to_thread=False)
def delete_photo(request: Req, photo_id: FromPath[int]) -> Redirect:
    viewer, school_id = editing(request)
    with refusals(request), session_scope() as db:
        row = live_photo(db, school_id=school_id, photo_id=photo_id)
        back = _owner_link(row.album_id, row.post_id)
        remove_photo(db, school_id=school_id, actor=viewer.login, photo_id=photo_id)
    flash(request, tr(request, N_("Photo removed.")), "ok")
    return go(back)


@get("/site-admin/photos/{photo_id:int}/{size:str}", opt=EDIT, sync_to_thread=False)
def preview(request: Req, photo_id: FromPath[int], size: FromPath[str]) -> File:
    """A photo for its editors, shown on the site or not (private: not kept by shared caches)."""
    _, school_id = editing(request)
    with read_scope() as db, refusals(request):
        row = live_photo(db, school_id=school_id, photo_id=photo_id)
    path = photo_path(get_settings().data_dir, school_id, row.file_id, thumb=size == "thumb")
    if path is None or not path.is_file():
        raise NotFoundException()
    headers = {"cache-control": "private, max-age=300"}
    return File(path, media_type="image/jpeg", content_disposition_type="inline", headers=headers)


ROUTES = [photo, save_photo, delete_photo, preview]
