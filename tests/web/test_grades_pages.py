"""Issue 6's done-when path through the app: a teacher marks two absences and a late arrival,
enters formative marks and a СОР; the absent child's parent is told and sees the grades with the
term grade's explanation; the school admin sees the audit row of a changed grade."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from litestar.testing import TestClient
from sqlmodel import col, select

from journal.notify import notify_attendance
from journal.register_access import Actor
from journal.register_marks import MarkInput, mark_attendance
from models.account_services import create_account
from models.accounts import TEACHER
from models.db import session_scope
from models.journal import AbsenceNote, Assessment
from models.lessons import LessonRequirement, LessonTeacher
from models.outbox import EMAIL, IN_APP, Notice
from models.people import Student
from tests.web.conftest import DemoStore, login
from web.controllers.grades_common import texts
from web.demo_accounts import DEMO_PASSWORD

DAY = date(2026, 11, 23)  # a Monday of term 2 (2026-11-03 .. 2026-12-29)
CHILD = 68  # the demo parent's child, in 2А
FIRST_LESSON = (27, 1)  # the child's first lesson that Monday (see journal.notify.first_lessons)


@dataclass(frozen=True)
class Scene:
    class_id: int
    subject_id: int
    teacher_id: int
    classmates: tuple[int, int]  # two other students of 2А


@pytest.fixture(scope="module")
def scene(demo_store: DemoStore) -> Scene:
    """The teacher of 2А's first Monday lesson gets a login: `teacher2a`."""
    with session_scope() as db:
        lesson = db.get(LessonRequirement, FIRST_LESSON[0])
        assert lesson is not None
        teacher_id = db.exec(
            select(LessonTeacher.teacher_id).where(LessonTeacher.lesson_id == lesson.id)
        ).first()
        child = db.get(Student, CHILD)
        assert child is not None and teacher_id is not None
        others = db.exec(
            select(Student.id)
            .where(Student.class_id == child.class_id, col(Student.id) != CHILD)
            .order_by(col(Student.id))
        ).all()
        create_account(db, school_id=child.school_id, login="teacher2a", name="Teacher 2A",
                       role=TEACHER, password=DEMO_PASSWORD, teacher_id=teacher_id)  # fmt: skip
        return Scene(
            child.class_id, lesson.subject_id, teacher_id, (others[0] or 0, others[1] or 0)
        )


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _post(client: TestClient, url: str, **data: object) -> None:
    response = client.post(url, data={**data, "_csrf_token": _csrf(client)}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]


def _mark_first_lesson(scene: Scene) -> int:
    """Two absences (the child and a classmate) and a late arrival, through the register."""
    actor = Actor(user_id=None, login="teacher2a", role=TEACHER, teacher_id=scene.teacher_id)
    with session_scope() as db:
        school_id = db.get(Student, CHILD).school_id  # type: ignore[union-attr]
        outcome = mark_attendance(
            db, school_id=school_id, actor=actor, day=DAY, lesson_id=FIRST_LESSON[0],
            unit=FIRST_LESSON[1], today=DAY,
            marks=[MarkInput(CHILD, "absent"), MarkInput(scene.classmates[0], "absent"),
                   MarkInput(scene.classmates[1], "late", minutes=10)],
        )  # fmt: skip
        assert outcome.changed == 3
        told = notify_attendance(db, school_id=school_id, record_id=outcome.record_id, texts=texts)
        again = notify_attendance(db, school_id=school_id, record_id=outcome.record_id, texts=texts)
        assert again == 0  # stable keys: a second save tells nobody twice
        return told


def _assessment_ids(scene: Scene) -> list[int]:
    with session_scope() as db:
        rows = db.exec(
            select(Assessment.id)
            .where(Assessment.class_id == scene.class_id, Assessment.subject_id == scene.subject_id)
            .order_by(col(Assessment.id))
        ).all()
        return [r or 0 for r in rows]


def test_the_done_when_path(client: TestClient, scene: Scene) -> None:
    assert _mark_first_lesson(scene) > 0
    with session_scope() as db:
        notices = db.exec(select(Notice).where(col(Notice.key).startswith("journal:"))).all()
    about_child = [n for n in notices if f"attendance:{CHILD}:" in (n.key or "")]
    assert {n.channel for n in about_child} == {IN_APP, EMAIL}
    assert any(n.address == "parent@demo.sabaq.kz" for n in about_child)

    login(client, "teacher2a")
    book = f"/grades/book?class_id={scene.class_id}&subject_id={scene.subject_id}&term_id=2"
    assert client.get(book).status_code == 200
    base = {"class_id": scene.class_id, "subject_id": scene.subject_id, "term_id": 2}
    for title in ("ФО 1", "ФО 2"):
        _post(client, "/grades/assessments", **base, kind="fo", day=DAY.isoformat(), title=title)
    _post(client, "/grades/assessments", **base, kind="sor", day=DAY.isoformat(), title="СОР 1",
          section="Сандар", max_points="20")  # fmt: skip
    fo1, fo2, sor = _assessment_ids(scene)
    answer = client.post(
        "/api/grades/mark", json={"assessment_id": fo1, "student_id": CHILD, "value": "8"},
        headers={"x-csrftoken": _csrf(client)},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["mark"] and "→" in answer.json()["explanation"]
    refused = client.post(
        "/api/grades/mark", json={"assessment_id": fo2, "student_id": CHILD, "value": "11"},
        headers={"x-csrftoken": _csrf(client)},
    )  # fmt: skip
    assert refused.status_code == 400 and refused.json()["error"]
    # without JavaScript: the whole form, only changed cells count
    _post(client, "/grades/marks", **base, **{f"g-{fo2}-{CHILD}": "6", f"was-{fo2}-{CHILD}": "",
          f"g-{sor}-{CHILD}": "15", f"was-{sor}-{CHILD}": "", f"g-{fo1}-{CHILD}": "8",
          f"was-{fo1}-{CHILD}": "8"})  # fmt: skip
    page = client.get(book).text
    assert 'value="15"' in page and 'value="6"' in page
    # ФО (8+6)/2 = 7/10 -> 25 % * 0.7 = 17.5; СОР 15/20 -> 25 % * 0.75 = 18.75; no СОЧ yet
    _post(client, "/grades/marks", **base, **{f"g-{fo2}-{CHILD}": "7", f"was-{fo2}-{CHILD}": "6"})

    with session_scope() as db:
        graded = db.exec(select(Notice).where(col(Notice.key).contains(":grade:"))).all()
    assert graded and all("Сәрсенбаева" in n.body or "Сәрсенбаева" in n.subject for n in graded)

    client.post("/logout", data={"_csrf_token": _csrf(client)})
    client.cookies.clear()
    login(client, "parent")
    journal = client.get(f"/journal?child={CHILD}&day={DAY.isoformat()}&term=2").text
    assert "Сәрсенбаева" in journal
    assert re.search(r"badge bad\">[^<]+</span>", journal)  # absent in the first lesson
    assert "СОР 1" in journal and "15/20" in journal
    assert "→" in journal  # the term grade's explanation
    inbox = client.get("/notices").text
    assert "Сәрсенбаева" in inbox

    client.cookies.clear()
    login(client, "director")
    history = client.get("/grades/history").text
    # the action in words (the director reads Russian)
    assert "Отметка изменена" in history and "teacher2a" in history
    assert re.search(r"<td>6</td>\s*<td>7</td>", history)


def test_a_teacher_sees_only_the_gradebooks_they_keep(client: TestClient, scene: Scene) -> None:
    login(client, "teacher")  # the demo teacher (1А) does not teach 2А
    link = f"class_id={scene.class_id}&amp;subject_id={scene.subject_id}"
    response = client.get(f"/grades/book?class_id={scene.class_id}&subject_id={scene.subject_id}")
    assert response.status_code == 404
    listing = client.get("/grades").text
    assert "/grades/book?class_id=" in listing and link not in listing
    with session_scope() as db:
        fo = db.exec(select(Assessment.id).where(Assessment.class_id == scene.class_id)).first()
    refused = client.post(
        "/api/grades/mark", json={"assessment_id": fo, "student_id": CHILD, "value": "1"},
        headers={"x-csrftoken": _csrf(client)},
    )  # fmt: skip
    assert refused.status_code == 400
    client.cookies.clear()
    login(client, "teacher2a")
    assert link in client.get("/grades").text


def test_a_parent_sees_only_their_children_and_a_student_their_own(
    client: TestClient, scene: Scene
) -> None:
    login(client, "parent")
    assert client.get(f"/journal?child={scene.classmates[0]}").status_code == 404
    assert client.get(f"/journal?child={CHILD}").status_code == 200
    client.cookies.clear()
    login(client, "student")
    assert client.get(f"/journal?child={scene.classmates[0]}").status_code == 404
    assert "Сәрсенбаева" in client.get("/journal").text
    assert client.get("/grades").status_code == 403


def test_a_parents_absence_note_is_checked_and_kept(client: TestClient, scene: Scene) -> None:
    login(client, "parent")
    today = date.today().isoformat()
    _post(client, "/journal/notes", child=CHILD, starts_on=today, ends_on=today, reason="")
    assert "flash flash-error" in client.get(f"/journal?child={CHILD}").text
    _post(
        client, "/journal/notes", child=CHILD, starts_on=today, ends_on=today, reason="Ауырып қалды"
    )
    assert "Ауырып қалды" in client.get(f"/journal?child={CHILD}").text
    _post(client, "/journal/notes", child=scene.classmates[0], starts_on=today, reason="x")
    with session_scope() as db:
        notes = db.exec(select(AbsenceNote)).all()
    assert [n.student_id for n in notes] == [CHILD]


def test_the_admin_closes_and_reopens_a_term(client: TestClient, scene: Scene) -> None:
    login(client, "director")
    assert "1 четверть" in client.get("/grades/terms").text
    _post(client, "/grades/terms/1/close")
    assert "badge bad" in client.get("/grades/terms").text
    _post(client, "/grades/terms/1/reopen", reason="")
    assert "badge bad" in client.get("/grades/terms").text  # no reason: still closed
    _post(client, "/grades/terms/1/reopen", reason="Бағаны түзету")
    assert "Четверть закрыта" in client.get("/grades/history?kind=term").text
