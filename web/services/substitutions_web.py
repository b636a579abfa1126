"""Web glue for substitutions: forms read into service arguments, what the deputy's pages show."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from importers.grids import natural_key
from models.accounts import UserAccount
from models.classes import SchoolClass
from models.curriculum import Bell
from models.errors import StoreError
from models.i18n import N_, Message, message
from models.people import Teacher
from models.places import Room
from models.substitutions import ABSENCE_KINDS, CANCEL, COVER, MERGE, MOVE, ROOM_CHANGE, STUDY
from substitutions.absences import AbsenceView, list_absences
from substitutions.build import CoverBuildError
from substitutions.schemas import DayPlan
from substitutions.services import day_board
from web.i18n import translator

DEPUTY_ACTIONS = (COVER, STUDY, MERGE, MOVE, ROOM_CHANGE, CANCEL)


class FormError(StoreError):
    """A form the services cannot take as it is; every problem in a sentence."""


def translate_for(language: str) -> Callable[[str], str]:
    """The gettext function of a language, for notices written in each reader's language."""
    return translator(language).gettext


def parse_day(text: str | None) -> date | None:
    """A date from a form or query ("2026-09-08"), or None when missing or malformed."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def tomorrow() -> date:
    """The day a deputy plans by default: tomorrow, Sunday skipped."""
    day = date.today() + timedelta(days=1)
    return day + timedelta(days=1) if day.weekday() == 6 else day


def parse_periods(text: str) -> tuple[int, ...]:
    """Period numbers from "1-3, 5" (empty text: the whole day).

    Raises:
        FormError: the text is not numbers and ranges.
    """
    out: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()) or int(high or low) < int(low):
            text_ = N_("Periods: write numbers and ranges such as 1-3, 5 (“{text}” is not).")
            raise FormError("bad_periods", [message(text_, text=text)])
        out.extend(range(int(low), int(high or low) + 1))
    return tuple(sorted(set(out)))


@dataclass(frozen=True, slots=True)
class AbsenceForm:
    """An absence as a form gives it, read into `add_absence` arguments."""

    kind: str
    ref: str
    starts_on: date
    ends_on: date | None
    periods: tuple[int, ...]
    shift: str
    reason: str

    @classmethod
    def read(cls, data: Mapping[str, str], *, ref: str | None = None) -> AbsenceForm:
        """The form's fields; `ref` given (a teacher reporting their own absence) wins.

        Raises:
            FormError: every field that cannot be read, at once.
        """
        problems: list[Message] = []
        kind = data.get("kind", "teacher").strip() or "teacher"
        if kind not in ABSENCE_KINDS:
            problems.append(message(N_("There is no kind of absence “{kind}”."), kind=kind))
        start = parse_day(data.get("starts_on"))
        if start is None:
            problems.append(message(N_("From: choose the first day (a date).")))
        end_text = data.get("ends_on", "").strip()
        end = parse_day(end_text) if end_text else None
        if end_text and end is None:
            problems.append(message(N_("To: choose the last day (a date) or leave it empty.")))
        periods: tuple[int, ...] = ()
        try:
            periods = parse_periods(data.get("periods", ""))
        except FormError as exc:
            problems.extend(exc.messages)
        if problems or start is None:
            raise FormError("bad_absence_form", problems)
        return cls(
            kind, ref if ref is not None else data.get(kind, data.get("ref", "")).strip(), start,
            end, periods, data.get("shift", "").strip(), data.get("reason", "").strip(),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Choices:
    """What the absence form offers: teachers, rooms, classes and shifts of the school."""

    teachers: tuple[tuple[str, str], ...]  # (code, name)
    rooms: tuple[str, ...]
    classes: tuple[str, ...]
    shifts: tuple[str, ...]


def _shift_key(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (10**9, code)


def absence_choices(session: Session, school_id: int) -> Choices:
    """The school's live teachers, rooms, classes and shifts for the absence form."""
    teachers = session.exec(
        select(Teacher).where(Teacher.school_id == school_id, col(Teacher.deleted_at).is_(None))
    ).all()
    rooms = session.exec(
        select(Room.code).where(Room.school_id == school_id, col(Room.deleted_at).is_(None))
    ).all()
    classes = session.exec(
        select(SchoolClass.code).where(
            SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None)
        )
    ).all()
    shifts = session.exec(
        select(Bell.shift).where(Bell.school_id == school_id, col(Bell.deleted_at).is_(None))
    ).all()
    return Choices(
        tuple((t.code, t.name) for t in sorted(teachers, key=lambda t: t.name)),
        tuple(sorted(rooms, key=natural_key)),
        tuple(sorted(classes, key=natural_key)),
        tuple(sorted(set(shifts), key=_shift_key)),
    )


def account_names(session: Session, school_id: int, ids: set[int]) -> dict[int, str]:
    """Account id -> name, for "reported by" on absences (the school's accounts only)."""
    if not ids:
        return {}
    rows = session.exec(
        select(UserAccount).where(
            UserAccount.school_id == school_id, col(UserAccount.id).in_(sorted(ids))
        )
    ).all()
    return {a.id: a.name for a in rows if a.id is not None}


@dataclass(frozen=True)
class Board:
    """The deputy's day: the plan as stored, the day's absences and what the forms offer."""

    day: date
    plan: DayPlan | None  # None when the day cannot be read (`problems` say why)
    absences: list[AbsenceView]
    reporters: dict[int, str]  # account id -> name of whoever entered an absence
    choices: Choices
    problems: tuple[Message, ...] = ()


def board(session: Session, *, school_id: int, day: date) -> Board:
    """Everything the day board shows.

    Raises:
        NotFound: the school has no published timetable.
    """
    plan: DayPlan | None = None
    problems: tuple[Message, ...] = ()
    try:
        plan = day_board(session, school_id=school_id, day=day)
    except CoverBuildError as exc:  # an absence names what the published timetable lacks
        problems = tuple(exc.problems)
    absences = list_absences(session, school_id=school_id, day=day)
    reporters = account_names(session, school_id, {a.created_by for a in absences if a.created_by})
    choices = absence_choices(session, school_id)
    return Board(day, plan, absences, reporters, choices, problems)


def int_or_none(text: str | None) -> int | None:
    """A whole number from a form field, or None when empty or not a number."""
    text = (text or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None
