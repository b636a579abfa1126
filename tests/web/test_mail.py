"""Sending e-mail through a real SMTP server (aiosmtpd), and where the settings come from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.db import dispose_engines, session_scope
from models.outbox import MailSettings
from tests.web.jobs_support import add_school, empty_store, free_port, smtp_server
from web.mail import (
    MailError,
    SmtpSettings,
    build_message,
    platform_smtp_settings,
    send_email,
    smtp_settings_for,
)

SUBJECT = "Сабақ кестесі өзгерді: 7Ә сыныбы — Расписание изменено"
BODY = "Құрметті Әлия Нұрқызы!\nВаш урок перенесён на 3-й урок, кабинет 101.\n"
ENV = ("HOST", "PORT", "USER", "PASSWORD", "SENDER", "STARTTLS", "SSL")


@pytest.fixture
def no_platform_mail(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ENV:
        monkeypatch.delenv(f"SABAQ_SMTP_{name}", raising=False)
    platform_smtp_settings.cache_clear()
    yield
    platform_smtp_settings.cache_clear()


def _plain(port: int) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", port, sender="Мектеп №1 <noreply@mektep.kz>", starttls=False)


def test_kazakh_and_russian_text_arrives_intact() -> None:
    with smtp_server() as (port, inbox):
        message_id = send_email(
            _plain(port), to="aliya@mektep.kz", subject=SUBJECT, body=BODY, notice_id=7
        )
    [got] = inbox.received()
    assert got["Subject"] == SUBJECT
    assert got.get_content().replace("\r\n", "\n") == BODY  # SMTP sends CRLF line ends
    assert got["To"] == "aliya@mektep.kz"
    assert got["From"].addresses[0].display_name == "Мектеп №1"
    assert got["Message-ID"] == message_id and got["X-Sabaq-Notice"] == "7"


def test_a_line_break_cannot_add_a_header() -> None:
    message = build_message(
        _plain(25), to="a@b.kz", subject="Hello\r\nBcc: victim@example.com", body="x"
    )
    assert message["Bcc"] is None
    assert message["Subject"] == "Hello Bcc: victim@example.com"


def test_a_refused_recipient_is_a_permanent_failure() -> None:
    with smtp_server() as (port, inbox):
        inbox.refuse.add("nobody@mektep.kz")
        with pytest.raises(MailError) as err:
            send_email(_plain(port), to="nobody@mektep.kz", subject="s", body="b")
    assert err.value.permanent and "550" in str(err.value)
    assert inbox.received() == []


def test_an_unreachable_server_is_worth_retrying() -> None:
    with pytest.raises(MailError) as err:
        send_email(_plain(free_port()), to="a@mektep.kz", subject="s", body="b")
    assert not err.value.permanent


def test_starttls_is_required_when_configured() -> None:
    # the test server offers no STARTTLS: the mail must not go out in clear text
    with smtp_server() as (port, inbox):
        settings = SmtpSettings("127.0.0.1", port, sender="noreply@mektep.kz", starttls=True)
        with pytest.raises(MailError) as err:
            send_email(settings, to="a@mektep.kz", subject="s", body="b")
    assert "STARTTLS" in str(err.value) or "starttls" in str(err.value)
    assert inbox.received() == []


def test_platform_settings_come_from_the_environment(
    no_platform_mail: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert platform_smtp_settings() is None
    monkeypatch.setenv("SABAQ_SMTP_HOST", "smtp.sabaq.kz")
    monkeypatch.setenv("SABAQ_SMTP_USER", "robot@sabaq.kz")
    monkeypatch.setenv("SABAQ_SMTP_PASSWORD", "secret")
    assert platform_smtp_settings() is None  # cached until cleared
    platform_smtp_settings.cache_clear()
    settings = platform_smtp_settings()
    assert settings == SmtpSettings(
        "smtp.sabaq.kz", 587, "robot@sabaq.kz", "secret", "robot@sabaq.kz", True, False
    )
    monkeypatch.setenv("SABAQ_SMTP_SSL", "1")
    monkeypatch.setenv("SABAQ_SMTP_SENDER", "Sabaq <noreply@sabaq.kz>")
    platform_smtp_settings.cache_clear()
    settings = platform_smtp_settings()
    assert settings is not None
    assert (settings.port, settings.use_ssl, settings.starttls) == (465, True, False)
    assert settings.sender == "Sabaq <noreply@sabaq.kz>"


def test_a_school_uses_its_own_server_else_the_platform_default(
    tmp_path: Path, no_platform_mail: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = empty_store(f"sqlite:///{tmp_path / 'store.db'}")
    own, other = add_school(url, "OWN"), add_school(url, "OTHER")
    with session_scope(url) as session:
        session.add(MailSettings(school_id=own, host="mail.own.kz", port=25, sender="a@own.kz"))
    with session_scope(url) as session:
        assert smtp_settings_for(session, school_id=other) is None
        monkeypatch.setenv("SABAQ_SMTP_HOST", "smtp.sabaq.kz")
        platform_smtp_settings.cache_clear()
        mine = smtp_settings_for(session, school_id=own)
        default = smtp_settings_for(session, school_id=other)
        platform = smtp_settings_for(session, school_id=None)
    assert mine is not None and (mine.host, mine.port, mine.sender) == (
        "mail.own.kz",
        25,
        "a@own.kz",
    )
    assert default is not None and default.host == "smtp.sabaq.kz"
    assert platform == default
    dispose_engines()
