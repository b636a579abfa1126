"""In real Chromium, issue 5's "Done when" walk on its own server with a job worker and SMTP.

The deputy (timetable staff, English) marks two teachers absent on the board's day (tomorrow),
plans the day and sees every proposal with its reason, changes one lesson to another teacher and
publishes. The substitute (Russian) sees the cover on their own timetable and confirms it, and
the notice e-mail reaches a local SMTP server; a student of the class (Kazakh) and a parent
(Russian) see the change on their timetables; the cover counters and the payroll report count it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

import pytest
from sqlmodel import Session, select

from models.db import dispose_engines, session_scope
from models.settings import get_settings
from tests.browser.conftest import LiveServer, OpenPage, Watched, fresh_store, log_in, serve
from tests.web.conftest import DemoStore
from tests.web.jobs_support import Inbox, smtp_server, wait_until
from web.demo_accounts import DEMO_PASSWORD
from web.services.substitutions_web import tomorrow

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SUBSTITUTE_PASSWORD = "cover-the-lesson-7"
MAIL_WAIT_S = 120.0  # a worker's mail thread polls every second; the machine is shared
SMTP_ENV = ("SABAQ_SMTP_HOST", "SABAQ_SMTP_PORT", "SABAQ_SMTP_STARTTLS", "SABAQ_SMTP_SENDER")


@contextmanager
def _store(store: DemoStore) -> Iterator[Session]:
    """A session on the walk's store from this process; this process's settings come back."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    os.environ.update(DATABASE_URL=store.url, SABAQ_DATA_DIR=str(store.data_dir))
    get_settings.cache_clear()
    try:
        with session_scope() as db:
            yield db
    finally:
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


@dataclass(frozen=True)
class Plan:
    """The day the deputy plans and who is away: a teacher of the demo student's class (their
    lesson with that class in `period`) and the busiest other teacher of the day."""

    day: date
    absent: tuple[str, str]  # teacher codes
    names: dict[str, str]  # teacher code -> name
    shift: str
    period: int
    label: str  # the class's lesson that period ("1А Математика")


def _choose_absences(store: DemoStore, day: date) -> Plan:
    from collections import Counter

    from models.accounts import UserAccount
    from models.classes import SchoolClass
    from models.people import Student
    from models.school_data import get_school
    from substitutions.store import load_day

    with _store(store) as db:
        school_id = get_school(db, code=store.school_code).id
        assert school_id is not None
        account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        student = db.get(Student, account.student_id)
        klass = db.get(SchoolClass, student.class_id if student else 0)
        assert klass is not None
        cp = load_day(db, school_id=school_id, day=day).problem
    class_id = next(c.id for c in cp.classes if c.code == klass.code)
    lesson = next(ls for ls in cp.lessons if ls.audience == ((class_id, None),))
    first = cp.teachers[lesson.teachers[0]].code
    load = Counter(cp.teachers[t].code for ls in cp.lessons for t in ls.teachers)
    second = next(code for code, _ in load.most_common() if code != first)
    shift, period = cp.slot_of(lesson.period)
    names = {t.code: t.name for t in cp.teachers}
    return Plan(day, (first, second), names, shift, period, lesson.label)


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Inbox]:
    """A real SMTP server, the platform's default one for the walk's server and its worker."""
    with smtp_server() as (port, inbox):
        saved = {k: os.environ.get(k) for k in SMTP_ENV}
        os.environ.update(SABAQ_SMTP_HOST="127.0.0.1", SABAQ_SMTP_PORT=str(port),
                          SABAQ_SMTP_STARTTLS="0", SABAQ_SMTP_SENDER="sabaq@mektep.kz")  # fmt: skip
        try:
            yield inbox
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


@pytest.fixture(scope="module")
def subs_server(tmp_path_factory: pytest.TempPathFactory, mailbox: Inbox) -> Iterator[LiveServer]:
    """A demo store of its own (this walk publishes covers), every teacher with an e-mail
    address, served with one job worker (which delivers e-mail and runs the scheduler)."""
    from models.people import Teacher

    store = fresh_store(tmp_path_factory.mktemp("browser-subs"))
    with _store(store) as db:
        for t in db.exec(select(Teacher)).all():
            t.email = f"{t.code.lower()}@mektep.kz"
            db.add(t)
    with serve(store, workers=1) as server:
        yield server


def _add_absence(watched: Watched, code: str, reason: str) -> None:
    page = watched.page
    form = page.locator("form.absence-form")
    if not form.is_visible():
        page.click("details.subs-add summary")
    form.locator("select[name=kind]").select_option("teacher")
    form.locator("select[name=teacher]").select_option(code)
    form.locator("input[name=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _post_button(watched: Watched, action: str) -> None:
    page = watched.page
    with page.expect_navigation():
        page.click(f"form[action='{action}'] button[type=submit]")


def _figures(watched: Watched) -> dict[str, str]:
    """The board's counts: "Lessons affected" -> "7", ..."""
    return watched.page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll("dl.subs-figures dt"))
             .map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]))"""
    )


def _rows(watched: Watched) -> list[dict[str, str]]:
    """The board's covers as the deputy reads them, with each row's Change link."""
    return watched.page.evaluate(
        """() => Array.from(document.querySelectorAll("table.subs-covers tbody tr")).map((tr) => {
             const td = tr.querySelectorAll("td");
             const link = tr.querySelector("a[href^='/substitutions/covers/']");
             return {period: td[0].textContent.trim(), lesson: td[1].textContent.trim(),
                     absent: td[2].textContent.trim(), answer: td[3].textContent.trim(),
                     reason: td[4].textContent.trim(), state: td[5].textContent.trim(),
                     href: link ? link.getAttribute("href") : ""};
           })"""
    )


def _deputy_plans(watched: Watched, plan: Plan) -> list[dict[str, str]]:
    page = watched.page
    log_in(watched, "timetable")
    page.goto("/substitutions")
    shown = page.locator("form.subs-day input[name=date]").input_value()
    assert shown == plan.day.isoformat()  # the board opens on tomorrow
    for code in plan.absent:
        _add_absence(watched, code, "ill")
    absences = page.locator("table.subs-absences tbody tr").all_inner_texts()
    assert [any(plan.names[c] in row for row in absences) for c in plan.absent] == [True, True]
    _post_button(watched, "/substitutions/plan")
    figures = _figures(watched)
    assert int(figures["Lessons affected"]) > 0 and figures["Double bookings"] == "0"
    rows = _rows(watched)
    affected = [r for r in rows if r["absent"] in {plan.names[c] for c in plan.absent}]
    assert len(affected) >= int(figures["Lessons affected"])
    assert all(r["reason"] for r in rows)  # every proposal explains itself
    assert any("free in period" in r["reason"] for r in affected), [r["reason"] for r in rows]
    return rows


def _deputy_changes(watched: Watched, plan: Plan, rows: list[dict[str, str]]) -> str:
    """Opens the class's lesson of the first absent teacher and picks another teacher for it;
    returns that teacher's name."""
    page = watched.page
    when = {f"period {plan.period}", f"period {plan.period} · shift {plan.shift}"}
    target = next(
        r for r in rows
        if r["absent"] == plan.names[plan.absent[0]] and r["period"] in when and r["href"]
    )  # fmt: skip
    page.goto(target["href"])
    options = page.locator("ol.subs-candidates li:not(.current):not(.clash)")
    chosen = None
    for i in range(options.count()):
        text = options.nth(i).locator("strong").inner_text().strip()
        for prefix in ("Cover by ", "Supervised study with "):
            if text.startswith(prefix) and options.nth(i).locator("button").is_enabled():
                chosen = (i, text.removeprefix(prefix))
                break
        if chosen:
            break
    assert chosen is not None, "no other teacher can take the lesson"
    index, name = chosen
    assert options.nth(index).locator(".reason").inner_text().strip()  # it says why
    with page.expect_navigation():
        options.nth(index).locator("button").click()
    assert "Changed and locked" in page.locator(".flash").first.inner_text()
    changed = next(r for r in _rows(watched) if r["href"] == target["href"] or (
        r["period"] == target["period"] and r["lesson"] == target["lesson"]))  # fmt: skip
    assert name in changed["answer"] and "locked" in changed["state"]
    return name


def _account_for(store: DemoStore, name: str) -> str:
    """The substitute's login: the demo teacher's, or a new account for the chosen teacher."""
    from models.account_services import create_account
    from models.accounts import TEACHER, UserAccount
    from models.people import Teacher

    with _store(store) as db:
        teacher = db.exec(select(Teacher).where(Teacher.name == name)).one()
        existing = db.exec(select(UserAccount).where(UserAccount.teacher_id == teacher.id)).first()
        if existing is not None:
            return existing.login
        create_account(
            db, school_id=teacher.school_id, login="substitute", name=name, role=TEACHER,
            password=SUBSTITUTE_PASSWORD, email=teacher.email, language="ru",
            teacher_id=teacher.id,
        )  # fmt: skip
        return "substitute"


def _sees_change(watched: Watched, day: date, *texts: str) -> str:
    """The person's own week holding `day` lists the change (and marks it in the grid)."""
    page = watched.page
    page.goto(f"/my/timetable?view=week&on={day.isoformat()}")
    changes = page.locator(".subs-changes").all_inner_texts()
    assert changes, "no changes shown"
    joined = "\n".join(changes)
    for text in texts:
        assert text in joined, (text, joined)
    assert page.locator("table.tt .lesson.change").count() >= 1  # marked in its cell
    return joined


def _mail_to(inbox: Inbox, address: str) -> list[EmailMessage]:
    return [m for m in inbox.received() if m["To"] == address]


def test_absences_to_published_cover_seen_by_everyone(
    subs_server: LiveServer, open_page: OpenPage, mailbox: Inbox
) -> None:
    store = subs_server.store
    plan = _choose_absences(store, tomorrow())
    deputy = open_page(server=subs_server)
    rows = _deputy_plans(deputy, plan)
    substitute = _deputy_changes(deputy, plan, rows)
    login = _account_for(store, substitute)
    _post_button(deputy, "/substitutions/publish")
    flash = deputy.page.locator(".flash").first.inner_text()
    assert "Published as revision 1" in flash, flash
    assert "published, revision 1" in deputy.page.locator("h2 .badge").first.inner_text()
    assert deputy.problems() == []

    teacher = open_page(server=subs_server, locale="ru-RU")
    log_in(teacher, login, SUBSTITUTE_PASSWORD if login == "substitute" else DEMO_PASSWORD)
    absent = plan.names[plan.absent[0]]
    _sees_change(teacher, plan.day, plan.label, absent)
    with teacher.page.expect_navigation():
        teacher.page.locator(".subs-changes form[action^='/my/covers/'] button").first.click()
    assert teacher.page.locator(".subs-changes .badge.ok").count() >= 1  # confirmed as seen
    assert teacher.problems() == []

    with _store(store) as db:
        from models.people import Teacher

        address = db.exec(select(Teacher.email).where(Teacher.name == substitute)).one()
        account_mail = _account_email(db, login)
    to = account_mail or address
    assert wait_until(lambda: bool(_mail_to(mailbox, to)), timeout=MAIL_WAIT_S), to
    mail = _mail_to(mailbox, to)[0]
    body = mail.get_content()
    assert substitute in body and plan.label in body  # in the reader's language (Russian)

    for who, locale in (("student", "kk-KZ"), ("parent", "ru-RU")):
        person = open_page(server=subs_server, locale=locale)
        log_in(person, who)
        _sees_change(person, plan.day, plan.label)
        assert person.problems() == []

    deputy.page.goto(f"/substitutions/counters?on={plan.day.isoformat()}")
    counts = deputy.page.locator("table.subs-counts tbody tr").all_inner_texts()
    assert any(substitute in row for row in counts), counts
    payroll = deputy.page.locator("table.subs-payroll tbody").inner_text()
    assert substitute in payroll and absent in payroll
    assert deputy.problems() == []


def _account_email(db: Session, login: str) -> str:
    from models.accounts import UserAccount

    account = db.exec(select(UserAccount).where(UserAccount.login == login)).one()
    return account.email if "@" in account.email else ""
