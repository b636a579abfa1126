"""Input checks every route shares: whole-number path values must fit the store's integers.

Litestar turns `{id:int}` into a Python int of any size; SQLite and PostgreSQL keep 64-bit
integers, so /tasks/9223372036854775808 reached the database and failed there (a 500, found by
the schemathesis run, tests/web/test_api_fuzz.py). No row can have such an id, so the answer is
404, the same as for any id that does not exist. A number in a body or query that is out of
range answers 400 (`number_out_of_range`, registered for the drivers' overflow errors).
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler

log = logging.getLogger(__name__)
LOWEST, HIGHEST = -(2**63), 2**63 - 1


async def path_ints_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Answers 404 when a whole-number path value is out of the 64-bit range."""
    for value in connection.path_params.values():
        if isinstance(value, int) and not LOWEST <= value <= HIGHEST:
            raise NotFoundException()


def number_out_of_range(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A number from the request too large for the store's integers (OverflowError from SQLite's
    driver, DataError from PostgreSQL's) is the caller's mistake: 400, not a server error."""
    from web.pages import page, tr  # web.pages imports the auth layer; keep this module light

    log.warning("number out of range on %s %s: %s", request.method, request.url.path, exc)
    text = tr(request, "A number in the request is out of range.")
    wants_page = "text/html" in request.headers.get("accept", "")
    if request.url.path.startswith("/api/") or not wants_page:
        return Response({"error": [text], "code": "out_of_range"}, status_code=400)
    response = page(request, "error.html", status=400, title=text)
    response.status_code = 400
    return response
