"""Our timetable as an XHSTT solution, and an XHSTT solution as our timetable."""

from __future__ import annotations

from collections import defaultdict

from importers.xhstt.instance import Instance, SolutionEvent, SolutionResource
from importers.xhstt.instance import Solution as XSolution
from importers.xhstt.mapping import Mapped
from importers.xhstt.rooms import RoomSlot
from solver.solution import Placement, Solution, Status


def to_xhstt(mapped: Mapped, inst: Instance, solution: Solution) -> XSolution:
    """The XHSTT solution of a timetable of `mapped.problem`.

    A fixed-split event gives one sub-event per lesson (piece); a day-run event one per
    unbroken run of its lessons on a day. A piece without a placement becomes a sub-event
    without a time; the rooms chosen for a piece and its companions fill the event's open
    room roles.
    """
    placed = {p.lesson: p for p in solution.placements}
    events: list[SolutionEvent] = []
    for e, plan in enumerate(mapped.plans):
        mains = _mains(mapped, e)
        if plan.kind == "days":
            events.extend(_runs(mapped, e, [placed[ls] for ls in mains if ls in placed]))
            missing = sum(1 for ls in mains if ls not in placed)
            if missing:
                events.append(SolutionEvent(e, missing))
            continue
        for piece, ls in enumerate(mains):
            length = mapped.problem.lessons[ls].length
            p = placed.get(ls)
            if p is None:
                events.append(SolutionEvent(e, length))
                continue
            time = mapped.grid.time_at.get((p.day, p.period))
            events.append(SolutionEvent(e, length, time, _rooms(mapped, e, piece, placed)))
    return XSolution(inst.id, tuple(events))


def _mains(mapped: Mapped, event: int) -> list[int]:
    """The event's own lessons (pieces, in order), companions left out."""
    return [
        ls
        for ls, (e, _) in enumerate(mapped.lesson_event)
        if e == event and ls not in mapped.companions
    ]


def _rooms(
    mapped: Mapped, event: int, piece: int, placed: dict[int, Placement]
) -> tuple[SolutionResource, ...]:
    """The rooms chosen for a piece's open room roles (its own and its companions')."""
    out = []
    for k, slot in enumerate(mapped.slots.get(event, [])):
        if slot.resource is not None or slot.role is None:
            continue
        p = placed.get(mapped.slot_lessons[(event, k)][piece])
        if p is not None and p.room is not None:
            out.append(SolutionResource(slot.role, mapped.room_resource[p.room]))
    return tuple(out)


def _runs(mapped: Mapped, event: int, ps: list[Placement]) -> list[SolutionEvent]:
    """One sub-event per run of consecutive periods on a day."""
    by_day: dict[int, list[Placement]] = defaultdict(list)
    for p in ps:
        by_day[p.day].append(p)
    out = []
    for day in sorted(by_day):
        run: list[Placement] = []
        for p in sorted(by_day[day], key=lambda x: x.period):
            if run and not _follows(mapped, run[-1], p):
                out.append(_run_event(mapped, event, run))
                run = []
            run.append(p)
        out.append(_run_event(mapped, event, run))
    return out


def _follows(mapped: Mapped, a: Placement, b: Placement) -> bool:
    """True when b's period comes right after a's, in our grid and in XHSTT time order."""
    ta = mapped.grid.time_at.get((a.day, a.period))
    tb = mapped.grid.time_at.get((b.day, b.period))
    return b.period == a.period + 1 and ta is not None and tb == ta + 1


def _run_event(mapped: Mapped, event: int, run: list[Placement]) -> SolutionEvent:
    time = mapped.grid.time_at.get((run[0].day, run[0].period))
    return SolutionEvent(event, len(run), time)


def from_xhstt(mapped: Mapped, inst: Instance, sol: XSolution) -> Solution | None:
    """An XHSTT solution as our timetable, when its splits fit our lessons (None otherwise).

    Fixed-split events need sub-events of their lessons' lengths; day-run events take any
    sub-events within a day. Used to price known solutions in our model (and could start a
    search from them).
    """
    subs: dict[int, list[SolutionEvent]] = defaultdict(list)
    for se in sol.events:
        subs[se.event].append(se)
    placements: list[Placement] = []
    for e, plan in enumerate(mapped.plans):
        mains = _mains(mapped, e)
        given = subs.get(e) or [SolutionEvent(e, inst.events[e].duration, inst.events[e].time)]
        cells = _cells(mapped, inst, e, given, plan.kind == "days")
        if cells is None or len(cells) != len(mains):
            return None
        free = sorted(mains, key=lambda ls: -mapped.problem.lessons[ls].length)
        for length, day, period, se in sorted(cells, key=lambda c: -c[0]):
            ls = free.pop(0)
            if mapped.problem.lessons[ls].length != length:
                return None
            piece = mapped.lesson_event[ls][1]
            slots = mapped.slots.get(e)
            if not slots:
                placements.append(Placement(ls, day, period))
                continue
            for k, slot in enumerate(slots):
                lesson = mapped.slot_lessons[(e, k)][piece]
                placements.append(Placement(lesson, day, period, _room_of(mapped, slot, se)))
    return Solution(Status.FEASIBLE, tuple(placements))


def _room_of(mapped: Mapped, slot: RoomSlot, se: SolutionEvent) -> int | None:
    """Our room for a room slot of a sub-event: preassigned, or the one filling its role."""
    if slot.resource is not None:
        return mapped.people.room[slot.resource]
    return next((mapped.people.room[r.resource] for r in se.resources if r.role == slot.role), None)


def _cells(
    mapped: Mapped, inst: Instance, event: int, given: list[SolutionEvent], units: bool
) -> list[tuple[int, int, int, SolutionEvent]] | None:
    """(length, day, period, sub-event) per lesson the sub-events fill; None when one has no
    time or leaves its day."""
    out: list[tuple[int, int, int, SolutionEvent]] = []
    for se in given:
        duration = se.duration or inst.events[event].duration
        if se.time is None or se.time not in mapped.grid.slot_of:
            return None
        day, period = mapped.grid.slot_of[se.time]
        if mapped.grid.time_at.get((day, period + duration - 1)) != se.time + duration - 1:
            return None
        if units:
            out.extend((1, day, period + k, se) for k in range(duration))
        else:
            out.append((duration, day, period, se))
    return out
