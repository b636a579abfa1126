"""export_locked_fet and read_fet_times on a tiny .fet file (fet-cl only where it confirms)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from importers.fet.export import export_locked_fet
from importers.fet.fetcl import run_fet_cl
from importers.fet.output import LOCK_COMMENT, read_fet_times

from .conftest import fet_benchdata

MOVED = {1: ("Сейсенбі", "2", "R2")}  # contradicts the school's lock of activity 1


def _constraints(path: Path, tag: str) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter(tag))


def _state(path: Path, tag: str) -> list[tuple[str, str, str]]:
    """(activity id, active, comment) of every TAG constraint, in file order."""
    return [
        (c.findtext("Activity_Id") or "", c.findtext("Active") or "", c.findtext("Comments") or "")
        for c in _constraints(path, tag)
    ]


def test_locks_are_added_and_read_back(tiny_fet: Path, tmp_path: Path) -> None:
    out = tmp_path / "locked.fet"
    times = {1: ("Сейсенбі", "2", "R2"), 2: ("Сейсенбі", "3", None)}
    export_locked_fet(tiny_fet, times, out)
    assert read_fet_times(out) == times
    (time_lock,) = [
        c
        for c in _constraints(out, "ConstraintActivityPreferredStartingTime")
        if c.findtext("Comments") == LOCK_COMMENT and c.findtext("Activity_Id") == "1"
    ]
    fields = {child.tag: child.text for child in time_lock}
    assert fields == {
        "Weight_Percentage": "100",
        "Activity_Id": "1",
        "Preferred_Day": "Сейсенбі",
        "Preferred_Hour": "2",
        "Permanently_Locked": "true",
        "Active": "true",
        "Comments": LOCK_COMMENT,
    }
    # no room given for activity 2: no room lock for it
    room_ids = [a for a, _, _ in _state(out, "ConstraintActivityPreferredRoom")]
    assert "2" not in room_ids


def test_contradicting_locks_are_deactivated(tiny_fet: Path, tmp_path: Path) -> None:
    out = tmp_path / "locked.fet"
    export_locked_fet(tiny_fet, MOVED, out)
    assert _state(out, "ConstraintActivityPreferredStartingTime") == [
        ("1", "false", "set by the school"),
        ("2", "true", ""),  # activity 2 is not locked by us: its own lock stays
        ("1", "true", LOCK_COMMENT),
    ]
    assert _state(out, "ConstraintActivityPreferredRoom") == [
        ("1", "false", ""),
        ("1", "true", LOCK_COMMENT),
    ]
    assert read_fet_times(out) == {**MOVED, 2: ("Сейсенбі", "3", None)}


def test_everything_else_is_kept(tiny_fet: Path, tmp_path: Path) -> None:
    out = tmp_path / "locked.fet"
    export_locked_fet(tiny_fet, MOVED, out)
    before, after = ET.parse(tiny_fet).getroot(), ET.parse(out).getroot()
    assert after.attrib == before.attrib
    assert [c.tag for c in after] == [c.tag for c in before]
    for tag in ("Days_List", "Hours_List", "Teachers_List", "Students_List", "Activities_List"):
        assert ET.tostring(after.find(tag)) == ET.tostring(before.find(tag))
    assert after.findtext("Institution_Name") == "Школа №1"


def test_exporting_an_export_replaces_our_old_locks(tiny_fet: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.fet", tmp_path / "second.fet"
    export_locked_fet(tiny_fet, MOVED, first)
    again = {1: ("Дүйсенбі", "3", "R1")}
    export_locked_fet(first, again, second)
    ours = [s for s in _state(second, "ConstraintActivityPreferredStartingTime") if s[2]]
    assert ours == [("1", "false", "set by the school"), ("1", "true", LOCK_COMMENT)]
    assert read_fet_times(second)[1] == again[1]


def test_unknown_names_are_all_listed(tiny_fet: Path, tmp_path: Path) -> None:
    bad = {1: ("Friday", "2", "R9"), 7: ("Сейсенбі", "9", None)}
    with pytest.raises(ValueError) as caught:
        export_locked_fet(tiny_fet, bad, tmp_path / "x.fet")
    text = str(caught.value)
    for part in ("'Friday'", "'R9'", "activity 7 is not in the file", "'9'"):
        assert part in text
    assert not (tmp_path / "x.fet").exists()


def test_reading_fet_cl_activities_xml(tmp_path: Path) -> None:
    path = tmp_path / "x_activities.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Activities_Timetable>\n'
        "<Activity><Id>4</Id><Day>Mon</Day><Hour>1</Hour><Room>Zal</Room></Activity>\n"
        "<Activity><Id>5</Id><Day>Tue</Day><Hour>2</Hour><Room></Room></Activity>\n"
        "<Activity><Id>6</Id><Day></Day><Hour></Hour><Room></Room></Activity>\n"
        "</Activities_Timetable>\n",
        encoding="utf-8-sig",  # fet-cl writes a byte-order mark
    )
    assert read_fet_times(path) == {4: ("Mon", "1", "Zal"), 5: ("Tue", "2", None)}


def test_two_different_locks_of_one_activity_are_refused(tiny_fet: Path, tmp_path: Path) -> None:
    out = tmp_path / "locked.fet"
    export_locked_fet(tiny_fet, MOVED, out)
    both = tmp_path / "both.fet"
    both.write_text(out.read_text(encoding="utf-8").replace("false", "true"), encoding="utf-8")
    with pytest.raises(ValueError, match="activity 1 is locked to two different"):
        read_fet_times(both)


def test_fet_cl_confirms_the_move_and_refuses_both_locks(
    fet_cl: str, tiny_fet: Path, tmp_path: Path
) -> None:
    out = tmp_path / "locked.fet"
    export_locked_fet(tiny_fet, MOVED, out)
    run = run_fet_cl(out, tmp_path / "run", time_limit=10, seed=1)
    assert run.complete and run.times is not None
    assert run.times[1] == MOVED[1]
    # the control: with the school's contradicting locks left active, FET refuses the file
    both = tmp_path / "both.fet"
    both.write_text(out.read_text(encoding="utf-8").replace("false", "true"), encoding="utf-8")
    refused = run_fet_cl(both, tmp_path / "run-both", time_limit=5, seed=1)
    assert not refused.complete and refused.times is None


def test_benchdata_locks_of_every_activity_deactivated(tmp_path: Path) -> None:
    # Horario_ISJ gives each of its 116 activities a 100 % room: locking them all to other
    # rooms must leave none of those active.
    source = fet_benchdata("Horario_ISJ.fet")
    root = ET.parse(source).getroot()
    rooms = [r.findtext("Name") or "" for r in root.iter("Room") if r.find("Name") is not None]
    old = {
        int(c.findtext("Activity_Id") or 0): c.findtext("Room") or ""
        for c in root.iter("ConstraintActivityPreferredRoom")
    }
    day = root.findtext("Days_List/Day/Name") or ""
    hour = root.findtext("Hours_List/Hour/Name") or ""
    times = {aid: (day, hour, next(r for r in rooms if r != room)) for aid, room in old.items()}
    out = tmp_path / "locked.fet"
    export_locked_fet(source, times, out)
    states = _state(out, "ConstraintActivityPreferredRoom")
    assert [s for s in states if s[1] == "true"] == [
        (str(aid), "true", LOCK_COMMENT) for aid in sorted(times)
    ]
    assert read_fet_times(out) == times
