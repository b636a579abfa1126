"""The LTI 1.3 tool's endpoints: JWKS, OIDC login, launch, first-party entry, deep linking."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template

from lms.lti import LtiError
from lms.lti import claims as C
from lms.lti.accounts import account_for, issue_ticket, redeem_ticket
from lms.lti.deep_linking import context_token, read_context, response_jwt
from lms.lti.errors import N_, refuse
from lms.lti.keys import public_jwks
from lms.lti.launch import Launch, start_login, verify_launch
from lms.lti.resources import choices, open_link, target_path
from models.accounts import TEACHER
from models.db import session_scope
from models.lti import LtiPlatform
from web.auth import PUBLIC, SESSION_KEY
from web.controllers.auth import Form
from web.pages import page, request_locale, tr
from web.security.headers import CSP
from web.settings import get_web_settings

# Platforms post here from their own origin: no session, no CSRF cookie to check against; the
# signed id_token and the single-use state are what authenticate these requests.
OPEN = {"roles": PUBLIC, "exclude_from_csrf": True}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _framed(response: Template, *origins: str) -> Template:
    """Lets the platform frame this page (and post the deep-linking form back to it)."""
    allowed = " ".join(o for o in dict.fromkeys(origins) if o)
    csp = CSP.replace("frame-ancestors 'none'", f"frame-ancestors 'self' {allowed}")
    response.headers["content-security-policy"] = csp.replace(
        "form-action 'self'", f"form-action 'self' {allowed}"
    )
    response.headers["x-frame-options"] = ""  # CSP frame-ancestors governs (and wins in browsers)
    return response


def _refused(request: Request[Any, Any, Any], exc: LtiError) -> Template:
    response = page(request, "lti/refused.html", reasons=[tr(request, m) for m in exc.messages],
                    code=exc.code)  # fmt: skip
    response.status_code = 400
    return response


@get("/lti/jwks.json", opt={"roles": PUBLIC}, sync_to_thread=False)
def jwks() -> Response[dict[str, Any]]:
    """The tool's public keys, which platforms use to verify our messages."""
    return Response(public_jwks(), headers={"cache-control": "public, max-age=300"})


def _login(request: Request[Any, Any, Any], params: dict[str, str]) -> Template | Redirect:
    try:
        with session_scope() as db:
            url = start_login(db, params=params,
                              redirect_uri=f"{get_web_settings().base_url}/lti/launch")  # fmt: skip
    except LtiError as exc:
        return _refused(request, exc)
    return Redirect(path=url, status_code=302)


@get("/lti/login", opt=OPEN, sync_to_thread=False)
def login_get(request: Request[Any, Any, Any]) -> Template | Redirect:
    """OIDC third-party login initiation (GET form)."""
    return _login(request, dict(request.query_params))


@post("/lti/login", opt=OPEN, sync_to_thread=False)
def login_post(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """OIDC third-party login initiation (POST form)."""
    return _login(request, dict(data))


def _picker(request: Request[Any, Any, Any], db: Any, launch: Launch, account: Any) -> Template:
    if account.role != TEACHER:
        raise refuse("not_teacher", N_("Only a teacher of the course may choose what to place."))
    items = choices(db, school_id=launch.school_id, language=request_locale(request))
    response = page(request, "lti/pick.html", items=items, context=context_token(launch),
                    name=account.name)  # fmt: skip
    return response


@post("/lti/launch", opt=OPEN, sync_to_thread=False)
def launch(request: Request[Any, Any, Any], data: Form) -> Template:
    """The platform's signed launch: verified, its user found or created, then a page that opens
    the resource in Sabaq's own window (or the deep-linking picker for a teacher)."""
    try:
        with session_scope() as db:
            verified = verify_launch(db, id_token=data.get("id_token", ""),
                                     state=data.get("state", ""))  # fmt: skip
            platform = db.get(LtiPlatform, verified.platform_id)
            assert platform is not None
            account = account_for(db, verified)
            assert account.id is not None
            if verified.message_type == C.DEEP_LINKING_REQUEST:
                return _framed(_picker(request, db, verified, account), _origin(platform.issuer))
            link = open_link(db, verified)
            ticket = issue_ticket(db, school_id=verified.school_id, user_id=account.id,
                                  target=target_path(link))  # fmt: skip
    except LtiError as exc:
        return _refused(request, exc)
    response = page(request, "lti/launched.html", enter=f"/lti/enter/{ticket}", title=link.title,
                    name=account.name)  # fmt: skip
    return _framed(response, _origin(platform.issuer))


@get("/lti/enter/{ticket:str}", opt={"roles": PUBLIC}, sync_to_thread=False)
def enter(request: Request[Any, Any, Any], ticket: str) -> Template | Redirect:
    """Spends a launch ticket in Sabaq's own window: the session starts here (first-party)."""
    try:
        with session_scope() as db:
            user_id, target = redeem_ticket(db, token=ticket)
    except LtiError as exc:
        return _refused(request, exc)
    request.clear_session()
    request.set_session({SESSION_KEY: user_id})
    request.state.pop("viewer", None)
    return Redirect(path=target, status_code=303)


@post("/lti/deep-link", opt=OPEN, sync_to_thread=False)
def deep_link(request: Request[Any, Any, Any], data: Form) -> Template:
    """The teacher's choice: a signed LtiDeepLinkingResponse posted back to the platform."""
    launch_url = f"{get_web_settings().base_url}/lti/launch"
    try:
        pick = read_context(data.get("context", ""))
        with session_scope() as db:
            offered = choices(db, school_id=pick.school_id, language=request_locale(request))
            chosen = [c for c in offered if data.get(f"pick:{c.kind}:{c.ref}")]
            token = response_jwt(db, context=pick, picks=chosen, launch_url=launch_url)
            platform = db.get(LtiPlatform, pick.platform_id)
            assert platform is not None
    except LtiError as exc:
        return _refused(request, exc)
    response = page(request, "lti/return.html", return_url=pick.return_url, jwt=token)
    return _framed(response, _origin(platform.issuer), _origin(pick.return_url))


ROUTES = [jwks, login_get, login_post, launch, enter, deep_link]
