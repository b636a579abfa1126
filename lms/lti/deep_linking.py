"""Deep Linking 2.0: the teacher's picks returned to the platform as a signed response."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from sqlmodel import Session

from lms.lti import claims as C
from lms.lti.errors import N_, refuse
from lms.lti.keys import signing_key
from lms.lti.launch import Launch
from lms.lti.resources import Choice, exists
from models.lti import LINK_TASK, LtiPlatform

CONTEXT_VALID_S = 1800  # the picker page may stay open this long
RESPONSE_VALID_S = 300


@dataclass(frozen=True, slots=True)
class PickContext:
    """What the picker carries between the launch and the teacher's choice (signed by us)."""

    platform_id: int
    school_id: int
    deployment_id: str
    return_url: str
    data: str


def context_token(launch: Launch) -> str:
    """The deep-linking request's settings, signed with the tool's key for the picker form.

    Raises:
        LtiError: the request has no return URL.
    """
    settings = launch.claims.get(C.DL_SETTINGS) or {}
    if not settings.get("deep_link_return_url"):
        raise refuse("no_return_url", N_("The deep-linking request has no return address."))
    now = int(time.time())
    key = signing_key()
    deployment = str(launch.claims.get(C.DEPLOYMENT_ID))
    pick = [launch.platform_id, launch.school_id, deployment, settings["deep_link_return_url"],
            str(settings.get("data") or "")]  # fmt: skip
    claims = {"sabaq_pick": pick, "iat": now, "exp": now + CONTEXT_VALID_S}
    return str(jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key))


def read_context(token: str) -> PickContext:
    """The picker's context back, if we signed it and it has not expired.

    Raises:
        LtiError: a forged or expired context.
    """
    try:
        decoded = jwt.decode(token, signing_key(), algorithms=["RS256"])
        jwt.JWTClaimsRegistry(exp={"essential": True}).validate(decoded.claims)
        platform_id, school_id, deployment, url, data = decoded.claims["sabaq_pick"]
    except (JoseError, KeyError, ValueError, TypeError):
        raise refuse("bad_pick", N_("The choice expired; open the selection again.")) from None
    return PickContext(int(platform_id), int(school_id), str(deployment), str(url), str(data))


def _item(choice: Choice, launch_url: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "ltiResourceLink", "title": choice.title, "url": launch_url,
        "custom": {"sabaq_kind": choice.kind, "sabaq_ref": str(choice.ref)},
    }  # fmt: skip
    if choice.kind == LINK_TASK:  # an accepted solution is a score of 1 out of 1
        item["lineItem"] = {"scoreMaximum": 1, "label": choice.title}
    return item


def response_jwt(
    session: Session, *, context: PickContext, picks: list[Choice], launch_url: str
) -> str:
    """The signed LtiDeepLinkingResponse for the platform's return URL.

    Args:
        session: to check each pick belongs to the context's school.
        context: from read_context.
        picks: what the teacher chose.
        launch_url: our /lti/launch address (the items' url).

    Raises:
        LtiError: the platform is gone, or a pick is not this school's.
    """
    platform = session.get(LtiPlatform, context.platform_id)
    if platform is None or platform.school_id != context.school_id:
        raise refuse("unknown_platform", N_("This platform is not registered with Sabaq."))
    for pick in picks:
        if not exists(session, school_id=context.school_id, kind=pick.kind, ref=pick.ref):
            raise refuse(
                "unknown_resource", N_("This link opens nothing in Sabaq; place it again.")
            )
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": platform.client_id, "aud": platform.issuer, "iat": now,
        "exp": now + RESPONSE_VALID_S, "nonce": secrets.token_urlsafe(16),
        C.MESSAGE_TYPE: C.DEEP_LINKING_RESPONSE, C.VERSION: C.LTI_VERSION,
        C.DEPLOYMENT_ID: context.deployment_id,
        C.DL_CONTENT_ITEMS: [_item(p, launch_url) for p in picks],
    }  # fmt: skip
    if context.data:
        claims[C.DL_DATA] = context.data
    key = signing_key()
    return str(jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key))
