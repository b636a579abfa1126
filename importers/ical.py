"""A solved timetable as iCalendar: weekly events with the terms' real dates, holidays left out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from importers.export_xlsx import involves
from models.snapshot import TermInfo
from solver.problem import Problem
from solver.solution import Placement, Solution

DEFAULT_TZ = "Asia/Almaty"


def export_ical(
    problem: Problem, solution: Solution, terms: Sequence[TermInfo], *, tz: str = DEFAULT_TZ
) -> dict[str, bytes]:
    """One calendar per teacher, class and room that has lessons.

    Keys are "teacher-<code>", "class-<code>" and "room-<code>". Each lesson is one event per
    term, repeating weekly until the term's last day, with EXDATEs on holidays; times are the
    bell times in `tz` (a VTIMEZONE is included). UIDs stay the same across exports of the
    same problem, so calendar apps update events instead of duplicating them.
    """
    ex = _Ical(problem, terms, tz)
    owners = [("teacher", t.id, t.code, t.name) for t in problem.teachers]
    owners += [("class", c.id, c.code, c.code) for c in problem.classes]
    owners += [("room", r.id, r.code, r.name or r.code) for r in problem.rooms]
    out: dict[str, bytes] = {}
    for kind, owner, code, name in owners:
        key = f"{kind}-{code}"
        placements = [p for p in solution.placements if involves(problem, kind, owner, p)]
        if placements:
            out[key] = ex.calendar(name, placements)
    return out


def export_ical_for(
    problem: Problem,
    terms: Sequence[TermInfo],
    placements: Sequence[Placement],
    *,
    name: str,
    tz: str = DEFAULT_TZ,
) -> bytes:
    """One calendar of chosen placements (a person's, a class's or a room's lessons).

    The events and their UIDs are those `export_ical` writes, so a subscription and an exported
    file describe the same lessons the same way.
    """
    return _Ical(problem, terms, tz).calendar(name, list(placements))


def export_ical_combined(
    problem: Problem, solution: Solution, terms: Sequence[TermInfo], *, tz: str = DEFAULT_TZ
) -> bytes:
    """The whole school in one calendar: every lesson once."""
    return _Ical(problem, terms, tz).calendar(problem.name, list(solution.placements))


class _Ical:
    def __init__(self, problem: Problem, terms: Sequence[TermInfo], tz: str) -> None:
        self.p = problem
        self.terms = terms
        self.zone = ZoneInfo(tz)
        self.slug = re.sub(r"[^0-9A-Za-z]+", "-", problem.name).strip("-").lower() or "school"
        self.stamp = datetime.now(UTC).replace(microsecond=0)
        self.timezone = Timezone.from_tzid(tz)
        self.cache: dict[tuple[Placement, int], bytes] = {}

    def calendar(self, name: str, placements: list[Placement]) -> bytes:
        """A VCALENDAR with the VTIMEZONE and one weekly event per placement and term."""
        cal = Calendar()
        cal.add("prodid", "-//Sabaq//Timetable//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", str(self.zone))
        cal.add_component(self.timezone)
        head: bytes = cal.to_ical()
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        # icalendar's serialising dominates the time, so each event is serialised only once
        # and shared by the teacher's, classes' and room's calendars
        events = [self.event_bytes(p, i) for p in placements for i in range(len(self.terms))]
        return head[: -len(end)] + b"".join(events) + end

    def event_bytes(self, p: Placement, term_index: int) -> bytes:
        """One event serialised (b"" when the weekday never occurs in the term), cached."""
        key = (p, term_index)
        if key not in self.cache:
            event = self.event(p, term_index, self.terms[term_index])
            self.cache[key] = b"" if event is None else event.to_ical()
        return self.cache[key]

    def summary(self, p: Placement) -> str:
        """'7A Maths — room 204'."""
        lesson = self.p.lessons[p.lesson]
        label = lesson.label or self.p.subjects[lesson.subject].name
        return label if p.room is None else f"{label} — room {self.p.rooms[p.room].code}"

    def location(self, p: Placement) -> str:
        """'Physics lab 204, Senior building'."""
        if p.room is None:
            return ""
        room = self.p.rooms[p.room]
        building = self.p.buildings[room.building]
        return f"{room.name or room.code}, {building.name or building.code}"

    def event(self, p: Placement, term_index: int, term: TermInfo) -> Event | None:
        """The weekly event of one placement in one term (None if the weekday never occurs)."""
        first = term.start + timedelta(days=(p.day - term.start.weekday()) % 7)
        if first > term.end:
            return None
        lesson = self.p.lessons[p.lesson]
        covered = self.p.covered(lesson, p.period)
        begin, end = self.p.periods[covered[0]].start, self.p.periods[covered[-1]].end
        ev = Event()
        ev.add("uid", f"{self.slug}-lesson{lesson.id}-term{term_index}@sabaq")
        ev.add("dtstamp", self.stamp)
        ev.add("dtstart", self._at(first, begin))
        ev.add("dtend", self._at(first, end))
        until = datetime.combine(term.end, time(23, 59, 59), self.zone).astimezone(UTC)
        ev.add("rrule", {"freq": "weekly", "until": until})
        skipped = [self._at(d, begin) for d in _holiday_dates(term, p.day, first)]
        if skipped:
            ev.add("exdate", skipped)
        ev.add("summary", self.summary(p))
        if p.room is not None:
            ev.add("location", self.location(p))
        teachers = ", ".join(self.p.teachers[t].name for t in lesson.teachers)
        if teachers:
            ev.add("description", teachers)
        ev.add("categories", [self.p.subjects[lesson.subject].name])
        return ev

    def _at(self, day: date, minutes: int) -> datetime:
        return datetime.combine(day, time(minutes // 60, minutes % 60), self.zone)


def _holiday_dates(term: TermInfo, weekday: int, first: date) -> list[date]:
    """Dates of the term's holidays that fall on `weekday`, from `first` to the term's end."""
    out: set[date] = set()
    for h in term.holidays:
        d = max(h.start, first)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        while d <= min(h.end, term.end):
            out.add(d)
            d += timedelta(days=7)
    return sorted(out)
