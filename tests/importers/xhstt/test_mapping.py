"""XHSTT instances as our Problem: split plans, conditions, exact costs, the way back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.benchdata import benchdata_file
from importers.loaded import InputError
from importers.xhstt import load_xhstt, read_archive
from importers.xhstt.convert import from_xhstt, to_xhstt
from importers.xhstt.evaluate import evaluate
from importers.xhstt.mapping import map_instance
from importers.xhstt.plans import partitions
from solver.conditions import Limit
from solver.params import SolveParams
from solver.solve import solve
from solver.validate import summarize, validate
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

PEOPLE = {"T1": "Teacher", "K1": "Class", "R1": "Room"}


def _split_rules(*events: str) -> list[str]:
    """Brazil's rules for events: sub-events of 1 or 2 periods, at most one a day, a double
    wanted (soft)."""
    groups = "".join(
        f'<TimeGroup Reference="D{d}"><Minimum>0</Minimum><Maximum>1</Maximum></TimeGroup>'
        for d in range(2)
    )
    return [
        constraint(
            "SplitEvents",
            applies_events(*events) + "<MinimumDuration>1</MinimumDuration>"
            "<MaximumDuration>2</MaximumDuration><MinimumAmount>1</MinimumAmount>"
            "<MaximumAmount>9</MaximumAmount>",
            required=True,
            cid="split",
        ),
        constraint(
            "SpreadEvents",
            applies_groups(*[f"c_{e}" for e in events]) + f"<TimeGroups>{groups}</TimeGroups>",
            required=True,
            cid="spread",
        ),
        constraint(
            "DistributeSplitEvents",
            applies_events(*events)
            + "<Duration>2</Duration><Minimum>1</Minimum><Maximum>1</Maximum>",
            cid="doubles",
        ),
        constraint("AssignTime", applies_groups("all"), required=True, cid="assign"),
        constraint(
            "AvoidClashes",
            "<AppliesTo><ResourceGroups><ResourceGroup Reference="
            '"all_Teacher"/><ResourceGroup Reference="all_Class"/></ResourceGroups>'
            "</AppliesTo>",
            required=True,
            cid="clashes",
        ),
    ]


def _tight_week(tmp: Path) -> Path:
    """T1 teaches A (3 periods) and B (2) and may teach at Day0 periods 0 and 2, Day1
    periods 0, 1 and 3. With one sub-event a day, A needs the only two adjacent free periods
    for its double, so B gets two singles (its double missed: cost 1)."""
    closed = [time_id(0, 1), time_id(0, 3), time_id(1, 2)]
    away = constraint(
        "AvoidUnavailableTimes",
        applies_resources("T1") + times_of(*closed),
        required=True,
        cid="away",
    )
    text = archive_xml(
        days=2,
        per_day=4,
        resources=PEOPLE,
        events=[Ev("A", 3, ["T1", "K1"]), Ev("B", 2, ["T1", "K1"])],
        constraints=[*_split_rules("A", "B"), away],
    )
    path = tmp / "tight.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_day_runs_let_the_solver_choose_the_split(tmp_path: Path) -> None:
    loaded = load_xhstt(_tight_week(tmp_path))
    assert loaded.mapped is not None and loaded.mapped.exact
    assert [p.kind for p in loaded.mapped.plans] == ["days", "days"]
    assert len(loaded.problem.lessons) == 5
    sol = solve(loaded.problem, SolveParams(time_limit_s=10, workers=2))
    assert sol.complete and sol.objective == 1
    ev = loaded.evaluate(sol)
    assert (ev.infeasibility, ev.objective) == (0, 1)
    xsol = loaded.xhstt_solution(sol)
    durations = {e: sorted(s.duration or 0 for s in xsol.events if s.event == e) for e in (0, 1)}
    assert durations == {0: [1, 2], 1: [1, 1]}


def test_day_run_shape_hangs_on_a_pseudo_class_not_on_named_lessons(tmp_path: Path) -> None:
    loaded = load_xhstt(_tight_week(tmp_path))
    problem = loaded.problem
    assert [k.code for k in problem.classes] == ["K1", "A (runs)", "B (runs)"]
    limits = [c for c in problem.conditions if isinstance(c, Limit)]
    assert all(c.lessons is None and c.who[0] == "atom" for c in limits)
    shapes = {(c.who[1], c.measure, c.value, c.weight) for c in limits}
    assert (1, "max_per_day", 2, None) in shapes and (1, "max_gaps_day", 0, None) in shapes
    # A (3 periods): one double = 3 - days, so at most 2 days and at least 2 days
    assert (1, "max_days", 2, 1) in shapes and (1, "min_days", 2, 1) in shapes


def test_fixed_split_takes_the_cheapest_pattern_as_a_constant(tmp_path: Path) -> None:
    split = applies_events("A") + "<MinimumDuration>2</MinimumDuration>"
    split += "<MaximumDuration>2</MaximumDuration>"
    doubles = applies_events("A") + "<Duration>2</Duration><Minimum>0</Minimum>"
    doubles += "<Maximum>1</Maximum>"
    cons = [
        constraint("SplitEvents", split, weight=10, cid="split"),
        constraint("DistributeSplitEvents", doubles, weight=5, cid="doubles"),
    ]
    text = archive_xml(
        resources=PEOPLE, events=[Ev("A", 4, ["K1"]), Ev("B", 3, ["K1"])], constraints=cons
    )
    mapped = map_instance(load(tmp_path, text).instances[0])
    # (4,) and (3, 1) cost 10 a piece of a wrong length; (2, 2) costs 5: one double too many
    assert mapped.plans[0].lengths == (2, 2) and mapped.offset == 5
    assert mapped.plans[0].kind == "fixed"
    # no SplitEvents: an event may split any way, so it becomes single periods
    assert mapped.plans[1].lengths == (1, 1, 1)


def test_partitions_are_every_split_once() -> None:
    assert sorted(partitions(4, 1, 4)) == sorted([(4,), (3, 1), (2, 2), (2, 1, 1), (1, 1, 1, 1)])
    assert list(partitions(5, 2, 3)) == [(3, 2)]


def test_unsupported_and_approximate_constraints_are_named(tmp_path: Path) -> None:
    cons = [
        constraint("OrderEvents", applies_events("A"), cid="order"),
        constraint(
            "LimitIdleTimes",
            applies_resources("T1") + days_groups(2) + "<Minimum>0</Minimum><Maximum>1</Maximum>",
            cost="Quadratic",
            cid="idle",
        ),
        constraint("AvoidClashes", applies_resources("K1"), required=True, cid="clash"),
    ]
    text = archive_xml(resources=PEOPLE, events=[Ev("A", 1, ["T1", "K1"])], constraints=cons)
    path = tmp_path / "u.xml"
    path.write_text(text, encoding="utf-8")
    loaded = load_xhstt(path)
    assert loaded.unsupported == {"OrderEventsConstraint": 1}
    assert loaded.mapped is not None and not loaded.mapped.exact
    words = " | ".join(str(w) for w in loaded.warnings)
    assert "XHSTT OrderEvents order is not supported" in words
    assert "XHSTT LimitIdleTimes idle is approximated: cost function Quadratic" in words
    assert "1 resources (e.g. T1) are kept free of clashes" in words
    archive = read_archive(path)
    assert evaluate(
        archive.instances[0],
        to_xhstt(
            loaded.mapped,
            archive.instances[0],
            solve(loaded.problem, SolveParams(time_limit_s=5, workers=2)),
        ),
    ).unsupported


def test_broken_file_is_an_input_error_naming_line_and_element(tmp_path: Path) -> None:
    text = archive_xml(resources=PEOPLE, events=[Ev("A", 1, ["T1", "K9"])])
    path = tmp_path / "broken.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_xhstt(path)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if 'Reference="K9"' in row)
    assert str(err.value.problems[0]) == (
        f"{path}:{line}: <Resource>: refers to unknown resource K9"
    )


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, pytest.param(7, marks=pytest.mark.slow)])
def test_brazil_costs_in_our_model_are_the_xhstt_costs(n: int) -> None:
    """Every solution embedded in the Brazil files, read into our placements: our validator's
    soft cost is the XHSTT objective and it finds no hard violation, so our objective is the
    instance's objective."""
    path = benchdata_file("xhstt", "xhstt2014", f"BrazilInstance{n}.xml")
    if path is None:
        pytest.skip("benchdata is absent")
    archive = read_archive(path)
    inst = archive.instances[0]
    mapped = map_instance(inst)
    assert mapped.exact and mapped.offset == 0
    for _, sol in archive.solutions_of(inst.id):
        ours = from_xhstt(mapped, inst, sol)
        assert ours is not None
        summary = summarize(validate(mapped.problem, ours))
        assert summary.hard_violations == 0
        assert summary.soft_cost == evaluate(inst, sol).objective
        back = evaluate(inst, to_xhstt(mapped, inst, ours))
        assert (back.infeasibility, back.objective) == (0, summary.soft_cost)


def test_an_event_with_two_rooms_gets_both(tmp_path: Path) -> None:
    people = {"K1": "Class", "G1": "Gym", "G2": "Gym", "C1": "Court"}
    roles = [("gym", "Gym"), ("court", "Court")]
    cons = [
        constraint(
            "AssignResource", applies_groups("all") + "<Role>gym</Role>", required=True, cid="gym"
        ),
        constraint(
            "AssignResource",
            applies_groups("all") + "<Role>court</Role>",
            required=True,
            cid="court",
        ),
        constraint(
            "AvoidClashes",
            "<AppliesTo><ResourceGroups><ResourceGroup Reference="
            '"all_Court"/><ResourceGroup Reference="all_Gym"/><ResourceGroup Reference='
            '"all_Class"/></ResourceGroups></AppliesTo>',
            required=True,
            cid="clash",
        ),
    ]
    events = [Ev("A", 1, ["K1"], roles=roles), Ev("B", 1, [], roles=roles)]
    path = tmp_path / "rooms.xml"
    path.write_text(
        archive_xml(days=1, per_day=2, resources=people, events=events, constraints=cons),
        encoding="utf-8",
    )
    loaded = load_xhstt(path)
    assert loaded.mapped is not None and loaded.mapped.exact
    assert len(loaded.problem.lessons) == 4  # each event: its gym lesson and a court companion
    sol = solve(loaded.problem, SolveParams(time_limit_s=5, workers=2))
    assert sol.complete
    ev = loaded.evaluate(sol)
    assert (ev.infeasibility, ev.objective) == (0, 0)  # the one court forces two periods
    roles_filled = sorted(r.role for se in loaded.xhstt_solution(sol).events for r in se.resources)
    assert roles_filled == ["court", "court", "gym", "gym"]


def test_doubles_start_only_where_xhstt_times_run_on(tmp_path: Path) -> None:
    """Times listed period by period: d0_0 is followed by d1_0 in the file, so a double on
    day 0 covers d0_0 and d1_0 in XHSTT. Our two-period lessons may therefore start nowhere."""
    whole = applies_events("A") + "<MinimumDuration>2</MinimumDuration>"
    text = archive_xml(
        days=2,
        per_day=2,
        resources=PEOPLE,
        events=[Ev("A", 2, ["K1"])],
        constraints=[constraint("SplitEvents", whole, required=True)],
        interleave=True,
    )
    mapped = map_instance(load(tmp_path, text).instances[0])
    assert mapped.grid.days == [[0, 2], [1, 3]]
    (cond,) = [c for c in mapped.problem.conditions if c.label == "XHSTT consecutive times"]
    assert cond.hard and cond.slots == frozenset()


@pytest.mark.parametrize(
    "name", ["SpainSchool.xml", "DenmarkSmallSchool.xml", "ArtificialSudoku4x4.xml"]
)
def test_other_exact_instances_cost_the_same_in_our_model(name: str) -> None:
    path = benchdata_file("xhstt", "xhstt2014", name)
    if path is None:
        pytest.skip("benchdata is absent")
    archive = read_archive(path)
    inst = archive.instances[0]
    mapped = map_instance(inst)
    assert mapped.exact
    for _, sol in archive.solutions_of(inst.id):
        ours = from_xhstt(mapped, inst, sol)
        assert ours is not None
        summary = summarize(validate(mapped.problem, ours))
        ev = evaluate(inst, sol)
        assert summary.soft_cost + mapped.offset == ev.objective
        assert (summary.hard_violations == 0) == (ev.infeasibility == 0)


def test_idle_time_across_an_unavailable_period_costs_in_our_model_too(tmp_path: Path) -> None:
    """T1 may not teach at d0_1; busy at d0_0 and d0_2, XHSTT counts d0_1 as idle. Our gap
    count skips unavailable periods, so that unavailability becomes a hard StartsIn."""
    cons = [
        constraint(
            "AvoidUnavailableTimes",
            applies_resources("T1") + times_of(time_id(0, 1)),
            required=True,
            cid="away",
        ),
        constraint(
            "LimitIdleTimes",
            applies_resources("T1") + days_groups(2) + "<Minimum>0</Minimum><Maximum>0</Maximum>",
            weight=3,
            cid="idle",
        ),
        constraint("AvoidClashes", applies_resources("T1"), required=True, cid="clash"),
    ]
    subs = [Sub("A", 1, time_id(0, 0)), Sub("B", 1, time_id(0, 2))]
    text = archive_xml(
        resources=PEOPLE,
        events=[Ev("A", 1, ["T1"]), Ev("B", 1, ["T1"])],
        constraints=cons,
        solutions=[subs],
    )
    archive = load(tmp_path, text)
    inst = archive.instances[0]
    mapped = map_instance(inst)
    assert mapped.exact
    assert mapped.problem.teachers[0].unavailable == frozenset()
    sol = archive.solutions_of(inst.id)[0][1]
    ours = from_xhstt(mapped, inst, sol)
    assert ours is not None
    assert summarize(validate(mapped.problem, ours)).soft_cost == evaluate(inst, sol).objective == 3
