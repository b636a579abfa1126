"""Operations a phone queued while offline, as plain values: parsed, checked, compared.

An operation names what it changes (a student's mark in one lesson, a student's grade in one
assessment), the value entered, and the value the phone showed before (its base). The server
applies it only while the stored value still equals the base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from journal.assessment.numbers import exact, plain
from journal.errors import JournalError
from models.i18n import N_, Message, message

ATTENDANCE = "attendance"  # a student's mark in a lesson
TAKEN = "taken"  # "attendance taken": the rest of the class present
GRADE = "grade"  # a student's grade in an assessment
KINDS: tuple[str, ...] = (ATTENDANCE, TAKEN, GRADE)
MAX_BATCH = 200  # operations in one request (phones send 50 at a time)
_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class BadOperation(JournalError):
    """An operation that cannot be read (a phone's bug or a forged request)."""


@dataclass(frozen=True, slots=True)
class Operation:
    """One queued change: its client id, what it changes, the value and the base it saw."""

    client_id: str
    kind: str
    target: dict[str, Any]  # attendance/taken: day, lesson_id, unit[, student_id]; grade: ...
    value: Any
    base: Any
    entered_at: datetime
    why: str = ""


def _bad(what: str) -> BadOperation:
    text = N_("A change from the phone is unreadable: {what}.")
    return BadOperation("bad_operation", [message(text, what=what)])


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _bad(key)
    try:
        return int(value)
    except ValueError as exc:
        raise _bad(key) from exc


def _when(value: Any, now: datetime) -> datetime:
    """The phone's time of entry; never later than the server's now (a phone's clock drifts)."""
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return now
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return min(when, now)


def attendance_value(raw: Any) -> dict[str, Any]:
    """A mark as {status, minutes, reason}: minutes only when late, the reason kept as typed."""
    raw = raw if isinstance(raw, dict) else {}
    status = str(raw.get("status") or "present")
    minutes = raw.get("minutes")
    try:
        minutes = int(minutes) if minutes not in (None, "") and status == "late" else None
    except (TypeError, ValueError):
        minutes = -1  # out of range: the register's own check names the student
    return {"status": status, "minutes": minutes, "reason": str(raw.get("reason") or "")}


def same_mark(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two marks say the same: status, minutes when late, the reason when excused."""
    if a["status"] != b["status"]:
        return False
    if a["status"] == "late":
        return bool(a["minutes"] == b["minutes"])
    return a["status"] != "excused" or str(a["reason"]).strip() == str(b["reason"]).strip()


def grade_text(raw: Any) -> str:
    """A grade as the gradebook shows it ("7", "38.5"; "" for none), whatever was typed."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return plain(exact(number)) if number.is_finite() else text


def parse_operation(raw: Any, now: datetime) -> Operation:
    """One operation from the phone's JSON.

    Args:
        raw: {id, kind, entered_at, value, base, ...the kind's target fields}.
        now: the server's time (a later phone time is taken as now).

    Returns:
        The operation, values normalised as the register and the gradebook show them.

    Raises:
        BadOperation: a field is missing or of the wrong type.
    """
    if not isinstance(raw, dict):
        raise _bad("operation")
    client_id, kind = str(raw.get("id") or ""), str(raw.get("kind") or "")
    if not _CLIENT_ID.match(client_id):
        raise _bad("id")
    if kind not in KINDS:
        raise _bad("kind")
    entered = _when(raw.get("entered_at"), now)
    why = str(raw.get("why") or "")
    if kind == GRADE:
        grade = {"assessment_id": _int(raw, "assessment_id"),
                 "student_id": _int(raw, "student_id")}  # fmt: skip
        return Operation(client_id, kind, grade, grade_text(raw.get("value")),
                         grade_text(raw.get("base")), entered, why)  # fmt: skip
    try:
        day = date.fromisoformat(str(raw.get("day")))
    except ValueError as exc:
        raise _bad("day") from exc
    target: dict[str, Any] = {"day": day.isoformat(), "lesson_id": _int(raw, "lesson_id"),
              "unit": _int(raw, "unit")}  # fmt: skip
    if kind == TAKEN:
        return Operation(client_id, kind, target, True, None, entered, why)
    target["student_id"] = _int(raw, "student_id")
    return Operation(client_id, kind, target, attendance_value(raw.get("value")),
                     attendance_value(raw.get("base")), entered, why)  # fmt: skip


def parse_batch(raw: Any, now: datetime) -> list[Operation]:
    """The operations of one request, in the order the phone queued them.

    Raises:
        BadOperation: not a list, too many, or one operation unreadable (nothing is applied).
    """
    if not isinstance(raw, list) or len(raw) > MAX_BATCH:
        raise _bad("batch")
    return [parse_operation(item, now) for item in raw]


def messages_json(messages: tuple[Message, ...] | list[Message]) -> list[dict[str, Any]]:
    """Sentences as JSON (template and values), to be rendered later in the reader's language."""
    return [_message_json(m) for m in messages]


def _message_json(m: Message) -> dict[str, Any]:
    params = {
        k: _message_json(v) if isinstance(v, Message) else v if _plain(v) else str(v)
        for k, v in m.params.items()
    }
    return {"template": m.template, "params": params}


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def messages_from_json(raw: Any) -> list[Message]:
    """The sentences stored by `messages_json`."""
    return [_from_json(item) for item in raw or [] if isinstance(item, dict)]


def _from_json(item: dict[str, Any]) -> Message:
    params = {
        k: _from_json(v) if isinstance(v, dict) and "template" in v else v
        for k, v in dict(item.get("params") or {}).items()
    }
    return Message(str(item.get("template", "")), params)
