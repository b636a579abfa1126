"""The specialists' yearly programme: copied from our template (or from last year's edited
programme) into a school year, edited, ticked off as done, and its completion reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from guidance.work.errors import WorkError, live_row
from guidance.work.programme_template import TEMPLATE
from models.base import utcnow
from models.guidance_work import TRACKS, ProgrammeItem
from models.i18n import N_, Message, message

GRADES = range(5, 12)
SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)  # the order of a school year


def school_year(day: date) -> int:
    """The school year a day falls in, named by the calendar year it starts in."""
    return day.year if day.month >= 8 else day.year - 1


def month_day(year: int, month: int) -> date:
    """The first day of a month of a school year (September of `year` ... August of year + 1)."""
    return date(year if month >= 9 else year + 1, month, 1)


def _order(item: ProgrammeItem) -> tuple[int, int, int, int]:
    return (SCHOOL_MONTHS.index(item.month), item.grade, TRACKS.index(item.track), item.id or 0)


def year_items(
    session: Session, *, school_id: int, year: int, grade: int | None = None,
    track: str | None = None,
) -> list[ProgrammeItem]:  # fmt: skip
    """A school year's live programme items, by month of the school year, grade and track."""
    query = select(ProgrammeItem).where(
        ProgrammeItem.school_id == school_id,
        ProgrammeItem.year == year,
        col(ProgrammeItem.deleted_at).is_(None),
    )
    if grade is not None:
        query = query.where(ProgrammeItem.grade == grade)
    if track is not None:
        query = query.where(ProgrammeItem.track == track)
    return sorted(session.exec(query).all(), key=_order)


def copy_template(
    session: Session, *, school_id: int, year: int, translate: Callable[[str], str]
) -> int:
    """Copies our default programme into a school year, in the school's language.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        year: the school year (its first calendar year).
        translate: the school language's gettext (the titles are written in it).

    Returns:
        How many items were added (template lines the year already has are skipped).
    """
    have = {i.template_key for i in year_items(session, school_id=school_id, year=year)}
    rows = [
        ProgrammeItem(
            school_id=school_id,
            year=year,
            grade=t.grade,
            track=t.track,
            month=t.month,
            title=translate(t.title),
            template_key=t.key,
        )
        for t in TEMPLATE
        if t.key not in have
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)


def copy_year(session: Session, *, school_id: int, from_year: int, to_year: int) -> int:
    """Copies a school year's programme (as the school edited it) into another year, not done.

    Raises:
        WorkError: the target year already has a programme, or the source has none.
    """
    if year_items(session, school_id=school_id, year=to_year):
        what = N_("The school year already has a programme.")
        raise WorkError("year_not_empty", [message(what)])
    source = year_items(session, school_id=school_id, year=from_year)
    if not source:
        raise WorkError("nothing_to_copy", [message(N_("That school year has no programme."))])
    rows = [
        ProgrammeItem(
            school_id=school_id,
            year=to_year,
            grade=i.grade,
            track=i.track,
            month=i.month,
            title=i.title,
            description=i.description,
            template_key=i.template_key,
        )
        for i in source
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)


def _checked(grade: int, track: str, month: int, title: str) -> None:
    problems: list[Message] = []
    if grade not in GRADES:
        problems.append(message(N_("The grade is 5 to 11.")))
    if track not in TRACKS:
        problems.append(message(N_("Choose career guidance or psychology.")))
    if not 1 <= month <= 12:
        problems.append(message(N_("Choose a month.")))
    if not title.strip():
        problems.append(message(N_("Write what the event is.")))
    if problems:
        raise WorkError("bad_programme_item", problems)


def add_item(
    session: Session, *, school_id: int, year: int, grade: int, track: str, month: int,
    title: str, description: str = "",
) -> ProgrammeItem:  # fmt: skip
    """Adds an event to a school year's programme.

    Raises:
        WorkError: a grade, track or month out of range, or no title.
    """
    _checked(grade, track, month, title)
    item = ProgrammeItem(school_id=school_id, year=year, grade=grade, track=track, month=month,
                         title=title.strip(), description=description.strip())  # fmt: skip
    session.add(item)
    session.flush()
    return item


def school_item(session: Session, *, school_id: int, item_id: int) -> ProgrammeItem:
    """A live programme item of the school.

    Raises:
        WorkNotFound: no such item in this school.
    """
    text = N_("There is no such programme item.")
    return live_row(session, ProgrammeItem, item_id, school_id, "item_not_found", text)


def edit_item(
    session: Session, *, school_id: int, item_id: int, grade: int, track: str, month: int,
    title: str, description: str,
) -> ProgrammeItem:  # fmt: skip
    """Changes an event of the programme.

    Raises:
        WorkNotFound: no such item in this school.
        WorkError: a grade, track or month out of range, or no title.
    """
    item = school_item(session, school_id=school_id, item_id=item_id)
    _checked(grade, track, month, title)
    item.grade, item.track, item.month = grade, track, month
    item.title, item.description = title.strip(), description.strip()
    session.add(item)
    return item


def remove_item(session: Session, *, school_id: int, item_id: int) -> ProgrammeItem:
    """Removes an event (soft delete)."""
    item = school_item(session, school_id=school_id, item_id=item_id)
    item.deleted_at = utcnow()
    session.add(item)
    return item


def set_done(
    session: Session, *, school_id: int, item_id: int, done: bool, user_id: int
) -> ProgrammeItem:
    """Marks an event done (who and when) or not done."""
    item = school_item(session, school_id=school_id, item_id=item_id)
    item.done = done
    item.done_at, item.done_by = (utcnow(), user_id) if done else (None, None)
    session.add(item)
    return item


@dataclass(frozen=True, slots=True)
class Completion:
    """Done and planned events of one grade and track (or a total), and those overdue."""

    grade: int | None
    track: str | None
    planned: int
    done: int
    overdue: int  # not done, and its month is over

    @property
    def percent(self) -> float | None:
        """Done out of planned, in percent."""
        return round(100 * self.done / self.planned, 1) if self.planned else None


def completion(session: Session, *, school_id: int, year: int, today: date) -> list[Completion]:
    """The completion of a school year's programme by track and grade, then by track, then in
    total.

    Args:
        session: an open session.
        school_id: the school.
        year: the school year.
        today: the day it is (what is overdue).

    Returns:
        One line per (track, grade) with items, one per track, and the total last.
    """
    items = year_items(session, school_id=school_id, year=year)

    def line(grade: int | None, track: str | None) -> Completion:
        mine = [i for i in items if grade in (None, i.grade) and track in (None, i.track)]
        late = [i for i in mine if not i.done and _month_over(year, i.month, today)]
        return Completion(grade, track, len(mine), sum(i.done for i in mine), len(late))

    lines = [line(g, t) for t in TRACKS for g in GRADES if any(
        i.grade == g and i.track == t for i in items)]  # fmt: skip
    return [*lines, *(line(None, t) for t in TRACKS), line(None, None)]


def _month_over(year: int, month: int, today: date) -> bool:
    first = month_day(year, month)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return today >= following
