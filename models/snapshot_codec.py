"""Snapshots as JSON values and back, the stable key of each entity, and a canonical order."""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from models.snapshot import SchoolSnapshot

Key = tuple[Any, ...]

# snapshot collection -> (entity name in the change log, stable key of one item)
COLLECTIONS: dict[str, tuple[str, Callable[[Any], Key]]] = {
    "terms": ("term", lambda t: (t.name,)),
    "buildings": ("building", lambda b: (b.code or b.name,)),
    "travel": ("travel", lambda t: (t.a, t.b)),
    "rooms": ("room", lambda r: (r.code or r.name,)),
    "subjects": ("subject", lambda s: (s.code or s.name,)),
    "bells": ("bell", lambda b: (b.shift, b.number)),
    "teachers": ("teacher", lambda t: (t.code or t.name,)),
    "classes": ("class", lambda c: (c.code,)),
    "subgroups": ("subgroup", lambda g: (g.class_code, g.division, g.code)),
    "lessons": ("lesson", lambda lesson: (lesson.key,)),
    "students": ("student", lambda s: (s.code or s.name,)),
    "parents": ("parent", lambda p: (p.code or p.name,)),
    "rules": ("rule", lambda r: (r.kind, canonical_json(encode(r.params)))),
    "locked": ("lock", lambda lock: (lock.lesson_key, lock.unit)),
}


def canonical_json(value: Any) -> str:
    """`value` as JSON text with sorted keys, so equal values give equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def key_text(key: Key) -> str:
    """A key as people read it: its parts joined by slashes."""
    return "/".join(str(part) for part in key)


def keyed_items(collection: str, items: tuple[Any, ...]) -> dict[Key, Any]:
    """The items of a snapshot collection by stable key; repeated rules get an ordinal.

    Args:
        collection: a name from `COLLECTIONS`.
        items: that collection of a snapshot.

    Returns:
        Key -> item, in the items' order. A later duplicate key (not for rules) overwrites;
        `models.snapshot_check` refuses such snapshots before they are stored.
    """
    key_of = COLLECTIONS[collection][1]
    out: dict[Key, Any] = {}
    seen: dict[Key, int] = {}
    for item in items:
        key = key_of(item)
        if collection == "rules":
            # identical rules may repeat: the n-th copy is its own row
            count = seen.get(key, 0)
            seen[key] = count + 1
            key = (*key, count)
        out[key] = item
    return out


def encode(value: Any) -> Any:
    """A snapshot (or any part of it) as plain JSON values: dicts, lists, str, int, None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def decode(tp: Any, data: Any) -> Any:
    """The value of type `tp` that `encode` turned into `data`.

    Args:
        tp: a snapshot dataclass or a type used inside one.
        data: JSON values as `encode` writes them.

    Returns:
        The rebuilt value; JSON lists become tuples where the type says tuple.
    """
    if tp is Any or data is None:
        return data
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        kwargs = {
            f.name: decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(tp)
            if f.name in data
        }
        return tp(**kwargs)
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v) for v in data)
        return tuple(decode(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        return {k: decode(args[1], v) for k, v in data.items()}
    if origin is Union or origin is types.UnionType:
        inner = [a for a in args if a is not type(None)]
        return decode(inner[0], data) if len(inner) == 1 else data
    if tp is date:
        return date.fromisoformat(data)
    return data


def snapshot_to_json(snapshot: SchoolSnapshot) -> dict[str, Any]:
    """The snapshot as a JSON object (dates as ISO text)."""
    result: dict[str, Any] = encode(snapshot)
    return result


def snapshot_from_json(data: dict[str, Any]) -> SchoolSnapshot:
    """The snapshot that `snapshot_to_json` wrote."""
    result: SchoolSnapshot = decode(SchoolSnapshot, data)
    return result


def normalized(snapshot: SchoolSnapshot) -> SchoolSnapshot:
    """The same snapshot with every collection sorted by its stable key (rules by all fields).

    The store keeps no order between items of a collection; within an item (a lesson's
    teachers, a teacher's subjects) order is kept. Compare snapshots through this.
    """
    changes: dict[str, Any] = {}
    for name in COLLECTIONS:
        items = getattr(snapshot, name)
        changes[name] = tuple(sorted(items, key=lambda item: canonical_json(encode(item))))
    return dataclasses.replace(snapshot, **changes)
