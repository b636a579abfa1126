"""An XHSTT archive as frozen data: instances and solution groups.

Read from a `HighSchoolTimetableArchive` file: instances (times, resources, events,
constraints) and solution groups.

Entities keep their XHSTT `Id`; references between them are indices into the instance's
tuples (times, resources, events), in file order, which is the order XHSTT gives them meaning
by (a time's successor is the next time in the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from importers.xhstt.xmltree import XhsttError


@dataclass(frozen=True, slots=True)
class Where:
    """Where an element was read: file and line (line 0 when not read from a file)."""

    file: str = ""
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.file else ""


@dataclass(frozen=True, slots=True)
class Time:
    id: str
    name: str
    day: str | None = None  # Id of its Day time group
    week: str | None = None


@dataclass(frozen=True, slots=True)
class TimeGroup:
    """A set of times; `kind` is "Day", "Week" or "TimeGroup"."""

    id: str
    name: str
    kind: str
    times: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ResourceGroup:
    id: str
    name: str
    type: str
    resources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Resource:
    id: str
    name: str
    type: str  # ResourceType Id


@dataclass(frozen=True, slots=True)
class EventResource:
    """One resource slot of an event: preassigned (`resource` set) and/or open (`role` set)."""

    resource: int | None
    role: str | None = None
    type: str | None = None
    workload: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    name: str
    duration: int
    resources: tuple[EventResource, ...] = ()
    time: int | None = None  # preassigned time
    workload: int | None = None
    course: str | None = None  # Id of its Course event group

    def role(self, role: str) -> int | None:
        """Index into `resources` of the event resource with this role, or None."""
        for i, er in enumerate(self.resources):
            if er.role == role:
                return i
        return None


@dataclass(frozen=True, slots=True)
class EventGroup:
    """A set of events; `kind` is "Course" or "EventGroup"."""

    id: str
    name: str
    kind: str
    events: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Limited:
    """A time group with its own bounds (SpreadEvents)."""

    times: frozenset[int]
    minimum: int
    maximum: int
    id: str = ""


@dataclass(frozen=True, slots=True)
class Constraint:
    """Any XHSTT constraint. `kind` is the element name without "Constraint".

    Points of application: `resources` (resource constraints), `events` (event constraints),
    `event_groups` (SpreadEvents, LinkEvents, AvoidSplitAssignments). The other fields are the
    type's own parameters; those a type does not have are None or empty.
    """

    kind: str
    id: str
    name: str
    required: bool
    weight: int
    cost_function: str
    resources: tuple[int, ...] = ()
    events: tuple[int, ...] = ()
    event_groups: tuple[tuple[int, ...], ...] = ()
    event_group_ids: tuple[str, ...] = ()
    times: frozenset[int] = frozenset()  # PreferTimes, AvoidUnavailableTimes
    time_groups: tuple[tuple[int, ...], ...] = ()  # idle / cluster / busy time groups
    limited: tuple[Limited, ...] = ()  # SpreadEvents
    preferred: frozenset[int] = frozenset()  # PreferResources
    role: str | None = None
    duration: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_duration: int | None = None
    max_duration: int | None = None
    min_amount: int | None = None
    max_amount: int | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True)
class Instance:
    id: str
    name: str
    times: tuple[Time, ...]
    time_groups: tuple[TimeGroup, ...]
    resource_types: tuple[tuple[str, str], ...]  # (Id, Name)
    resource_groups: tuple[ResourceGroup, ...]
    resources: tuple[Resource, ...]
    events: tuple[Event, ...]
    event_groups: tuple[EventGroup, ...]
    constraints: tuple[Constraint, ...]
    where: Where = field(default_factory=Where)

    @cached_property
    def time_ids(self) -> dict[str, int]:
        """Time Id -> index."""
        return {t.id: i for i, t in enumerate(self.times)}

    @cached_property
    def resource_ids(self) -> dict[str, int]:
        """Resource Id -> index."""
        return {r.id: i for i, r in enumerate(self.resources)}

    @cached_property
    def event_ids(self) -> dict[str, int]:
        """Event Id -> index."""
        return {e.id: i for i, e in enumerate(self.events)}

    @cached_property
    def time_group_ids(self) -> dict[str, TimeGroup]:
        """Time group Id -> time group."""
        return {g.id: g for g in self.time_groups}

    def type_name(self, type_id: str) -> str:
        """The Name of a resource type (its Id when it has none)."""
        return dict(self.resource_types).get(type_id, type_id) or type_id


@dataclass(frozen=True, slots=True)
class SolutionResource:
    role: str
    resource: int


@dataclass(frozen=True, slots=True)
class SolutionEvent:
    """One sub-event of a solution: its event, and optionally duration, start and resources."""

    event: int
    duration: int | None = None
    time: int | None = None
    resources: tuple[SolutionResource, ...] = ()
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class Report:
    """The costs a solution's contributor reported for it."""

    infeasibility: int
    objective: int


@dataclass(frozen=True)
class Solution:
    instance: str  # Instance Id
    events: tuple[SolutionEvent, ...]
    report: Report | None = None
    description: str = ""


@dataclass(frozen=True)
class SolutionGroup:
    id: str
    contributor: str = ""
    date: str = ""
    description: str = ""
    solutions: tuple[Solution, ...] = ()


@dataclass(frozen=True)
class Archive:
    id: str
    instances: tuple[Instance, ...]
    solution_groups: tuple[SolutionGroup, ...]
    path: str = ""

    def instance(self, instance_id: str | None = None) -> Instance:
        """The instance with this Id (the only one when None).

        Raises:
            XhsttError: no such instance, or several and no Id given.
        """
        from solver.messages import msg

        if instance_id is None:
            if len(self.instances) == 1:
                return self.instances[0]
            ids = ", ".join(i.id for i in self.instances) or "none"
            raise XhsttError(
                [msg("{file}: holds instances {ids}; name one", file=self.path, ids=ids)]
            )
        for inst in self.instances:
            if inst.id == instance_id:
                return inst
        raise XhsttError([msg("{file}: no instance with Id {id}", file=self.path, id=instance_id)])

    def solutions_of(self, instance_id: str) -> list[tuple[SolutionGroup, Solution]]:
        """Every (group, solution) for the instance, in file order."""
        return [
            (g, s) for g in self.solution_groups for s in g.solutions if s.instance == instance_id
        ]


def read_archive(path: Path, known: tuple[Instance, ...] = ()) -> Archive:
    """Read an XHSTT archive file.

    Args:
        path: the file.
        known: instances of another archive its solutions may refer to (a file holding only
            SolutionGroups).

    Raises:
        XhsttError: every problem found (file, line, element, what is wrong).
    """
    from importers.xhstt.reader import archive_from_file

    return archive_from_file(path, known)
