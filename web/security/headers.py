"""Security headers on every response the app sends: pages, JSON, files, redirects and errors.

They are added in a `before_send` hook of the application, which wraps the ASGI `send` of every
request, so answers made outside the route handlers (404 for an unknown path, 401/403 from the
guard, 403 from the CSRF check, 500 from the exception handler, 429 from the rate limits) carry
them too; an `after_request` hook only sees responses that a handler returned.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

# Everything the pages load comes from this site; no inline scripts or styles anywhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'; manifest-src 'self'; worker-src 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"
BASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
    ("cross-origin-opener-policy", "same-origin"),
)


def security_headers_hook(*, hsts: bool) -> BeforeMessageSendHookHandler:
    """The `before_send` hook: sets each header the response did not set itself.

    A handler may send a stricter policy of its own (register attachments carry a sandbox CSP),
    so existing headers are left alone. With `hsts` (the app runs behind TLS, secure cookies on)
    browsers are also told to use HTTPS only for a year.
    """
    headers_to_add = BASE_HEADERS + ((("strict-transport-security", HSTS),) if hsts else ())

    async def hook(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in headers_to_add:
            if name not in headers:
                headers[name] = value

    return hook
