"""How each XHSTT event becomes lessons of fixed length (our lessons cannot change length).

Two plans:

- **days** ("day runs"): the event becomes `duration` one-period lessons, and conditions make
  them behave as XHSTT sub-events: on each day they form one unbroken run (the sub-event of that
  day) of an allowed length. Used when a hard SpreadEvents of the event alone already allows at
  most one sub-event a day and sub-events last 1 or 2: then a solution of ours and an XHSTT
  solution correspond one to one, so the split choice stays with the solver and costs are
  exact (DistributeSplitEvents of duration-2 sub-events counts days: doubles = duration -
  days). This is the Brazil instances' case.
- **fixed**: the event is split once and for all into the lengths that cost least by its
  SplitEvents and DistributeSplitEvents constraints (ties: fewer, longer pieces); their cost
  becomes a constant `offset`. What is lost: splits the solver might have preferred for other
  constraints' sake. An event no SplitEvents constraint applies to may split any way in XHSTT:
  it becomes one-period lessons, each written back as a sub-event of its own (exact, since
  every such split is an XHSTT solution; lost: the cheaper grouping of those periods into
  longer sub-events that start-based constraints such as PreferTimes might reward). An event
  with a preassigned time stays whole, pinned there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from importers.xhstt.evaluate import cost_of
from importers.xhstt.instance import Constraint, Event, Instance

PlanKind = Literal["days", "fixed"]
MAX_PATTERNS = 5000  # partitions enumerated per event before falling back to the fewest pieces


@dataclass(frozen=True, slots=True)
class Plan:
    """The lessons an event becomes: their lengths, and the constant cost the split carries."""

    event: int
    kind: PlanKind
    lengths: tuple[int, ...]
    offset: int = 0  # soft cost of the fixed split (SplitEvents + DistributeSplitEvents)
    hard_offset: int = 0  # hard cost of the fixed split (when no allowed split exists)
    why: str = ""


def constraints_by_event(inst: Instance) -> dict[int, list[Constraint]]:
    """Event index -> the event constraints that apply to it (group constraints included)."""
    out: dict[int, list[Constraint]] = {i: [] for i in range(len(inst.events))}
    for c in inst.constraints:
        for e in c.events:
            out[e].append(c)
        for group in c.event_groups:
            for e in group:
                out[e].append(c)
    return out


def make_plans(inst: Instance, days: list[list[int]]) -> list[Plan]:
    """A plan per event; `days` lists the times of each day in order."""
    by_event = constraints_by_event(inst)
    return [plan_event(inst, i, e, by_event[i], days) for i, e in enumerate(inst.events)]


def plan_event(
    inst: Instance,
    index: int,
    event: Event,
    cons: list[Constraint],
    days: list[list[int]],
) -> Plan:
    """The plan of one event (see the module docstring)."""
    splits = [c for c in cons if c.kind == "SplitEvents"]
    if event.duration == 1 or event.time is not None:
        return Plan(index, "fixed", (event.duration,), why="preassigned time" if event.time else "")
    if not splits:  # XHSTT lets such an event split any way: one sub-event per period
        lengths = (1,) * event.duration
        hard, soft = split_cost(lengths, cons)
        return Plan(index, "fixed", lengths, soft, hard, why="split freely")
    contiguous = all(ts == list(range(ts[0], ts[0] + len(ts))) for ts in days)
    if contiguous and day_runs_allowed(inst, index, cons, days):
        return Plan(index, "days", (1,) * event.duration, why="split by day runs")
    return best_fixed(index, event, cons, max(len(d) for d in days))


def _whole_days(
    groups: list[frozenset[int]] | tuple[frozenset[int], ...], days: list[list[int]]
) -> bool:
    """True when the groups are exactly the days (each group the times of one day)."""
    return sorted(sorted(g) for g in groups) == sorted(sorted(d) for d in days)


def _day_union(times: frozenset[int], days: list[list[int]]) -> bool:
    """True when `times` is a union of whole days."""
    return all(times.isdisjoint(d) or times.issuperset(d) for d in days)


def _double_starts(days: list[list[int]]) -> frozenset[int]:
    """Every time where a two-period sub-event can start and stay within its day."""
    return frozenset(t for d in days for t in d[:-1])


def day_runs_allowed(
    inst: Instance, index: int, cons: list[Constraint], days: list[list[int]]
) -> bool:
    """True when the event's constraints are all ones the day-run plan expresses exactly."""
    event = inst.events[index]
    if any(e.resource is None for e in event.resources):
        return False  # open roles (rooms) would be chosen per period, not per sub-event
    one_a_day = False
    for c in cons:
        if c.kind == "SplitEvents":
            lo, hi = c.min_duration or 1, c.max_duration or event.duration
            if not c.required or hi > 2 or lo > hi:
                return False
        elif c.kind == "SpreadEvents":
            mine = [g for g in c.event_groups if index in g]
            groups = [tg.times for tg in c.limited]
            if not (
                c.required
                and all(len(g) == 1 for g in mine)
                and _whole_days(groups, days)
                and all(tg.minimum == 0 and tg.maximum == 1 for tg in c.limited)
            ):
                return False
            one_a_day = True
        elif c.kind == "DistributeSplitEvents":
            if c.duration != 2 or c.cost_function not in ("Linear", "Sum"):
                return False
        elif c.kind == "PreferTimes":
            if c.duration is None and not _day_union(c.times, days):
                return False
            if c.duration == 2 and not c.times.issuperset(_double_starts(days)):
                return False
            if c.duration is not None and c.duration != 2:
                return False
        elif c.kind != "AssignTime":
            return False
    return one_a_day


def partitions(total: int, low: int, high: int) -> Iterator[tuple[int, ...]]:
    """Every multiset of lengths in [low, high] adding up to `total`, longest first."""

    def rec(rest: int, top: int) -> Iterator[tuple[int, ...]]:
        if rest == 0:
            yield ()
            return
        for part in range(min(top, rest), max(low, 1) - 1, -1):
            for tail in rec(rest - part, part):
                yield (part, *tail)

    yield from rec(total, high)


def split_cost(lengths: tuple[int, ...], cons: list[Constraint]) -> tuple[int, int]:
    """(hard, soft) cost of a split by the event's SplitEvents and DistributeSplitEvents."""
    hard = soft = 0
    for c in cons:
        if c.kind == "SplitEvents":
            bad = sum(1 for n in lengths if _out(n, c.min_duration, c.max_duration))
            dev = bad + _out(len(lengths), c.min_amount, c.max_amount)
        elif c.kind == "DistributeSplitEvents":
            dev = _out(sum(1 for n in lengths if n == c.duration), c.minimum, c.maximum)
        else:
            continue
        cost = c.weight * cost_of(c.cost_function, [dev])
        if c.required:
            hard += cost
        else:
            soft += cost
    return hard, soft


def _out(n: int, low: int | None, high: int | None) -> int:
    if low is not None and n < low:
        return low - n
    if high is not None and n > high:
        return n - high
    return 0


def best_fixed(index: int, event: Event, cons: list[Constraint], day_length: int) -> Plan:
    """The split of least (hard, soft) cost; ties go to fewer pieces, then longer ones.

    Pieces longer than a day are never chosen when a shorter split exists.
    """
    best: tuple[tuple[int, int, int, int], tuple[int, ...]] | None = None
    for n, lengths in enumerate(partitions(event.duration, 1, event.duration)):
        if n >= MAX_PATTERNS:
            break
        hard, soft = split_cost(lengths, cons)
        too_long = sum(1 for x in lengths if x > day_length)
        key = (too_long, hard, soft, len(lengths))
        if best is None or key < best[0]:
            best = (key, lengths)
    assert best is not None
    (_, hard, soft, _), lengths = best
    return Plan(index, "fixed", lengths, soft, hard, why="fixed split")
