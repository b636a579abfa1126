"""apply_snapshot / read_snapshot: round trip, versions, change log, dry run, one transaction."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from models.changes import CREATED, REMOVED, UPDATED, Change
from models.errors import InvalidSnapshot, NotFound
from models.history import AuditEntry, ChangeRecord, DataVersion
from models.people import Teacher
from models.school_data import apply_snapshot, list_changes, list_data_versions, read_snapshot
from models.snapshot import GroupRef, LessonReq, SubjectInfo, TeacherInfo
from models.snapshot_codec import normalized
from models.tables import LessonRequirement, School
from tests.models.samples import sample_snapshot


def _row_counts(session: Session) -> dict[str, int]:
    counts = {}
    for model in (School, Teacher, LessonRequirement, DataVersion, ChangeRecord, AuditEntry):
        counts[model.__tablename__] = session.exec(select(func.count()).select_from(model)).one()
    return counts


def test_round_trip_of_the_sample_school(session: Session) -> None:
    snapshot = sample_snapshot()
    result = apply_snapshot(session, snapshot, source="sample.xlsx")
    session.commit()
    assert result.version == 1 and not result.dry_run
    assert Change("school", "SCH-1", CREATED) in result.changes
    assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(snapshot)


def test_reimport_records_field_changes_and_keeps_version_one(session: Session) -> None:
    first = sample_snapshot()
    apply_snapshot(session, first, source="a.xlsx")
    t1 = dataclasses.replace(first.teachers[0], name="Асель Нұрова", max_per_day=5)
    second = dataclasses.replace(
        first,
        teachers=(t1, first.teachers[1], TeacherInfo("T3", "Новый Учитель", ("KAZ",))),
        lessons=first.lessons[1:],
        locked=(),
    )
    result = apply_snapshot(session, second, source="b.xlsx")
    session.commit()

    assert result.version == 2
    changes = set(result.changes)
    assert Change("teacher", "T1", UPDATED, "name", "Асель Нурова", "Асель Нұрова") in changes
    assert Change("teacher", "T1", UPDATED, "max_per_day", 6, 5) in changes
    assert Change("teacher", "T3", CREATED) in changes
    assert Change("lesson", "7A-MATH", REMOVED) in changes
    assert Change("lock", "7A-MATH/0", REMOVED) in changes
    assert len(changes) == 5
    words = {str(c) for c in changes}
    assert "The teacher T1: name changed from 'Асель Нурова' to 'Асель Нұрова'." in words
    assert "Removed lesson 7A-MATH." in words

    assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(second)
    assert normalized(read_snapshot(session, school_code="SCH-1", version=1)) == normalized(first)
    assert [v.number for v in list_data_versions(session, school_code="SCH-1")] == [1, 2]
    assert set(list_changes(session, school_code="SCH-1", version=2)) == changes
    # the removed lesson's row stays, marked deleted, so version 1 timetables keep their rows
    math = session.exec(select(LessonRequirement).where(LessonRequirement.key == "7A-MATH")).one()
    assert math.deleted_at is not None


def test_same_snapshot_twice_changes_nothing_but_makes_a_version(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="a")
    result = apply_snapshot(session, sample_snapshot(), source="a")
    assert result.changes == ()
    assert result.version == 2
    assert "version 2" in str(result.summary())


def test_removed_then_returning_entity_is_revived_not_duplicated(session: Session) -> None:
    full = sample_snapshot()
    without_t2 = dataclasses.replace(
        full,
        teachers=full.teachers[:1],
        lessons=full.lessons[:1],
    )
    apply_snapshot(session, full, source="1")
    apply_snapshot(session, without_t2, source="2")
    deleted = session.exec(select(Teacher).where(Teacher.code == "T2")).one()
    assert deleted.deleted_at is not None
    result = apply_snapshot(session, full, source="3")
    assert Change("teacher", "T2", CREATED) in result.changes
    rows = session.exec(select(Teacher).where(Teacher.code == "T2")).all()
    assert len(rows) == 1 and rows[0].deleted_at is None and rows[0].id == deleted.id
    assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(full)


def test_dry_run_reports_changes_and_writes_nothing(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="a")
    session.commit()
    before = _row_counts(session)
    changed = dataclasses.replace(
        sample_snapshot(), subjects=(*sample_snapshot().subjects, SubjectInfo("ART", "Сурет"))
    )
    result = apply_snapshot(session, changed, source="b", dry_run=True)
    session.commit()
    assert result.dry_run and result.version == 2
    assert result.changes == (Change("subject", "ART", CREATED),)
    assert "would become" in str(result.summary())
    assert _row_counts(session) == before
    assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(sample_snapshot())


def test_dry_run_of_a_new_school_leaves_no_school(session: Session) -> None:
    result = apply_snapshot(session, sample_snapshot(), source="a", dry_run=True)
    session.commit()
    assert result.version == 1 and len(result.changes) > 10
    assert _row_counts(session)["school"] == 0


def test_invalid_snapshot_lists_every_problem_and_writes_nothing(session: Session) -> None:
    good = sample_snapshot()
    bad = dataclasses.replace(
        good,
        lessons=(
            *good.lessons,
            LessonReq("X", "NOPE", (GroupRef("9Z"), GroupRef("7A", "zz")), ("T404",), 2),
        ),
        teachers=(*good.teachers, good.teachers[0]),
    )
    with pytest.raises(InvalidSnapshot) as error:
        apply_snapshot(session, bad, source="bad")
    words = [str(m) for m in error.value.messages]
    assert error.value.code == "invalid_snapshot"
    assert "The teacher T1 appears 2 times." in words
    assert "The lesson X refers to an unknown subject NOPE." in words
    assert "The lesson X refers to an unknown teacher T404." in words
    assert "The lesson X refers to an unknown class 9Z." in words
    assert "The lesson X refers to an unknown subgroup zz of 7A." in words
    assert _row_counts(session)["school"] == 0


def test_failure_in_the_middle_rolls_back_the_whole_import(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_snapshot(session, sample_snapshot(), source="a")
    session.commit()
    before = _row_counts(session)

    import models.school_data as school_data

    def explode(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(school_data, "write_students", explode)
    renamed = dataclasses.replace(
        sample_snapshot(),
        teachers=(
            dataclasses.replace(sample_snapshot().teachers[0], name="Y"),
            sample_snapshot().teachers[1],
        ),
    )
    with pytest.raises(RuntimeError):
        apply_snapshot(session, renamed, source="b")
    session.commit()  # whatever the caller does next, the import left nothing behind
    assert _row_counts(session) == before
    assert session.exec(select(Teacher.name).where(Teacher.code == "T1")).one() == "Асель Нурова"


def test_two_schools_with_the_same_codes_stay_apart(session: Session) -> None:
    apply_snapshot(session, sample_snapshot("A", teacher_name="Айжан"), source="a")
    apply_snapshot(session, sample_snapshot("B", teacher_name="Бауыржан"), source="b")
    reduced = dataclasses.replace(sample_snapshot("B", "Бауыржан"), students=(), parents=())
    result = apply_snapshot(session, reduced, source="b2")
    session.commit()
    assert {c.entity for c in result.changes} == {"student", "parent"}
    a = read_snapshot(session, school_code="A")
    b = read_snapshot(session, school_code="B")
    assert a.teachers[0].name == "Айжан" and b.teachers[0].name == "Бауыржан"
    assert len(a.students) == 2 and b.students == ()
    assert (
        session.exec(select(func.count()).select_from(Teacher).where(Teacher.code == "T1")).one()
        == 2
    )
    assert [v.number for v in list_data_versions(session, school_code="A")] == [1]


def test_entities_without_code_are_matched_by_name(session: Session) -> None:
    base = sample_snapshot()
    nameless = dataclasses.replace(base, subjects=(*base.subjects, SubjectInfo("", "Музыка")))
    apply_snapshot(session, nameless, source="a")
    result = apply_snapshot(session, nameless, source="b")
    assert result.changes == ()
    assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(nameless)


def test_unknown_school_and_version_are_not_found(session: Session) -> None:
    with pytest.raises(NotFound) as error:
        read_snapshot(session, school_code="NOPE")
    assert error.value.code == "school_not_found"
    apply_snapshot(session, sample_snapshot(), source="a")
    with pytest.raises(NotFound) as error:
        read_snapshot(session, school_code="SCH-1", version=7)
    assert str(error.value) == "SCH-1 has no data version 7."


def test_import_is_audited(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="demo.xlsx", actor="aigerim")
    entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert entry is not None
    assert (entry.actor, entry.action) == ("aigerim", "import")
    assert entry.details["source"] == "demo.xlsx"


def test_committed_import_is_visible_to_a_new_session(engine: Engine) -> None:
    with Session(engine) as session:
        apply_snapshot(session, sample_snapshot(), source="a")
        session.commit()
    with Session(engine) as session:
        assert normalized(read_snapshot(session, school_code="SCH-1")) == normalized(
            sample_snapshot()
        )
