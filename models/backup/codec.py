"""Column values as neutral JSON: every type the store uses, the same on SQLite and PostgreSQL.

Each column gets a tag from its SQLAlchemy type, kept in the backup's header, so a restore
decodes values by what they were, whatever database wrote them. Moments (`DateTime` with a
time zone) are written in UTC with their offset: SQLite hands them back without a zone (they are
stored as UTC wall time), PostgreSQL in the session's zone, and both mean the same instant.
A column type without a tag stops the backup at once rather than writing something unreadable.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Time,
    Uuid,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

from models.backup.errors import BackupError
from models.i18n import N_, message

# checked in order: Float is a Numeric, so it comes first
_TAGS: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
    (Boolean, "bool"),
    (Integer, "int"),
    (Float, "float"),
    (Numeric, "decimal"),
    (DateTime, "datetime"),
    (Date, "date"),
    (Time, "time"),
    (JSON, "json"),
    (LargeBinary, "bytes"),
    (Uuid, "uuid"),
    (String, "str"),  # Text, AutoString, Enum
)


def type_tag(column_type: TypeEngine[Any]) -> str:
    """The tag of a column type ("datetime_tz" for moments, "datetime" for wall times).

    Raises:
        BackupError: a type the backup does not know (teach `_TAGS` before shipping it).
    """
    if isinstance(column_type, TypeDecorator):  # AutoString and the like: by what they store
        return type_tag(column_type.impl_instance)
    for cls, tag in _TAGS:
        if isinstance(column_type, cls):
            if tag == "datetime" and getattr(column_type, "timezone", False):
                return "datetime_tz"
            return tag
    text = N_("The backup cannot write columns of type {type} yet.")
    raise BackupError("backup_unknown_type", [message(text, type=str(column_type))])


def _moment(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def _iso(value: date | time | datetime) -> str:
    return value.isoformat()


_ENCODE: dict[str, Callable[[Any], Any]] = {
    "datetime_tz": _moment,
    "datetime": _iso,
    "date": _iso,
    "time": _iso,
    "bytes": lambda v: base64.b64encode(bytes(v)).decode(),
    "decimal": str,
    "uuid": str,
    "float": float,
}

_DECODE: dict[str, Callable[[Any], Any]] = {
    "datetime_tz": datetime.fromisoformat,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "bytes": base64.b64decode,
    "decimal": Decimal,
    "uuid": uuid.UUID,
    "float": float,
}


def encoders(tags: list[str]) -> list[Callable[[Any], Any] | None]:
    """Per column, the function that makes a value JSON (None: it already is)."""
    return [_ENCODE.get(tag) for tag in tags]


def decoders(tags: list[str]) -> list[Callable[[Any], Any] | None]:
    """Per column, the function that turns the JSON back into the value (None: as it is)."""
    return [_DECODE.get(tag) for tag in tags]


def encode_row(row: Any, encode: list[Callable[[Any], Any] | None]) -> list[Any]:
    """One row's values as JSON values, in column order."""
    return [v if v is None or f is None else f(v) for v, f in zip(row, encode, strict=True)]


def decode_row(values: list[Any], decode: list[Callable[[Any], Any] | None]) -> list[Any]:
    """One row's values back from JSON, in column order."""
    return [v if v is None or f is None else f(v) for v, f in zip(values, decode, strict=True)]
