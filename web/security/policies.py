"""Which routes are rate-limited, and how hard (sliding windows per account and per address).

The numbers are set for a school behind one address: a class of 30 registering with one join
code, or a computer room submitting programs together, must fit the per-address limits; one
person's own limits are what stop guessing and flooding. Login has its own limits in the store
(models.account_services: 5 failures per login and per address in 15 minutes, across workers).
A path ending in "*" covers every route under it.
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTE = 60.0


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `count` calls in any `seconds`-long window."""

    count: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Policy:
    """A set of routes sharing limits; without a logged-in viewer, the account is what the
    path parameter `account_param` or the form field `account_field` names."""

    name: str
    routes: tuple[tuple[str, str], ...]
    per_ip: Limit | None = None
    per_account: Limit | None = None
    account_param: str = ""
    account_field: str = ""


PASSWORD_FORGOT = Policy(
    "password_forgot", (("POST", "/password/forgot"),),
    per_ip=Limit(20, 15 * MINUTE), per_account=Limit(5, 60 * MINUTE), account_field="login",
)  # fmt: skip
PASSWORD_RESET = Policy(
    "password_reset", (("POST", "/password/reset/{token:str}"),),
    per_ip=Limit(20, 15 * MINUTE), per_account=Limit(5, 15 * MINUTE), account_param="token",
)  # fmt: skip
JOIN_CODE = Policy(
    "join_code", (("POST", "/register"),),
    per_ip=Limit(60, 15 * MINUTE), per_account=Limit(10, 15 * MINUTE), account_field="login",
)  # fmt: skip
SUBMISSION = Policy(
    "submission",
    (
        ("POST", "/tasks/{task_id:int}/submit"),
        ("POST", "/tasks/{task_id:int}/run"),
        ("POST", "/contests/{contest_id:int}/tasks/{label:str}"),
    ),
    per_ip=Limit(600, MINUTE), per_account=Limit(10, MINUTE),
)  # fmt: skip
SEARCH = Policy(
    "search", (("GET", "/search"), ("GET", "/search/suggest")),
    per_ip=Limit(1200, MINUTE), per_account=Limit(120, MINUTE),
)  # fmt: skip
SYNC = Policy(
    "sync", (("POST", "/api/sync"), ("GET", "/api/offline")),
    per_ip=Limit(1200, MINUTE), per_account=Limit(60, MINUTE),
)  # fmt: skip
PUBLIC = Policy(
    "public",
    (
        ("GET", "/s/*"),
        ("GET", "/ical/{name:str}"),
        ("GET", "/calendar/feed/{name:str}"),
        ("GET", "/contests/{contest_id:int}/board"),
        ("GET", "/contests/{contest_id:int}/board.json"),
        ("GET", "/contests/{contest_id:int}/board/events"),
    ),
    # parents on mobile networks share addresses (carrier NAT), a school's wifi one address
    per_ip=Limit(1200, MINUTE),
)  # fmt: skip
# a gallery page asks for one thumbnail per photo: counted apart, or 30 photos were 30 pages
PHOTOS = Policy(
    "public_photos", (("GET", "/s/{code:str}/photos/{name:str}"),), per_ip=Limit(6000, MINUTE)
)
EXPORT = Policy(
    "privacy_export",
    (("GET", "/privacy/export/{student_id:int}"), ("GET", "/privacy/export/account")),
    per_ip=Limit(60, MINUTE), per_account=Limit(10, 60 * MINUTE),
)  # fmt: skip

# LTI launches come from students' browsers redirected by Moodle or Canvas: a class at once
LTI = Policy(
    "lti",
    (
        ("GET", "/lti/login"), ("POST", "/lti/login"), ("POST", "/lti/launch"),
        ("GET", "/lti/enter/{ticket:str}"), ("POST", "/lti/deep-link"), ("GET", "/lti/jwks.json"),
    ),
    per_ip=Limit(600, MINUTE),
)  # fmt: skip
SUPPORT = Policy(
    "support_request", (("POST", "/support/new"),),
    per_ip=Limit(60, 60 * MINUTE), per_account=Limit(10, 60 * MINUTE),
)  # fmt: skip

POLICIES: tuple[Policy, ...] = (
    PASSWORD_FORGOT, PASSWORD_RESET, JOIN_CODE, SUBMISSION, SEARCH, SYNC, PUBLIC, PHOTOS, EXPORT,
    LTI, SUPPORT,
)  # fmt: skip
