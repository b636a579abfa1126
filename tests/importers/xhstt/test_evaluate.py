"""The XHSTT evaluator on hand-made instances per constraint type and on real archive files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.benchdata import benchdata_file
from importers.xhstt.evaluate import Evaluation, cost_of, evaluate
from importers.xhstt.instance import Archive, Instance, Solution, read_archive
from importers.xhstt.xmltree import parse_file
from tests.importers.xhstt.build import (
    Ev,
    Sub,
    applies_events,
    applies_groups,
    applies_resources,
    archive_xml,
    constraint,
    days_groups,
    load,
    time_id,
    times_of,
)

PEOPLE = {"T1": "Teacher", "T2": "Teacher", "K1": "Class", "R1": "Room", "R2": "Room"}


def run(
    tmp: Path,
    cons: str,
    events: Sequence[Ev],
    subs: Sequence[Sub],
    *,
    days: int = 2,
    per_day: int = 4,
    groups: dict[str, Sequence[str]] | None = None,
) -> Evaluation:
    text = archive_xml(
        days=days,
        per_day=per_day,
        resources=PEOPLE,
        events=events,
        constraints=[cons],
        solutions=[subs],
        groups=groups,
    )
    archive = load(tmp, text)
    inst = archive.instances[0]
    return evaluate(inst, archive.solutions_of(inst.id)[0][1])


def t(d: int, p: int) -> str:
    return time_id(d, p)


def test_cost_functions_apply_to_the_total_or_to_each_part() -> None:
    assert cost_of("Linear", [2, 1]) == 3
    assert cost_of("Quadratic", [2, 1]) == 9
    assert cost_of("Step", [2, 1]) == 1
    assert cost_of("Step", [0, 0]) == 0
    assert cost_of("SumSquares", [2, 1]) == 5
    assert cost_of("SquareSum", [2, 1]) == 9
    assert cost_of("SumSteps", [2, 1, 0]) == 2
    with pytest.raises(ValueError):
        cost_of("Cubic", [1])


def test_avoid_clashes_counts_extra_events_per_time_quadratic_on_the_total(tmp_path: Path) -> None:
    events = [Ev(f"E{i}", 1, ["T1"]) for i in range(5)]
    # three events at d0_0 (2 extra), two at d1_1 (1 extra)
    subs = [
        Sub("E0", 1, t(0, 0)),
        Sub("E1", 1, t(0, 0)),
        Sub("E2", 1, t(0, 0)),
        Sub("E3", 1, t(1, 1)),
        Sub("E4", 1, t(1, 1)),
    ]
    ev = run(
        tmp_path,
        constraint("AvoidClashes", applies_resources("T1"), weight=2, cost="Quadratic"),
        events,
        subs,
    )
    assert ev.objective == 2 * 3 * 3
    assert ev.by_constraint[0].points[0].deviation == 3
    hard = run(
        tmp_path,
        constraint("AvoidClashes", applies_resources("T1"), required=True, cost="SumSquares"),
        events,
        subs,
    )
    assert (hard.infeasibility, hard.objective) == (2 * 2 + 1 * 1, 0)


def test_avoid_unavailable_times_counts_busy_times_not_events(tmp_path: Path) -> None:
    events = [Ev("A", 2, ["T1"]), Ev("B", 1, ["T1"])]
    subs = [Sub("A", 2, t(0, 0)), Sub("B", 1, t(0, 1))]  # T1 busy d0_0, d0_1 (clash there)
    cons = constraint(
        "AvoidUnavailableTimes", applies_resources("T1") + times_of(t(0, 1), t(0, 2), t(1, 0))
    )
    assert run(tmp_path, cons, events, subs).objective == 1


def test_limit_idle_times_totals_idle_times_over_the_days(tmp_path: Path) -> None:
    events = [Ev(f"E{i}", 1, ["T1"]) for i in range(4)]
    # one idle time on each day (busy 0 and 2): 2 in all, over a maximum of 0 by 2
    subs = [
        Sub("E0", 1, t(0, 0)),
        Sub("E1", 1, t(0, 2)),
        Sub("E2", 1, t(1, 0)),
        Sub("E3", 1, t(1, 2)),
    ]
    body = applies_resources("T1") + days_groups(2) + "<Minimum>0</Minimum><Maximum>0</Maximum>"
    ev = run(tmp_path, constraint("LimitIdleTimes", body, weight=3, cost="Quadratic"), events, subs)
    assert ev.objective == 3 * 2 * 2  # the total, squared (not 1 + 1 per day)
    one = applies_resources("T1") + days_groups(2) + "<Minimum>0</Minimum><Maximum>1</Maximum>"
    assert run(tmp_path, constraint("LimitIdleTimes", one), events, subs).objective == 1
    low = applies_resources("T1") + days_groups(2) + "<Minimum>3</Minimum><Maximum>9</Maximum>"
    assert run(tmp_path, constraint("LimitIdleTimes", low), events, subs).objective == 1


def test_cluster_busy_times_counts_busy_days(tmp_path: Path) -> None:
    events = [Ev(f"E{i}", 1, ["T1"]) for i in range(3)]
    subs = [Sub("E0", 1, t(0, 0)), Sub("E1", 1, t(1, 0)), Sub("E2", 1, t(2, 3))]
    body = applies_resources("T1") + days_groups(3) + "<Minimum>0</Minimum><Maximum>1</Maximum>"
    assert run(tmp_path, constraint("ClusterBusyTimes", body), events, subs, days=3).objective == 2
    body = applies_resources("T2") + days_groups(3) + "<Minimum>2</Minimum><Maximum>3</Maximum>"
    assert run(tmp_path, constraint("ClusterBusyTimes", body), events, subs, days=3).objective == 2


def test_limit_busy_times_ignores_free_days_and_keeps_parts_per_day(tmp_path: Path) -> None:
    events = [Ev(f"E{i}", 1, ["T1"]) for i in range(5)]
    # day 0: 1 busy (< min 2 by 1); day 1: 4 busy (> max 3 by 1); day 2: none (no deviation)
    subs = [Sub("E0", 1, t(0, 0))] + [Sub(f"E{i}", 1, t(1, i - 1)) for i in range(1, 5)]
    body = applies_resources("T1") + days_groups(3) + "<Minimum>2</Minimum><Maximum>3</Maximum>"
    assert run(tmp_path, constraint("LimitBusyTimes", body), events, subs, days=3).objective == 2
    squares = run(
        tmp_path, constraint("LimitBusyTimes", body, cost="SumSquares"), events, subs, days=3
    )
    assert squares.objective == 1 + 1  # per time group, not (1 + 1) ** 2
    quad = run(tmp_path, constraint("LimitBusyTimes", body, cost="Quadratic"), events, subs, days=3)
    assert quad.objective == 4


def test_spread_events_counts_sub_event_starts_per_time_group(tmp_path: Path) -> None:
    events = [Ev("A", 3, ["K1"])]
    # a double starting on day 0 and a single on day 0 again: 2 starts on day 0, none on day 1
    subs = [Sub("A", 2, t(0, 0)), Sub("A", 1, t(0, 3))]
    limits = "".join(
        f'<TimeGroup Reference="D{d}"><Minimum>1</Minimum><Maximum>1</Maximum></TimeGroup>'
        for d in range(2)
    )
    body = applies_groups("c_A") + f"<TimeGroups>{limits}</TimeGroups>"
    assert run(tmp_path, constraint("SpreadEvents", body), events, subs).objective == 2


def test_split_and_distribute_split_events(tmp_path: Path) -> None:
    events = [Ev("A", 6, ["K1"])]
    subs = [Sub("A", 3, t(0, 0)), Sub("A", 1, t(1, 0)), Sub("A", 2, t(1, 2))]
    split = applies_events("A") + (
        "<MinimumDuration>1</MinimumDuration><MaximumDuration>2</MaximumDuration>"
        "<MinimumAmount>4</MinimumAmount><MaximumAmount>5</MaximumAmount>"
    )
    # one sub-event too long, and 3 sub-events where at least 4 are wanted
    assert run(tmp_path, constraint("SplitEvents", split), events, subs).objective == 2
    dist = applies_events("A") + "<Duration>2</Duration><Minimum>2</Minimum><Maximum>3</Maximum>"
    assert run(tmp_path, constraint("DistributeSplitEvents", dist), events, subs).objective == 1


def test_prefer_times_counts_durations_of_matching_sub_events(tmp_path: Path) -> None:
    events = [Ev("A", 5, ["K1"])]
    subs = [Sub("A", 2, t(0, 0)), Sub("A", 2, t(1, 2)), Sub("A", 1, None)]
    allowed = times_of(t(0, 0), t(0, 1))
    any_len = run(tmp_path, constraint("PreferTimes", applies_events("A") + allowed), events, subs)
    assert any_len.objective == 2  # the double at d1_2; the unassigned one is not counted
    doubles = applies_events("A") + allowed + "<Duration>1</Duration>"
    assert run(tmp_path, constraint("PreferTimes", doubles), events, subs).objective == 0


def test_assign_time_and_events_missing_from_the_solution(tmp_path: Path) -> None:
    events = [Ev("A", 3, ["K1"]), Ev("B", 2, ["K1"])]
    subs = [Sub("A", 2, t(0, 0)), Sub("A", 1, None)]  # B is not mentioned: all of it unassigned
    ev = run(tmp_path, constraint("AssignTime", applies_groups("all"), required=True), events, subs)
    assert (ev.infeasibility, ev.objective) == (1 + 2, 0)


def test_link_events_counts_times_some_but_not_all_run(tmp_path: Path) -> None:
    events = [Ev("A", 2, ["K1"]), Ev("B", 2, ["T1"])]
    subs = [Sub("A", 2, t(0, 0)), Sub("B", 2, t(0, 1))]  # A: 0,1  B: 1,2 -> times 0 and 2
    ev = run(
        tmp_path,
        constraint("LinkEvents", applies_groups("g")),
        events,
        subs,
        groups={"g": ["A", "B"]},
    )
    assert ev.objective == 2


def test_resource_assignment_constraints(tmp_path: Path) -> None:
    events = [
        Ev("A", 2, ["K1"], roles=[("room", "Room")]),
        Ev("B", 1, ["K1"], roles=[("room", "Room")]),
    ]
    subs = [
        Sub("A", 1, t(0, 0), [("room", "R1")]),
        Sub("A", 1, t(0, 1)),
        Sub("B", 1, t(1, 0), [("room", "R2")]),
    ]
    assign = constraint("AssignResource", applies_groups("all") + "<Role>room</Role>")
    assert run(tmp_path, assign, events, subs).objective == 1
    prefer = constraint(
        "PreferResources",
        applies_groups("all")
        + '<Resources><Resource Reference="R2"/></Resources><Role>room</Role>',
    )
    assert run(tmp_path, prefer, events, subs).objective == 1  # A's first hour in R1
    split = constraint("AvoidSplitAssignments", applies_groups("g") + "<Role>room</Role>")
    assert run(tmp_path, split, events, subs, groups={"g": ["A", "B"]}).objective == 1


def test_limit_workload_shares_workload_by_duration_and_rounds_up(tmp_path: Path) -> None:
    events = [Ev("A", 3, ["T1"], workloads={"T1": 2}), Ev("B", 2, ["T1"])]
    # A split 1 + 2: its workload 2 counts in full (2/3 + 4/3); B counts its duration 2
    subs = [Sub("A", 1, t(0, 0)), Sub("A", 2, t(1, 0)), Sub("B", 2, t(0, 2))]
    body = applies_resources("T1") + "<Minimum>0</Minimum><Maximum>3</Maximum>"
    assert run(tmp_path, constraint("LimitWorkload", body), events, subs).objective == 1
    body = applies_resources("T1") + "<Minimum>5</Minimum><Maximum>9</Maximum>"
    assert run(tmp_path, constraint("LimitWorkload", body), events, subs).objective == 1


def test_solution_flaws_are_reported(tmp_path: Path) -> None:
    events = [Ev("A", 3, ["K1"])]
    subs = [Sub("A", 1, t(0, 0)), Sub("A", 1, t(1, 3))]  # durations add up to 2, not 3
    ev = run(tmp_path, constraint("AssignTime", applies_groups("all")), events, subs)
    assert any("last 2, not 3" in str(p) for p in ev.problems)
    over = run(
        tmp_path, constraint("AssignTime", applies_groups("all")), events, [Sub("A", 3, t(1, 3))]
    )
    assert any("past the last time" in str(p) for p in over.problems)


# ---- the real archive files (skipped when benchdata is absent) ------------------------------

KNOWN = [
    # SOURCES.md (Twente pages) for the XHSTT-2014 Brazil instances
    ("BrazilInstance1.xml", "Haroldo_Dec_2011", 0, 42),
    ("BrazilInstance1.xml", "LectioIntegerProgramming", 0, 41),
    ("BrazilInstance2.xml", "Haroldo_Dec_2011", 0, 38),
    ("BrazilInstance2.xml", "Lectio", 0, 5),
    ("BrazilInstance5.xml", "Haroldo_Dec_2011", 0, 225),
    ("BrazilInstance5.xml", "VAGO2012", 0, 43),
    ("BrazilInstance5.xml", "LectioIntegerProgramming", 0, 26),
    ("BrazilInstance5.xml", "ArtonDorneles_October_2013", 0, 20),
    ("BrazilInstance5.xml", "ArtonDorneles_fixopt_2015-09-10", 0, 19),
]


def _archive(name: str) -> tuple[Path, Archive]:
    for folder in ("xhstt2014", "xhstt2011-2013"):
        path = benchdata_file("xhstt", folder, name)
        if path is not None:
            return path, read_archive(path)
    pytest.skip(f"benchdata file {name} is absent")


def _solution(name: str, group: str) -> tuple[Instance, Solution]:
    _, archive = _archive(name)
    inst = archive.instances[0]
    for g, sol in archive.solutions_of(inst.id):
        if g.id == group:
            return inst, sol
    raise AssertionError(f"{name} has no solution group {group}")


@pytest.mark.parametrize(("name", "group", "hard", "soft"), KNOWN)
def test_embedded_solutions_cost_the_published_values(
    name: str, group: str, hard: int, soft: int
) -> None:
    inst, sol = _solution(name, group)
    ev = evaluate(inst, sol)
    assert (ev.infeasibility, ev.objective) == (hard, soft)
    assert not ev.problems


REPORTED = [
    ("EnglandStPaul.xml", "GOAL team Thu Feb 12 02:10:16 2015"),
    ("AustraliaBGHS98.xml", "JeffKingston_KHE_2011-02-11"),
    ("AustraliaSAHS96.xml", "JeffKingston_KHE_2011-02-11"),
]


def _reported_points(path: Path, group: str) -> tuple[tuple[int, int], dict[tuple[str, str], int]]:
    """The Report of a solution group: totals and cost per (point Id, constraint Id)."""
    root = parse_file(path)
    for g in root.grandchildren("SolutionGroups", "SolutionGroup"):
        if g.attrs.get("Id") != group:
            continue
        sol = g.child("Solution")
        rep = sol.child("Report") if sol is not None else None
        assert rep is not None
        points = {}
        for section in ("Resources", "Events", "EventGroups"):
            for node in rep.grandchildren(section, section[:-1]):
                for c in node.all("Constraint"):
                    points[(node.attrs["Reference"], c.attrs["Reference"])] = int(
                        c.value("Cost") or 0
                    )
        totals = (int(rep.value("InfeasibilityValue") or 0), int(rep.value("ObjectiveValue") or 0))
        return totals, points
    raise AssertionError(f"no solution group {group}")


@pytest.mark.parametrize(("name", "group"), REPORTED)
def test_reports_agree_point_by_point(name: str, group: str) -> None:
    path, _ = _archive(name)
    inst, sol = _solution(name, group)
    ev = evaluate(inst, sol)
    totals, points = _reported_points(path, group)
    ours = {(p.point, cc.constraint.id): p.cost for cc in ev.by_constraint for p in cc.points}
    assert (ev.infeasibility, ev.objective) == totals
    assert ours == {k: v for k, v in points.items() if v}


def test_brazil7_report_disagrees_with_its_own_instance() -> None:
    """The LNS-MaxSAT Report (0, 1038) charges every "Compact" ClusterBusyTimes constraint
    (Minimum 4 = Maximum 4 busy days) as if the teacher were busy on no day, and no idle time
    for T14, who is busy on Wednesday at 1, 2, 3 and 5: the report was made for another
    version of the instance. By the specification the solution costs (0, 57)."""
    inst, sol = _solution("BrazilInstance7.xml", "Demirovic, Musliu - LNS MaxSAT")
    ev = evaluate(inst, sol)
    assert (ev.infeasibility, ev.objective) == (0, 57)
    idle = {
        p.point: p.cost
        for cc in ev.by_constraint
        for p in cc.points
        if cc.constraint.id == "noIDLETimesT"
    }
    assert idle["T14"] == 3


def test_tes99_split_costs_follow_the_specification() -> None:
    """KHE's 2011 report gives TES99 infeasibility 10; the events x07HSIE3_1 and three more
    must split into 3 single periods (SplitEvents 1..1, amount 3..3) but are split 1 + 2,
    which the specification charges 2 per event on each of the two constraints: 10 + 16."""
    inst, sol = _solution("AustraliaTES99.xml", "JeffKingston_KHE_2011-02-11")
    ev = evaluate(inst, sol)
    assert (ev.infeasibility, ev.objective) == (26, 134)


@pytest.mark.parametrize(
    "name", ["GreeceThirdHighSchoolPatras2010.xml", "GreeceThirdHighSchoolPreveza2008.xml"]
)
def test_greek_solutions_described_as_cost_zero(name: str) -> None:
    inst, sol = _solution(name, "GogosAndValouxis_2011-03-21")
    ev = evaluate(inst, sol)
    assert (ev.infeasibility, ev.objective) == (0, 0)
