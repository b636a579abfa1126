"""Sentences kept as data: a `Message` to JSON and back (nested messages included)."""

from __future__ import annotations

from typing import Any

from models.i18n import Message


def to_json(text: Message) -> dict[str, Any]:
    """{"template": ..., "params": {...}} with nested messages turned into the same shape."""
    return {
        "template": text.template,
        "params": {
            k: to_json(v) if isinstance(v, Message) else _plain(v) for k, v in text.params.items()
        },
    }


def from_json(data: dict[str, Any] | None) -> Message:
    """The message `to_json` wrote (an empty one for None or junk)."""
    if not isinstance(data, dict) or not isinstance(data.get("template"), str):
        return Message("")
    params = {
        k: from_json(v) if _is_message(v) else v for k, v in dict(data.get("params") or {}).items()
    }
    return Message(data["template"], params)


def _is_message(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"template", "params"}


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
