"""Web tests' demo store: the demo school, its planted week published, one login per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from litestar.testing import TestClient

from importers.inputs import load_snapshot
from importers.solution_json import read_solution
from models.db import dispose_engines, session_scope
from models.migrate import upgrade_database
from models.school_data import apply_snapshot
from models.settings import get_settings
from models.timetables import publish_timetable, save_timetable
from solver.store import locked_from_solution, problem_from_snapshot
from web.demo_accounts import DEMO_PASSWORD, create_demo_accounts
from web.settings import get_web_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMO = EXAMPLES / "demo-school.xlsx"
PLANTED = EXAMPLES / "demo-school.planted.json"


@dataclass(frozen=True)
class DemoStore:
    url: str
    school_code: str
    data_dir: Path


def _point_at(url: str, data_dir: Path) -> None:
    dispose_engines()
    os.environ["DATABASE_URL"] = url
    os.environ["SABAQ_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    get_web_settings.cache_clear()


def build_demo_store(data_dir: Path, url: str = "") -> DemoStore:
    """The demo school imported, its planted week published, demo logins created (in an empty
    database at `url`, or a new SQLite file in `data_dir`)."""
    url = url or f"sqlite:///{data_dir / 'store.db'}"
    _point_at(url, data_dir)
    upgrade_database(url)
    snapshot = load_snapshot(DEMO)
    problem = problem_from_snapshot(snapshot)
    solution = read_solution(PLANTED, problem)
    with session_scope() as db:
        apply_snapshot(db, snapshot, source="tests")
        version = save_timetable(
            db, school_code=snapshot.school.code,
            placements=locked_from_solution(problem, snapshot, solution),
            status="feasible", objective=solution.objective, source="planted", meta={},
        )  # fmt: skip
        publish_timetable(db, school_code=snapshot.school.code, version=version.number)
        create_demo_accounts(db, school_code=snapshot.school.code)
    return DemoStore(url, snapshot.school.code, data_dir)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStore]:
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    store = build_demo_store(tmp_path_factory.mktemp("web-demo"))
    yield store
    dispose_engines()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    get_settings.cache_clear()
    get_web_settings.cache_clear()


@pytest.fixture
def client(demo_store: DemoStore) -> Iterator[TestClient]:
    """A fresh browser-like client (own cookies) on the demo store."""
    from web.app import create_app

    _point_at(demo_store.url, demo_store.data_dir)
    with TestClient(create_app()) as test_client:
        yield test_client


def login(client: TestClient, login_name: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form, as a browser does (CSRF cookie first)."""
    client.get("/login")
    token = client.cookies.get("sabaq_csrf")
    response = client.post(
        "/login",
        data={"login": login_name, "password": password, "_csrf_token": token or ""},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
