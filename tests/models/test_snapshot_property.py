"""Property: any consistent snapshot survives the store, and re-importing it changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from sqlmodel import Session

from models.changes import diff_snapshots
from models.school_data import apply_snapshot, read_snapshot
from models.snapshot import SchoolSnapshot
from models.snapshot_codec import normalized, snapshot_from_json, snapshot_to_json
from tests.models.samples import snapshots

FIXTURES_OK = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.slow
@given(snapshots())
@settings(max_examples=150, deadline=None)
def test_json_codec_round_trips(snapshot: SchoolSnapshot) -> None:
    assert snapshot_from_json(snapshot_to_json(snapshot)) == snapshot


@pytest.mark.slow
@given(snapshot=snapshots(school_code="P"))
@FIXTURES_OK
def test_apply_then_read_gives_the_snapshot_back(
    session: Session, snapshot: SchoolSnapshot
) -> None:
    # one school across examples: each example is also a re-import over the previous one
    result = apply_snapshot(session, snapshot, source="hypothesis")
    session.commit()
    back = read_snapshot(session, school_code="P")
    assert normalized(back) == normalized(snapshot)
    assert diff_snapshots(back, snapshot) == []
    again = apply_snapshot(session, snapshot, source="hypothesis", dry_run=True)
    assert again.changes == ()
    assert normalized(
        read_snapshot(session, school_code="P", version=result.version)
    ) == normalized(snapshot)
