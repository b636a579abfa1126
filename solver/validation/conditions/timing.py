"""Checkers of the timing condition families, counting each in the unit `solver.conditions` states.

Each checker reads the placed lessons a condition names (a lesson named twice counts once;
an unplaced one is left out) and reports one violation per broken pair, lesson or group.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from solver.conditions import (
    Before,
    Block,
    Condition,
    EndsDay,
    MinDaysApart,
    MinGap,
    NoOverlap,
    SameStart,
    Spread,
    StartsIn,
)
from solver.messages import Msg, joined, msg, nmsg
from solver.problem import Problem
from solver.validation.conditions.common import Week
from solver.validation.naming import (
    atoms_name,
    day_name,
    days_list,
    lesson_name,
    lessons_list,
    period_name,
)
from solver.validation.placements import Placed
from solver.validation.types import Violation, broken

Checker = Callable[[Week, int, Condition], list[Violation]]


def _source(cond: Condition) -> str:
    """The prefix naming where a condition came from ("FET ... #17: "), or nothing."""
    return f"{cond.label}: " if cond.label else ""


def _placed(week: Week, lessons: Iterable[int]) -> list[Placed]:
    """The placed lessons among `lessons`, in order, each once."""
    return [week.placed[ls] for ls in dict.fromkeys(lessons) if ls in week.placed]


def _name(week: Week, item: Placed) -> str:
    return lesson_name(week.problem, item.lesson)


def _slot(week: Week, item: Placed) -> Msg:
    return week.problem.describe_slot(item.day, item.start)


def _position(problem: Problem, period: int) -> tuple[int, int]:
    """(shift, 0-based position of `period` in its shift)."""
    shift = problem.periods[period].shift
    return shift, problem.shifts[shift].periods.index(period)


def _follows(problem: Problem, a: Placed, b: Placed) -> bool:
    """True when `b` starts in the period right after `a` ends (same day and shift)."""
    shift, i = _position(problem, a.periods[-1])
    line = problem.shifts[shift].periods
    return a.day == b.day and i + 1 < len(line) and line[i + 1] == b.start


def _min_days(week: Week, index: int, cond: Condition) -> list[Violation]:
    """MinDaysApart: per pair, 1 when closer than `days`, and 1 more on the same day and not
    back to back when `adjacent_if_same_day`."""
    assert isinstance(cond, MinDaysApart)
    p = week.problem
    out: list[Violation] = []
    for a, b in itertools.combinations(_placed(week, cond.lessons), 2):
        close = abs(a.day - b.day) < cond.days
        apart = not (_follows(p, a, b) or _follows(p, b, a))
        extra = cond.adjacent_if_same_day and a.day == b.day and apart
        if not close and not extra:
            continue
        names = {"source": _source(cond), "first": _name(week, a), "second": _name(week, b)}
        if a.day != b.day:
            text = nmsg(
                "{source}{first} ({first_day}) and {second} ({second_day}) should be at least "
                "{days} days apart",
                "{source}{first} ({first_day}) and {second} ({second_day}) should be at least "
                "{days} days apart",
                cond.days,
                **names,
                first_day=day_name(p, a.day),
                second_day=day_name(p, b.day),
                days=cond.days,
            )
        elif not close:
            text = msg(
                "{source}{first} and {second} are both on {day} but not back to back",
                **names,
                day=day_name(p, a.day),
            )
        elif extra:
            text = nmsg(
                "{source}{first} and {second} are both on {day}, not back to back; they "
                "should be on different days",
                "{source}{first} and {second} are both on {day}, not back to back; they "
                "should be at least {days} days apart",
                cond.days,
                **names,
                day=day_name(p, a.day),
                days=cond.days,
            )
        else:
            text = nmsg(
                "{source}{first} and {second} are both on {day}; they should be on different days",
                "{source}{first} and {second} are both on {day}; they should be at least {days} "
                "days apart",
                cond.days,
                **names,
                day=day_name(p, a.day),
                days=cond.days,
            )
        out.append(broken(cond, close + extra, text, lessons=[a.id, b.id], day=a.day))
    return out


def _same_start(week: Week, index: int, cond: Condition) -> list[Violation]:
    """SameStart: each lesson whose start differs from the first placed lesson's."""
    assert isinstance(cond, SameStart)
    p = week.problem
    out: list[Violation] = []
    items = _placed(week, cond.lessons)
    if not items:
        return out

    def key(it: Placed) -> object:
        if cond.what == "slot":
            return (it.day, it.start)
        return it.day if cond.what == "day" else p.periods[it.start].number

    first = items[0]
    for it in items[1:]:
        if key(it) == key(first):
            continue
        names = {"source": _source(cond), "lesson": _name(week, it), "first": _name(week, first)}
        if cond.what == "slot":
            text = msg(
                "{source}{lesson} starts on {slot}, not at the same time as {first} ({first_slot})",
                **names,
                slot=_slot(week, it),
                first_slot=_slot(week, first),
            )
        elif cond.what == "day":
            text = msg(
                "{source}{lesson} is on {day}, not on the same day as {first} ({first_day})",
                **names,
                day=day_name(p, it.day),
                first_day=day_name(p, first.day),
            )
        else:
            text = msg(
                "{source}{lesson} starts in period {period}, not in the same period as {first} "
                "(period {first_period})",
                **names,
                period=period_name(p, it.start),
                first_period=period_name(p, first.start),
            )
        out.append(broken(cond, 1, text, lessons=[first.id, it.id], day=it.day, period=it.start))
    return out


def _no_overlap(week: Week, index: int, cond: Condition) -> list[Violation]:
    """NoOverlap: each pair sharing a (day, period)."""
    assert isinstance(cond, NoOverlap)
    out: list[Violation] = []
    for a, b in itertools.combinations(_placed(week, cond.lessons), 2):
        shared = sorted({(a.day, q) for q in a.periods} & {(b.day, q) for q in b.periods})
        if not shared:
            continue
        day, period = shared[0]
        text = msg(
            "{source}{first} and {second} overlap on {slot}",
            source=_source(cond),
            first=_name(week, a),
            second=_name(week, b),
            slot=week.problem.describe_slot(day, period),
        )
        out.append(broken(cond, 1, text, lessons=[a.id, b.id], day=day, period=period))
    return out


def _block(week: Week, index: int, cond: Condition) -> list[Violation]:
    """Block: 1 when the placed lessons are not back to back (in order when `ordered`)."""
    assert isinstance(cond, Block)
    p = week.problem
    items = _placed(week, cond.lessons)
    if len(items) < 2:
        return []
    chain = items if cond.ordered else sorted(items, key=lambda it: (it.day, _clock(p, it)))
    if all(_follows(p, a, b) for a, b in itertools.pairwise(chain)):
        return []
    params = {
        "source": _source(cond),
        "lessons": lessons_list(p, (it.lesson for it in items)),
        "slots": joined((_slot(week, it) for it in items), "; "),
    }
    if cond.ordered:
        text = msg(
            "{source}{lessons} should run back to back in this order on one day; they are at "
            "{slots}",
            **params,
        )
    else:
        text = msg(
            "{source}{lessons} should run back to back on one day; they are at {slots}", **params
        )
    return [broken(cond, 1, text, lessons=[it.id for it in items])]


def _clock(problem: Problem, item: Placed) -> int:
    return problem.periods[item.start].start


def _before(week: Week, index: int, cond: Condition) -> list[Violation]:
    """Before: 1 when `first` does not end (day, clock time) by the time `second` starts."""
    assert isinstance(cond, Before)
    p = week.problem
    a, b = week.placed.get(cond.first), week.placed.get(cond.second)
    if a is None or b is None:
        return []
    if (a.day, p.periods[a.periods[-1]].end) <= (b.day, _clock(p, b)):
        return []
    text = msg(
        "{source}{first} ({first_slot}) should end before {second} ({second_slot}) starts",
        source=_source(cond),
        first=_name(week, a),
        first_slot=_slot(week, a),
        second=_name(week, b),
        second_slot=_slot(week, b),
    )
    return [broken(cond, 1, text, lessons=[a.id, b.id], day=b.day, period=b.start)]


def _starts_in(week: Week, index: int, cond: Condition) -> list[Violation]:
    """StartsIn: each lesson starting (or, when `whole`, occupying a period) outside `slots`."""
    assert isinstance(cond, StartsIn)
    p = week.problem
    out: list[Violation] = []
    for it in _placed(week, cond.lessons):
        if cond.whole:
            bad = [(it.day, q) for q in it.periods if (it.day, q) not in cond.slots]
        else:
            bad = [(it.day, it.start)] if (it.day, it.start) not in cond.slots else []
        if not bad:
            continue
        day, period = bad[0]
        params = {"source": _source(cond), "lesson": _name(week, it)}
        slot = p.describe_slot(day, period)
        if cond.whole:
            text = msg(
                "{source}{lesson} takes place on {slot}, outside its allowed time slots",
                **params,
                slot=slot,
            )
        else:
            text = msg(
                "{source}{lesson} starts on {slot}, not one of its allowed starting times",
                **params,
                slot=slot,
            )
        out.append(broken(cond, 1, text, lessons=[it.id], day=day, period=period))
    return out


def _ends_day(week: Week, index: int, cond: Condition) -> list[Violation]:
    """EndsDay: each lesson after which an attending atom has a lesson in a period of its
    shift that starts no earlier than the lesson ends."""
    assert isinstance(cond, EndsDay)
    p = week.problem
    out: list[Violation] = []
    for it in _placed(week, cond.lessons):
        done = p.periods[it.periods[-1]].end
        atoms: list[int] = []
        later: dict[int, Placed] = {}
        for a in p.lesson_atoms(it.lesson):
            line = {q for q in week.periods_of(("atom", a)) if p.periods[q].start >= done}
            mine = [
                x
                for x in week.by_atom.get(a, [])
                if x.day == it.day and x.id != it.id and line.intersection(x.periods)
            ]
            if mine:
                atoms.append(a)
                later.update((x.id, x) for x in mine)
        if not atoms:
            continue
        text = msg(
            "{source}{lesson} should end the day of {students}, but they have {later} after it "
            "on {day}",
            source=_source(cond),
            lesson=_name(week, it),
            students=atoms_name(p, atoms),
            later=lessons_list(p, (x.lesson for _, x in sorted(later.items()))),
            day=day_name(p, it.day),
        )
        out.append(broken(cond, 1, text, lessons=[it.id, *sorted(later)], day=it.day))
    return out


def _min_gap(week: Week, index: int, cond: Condition) -> list[Violation]:
    """MinGap: each pair on the same day and shift with fewer than `periods` free periods
    between them (overlapping pairs included)."""
    assert isinstance(cond, MinGap)
    p = week.problem
    out: list[Violation] = []
    gap = max(0, cond.periods)
    for a, b in itertools.combinations(_placed(week, cond.lessons), 2):
        (sa, ia), (sb, ib) = _position(p, a.start), _position(p, b.start)
        ja, jb = ia + len(a.periods) - 1, ib + len(b.periods) - 1
        if a.day != b.day or sa != sb or ib > ja + gap or ia > jb + gap:
            continue
        free = max(ib - ja, ia - jb) - 1
        names = {"source": _source(cond), "first": _name(week, a), "second": _name(week, b)}
        if free < 0:
            text = msg(
                "{source}{first} and {second} overlap on {day}",
                **names,
                day=day_name(p, a.day),
            )
        else:
            text = nmsg(
                "{source}{first} and {second} on {day} have {free} free periods between them, "
                "fewer than {periods}",
                "{source}{first} and {second} on {day} have {free} free periods between them, "
                "fewer than {periods}",
                free,
                **names,
                day=day_name(p, a.day),
                free=free,
                periods=gap,
            )
        out.append(broken(cond, 1, text, lessons=[a.id, b.id], day=a.day))
    return out


def _spread(week: Week, index: int, cond: Condition) -> list[Violation]:
    """Spread: per group, lessons starting in it short of `least` or over `most`."""
    assert isinstance(cond, Spread)
    p = week.problem
    out: list[Violation] = []
    items = _placed(week, cond.lessons)
    names = lessons_list(p, (p.lessons[ls] for ls in dict.fromkeys(cond.lessons)))
    for g, group in enumerate(cond.groups):
        inside = [it for it in items if (it.day, it.start) in group]
        n = len(inside)
        over, under = max(0, n - cond.most), max(0, cond.least - n)
        if not over and not under:
            continue
        days = days_list(p, sorted({d for d, _ in group}))
        params = {"source": _source(cond), "n": n, "lessons": names, "group": g + 1}
        text: Msg
        if over:
            text = msg(
                "{source}{n} of {lessons} start in time group {group} ({days}), more than {most}",
                **params,
                days=days,
                most=cond.most,
            )
        else:
            text = msg(
                "{source}{n} of {lessons} start in time group {group} ({days}), fewer than {least}",
                **params,
                days=days,
                least=cond.least,
            )
        out.append(broken(cond, over + under, text, lessons=[it.id for it in inside]))
    return out


CHECKERS: dict[type[Condition], Checker] = {
    MinDaysApart: _min_days,
    SameStart: _same_start,
    NoOverlap: _no_overlap,
    Block: _block,
    Before: _before,
    StartsIn: _starts_in,
    EndsDay: _ends_day,
    MinGap: _min_gap,
    Spread: _spread,
}
