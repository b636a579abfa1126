"""The school's frame is read once per data version and publication, and never outlives them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session

from journal.frame import school_frame
from models.db import dispose_engines, get_engine, read_scope, session_scope
from models.school_data import apply_snapshot, get_school, read_snapshot
from models.settings import get_settings
from models.timetables import load_timetable, publish_timetable, save_timetable
from tests.web.conftest import DemoStore, build_demo_store
from web.settings import get_web_settings


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DemoStore]:
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    yield build_demo_store(tmp_path)
    dispose_engines()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    get_settings.cache_clear()
    get_web_settings.cache_clear()


def _school(db: Session, store: DemoStore) -> int:
    return get_school(db, code=store.school_code).id or 0


def _statements(block) -> int:  # type: ignore[no-untyped-def]
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(get_engine(), "before_cursor_execute", listener)
    try:
        block()
    finally:
        event.remove(get_engine(), "before_cursor_execute", listener)
    return len(seen)


def test_a_second_page_reads_only_the_stamp_and_one_session_not_even_that(
    store: DemoStore,
) -> None:
    with read_scope() as db:
        first = school_frame(db, school_id=_school(db, store))
    with read_scope() as db:
        sid = _school(db, store)
        again: list[object] = []
        assert _statements(lambda: again.append(school_frame(db, school_id=sid))) == 1
        assert _statements(lambda: again.append(school_frame(db, school_id=sid))) == 0
    assert again == [first, first]
    assert first.version is not None and first.teacher_names and first.labels


def test_a_new_data_version_or_publication_is_seen_at_once(store: DemoStore) -> None:
    with read_scope() as db:
        sid = _school(db, store)
        before = school_frame(db, school_id=sid)
    with session_scope() as db:
        snapshot = read_snapshot(db, school_code=store.school_code)
        teacher = snapshot.teachers[0]
        renamed = replace(teacher, name="Әлия Нұрғалиқызы")
        teachers = (renamed, *snapshot.teachers[1:])
        apply_snapshot(db, replace(snapshot, teachers=teachers), source="test", actor="test")
    with read_scope() as db:
        after = school_frame(db, school_id=sid)
    assert after is not before
    assert "Әлия Нұрғалиқызы" in after.teacher_names.values()
    assert "Әлия Нұрғалиқызы" not in before.teacher_names.values()
    with session_scope() as db:
        placements = load_timetable(db, school_code=store.school_code)
        version = save_timetable(
            db, school_code=store.school_code, placements=placements, status="feasible",
            objective=0, source="test", meta={},
        )  # fmt: skip
        publish_timetable(db, school_code=store.school_code, version=version.number)
        new_id = version.id
    with read_scope() as db:
        assert school_frame(db, school_id=sid).version == new_id


def test_two_stores_with_the_same_ids_do_not_share_a_frame(
    store: DemoStore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with read_scope() as db:
        sid = _school(db, store)
        mine = school_frame(db, school_id=sid)
    other = build_demo_store(tmp_path_factory.mktemp("other"))  # points the process at it
    with read_scope() as db:
        assert _school(db, other) == sid  # the same ids in a second store
        theirs = school_frame(db, school_id=sid)
    assert theirs is not mine
