"""Mock tests entered for a class (/guidance/mock): a quick grid form, or the class's workbook
downloaded, filled and uploaded; every problem shown at once, nothing stored while any remains."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from guidance.work.errors import WorkNotFound
from guidance.work.mock_import import class_template, import_workbook
from guidance.work.mock_rules import KIND_LABELS, SUBJECT_LABELS, rules_for, rules_year
from guidance.work.mock_tests import MockInvalid, Sitting, record_class, school_results
from guidance.work.roster import class_students, school_classes
from models.accounts import COUNSELLOR, SCHOOL_ADMIN
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.guidance_work import MOCK_KINDS, UNT
from web.controllers.auth import Form
from web.controllers.grades_common import as_date, as_int
from web.controllers.guidance_work_common import not_found, school_today, who
from web.i18n import sort_key, translator
from web.pages import flash, go, page, request_locale, tr

ENTERERS = {"roles": (COUNSELLOR, SCHOOL_ADMIN)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _kind(value: str | None) -> str:
    return value if value in MOCK_KINDS else UNT


def _grid(
    request: Request[Any, Any, Any], school_id: int, class_id: int | None, kind: str,
    day: date, *, typed: dict[str, str] | None = None, errors: Any = None, problems: Any = (),
    status: int = 200,
) -> Template:  # fmt: skip
    order = sort_key(request_locale(request))
    with read_scope() as db:
        classes = school_classes(db, school_id=school_id)
        # without a choice, the first class that sits mock tests (grade 9 and up)
        seniors = [c for c in classes if c.grade >= 9] or classes
        chosen = next((c for c in classes if c.id == class_id), seniors[0] if seniors else None)
        students = (class_students(db, school_id=school_id, class_id=chosen.id or 0,
                                   sort_key=order) if chosen else [])  # fmt: skip
        ids = {s.id for s in students}
        recent = [r for r in school_results(db, school_id=school_id, kind=kind)
                  if r.student_id in ids][-200:]  # fmt: skip
    names = {s.id: s.name for s in students}
    response = page(
        request, "guidance/work/mock.html", classes=classes, chosen=chosen, students=students,
        kind=kind, kinds=MOCK_KINDS, kind_labels=KIND_LABELS, subject_labels=SUBJECT_LABELS,
        rules=rules_for(kind, rules_year(kind, day)), day=day, today=school_today(),
        typed=typed or {}, errors=errors or {}, problems=problems, recent=list(reversed(recent)),
        names=names,
    )  # fmt: skip
    response.status_code = status
    return response


@get("/guidance/mock", opt=ENTERERS, sync_to_thread=False)
def mock_home(
    request: Request[Any, Any, Any], class_id: FromQuery[int | None] = None,
    kind: FromQuery[str] = UNT, day: FromQuery[str] = "",
) -> Template:  # fmt: skip
    """A class's grid for one sitting, the workbook to download and upload, recent results."""
    _, school_id = who(request)
    return _grid(request, school_id, class_id, _kind(kind), as_date(day) or school_today())


def _sittings(data: dict[str, str], kind: str) -> dict[int, Sitting]:
    """The grid's rows: fields "s<student>.<section>" and "s<student>.subject_1/2"."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in data.items():
        who_part, _, field = key.partition(".")
        sid = as_int(who_part[1:]) if who_part.startswith("s") else None
        if sid is not None and field:
            rows.setdefault(sid, {})[field] = value
    out = {}
    for sid, fields in rows.items():
        subjects = [fields.pop("subject_1", ""), fields.pop("subject_2", "")] if kind == UNT else []
        out[sid] = Sitting(fields, subjects)
    return out


@post("/guidance/mock/grid", opt=ENTERERS, sync_to_thread=False)
def mock_grid(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Stores a class's sitting from the grid; with any problem, the grid again with each."""
    viewer, school_id = who(request)
    kind, class_id = _kind(data.get("kind")), as_int(data.get("class_id"))
    day = as_date(data.get("taken_on")) or school_today()
    try:
        with session_scope() as db:
            stored = record_class(db, school_id=school_id, class_id=class_id or 0, kind=kind,
                                  taken_on=day, sittings=_sittings(data, kind),
                                  entered_by=viewer.id)  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except MockInvalid as exc:
        errors = {(key, field): tr(request, text) for key, field, text in exc.problems}
        return _grid(request, school_id, class_id, kind, day, typed=data, errors=errors,
                     problems=[tr(request, m) for m in exc.messages], status=400)  # fmt: skip
    except StoreError as exc:
        return _grid(request, school_id, class_id, kind, day, typed=data,
                     problems=[tr(request, m) for m in exc.messages], status=400)  # fmt: skip
    text = tr(request, "%(n)s results saved.") % {"n": len(stored)}
    flash(request, text, "ok")
    return go(f"/guidance/mock?class_id={class_id}&kind={kind}&day={day.isoformat()}")


@get("/guidance/mock/template.xlsx", opt=ENTERERS, sync_to_thread=False)
def mock_template(
    request: Request[Any, Any, Any], class_id: FromQuery[int], kind: FromQuery[str] = UNT,
    day: FromQuery[str] = "",
) -> Response[bytes]:  # fmt: skip
    """The class's workbook to fill in."""
    _, school_id = who(request)
    language = request_locale(request)
    try:
        with read_scope() as db:
            body = class_template(db, school_id=school_id, class_id=class_id, kind=_kind(kind),
                                  translate=translator(language).gettext, taken_on=as_date(day),
                                  sort_key=sort_key(language))  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    name = f"mock-{_kind(kind)}-{class_id}.xlsx"
    headers = {"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"}
    return Response(body, media_type=XLSX, headers=headers)


@post("/guidance/mock/import", opt=ENTERERS, sync_to_thread=False)
def mock_import(request: Request[Any, Any, Any], data: Upload) -> Template | Redirect:
    """Stores the sittings of an uploaded workbook; every problem by sheet, row and column."""
    viewer, school_id = who(request)
    kind = _kind(str(data.get("kind", "")))
    class_id = as_int(str(data.get("class_id", "")))
    day = as_date(str(data.get("taken_on", ""))) or school_today()
    file = data.get("file")
    content = file.file.read(MAX_BYTES + 1) if isinstance(file, UploadFile) else b""
    if not content or len(content) > MAX_BYTES:
        text = tr(request, "Choose the filled workbook (.xlsx, at most 5 MB).")
        return _grid(request, school_id, class_id, kind, day, problems=[text], status=400)
    try:
        with session_scope() as db:
            done = import_workbook(
                db, school_id=school_id, data=content, kind=kind, entered_by=viewer.id,
                translate=translator(request_locale(request)).gettext, default_day=day,
            )  # fmt: skip
    except StoreError as exc:
        return _grid(request, school_id, class_id, kind, day,
                     problems=[tr(request, m) for m in exc.messages], status=400)  # fmt: skip
    text = tr(request, "%(n)s results imported; %(blank)s empty rows skipped.")
    flash(request, text % {"n": done.stored, "blank": done.skipped_blank}, "ok")
    return go(f"/guidance/mock?class_id={class_id or ''}&kind={kind}")


ROUTES = [mock_home, mock_grid, mock_template, mock_import]
