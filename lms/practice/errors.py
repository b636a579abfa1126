"""The practice area's refusals: a task form with its problems per field, too many in flight."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from models.errors import StoreError
from models.i18n import Message


class TaskRefused(StoreError):
    """A task that cannot be saved; `fields` maps each form field to what is wrong with it."""

    def __init__(self, fields: Mapping[str, Sequence[Message]]) -> None:
        self.fields = {name: list(found) for name, found in fields.items() if found}
        super().__init__("task_refused", [m for found in self.fields.values() for m in found])


class TooManyInFlight(StoreError):
    """A person already has as many submissions waiting for their verdict as allowed."""


class SubmissionRefused(StoreError):
    """A submission the judge cannot take (unknown language, empty or too long source...)."""
