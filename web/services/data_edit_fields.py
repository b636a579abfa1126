"""Reading a submitted data form field by field: each bad value becomes a sentence on its field.

`Fields` wraps the url-encoded form (a repeated name arrives as a list) and collects every
problem instead of stopping at the first, so the page can show all of them at once next to
the fields they concern. `FormValues` is what a form shows: an item's values on the first
visit, the values as typed after a refused save.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, cast

from models.errors import StoreError
from models.i18n import N_, Message, message
from solver.messages import Msg

MAX_TEXT = 200
Sentence = Message | Msg  # a store sentence, or one of the solver's


class FieldErrors(StoreError):
    """A form the school data cannot take: sentences per field, and some about the whole form."""

    def __init__(
        self, fields: Mapping[str, list[Message]], general: Iterable[Sentence] = ()
    ) -> None:
        self.fields = {name: list(items) for name, items in fields.items() if items}
        self.general = list(general)
        every = [*self.general, *(m for items in self.fields.values() for m in items)]
        super().__init__("bad_fields", cast(list[Message], every))  # both kinds render alike


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value]
    return [str(value)]


class FormValues(dict[str, Any]):
    """Field name -> value as the form shows it: a string, or a list for multiple choices."""

    def one(self, name: str) -> str:
        """The field's single value ('' when absent; the first of several)."""
        values = _strings(self.get(name))
        return values[0] if values else ""

    def many(self, name: str) -> set[str]:
        """Every value chosen for a multiple-choice field or a group of checkboxes."""
        return {v for v in _strings(self.get(name)) if v}

    def on(self, name: str) -> bool:
        """Whether a checkbox is ticked."""
        return self.one(name) in ("on", "1", "true", "yes")


def in_old_order(old: tuple[str, ...], chosen: tuple[str, ...]) -> tuple[str, ...]:
    """The chosen values, those kept in their old order first, so a form listed in another
    order records no change."""
    return (*(v for v in old if v in chosen), *(v for v in chosen if v not in old))


def number_text(value: int | None) -> str:
    """A whole number as a form shows it ('' for none)."""
    return "" if value is None else str(value)


class Fields:
    """The submitted form, read field by field; problems gather in `errors` by field name."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, list[Message]] = {}
        self.general: list[Sentence] = []

    def values(self) -> FormValues:
        """The form as typed, to show it again."""
        return FormValues({k: v for k, v in self.data.items() if not k.startswith("_csrf")})

    def add(self, name: str, text: Message) -> None:
        """One more problem with field `name`."""
        self.errors.setdefault(name, []).append(text)

    def raw(self, name: str) -> str:
        """The field's value stripped ('' when absent)."""
        values = _strings(self.data.get(name))
        return values[0].strip() if values else ""

    def every(self, name: str) -> list[str]:
        """Every non-empty value sent under `name`, in order, without repeats."""
        out: list[str] = []
        for value in _strings(self.data.get(name)):
            value = value.strip()
            if value and value not in out:
                out.append(value)
        return out

    def flag(self, name: str) -> bool:
        """Whether a checkbox was ticked."""
        return self.raw(name) in ("on", "1", "true", "yes")

    def text(self, name: str, label: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
        """A line of text; required ones may not be empty, none may be longer than `limit`."""
        value = " ".join(self.raw(name).split())
        if required and not value:
            self.add(name, message(N_("{field}: this field is required."), field=Message(label)))
        elif len(value) > limit:
            text = N_("{field}: at most {limit} characters.")
            self.add(name, message(text, field=Message(label), limit=limit))
        return value

    def code(self, name: str, label: str, taken: Collection[str]) -> str:
        """A new code: required, one word of letters, digits and - _ . (any alphabet), unused."""
        value = self.text(name, label, required=True, limit=40)
        if not value or name in self.errors:
            return value
        if not all(ch.isalnum() or ch in "-_." for ch in value):
            text = N_("{field}: use letters, digits and - _ . only, without spaces.")
            self.add(name, message(text, field=Message(label)))
        elif value in taken:
            text = N_("{field}: {code} is already taken.")
            self.add(name, message(text, field=Message(label), code=value))
        return value

    def whole(
        self, name: str, label: str, low: int, high: int, *, required: bool = False
    ) -> int | None:
        """A whole number from `low` to `high`; empty gives None unless `required`."""
        text = self.raw(name)
        if not text and not required:
            return None
        try:
            value: int | None = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            template = (
                N_("{field}: give a whole number from {low} to {high}.")
                if required
                else N_("{field}: give a whole number from {low} to {high}, or leave it empty.")
            )
            self.add(name, message(template, field=Message(label), low=low, high=high))
            return None
        return value

    def choice(
        self, name: str, label: str, allowed: Collection[str], *, required: bool = False
    ) -> str | None:
        """One of `allowed`; empty gives None unless `required`."""
        value = self.raw(name)
        if not value:
            if required:
                text = N_("{field}: choose one.")
                self.add(name, message(text, field=Message(label)))
            return None
        if value not in allowed:
            text = N_("{field}: there is no {value} to choose.")
            self.add(name, message(text, field=Message(label), value=value))
            return None
        return value

    def many(self, name: str, label: str, allowed: Collection[str]) -> tuple[str, ...]:
        """Several of `allowed` (in the order sent); each unknown value is named."""
        chosen = self.every(name)
        for value in chosen:
            if value not in allowed:
                text = N_("{field}: there is no {value} to choose.")
                self.add(name, message(text, field=Message(label), value=value))
        return tuple(v for v in chosen if v in allowed)
