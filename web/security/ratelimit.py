"""Rate limits: sliding windows per account and per client address, checked by a route guard.

Each policy (web.security.policies) names the routes it covers and its limits, e.g. at most
10 code submissions a minute per account and 600 per address (a school's computer room shares
one address). A request over a limit is answered 429 with `Retry-After` and a translated page or
JSON body; a refused request is not counted, so a client that waits gets through again.

The counters live in this web process's memory (`InMemoryWindows`): with several web processes
each keeps its own, so the effective limit is up to N times the written one. Sharing them needs a
store all processes see; Redis (a sorted set per key: ZREMRANGEBYSCORE, ZCARD, ZADD, EXPIRE in one
MULTI) gives the same sliding windows across processes and machines - docs/security/api.md.

The guard runs after the role guard, so refused and unauthenticated requests to private routes
are not counted; public routes (password reset, registration, the school site) count every call.
The client address is the connection's: uvicorn takes X-Forwarded-For only from a trusted proxy
(`--forwarded-allow-ips`, loopback by default), so a client cannot choose its own address.
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.enums import MediaType
from litestar.exceptions import TooManyRequestsException
from litestar.handlers.base import BaseRouteHandler

from models.i18n import N_, message
from web.auth import load_viewer
from web.security.policies import POLICIES, Limit, Policy

MAX_KEYS = 100_000  # past this many live keys the oldest go first (an address flood)
SWEEP_EVERY = 1_000  # hits between sweeps of expired keys
# a constant: Babel does not see an N_ nested inside the tr(request, ...) call it extracts
TOO_MANY = N_("Too many requests. Please try again in {seconds} seconds.")


class RateLimited(TooManyRequestsException):
    """A request over a limit; `retry_after` is how many seconds until one more is allowed."""

    def __init__(self, policy: str, retry_after: int) -> None:
        super().__init__(headers={"Retry-After": str(retry_after)})
        self.policy = policy
        self.retry_after = retry_after


class InMemoryWindows:
    """Sliding-window logs in this process: per key, the times of the calls still in the window.

    A key holds at most `limit.count` times in a plain list (a deque costs ~900 bytes even when
    it holds one time: 200,000 addresses took 176 MiB; lists take a fraction of it, see
    docs/benchmarks.md), so memory is bounded by the limits and by `MAX_KEYS`.
    """

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.clock = clock or time.monotonic
        self._log: dict[str, list[float]] = {}
        self._horizon: dict[str, float] = {}  # key -> its window's length in seconds
        self._lock = threading.Lock()
        self._hits = 0

    def wait(self, key: str, limit: Limit, now: float) -> float:
        """Seconds until `key` may call again under `limit` (0: it may now); counts nothing."""
        calls = self._log.get(key)
        if not calls:
            return 0.0
        gone = bisect.bisect_right(calls, now - limit.seconds)
        if gone:
            del calls[:gone]
        if len(calls) < limit.count:
            return 0.0
        return calls[-limit.count] + limit.seconds - now

    def record(self, key: str, limit: Limit, now: float) -> None:
        calls = self._log.get(key)
        if calls is None:
            calls = self._log[key] = []
            self._horizon[key] = limit.seconds
        calls.append(now)
        if len(calls) > limit.count:  # only the last `count` calls can refuse the next one
            del calls[: len(calls) - limit.count]
        self._hits += 1
        if self._hits % SWEEP_EVERY == 0:
            self._sweep(now)
        if len(self._log) > MAX_KEYS:  # a flood of new addresses: drop the oldest tenth at once
            for old in list(itertools.islice(self._log, MAX_KEYS // 10)):
                del self._log[old], self._horizon[old]

    def check(self, keys: list[tuple[str, Limit]]) -> float:
        """Counts one call against every key when all allow it; else the longest wait."""
        with self._lock:
            now = self.clock()
            wait = max((self.wait(key, limit, now) for key, limit in keys), default=0.0)
            if wait > 0:
                return wait
            for key, limit in keys:
                self.record(key, limit, now)
            return 0.0

    def _sweep(self, now: float) -> None:
        for key in [k for k, calls in self._log.items() if not calls or
                    calls[-1] <= now - self._horizon[k]]:  # fmt: skip
            del self._log[key], self._horizon[key]

    def __len__(self) -> int:
        return len(self._log)


def limits_scale() -> float:
    """SABAQ_RATE_LIMITS: "off" (0) disables the limits; a number multiplies every count
    (a load test from one address may need 100); default 1."""
    raw = os.environ.get("SABAQ_RATE_LIMITS", "").strip().lower()
    if raw in ("off", "no", "0"):
        return 0.0
    return float(raw) if raw else 1.0


def _client(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.client.host if connection.client else "unknown"


class RateLimiter:
    """The policies of one app and their counters; `guard` is the route guard to install."""

    def __init__(
        self,
        policies: tuple[Policy, ...] = POLICIES,
        windows: InMemoryWindows | None = None,
        scale: float | None = None,
    ) -> None:
        self.windows = windows or InMemoryWindows()
        self.scale = limits_scale() if scale is None else scale
        self._routes: dict[tuple[str, str], Policy] = {}
        self._prefixes: list[tuple[str, str, Policy]] = []
        for policy in policies:
            for method, path in policy.routes:
                if path.endswith("*"):
                    self._prefixes.append((method, path[:-1], policy))
                else:
                    self._routes[(method, path)] = policy

    def policy_for(self, method: str, paths: set[str] | frozenset[str]) -> Policy | None:
        """The policy covering a handler's path templates for this method, if any."""
        for path in sorted(paths):
            found = self._routes.get((method, path))
            if found is None:
                found = next((p for m, prefix, p in self._prefixes
                              if m == method and path.startswith(prefix)), None)  # fmt: skip
            if found is not None:
                return found
        return None

    def _scaled(self, limit: Limit) -> Limit:
        return Limit(max(1, math.floor(limit.count * self.scale)), limit.seconds)

    async def _keys(
        self, policy: Policy, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> list[tuple[str, Limit]]:
        keys = []
        if policy.per_ip is not None:
            keys.append((f"{policy.name}:ip:{_client(connection)}", self._scaled(policy.per_ip)))
        if policy.per_account is not None:
            account = await _account_key(policy, connection)
            if account:
                keys.append((f"{policy.name}:account:{account}", self._scaled(policy.per_account)))
        return keys

    async def guard(
        self, connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        """Raises RateLimited when the request's policy refuses it; else counts it."""
        if self.scale <= 0:
            return
        policy = self.policy_for(str(connection.scope.get("method", "GET")), handler.paths)
        if policy is None:
            return
        wait = self.windows.check(await self._keys(policy, connection))
        if wait > 0:
            raise RateLimited(policy.name, max(1, math.ceil(wait)))


async def _account_key(policy: Policy, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Whose calls these are: the logged-in account, else what the form or path names
    (the login asked for a reset, the reset token), so one person is not flooded from many
    addresses."""
    viewer = load_viewer(connection)
    if viewer is not None:
        return str(viewer.id)
    if policy.account_param:
        return str(connection.path_params.get(policy.account_param, ""))[:200]
    if policy.account_field and isinstance(connection, Request):
        form = await connection.form()  # cached on the request: the handler reads it again
        value = form.get(policy.account_field)
        return str(value or "").strip().lower()[:200]
    return ""


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    handler = request.scope.get("route_handler")
    media = getattr(handler, "media_type", None)  # a MediaType member or a plain string
    accept = request.headers.get("accept", "")
    return (
        request.url.path.startswith("/api/")
        or media == MediaType.JSON
        or ("application/json" in accept and "text/html" not in accept)
    )


def too_many_requests(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The 429 answer: Retry-After, and the wait in words (a page, or JSON for API calls)."""
    from web.pages import page, tr  # web.pages imports the auth layer; keep this module light

    retry = exc.retry_after if isinstance(exc, RateLimited) else 60
    text = tr(request, message(TOO_MANY, seconds=retry))
    headers = {"Retry-After": str(retry)}
    if _wants_json(request):
        # the shape of the app's other refusals (a list of sentences), as the IDE's script reads it
        body = {"error": [text], "code": "too_many_requests", "retry_after": retry}
        return Response(body, status_code=429, headers=headers)
    response = page(request, "error.html", status=429, title=text)
    response.status_code = 429
    response.headers.update(headers)
    return response
