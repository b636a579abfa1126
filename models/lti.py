"""LTI 1.3 tool rows: platform registrations, deployments, login states, links and scores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Text, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, utcnow

# LtiResourceLink.kind: what a link opens in Sabaq
LINK_TASK, LINK_COURSE, LINK_LESSON = "task", "course", "lesson"
LINK_KINDS: tuple[str, ...] = (LINK_TASK, LINK_COURSE, LINK_LESSON)


class LtiPlatform(SchoolOwned, table=True):
    """A platform (Moodle, Canvas...) a school admin registered: where to log in and its keys."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    issuer: str = Field(index=True)
    client_id: str
    auth_login_url: str  # the platform's OIDC authorisation endpoint
    token_url: str  # its OAuth2 token endpoint (AGS)
    jwks_url: str = ""  # where its public keys are published, or:
    jwks: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # keys pasted by the admin
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class LtiDeployment(SchoolOwned, table=True):
    """A deployment id of a platform registration; launches name one of these."""

    __tablename__ = "lti_deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform_id: int = Field(foreign_key="lti_platform.id", index=True)
    deployment_id: str


class LtiNonce(SchoolOwned, table=True):
    """One login initiation: its state and nonce, each accepted by one launch only."""

    __tablename__ = "lti_nonce"

    id: int | None = Field(default=None, primary_key=True)
    platform_id: int = Field(foreign_key="lti_platform.id", index=True)
    state: str = Field(unique=True, index=True)
    nonce: str = Field(unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class LtiUserLink(SchoolOwned, table=True):
    """The Sabaq account a platform's user (its `sub`) is, once matched or created."""

    __tablename__ = "lti_user_link"
    __table_args__ = (UniqueConstraint("platform_id", "sub"),)

    id: int | None = Field(default=None, primary_key=True)
    platform_id: int = Field(foreign_key="lti_platform.id", index=True)
    sub: str
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class LtiResourceLink(SchoolOwned, table=True):
    """A resource link placed in the platform: what it opens, and its AGS line item if any."""

    __tablename__ = "lti_resource_link"
    __table_args__ = (UniqueConstraint("platform_id", "link_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform_id: int = Field(foreign_key="lti_platform.id", index=True)
    link_id: str  # the platform's resource_link.id
    kind: str  # task, course, lesson
    ref: int  # the task's, course's or lesson's id
    title: str = ""
    lineitem_url: str = Field(default="", sa_type=Text)  # empty: no grade return
    score_maximum: float = 1.0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class LtiLaunchTicket(SchoolOwned, table=True):
    """A one-time, short-lived ticket from a verified launch to a session in a new window."""

    __tablename__ = "lti_launch_ticket"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id")
    target: str
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class LtiScore(SchoolOwned, table=True):
    """A score owed to a line item for one user; sent once (sent_at) by the lti_score job."""

    __tablename__ = "lti_score"
    __table_args__ = (UniqueConstraint("link_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="lti_resource_link.id", index=True)
    user_id: int = Field(foreign_key="user_account.id")
    score_given: float
    score_maximum: float
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    attempts: int = 0
    last_error: str = ""
