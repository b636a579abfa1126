"""Risk screening end to end in the services: a screening answer opens a case, psychologists are
told in the app and by a real e-mail without the answer, and only they read it (audited)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from email.message import Message as Email
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, col, select

from guidance.instruments.catalogue import Listed, find_listed
from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.instruments.results import results_for_student
from guidance.screening.cases import add_entry, get_case, list_cases, set_status
from guidance.screening.errors import CaseError, CaseNotFound
from guidance.screening.help import help_for_student, set_contact
from guidance.surveys.assigning import send_instrument
from guidance.surveys.taking import open_taking, own_result, save_answer, submit
from guidance.surveys.types import Sender
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    UserAccount,
)
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine
from models.guidance import CASE_CLOSED, CASE_OPEN, FOLLOW_UP, InstrumentResponse, RiskCase
from models.history import AuditEntry
from models.migrate import upgrade_database
from models.outbox import EMAIL, IN_APP, Notice
from models.people import Student
from models.school import School
from tests.web.jobs_support import free_port, wait_until
from web.jobs.delivery import deliver_emails
from web.mail import platform_smtp_settings


def same(_language: str) -> Callable[[str], str]:
    return lambda text: text


@dataclass
class School1:
    """One school (9A, 10B) and a second one, with an account per role."""

    school_id: int
    other_school_id: int
    class_9a: int
    class_10b: int
    students: list[int]  # of 9A; the first has an account
    student_10b: int
    other_student: int
    staff: dict[str, Sender]  # "psychologist", "psychologist2", "counsellor", ... "other_psy"


def _account(db: Session, school_id: int, login: str, role: str, **extra: Any) -> Sender:
    account = UserAccount(school_id=school_id, login=login, name=extra.pop("name", login),
                          role=role, password_hash="x", **extra)  # fmt: skip
    db.add(account)
    db.flush()
    assert account.id is not None
    return Sender(account.id, login, role)


def build_school(db: Session) -> School1:
    """Two schools; the first with 9A (three students) and 10B (one), one account per role."""
    school, other = School(code="P-1", name="Мектеп", language="kk"), School(code="P-2", name="B")
    db.add_all([school, other])
    db.flush()
    sid, oid = school.id or 0, other.id or 0
    c9 = SchoolClass(school_id=sid, code="9A", grade=9, shift="1", size=3)
    c10 = SchoolClass(school_id=sid, code="10B", grade=10, shift="1", size=1)
    c_other = SchoolClass(school_id=oid, code="9A", grade=9, shift="1", size=1)
    db.add_all([c9, c10, c_other])
    db.flush()
    names = ["Әлия Нұрланқызы", "Бауыржан Оспан", "Дана Ким"]
    nine = [Student(school_id=sid, code=f"S{n}", name=name, class_id=c9.id or 0)
            for n, name in enumerate(names)]  # fmt: skip
    ten = Student(school_id=sid, code="T1", name="Ержан Әбдіков", class_id=c10.id or 0)
    stranger = Student(school_id=oid, code="S0", name="Бөтен Оқушы", class_id=c_other.id or 0)
    db.add_all([*nine, ten, stranger])
    db.flush()
    staff = {
        "psychologist": _account(db, sid, "psy", PSYCHOLOGIST, email="psy@mektep.kz",
                                 name="Гүлнар Сапарова"),
        "psychologist2": _account(db, sid, "psy2", PSYCHOLOGIST, email="psy2@mektep.kz"),
        "counsellor": _account(db, sid, "coun", COUNSELLOR),
        "teacher": _account(db, sid, "teach", TEACHER),
        "admin": _account(db, sid, "boss", SCHOOL_ADMIN),
        "parent": _account(db, sid, "mum", PARENT),
        "student": _account(db, sid, "aliya", STUDENT, student_id=nine[0].id),
        "other_psy": _account(db, oid, "psy-b", PSYCHOLOGIST, email="b@other.kz"),
    }  # fmt: skip
    return School1(sid, oid, c9.id or 0, c10.id or 0, [s.id or 0 for s in nine], ten.id or 0,
                   stranger.id or 0, staff)  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[str, School1]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upgrade_database(url)
    with Session(get_engine(url)) as db:
        world = build_school(db)
        db.commit()
    yield url, world
    dispose_engines()


def _send(db: Session, w: School1, key: str, who: str = "psychologist", kind: str = "class",
          target: int | None = None) -> int:  # fmt: skip
    listed: Listed = find_listed(db, school_id=w.school_id, ref=f"shipped:{key}")
    sent = send_instrument(db, school_id=w.school_id, sender=w.staff[who], listed=listed,
                           kind=kind, target=target or w.class_9a, due_on=None,
                           gettexts=same)  # fmt: skip
    assert sent.assignment.id is not None
    return sent.assignment.id


def _response(db: Session, assignment_id: int, student_id: int) -> int:
    row = db.exec(select(InstrumentResponse).where(
        InstrumentResponse.assignment_id == assignment_id,
        InstrumentResponse.student_id == student_id)).one()  # fmt: skip
    assert row.id is not None
    return row.id


def _answer_all(db: Session, w: School1, response_id: int, student: int,
                answers: dict[str, int]) -> None:  # fmt: skip
    for item, value in answers.items():
        save_answer(db, school_id=w.school_id, student_id=student, response_id=response_id,
                    item_id=item, value=value)  # fmt: skip


YOUTH_QUIET = {
    "yr_bullied_school": 0, "yr_bullied_online": 0, "yr_unsafe": 0, "yr_sad": 0,
    "yr_suicide_considered": 0, "yr_suicide_plan": 0, "yr_suicide_attempts": 0, "yr_alcohol": 0,
}  # fmt: skip


def test_who_may_send_what_to_whom(store: tuple[str, School1]) -> None:
    url, w = store
    with Session(get_engine(url)) as db:
        assignment = _send(db, w, "riasec", who="counsellor")
        responses = db.exec(select(InstrumentResponse).where(
            InstrumentResponse.assignment_id == assignment)).all()  # fmt: skip
        assert sorted(r.student_id for r in responses) == sorted(w.students)
        # the one 9A student with an account is told in the app, in the school's language
        notices = db.exec(select(Notice).where(Notice.school_id == w.school_id)).all()
        assert [(n.user_id, n.channel) for n in notices] == [(w.staff["student"].id, IN_APP)]
        with pytest.raises(InstrumentError) as refused:
            _send(db, w, "youth-risk", who="counsellor")
        assert refused.value.code == "not_allowed"
        with pytest.raises(InstrumentError) as nobody:
            _send(db, w, "phq9")  # grades 10-11 only, and 9A is grade 9
        assert nobody.value.code == "no_students"
        # a grade and a single student; never another school's student
        assert _send(db, w, "phq9", kind="grade", target=10)
        with pytest.raises(InstrumentError):
            _send(db, w, "riasec", kind="student", target=w.other_student)


def test_answers_are_saved_one_by_one_and_resume(store: tuple[str, School1]) -> None:
    url, w = store
    student = w.students[0]
    with Session(get_engine(url)) as db:
        rid = _response(db, _send(db, w, "gad7"), student)
        assert save_answer(db, school_id=w.school_id, student_id=student, response_id=rid,
                           item_id="gad7_1", value=2, language="kk") == (1, 7)  # fmt: skip
        save_answer(db, school_id=w.school_id, student_id=student, response_id=rid,
                    item_id="gad7_1", value=3)  # fmt: skip
        db.commit()
    with Session(get_engine(url)) as db:  # "another device"
        taking = open_taking(db, school_id=w.school_id, student_id=student, response_id=rid)
        assert taking.answers == {"gad7_1": 3} and taking.first_open == 1
        assert taking.response.language == "en"  # GAD-7 has English only
        with pytest.raises(InstrumentNotFound):  # another student's response is not found
            open_taking(db, school_id=w.school_id, student_id=w.students[1], response_id=rid)
        with pytest.raises(InstrumentError) as gaps:
            submit(db, school_id=w.school_id, student_id=student, response_id=rid,
                   gettexts=same, base_url="https://s.kz")  # fmt: skip
        assert "Question 2 is not answered." in [str(m) for m in gaps.value.messages]


def test_a_risk_answer_opens_a_case_and_a_real_email_without_the_answer(
    store: tuple[str, School1], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, w = store
    student = w.students[0]
    with Session(get_engine(url)) as db:
        rid = _response(db, _send(db, w, "youth-risk"), student)
        _answer_all(db, w, rid, student, YOUTH_QUIET | {"yr_suicide_considered": 1})
        done = submit(db, school_id=w.school_id, student_id=student, response_id=rid,
                      gettexts=same, base_url="https://sabaq.kz")  # fmt: skip
        db.commit()
        assert done.case is not None and done.case.severity == "urgent"
        case_id = done.case.id
        # the sender owns it; both psychologists are told in the app and by e-mail
        assert done.case.owner_id == w.staff["psychologist"].id
        notices = db.exec(select(Notice).where(Notice.key.startswith(  # type: ignore[union-attr]
            f"guidance:case:{case_id}:"))).all()  # fmt: skip
        told = {(n.user_id, n.channel) for n in notices}
        for who in ("psychologist", "psychologist2"):
            assert {(w.staff[who].id, IN_APP), (w.staff[who].id, EMAIL)} <= told
        assert all(n.user_id not in (w.staff["counsellor"].id, w.staff["other_psy"].id)
                   for n in notices)  # fmt: skip
        # the student sees no score of a screening
        _r, _i, shown = own_result(db, school_id=w.school_id, student_id=student, response_id=rid)
        assert shown == {}
    box = _smtp_box(monkeypatch)
    assert wait_until(lambda: deliver_emails(url=url) >= 0 and len(box.messages) == 2, timeout=30)
    for mail in box.messages:
        text = str(mail.get_payload(decode=True), "utf-8") + str(mail["Subject"])
        assert f"https://sabaq.kz/cases/{case_id}" in text
        for secret in ("Әлия", "suicide", "youth", "Safety"):
            assert secret not in text


class _Box:
    def __init__(self) -> None:
        self.messages: list[Email] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"


def _smtp_box(monkeypatch: pytest.MonkeyPatch) -> _Box:
    box, port = _Box(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SABAQ_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SABAQ_SMTP_PORT", str(port))
    monkeypatch.setenv("SABAQ_SMTP_STARTTLS", "0")
    monkeypatch.setenv("SABAQ_SMTP_SENDER", "sabaq@mektep.kz")
    platform_smtp_settings.cache_clear()
    _controllers.append(controller)
    return box


_controllers: list[Controller] = []


@pytest.fixture(autouse=True)
def _stop_smtp() -> Iterator[None]:
    yield
    while _controllers:
        _controllers.pop().stop()
    platform_smtp_settings.cache_clear()


def _case(url: str, w: School1) -> int:
    student = w.students[0]
    with Session(get_engine(url)) as db:
        rid = _response(db, _send(db, w, "youth-risk"), student)
        _answer_all(db, w, rid, student, YOUTH_QUIET | {"yr_bullied_school": 1})
        done = submit(db, school_id=w.school_id, student_id=student, response_id=rid,
                      gettexts=same, base_url="")  # fmt: skip
        db.commit()
        assert done.case is not None and done.case.id is not None
        return done.case.id


def test_only_the_schools_psychologists_read_cases_and_every_read_is_audited(
    store: tuple[str, School1],
) -> None:
    url, w = store
    case_id = _case(url, w)
    with Session(get_engine(url)) as db:
        for who in ("counsellor", "teacher", "admin", "parent", "student", "other_psy"):
            school = w.other_school_id if who == "other_psy" else w.school_id
            with pytest.raises(CaseNotFound):
                get_case(db, school_id=school, case_id=case_id, reader=w.staff[who])
            if who != "other_psy":
                with pytest.raises(CaseNotFound):
                    list_cases(db, school_id=school, reader=w.staff[who])
        # the other school's psychologist, asking with their own school, finds nothing
        assert list_cases(db, school_id=w.other_school_id, reader=w.staff["other_psy"]) == []
        psy = w.staff["psychologist2"]
        rows = list_cases(db, school_id=w.school_id, reader=psy)
        assert [(r.case.id, r.student, r.class_code) for r in rows] == [
            (case_id, "Әлия Нұрланқызы", "9A")
        ]
        assert get_case(db, school_id=w.school_id, case_id=case_id, reader=psy).severity == (
            "moderate"
        )
        db.commit()
        audit = db.exec(select(AuditEntry).where(AuditEntry.school_id == w.school_id)
                        .order_by(col(AuditEntry.id))).all()  # fmt: skip
        reads = [(a.actor, a.action, a.entity) for a in audit if a.actor == "psy2"]
        assert reads == [("psy2", "list_cases", "guidance_case:list"),
                         ("psy2", "read_case", f"guidance_case:{case_id}")]  # fmt: skip
        refused = {a.actor for a in audit if a.action == "refused_read"}
        assert refused == {"coun", "teach", "boss", "mum", "aliya"}


def test_notes_follow_ups_and_status(store: tuple[str, School1]) -> None:
    url, w = store
    case_id = _case(url, w)
    psy = w.staff["psychologist2"]
    with Session(get_engine(url)) as db:
        with pytest.raises(CaseError):
            add_entry(db, school_id=w.school_id, case_id=case_id, reader=psy, kind=FOLLOW_UP,
                      text="call the parents")  # fmt: skip
        add_entry(db, school_id=w.school_id, case_id=case_id, reader=psy, kind=FOLLOW_UP,
                  text="call the parents", due_on=date(2026, 12, 1))  # fmt: skip
        case = db.get(RiskCase, case_id)
        assert case is not None and case.status == CASE_OPEN
        rows = list_cases(db, school_id=w.school_id, reader=psy)
        assert [r.next_follow_up for r in rows] == [date(2026, 12, 1)]
        set_status(db, school_id=w.school_id, case_id=case_id, reader=psy, status=CASE_CLOSED,
                   take=True)  # fmt: skip
        assert case.status == CASE_CLOSED and case.owner_id == psy.id and case.closed_at
        with pytest.raises(CaseNotFound):
            add_entry(db, school_id=w.school_id, case_id=case_id, reader=w.staff["counsellor"],
                      kind="note", text="x")  # fmt: skip


def test_results_for_student_by_role(store: tuple[str, School1]) -> None:
    url, w = store
    student = w.students[0]
    with Session(get_engine(url)) as db:
        rid = _response(db, _send(db, w, "klimov", who="counsellor"), student)
        klimov = find_listed(db, school_id=w.school_id, ref="shipped:klimov").instrument
        _answer_all(db, w, rid, student, {item.id: 4 for item in klimov.items})
        submit(db, school_id=w.school_id, student_id=student, response_id=rid, gettexts=same,
               base_url="")  # fmt: skip
        rid2 = _response(db, _send(db, w, "youth-risk"), student)
        _answer_all(db, w, rid2, student, YOUTH_QUIET)
        submit(db, school_id=w.school_id, student_id=student, response_id=rid2, gettexts=same,
               base_url="")  # fmt: skip
        db.commit()

        def keys(role: str, school: int = w.school_id) -> list[str]:
            found = results_for_student(db, school_id=school, student_id=student,
                                        viewer_role=role, actor=role)  # fmt: skip
            return [r.key for r in found]

        assert keys(PSYCHOLOGIST) == ["klimov", "youth-risk"]
        for role in (COUNSELLOR, SCHOOL_ADMIN, STUDENT, PARENT):
            assert keys(role) == ["klimov"]
        assert keys(TEACHER) == []
        assert keys(PSYCHOLOGIST, school=w.other_school_id) == []
        db.commit()
        audit = db.exec(select(AuditEntry).where(
            AuditEntry.action == "read_screening_results")).all()  # fmt: skip
        assert [(a.actor, a.entity) for a in audit] == [(PSYCHOLOGIST, f"student:{student}")]


def test_help_names_the_helplines_and_the_psychologists_office(store: tuple[str, School1]) -> None:
    url, w = store
    with Session(get_engine(url)) as db:
        set_contact(db, school_id=w.school_id, user_id=w.staff["psychologist"].id,
                    office="Room 204", phone="+7 700 000 00 00", hours="Mon–Fri 9–15")  # fmt: skip
        found = help_for_student(db, school_id=w.school_id)
        assert [number for number, _ in found.helplines] == ["150", "111", "112"]
        assert [(c.name, c.office) for c in found.contacts] == [
            ("Гүлнар Сапарова", "Room 204"),
            ("psy2", ""),
        ]
