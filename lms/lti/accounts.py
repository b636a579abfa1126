"""Who a launch is in Sabaq: the linked account, or a new one made from the claims."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from lms.lti import claims as C
from lms.lti.errors import N_, refuse
from lms.lti.launch import Launch
from models.account_services import create_account, generate_password
from models.accounts import STUDENT, TEACHER, UserAccount
from models.base import utcnow
from models.lti import LtiLaunchTicket, LtiUserLink

TICKET_VALID = timedelta(minutes=2)


def _name(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        parts = (claims.get("given_name"), claims.get("family_name"))
        name = " ".join(str(p).strip() for p in parts if p)
    return name or str(claims.get("email") or "").strip() or "LTI"


def role_of(claims: dict[str, Any]) -> str:
    """teacher when a roles claim is a teaching one, else student."""
    roles = claims.get(C.ROLES) or []
    return TEACHER if any(r in C.TEACHING_ROLES for r in roles) else STUDENT


def account_for(session: Session, launch: Launch) -> UserAccount:
    """The Sabaq account of the launch's user, in the platform's school only.

    A user seen before is found by the stored link (platform, sub); the first launch creates a
    student or teacher account named from the claims. Accounts are never matched by name or
    e-mail: that could hand one school's account to another school's platform user.

    Raises:
        LtiError: the linked account was deleted, deactivated or belongs to another school.
    """
    sub = str(launch.claims["sub"])
    link = session.exec(
        select(LtiUserLink).where(
            LtiUserLink.platform_id == launch.platform_id, LtiUserLink.sub == sub
        )
    ).first()
    if link is not None:
        account = session.get(UserAccount, link.user_id)
        if account is None or account.school_id != launch.school_id or not account.active:
            raise refuse("account_closed", N_("Your Sabaq account is closed; ask the school."))
        if account.deleted_at is not None:
            raise refuse("account_closed", N_("Your Sabaq account is closed; ask the school."))
        return account
    digest = hashlib.sha256(f"{launch.platform_id}:{sub}".encode()).hexdigest()[:16]
    account = create_account(
        session, school_id=launch.school_id, login=f"lti-{digest}", name=_name(launch.claims),
        role=role_of(launch.claims), password=generate_password(16),
        email=str(launch.claims.get("email") or ""), actor="lti",
    )  # fmt: skip
    assert account.id is not None
    session.add(
        LtiUserLink(school_id=launch.school_id, platform_id=launch.platform_id, sub=sub,
                    user_id=account.id)
    )  # fmt: skip
    session.flush()
    return account


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_ticket(session: Session, *, school_id: int, user_id: int, target: str) -> str:
    """A one-time ticket that opens `target` as this user in a first-party window."""
    token = secrets.token_urlsafe(32)
    session.add(
        LtiLaunchTicket(school_id=school_id, token_hash=_hash(token), user_id=user_id,
                        target=target, expires_at=utcnow() + TICKET_VALID)
    )  # fmt: skip
    return token


def redeem_ticket(session: Session, *, token: str) -> tuple[int, str]:
    """Spends a ticket: (user id, target path).

    Raises:
        LtiError: unknown, used or expired ticket.
    """
    row = session.exec(
        select(LtiLaunchTicket).where(LtiLaunchTicket.token_hash == _hash(token))
    ).first()
    expired = row is None or row.expires_at.replace(tzinfo=utcnow().tzinfo) < utcnow()
    spent = None if row is None or expired else session.exec(
        update(LtiLaunchTicket)
        .where(col(LtiLaunchTicket.id) == row.id, col(LtiLaunchTicket.used_at).is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if row is None or spent is None or spent.rowcount != 1:
        raise refuse("bad_ticket", N_("This link was already used or has expired; launch again."))
    return row.user_id, row.target
