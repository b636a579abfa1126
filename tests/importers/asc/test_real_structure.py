"""A school file laid out exactly as aSc Timetables 2021 exports it.

`fixtures/mektep_2021.xml` mirrors the structure of public aSc exports (root
`ascttversion="2021.6.2"`, `displayname="aSc Timetables 2012 XML"`, options
`export:idprefix:%CHRID,...`; 16-hex-digit ids; `capacity="*"` and `buildingid="*"`; an empty
`<buildings>`; "entire class" groups with divisiontag 0 and two divisions per class; lessons
with `periodsperweek="5.0"`, several classrooms and joined classes; daysdefs "any day" as
"10000,01000,..."; weeksdefs with A/B weeks; one card per period, a double as two cards):
two 2021.6.2 exports of a Ukrainian school embedded as `xmlData` in a public TypeScript
repository, and aSc's export definition `template/xmlexport/asctt2012.xml` as quoted in
public integration notes. Those exports carry no licence, so none of their data is copied:
every name, id and lesson here is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.asc import load_asc
from importers.asc.xmltree import parse_xml
from importers.loaded import LoadedInput
from solver.conditions import StartsIn
from solver.params import SolveParams
from solver.solve import solve
from solver.validate import summarize, validate

FIXTURE = Path(__file__).parent / "fixtures" / "mektep_2021.xml"


@pytest.fixture(scope="module")
def loaded() -> LoadedInput:
    return load_asc(FIXTURE)


def test_people_and_groups(loaded: LoadedInput) -> None:
    s = loaded.snapshot
    assert s is not None
    names = {t.name for t in s.teachers}
    assert names == {
        "Нұрова Әсел",
        "Сейтқали Ғалым",
        "Бекұлы Өркен",
        "Қайратқызы Үміт",
        "Жақыпов Ұлан",
    }
    assert {t.code for t in s.teachers} >= {"E1B2C3D4E5F60001", "T-ULAN"}  # partner id wins
    assert [c.code for c in s.classes] == ["7Ә", "7Б"]
    assert s.classes[0].home_room == "F1B2C3D4E5F60001" and s.classes[0].size == 24
    assert s.classes[0].grade == 7  # from the name when aSc leaves grade empty
    # aSc's teacherid is the class teacher; 7Б's is empty
    assert [c.class_teacher for c in s.classes] == ["E1B2C3D4E5F60001", None]
    mine = {(g.division, g.code, g.size) for g in s.subgroups if g.class_code == "7Ә"}
    assert mine == {("1", "1 топ", 12), ("1", "2 топ", 12), ("2", "Ұлдар", 0), ("2", "Қыздар", 0)}
    assert {r.capacity for r in s.rooms} == {9999, 16}
    assert {r.building for r in s.rooms} == {"MAIN"}
    assert len(s.bells) == 6 and s.bells[0].start == "08:30"
    assert s.school.days_per_week == 5


def test_lessons_doubles_and_joined_groups(loaded: LoadedInput) -> None:
    s = loaded.snapshot
    assert s is not None
    by_key = {r.key: r for r in s.lessons}
    double = by_key["21B2C3D4E5F60003"]
    assert (double.periods_per_week, double.doubles) == (2, 1)
    joined = by_key["21B2C3D4E5F60006"]
    assert {(g.class_code, g.subgroup) for g in joined.audience} == {
        ("7Ә", "Ұлдар"),
        ("7Б", "Ұлдар"),
    }
    biweekly = by_key["21B2C3D4E5F60007"]
    assert biweekly.periods_per_week == 1  # 0.5 a week, read as 1 every week
    assert by_key["21B2C3D4E5F60009"].teachers == ("E1B2C3D4E5F60003", "E1B2C3D4E5F60004")


def test_cards_become_locks(loaded: LoadedInput) -> None:
    s = loaded.snapshot
    assert s is not None
    locks = {(x.lesson_key, x.unit): x for x in s.locked}
    assert len([k for k in locks if k[0] == "21B2C3D4E5F60001"]) == 5
    assert len([k for k in locks if k[0] == "21B2C3D4E5F60002"]) == 3  # 2 of 5 unplaced
    double = locks[("21B2C3D4E5F60003", 0)]
    assert (double.day, double.period) == (1, 3)  # two cards, periods 3 and 4, one double
    assert not [k for k in locks if k[0] == "21B2C3D4E5F60007"]  # week A only: not locked
    multi = locks[("21B2C3D4E5F60009", 0)]
    assert multi.room == "F1B2C3D4E5F60003"  # the first of the card's two classrooms
    assert len(loaded.problem.fixed) == len(s.locked) == 14


def test_day_restriction_is_a_hard_condition(loaded: LoadedInput) -> None:
    (cond,) = [c for c in loaded.problem.conditions if isinstance(c, StartsIn)]
    assert cond.hard and cond.whole
    assert {d for d, _ in cond.slots} == {0}  # Monday only
    assert "Дүйсенбі" in cond.label


def test_what_is_not_carried_is_named(loaded: LoadedInput) -> None:
    text = "\n".join(str(w) for w in loaded.warnings)
    assert "color, gender" in text
    assert "teacherid" not in text  # the class teacher is read now
    assert "some weeks or terms only" in text
    assert "several classrooms" in text
    assert "0.5 periods a week" in text
    assert loaded.unsupported == {
        "fractional periods per week": 1,
        "lessons in some weeks or terms only": 1,
    }


def test_solve_keeps_the_cards_and_writes_them_back(loaded: LoadedInput, tmp_path: Path) -> None:
    solution = solve(loaded.problem, SolveParams(time_limit_s=5, seed=1, workers=2))
    assert solution.complete
    assert summarize(validate(loaded.problem, solution)).hard_violations == 0
    placed = {(p.lesson, p.day, p.period, p.room) for p in solution.placements}
    for f in loaded.problem.fixed:
        assert (f.lesson, f.day, f.period, f.room) in placed
    out = tmp_path / "back.xml"
    loaded.writers[".xml"](solution, out)
    root = parse_xml(out.read_bytes())
    teachers = next(root.rows("teachers"))
    assert teachers.children[0].get("color") == "#31C96A"  # everything else stays as it was
    cards = [c for t in root.rows("cards") for c in t.children]
    assert len(cards) == 5 + 5 + 2 + 2 + 2 + 2 + 1 + 1 + 1
    biweekly = [c for c in cards if c.get("lessonid") == "21B2C3D4E5F60007"]
    assert [c.get("weeks") for c in biweekly] == ["10"]  # keeps its week at its new place
    assert {c.get("weeks") for c in cards} == {"10", "11"}
    again = load_asc(out)
    assert again.snapshot is not None
    assert len(again.snapshot.locked) == len(loaded.problem.lessons) - 1  # all but week A


def test_cards_can_be_left_unlocked() -> None:
    free = load_asc(FIXTURE, lock_cards=False)
    assert free.snapshot is not None
    assert not free.problem.fixed and not free.snapshot.locked
    assert len(free.problem.lessons) == 20
