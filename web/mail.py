"""Outbound e-mail: one message over SMTP, from the school's mail settings or the platform's."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache

from sqlmodel import Session, select

from models.outbox import MailSettings
from web.secret_box import unseal
from web.services.mail_settings import SMTP_PURPOSE

TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    username: str = ""
    password: str = ""
    sender: str = ""
    starttls: bool = True
    use_ssl: bool = False  # SMTP over TLS from the first byte (port 465)

    @classmethod
    def from_row(cls, row: MailSettings) -> SmtpSettings:
        """A school's stored mail settings (the password is stored sealed; see web.secret_box)."""
        password = unseal(row.password, purpose=SMTP_PURPOSE)
        return cls(
            row.host, row.port, row.username, password, row.sender, row.starttls, row.use_ssl
        )


class MailError(Exception):
    """Delivery failed; `permanent` when the server refused for good (no point retrying)."""

    def __init__(self, text: str, *, permanent: bool = False) -> None:
        super().__init__(text)
        self.permanent = permanent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes", "on")


@lru_cache(maxsize=1)
def platform_smtp_settings() -> SmtpSettings | None:
    """The platform's default mail server, read once from the environment.

    SABAQ_SMTP_HOST (none: no default server), SABAQ_SMTP_PORT (587), SABAQ_SMTP_USER,
    SABAQ_SMTP_PASSWORD, SABAQ_SMTP_SENDER (the From address), SABAQ_SMTP_STARTTLS (on) and
    SABAQ_SMTP_SSL (off). Tests that change the environment call `cache_clear()`.
    """
    host = os.environ.get("SABAQ_SMTP_HOST", "").strip()
    if not host:
        return None
    use_ssl = _flag("SABAQ_SMTP_SSL", False)
    user = os.environ.get("SABAQ_SMTP_USER", "").strip()
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("SABAQ_SMTP_PORT", "").strip() or (465 if use_ssl else 587)),
        username=user,
        password=os.environ.get("SABAQ_SMTP_PASSWORD", ""),
        sender=os.environ.get("SABAQ_SMTP_SENDER", "").strip() or user or f"sabaq@{host}",
        starttls=_flag("SABAQ_SMTP_STARTTLS", not use_ssl),
        use_ssl=use_ssl,
    )


def smtp_settings_for(session: Session, *, school_id: int | None) -> SmtpSettings | None:
    """The mail server for a school's notices: its own settings, else the platform default.

    Returns:
        None when neither is configured.
    """
    if school_id is not None:
        row = session.exec(select(MailSettings).where(MailSettings.school_id == school_id)).first()
        if row is not None:
            return SmtpSettings.from_row(row)
    return platform_smtp_settings()


def build_message(
    settings: SmtpSettings, *, to: str, subject: str, body: str, notice_id: int | None = None
) -> EmailMessage:
    """A UTF-8 plain-text e-mail; non-ASCII subjects are encoded as RFC 2047 words."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = " ".join(subject.split())  # a line break would end the header
    message["Date"] = formatdate(localtime=False)
    domain = settings.sender.rpartition("@")[2].strip("> ") or None
    message["Message-ID"] = make_msgid(idstring="sabaq", domain=domain)
    if notice_id is not None:  # lets a reader of the mail log match it to the outbox row
        message["X-Sabaq-Notice"] = str(notice_id)
    message.set_content(body, charset="utf-8")
    return message


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    # loading the system's certificates takes tens of milliseconds: once per process
    return ssl.create_default_context()


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.use_ssl:
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=TIMEOUT_S, context=_tls_context()
        )
    client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S)
    if settings.starttls:
        client.starttls(context=_tls_context())
    return client


def send_message(settings: SmtpSettings, message: EmailMessage) -> None:
    """Hands one message to the mail server.

    Raises:
        MailError: the server refused (permanent for 5xx answers) or could not be reached.
    """
    try:
        with _connect(settings) as client:
            if settings.username:
                client.login(settings.username, settings.password)
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise MailError(str(exc), permanent=all(code >= 500 for code in codes)) from exc
    except smtplib.SMTPResponseException as exc:
        said = exc.smtp_error
        text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
        raise MailError(f"{exc.smtp_code} {text}", permanent=exc.smtp_code >= 500) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"{type(exc).__name__}: {exc}") from exc


def send_email(
    settings: SmtpSettings, *, to: str, subject: str, body: str, notice_id: int | None = None
) -> str:
    """Sends one e-mail.

    Returns:
        Its Message-ID.

    Raises:
        MailError: as `send_message`.
    """
    message = build_message(settings, to=to, subject=subject, body=body, notice_id=notice_id)
    send_message(settings, message)
    return str(message["Message-ID"])
