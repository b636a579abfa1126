"""The notice outbox (in-app and e-mail) and each school's outbound mail settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Text
from sqlmodel import Field, SQLModel

from models.base import utcnow

IN_APP = "in_app"
EMAIL = "email"

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
HELD = "held"  # an e-mail kept for its reader's daily digest (models/notice_digest.py)
DIGESTED = "digested"  # a held e-mail that went out inside a digest


class Notice(SQLModel, table=True):
    """A message to one person on one channel; `key` keeps it from being written twice."""

    __tablename__ = "notice"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    channel: str = IN_APP
    address: str = ""  # e-mail address for the e-mail channel
    subject: str
    body: str = Field(sa_type=Text)
    key: str | None = Field(default=None, unique=True)
    status: str = Field(default=PENDING, index=True)
    attempts: int = 0
    error: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    read_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class MailSettings(SQLModel, table=True):
    """A school's SMTP server; without a row the platform's default (environment) is used."""

    __tablename__ = "mail_settings"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", unique=True)
    host: str
    port: int = 587
    username: str = ""
    password: str = ""
    sender: str  # From: address
    starttls: bool = True
    use_ssl: bool = False
