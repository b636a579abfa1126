"""Published covers in iCalendar feeds: the substitute's extra lessons, and each changed lesson's
occurrence overridden (RECURRENCE-ID) in its teacher's and class's weekly events.

Overrides carry the plan's revision as SEQUENCE, so a calendar app that refreshes the
subscription after a republication shows the correction; a withdrawn change simply disappears
and the weekly event shows again. Texts are in the school's language (a feed has no reader).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event
from sqlmodel import Session, select

from importers.ical import DEFAULT_TZ
from models.classes import SchoolClass
from models.i18n import N_, Message, message
from models.people import Teacher
from models.school import School
from models.substitutions import CANCEL, COVER, MERGE, MOVE, ROOM_CHANGE, STUDY
from substitutions.published import REGISTER_ACTIONS, PublishedCover, published_covers
from web.i18n import translator
from web.services.timetables import VersionData

END = b"END:VCALENDAR\r\n"
HORIZON = timedelta(days=400)  # without terms: published days this far around today


def _note(item: PublishedCover, absent_view: bool) -> Message:
    """What happens to the lesson, in a few words for the event's title."""
    if item.action == CANCEL:
        return message(N_("Cancelled"))
    notes = {
        COVER: N_("Covered by {teacher}") if absent_view else N_("{teacher} covers"),
        STUDY: N_("Supervised study with {teacher}"),
        MERGE: N_("Joins {lesson}"),
        MOVE: N_("Moved to period {period}"),
        ROOM_CHANGE: N_("In room {room}"),
    }
    return message(
        notes.get(item.action, N_("Changed")), teacher=item.substitute, lesson=item.partner,
        period=item.to_period or 0, room=item.room or "",
    )  # fmt: skip


class _Feed:
    """One owner's feed: its weekly events by UID, the timetable's ids and the school's words."""

    def __init__(self, body: bytes, vd: VersionData, translate: Callable[[str], str]) -> None:
        self.vd, self.translate = vd, translate
        self.zone = ZoneInfo(DEFAULT_TZ)
        self.events = {str(e["uid"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
        tt = vd.timetable
        self.lesson = {tt.keys[p.lesson]: p for p in tt.placements}
        self.period = {
            (tt.shift_codes[q.shift], q.number): q for q in tt.problem.periods
        }  # fmt: skip
        self.stamp = datetime.now(self.zone).replace(microsecond=0)

    def _term(self, day: date) -> int | None:
        terms = self.vd.snapshot.terms
        return next((i for i, t in enumerate(terms) if t.start <= day <= t.end), None)

    def _base(self, item: PublishedCover) -> Component | None:
        """The weekly event whose occurrence on the item's day the change is about."""
        placed, term = self.lesson.get((item.lesson.key, item.unit)), self._term(item.day)
        if placed is None or term is None:
            return None
        suffix = f"-lesson{placed.lesson}-term{term}@sabaq"
        return next((e for uid, e in self.events.items() if uid.endswith(suffix)), None)

    def override(self, item: PublishedCover, absent_view: bool) -> Event | None:
        """The occurrence of the lesson on that day, as changed."""
        base = self._base(item)
        if base is None:
            return None
        start: datetime = base.decoded("dtstart")
        length = base.decoded("dtend") - start
        original = datetime.combine(item.day, start.timetz())
        ev = Event()
        for name in ("uid", "location", "description", "categories"):
            if name in base:
                ev.add(name, base[name])
        ev.add("recurrence-id", original)
        begin = original
        moved = self.period.get((item.shift, item.to_period or 0))
        if item.action == MOVE and moved is not None:
            begin = self._at(item.day, moved.start)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + length)
        ev.add("dtstamp", self.stamp)
        ev.add("sequence", item.revision)
        note = _note(item, absent_view).render(self.translate)
        ev.add("summary", f"{note}: {base['summary']}")
        away = absent_view and item.action not in (MOVE, ROOM_CHANGE)
        if item.action == CANCEL or away:
            ev.add("status", "CANCELLED")
        return ev

    def cover(self, item: PublishedCover) -> Event | None:
        """A lesson the owner takes for someone else: an event of its own on that day."""
        q = self.period.get((item.shift, item.period))
        if q is None:
            return None
        ev = Event()
        ident = f"{item.lesson_id}-{item.unit}-{item.shift}-{item.period}"
        ev.add("uid", f"cover-{self.vd.school_id}-{item.day.isoformat()}-{ident}@sabaq")
        ev.add("dtstamp", self.stamp)
        ev.add("sequence", item.revision)
        ev.add("dtstart", self._at(item.day, q.start))
        ev.add("dtend", self._at(item.day, q.end))
        title = (
            N_("Supervised study: {lesson} instead of {teacher}")
            if item.action == STUDY
            else N_("Cover: {lesson} instead of {teacher}")
        )
        text = message(title, lesson=item.lesson.label, teacher=item.absent_teacher)
        ev.add("summary", text.render(self.translate))
        if item.where:
            ev.add("location", item.where)
        ev.add("description", item.reason.render(self.translate))
        return ev

    def _at(self, day: date, minutes: int) -> datetime:
        return datetime.combine(day, time(minutes // 60, minutes % 60), self.zone)


def _window(vd: VersionData) -> tuple[date, date]:
    terms = vd.snapshot.terms
    if terms:
        return min(t.start for t in terms), max(t.end for t in terms)
    today = date.today()
    return today - HORIZON, today + HORIZON


def _owner_items(
    session: Session, vd: VersionData, kind: str, ref: str
) -> tuple[list[PublishedCover], int | None]:
    """The published changes of a teacher's or class's feed, and the teacher's id."""
    start, end = _window(vd)
    sid = vd.school_id
    if kind == "teacher":
        teacher = session.exec(
            select(Teacher).where(Teacher.school_id == sid, Teacher.code == ref)
        ).first()
        if teacher is None or teacher.id is None:
            return [], None
        items = published_covers(
            session, school_id=sid, start=start, end=end, teacher_id=teacher.id
        )
        return items, teacher.id
    if kind == "class":
        klass = session.exec(
            select(SchoolClass).where(SchoolClass.school_id == sid, SchoolClass.code == ref)
        ).first()
        if klass is None or klass.id is None:
            return [], None
        items = published_covers(session, school_id=sid, start=start, end=end)
        return [x for x in items if x.concerns_class(klass.id)], None
    return [], None


def with_covers(session: Session, vd: VersionData, kind: str, ref: str, body: bytes) -> bytes:
    """A teacher's or class's feed with its published covers added (other feeds unchanged)."""
    items, teacher_id = _owner_items(session, vd, kind, ref)
    if not items:
        return body
    school = session.get(School, vd.school_id)
    feed = _Feed(body, vd, translator(school.language if school else None).gettext)
    events = _events(feed, items, teacher_id)
    if not events:
        return body
    assert body.endswith(END)
    return body[: -len(END)] + b"".join(e.to_ical() for e in events) + END


def _events(feed: _Feed, items: Sequence[PublishedCover], teacher_id: int | None) -> list[Event]:
    """One event per cover taken, one override per changed occurrence (the first change of a
    double lesson's occurrence speaks for it)."""
    out: list[Event] = []
    seen: set[tuple[str, datetime]] = set()
    for item in items:
        takes = teacher_id is not None and item.substitute_id == teacher_id
        if takes and item.action in REGISTER_ACTIONS:
            ev = feed.cover(item)
        else:
            ev = feed.override(
                item, teacher_id is not None and item.absent_teacher_id == teacher_id
            )
        if ev is None:
            continue
        if "recurrence-id" in ev:
            key = (str(ev["uid"]), ev.decoded("recurrence-id"))
            if key in seen:
                continue
            seen.add(key)
        out.append(ev)
    return out
