"""Reading XHSTT archives (every problem located) and writing our SolutionGroup back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.loaded import InputError
from importers.xhstt import XhsttError, evaluate, evaluate_file, load_xhstt, read_archive
from importers.xhstt.instance import Solution as XSolution
from importers.xhstt.instance import SolutionEvent as XSub
from importers.xhstt.write import write_solution_group
from solver.params import SolveParams
from solver.solve import solve
from tests.importers.xhstt.build import (
    Ev,
    Sub,
    applies_groups,
    applies_resources,
    archive_xml,
    constraint,
    days_groups,
    load,
    time_id,
)

PEOPLE = {"T1": "Teacher", "T2": "Teacher", "K1": "Class", "K2": "Class", "R1": "Room"}


def test_instance_is_read_with_times_resources_events_and_constraints(tmp_path: Path) -> None:
    cons = [
        constraint(
            "ClusterBusyTimes",
            applies_resources("T1") + days_groups(2) + "<Minimum>1</Minimum><Maximum>2</Maximum>",
            weight=9,
            cid="cb",
        )
    ]
    text = archive_xml(
        resources=PEOPLE,
        events=[
            Ev("A", 2, ["T1", "K1"], roles=[("room", "Room")], time=time_id(1, 0)),
            Ev("B", 1, ["T2"], workloads={"T2": 3}),
        ],
        constraints=cons,
        solutions=[[Sub("A", 2, time_id(1, 0), [("room", "R1")])]],
    )
    archive = load(tmp_path, text)
    inst = archive.instances[0]
    assert [t.id for t in inst.times][:5] == ["d0_0", "d0_1", "d0_2", "d0_3", "d1_0"]
    assert inst.time_group_ids["D1"].times == (4, 5, 6, 7)
    a = inst.events[0]
    assert (a.duration, a.time, a.course) == (2, 4, "c_A")
    assert [(er.resource, er.role, er.type) for er in a.resources] == [
        (0, None, "Teacher"),
        (2, None, "Class"),
        (None, "room", "Room"),
    ]
    assert inst.events[1].resources[0].workload == 3
    c = inst.constraints[0]
    assert (c.kind, c.weight, c.required, c.minimum, c.maximum, c.resources) == (
        "ClusterBusyTimes",
        9,
        False,
        1,
        2,
        (0,),
    )
    assert c.time_groups == ((0, 1, 2, 3), (4, 5, 6, 7))
    sol = archive.solutions_of(inst.id)[0][1]
    assert sol.events[0].resources[0].resource == 4 and sol.events[0].time == 4


def test_every_problem_is_listed_with_file_line_and_element(tmp_path: Path) -> None:
    text = archive_xml(
        resources=PEOPLE,
        events=[Ev("A", 1, ["T9"]), Ev("B", 1, ["K1"], time="d9_9")],
        constraints=[constraint("AvoidClashes", applies_groups("nowhere"))],
        solutions=[[Sub("C", 1, time_id(0, 0))]],
    )
    with pytest.raises(XhsttError) as err:
        load(tmp_path, text)
    words = [str(p) for p in err.value.problems]
    assert len(words) == 4
    assert all(w.startswith(f"{tmp_path / 't.xml'}:") for w in words)
    assert any("<Resource>: refers to unknown resource T9" in w for w in words)
    assert any("<Time>: refers to unknown time d9_9" in w for w in words)
    assert any("<EventGroup>: refers to unknown event group nowhere" in w for w in words)
    assert any("<Event>: refers to unknown event C" in w for w in words)


def test_not_xml_and_wrong_root(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<HighSchoolTimetableArchive><Instances>", encoding="utf-8")
    with pytest.raises(XhsttError, match=r"bad\.xml:1: not well-formed XML"):
        read_archive(bad)
    other = tmp_path / "other.xml"
    other.write_text("<timetable/>", encoding="utf-8")
    with pytest.raises(XhsttError, match="root element is not HighSchoolTimetableArchive"):
        read_archive(other)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300), cut=st.integers(min_value=0, max_value=4000))
def test_junk_and_cut_files_raise_xhstt_errors_only(tmp_path: Path, data: bytes, cut: int) -> None:
    text = archive_xml(resources=PEOPLE, events=[Ev("A", 2, ["T1", "K1"])])
    path = tmp_path / "junk.xml"
    path.write_bytes(text.encode()[:cut] + data)
    try:
        read_archive(path)
    except XhsttError as exc:
        assert exc.problems


def test_written_solution_group_reads_back_with_the_same_costs(tmp_path: Path) -> None:
    cons = [
        constraint("AssignTime", applies_groups("all"), required=True, cid="assign"),
        constraint("AssignResource", applies_groups("all") + "<Role>room</Role>", cid="room"),
        constraint(
            "LimitIdleTimes",
            applies_resources("T1") + days_groups(2) + "<Minimum>0</Minimum><Maximum>0</Maximum>",
            weight=3,
            cid="idle",
        ),
    ]
    events = [
        Ev("A", 1, ["T1", "K1"], roles=[("room", "Room")]),
        Ev("B", 2, ["T1", "K2"]),
        Ev("C", 1, ["T2", "K1"]),
    ]
    source = tmp_path / "in.xml"
    source.write_text(
        archive_xml(resources=PEOPLE, events=events, constraints=cons), encoding="utf-8"
    )
    loaded = load_xhstt(source)
    sol = solve(loaded.problem, SolveParams(time_limit_s=5, workers=2))
    assert sol.complete and sol.objective == 0
    out = tmp_path / "out.xml"
    loaded.writers[".xml"](sol, out)
    archive = read_archive(out)
    inst = archive.instances[0]
    assert inst.id == "T" and len(inst.events) == 3
    ((group, written),) = archive.solutions_of(inst.id)
    assert group.id == "Sabaq" and written.report is not None
    ev = evaluate(inst, written)
    assert (ev.infeasibility, ev.objective) == (0, 0)
    assert (written.report.infeasibility, written.report.objective) == (0, 0)
    rooms = [r.resource for se in written.events for r in se.resources]
    assert rooms == [inst.resource_ids["R1"]]


def test_solution_group_without_the_instance(tmp_path: Path) -> None:
    archive = load(
        tmp_path,
        archive_xml(
            resources=PEOPLE, events=[Ev("A", 1, ["K1"])], solutions=[[Sub("A", 1, time_id(0, 2))]]
        ),
    )
    inst = archive.instances[0]
    out = tmp_path / "only.xml"
    write_solution_group(out, inst, archive.solutions_of(inst.id)[0][1], group_id="G")
    text = out.read_text(encoding="utf-8")
    assert "<Instances>" not in text
    assert '<Event Reference="A">' in text and '<Time Reference="d0_2" />' in text


def test_solutions_file_priced_against_the_instances_of_another(tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_text(
        archive_xml(
            resources=PEOPLE,
            events=[Ev("A", 2, ["K1"])],
            constraints=[constraint("AssignTime", applies_groups("all"), required=True)],
        ),
        encoding="utf-8",
    )
    inst = read_archive(source).instances[0]
    only = tmp_path / "only.xml"
    write_solution_group(only, inst, XSolution(inst.id, (XSub(0, 1, 0), XSub(0, 1, None))))
    with pytest.raises(InputError):
        evaluate_file(only)  # the instance is not in the file
    ((group, instance, ev),) = evaluate_file(only, source)
    assert (group, instance, ev.infeasibility, ev.objective) == ("Sabaq", "T", 1, 0)
