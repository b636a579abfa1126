"""The Litestar application: pages, static files, sessions, CSRF, security headers, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response, get
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import File, Redirect
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from sqlalchemy.exc import DataError, DBAPIError, SQLAlchemyError

from models.db import STORE_FAULTS, store_fault
from models.i18n import N_
from models.privacy_iin import mask_iin
from web.auth import PUBLIC, PasswordChangeRequired, load_viewer, role_guard
from web.controllers import ROUTES
from web.i18n import install_jinja
from web.openapi import openapi_config
from web.pages import page, tr
from web.security.headers import security_headers_hook
from web.security.inputs import number_out_of_range, path_ints_guard
from web.security.ratelimit import RateLimited, RateLimiter, too_many_requests
from web.settings import get_web_settings

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    install_jinja(env)
    env.filters["iin"] = mask_iin  # {{ value|iin }}: an IIN is never shown whole on a page
    return env


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return "text/html" in request.headers.get("accept", "") or request.method == "GET"


def _change_password_first(request: Request[Any, Any, Any], _exc: Exception) -> Response[Any]:
    if request.url.path.startswith("/api/"):
        return Response({"error": "change your initial password first"}, status_code=403)
    return Redirect(path="/account/password", status_code=303)


def _not_logged_in(request: Request[Any, Any, Any], _exc: Exception) -> Response[Any]:
    if _wants_html(request) and not request.url.path.startswith("/api/"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(path="/login", query_params={"next": target}, status_code=303)
    return Response({"error": "login required"}, status_code=401)


def _error_page(
    status: int, title: str
) -> Callable[[Request[Any, Any, Any], Exception], Response[Any]]:
    def handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        if status >= 500:
            log.exception(
                "unhandled error on %s %s", request.method, request.url.path, exc_info=exc
            )
        if request.url.path.startswith("/api/") or not _wants_html(request):
            detail = exc.detail if isinstance(exc, HTTPException) else title
            return Response({"error": detail}, status_code=status)
        response = page(request, "error.html", status=status, title=title)
        response.status_code = status
        return response

    return handler


def _store_fault(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A full disk, a read-only store or a lost connection: 503 and a sentence saying so in
    the reader's language, not "something went wrong"; any other database error is a 500."""
    fault = store_fault(exc)
    if fault is None:
        return _error_page(500, N_("Something went wrong on our side."))(request, exc)
    log.error("store fault (%s) on %s %s: %s", fault, request.method, request.url.path,
              getattr(exc, "orig", exc))  # fmt: skip
    try:
        load_viewer(request)  # the page shows who is logged in when the store can still read
    except SQLAlchemyError:
        request.state["viewer"] = None
    if request.url.path.startswith("/api/") or not _wants_html(request):
        words = tr(request, STORE_FAULTS[fault])
        return Response({"error": [words], "code": fault}, status_code=503)
    return _error_page(503, STORE_FAULTS[fault])(request, exc)


@get(
    "/manifest.webmanifest",
    opt={"roles": PUBLIC},
    media_type="application/manifest+json",
)
async def manifest() -> File:
    return File(STATIC / "manifest.webmanifest", content_disposition_type="inline")


@get("/sw.js", opt={"roles": PUBLIC}, media_type="text/javascript")
async def service_worker() -> File:
    # served from the root so that its scope is the whole app
    return File(STATIC / "js" / "sw.js", content_disposition_type="inline")


def create_app(*, debug: bool = False) -> Litestar:
    """The web application over the configured store (`DATABASE_URL`)."""
    settings = get_web_settings()
    session = CookieBackendConfig(
        secret=settings.secret_key, key="sabaq_session", secure=settings.secure_cookies,
        httponly=True, samesite="lax", max_age=14 * 86400,
    )  # fmt: skip
    csrf = CSRFConfig(
        secret=settings.secret_key.hex(), cookie_name="sabaq_csrf",
        cookie_secure=settings.secure_cookies, cookie_samesite="lax", header_name="x-csrftoken",
    )  # fmt: skip
    static = create_static_files_router(
        path="/static", directories=[STATIC], opt={"roles": PUBLIC},
        cache_control=CacheControlHeader(max_age=3600, public=True),
    )  # fmt: skip
    return Litestar(
        route_handlers=[*ROUTES, static, manifest, service_worker],
        guards=[role_guard, RateLimiter().guard, path_ints_guard],  # web/security
        middleware=[session.middleware],
        csrf_config=csrf,
        template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(_environment())),
        before_send=[security_headers_hook(hsts=settings.secure_cookies)],  # every answer
        exception_handlers={
            PasswordChangeRequired: _change_password_first,
            RateLimited: too_many_requests,
            OverflowError: number_out_of_range,  # an id past 64 bits (SQLite)
            DataError: number_out_of_range,  # the same on PostgreSQL
            DBAPIError: _store_fault,  # disk full, read-only store, connection lost
            NotAuthorizedException: _not_logged_in,
            PermissionDeniedException: _error_page(403, N_("You may not open this page.")),
            NotFoundException: _error_page(404, N_("There is no such page.")),
            500: _error_page(500, N_("Something went wrong on our side.")),
        },
        openapi_config=openapi_config(),  # the JSON API's document only (web/openapi.py)
        debug=debug,
    )
