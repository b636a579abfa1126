"""Domain errors of the store: a stable code plus the sentences that explain them."""

from __future__ import annotations

from models.i18n import Message


class StoreError(Exception):
    """A request the store refuses; `code` is stable, `messages` say why in words."""

    def __init__(self, code: str, messages: list[Message] | tuple[Message, ...]) -> None:
        self.code = code
        self.messages = tuple(messages)
        super().__init__("; ".join(str(m) for m in self.messages) or code)


class NotFound(StoreError):
    """The school, version or row asked for does not exist."""


class InvalidSnapshot(StoreError):
    """A snapshot refers to things it does not contain, or names one thing twice."""
