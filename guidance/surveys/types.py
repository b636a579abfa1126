"""Plain values the guidance services share: who acts, and the callers' translation lookup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# language code -> that language's gettext; guidance does not import web, so the caller passes it
Gettexts = Callable[[str], Callable[[str], str]]


@dataclass(frozen=True, slots=True)
class Sender:
    """Who acts: the account id, the login (for the audit log) and the role."""

    id: int
    login: str
    role: str
