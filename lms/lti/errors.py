"""The LTI tool's domain errors: a stable code and a sentence for the page."""

from __future__ import annotations

from models.errors import StoreError
from models.i18n import N_, Message, message


class LtiError(StoreError):
    """A login, launch or deep-linking message that Sabaq refuses."""


def refuse(code: str, text: str, **values: object) -> LtiError:
    """An LtiError with one translated sentence (text is marked with N_ by the caller)."""
    msg: Message = message(text, **values)
    return LtiError(code, [msg])


__all__ = ["N_", "LtiError", "refuse"]
