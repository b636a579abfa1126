"""Hand-made XHSTT archives for tests: numbered times, resources, events, constraints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from importers.xhstt.instance import Archive, read_archive


@dataclass
class Ev:
    """An event: Id, duration, preassigned resource Ids, open roles (role, type)."""

    id: str
    duration: int = 1
    resources: Sequence[str] = ()
    roles: Sequence[tuple[str, str]] = ()
    time: str | None = None
    workloads: dict[str, int] = field(default_factory=dict)  # resource Id -> Workload


@dataclass
class Sub:
    """A solution event: event Id, duration, time Id, (role, resource) pairs."""

    event: str
    duration: int | None = None
    time: str | None = None
    resources: Sequence[tuple[str, str]] = ()


def time_id(day: int, period: int) -> str:
    return f"d{day}_{period}"


def constraint(
    kind: str,
    body: str,
    *,
    required: bool = False,
    weight: int = 1,
    cost: str = "Linear",
    cid: str = "c",
) -> str:
    """A constraint element with the common fields and `body` (AppliesTo and parameters)."""
    return (
        f'<{kind}Constraint Id="{cid}"><Name>{cid}</Name>'
        f"<Required>{'true' if required else 'false'}</Required><Weight>{weight}</Weight>"
        f"<CostFunction>{cost}</CostFunction>{body}</{kind}Constraint>"
    )


def applies_resources(*ids: str) -> str:
    refs = "".join(f'<Resource Reference="{i}"/>' for i in ids)
    return f"<AppliesTo><Resources>{refs}</Resources></AppliesTo>"


def applies_events(*ids: str) -> str:
    refs = "".join(f'<Event Reference="{i}"/>' for i in ids)
    return f"<AppliesTo><Events>{refs}</Events></AppliesTo>"


def applies_groups(*ids: str) -> str:
    refs = "".join(f'<EventGroup Reference="{i}"/>' for i in ids)
    return f"<AppliesTo><EventGroups>{refs}</EventGroups></AppliesTo>"


def days_groups(days: int) -> str:
    """<TimeGroups> naming every day."""
    return (
        "<TimeGroups>"
        + "".join(f'<TimeGroup Reference="D{d}"/>' for d in range(days))
        + "</TimeGroups>"
    )


def times_of(*ids: str) -> str:
    return "<Times>" + "".join(f'<Time Reference="{i}"/>' for i in ids) + "</Times>"


def archive_xml(
    *,
    days: int = 2,
    per_day: int = 4,
    resources: dict[str, str],
    events: Sequence[Ev],
    constraints: Sequence[str] = (),
    solutions: Sequence[Sequence[Sub]] = (),
    groups: dict[str, Sequence[str]] | None = None,
    interleave: bool = False,
) -> str:
    """The archive text. `resources` maps Id -> type (Teacher, Class, Room); every event is
    also in a Course "c_<id>" and in EventGroup "all"; `groups` adds more event groups.
    With `interleave`, the times are listed period by period (d0_0, d1_0, d0_1, ...), so a
    day's times do not follow each other in the file."""
    types = sorted(set(resources.values()))
    out = [
        '<HighSchoolTimetableArchive Id="test"><Instances><Instance Id="T">',
        "<MetaData><Name>T</Name><Contributor>test</Contributor><Date>today</Date>",
        "<Country>none</Country><Description>test</Description></MetaData>",
        "<Times><TimeGroups>",
    ]
    out += [f'<Day Id="D{d}"><Name>Day{d}</Name></Day>' for d in range(days)]
    out.append("</TimeGroups>")
    order = [(d, p) for d in range(days) for p in range(per_day)]
    if interleave:
        order.sort(key=lambda dp: (dp[1], dp[0]))
    for d, p in order:
        out.append(
            f'<Time Id="{time_id(d, p)}"><Name>{time_id(d, p)}</Name><Day Reference="D{d}"/></Time>'
        )
    out.append("</Times><Resources><ResourceTypes>")
    out += [f'<ResourceType Id="{t}"><Name>{t}</Name></ResourceType>' for t in types]
    out.append("</ResourceTypes><ResourceGroups>")
    out += [
        f'<ResourceGroup Id="all_{t}"><Name>all {t}</Name><ResourceType Reference="{t}"/>'
        "</ResourceGroup>"
        for t in types
    ]
    out.append("</ResourceGroups>")
    for rid, t in resources.items():
        out.append(
            f'<Resource Id="{rid}"><Name>{rid}</Name><ResourceType Reference="{t}"/>'
            f'<ResourceGroups><ResourceGroup Reference="all_{t}"/></ResourceGroups>'
            "</Resource>"
        )
    out.append("</Resources>")
    out.append(_events(events, groups or {}))
    out.append("<Constraints>" + "".join(constraints) + "</Constraints>")
    out.append("</Instance></Instances><SolutionGroups>")
    for n, sol in enumerate(solutions):
        out.append(
            f'<SolutionGroup Id="S{n}"><MetaData><Contributor>t</Contributor>'
            "<Date>t</Date><Description>t</Description></MetaData>"
            '<Solution Reference="T"><Events>'
        )
        out += [_sub(s) for s in sol]
        out.append("</Events></Solution></SolutionGroup>")
    out.append("</SolutionGroups></HighSchoolTimetableArchive>")
    return "\n".join(out)


def _events(events: Sequence[Ev], groups: dict[str, Sequence[str]]) -> str:
    out = ["<Events><EventGroups>"]
    out += [f'<Course Id="c_{e.id}"><Name>c_{e.id}</Name></Course>' for e in events]
    out.append('<EventGroup Id="all"><Name>all</Name></EventGroup>')
    out += [f'<EventGroup Id="{g}"><Name>{g}</Name></EventGroup>' for g in groups]
    out.append("</EventGroups>")
    for e in events:
        member = [g for g, ids in groups.items() if e.id in ids]
        res = "".join(
            f'<Resource Reference="{r}">'
            + (f"<Workload>{e.workloads[r]}</Workload>" if r in e.workloads else "")
            + "</Resource>"
            for r in e.resources
        )
        res += "".join(
            f'<Resource><Role>{role}</Role><ResourceType Reference="{t}"/></Resource>'
            for role, t in e.roles
        )
        time = f'<Time Reference="{e.time}"/>' if e.time else ""
        grefs = "".join(f'<EventGroup Reference="{g}"/>' for g in ["all", *member])
        out.append(
            f'<Event Id="{e.id}"><Name>{e.id}</Name><Duration>{e.duration}</Duration>'
            f'<Course Reference="c_{e.id}"/>{time}<Resources>{res}</Resources>'
            f"<EventGroups>{grefs}</EventGroups></Event>"
        )
    out.append("</Events>")
    return "".join(out)


def _sub(s: Sub) -> str:
    dur = f"<Duration>{s.duration}</Duration>" if s.duration is not None else ""
    time = f'<Time Reference="{s.time}"/>' if s.time else ""
    res = "".join(
        f'<Resource Reference="{r}"><Role>{role}</Role></Resource>' for role, r in s.resources
    )
    res = f"<Resources>{res}</Resources>" if res else ""
    return f'<Event Reference="{s.event}">{dur}{time}{res}</Event>'


def load(tmp: Path, text: str, name: str = "t.xml") -> Archive:
    """Write the text to a file under `tmp` and read it."""
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return read_archive(path)
