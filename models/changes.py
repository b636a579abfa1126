"""What an import changes: snapshots compared entity by entity and field by field."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from models.i18n import N_, Message, message, noun
from models.snapshot import SchoolSnapshot
from models.snapshot_codec import COLLECTIONS, encode, key_text, keyed_items

CREATED = "created"
UPDATED = "updated"
REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Change:
    """One change: an entity created or removed, or one field updated from `old` to `new`."""

    entity: str  # "teacher", "lesson", ...
    key: str  # its stable key as people read it ("T-14", "7A/lang/kz")
    action: str  # created, updated, removed
    field: str | None = None
    old: Any = None  # JSON values
    new: Any = None

    def message(self) -> Message:
        """The change in a sentence."""
        if self.action == CREATED:
            return message(N_("New {entity} {key}."), entity=noun(self.entity), key=self.key)
        if self.action == REMOVED:
            return message(N_("Removed {entity} {key}."), entity=noun(self.entity), key=self.key)
        return message(
            N_("The {entity} {key}: {field} changed from {old} to {new}."),
            entity=noun(self.entity),
            key=self.key,
            field=self.field,
            old=_shown(self.old),
            new=_shown(self.new),
        )

    def __str__(self) -> str:
        return str(self.message())


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _field_changes(entity: str, key: str, old: Any, new: Any) -> list[Change]:
    out = []
    for f in dataclasses.fields(new):
        before, after = encode(getattr(old, f.name)), encode(getattr(new, f.name))
        if before != after:
            out.append(Change(entity, key, UPDATED, f.name, before, after))
    return out


def diff_snapshots(old: SchoolSnapshot | None, new: SchoolSnapshot) -> list[Change]:
    """The changes that turn `old` (None: the school is new) into `new`.

    Args:
        old: the data in the store now, or None for a new school.
        new: the snapshot being imported.

    Returns:
        Created, updated (one per field) and removed entities, in snapshot order.
    """
    if old is None:
        changes = [Change("school", new.school.code, CREATED)]
    else:
        changes = _field_changes("school", new.school.code, old.school, new.school)
        changes += _field_changes("settings", new.school.code, old.settings, new.settings)
    for name, (entity, _) in COLLECTIONS.items():
        before = keyed_items(name, getattr(old, name)) if old is not None else {}
        after = keyed_items(name, getattr(new, name))
        for key, item in after.items():
            text = key_text(key)
            if key not in before:
                changes.append(Change(entity, text, CREATED))
            else:
                changes += _field_changes(entity, text, before[key], item)
        changes += [Change(entity, key_text(key), REMOVED) for key in before if key not in after]
    return changes
