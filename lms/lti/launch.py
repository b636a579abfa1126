"""OIDC login initiation and the launch: the id_token verified claim by claim, once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, ExpiredTokenError, JoseError
from sqlalchemy import update
from sqlmodel import Session, col, select

from lms.lti import claims as C
from lms.lti.errors import N_, refuse
from lms.lti.registration import find_platform, platform_keys
from models.base import utcnow
from models.lti import LtiDeployment, LtiNonce, LtiPlatform

LOGIN_VALID = timedelta(minutes=10)  # between the login initiation and the launch
LEEWAY_S = 60  # clock difference tolerated on exp and iat
MESSAGE_TYPES = (C.RESOURCE_LINK_REQUEST, C.DEEP_LINKING_REQUEST)


@dataclass(frozen=True, slots=True)
class Launch:
    """A verified launch: the platform registration and the id_token's claims."""

    platform_id: int
    school_id: int
    claims: dict[str, Any]

    @property
    def message_type(self) -> str:
        return str(self.claims.get(C.MESSAGE_TYPE, ""))


def start_login(session: Session, *, params: dict[str, str], redirect_uri: str) -> str:
    """OIDC third-party login initiation: the authentication request URL to send the browser to.

    Args:
        session: an open session; the caller commits (the state and nonce are stored).
        params: the platform's login request: iss, login_hint, target_link_uri, client_id,
            lti_message_hint, lti_deployment_id.
        redirect_uri: our /lti/launch address.

    Returns:
        The platform's authorisation URL with the OIDC parameters.

    Raises:
        LtiError: no issuer or login hint, or an unknown platform.
    """
    issuer, hint = params.get("iss", ""), params.get("login_hint", "")
    if not issuer or not hint:
        raise refuse("bad_login", N_("The login request lacks the issuer or the login hint."))
    platform = find_platform(session, issuer=issuer, client_id=params.get("client_id", ""))
    assert platform.id is not None
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    session.add(
        LtiNonce(
            school_id=platform.school_id, platform_id=platform.id, state=state, nonce=nonce,
            expires_at=utcnow() + LOGIN_VALID,
        )
    )  # fmt: skip
    query = {
        "scope": "openid", "response_type": "id_token", "response_mode": "form_post",
        "prompt": "none", "client_id": platform.client_id, "redirect_uri": redirect_uri,
        "login_hint": hint, "state": state, "nonce": nonce,
    }  # fmt: skip
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    return platform.auth_login_url + separator + urlencode(query)


def _login_row(session: Session, state: str) -> LtiNonce:
    row = session.exec(select(LtiNonce).where(LtiNonce.state == state)).first() if state else None
    if row is None:
        raise refuse("unknown_state", N_("This launch was not started from a Sabaq login."))
    if row.used_at is not None:
        raise refuse("replayed", N_("This launch was already used; start it again."))
    if row.expires_at.replace(tzinfo=utcnow().tzinfo) < utcnow():
        raise refuse("login_expired", N_("The login took too long; start the launch again."))
    return row


def _decode(platform: LtiPlatform, id_token: str) -> dict[str, Any]:
    try:
        header = jws.extract_compact(id_token.encode()).headers()
        keys = platform_keys(platform, kid=header.get("kid"))
        token = jwt.decode(id_token, keys, algorithms=["RS256"])
    except BadSignatureError:
        raise refuse(
            "bad_signature", N_("The launch is not signed by the platform's key.")
        ) from None
    except JoseError:
        raise refuse("bad_token", N_("The launch message cannot be read.")) from None
    return dict(token.claims)


def _check_claims(platform: LtiPlatform, claims: dict[str, Any], nonce: str) -> None:
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_S,
        iss={"essential": True, "value": platform.issuer},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError:
        raise refuse("expired", N_("The launch message has expired.")) from None
    except JoseError:
        raise refuse("bad_claims", N_("The launch message is not from this platform.")) from None
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if platform.client_id not in audiences:
        raise refuse("wrong_audience", N_("The launch message is meant for another tool."))
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != platform.client_id:
        raise refuse("wrong_audience", N_("The launch message is meant for another tool."))
    if claims.get("nonce") != nonce:
        raise refuse("bad_nonce", N_("The launch message does not match its login."))
    if claims.get(C.VERSION) != C.LTI_VERSION:
        raise refuse("bad_version", N_("Only LTI 1.3.0 launches are accepted."))
    if claims.get(C.MESSAGE_TYPE) not in MESSAGE_TYPES:
        raise refuse("bad_message_type", N_("Sabaq does not accept this kind of LTI message."))


def verify_launch(session: Session, *, id_token: str, state: str) -> Launch:
    """Verifies a launch and spends its nonce.

    Args:
        session: an open session; the caller commits (the nonce is marked used).
        id_token: the platform's signed JWT.
        state: the state our login initiation issued.

    Returns:
        The verified launch.

    Raises:
        LtiError: unknown or used state, bad signature, wrong issuer or audience, expired,
            replayed nonce, unknown deployment, unsupported message type or version.
    """
    row = _login_row(session, state)
    platform = session.get(LtiPlatform, row.platform_id)
    if platform is None or not platform.active or platform.school_id != row.school_id:
        raise refuse("unknown_platform", N_("This platform is not registered with Sabaq."))
    claims = _decode(platform, id_token)
    _check_claims(platform, claims, row.nonce)
    spent = session.exec(  # the nonce is single-use even when two launches race
        update(LtiNonce)
        .where(col(LtiNonce.id) == row.id, col(LtiNonce.used_at).is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise refuse("replayed", N_("This launch was already used; start it again."))
    known = session.exec(
        select(LtiDeployment.id).where(
            LtiDeployment.platform_id == row.platform_id,
            LtiDeployment.school_id == row.school_id,
            LtiDeployment.deployment_id == str(claims.get(C.DEPLOYMENT_ID, "")),
        )
    ).first()
    if known is None:
        raise refuse("unknown_deployment", N_("This deployment of the platform is not registered."))
    return Launch(row.platform_id, row.school_id, claims)
