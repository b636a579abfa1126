"""Reports of the guidance work (/guidance/reports): the school's (by class, with students) and
the district's (by grade, no names, small cells hidden), on the page and as Excel and PDF."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Template

from guidance.instruments.schema import pick
from guidance.work.consultations import STATUS_LABELS
from guidance.work.library import TRACK_LABELS
from guidance.work.mock_rules import KIND_LABELS, SUBJECT_LABELS
from guidance.work.programme import school_year
from guidance.work.report_files import report_pdf, report_xlsx
from guidance.work.reports import GuidanceReport, guidance_report
from models.db import read_scope
from models.guidance_work import CONSULTATION_STATUSES
from web.controllers.guidance_work_common import STAFF, school_today, who
from web.i18n import sort_key, translator
from web.pages import page, request_locale

TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}  # fmt: skip


def _report(request: Request[Any, Any, Any], year: int | None, district: bool) -> GuidanceReport:
    _, school_id = who(request)
    today = school_today()
    with read_scope() as db:
        return guidance_report(db, school_id=school_id, year=year or school_year(today),
                               today=today, district=district,
                               sort_key=sort_key(request_locale(request)))  # fmt: skip


@get("/guidance/reports", opt=STAFF, sync_to_thread=False)
def reports_home(
    request: Request[Any, Any, Any], year: FromQuery[int | None] = None,
    district: FromQuery[bool] = False,
) -> Template:  # fmt: skip
    """The report of a school year on the page, with its downloads."""
    report = _report(request, year, district)
    return page(request, "guidance/work/reports.html", r=report, district=district, pick=pick,
                tracks=TRACK_LABELS, statuses=CONSULTATION_STATUSES, status_labels=STATUS_LABELS,
                kinds=KIND_LABELS, subjects=SUBJECT_LABELS)  # fmt: skip


FILES = [f"/guidance/reports/{which}.{fmt}" for which in ("school", "district") for fmt in TYPES]


@get(FILES, opt=STAFF, sync_to_thread=False)
def reports_file(
    request: Request[Any, Any, Any], year: FromQuery[int | None] = None
) -> Response[bytes]:
    """The school's or the district's report as a workbook or a PDF."""
    which, _, fmt = request.url.path.rsplit("/", 1)[-1].partition(".")
    if which not in ("school", "district") or fmt not in TYPES:
        raise NotFoundException()
    report = _report(request, year, which == "district")
    language = request_locale(request)
    writer = report_xlsx if fmt == "xlsx" else report_pdf
    body = writer(report, translate=translator(language).gettext, language=language)
    name = f"guidance-{which}-{report.year}.{fmt}"
    headers = {"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"}
    return Response(body, media_type=TYPES[fmt], headers=headers)


ROUTES = [reports_home, reports_file]
