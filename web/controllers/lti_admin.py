"""The school admin's LTI page: Sabaq's tool addresses and the registered platforms."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from lms.lti import LtiError
from lms.lti.registration import PlatformForm, deployments_of, list_platforms, register_platform
from models.accounts import SCHOOL_ADMIN
from models.db import read_scope, session_scope
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.pages import flash, go, page, tr
from web.settings import get_web_settings

ADMIN = {"roles": (SCHOOL_ADMIN,)}


def _tool_urls() -> dict[str, str]:
    base = get_web_settings().base_url
    return {
        "login": f"{base}/lti/login", "launch": f"{base}/lti/launch",
        "deep_link": f"{base}/lti/launch", "jwks": f"{base}/lti/jwks.json",
    }  # fmt: skip


def _rows(school_id: int) -> list[tuple[Any, list[str]]]:
    with read_scope() as db:
        return [
            (p, deployments_of(db, school_id=school_id, platform_id=p.id or 0))
            for p in list_platforms(db, school_id=school_id)
        ]


@get("/lti/platforms", opt=ADMIN, sync_to_thread=False)
def platforms(request: Request[Any, Any, Any]) -> Template:
    """The tool's addresses to give the platform, and the platforms registered so far."""
    school_id = require_school(require_viewer(request))
    rows = _rows(school_id)
    return page(
        request, "lti/platforms.html", platforms=rows, tool=_tool_urls(), form={}, errors=[]
    )


@post("/lti/platforms", opt=ADMIN, sync_to_thread=False)
def register(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Registers a platform (or updates the one with the same issuer and client id)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    form = PlatformForm(
        name=data.get("name", ""), issuer=data.get("issuer", ""),
        client_id=data.get("client_id", ""), auth_login_url=data.get("auth_login_url", ""),
        token_url=data.get("token_url", ""), jwks_url=data.get("jwks_url", ""),
        jwks_json=data.get("jwks_json", ""),
        deployment_ids=tuple(data.get("deployment_ids", "").replace(",", " ").split()),
    )  # fmt: skip
    try:
        with session_scope() as db:
            register_platform(db, school_id=school_id, form=form, actor=viewer.login)
    except LtiError as exc:
        errors = [tr(request, m) for m in exc.messages]
        response = page(request, "lti/platforms.html", platforms=_rows(school_id),
                        tool=_tool_urls(), form=data, errors=errors)  # fmt: skip
        response.status_code = 400
        return response
    flash(request, tr(request, "The platform is registered."), "ok")
    return go("/lti/platforms")


ROUTES = [platforms, register]
