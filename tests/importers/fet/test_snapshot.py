"""FET files as school data for the store: the lessons, teachers and conditions of `load_fet`."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from importers.fet.snapshot import FetSnapshot, snapshot_from_fet
from importers.loaded import InputError
from models.db import session_scope
from models.school_data import apply_snapshot, read_snapshot
from solver.conditions import Condition, Limit, kind_of, lessons_of
from solver.problem import Problem
from solver.rule_codec import encode_condition
from solver.rule_names import Names
from solver.store import problem_from_snapshot, rule_names
from tests.importers.fet.conftest import TINY_FET, fet_benchdata
from tests.importers.fet.test_load import TINY
from tests.store_mapping.test_rules_store import store  # noqa: F401 - a fresh SQLite store

BENCHDATA = (
    "Horario_ISJ.fet",
    "Brazil.fet",
    "school.fet",
    "2008-2009.fet",
    "8th-highschool.fet",
    "Arabic_Saudi_3.fet",
    "Bethlen-2008-2009.fet",
    "2008-09-difficult.fet",
    "secondary_school.fet",
    "shc-2013-more-difficult.fet",
    "v1_7.fet",
)
LONG_ACTIVITIES = {"GYR.fet": 69, "liceo-scientifico.fet": 33}


def _lessons(p: Problem, names: Names) -> Counter[tuple[object, ...]]:
    """Each lesson by subject, teachers, length, the students attending and its rooms."""
    return Counter(
        (
            p.subjects[ls.subject].code,
            tuple(p.teachers[t].code for t in ls.teachers),
            ls.length,
            tuple(sorted(json.dumps(names.atoms[a]) for a in p.lesson_atoms(ls))),
            tuple(sorted(p.rooms[r].code for r in ls.rooms)),
        )
        for ls in p.lessons
    )


def _conditions(conditions: tuple[Condition, ...], names: Names) -> Counter[tuple[object, ...]]:
    """Each condition as the rule row naming it by codes (its note aside)."""
    out: Counter[tuple[object, ...]] = Counter()
    for cond in conditions:
        row = encode_condition(cond, names)
        params = {k: v for k, v in row.params.items() if k != "note"}
        out[(row.kind, json.dumps(params, sort_keys=True, ensure_ascii=False), row.weight)] += 1
    return out


def _teachers(p: Problem) -> list[tuple[object, ...]]:
    return [(t.code, t.unavailable, t.max_per_day, t.max_days) for t in p.teachers]


def _assert_same_school(fet: FetSnapshot, mine: Problem, dropped: int = 0) -> None:
    assert fet.source is not None and fet.names is not None
    source = fet.source.problem
    kept = set(fet.names.unit_of)
    names = rule_names(mine, fet.snapshot)
    assert names.atoms == fet.names.atoms
    kept_lessons = [ls for ls in source.lessons if ls.id in kept]
    assert _lessons(mine, names) == _lessons(
        replace(source, lessons=tuple(kept_lessons)), fet.names
    )
    assert _teachers(mine) == _teachers(source)
    assert [(r.code, r.unavailable) for r in mine.rooms] == [
        (r.code, r.unavailable) for r in source.rooms
    ]
    assert [(c.code, c.unavailable) for c in mine.classes] == [
        (c.code, c.unavailable) for c in source.classes
    ]
    carried = _carried(source.conditions, kept)
    assert len(source.conditions) - len(carried) == dropped
    assert Counter(kind_of(c) for c in mine.conditions) == Counter(kind_of(c) for c in carried)
    assert _conditions(mine.conditions, names) == _conditions(tuple(carried), fet.names)
    assert mine.settings == source.settings


def _carried(conditions: tuple[Condition, ...], kept: set[int]) -> list[Condition]:
    """The conditions a snapshot keeps: those naming kept lessons only; a Limit's lesson
    filter loses the others."""
    out: list[Condition] = []
    for c in conditions:
        if isinstance(c, Limit) and c.lessons is not None:
            out.append(replace(c, lessons=c.lessons & kept))
        elif set(lessons_of(c)) <= kept:
            out.append(c)
    return out


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tiny.fet"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("store")
@pytest.mark.parametrize("text", [TINY, TINY_FET], ids=["groups-and-subgroups", "locks"])
def test_a_small_fet_school_round_trips_through_the_store(tmp_path: Path, text: str) -> None:
    fet = snapshot_from_fet(_written(tmp_path, text))
    with session_scope() as db:
        apply_snapshot(db, fet.snapshot, source="tiny.fet")
    with session_scope() as db:
        stored = read_snapshot(db, school_code=fet.snapshot.school.code)
    assert stored.rules == fet.snapshot.rules and stored.lessons == fet.snapshot.lessons
    _assert_same_school(fet, problem_from_snapshot(stored))


def test_split_activities_are_one_requirement_and_sets_are_subgroups(tmp_path: Path) -> None:
    fet = snapshot_from_fet(_written(tmp_path, TINY))
    s = fet.snapshot
    assert [c.code for c in s.classes] == ["7"]
    assert [(g.class_code, g.division, g.code, g.size) for g in s.subgroups] == [
        ("7", "group", "7a-1", 10),
        ("7", "group", "7a-2", 10),
    ]
    maths, english = s.lessons
    assert (maths.key, maths.periods_per_week, maths.doubles) == ("A1", 3, 1)
    assert [(g.class_code, g.subgroup) for g in maths.audience] == [("7", None)]
    assert [(g.class_code, g.subgroup) for g in english.audience] == [("7", "7a-1")]
    assert english.rooms == ("Lab",) and s.teachers[0].max_per_day == 2
    # the double (activity 2) is unit 0, the single (activity 1) unit 1
    min_days = next(r for r in s.rules if r.kind == "MinDaysApart" and r.weight == 95)
    assert min_days.params["lessons"] == [["A1", 1], ["A1", 0]]
    assert min_days.params["note"].startswith("FET MinDaysBetweenActivities #2")


def test_what_the_store_cannot_hold_is_listed(tmp_path: Path) -> None:
    fet = snapshot_from_fet(_written(tmp_path, TINY))
    assert fet.unsupported == {"StudentsMaxHoursDailyInInterval": 1}
    text = [str(w) for w in fet.warnings]
    assert "tiny.fet: 1 × FET constraint StudentsMaxHoursDailyInInterval is not supported and " \
        "was left out" in text  # fmt: skip
    long = TINY.replace("<Duration>2</Duration>", "<Duration>3</Duration>")
    fet = snapshot_from_fet(_written(tmp_path, long))
    assert [ls.key for ls in fet.snapshot.lessons] == ["A1", "A3"]
    assert fet.unsupported["activities longer than two periods"] == 1
    text = [str(w) for w in fet.warnings]
    assert (
        "tiny.fet: 1 activities last more than two periods (2); the store keeps lessons of one or "
        "two periods, so they were left out" in text
    )
    # activity 2's MinDaysBetweenActivities (a soft and a hard part) and its room wish went too
    left = next(t for t in text if "constraints name an activity that was left out" in t)
    assert left.startswith("tiny.fet: 3 constraints name") and "MinDaysBetweenActivities #2" in left
    assert "TeacherHomeRoom #4" in left
    _assert_same_school(fet, problem_from_snapshot(fet.snapshot), dropped=3)


def test_a_week_longer_than_seven_days_is_refused(tmp_path: Path) -> None:
    days = "".join(f"<Day><Name>D{i}</Name></Day>" for i in range(8))
    text = (
        TINY.replace(
            "<Day><Name>Дүйсенбі</Name></Day><Day><Name>Сейсенбі</Name></Day><Day><Name>Сәрсенбі</Name></Day>",
            days,
        )
        .replace("Дүйсенбі", "D0")
        .replace("Сейсенбі", "D1")
    )
    with pytest.raises(InputError) as caught:
        snapshot_from_fet(_written(tmp_path, text))
    assert [str(p) for p in caught.value.problems] == [
        "tiny.fet: the week has 8 days; the store keeps weeks of up to 7 days"
    ]


@pytest.mark.parametrize("name", BENCHDATA)
def test_benchdata_schools_keep_their_lessons_and_conditions(name: str) -> None:
    fet = snapshot_from_fet(fet_benchdata(name))
    _assert_same_school(fet, problem_from_snapshot(fet.snapshot))


@pytest.mark.parametrize(("name", "long"), LONG_ACTIVITIES.items())
def test_benchdata_schools_with_long_activities_lose_only_those(name: str, long: int) -> None:
    fet = snapshot_from_fet(fet_benchdata(name))
    assert fet.unsupported is not None
    assert fet.unsupported["activities longer than two periods"] == long
    assert fet.source is not None and fet.names is not None
    kept = set(fet.names.unit_of)
    dropped = len(fet.source.problem.conditions) - len(
        _carried(fet.source.problem.conditions, kept)
    )
    _assert_same_school(fet, problem_from_snapshot(fet.snapshot), dropped=dropped)


def test_an_eleven_day_benchdata_week_is_refused() -> None:
    with pytest.raises(InputError, match="the week has 11 days"):
        snapshot_from_fet(fet_benchdata("Lycee-Goulmima.fet"))
