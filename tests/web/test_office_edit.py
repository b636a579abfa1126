"""Editing a version by hand: cell colours, a drop checked before it is made, swap, apply as a new
version with locks kept, lock and unlock, re-generate the rest, and the page without JavaScript."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from litestar.testing import TestClient
from sqlmodel import select

from models.db import session_scope
from models.jobs import Job
from models.school_data import get_school
from models.timetables import StoredPlacement, list_timetables, load_timetable
from solver.problem import Problem
from tests.web.conftest import DemoStore
from tests.web.test_office_support import login_en, post, post_json
from web.services.office_state import VersionState, version_state


@dataclass(frozen=True)
class Lesson:
    id: int
    day: int
    period: int
    class_code: str
    teacher: str


def _state(school_code: str, number: int = 1) -> VersionState:
    with session_scope() as db:
        school_id = get_school(db, code=school_code).id
        assert school_id is not None
        return version_state(db, school_id=school_id, number=number)


def _single_class_lessons(state: VersionState) -> list[Lesson]:
    """Whole-class, single-period, one-teacher lessons, as placed."""
    problem: Problem = state.problem
    out = []
    for p in state.solution.placements:
        lesson = problem.lessons[p.lesson]
        single = lesson.length == 1 and len(lesson.teachers) == 1 and not lesson.groups
        if single and len(lesson.classes) == 1:
            out.append(Lesson(p.lesson, p.day, p.period,
                              problem.classes[lesson.classes[0]].code,
                              problem.teachers[lesson.teachers[0]].code))  # fmt: skip
    return out


def _clash(state: VersionState) -> tuple[Lesson, Lesson]:
    """A lesson, and another lesson of its class in a cell where its teacher has none."""
    lessons = _single_class_lessons(state)
    busy = {
        (state.problem.teachers[t].code, p.day, p.period)
        for p in state.solution.placements
        for t in state.problem.lessons[p.lesson].teachers
    }
    for a in lessons:
        for b in lessons:
            same = a.class_code == b.class_code and a.teacher != b.teacher and a.day != b.day
            if same and (a.teacher, b.day, b.period) not in busy:
                return a, b
    raise AssertionError("the demo timetable has no such pair")


def _swap_pair(state: VersionState) -> tuple[Lesson, Lesson]:
    """Two single lessons of one class in cells where nothing else of the class starts."""
    lessons = _single_class_lessons(state)
    starts: dict[tuple[str, int, int], int] = {}
    for p in state.solution.placements:
        for c in state.problem.audience_classes(state.problem.lessons[p.lesson]):
            key = (state.problem.classes[c].code, p.day, p.period)
            starts[key] = starts.get(key, 0) + 1
    alone = [x for x in lessons if starts[(x.class_code, x.day, x.period)] == 1]
    a = alone[0]
    b = next(x for x in alone if x.class_code == a.class_code and x.day != a.day)
    return a, b


def test_cells_are_coloured_for_the_dragged_lesson(
    client: TestClient, demo_store: DemoStore
) -> None:
    a, _ = _clash(_state(demo_store.school_code))
    login_en(client, "timetable")
    answer = client.get(
        "/api/office/versions/1/cells",
        params={"kind": "class", "code": a.class_code, "lesson": a.id},
    )
    assert answer.status_code == 200
    cells = answer.json()["cells"]
    assert len(cells) >= 5 * 5
    statuses = {c["status"] for c in cells}
    assert "hard" in statuses and statuses & {"ok", "cost"}
    assert {(c["day"], c["period"]) for c in cells} >= {(a.day, a.period)}


def test_a_clash_is_named_before_the_move_is_made(
    client: TestClient, demo_store: DemoStore
) -> None:
    state = _state(demo_store.school_code)
    a, b = _clash(state)
    login_en(client, "timetable")
    before = len(list_versions(demo_store))
    answer = post_json(client, "/api/office/versions/1/check", {
        "kind": "teacher", "code": a.teacher, "lesson": a.id, "day": b.day, "period": b.period,
    })  # fmt: skip
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["allowed"] is False and result["swap"] is False
    hard = [x["text"] for x in result["added"] if x["hard"]]
    assert any("at once" in t and a.class_code in t for t in hard), hard
    assert len(list_versions(demo_store)) == before  # nothing saved by a check


def list_versions(store: DemoStore) -> list[object]:
    with session_scope() as db:
        return list(list_timetables(db, school_code=store.school_code))


def test_a_drop_on_another_lesson_swaps_and_apply_saves_a_new_version_with_locks(
    client: TestClient, demo_store: DemoStore
) -> None:
    state = _state(demo_store.school_code)
    a, b = _swap_pair(state)
    locked = next(x for x in _single_class_lessons(state) if x.id not in (a.id, b.id))
    login_en(client, "timetable")
    assert post(client, "/office/versions/1/lock", {"lesson": locked.id}).status_code == 303
    drop = {"kind": "class", "code": a.class_code, "lesson": a.id, "day": b.day, "period": b.period}
    checked = post_json(client, "/api/office/versions/1/check", drop).json()
    assert checked["swap"] is True and len(checked["moves"]) == 2
    applied = post(client, "/office/versions/1/apply", drop)
    assert applied.status_code == 303
    new = int(re.match(r"/office/versions/(\d+)/edit/class/", applied.headers["location"]).group(1))
    assert new > 1
    with session_scope() as db:
        old = {
            (p.lesson_key, p.unit): p
            for p in load_timetable(db, school_code=demo_store.school_code, version=1)
        }
        now = {
            (p.lesson_key, p.unit): p
            for p in load_timetable(db, school_code=demo_store.school_code, version=new)
        }
        summary = next(
            s for s in list_timetables(db, school_code=demo_store.school_code) if s.number == new
        )
    keys = state.vd.timetable.keys
    assert (now[keys[a.id]].day, now[keys[b.id]].day) == (old[keys[b.id]].day, old[keys[a.id]].day)
    assert (now[keys[a.id]].period, now[keys[b.id]].period) == (
        old[keys[b.id]].period,
        old[keys[a.id]].period,
    )
    kept = now[keys[locked.id]]
    assert isinstance(kept, StoredPlacement) and kept.locked  # the lock went with the edit
    assert sum(old[k] != now[k] for k in old) == 2  # the rest stays, version 1 is unchanged
    assert summary.source == "edited by timetable" and summary.status == "edited"
    page = client.get(applied.headers["location"])
    assert page.status_code == 200 and "The move is saved as version" in page.text


def test_a_locked_lesson_cannot_be_moved_until_unlocked(
    client: TestClient, demo_store: DemoStore
) -> None:
    a, b = _swap_pair(_state(demo_store.school_code))
    login_en(client, "timetable")
    grid = f"/office/versions/1/edit/class/{quote(a.class_code)}"
    assert (
        post(
            client,
            "/office/versions/1/lock",
            {"lesson": a.id, "kind": "class", "code": a.class_code},
        ).headers["location"]
        == grid
    )
    page = client.get(grid).text
    assert re.search(rf'class="lesson locked" data-lesson="{a.id}"', page)
    drop = {"kind": "class", "code": a.class_code, "lesson": a.id, "day": b.day, "period": b.period}
    refused = post_json(client, "/api/office/versions/1/check", drop)
    assert refused.status_code == 400 and "locked" in refused.json()["error"][0]
    post(client, "/office/versions/1/lock", {"lesson": a.id})
    assert post_json(client, "/api/office/versions/1/check", drop).status_code == 200


def test_without_javascript_a_move_is_picked_checked_and_applied_through_links(
    client: TestClient, demo_store: DemoStore
) -> None:
    a, b = _clash(_state(demo_store.school_code))
    login_en(client, "timetable")
    grid = f"/office/versions/1/edit/teacher/{quote(a.teacher)}"
    picked = client.get(grid, params={"pick": a.id})
    assert picked.status_code == 200
    assert "drop-bad" in picked.text and picked.text.count('class="drop-link"') > 5
    checked = client.get(grid, params={"pick": a.id, "day": b.day, "period": b.period})
    assert checked.status_code == 200
    report = checked.text.split('id="move-report"')[1].split('class="legend')[0]
    assert "hidden" not in report.split(">")[0] and 'class="hard"' in report
    assert f'name="lesson" value="{a.id}"' in report and 'id="move-apply"' in report


def test_regenerate_the_rest_queues_a_solve_from_this_version(
    client: TestClient, demo_store: DemoStore
) -> None:
    login_en(client, "timetable")
    assert post(client, "/office/versions/1/regenerate", {"time_limit": "0"}).status_code == 400
    queued = post(client, "/office/versions/1/regenerate", {"time_limit": "5", "seed": "2"})
    assert queued.status_code == 303
    job_id = int(queued.headers["location"].rsplit("/", 1)[1])
    with session_scope() as db:
        job = db.exec(select(Job).where(Job.id == job_id)).one()
    assert job.kind == "solve" and job.params["base_version"] == 1 and job.params["seed"] == 2
    assert job.params["school_code"] == demo_store.school_code
    assert "from version 1" in client.get(queued.headers["location"]).text


def test_a_version_of_older_data_is_not_edited(client: TestClient, demo_store: DemoStore) -> None:
    """Runs last in this module: it makes a new data version, so every version here is older."""
    a, b = _swap_pair(_state(demo_store.school_code))
    login_en(client, "timetable")
    form = client.get("/office/data/settings").text
    values = dict(re.findall(r'name="([^"]+:[^"]+)" value="([^"]*)"', form))
    post(client, "/office/data/settings", {**values, "late_after": "6"})
    drop = {"kind": "class", "code": a.class_code, "lesson": a.id, "day": b.day, "period": b.period}
    refused = post(client, "/office/versions/1/apply", drop)
    assert refused.status_code == 400 and "older school data" in refused.text
    assert (
        'data-editable="0"'
        in client.get(f"/office/versions/1/edit/class/{quote(a.class_code)}").text
    )
