"""Editing the school's data in forms: teachers, classes, rooms, subjects, lessons, buildings.

Every save goes through `web.services.data_edit` and becomes a new data version; a refused
save shows the form again (400) with each problem next to its field and nothing written.
Only the viewer's own school is ever read or written (`require_school`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session

from models.accounts import SCHOOL_ADMIN, TIMETABLER
from models.db import session_scope
from models.errors import NotFound
from web.auth import Viewer, require_school, require_viewer
from web.i18n import sort_key, translator
from web.pages import flash, go, page, request_locale, tr
from web.services import data_edit_classes, data_edit_lessons, data_edit_teachers  # noqa: F401
from web.services.data_edit import (
    Kind,
    Saved,
    SchoolData,
    form_for,
    kind_named,
    load,
    remove_item,
    save_item,
)
from web.services.data_edit_fields import FieldErrors, Fields, FormValues, Sentence
from web.services.data_edit_places import buildings_form, save_buildings
from web.services.data_edit_views import (
    buildings_context,
    form_context,
    list_context,
    overview,
    saved_changes,
)

DATA = {"roles": (SCHOOL_ADMIN, TIMETABLER)}
# url-encoded with repeated names kept (a multiple choice arrives as a list)
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
MAX_FLASHED = 10


def _class_asked(request: Request[Any, Any, Any]) -> str:
    """The `class` query parameter (a Python keyword, so read by hand)."""
    return str(request.query_params.get("class", "")).strip()


def _viewer(request: Request[Any, Any, Any]) -> tuple[Viewer, int]:
    viewer = require_viewer(request)
    return viewer, require_school(viewer)


def _load_in(db: Session, school_id: int) -> SchoolData:
    try:
        return load(db, school_id=school_id)
    except NotFound as exc:
        raise NotFoundException() from exc


def edit_path(kind: str, key: str) -> str:
    """The address of an item's form (keys may hold any character, so they go in the query)."""
    return f"/data/{kind}/edit?code={quote(key, safe='')}"


def _say(request: Request[Any, Any, Any], sentence: Sentence) -> str:
    """A store or solver sentence in the request's language."""
    return translator(request_locale(request)).render(sentence)


def _saved(request: Request[Any, Any, Any], saved: Saved | None, back: str) -> Redirect:
    if saved is None:
        flash(request, tr(request, "Nothing changed."), "info")
        return go(back)
    flash(request, tr(request, saved.result.summary()), "ok")
    for finding in saved.new_findings[:MAX_FLASHED]:
        kind = "error" if finding.severity == "error" else "info"
        flash(request, _say(request, finding.message), kind)
    joiner = "&" if "?" in back else "?"
    return go(f"{back}{joiner}saved={saved.result.version}")


def _problems(request: Request[Any, Any, Any], exc: FieldErrors) -> dict[str, Any]:
    """A refused save's sentences: per field, and about the whole form."""
    return {
        "errors": {name: [_say(request, m) for m in items] for name, items in exc.fields.items()},
        "general": [_say(request, m) for m in exc.general],
    }


def _current(school_id: int, saved: int | None = None) -> tuple[SchoolData, dict[str, Any]]:
    """The school's current data, and the changes of the version just `saved` (if any)."""
    with session_scope() as db:
        data = _load_in(db, school_id)
        changes, more = saved_changes(db, data, saved)
    return data, {"changes": changes, "more": more}


@get("/data", opt=DATA, sync_to_thread=False)
def data_home(request: Request[Any, Any, Any]) -> Template:
    """The school's data at a glance: counts, links to each form, and the data checks."""
    _, school_id = _viewer(request)
    data, _ = _current(school_id)
    return page(request, "data/overview.html", **overview(data))


@get("/data/buildings", opt=DATA, sync_to_thread=False)
def buildings(request: Request[Any, Any, Any], saved: FromQuery[int | None] = None) -> Template:
    _, school_id = _viewer(request)
    data, changes = _current(school_id, saved)
    return page(request, "data/buildings.html", form=buildings_form(data), errors={}, general=[],
                **changes, **buildings_context(data))  # fmt: skip


@post("/data/buildings", opt=DATA, sync_to_thread=False)
def save_buildings_form(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Buildings and the travel minutes between each pair, stored as a new data version."""
    viewer, school_id = _viewer(request)
    with session_scope() as db:
        current = _load_in(db, school_id)
        try:
            saved = save_buildings(db, data=current, form=data, actor=viewer.login)
        except FieldErrors as exc:
            context = {**_problems(request, exc), **buildings_context(current)}
            response = page(request, "data/buildings.html", form=Fields(data).values(),
                            changes=[], more=0, **context)  # fmt: skip
            response.status_code = 400
            return response
    return _saved(request, saved, "/data/buildings")


@get("/data/{kind:str}", opt=DATA, sync_to_thread=False)
def listing(
    request: Request[Any, Any, Any], kind: FromPath[str], q: FromQuery[str] = "",
    saved: FromQuery[int | None] = None,
) -> Template:  # fmt: skip
    """The teachers (searchable), classes, rooms, subjects, or one class's lessons."""
    _, school_id = _viewer(request)
    spec = _kind(kind)
    data, changes = _current(school_id, saved)
    key = sort_key(request_locale(request))
    return page(request, f"data/{spec.name}.html", kind=spec.name, **changes,
                **list_context(spec.name, data, q.strip(), _class_asked(request), key))  # fmt: skip


def _kind(name: str) -> Kind:
    try:
        return kind_named(name)
    except NotFound as exc:
        raise NotFoundException() from exc


def _form_page(
    request: Request[Any, Any, Any], kind: str, data: SchoolData, values: FormValues,
    key: str | None, **extra: Any,
) -> Template:  # fmt: skip
    context = form_context(kind, data, values, sort_key(request_locale(request)))
    defaults: dict[str, Any] = {"errors": {}, "general": [], "changes": [], "more": 0}
    return page(request, f"data/{kind}_form.html", kind=kind, form=values, key=key,
                **{**defaults, **context, **extra})  # fmt: skip


@get("/data/{kind:str}/new", opt=DATA, sync_to_thread=False)
def new_form(request: Request[Any, Any, Any], kind: FromPath[str]) -> Template:
    _, school_id = _viewer(request)
    spec = _kind(kind)
    data, _ = _current(school_id)
    values = form_for(data, spec, None, _class_asked(request))
    values["_form"] = spec.name
    return _form_page(request, spec.name, data, values, None)


@post("/data/{kind:str}/new", opt=DATA, sync_to_thread=False)
def create(request: Request[Any, Any, Any], kind: FromPath[str], data: Form) -> Template | Redirect:
    """A new teacher, class, room, subject or lesson, as a new data version."""
    return _save(request, kind, None, data)


@get("/data/{kind:str}/edit", opt=DATA, sync_to_thread=False)
def edit_form(
    request: Request[Any, Any, Any], kind: FromPath[str], code: FromQuery[str] = "",
    saved: FromQuery[int | None] = None,
) -> Template:  # fmt: skip
    _, school_id = _viewer(request)
    spec = _kind(kind)
    data, changes = _current(school_id, saved)
    try:
        values = form_for(data, spec, code, "")
    except NotFound as exc:
        raise NotFoundException() from exc
    values["_form"] = spec.name
    return _form_page(request, spec.name, data, values, code, **changes)


@post("/data/{kind:str}/edit", opt=DATA, sync_to_thread=False)
def update(
    request: Request[Any, Any, Any], kind: FromPath[str], data: Form, code: FromQuery[str] = ""
) -> Template | Redirect:
    """The edited item stored as a new data version, or the form again with every problem."""
    return _save(request, kind, code, data)


def _save(
    request: Request[Any, Any, Any], kind: str, code: str | None, form: dict[str, Any]
) -> Template | Redirect:
    viewer, school_id = _viewer(request)
    spec = _kind(kind)
    with session_scope() as db:
        data = _load_in(db, school_id)
        try:
            saved = save_item(db, data=data, kind=spec, key=code, form=form, actor=viewer.login)
        except NotFound as exc:
            raise NotFoundException() from exc
        except FieldErrors as exc:  # nothing was written; the form again, as typed
            values = Fields(form).values()
            values["_form"] = spec.name
            response = _form_page(request, spec.name, data, values, code,
                                  **_problems(request, exc))  # fmt: skip
            response.status_code = 400
            return response
    key = saved.key if saved else (code or "")
    return _saved(request, saved, edit_path(spec.name, key) if key else f"/data/{spec.name}")


@post("/data/{kind:str}/remove", opt=DATA, sync_to_thread=False)
def remove(
    request: Request[Any, Any, Any], kind: FromPath[str], data: Form, code: FromQuery[str] = ""
) -> Redirect:
    """Drop an item from the next data version (earlier versions keep it), if nothing uses it."""
    viewer, school_id = _viewer(request)
    spec = _kind(kind)
    if Fields(data).raw("confirm") != "yes":
        flash(request, tr(request, "Tick the box to confirm the removal."), "error")
        return go(edit_path(spec.name, code))
    with session_scope() as db:
        current = _load_in(db, school_id)
        try:
            saved = remove_item(db, data=current, kind=spec, key=code, actor=viewer.login)
        except NotFound as exc:
            raise NotFoundException() from exc
        except FieldErrors as exc:
            for m in exc.general:
                flash(request, _say(request, m), "error")
            return go(edit_path(spec.name, code))
    return _saved(request, saved, f"/data/{spec.name}")


ROUTES = [
    data_home, buildings, save_buildings_form, listing, new_form, create, edit_form, update,
    remove,
]  # fmt: skip
