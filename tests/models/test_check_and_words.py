"""Snapshot checks and the sentences of the store, in English and through a translation."""

from __future__ import annotations

import dataclasses

from models.changes import Change, diff_snapshots
from models.i18n import message, noun
from models.snapshot import ClassInfo, LockedLesson, ParentInfo, RoomInfo, SubgroupInfo, TravelInfo
from models.snapshot_check import check_snapshot
from tests.models.samples import sample_snapshot

RU = {
    "New {entity} {key}.": "Новый объект ({entity}) {key}.",
    "teacher": "учитель",
    "The {kind} {owner} refers to an unknown {what} {name}.": (
        "{kind} {owner}: неизвестный {what} {name}."
    ),
    "room": "кабинет",
    "building": "корпус",
}


def test_sample_is_valid() -> None:
    assert check_snapshot(sample_snapshot()) == []


def test_every_dangling_reference_is_named() -> None:
    good = sample_snapshot()
    bad = dataclasses.replace(
        good,
        rooms=(*good.rooms, RoomInfo("202", "Кабинет 202", "NORTH", 30)),
        travel=(*good.travel, TravelInfo("MAIN", "EAST", 5)),
        classes=(*good.classes, ClassInfo("8A", 8, "2", 20, home_room="999")),
        subgroups=(
            *good.subgroups,
            SubgroupInfo("9Z", "eng", "1", 10),
            SubgroupInfo("7A", "eng", "kz", 5),
        ),
        parents=(*good.parents, ParentInfo("P2", "Ата", ("S404",))),
        locked=(*good.locked, LockedLesson("NOPE", 0, 0, "1", 1)),
    )
    words = {str(m) for m in check_snapshot(bad)}
    assert words == {
        "The room 202 refers to an unknown building NORTH.",
        "The travel time MAIN/EAST refers to an unknown building EAST.",
        "The class 8A refers to an unknown room 999.",
        "The subgroup 9Z/eng/1 refers to an unknown class 9Z.",
        "The parent P2 refers to an unknown student S404.",
        "The locked lesson NOPE/0 refers to an unknown lesson NOPE.",
        # 7A now has "kz" in two divisions, so the joined lesson's subgroup is ambiguous
        "The lesson 7AB-KAZ: 7A has several subgroups coded kz.",
    }


def test_blank_school_code() -> None:
    snapshot = sample_snapshot(code=" ")
    assert "The school has no code." in {str(m) for m in check_snapshot(snapshot)}


def test_sentences_translate_with_their_nouns() -> None:
    assert Change("teacher", "T-14", "created").message().render(lambda t: RU.get(t, t)) == (
        "Новый объект (учитель) T-14."
    )
    problem = message(
        "The {kind} {owner} refers to an unknown {what} {name}.",
        kind=noun("room"),
        owner="202",
        what=noun("building"),
        name="NORTH",
    )
    assert problem.render(lambda t: RU.get(t, t)) == "кабинет 202: неизвестный корпус NORTH."


def test_diff_names_fields_with_old_and_new_values() -> None:
    old = sample_snapshot()
    new = dataclasses.replace(
        old, settings=dataclasses.replace(old.settings, late_after=6), rooms=old.rooms[:2]
    )
    changes = diff_snapshots(old, new)
    assert changes == [
        Change("settings", "SCH-1", "updated", "late_after", 5, 6),
        Change("room", "HALL", "removed"),
    ]
    assert str(changes[0]) == "The settings SCH-1: late_after changed from 5 to 6."
