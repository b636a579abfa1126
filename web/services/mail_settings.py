"""A school's outbound mail server, edited by its admin; the password is stored sealed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from models.audit import record_audit
from models.errors import StoreError
from models.i18n import N_, Message, message
from models.outbox import MailSettings
from web.secret_box import seal

SMTP_PURPOSE = "smtp-password"


class MailSettingsError(StoreError):
    """Mail settings that cannot work; the messages name the fields."""


@dataclass(frozen=True, slots=True)
class MailForm:
    host: str
    port: str
    username: str
    password: str  # empty = keep the stored one
    sender: str
    security: str  # starttls, ssl or none


def get_mail_settings(session: Session, *, school_id: int) -> MailSettings | None:
    """The school's own mail server, or None when it uses the platform's."""
    return session.exec(select(MailSettings).where(MailSettings.school_id == school_id)).first()


def _problems(form: MailForm) -> list[Message]:
    problems = []
    if not form.host.strip():
        problems.append(message(N_("Server: enter the SMTP server's name, e.g. smtp.mail.kz.")))
    if not form.port.isdigit() or not 0 < int(form.port) < 65536:
        problems.append(message(N_("Port: enter a number such as 587 (STARTTLS) or 465 (SSL).")))
    if "@" not in form.sender:
        problems.append(message(N_("Sender: enter the e-mail address mail is sent from.")))
    if form.security not in ("starttls", "ssl", "none"):
        problems.append(message(N_("Security: choose STARTTLS, SSL or none.")))
    return problems


def save_mail_settings(
    session: Session, *, school_id: int, form: MailForm, actor: str
) -> MailSettings:
    """Creates or updates the school's mail server (audited, without the password).

    Raises:
        MailSettingsError: every field that cannot work, at once.
    """
    problems = _problems(form)
    if problems:
        raise MailSettingsError("bad_mail_settings", problems)
    row = get_mail_settings(session, school_id=school_id) or MailSettings(
        school_id=school_id, host="", sender=""
    )
    row.host, row.port = form.host.strip(), int(form.port)
    row.username, row.sender = form.username.strip(), form.sender.strip()
    row.starttls, row.use_ssl = form.security == "starttls", form.security == "ssl"
    if form.password:
        row.password = seal(form.password, purpose=SMTP_PURPOSE)
    session.add(row)
    session.flush()
    details = {"host": row.host, "port": row.port, "sender": row.sender, "security": form.security}
    record_audit(session, school_id=school_id, actor=actor, action="save_mail_settings",
                 entity="mail_settings", details=details)  # fmt: skip
    return row


def remove_mail_settings(session: Session, *, school_id: int, actor: str) -> None:
    """Back to the platform's mail server (the row goes; settings are configuration, not data)."""
    row = get_mail_settings(session, school_id=school_id)
    if row is not None:
        session.delete(row)
        record_audit(session, school_id=school_id, actor=actor, action="remove_mail_settings",
                     entity="mail_settings", details={"host": row.host})  # fmt: skip
