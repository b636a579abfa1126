"""Checkers of the limits families: limits on a person's week (Limit) and preferred rooms.

Each measure is counted in the unit `solver.conditions.Limit` states, over the person's
periods in day order ("positions"). Where a teacher's timeline has periods that overlap in
clock time (two shifts), a free position overlapping one of the person's lessons is no gap
and neither breaks nor extends a run of busy periods, as in the model
(`solver.rules.conditions.limits`). Closed periods (the Limit's `skip`; FET's importer puts
the person's not-available times and breaks there) are no gaps and are skipped when finding
a day's first and second period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from solver.conditions import Condition, Limit, PreferRooms
from solver.messages import Msg, joined, msg, nmsg
from solver.problem import Problem, Slot
from solver.validation.conditions.common import Week
from solver.validation.naming import (
    atoms_name,
    day_name,
    days_list,
    lesson_name,
    period_name,
    periods_list,
)
from solver.validation.placements import Placed
from solver.validation.types import Violation, broken


def _labelled(cond: Condition, text: Msg) -> Msg:
    """The sentence, followed by the condition's label in brackets when it has one."""
    if cond.label:
        return msg("{sentence} ({label})", sentence=text, label=cond.label)
    return text


@dataclass
class View:
    """One Limit's person: their periods ("positions") and counted lessons by day."""

    problem: Problem
    cond: Limit
    who: str
    periods: tuple[int, ...]
    pos: dict[int, int]
    near: tuple[tuple[int, ...], ...]  # positions overlapping each position (itself too)
    items: dict[int, list[Placed]]  # by day

    @property
    def shut(self) -> frozenset[Slot]:
        """Closed slots: the Limit's `skip`, which the gap measures leave out of the day."""
        return self.cond.skip

    def closed(self, day: int, j: int) -> bool:
        """Position j of `day` is closed: the person can have no lesson then."""
        return (day, self.periods[j]) in self.shut

    def open(self, day: int) -> list[int]:
        """The positions of `day` that are not closed."""
        return [j for j in range(len(self.periods)) if not self.closed(day, j)]

    def busy(self, day: int) -> set[int]:
        """Positions the counted lessons occupy on `day`."""
        return {self.pos[p] for it in self.items.get(day, []) for p in it.periods if p in self.pos}

    def free(self, busy: set[int], j: int) -> bool:
        """Position j is free: neither it nor a period overlapping it is busy."""
        return not any(k in busy for k in self.near[j])

    def ids(self, day: int | None = None) -> list[int]:
        """Lesson ids counted on `day` (every day when None)."""
        days = self.items.values() if day is None else [self.items.get(day, [])]
        return sorted({it.id for items in days for it in items})

    def period(self, position: int) -> Msg | str:
        return period_name(self.problem, self.periods[position])

    def say(self, text: Msg) -> Msg:
        """`text` about this person ({who}) and the Limit's value ({limit}), labelled."""
        params = {"who": self.who, "limit": self.cond.value, **text.params}
        return _labelled(self.cond, Msg(text.template, params, text.plural))


def view_of(week: Week, cond: Limit) -> View:
    """The person, periods and counted lessons a Limit reads."""
    p = week.problem
    kind, ident = cond.who
    who = p.teachers[ident].name if kind == "teacher" else atoms_name(p, [ident])
    periods = week.periods_of(cond.who)
    near = tuple(tuple(j for j, q in enumerate(periods) if p.overlap(per, q)) for per in periods)
    items: dict[int, list[Placed]] = {}
    for it in week.items_of(cond):
        items.setdefault(it.day, []).append(it)
    pos = {q: i for i, q in enumerate(periods)}
    return View(p, cond, who, periods, pos, near, items)


# ---- loads and days ---------------------------------------------------------------------


def _per_day(v: View) -> list[Violation]:
    out: list[Violation] = []
    limit, cond = v.cond.value, v.cond
    for d in range(len(v.problem.days)):
        n, name = len(v.busy(d)), day_name(v.problem, d)
        if cond.measure == "max_per_day" and n > limit:
            text = v.say(
                nmsg(
                    "{who} has {n} periods on {day}, more than the limit of {limit}",
                    "{who} has {n} periods on {day}, more than the limit of {limit}",
                    n,
                    day=name,
                )
            )
            out.append(broken(cond, n - limit, text, lessons=v.ids(d), day=d))
        empty_ok = n == 0 and cond.allow_empty
        if cond.measure == "min_per_day" and n < limit and not empty_ok:
            text = v.say(
                nmsg(
                    "{who} has {n} periods on {day}, fewer than the minimum of {limit}",
                    "{who} has {n} periods on {day}, fewer than the minimum of {limit}",
                    n,
                    day=name,
                )
            )
            out.append(broken(cond, limit - n, text, lessons=v.ids(d), day=d))
    return out


def _day_count(v: View) -> list[Violation]:
    cond, limit = v.cond, v.cond.value
    days = list(range(len(v.problem.days)))
    if cond.measure == "interval_max_days":
        days = [d for d in days if any(cond.start <= i < cond.end for i in v.busy(d))]
    else:
        days = [d for d in days if v.busy(d)]
    names = days_list(v.problem, days)
    n = len(days)
    if cond.measure == "min_days":
        if n >= limit:
            return []
        text = nmsg(
            "{who} has lessons on {n} days, fewer than the minimum of {limit}",
            "{who} has lessons on {n} days, fewer than the minimum of {limit}",
            n,
        )
        return [broken(cond, limit - n, v.say(text), lessons=v.ids())]
    if n <= limit:
        return []
    if cond.measure == "interval_max_days":
        first, last = v.period(cond.start), v.period(min(cond.end, len(v.periods)) - 1)
        text = nmsg(
            "{who} has lessons in periods {first} to {last} on {n} days ({days}), more than "
            "the limit of {limit}",
            "{who} has lessons in periods {first} to {last} on {n} days ({days}), more than "
            "the limit of {limit}",
            n,
            days=names,
            first=first,
            last=last,
        )
    else:
        text = nmsg(
            "{who} has lessons on {n} days ({days}), more than the limit of {limit}",
            "{who} has lessons on {n} days ({days}), more than the limit of {limit}",
            n,
            days=names,
        )
    text = v.say(text)
    return [broken(cond, n - limit, text, lessons=v.ids())]


# ---- runs, gaps and starts --------------------------------------------------------------


def _runs(v: View, busy: set[int]) -> list[tuple[int, int]]:
    """(first position, busy periods) per run: free positions end one, neutral ones don't."""
    out: list[tuple[int, int]] = []
    length, start = 0, 0
    for j in range(len(v.periods)):
        if j in busy:
            if length == 0:
                start = j
            length += 1
        elif v.free(busy, j):
            if length:
                out.append((start, length))
            length = 0
    if length:
        out.append((start, length))
    return out


def _continuous(v: View) -> list[Violation]:
    out: list[Violation] = []
    limit = v.cond.value
    for d in range(len(v.problem.days)):
        for start, n in _runs(v, v.busy(d)):
            if n > limit:
                text = nmsg(
                    "{who} has {n} periods in a row on {day} from period {first}, more than the "
                    "limit of {limit}",
                    "{who} has {n} periods in a row on {day} from period {first}, more than the "
                    "limit of {limit}",
                    n,
                    day=day_name(v.problem, d),
                    first=v.period(start),
                )
                text = v.say(text)
                out.append(broken(v.cond, n - limit, text, lessons=v.ids(d), day=d))
    return out


def gaps(v: View, day: int, busy: set[int]) -> list[int]:
    """Free open positions strictly between the first and the last busy one."""
    if not busy:
        return []
    between = range(min(busy) + 1, max(busy))
    return [j for j in between if v.free(busy, j) and not v.closed(day, j)]


def _gaps(v: View) -> list[Violation]:
    out: list[Violation] = []
    limit, total = v.cond.value, 0
    for d in range(len(v.problem.days)):
        found = gaps(v, d, v.busy(d))
        total += len(found)
        if v.cond.measure == "max_gaps_day" and len(found) > limit:
            text = msg(
                "{who} has free periods between lessons on {day} (periods {periods}), more than "
                "the limit of {limit}",
                day=day_name(v.problem, d),
                periods=periods_list(v.problem, [v.periods[j] for j in found]),
            )
            text = v.say(text)
            out.append(broken(v.cond, len(found) - limit, text, lessons=v.ids(d), day=d))
    if v.cond.measure == "max_gaps_week" and total > limit:
        text = nmsg(
            "{who} has {n} free periods between lessons in the week, more than the limit of "
            "{limit}",
            "{who} has {n} free periods between lessons in the week, more than the limit of "
            "{limit}",
            total,
        )
        text = v.say(text)
        out.append(broken(v.cond, total - limit, text, lessons=v.ids()))
    return out


def _late_starts(v: View) -> list[Violation]:
    out: list[Violation] = []
    second: list[int] = []
    for d in range(len(v.problem.days)):
        busy, spots = v.busy(d), v.open(d)
        if len(spots) < 2 or not busy.intersection(spots):
            continue
        first = next(i for i, j in enumerate(spots) if j in busy)
        if first == 1:
            second.append(d)
        elif first > 1:
            text = msg(
                "{who} starts the day at period {period} on {day}, later than the second period",
                day=day_name(v.problem, d),
                period=v.period(spots[first]),
            )
            out.append(broken(v.cond, 1, v.say(text), lessons=v.ids(d), day=d))
    if len(second) > v.cond.value:
        text = nmsg(
            "{who} starts the day at the second period on {n} days ({days}), more than the "
            "limit of {limit}",
            "{who} starts the day at the second period on {n} days ({days}), more than the "
            "limit of {limit}",
            len(second),
            days=days_list(v.problem, second),
        )
        text = v.say(text)
        ids = sorted({i for d in second for i in v.ids(d)})
        out.append(broken(v.cond, len(second) - v.cond.value, text, lessons=ids))
    return out


# ---- buildings --------------------------------------------------------------------------


def _route(v: View, week: Week, day: int) -> list[tuple[Placed, int, int, int]]:
    """(lesson, building, first position, last position) of the day's lessons with a room,
    in time order."""
    out: list[tuple[Placed, int, int, int]] = []
    for it in v.items.get(day, []):
        b = week.building(it)
        spots = [v.pos[p] for p in it.periods if p in v.pos]
        if b is not None and spots:
            out.append((it, b, min(spots), max(spots)))
    return sorted(out, key=lambda x: (x[2], x[0].id))


def _changes(v: View, week: Week) -> list[Violation]:
    out: list[Violation] = []
    limit, total = v.cond.value, 0
    ids: set[int] = set()
    for d in range(len(v.problem.days)):
        route = _route(v, week, d)
        moves = [(a, b) for a, b in pairwise(route) if a[1] != b[1]]
        total += len(moves)
        ids.update(x[0].id for pair in moves for x in pair)
        if v.cond.measure == "max_building_changes_day" and len(moves) > limit:
            path = [route[0][1]] + [b[1] for _, b in moves]
            names = joined((v.problem.buildings[b].name for b in path), " → ")
            lessons = sorted({x[0].id for pair in moves for x in pair})
            text = msg(
                "{who} changes building on {day} ({path}), more than the limit of {limit} changes",
                day=day_name(v.problem, d),
                path=names,
            )
            text = v.say(text)
            out.append(broken(v.cond, len(moves) - limit, text, lessons=lessons, day=d))
    if v.cond.measure == "max_building_changes_week" and total > limit:
        text = nmsg(
            "{who} changes building {n} times in the week, more than the limit of {limit}",
            "{who} changes building {n} times in the week, more than the limit of {limit}",
            total,
        )
        text = v.say(text)
        out.append(broken(v.cond, total - limit, text, lessons=sorted(ids)))
    return out


def _change_gaps(v: View, week: Week) -> list[Violation]:
    out: list[Violation] = []
    limit = v.cond.value
    for d in range(len(v.problem.days)):
        busy = v.busy(d)
        for a, b in pairwise(_route(v, week, d)):
            if a[1] == b[1]:
                continue
            free = sum(v.free(busy, j) for j in range(a[3] + 1, b[2]))
            if free >= limit:
                continue
            buildings = v.problem.buildings
            text = nmsg(
                "{who} goes from {origin} to {target} on {day} (periods {first} and {second}) "
                "with {n} free periods between, fewer than the minimum of {limit}",
                "{who} goes from {origin} to {target} on {day} (periods {first} and {second}) "
                "with {n} free periods between, fewer than the minimum of {limit}",
                free,
                origin=buildings[a[1]].name,
                target=buildings[b[1]].name,
                day=day_name(v.problem, d),
                first=v.period(a[3]),
                second=v.period(b[2]),
            )
            text = v.say(text)
            out.append(broken(v.cond, 1, text, lessons=sorted((a[0].id, b[0].id)), day=d))
    return out


_PLAIN: dict[str, Callable[[View], list[Violation]]] = {
    "max_per_day": _per_day,
    "min_per_day": _per_day,
    "max_continuous": _continuous,
    "max_days": _day_count,
    "min_days": _day_count,
    "max_gaps_day": _gaps,
    "max_gaps_week": _gaps,
    "max_late_starts": _late_starts,
    "interval_max_days": _day_count,
}
_BUILDINGS: dict[str, Callable[[View, Week], list[Violation]]] = {
    "max_building_changes_day": _changes,
    "max_building_changes_week": _changes,
    "min_gap_building_change": _change_gaps,
}


def check_limit(week: Week, index: int, cond: Condition) -> list[Violation]:
    """Every broken unit of one Limit, one sentence per day (or per week, run or pair).

    Raises:
        ValueError: for a measure no checker knows.
    """
    limit = cast(Limit, cond)
    v = view_of(week, limit)
    if limit.measure in _PLAIN:
        return _PLAIN[limit.measure](v)
    if limit.measure in _BUILDINGS:
        return _BUILDINGS[limit.measure](v, week)
    raise ValueError(f"unknown Limit measure {limit.measure!r}")


def check_prefer_rooms(week: Week, index: int, cond: Condition) -> list[Violation]:
    """One unit per lesson held in a room that is not one of the wished ones (lessons
    without a room and unplaced lessons count nothing)."""
    wish = cast(PreferRooms, cond)
    p = week.problem
    rooms = ", ".join(p.rooms[r].name for r in sorted(wish.rooms) if 0 <= r < len(p.rooms))
    out: list[Violation] = []
    for ls in dict.fromkeys(wish.lessons):  # a lesson named twice counts once
        it = week.placed.get(ls)
        if it is None or it.room is None or it.room in wish.rooms:
            continue
        name = lesson_name(p, it.lesson)
        text = msg(
            "{lesson} is held in {room}, not in one of its preferred rooms ({rooms})",
            lesson=name,
            room=p.rooms[it.room].name,
            rooms=rooms,
        )
        text = _labelled(wish, text)
        out.append(broken(wish, 1, text, lessons=[ls], day=it.day, period=it.start))
    return out


CHECKERS: dict[type[Condition], Callable[[Week, int, Condition], list[Violation]]] = {
    Limit: check_limit,
    PreferRooms: check_prefer_rooms,
}
