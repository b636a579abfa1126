"""A solution as the XHSTT evaluator sees it: sub-events, and who is busy when."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from importers.xhstt.instance import Event, Instance, Solution, SolutionEvent
from solver.messages import Msg, msg


@dataclass(frozen=True, slots=True)
class Sub:
    """One solution event (sub-event): `resources[i]` fills the event's i-th event resource."""

    event: int
    duration: int
    start: int | None
    resources: tuple[int | None, ...]

    def times(self, limit: int) -> range:
        """The times it occupies: `duration` consecutive times from its start (none when
        unassigned), cut at the end of the instance's time list."""
        if self.start is None:
            return range(0)
        return range(self.start, min(self.start + self.duration, limit))


@dataclass
class View:
    """Sub-events by event, and per resource the number of sub-events at each time."""

    instance: Instance
    subs: list[list[Sub]]
    problems: list[Msg] = field(default_factory=list)

    @cached_property
    def busy(self) -> dict[int, dict[int, int]]:
        """resource -> time -> number of sub-events holding the resource at that time."""
        out: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        limit = len(self.instance.times)
        for event_subs in self.subs:
            for s in event_subs:
                for r in {x for x in s.resources if x is not None}:
                    for t in s.times(limit):
                        out[r][t] += 1
        return out

    def busy_times(self, resource: int) -> set[int]:
        """Times at which the resource attends at least one sub-event."""
        return set(self.busy.get(resource, {}))

    @cached_property
    def assignments(self) -> dict[int, list[tuple[Sub, int]]]:
        """resource -> (sub-event, index of the event resource it fills) pairs."""
        out: dict[int, list[tuple[Sub, int]]] = defaultdict(list)
        for event_subs in self.subs:
            for s in event_subs:
                for i, r in enumerate(s.resources):
                    if r is not None:
                        out[r].append((s, i))
        return out


def make_view(inst: Instance, solution: Solution) -> View:
    """Sub-events of every event: those the solution gives, or one unassigned sub-event of the
    whole duration (at the preassigned time, if any) for an event it does not mention."""
    given: dict[int, list[SolutionEvent]] = defaultdict(list)
    for se in solution.events:
        given[se.event].append(se)
    view = View(inst, [])
    for i, event in enumerate(inst.events):
        if not given[i]:
            view.subs.append([Sub(i, event.duration, event.time, _preassigned(event))])
            continue
        subs = [_sub(view, i, event, se) for se in given[i]]
        total = sum(s.duration for s in subs)
        if total != event.duration:
            view.problems.append(
                msg(
                    "event {event}: its solution events last {total}, not {duration}",
                    event=event.id,
                    total=total,
                    duration=event.duration,
                )
            )
        view.subs.append(subs)
    return view


def _preassigned(event: Event) -> tuple[int | None, ...]:
    return tuple(er.resource for er in event.resources)


def _sub(view: View, index: int, event: Event, se: SolutionEvent) -> Sub:
    inst = view.instance
    duration = se.duration if se.duration is not None else event.duration
    start = se.time if se.time is not None else event.time
    if event.time is not None and se.time is not None and se.time != event.time:
        view.problems.append(
            msg(
                "{where}: event {event} is preassigned time {time}",
                where=str(se.where),
                event=event.id,
                time=inst.times[event.time].id,
            )
        )
    if start is not None and start + duration > len(inst.times):
        view.problems.append(
            msg(
                "{where}: event {event} runs past the last time",
                where=str(se.where),
                event=event.id,
            )
        )
    resources = list(_preassigned(event))
    for sr in se.resources:
        slot = event.role(sr.role)
        if slot is None:
            continue
        if resources[slot] is not None and resources[slot] != sr.resource:
            view.problems.append(
                msg(
                    "{where}: event {event}, role {role} is preassigned {resource}",
                    where=str(se.where),
                    event=event.id,
                    role=sr.role,
                    resource=inst.resources[resources[slot] or 0].id,
                )
            )
            continue
        resources[slot] = sr.resource
    return Sub(index, duration, start, tuple(resources))
