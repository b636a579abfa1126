"""A contest's results to download: Excel and PDF, headed in the reader's language."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from lms.contests import load_standings, organised_contest, results_pdf, results_xlsx
from lms.contests.export import XLSX
from models.db import read_scope
from web.controllers.contests_common import ORGANISERS, acting
from web.controllers.office_common import or_404
from web.controllers.reports_common import PDF, download, reader_text


def _results(request: Request[Any, Any, Any], contest_id: int) -> tuple[str, Any]:
    with or_404(), read_scope() as db:
        contest = organised_contest(db, acting(request), contest_id)
        return contest.title, load_standings(db, contest_id, reveal=True)


@get("/contests/{contest_id:int}/results.xlsx", opt=ORGANISERS, sync_to_thread=False)
def results_workbook(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Response[bytes]:
    """The results (everything, no freeze) as a workbook."""
    title, standings = _results(request, contest_id)
    body = results_xlsx(standings, title=title, translate=reader_text(request))
    return download(body, XLSX, f"{title}.xlsx")


@get("/contests/{contest_id:int}/results.pdf", opt=ORGANISERS, sync_to_thread=False)
def results_document(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Response[bytes]:
    """The results as a PDF."""
    title, standings = _results(request, contest_id)
    body = results_pdf(standings, title=title, translate=reader_text(request))
    return download(body, PDF, f"{title}.pdf")


ROUTES = [results_workbook, results_document]
