"""Cover counters per teacher, the payroll report (Excel, PDF) and the school's cover settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template

from models.db import session_scope
from models.errors import StoreError
from substitutions.report import payroll_lines, payroll_pdf, payroll_xlsx
from substitutions.services import teacher_cover_counts
from substitutions.settings import EDITABLE, cover_settings, save_cover_settings
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.substitutions import DEPUTY
from web.i18n import translator
from web.pages import flash, go, page, request_locale, tr
from web.services.substitutions_web import parse_day

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SETTINGS = "/substitutions/settings"


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _range(start: str | None, end: str | None) -> tuple[date, date]:
    """The report's dates: those given, else this month; swapped when given backwards."""
    low, high = _month(date.today())
    a, b = parse_day(start) or low, parse_day(end) or high
    return (a, b) if a <= b else (b, a)


@get("/substitutions/counters", opt=DEPUTY, sync_to_thread=False)
def counters(
    request: Request[Any, Any, Any],
    on: FromQuery[str | None] = None,
    start: FromQuery[str | None] = None,
    end: FromQuery[str | None] = None,
) -> Template:
    """Covers per teacher in the week, month and term of a date, and the covers of a range."""
    school_id = require_school(require_viewer(request))
    day = parse_day(on) or date.today()
    low, high = _range(start, end)
    with session_scope() as db:
        counts = teacher_cover_counts(db, school_id=school_id, day=day)
        lines = payroll_lines(db, school_id=school_id, start=low, end=high)
    return page(request, "substitutions/counters.html", counts=counts, day=day, start=low,
                end=high, lines=lines)  # fmt: skip


def _report(
    request: Request[Any, Any, Any], start: str | None, end: str | None, kind: str
) -> Response[bytes]:
    school_id = require_school(require_viewer(request))
    low, high = _range(start, end)
    translate = translator(request_locale(request)).gettext
    write = payroll_xlsx if kind == "xlsx" else payroll_pdf
    with session_scope() as db:
        body = write(db, school_id=school_id, start=low, end=high, translate=translate)
    name = f"covers-{low.isoformat()}-{high.isoformat()}.{kind}"
    return Response(
        body, media_type=XLSX if kind == "xlsx" else "application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@get("/substitutions/report.xlsx", opt=DEPUTY, sync_to_thread=False)
def report_xlsx(
    request: Request[Any, Any, Any],
    start: FromQuery[str | None] = None,
    end: FromQuery[str | None] = None,
) -> Response[bytes]:
    """The covers of published days in a range, for payroll, as a workbook."""
    return _report(request, start, end, "xlsx")


@get("/substitutions/report.pdf", opt=DEPUTY, sync_to_thread=False)
def report_pdf(
    request: Request[Any, Any, Any],
    start: FromQuery[str | None] = None,
    end: FromQuery[str | None] = None,
) -> Response[bytes]:
    """The same report as a PDF."""
    return _report(request, start, end, "pdf")


@get(SETTINGS, opt=DEPUTY, sync_to_thread=False)
def settings_form(request: Request[Any, Any, Any]) -> Template:
    """The weights the engine gives each kind of answer, and the weekly cover quota."""
    school_id = require_school(require_viewer(request))
    with session_scope() as db:
        current = cover_settings(db, school_id=school_id)
    return page(request, "substitutions/settings.html", current=current, names=EDITABLE,
                errors=[], form=None)  # fmt: skip


@post(SETTINGS, opt=DEPUTY, sync_to_thread=False)
def save_settings(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Stores the school's weights and quota; every bad value is named and the form kept."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    weights = {name: data[name] for name in EDITABLE if data.get(name, "").strip()}
    try:
        with session_scope() as db:
            save_cover_settings(
                db, school_id=school_id, weights=weights,
                weekly_quota=data.get("weekly_quota", ""), actor=viewer.login,
            )  # fmt: skip
    except StoreError as exc:
        with session_scope() as db:
            current = cover_settings(db, school_id=school_id)
        response = page(request, "substitutions/settings.html", current=current, names=EDITABLE,
                        errors=[tr(request, m) for m in exc.messages], form=data)  # fmt: skip
        response.status_code = 400
        return response
    flash(request, tr(request, "Cover settings saved; the next plan uses them."), "ok")
    return go(SETTINGS)


ROUTES = [counters, report_xlsx, report_pdf, settings_form, save_settings]
