"""Helpers for the job and mail tests: a real local SMTP server, an empty store, waiting."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from models.db import get_engine, session_scope
from models.school import School


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What the test SMTP server received, parsed; `refuse` makes it answer RCPT with 550."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted"

    def received(self) -> list[EmailMessage]:
        with self.lock:
            return list(self.messages)


@contextmanager
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, for the block's duration."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def empty_store(url: str) -> str:
    """Every table created in an empty SQLite store at `url`."""
    SQLModel.metadata.create_all(get_engine(url))
    return url


def add_school(url: str, code: str, name: str = "Мектеп") -> int:
    with session_scope(url) as session:
        school = School(code=code, name=name)
        session.add(school)
        session.flush()
        assert school.id is not None
        return school.id


def wait_until(check: Callable[[], bool], timeout: float = 120.0, step: float = 0.05) -> bool:
    """Poll `check` until it holds or `timeout` passes (a guard against hanging, not a timing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()
