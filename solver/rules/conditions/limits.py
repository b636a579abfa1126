"""Encoders of the limits families: limits on a person's week (Limit) and preferred rooms.

Literals and the hard/soft sink are in `limits_people`, building measures in
`limits_buildings`. Where periods of a teacher's timeline overlap in clock time (two shifts),
a free period that overlaps one of the person's lessons is no gap (as for TEACHER_GAP) and
neither breaks nor extends a run of busy periods; `solver.validation.conditions.limits` counts
alike. Identical Limits (identical student atoms of one FET year) are encoded once: a hard one
is skipped when an equal one is already in the model, soft ones share one count of units.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import cast

from ortools.sat.python import cp_model

from solver.conditions import Condition, Limit, PreferRooms, kind_of
from solver.rules.conditions.common import person_units
from solver.rules.conditions.limits_buildings import max_changes, min_gap
from solver.rules.conditions.limits_people import (
    Expr,
    Lit,
    Person,
    Sink,
    cached,
    day_lits,
    lit_and,
    lit_not,
    lit_or,
    occupied,
    person,
    real,
    works,
)
from solver.rules.context import Ctx
from solver.rules.gaps import gap_flags
from solver.rules.ids import RuleId
from solver.rules.room_assign import open_rooms

Measure = Callable[[Ctx, Person, Limit, Sink], None]


def _days(ctx: Ctx) -> range:
    return range(len(ctx.problem.days))


# ---- loads and days ---------------------------------------------------------------------


def _max_per_day(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    for d in _days(ctx):
        busy = real(day_lits(ctx, pr, d))
        out.at_most(sum(busy), len(busy), cond.value)


def _min_per_day(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    v = cond.value
    for d in _days(ctx):
        busy = real(day_lits(ctx, pr, d))
        if not cond.allow_empty:
            out.at_least(cp_model.LinearExpr.sum(busy), 0, v)
            continue
        w = works(ctx, pr, d)
        if w is not None:  # n >= v on a working day: n - v * works >= 0
            out.at_least(sum(busy) - v * w, -v, 0)


def _day_counts(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    """max_days, min_days and interval_max_days: days with a (counted) lesson."""
    flags: list[cp_model.IntVar] = []
    for d in _days(ctx):
        if cond.measure == "interval_max_days":
            lits = day_lits(ctx, pr, d)[cond.start : max(cond.start, cond.end)]
            key = ("in interval", pr.key, d, cond.start, cond.end)
            flag = cached(ctx, key, lambda lits=lits: lit_or(ctx, lits))  # type: ignore[misc]
        else:
            flag = works(ctx, pr, d)
        if flag is not None:
            flags.append(flag)
    if cond.measure == "min_days":
        out.at_least(cp_model.LinearExpr.sum(flags), 0, cond.value)
    else:
        out.at_most(sum(flags), len(flags), cond.value)


# ---- runs, gaps and starts --------------------------------------------------------------


def _max_continuous(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    v = cond.value
    for d in _days(ctx):
        lits = day_lits(ctx, pr, d)
        if not pr.plain:
            _run_counter(ctx, pr, lits, v, out)
            continue
        for i in range(len(lits) - v):
            window = lits[i : i + v + 1]
            if any(x is None for x in window):
                continue
            if out.hard:
                out.clause([lit_not(x) for x in window])
            else:
                out.count([lit_and(ctx, window)])


def _run_counter(ctx: Ctx, pr: Person, lits: list[Lit], v: int, out: Sink) -> None:
    """max_continuous over overlapping periods: the run's length so far, reset by a free
    period, kept by a neutral one (free but overlapping a lesson); a unit for each busy
    period that takes it above `v`."""
    m = ctx.model
    run: cp_model.IntVar = m.new_constant(0)
    for i, b in enumerate(lits):
        busy_near = occupied(ctx, pr, lits, i)
        nxt = m.new_int_var(0, v if out.hard else len(lits), "")
        if busy_near is None:
            m.add(nxt == 0)
            run = nxt
            continue
        m.add(nxt == 0).only_enforce_if(busy_near.Not())
        if b is not None:
            m.add(nxt == run + 1).only_enforce_if(b)
        neutral = lit_and(ctx, [lit_not(b), busy_near])
        if neutral is not None:
            m.add(nxt == run).only_enforce_if(neutral)
        if not out.hard and b is not None:
            high = m.new_bool_var("")
            m.add(nxt >= v + 1).only_enforce_if(high)
            m.add(nxt <= v).only_enforce_if(high.Not())
            out.count([lit_and(ctx, [b, high])])
        run = nxt


def gaps_of(ctx: Ctx, pr: Person, day: int) -> list[cp_model.IntVar]:
    """Gap literals of the day (exact): free periods between the first and last lesson,
    closed periods (the Limit's `skip`) not counted."""
    marker = ("limits", "gaps", pr.key, day)
    if marker not in ctx.v.memo:
        lits = day_lits(ctx, pr, day)
        flags = gap_flags(ctx, lits, [[lits[j] for j in js] for js in pr.near])
        for i, g in enumerate(flags):
            ctx.v.memo[(*marker, i)] = g
        ctx.v.memo[marker] = None
    return real([ctx.v.memo[(*marker, i)] for i in pr.open(day)])


def _no_gap_clauses(ctx: Ctx, pr: Person, day: int, out: Sink) -> None:
    """Busy at i and k means no free period j between: one clause per (i, j, k), the style of
    CLASS_NO_GAPS, which propagates at once on near-full days."""
    lits = day_lits(ctx, pr, day)
    for i, k in itertools.combinations(range(len(lits)), 2):
        first, last = lits[i], lits[k]
        if first is None or last is None:
            continue
        for j in range(i + 1, k):
            if j in pr.closed[day] or i in pr.near[j] or k in pr.near[j]:
                continue  # j overlaps one of the two: never free while they are busy
            blockers = real([lits[x] for x in pr.near[j]])
            out.clause([first.Not(), last.Not(), *blockers])


def _span_cuts(ctx: Ctx, pr: Person, day: int, v: int, out: Sink) -> None:
    """Busy at i and k: of the open periods between them, all but v are busy. On periods
    that do not overlap this is exactly "at most v gaps that day", and it propagates like
    clauses."""
    lits = day_lits(ctx, pr, day)
    assert out.guard is not None
    for i, k in itertools.combinations(range(len(lits)), 2):
        first, last = lits[i], lits[k]
        between = [j for j in range(i + 1, k) if j not in pr.closed[day]]
        if first is None or last is None or len(between) <= v:
            continue
        busy = cp_model.LinearExpr.sum(real([lits[j] for j in between]))
        ctx.model.add(busy >= len(between) - v).only_enforce_if([first, last, *out.guard])


def _spans(ctx: Ctx, pr: Person, day: int) -> Expr:
    """Hard only, plain periods: an upper bound the solver may tighten to the day's gaps.

    s_j is forced true by clauses "busy at i <= j and at k >= j" and otherwise free, so
    sum(s_j) - busy over the open positions can be as low as the gaps and no lower; a hard
    "at most v" on it is exactly "at most v gaps". The clauses propagate as soon as two
    lessons are placed. On FET's Brazil.fet (teachers at most 4 gaps a week) the fast phase
    took the same deterministic time (about 0.85, one worker, seeds 1-3) as with a sum of
    exact gap literals; wall-clock comparisons on this shared machine were too noisy to say
    more.
    """
    lits = day_lits(ctx, pr, day)
    spans: list[cp_model.IntVar] = []
    for j in pr.open(day):
        inside = ctx.model.new_bool_var("")
        for i in range(j + 1):
            for k in range(j, len(lits)):
                first, last = lits[i], lits[k]
                if first is not None and last is not None:
                    ctx.model.add_bool_or([first.Not(), last.Not(), inside])
        spans.append(inside)
    busy = real([lits[j] for j in pr.open(day)])
    return sum(spans) - cp_model.LinearExpr.sum(busy)


def _max_gaps(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    v, daily = cond.value, cond.measure == "max_gaps_day"
    week: list[Expr] = []
    top = 0
    for d in _days(ctx):
        if out.hard and v == 0:
            _no_gap_clauses(ctx, pr, d, out)
            continue
        if out.hard and pr.plain:
            _span_cuts(ctx, pr, d, v, out)  # the day's limit; implied by the week's
            if not daily:
                week.append(_spans(ctx, pr, d))
                top += len(pr.open(d))
            continue
        gaps = gaps_of(ctx, pr, d)
        if daily:
            out.at_most(sum(gaps), len(gaps), v)
        else:
            week.append(sum(gaps))
            top += len(gaps)
    if week:
        out.at_most(sum(week), top, v)


def _max_late_starts(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    """The first and second open periods of the day (closed ones, such as breaks, skipped)."""
    second: list[cp_model.IntVar] = []
    for d in _days(ctx):
        lits, spots = day_lits(ctx, pr, d), pr.open(d)
        if len(spots) < 2:
            continue
        b0, b1, later = lits[spots[0]], lits[spots[1]], real([lits[j] for j in spots[2:]])
        if out.hard:
            for x in later:
                out.clause([x.Not(), *real([b0, b1])])
        else:
            out.count([lit_and(ctx, [lit_not(b0), lit_not(b1), lit_or(ctx, later)])])
        starts_second = lit_and(ctx, [b1, lit_not(b0)])
        if starts_second is not None:
            second.append(starts_second)
    out.at_most(sum(second), len(second), cond.value)


def add_start_chains(ctx: Ctx) -> None:
    """A student with no gaps and no late starts (both hard, value 0) is busy from the day's
    first open period on: busy at an open period means busy at the open one before it.

    Implied by the two limits together, so it only strengthens the model; on FET's
    secondary_school.fet (every student so) it propagates what the two encodings alone only
    find by search, as the fast phase's gapless start does for our own schools.
    """
    if ctx.guarded:  # diagnosis must see each limit on its own
        return
    found: dict[tuple[str, int], dict[str, Limit]] = {}
    for cond in ctx.problem.conditions:
        if not isinstance(cond, Limit) or not cond.hard or cond.value != 0:
            continue
        if cond.lessons is not None or cond.who[0] != "atom":
            continue
        if cond.measure in ("max_gaps_week", "max_gaps_day"):
            found.setdefault(cond.who, {})["gaps"] = cond
        elif cond.measure == "max_late_starts":
            found.setdefault(cond.who, {})["late"] = cond
    for both in found.values():
        if len(both) < 2 or both["gaps"].skip != both["late"].skip:
            continue
        pr = person(ctx, both["gaps"])
        if pr.plain:
            _chain(ctx, pr)


def _chain(ctx: Ctx, pr: Person) -> None:
    for d in _days(ctx):
        lits = day_lits(ctx, pr, d)
        for earlier, later in itertools.pairwise(pr.open(d)):
            after, before = lits[later], lits[earlier]
            if after is None:
                continue
            if before is None:  # nobody can be there: the day never reaches past it
                ctx.model.add(after == 0)
            else:
                ctx.model.add_implication(after, before)


MEASURES: dict[str, Measure] = {
    "max_per_day": _max_per_day,
    "min_per_day": _min_per_day,
    "max_continuous": _max_continuous,
    "max_days": _day_counts,
    "min_days": _day_counts,
    "max_gaps_day": _max_gaps,
    "max_gaps_week": _max_gaps,
    "max_late_starts": _max_late_starts,
    "interval_max_days": _day_counts,
    "max_building_changes_day": max_changes,
    "max_building_changes_week": max_changes,
    "min_gap_building_change": min_gap,
}


# ---- the encoders -----------------------------------------------------------------------


def _who(ctx: Ctx, who: tuple[str, int]) -> str:
    kind, ident = who
    if kind == "teacher":
        return ctx.problem.teachers[ident].name
    return f"{ctx.problem.classes[ctx.problem.atoms[ident][0]].code} (atom {ident})"


def encode_limit(ctx: Ctx, index: int, cond: Condition) -> None:
    """A Limit: hard under its guard, soft as weight x units (see `solver.conditions.Limit`).

    Args:
        ctx: the model under construction.
        index: the condition's index in `Problem.conditions` (its guard's row).
        cond: a `Limit`.

    Raises:
        ValueError: for a measure no encoder knows.
    """
    limit = cast(Limit, cond)
    if limit.measure not in MEASURES:
        raise ValueError(f"unknown Limit measure {limit.measure!r}")
    if not limit.hard and (ctx.guarded or not ctx.soft):
        return  # no soft rule is modelled in diagnosis nor in the fast phase
    pr = person(ctx, limit)
    sig: tuple[object, ...] = (limit.hard, limit.measure, limit.value, limit.allow_empty)
    sig = ("limit", *sig, limit.start, limit.end, pr.key, pr.closed)
    if limit.hard:
        if not ctx.guarded:
            if sig in ctx.v.memo:
                return  # the same limit on the same literals is there already
            ctx.v.memo[sig] = None
        MEASURES[limit.measure](ctx, pr, limit, Sink(ctx, ctx.guard(RuleId.CONDITION, index)))
        return
    if sig not in ctx.v.memo:
        out = Sink(ctx, None)
        MEASURES[limit.measure](ctx, pr, limit, out)
        total = None
        if out.terms:
            total = ctx.model.new_int_var(0, out.high, "")
            ctx.model.add(total == sum(out.terms))
        ctx.v.memo[sig] = total
    units = ctx.v.memo[sig]
    if units is not None and limit.weight:
        name = f"{limit.label or kind_of(limit)}: {_who(ctx, limit.who)}"
        ctx.penalize(RuleId.CONDITION_COST, name, units, limit.weight, person_units(ctx, limit))


def encode_prefer_rooms(ctx: Ctx, index: int, cond: Condition) -> None:
    """PreferRooms in the main model: the part decided by the building.

    A cell (day, start, building) whose open candidate rooms hold none of the wished rooms
    costs its unit here; the room stage (`solver.rules.room_assign`) charges the lessons
    whose cell has a wished room but that get another. Lessons without a room cost nothing.
    A hard one (importers narrow `Lesson.rooms` instead) forbids such cells, and the room
    stage then uses wished rooms only.

    Args:
        ctx: the model under construction.
        index: the condition's index in `Problem.conditions`.
        cond: a `PreferRooms`.
    """
    wish = cast(PreferRooms, cond)
    if not wish.hard and (ctx.guarded or not ctx.soft):
        return
    p = ctx.problem
    bad: list[cp_model.IntVar] = []
    for ls in dict.fromkeys(wish.lessons):  # a lesson named twice counts once
        lesson, fix = p.lessons[ls], ctx.v.fixed.get(ls)
        for c in ctx.v.cells[ctx.v.unit_of[ls]]:
            if c.building < 0:
                continue
            rooms = open_rooms(p, lesson, c.day, c.periods, c.building, fix)
            if not wish.rooms.intersection(rooms):
                bad.append(c.var)
    if wish.hard:
        guard = ctx.guard(RuleId.CONDITION, index)
        for x in bad:
            ctx.model.add_bool_or([x.Not()]).only_enforce_if(guard)
    elif bad and wish.weight:
        name = f"{wish.label or kind_of(wish)}: lessons {list(wish.lessons)}"
        who = {ctx.v.unit_of[ls] for ls in wish.lessons}
        ctx.penalize(RuleId.CONDITION_COST, name, sum(bad), wish.weight, who)


ENCODERS: dict[type[Condition], Callable[[Ctx, int, Condition], None]] = {
    Limit: encode_limit,
    PreferRooms: encode_prefer_rooms,
}
