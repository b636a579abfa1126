"""Platform registrations a school admin makes, and the platform keys that verify launches."""

from __future__ import annotations

import json
import time
import urllib.request
from dataclasses import dataclass
from typing import Any, cast

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlmodel import Session, col, select

from lms.lti.errors import N_, LtiError, refuse
from models.audit import record_audit
from models.lti import LtiDeployment, LtiPlatform
from models.outbound import OutboundRefused, check_url, opener

JWKS_TTL_S = 300  # a platform's keys are refetched after this, or at once for an unknown kid
FETCH_TIMEOUT_S = 5
MAX_JWKS = 1_000_000  # bytes: a key set is a few kilobytes
_jwks_cache: dict[str, tuple[float, dict[str, Any]]] = {}


@dataclass(frozen=True, slots=True)
class PlatformForm:
    """What the registration form asks for."""

    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    token_url: str
    jwks_url: str = ""
    jwks_json: str = ""
    deployment_ids: tuple[str, ...] = ()


def _url(value: str, field: str, *, required: bool = True, fetched: bool = False) -> str:
    value = value.strip()
    if not value and not required:
        return ""
    if not value.startswith(("https://", "http://")):
        raise refuse("bad_url", N_("{field} must be an http(s) address."), field=field)
    if fetched:  # Sabaq's server requests it: public addresses only (models.outbound)
        try:
            check_url(value)
        except OutboundRefused as exc:
            raise LtiError("bad_url", [exc.problem]) from exc
    return value


def _parse_jwks(text: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
        KeySet.import_key_set(data if "keys" in data else {"keys": [data]})
    except (ValueError, TypeError, JoseError):
        raise refuse("bad_jwks", N_("The platform's keys are not a JSON Web Key Set.")) from None
    return dict(data) if "keys" in data else {"keys": [data]}


def register_platform(
    session: Session, *, school_id: int, form: PlatformForm, actor: str
) -> LtiPlatform:
    """Registers (or updates) a platform of this school with its deployment ids.

    Args:
        session: an open session; the caller commits.
        school_id: the admin's school.
        form: the registration's fields.
        actor: who did it, for the audit log.

    Returns:
        The platform row.

    Raises:
        LtiError: a missing field, a bad address or key set, or an issuer + client id that
            another school registered.
    """
    if not (form.name.strip() and form.issuer.strip() and form.client_id.strip()):
        raise refuse("missing_field", N_("The name, issuer and client id are needed."))
    jwks = _parse_jwks(form.jwks_json)
    jwks_url = _url(form.jwks_url, "JWKS URL", required=not jwks, fetched=True)
    existing = session.exec(
        select(LtiPlatform).where(
            LtiPlatform.issuer == form.issuer.strip(),
            LtiPlatform.client_id == form.client_id.strip(),
        )
    ).first()
    if existing is not None and existing.school_id != school_id:
        raise refuse("platform_taken", N_("This issuer and client id are registered elsewhere."))
    row = existing or LtiPlatform(school_id=school_id, name="", issuer="", client_id="",
                                  auth_login_url="", token_url="")  # fmt: skip
    row.name, row.issuer, row.client_id = (
        form.name.strip(),
        form.issuer.strip(),
        form.client_id.strip(),
    )
    row.auth_login_url = _url(form.auth_login_url, "Login URL")
    row.token_url = _url(form.token_url, "Token URL", fetched=True)
    row.jwks_url, row.jwks, row.active = jwks_url, jwks, True
    session.add(row)
    session.flush()
    assert row.id is not None
    known = set(deployments_of(session, school_id=school_id, platform_id=row.id))
    for dep in dict.fromkeys(d.strip() for d in form.deployment_ids if d.strip()):
        if dep not in known:
            session.add(LtiDeployment(school_id=school_id, platform_id=row.id, deployment_id=dep))
    session.flush()
    record_audit(
        session, school_id=school_id, actor=actor, action="register_lti_platform",
        entity="lti_platform", details={"issuer": row.issuer, "client_id": row.client_id},
    )  # fmt: skip
    return row


def deployments_of(session: Session, *, school_id: int, platform_id: int) -> list[str]:
    """The deployment ids registered for a platform of this school."""
    rows = session.exec(
        select(LtiDeployment.deployment_id).where(
            LtiDeployment.school_id == school_id, LtiDeployment.platform_id == platform_id
        )
    )
    return sorted(rows)


def list_platforms(session: Session, *, school_id: int) -> list[LtiPlatform]:
    """The school's registered platforms, by name."""
    query = select(LtiPlatform).where(LtiPlatform.school_id == school_id)
    return list(session.exec(query.order_by(col(LtiPlatform.name))))


def find_platform(session: Session, *, issuer: str, client_id: str) -> LtiPlatform:
    """The active registration a login names (client_id may be empty if the issuer has one).

    Raises:
        LtiError: no such registration, or several and no client id to choose.
    """
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer, col(LtiPlatform.active))
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    rows = list(session.exec(query.limit(2)))
    if len(rows) != 1:
        raise refuse("unknown_platform", N_("This platform is not registered with Sabaq."))
    return rows[0]


def _fetch(url: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    check_url(url)  # again now: the name may resolve elsewhere since it was registered
    with opener().open(request, timeout=FETCH_TIMEOUT_S) as response:  # checked addresses only
        data: dict[str, Any] = json.loads(response.read(MAX_JWKS))
    return data


def platform_keys(platform: LtiPlatform, *, kid: str | None = None) -> KeySet:
    """The platform's public keys: pasted ones, or its JWKS URL (cached; refetched for a new kid).

    Raises:
        LtiError: the keys cannot be fetched or read.
    """
    if platform.jwks:
        return KeySet.import_key_set(cast(Any, platform.jwks))
    cached = _jwks_cache.get(platform.jwks_url)
    fresh = cached is not None and time.monotonic() - cached[0] < JWKS_TTL_S
    if (
        cached is not None
        and fresh
        and (kid is None or any(k.get("kid") == kid for k in cached[1]["keys"]))
    ):
        return KeySet.import_key_set(cast(Any, cached[1]))
    try:
        data = _fetch(platform.jwks_url)
        keys = KeySet.import_key_set(cast(Any, data))
    except (OSError, ValueError, JoseError):  # OutboundRefused is a ValueError
        raise refuse("jwks_unavailable", N_("The platform's keys could not be fetched.")) from None
    _jwks_cache[platform.jwks_url] = (time.monotonic(), data)
    return keys
