"""Login, logout, language, password reset and registration with a join code."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from models.account_services import (
    AuthError,
    authenticate,
    finish_password_reset,
    get_account,
    register_with_code,
    set_password,
    start_password_reset,
)
from models.db import session_scope
from models.notices import queue_notice
from models.outbox import EMAIL
from web.auth import ANY_ROLE, PUBLIC, SESSION_KEY, require_viewer
from web.i18n import LANGUAGES
from web.pages import LANGUAGE_COOKIE, flash, go, page, tr
from web.settings import get_web_settings

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PUBLIC_OPT = {"roles": PUBLIC}


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None) -> str:
    # only local paths, so a crafted link cannot send people to another site after login
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@get("/login", opt=PUBLIC_OPT, sync_to_thread=False)
def login_form(request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template:
    return page(request, "auth/login.html", next=_safe_next(next), error=None, login="")


@post("/login", opt=PUBLIC_OPT, sync_to_thread=False)
def login(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    target = _safe_next(data.get("next"))
    try:
        with session_scope() as db:
            account = authenticate(
                db, login=data.get("login", ""), password=data.get("password", ""),
                client=_client(request),
            )  # fmt: skip
            uid, must_change = account.id, account.must_change_password
    except AuthError as exc:
        error = "; ".join(tr(request, m) for m in exc.messages)
        response = page(
            request, "auth/login.html", next=target, error=error, login=data.get("login", "")
        )
        response.status_code = 429 if exc.code == "too_many_attempts" else 400
        return response
    request.clear_session()
    request.set_session({SESSION_KEY: uid})
    request.state.pop("viewer", None)
    return go("/account/password" if must_change else target)


@post("/logout", opt={"roles": ANY_ROLE})
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    request.clear_session()
    return go("/login")


@post("/language", opt=PUBLIC_OPT, sync_to_thread=False)
def choose_language(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Remember the chosen language: in a cookie, and on the account when logged in."""
    language = data.get("language", "")
    response = go(_safe_next(data.get("next")))
    if language in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax",
                            secure=get_web_settings().secure_cookies)  # fmt: skip
        uid = request.session.get(SESSION_KEY) if request.scope.get("session") else None
        if isinstance(uid, int):
            with session_scope() as db:
                account = get_account(db, uid)
                account.language = language
                db.add(account)
    return response


@get("/password/forgot", opt=PUBLIC_OPT, sync_to_thread=False)
def forgot_form(request: Request[Any, Any, Any]) -> Template:
    return page(request, "auth/forgot.html", sent=False)


@post("/password/forgot", opt=PUBLIC_OPT, sync_to_thread=False)
def forgot(request: Request[Any, Any, Any], data: Form) -> Template:
    """Mail a reset link; the answer is the same whether or not the account exists."""
    with session_scope() as db:
        started = start_password_reset(db, email_or_login=data.get("login", ""))
        if started is not None and started.account.email:
            link = f"{get_web_settings().base_url}/password/reset/{started.token}"
            account = started.account
            queue_notice(
                db, school_id=account.school_id, user_id=account.id, channel=EMAIL,
                address=account.email, subject=tr(request, "Sabaq: reset your password"),
                body=tr(request, "Open this link within two hours to choose a new password:")
                + f"\n\n{link}\n\n"
                + tr(request, "If you did not ask for this, ignore this e-mail."),
            )  # fmt: skip
    return page(request, "auth/forgot.html", sent=True)


@get("/password/reset/{token:str}", opt=PUBLIC_OPT, sync_to_thread=False)
def reset_form(request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
    return page(request, "auth/reset.html", token=token, error=None)


@post("/password/reset/{token:str}", opt=PUBLIC_OPT, sync_to_thread=False)
def reset(request: Request[Any, Any, Any], token: FromPath[str], data: Form) -> Template | Redirect:
    error = _mismatch(request, data)
    if error is None:
        try:
            with session_scope() as db:
                finish_password_reset(db, token=token, password=data.get("password", ""))
        except AuthError as exc:
            error = "; ".join(tr(request, m) for m in exc.messages)
    if error is not None:
        response = page(request, "auth/reset.html", token=token, error=error)
        response.status_code = 400
        return response
    flash(request, tr(request, "Your password is changed. Log in with it."), "ok")
    return go("/login")


def _mismatch(request: Request[Any, Any, Any], data: dict[str, str]) -> str | None:
    if data.get("password", "") != data.get("password2", ""):
        return tr(request, "The two passwords differ.")
    return None


@get("/account/password", opt={"roles": ANY_ROLE}, sync_to_thread=False)
def password_form(request: Request[Any, Any, Any]) -> Template:
    return page(request, "auth/password.html", error=None)


@post("/account/password", opt={"roles": ANY_ROLE}, sync_to_thread=False)
def change_password(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    viewer = require_viewer(request)
    error = _mismatch(request, data)
    if error is None:
        try:
            with session_scope() as db:
                account = get_account(db, viewer.id)
                authenticate(db, login=account.login, password=data.get("current", ""),
                             client=_client(request))  # fmt: skip
                set_password(db, account, data.get("password", ""), actor=viewer.login)
        except AuthError as exc:
            error = "; ".join(tr(request, m) for m in exc.messages)
    if error is not None:
        response = page(request, "auth/password.html", error=error)
        response.status_code = 400
        return response
    flash(request, tr(request, "Your password is changed."), "ok")
    return go("/")


@get("/register", opt=PUBLIC_OPT, sync_to_thread=False)
def register_form(request: Request[Any, Any, Any]) -> Template:
    return page(request, "auth/register.html", error=None, form={})


@post("/register", opt=PUBLIC_OPT, sync_to_thread=False)
def register(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """A teacher registers with the school's code, a student with the class's code."""
    error = _mismatch(request, data)
    if error is None:
        try:
            with session_scope() as db:
                register_with_code(
                    db, code=data.get("code", ""), login=data.get("login", ""),
                    name=data.get("name", ""), email=data.get("email", ""),
                    password=data.get("password", ""),
                )  # fmt: skip
        except AuthError as exc:
            error = "; ".join(tr(request, m) for m in exc.messages)
    if error is not None:
        form = {k: v for k, v in data.items() if "password" not in k}
        response = page(request, "auth/register.html", error=error, form=form)
        response.status_code = 400
        return response
    flash(request, tr(request, "Your account is ready. Log in."), "ok")
    return go("/login")


ROUTES = [
    login_form, login, logout, choose_language, forgot_form, forgot, reset_form, reset,
    password_form, change_password, register_form, register,
]  # fmt: skip
