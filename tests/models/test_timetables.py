"""Timetable versions: save, load with lock flags, publish (audited), list, isolation."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from models.errors import NotFound, StoreError
from models.history import AuditEntry
from models.school_data import apply_snapshot
from models.snapshot import LockedLesson
from models.timetables import (
    StoredPlacement,
    list_timetables,
    load_timetable,
    publish_timetable,
    save_timetable,
)
from tests.models.samples import sample_snapshot

PLACEMENTS = [
    StoredPlacement("7A-MATH", 0, 1, "1", 1, "101", locked=True),
    StoredPlacement("7A-MATH", 1, 2, "1", 2, "101"),
    LockedLesson("7AB-KAZ", 0, 0, "1", 1, None),
]


def _save(session: Session, school: str = "SCH-1", **kwargs: object) -> int:
    version = save_timetable(
        session,
        school_code=school,
        placements=kwargs.pop("placements", PLACEMENTS),  # type: ignore[arg-type]
        status=str(kwargs.pop("status", "feasible")),
        objective=7,
        source="solve",
        meta={"seed": 1},
    )
    return version.number


def test_save_and_load_round_trip_with_lock_flags(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="a")
    assert _save(session) == 1
    session.commit()
    loaded = load_timetable(session, school_code="SCH-1", version=1)
    assert loaded == sorted(
        [
            StoredPlacement("7A-MATH", 0, 1, "1", 1, "101", True),
            StoredPlacement("7A-MATH", 1, 2, "1", 2, "101", False),
            StoredPlacement("7AB-KAZ", 0, 0, "1", 1, None, False),
        ],
        key=lambda p: (p.lesson_key, p.unit),
    )
    assert all(isinstance(p, LockedLesson) for p in loaded)


def test_versions_increase_and_none_means_published_else_latest(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="a")
    assert _save(session) == 1
    assert _save(session, placements=PLACEMENTS[:1]) == 2
    assert len(load_timetable(session, school_code="SCH-1")) == 1  # latest
    publish_timetable(session, school_code="SCH-1", version=1, actor="zauresh")
    assert len(load_timetable(session, school_code="SCH-1")) == 3  # published
    publish_timetable(session, school_code="SCH-1", version=2)
    summaries = list_timetables(session, school_code="SCH-1")
    assert [(s.number, s.published, s.placed, s.data_version) for s in summaries] == [
        (1, False, 3, 1),
        (2, True, 1, 1),
    ]
    audit = session.exec(
        select(AuditEntry)
        .where(AuditEntry.action == "publish_timetable")
        .order_by(col(AuditEntry.id))
    ).all()
    assert [(a.actor, a.details["version"], a.details["previous"]) for a in audit] == [
        ("zauresh", 1, None),
        ("system", 2, 1),
    ]


def test_timetable_links_to_the_current_data_version(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="a")
    apply_snapshot(session, sample_snapshot(), source="b")
    _save(session)
    assert list_timetables(session, school_code="SCH-1")[0].data_version == 2


def test_old_timetable_still_loads_after_its_lesson_is_removed(session: Session) -> None:
    snapshot = sample_snapshot()
    apply_snapshot(session, snapshot, source="a")
    _save(session)
    import dataclasses

    apply_snapshot(
        session, dataclasses.replace(snapshot, lessons=snapshot.lessons[1:], locked=()), source="b"
    )
    assert [p.lesson_key for p in load_timetable(session, school_code="SCH-1", version=1)] == [
        "7A-MATH",
        "7A-MATH",
        "7AB-KAZ",
    ]
    with pytest.raises(StoreError) as error:
        _save(session)  # but a new timetable may not place a removed lesson
    assert [str(m) for m in error.value.messages] == [
        "The timetable places an unknown lesson 7A-MATH.",
        "The timetable places an unknown lesson 7A-MATH.",
    ]


def test_unknown_room_and_missing_things_are_refused(session: Session) -> None:
    with pytest.raises(NotFound):
        _save(session)
    apply_snapshot(session, sample_snapshot(), source="a")
    with pytest.raises(StoreError) as error:
        _save(session, placements=[LockedLesson("7A-MATH", 0, 0, "1", 1, "999")])
    assert error.value.code == "unknown_in_timetable"
    assert str(error.value) == "The timetable uses an unknown room 999."
    with pytest.raises(NotFound) as missing:
        load_timetable(session, school_code="SCH-1")
    assert str(missing.value) == "SCH-1 has no timetable yet."
    with pytest.raises(NotFound):
        publish_timetable(session, school_code="SCH-1", version=3)


def test_timetables_of_two_schools_stay_apart(session: Session) -> None:
    apply_snapshot(session, sample_snapshot("A"), source="a")
    apply_snapshot(session, sample_snapshot("B"), source="b")
    _save(session, school="A")
    _save(session, school="A", placements=PLACEMENTS[:1])
    assert _save(session, school="B", placements=PLACEMENTS[2:]) == 1
    publish_timetable(session, school_code="B", version=1)
    assert [p.lesson_key for p in load_timetable(session, school_code="B")] == ["7AB-KAZ"]
    assert len(load_timetable(session, school_code="A")) == 1
    assert not any(s.published for s in list_timetables(session, school_code="A"))
