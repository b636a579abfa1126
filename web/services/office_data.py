"""School data in the office: data versions with their changes, and the basic settings form.

A settings edit never changes rows in place: the current data is read as a snapshot, edited
and stored through `apply_snapshot` as a new data version, so its change list and every
earlier version stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlmodel import Session

from importers.grids import natural_key
from models.changes import diff_snapshots
from models.errors import StoreError
from models.history import DataVersion
from models.i18n import N_, Message, message
from models.school_data import (
    ImportResult,
    apply_snapshot,
    list_changes,
    list_data_versions,
    read_snapshot,
)
from models.snapshot import SchoolSnapshot, TeacherInfo
from web.services.office import school_of

# Per teacher: the form field suffix, the TeacherInfo field, its label, the lowest value.
TEACHER_FIELDS: tuple[tuple[str, str, str, int], ...] = (
    ("max_per_day", "max_per_day", N_("Most lessons a day"), 1),
    ("max_per_week", "max_per_week", N_("Most lessons a week"), 1),
    ("max_changes", "max_building_changes", N_("Most building changes a day"), 0),
)


class FormErrors(StoreError):
    """Some fields of a form hold values the school data cannot take; each is named."""


@dataclass(frozen=True)
class DataHistory:
    """The school's data versions (newest first) and the changes of the chosen one."""

    versions: tuple[DataVersion, ...]
    chosen: int | None
    changes: tuple[Message, ...]
    more: int  # changes left out of a long list


def data_history(
    session: Session, *, school_id: int, version: int | None, limit: int = 500
) -> DataHistory:
    """Every data version of the viewer's school and the change list of one (default: newest).

    Raises:
        NotFound: the school is gone.
    """
    code = school_of(session, school_id).code
    versions = tuple(reversed(list_data_versions(session, school_code=code)))
    numbers = {v.number for v in versions}
    chosen = version if version in numbers else (versions[0].number if versions else None)
    changes = []
    if chosen is not None and limit > 0:  # the start page shows no change list
        changes = list_changes(session, school_code=code, version=chosen)
    lines = tuple(c.message() for c in changes[:limit])
    return DataHistory(versions, chosen, lines, max(0, len(changes) - limit))


@dataclass(frozen=True)
class SettingsForm:
    """The values the settings form shows (as typed, so a refused form keeps them)."""

    class_no_gaps: bool
    late_after: str
    max_building_changes: str
    teachers: tuple[tuple[str, str, dict[str, str]], ...]  # (code, name, field -> value)


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def current_settings(session: Session, *, school_id: int) -> SettingsForm:
    """The school's current settings and teachers' limits, as the form shows them.

    Raises:
        NotFound: the school is gone.
    """
    snapshot = read_snapshot(session, school_code=school_of(session, school_id).code)
    return _form_of(snapshot)


def _form_of(snapshot: SchoolSnapshot) -> SettingsForm:
    s = snapshot.settings
    teachers = sorted(snapshot.teachers, key=lambda t: (natural_key(t.name), t.code))
    rows = tuple(
        (t.code, t.name, {key: _text(getattr(t, name)) for key, name, _, _ in TEACHER_FIELDS})
        for t in teachers
    )
    return SettingsForm(s.class_no_gaps, str(s.late_after), _text(s.max_building_changes), rows)


def submitted(data: Mapping[str, str], current: SettingsForm) -> SettingsForm:
    """The form as the browser sent it, teacher rows matched by code (`<field>:<code>`)."""
    rows = tuple(
        (
            code,
            name,
            {key: data.get(f"{key}:{code}", "").strip() for key, _, _, _ in TEACHER_FIELDS},
        )
        for code, name, _ in current.teachers
    )
    return SettingsForm(
        data.get("class_no_gaps") in ("on", "1", "true"),
        data.get("late_after", "").strip(),
        data.get("max_building_changes", "").strip(),
        rows,
    )


def _limit(text: str, low: int, label: Message, errors: list[Message]) -> int | None:
    """An optional whole number >= low ('' = no limit); a bad value adds an error."""
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if value < low or value > 99:
        errors.append(message(N_("{field}: give a whole number from {low} to 99, or leave it "
                                 "empty for no limit."), field=label, low=low))  # fmt: skip
        return None
    return value


def _edited(snapshot: SchoolSnapshot, form: SettingsForm, errors: list[Message]) -> SchoolSnapshot:
    late = _limit(form.late_after, 1, Message(N_("Hard subjects are late after period")), errors)
    if late is None and not errors:
        text = N_("{field}: a period number is required.")
        errors.append(message(text, field=Message(N_("Hard subjects are late after period"))))
    changes = _limit(form.max_building_changes, 0, Message(N_("Most building changes a day")),
                     errors)  # fmt: skip
    rows = {code: values for code, _, values in form.teachers}
    teachers: list[TeacherInfo] = []
    for t in snapshot.teachers:
        values = rows.get(t.code)
        if values is None:  # a teacher added since the form was drawn keeps their limits
            teachers.append(t)
            continue
        edits = {}
        for key, name, label, low in TEACHER_FIELDS:
            what = message(N_("{teacher}: {field}"), teacher=t.name, field=Message(label))
            edits[name] = _limit(values.get(key, ""), low, what, errors)
        teachers.append(replace(t, **edits))  # type: ignore[arg-type]
    settings = replace(
        snapshot.settings, class_no_gaps=form.class_no_gaps,
        late_after=late if late is not None else snapshot.settings.late_after,
        max_building_changes=changes,
    )  # fmt: skip
    return replace(snapshot, settings=settings, teachers=tuple(teachers))


def save_settings(
    session: Session, *, school_id: int, data: Mapping[str, str], actor: str
) -> ImportResult | None:
    """Store the edited settings as a new data version (None when nothing changed).

    Args:
        session: an open session; the caller commits.
        school_id: the viewer's school.
        data: the submitted form.
        actor: the viewer's login (the version's source reads "edited by <login>").

    Returns:
        The new data version and its changes, or None when the form changed nothing.

    Raises:
        FormErrors: every field with a value the data cannot take, named.
        InvalidSnapshot: the edited data is inconsistent (not expected from this form).
    """
    code = school_of(session, school_id).code
    snapshot = read_snapshot(session, school_code=code)
    errors: list[Message] = []
    edited = _edited(snapshot, submitted(data, _form_of(snapshot)), errors)
    if errors:
        raise FormErrors("bad_settings", errors)
    if not diff_snapshots(snapshot, edited):
        return None
    return apply_snapshot(session, edited, source=f"edited by {actor}", actor=actor)
