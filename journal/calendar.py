"""Which lessons happen on a date: the published timetable, the term calendar and published covers.

The journal reads these from the store tables (it does not import the solver or substitutions):
a date is a school day when it falls in a term, outside the term's holidays, on one of the
school's working weekdays; its lessons are the published timetable's placements of that weekday,
changed by the covers that the day's last publication told people about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from models.journal import TermClosure
from models.lessons import LessonTeacher
from models.school import Holiday, School, Term
from models.substitutions import CANCEL, COVER, MERGE, MOVE, STUDY, Cover, CoverPlan
from models.timetable import PlacedLesson, TimetableVersion


@dataclass(frozen=True, slots=True)
class HeldLesson:
    """One unit of a lesson requirement as held on a date, and who keeps its register."""

    day: date
    lesson_id: int
    unit: int
    shift: str
    period: int  # as held: a moved lesson has its new period here
    room_id: int | None
    teachers: tuple[int, ...]  # the lesson's own teachers
    keepers: tuple[int, ...]  # who keeps the register that day (a substitute, when covered)
    cover_id: int | None = None  # the published cover that changed it
    action: str = ""  # "" as planned, else the cover's action (cover, study, merge, move, room)


@dataclass(frozen=True, slots=True)
class Calendar:
    """A school's working weekdays, terms and holidays, read once."""

    days_per_week: int
    terms: tuple[Term, ...]
    holidays: tuple[Holiday, ...]

    def term_of(self, day: date) -> Term | None:
        """The term the date falls in (holidays included), or None between terms."""
        return next((t for t in self.terms if t.starts_on <= day <= t.ends_on), None)

    def holiday_of(self, day: date) -> Holiday | None:
        """The holiday the date falls in, if any."""
        return next((h for h in self.holidays if h.starts_on <= day <= h.ends_on), None)

    def is_school_day(self, day: date) -> bool:
        """True when lessons are held: a working weekday in a term, not in a holiday."""
        return (
            day.weekday() < self.days_per_week
            and self.term_of(day) is not None
            and self.holiday_of(day) is None
        )

    def school_days(self, start: date, end: date) -> Iterator[date]:
        """The school days from `start` to `end` (inclusive)."""
        day = start
        while day <= end:
            if self.is_school_day(day):
                yield day
            day += timedelta(days=1)

    def term_before(self, day: date) -> Term | None:
        """The term containing the date, or else the last one that ended before it."""
        ended = [t for t in self.terms if t.starts_on <= day]
        return max(ended, key=lambda t: t.starts_on, default=None)


def school_calendar(session: Session, *, school_id: int) -> Calendar:
    """The school's calendar (terms and holidays that are not deleted)."""
    school = session.get(School, school_id)
    terms = session.exec(
        select(Term)
        .where(Term.school_id == school_id, col(Term.deleted_at).is_(None))
        .order_by(col(Term.starts_on))
    ).all()
    holidays = session.exec(select(Holiday).where(Holiday.school_id == school_id)).all()
    live = {t.id for t in terms}
    return Calendar(
        school.days_per_week if school else 5,
        tuple(terms),
        tuple(h for h in holidays if h.term_id in live),
    )


def term_closed(session: Session, *, school_id: int, term: str) -> bool:
    """Whether the named term is closed: it has a closure row not reopened (as grades read it)."""
    row = session.exec(
        select(TermClosure.id).where(
            TermClosure.school_id == school_id, TermClosure.term == term,
            col(TermClosure.reopened_at).is_(None),
        )
    ).first()  # fmt: skip
    return row is not None


def _published_version(session: Session, school_id: int) -> int | None:
    return session.exec(
        select(TimetableVersion.id).where(
            TimetableVersion.school_id == school_id, col(TimetableVersion.published).is_(True)
        )
    ).first()


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back; the store writes UTC
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _told(cover: Cover, plan: CoverPlan) -> bool:
    """Part of what the plan's last publication told: published, and not replaced before it."""
    if cover.published_revision is None:
        return False
    deleted, published = _aware(cover.deleted_at), _aware(plan.published_at)
    return deleted is None or (published is not None and deleted > published)


def published_day_covers(
    session: Session, *, school_id: int, start: date, end: date
) -> dict[tuple[date, int, int], Cover]:
    """(day, lesson id, unit) -> the published cover of that lesson, for days in the range."""
    rows = session.exec(
        select(Cover, CoverPlan)
        .join(CoverPlan, col(CoverPlan.id) == col(Cover.plan_id))
        .where(
            Cover.school_id == school_id, CoverPlan.school_id == school_id,
            col(CoverPlan.revision) >= 1, col(CoverPlan.day) >= start, col(CoverPlan.day) <= end,
            col(Cover.published_revision).is_not(None),
        )
        .order_by(col(Cover.id))
    ).all()  # fmt: skip
    return {(p.day, c.lesson_id, c.unit): c for c, p in rows if _told(c, p)}


def _teachers_of(
    session: Session, school_id: int, lesson_ids: Iterable[int] | None
) -> dict[int, tuple[int, ...]]:
    """Lesson id -> its teachers in order; None: every lesson of the school."""
    query = select(LessonTeacher.lesson_id, LessonTeacher.teacher_id).where(
        LessonTeacher.school_id == school_id
    )
    if lesson_ids is not None:
        wanted = sorted(set(lesson_ids))
        if not wanted:
            return {}
        query = query.where(col(LessonTeacher.lesson_id).in_(wanted))
    out: dict[int, list[int]] = defaultdict(list)
    for lesson, teacher in session.exec(
        query.order_by(col(LessonTeacher.position), col(LessonTeacher.id))
    ):
        out[lesson].append(teacher)
    return {k: tuple(v) for k, v in out.items()}


def _with_cover(
    held: HeldLesson, cover: Cover | None, teachers: dict[int, tuple[int, ...]]
) -> HeldLesson:
    """The lesson as the cover changes it (a cancelled one keeps action "cancel" and no keepers)."""
    if cover is None:
        return held
    changed = replace(held, cover_id=cover.id, action=cover.action)
    if cover.action in (COVER, STUDY):
        keepers = (cover.substitute_id,) if cover.substitute_id is not None else ()
        return replace(changed, keepers=keepers, room_id=cover.room_id or held.room_id)
    if cover.action == MERGE:
        # the group sits in the other lesson: its teacher sees them and keeps this register too
        return replace(changed, keepers=teachers.get(cover.merged_with or 0, ()))
    if cover.action == MOVE and cover.to_period is not None:
        return replace(changed, period=cover.to_period, room_id=cover.room_id or held.room_id)
    if cover.action == CANCEL:
        return replace(changed, keepers=())
    return replace(changed, room_id=cover.room_id or held.room_id)


Placement = tuple[int, int, int, str, int, int | None]  # lesson, unit, weekday, shift, period, room


def _placements(
    session: Session, school_id: int, version: int, weekdays: set[int], lesson_ids: set[int] | None
) -> list[Placement]:
    """The published placements on these weekdays (of these lessons), as plain tuples."""
    query = select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
        PlacedLesson.lesson_id, PlacedLesson.unit, PlacedLesson.day, PlacedLesson.shift,
        PlacedLesson.period, PlacedLesson.room_id,
    ).where(
        PlacedLesson.school_id == school_id, PlacedLesson.timetable_version_id == version,
        col(PlacedLesson.day).in_(sorted(weekdays)),
    )  # fmt: skip
    if lesson_ids is not None:
        query = query.where(col(PlacedLesson.lesson_id).in_(sorted(lesson_ids)))
    return list(session.exec(query).all())


def _own_lessons(session: Session, school_id: int, teacher_id: int) -> set[int]:
    return set(
        session.exec(
            select(LessonTeacher.lesson_id).where(
                LessonTeacher.school_id == school_id, LessonTeacher.teacher_id == teacher_id
            )
        ).all()
    )


def held_lessons(
    session: Session,
    *,
    school_id: int,
    start: date,
    end: date,
    teacher_id: int | None = None,
    lesson_ids: Iterable[int] | None = None,
    calendar: Calendar | None = None,
) -> list[HeldLesson]:
    """The lessons held on the school days from `start` to `end`, covers applied.

    Args:
        session: an open session.
        school_id: the school.
        start: the first day.
        end: the last day (inclusive).
        teacher_id: only the lessons this teacher keeps the register of (their own, minus those
            a substitute covers, plus the covers they took).
        lesson_ids: only these lesson requirements (a student's, a class's); None: all.
        calendar: the school's calendar, when the caller has read it already.

    Returns:
        The lessons by day, shift, period, lesson and unit; cancelled lessons are left out.
    """
    calendar = calendar or school_calendar(session, school_id=school_id)
    days = list(calendar.school_days(start, end))
    version = _published_version(session, school_id)
    if not days or version is None:
        return []
    covers = published_day_covers(session, school_id=school_id, start=start, end=end)
    wanted = None if lesson_ids is None else set(lesson_ids)
    if teacher_id is not None:
        own = _own_lessons(session, school_id, teacher_id)
        merged_into_own = {c.lesson_id for c in covers.values() if c.merged_with in own}
        taken = {c.lesson_id for c in covers.values() if c.substitute_id == teacher_id}
        mine = own | taken | merged_into_own
        wanted = mine if wanted is None else wanted & mine
    placed = _placements(session, school_id, version, {d.weekday() for d in days}, wanted)
    merged = [c.merged_with for c in covers.values() if c.merged_with is not None]
    teachers = _teachers_of(
        session, school_id, None if wanted is None else [p[0] for p in placed] + merged
    )
    by_weekday: dict[int, list[Placement]] = defaultdict(list)
    for p in placed:
        by_weekday[p[2]].append(p)
    out = []
    for day in days:
        for lesson, unit, _, shift, period, room in by_weekday.get(day.weekday(), ()):
            own_teachers = teachers.get(lesson, ())
            held = HeldLesson(day, lesson, unit, shift, period, room, own_teachers, own_teachers)
            held = _with_cover(held, covers.get((day, lesson, unit)), teachers)
            if held.action == CANCEL or (teacher_id is not None and teacher_id not in held.keepers):
                continue
            out.append(held)
    return sorted(out, key=lambda h: (h.day, h.shift, h.period, h.lesson_id, h.unit))


def held_lesson(
    session: Session,
    *,
    school_id: int,
    day: date,
    lesson_id: int,
    unit: int,
    calendar: Calendar | None = None,
) -> HeldLesson | None:
    """One lesson unit as held on a date (covers applied), or None when it is not held then."""
    calendar = calendar or school_calendar(session, school_id=school_id)
    version = _published_version(session, school_id)
    if version is None or not calendar.is_school_day(day):
        return None
    placed = session.exec(
        select(PlacedLesson).where(
            PlacedLesson.school_id == school_id, PlacedLesson.timetable_version_id == version,
            PlacedLesson.lesson_id == lesson_id, PlacedLesson.unit == unit,
            PlacedLesson.day == day.weekday(),
        )
    ).first()  # fmt: skip
    if placed is None:
        return None
    cover = published_day_covers(session, school_id=school_id, start=day, end=day).get(
        (day, lesson_id, unit)
    )
    teachers = _teachers_of(
        session, school_id, [lesson_id, (cover.merged_with or 0) if cover else 0]
    )
    own = teachers.get(lesson_id, ())
    held = HeldLesson(day, lesson_id, unit, placed.shift, placed.period, placed.room_id, own, own)
    held = _with_cover(held, cover, teachers)
    return None if held.action == CANCEL else held
