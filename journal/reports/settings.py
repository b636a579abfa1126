"""The school's report settings: from what share of missed lessons absence is chronic.

The threshold lives in `models.school.SchoolSettings.chronic_absence_percent` (default 10 %).
It is not timetable data: imports and timetable edits leave it alone; the school admin changes
it, and each change is audited with the old and the new value. A report page may still ask for
another threshold for a one-off look without changing the setting.
"""

from __future__ import annotations

from sqlmodel import Session, select

from journal.errors import JournalError
from models.audit import record_audit
from models.i18n import N_, message
from models.school import SchoolSettings

CHRONIC_PERCENT = 10.0  # the default, as the usual definition counts it


def _row(session: Session, school_id: int) -> SchoolSettings | None:
    query = select(SchoolSettings).where(SchoolSettings.school_id == school_id)
    return session.exec(query).first()


def chronic_threshold(session: Session, *, school_id: int) -> float:
    """The percent of lessons missed from which the school's reports flag chronic absence.

    Args:
        session: an open session.
        school_id: the school.

    Returns:
        The school's setting, or `CHRONIC_PERCENT` before the school has a settings row.
    """
    row = _row(session, school_id)
    return float(row.chronic_absence_percent) if row is not None else CHRONIC_PERCENT


def parse_percent(text: str) -> float | None:
    """A percent as typed ("12", "7,5", "7.5 %"); None when it is no number above 0 up to 100."""
    cleaned = text.replace("%", "").replace(",", ".").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if 0 < value <= 100 else None


def set_chronic_threshold(
    session: Session, *, school_id: int, percent: str, actor: str
) -> SchoolSettings:
    """Changes the school's chronic-absence threshold (audited with the old and new value).

    Args:
        session: an open session; the change is written when it commits.
        school_id: the school.
        percent: the threshold as the admin typed it ("12", "7,5").
        actor: the admin's login.

    Returns:
        The settings row (created when the school had none).

    Raises:
        JournalError: `bad_threshold` when the text is no number above 0 up to 100.
    """
    value = parse_percent(percent)
    if value is None:
        what = N_("Chronic absence: give a percent above 0 and up to 100, not “{value}”.")
        raise JournalError("bad_threshold", [message(what, value=percent.strip())])
    row = _row(session, school_id) or SchoolSettings(school_id=school_id)
    old = float(row.chronic_absence_percent)
    if row.id is not None and old == value:
        return row
    row.chronic_absence_percent = value
    session.add(row)
    session.flush()
    record_audit(
        session, school_id=school_id, actor=actor, action="change_report_settings",
        entity=f"school_settings:{row.id}",
        details={"field": "chronic_absence_percent", "old": old, "new": value},
    )  # fmt: skip
    return row
