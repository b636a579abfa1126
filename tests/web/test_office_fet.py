"""The office uploads a FET file: a new data version of the viewer's school, with warnings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import TestClient

from models.account_services import create_account
from models.db import dispose_engines, session_scope
from models.migrate import upgrade_database
from models.school_data import apply_snapshot, get_school, read_snapshot
from models.settings import get_settings
from solver.conditions import Limit, MinDaysApart
from solver.store import problem_from_snapshot
from tests.importers.fet.test_load import TINY
from tests.models.samples import sample_snapshot
from tests.web.test_office_support import counts, login_en, upload
from web.settings import get_web_settings

CODE = "SCH-FET"
LOGIN, PASSWORD = "kestechi", "Кесте-құпия-2026"


def _clear() -> None:
    dispose_engines()
    get_settings.cache_clear()
    get_web_settings.cache_clear()


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app on a fresh store holding one small school and its timetabler."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SABAQ_DATA_DIR", str(tmp_path))
    _clear()
    upgrade_database(url)
    with session_scope() as db:
        apply_snapshot(db, sample_snapshot(CODE), source="tests")
        school_id = get_school(db, code=CODE).id
        assert school_id is not None
        create_account(db, school_id=school_id, login=LOGIN, name="Кестеші",
                       role="timetabler", password=PASSWORD)  # fmt: skip
    from web.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client
    _clear()


def test_a_fet_file_becomes_a_data_version_with_its_warnings(client: TestClient) -> None:
    login_en(client, LOGIN, PASSWORD)
    before = counts(CODE)
    dry = upload(client, "Мектеп.fet", TINY.encode(), dry_run=True)
    assert dry.status_code == 200, dry.text[:2000]
    assert "Dry run" in dry.text and "Ғалым" in dry.text  # a new teacher among the changes
    assert "StudentsMaxHoursDailyInInterval is not supported" in dry.text
    assert "its data goes to your school" not in dry.text  # the school is the viewer's own
    assert counts(CODE) == before
    done = upload(client, "Мектеп.fet", TINY.encode())
    assert done.status_code == 303
    assert done.headers["location"] == f"/office/data?version={before[0] + 1}"
    page = client.get(done.headers["location"])
    assert "Мектеп.fet: 1 × FET constraint StudentsMaxHoursDailyInInterval" in page.text
    assert "1 inactive activities left out" in page.text
    # the sample school's two students are in class 7A, which the file does not have
    assert "2 students are in classes or subgroups the file does not have" in page.text
    with session_scope() as db:
        stored = read_snapshot(db, school_code=CODE)  # the viewer's school, whatever the file
    sample = sample_snapshot(CODE)
    # what a FET file does not describe stays as the school had it
    assert stored.school == replace(sample.school, days_per_week=3)
    assert stored.terms == sample.terms and stored.students == () and stored.parents == ()
    assert [t.code for t in stored.teachers] == ["Әсел", "Ғалым"]
    assert [ls.key for ls in stored.lessons] == ["A1", "A3"]
    problem = problem_from_snapshot(stored)
    kinds = {type(c) for c in problem.conditions}
    assert {MinDaysApart, Limit} <= kinds


def test_a_broken_fet_file_is_refused_in_words_and_writes_nothing(client: TestClient) -> None:
    login_en(client, LOGIN, PASSWORD)
    before = counts(CODE)
    broken = TINY.replace(
        "<Teacher>Ғалым</Teacher><Subject>Ағылшын", "<Teacher>Ғали</Teacher><Subject>Ағылшын", 1
    )
    page = upload(client, "broken.fet", broken.encode())
    assert page.status_code == 400
    assert "Activity 3: unknown teacher &#39;Ғали&#39;; define it in the file" in page.text
    assert counts(CODE) == before
