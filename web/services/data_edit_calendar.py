"""Bell schedules per shift, and terms with their holidays, in forms saved as new data versions."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import Any

from sqlmodel import Session

from models.i18n import N_, Message, message
from models.snapshot import BellPeriod, Holiday, TermInfo
from web.services.data_edit import Saved, SchoolData, store_edit
from web.services.data_edit_fields import FieldErrors, Fields, FormValues

LABELS = {
    "start": N_("Start"),
    "end": N_("End"),
    "name": N_("Name"),
    "first": N_("First day"),
    "last": N_("Last day"),
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def fingerprint(items: Any) -> str:
    """A short fingerprint of a whole collection, so a save can tell it changed meanwhile."""
    return hashlib.sha256(repr(items).encode("utf-8")).hexdigest()[:16]


def check_form(fields: Fields, name: str, items: Any) -> None:
    """Refuses a form that is not `name`, or was drawn from other data than `items`."""
    if fields.raw("_form") != name:
        text = N_("The form was incomplete; open the page again and repeat the change.")
        raise FieldErrors({}, [message(text)])
    if fields.raw("_stamp") != fingerprint(items):
        text = N_("Someone else changed this data while you were editing; open it again.")
        raise FieldErrors({}, [message(text)])


# --- bell schedules ----------------------------------------------------------------------


def bells_form(data: SchoolData) -> FormValues:
    """Each shift's periods as the form shows them (start:1:3 = shift 1, period 3)."""
    values = FormValues(_form="bells", _stamp=fingerprint(data.snapshot.bells))
    for shift, periods in data.shifts.items():
        for bell in periods:
            values[f"start:{shift}:{bell.number}"] = bell.start
            values[f"end:{shift}:{bell.number}"] = bell.end
    return values


def _minutes(fields: Fields, name: str, label: str) -> int | None:
    """A time of day typed as HH:MM, in minutes after midnight."""
    text = fields.raw(name)
    found = _TIME.match(text)
    if found is None:
        fields.add(name, message(N_("{field}: give a time as HH:MM, e.g. 08:30."),
                                 field=Message(label)))  # fmt: skip
        return None
    return int(found.group(1)) * 60 + int(found.group(2))


def _period(fields: Fields, shift: str, number: int, after: int | None) -> BellPeriod | None:
    """One period read from the form; `after` is where the previous period ended."""
    s, e = f"start:{shift}:{number}", f"end:{shift}:{number}"
    start, end = _minutes(fields, s, LABELS["start"]), _minutes(fields, e, LABELS["end"])
    if start is None or end is None:
        return None
    if start >= end:
        fields.add(e, message(N_("Period {n} must end after it starts."), n=number))
    elif after is not None and start < after:
        text = N_("Period {n} starts before the previous period ends.")
        fields.add(s, message(text, n=number))
    return BellPeriod(shift, number, f"{start // 60:02d}:{start % 60:02d}",
                      f"{end // 60:02d}:{end % 60:02d}")  # fmt: skip


def _shift_periods(data: SchoolData, fields: Fields, shift: str) -> list[BellPeriod]:
    count = len(data.shifts[shift])
    if fields.flag(f"remove_last:{shift}") and count > 1:
        count -= 1
    elif fields.raw(f"start:{shift}:{count + 1}") or fields.raw(f"end:{shift}:{count + 1}"):
        count += 1  # the blank row at the end was filled: a period more
    out: list[BellPeriod] = []
    after: int | None = None
    for number in range(1, count + 1):
        bell = _period(fields, shift, number, after)
        if bell is None:
            after = None
            continue
        out.append(bell)
        after = int(bell.end[:2]) * 60 + int(bell.end[3:])
    return out


def _read_bells(data: SchoolData, fields: Fields) -> tuple[BellPeriod, ...]:
    return tuple(bell for shift in data.shifts for bell in _shift_periods(data, fields, shift))


def save_bells(
    session: Session, *, data: SchoolData, form: dict[str, Any], actor: str
) -> Saved | None:
    """The edited bell schedules (times HH:MM, in order, not overlapping): `save_collection`."""
    return save_collection(session, data, form, actor, "bells", _read_bells)


def save_collection(
    session: Session, data: SchoolData, form: dict[str, Any], actor: str, name: str,
    read: Callable[[SchoolData, Fields], tuple[Any, ...]],
) -> Saved | None:  # fmt: skip
    """Stores a whole collection of the snapshot, edited in one form, as a new data version.

    Args:
        session: the open session `data` was read in; the caller commits.
        data: the viewer's school's current data, from `load`.
        form: the submitted form.
        actor: the viewer's login.
        name: the form's name, which is also the snapshot collection it edits ("bells").
        read: the edited collection read from the form (problems gather in the `Fields`).

    Returns:
        The new version with its changes, or None when nothing changed.

    Raises:
        FieldErrors: every bad field, or a form drawn from other data; nothing is written.
    """
    fields = Fields(form)
    check_form(fields, name, getattr(data.snapshot, name))
    items = read(data, fields)
    if fields.errors:
        raise FieldErrors(fields.errors)
    changes: dict[str, Any] = {name: items}
    return store_edit(session, data, replace(data.snapshot, **changes), "", actor)


# --- terms and holidays ------------------------------------------------------------------


def terms_form(data: SchoolData) -> FormValues:
    """Every term and its holidays as the form shows them (t1_name, t1h2_start, ...)."""
    values = FormValues(_form="terms", _stamp=fingerprint(data.snapshot.terms))
    for i, term in enumerate(data.snapshot.terms):
        values.update({f"t{i}_name": term.name, f"t{i}_start": term.start.isoformat(),
                       f"t{i}_end": term.end.isoformat()})  # fmt: skip
        for j, h in enumerate(term.holidays):
            values.update({f"t{i}h{j}_name": h.name, f"t{i}h{j}_start": h.start.isoformat(),
                           f"t{i}h{j}_end": h.end.isoformat()})  # fmt: skip
    return values


def _day(fields: Fields, name: str, label: str) -> date | None:
    try:
        return date.fromisoformat(fields.raw(name))
    except ValueError:
        text = N_("{field}: give a date as YYYY-MM-DD.")
        fields.add(name, message(text, field=Message(label)))
        return None


def _span(fields: Fields, prefix: str) -> tuple[str, date, date] | None:
    """A name with a first and a last day, in order ('t1' reads t1_name, t1_start, t1_end)."""
    name = fields.text(f"{prefix}_name", LABELS["name"], required=True)
    first = _day(fields, f"{prefix}_start", LABELS["first"])
    last = _day(fields, f"{prefix}_end", LABELS["last"])
    if first is None or last is None:
        return None
    if last < first:
        fields.add(f"{prefix}_end", message(N_("The last day comes before the first day.")))
        return None
    return name, first, last


def _filled(fields: Fields, prefix: str) -> bool:
    return any(fields.raw(f"{prefix}_{n}") for n in ("name", "start", "end"))


def _holidays(
    fields: Fields, i: int, given: int, term: tuple[str, date, date] | None
) -> list[Holiday]:
    out: list[tuple[str, Holiday]] = []
    for j in range(given + 1):  # the last one is the blank row for a new holiday
        prefix = f"t{i}h{j}"
        if fields.flag(f"{prefix}_remove") or (j == given and not _filled(fields, prefix)):
            continue
        span = _span(fields, prefix)
        if span is None:
            continue
        if term is not None and not term[1] <= span[1] <= span[2] <= term[2]:
            text = N_("The holiday {name} is not inside its term {term}.")
            fields.add(f"{prefix}_start", message(text, name=span[0], term=term[0]))
        out.append((prefix, Holiday(*span)))
    _overlaps(fields, out, N_("The holiday {name} overlaps the holiday {other}."))
    return [h for _, h in out]


def _overlaps(fields: Fields, spans: list[tuple[str, Any]], text: str) -> None:
    """Names each span that begins before the one before it in time has ended."""
    ordered = sorted(spans, key=lambda pair: pair[1].start)
    for (_, a), (prefix, b) in pairwise(ordered):
        if b.start <= a.end:
            fields.add(f"{prefix}_start", message(text, name=b.name, other=a.name))


def _read_terms(data: SchoolData, fields: Fields) -> tuple[TermInfo, ...]:
    terms: list[tuple[str, TermInfo]] = []
    given = len(data.snapshot.terms)
    for i in range(given + 1):  # the last one is the blank row for a new term
        if fields.flag(f"t{i}_remove") or (i == given and not _filled(fields, f"t{i}")):
            continue
        old = data.snapshot.terms[i].holidays if i < given else ()
        span = _span(fields, f"t{i}")
        holidays = _holidays(fields, i, len(old), span)
        if span is None:
            continue
        terms.append((f"t{i}", TermInfo(*span, holidays=tuple(holidays))))
    _overlaps(fields, terms, N_("The term {name} overlaps the term {other}."))
    return tuple(sorted((t for _, t in terms), key=lambda t: t.start))


def save_terms(
    session: Session, *, data: SchoolData, form: dict[str, Any], actor: str
) -> Saved | None:
    """The edited terms and holidays (dates in order, holidays inside their term, nothing
    overlapping): `save_collection`."""
    return save_collection(session, data, form, actor, "terms", _read_terms)
