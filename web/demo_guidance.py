"""The demo's guidance work: consultation times of the demo counsellor and psychologist, this
school year's programme (from our template, the months gone by ticked off), a few news items
and materials, a 9А student with a login and ФО marks in 9А, so the profile path can be tried
end to end (the demo student is in grade 2; guidance works with grades 5-11)."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from guidance.screening.help import set_contact
from guidance.work.consult_slots import publish_weekly
from guidance.work.library import NewsDraft, add_link, add_news
from guidance.work.programme import copy_template, month_day, school_year, set_done, year_items
from journal.grades import create_assessment, set_grade
from models.account_services import create_account
from models.accounts import COUNSELLOR, PSYCHOLOGIST, STUDENT, UserAccount
from models.classes import SchoolClass
from models.curriculum import Subject
from models.people import Student
from models.school import School, Term
from web.demo_accounts import DEMO_PASSWORD, DemoLogin
from web.i18n import translator
from web.scheduler import schedule_settings

NINE_A_LOGIN = "student-9a"  # the same login the questionnaire tests give a 9А student
MARKED = ("Алгебра", "Геометрия", "Физика", "Информатика", "Қазақстан тарихы", "Ағылшын тілі")
NEWS: tuple[tuple[str, str, str, str, tuple[int, ...]], ...] = (
    ("unt", "ҰБТ-2027: тіркеу мерзімдері", "Негізгі ҰБТ-ға өтініш беру мерзімдері мен "
     "тест құрылымын Ұлттық тестілеу орталығының сайтынан тексеріңіз: 140 балл, үш міндетті "
     "және екі бейіндік пән.", "https://testcenter.kz", (11,)),
    ("universities", "Назарбаев Университеті: NUET-ке дайындық", "NUET сыни ойлау мен "
     "математика бөлімдерінен тұрады; ерте қабылдау мерзімдерін алдын ала қараңыз.",
     "https://nu.edu.kz", (10, 11)),
    ("professions", "IT-мамандықтар: бағдарламашы, деректер талдаушысы", "Кәсіптер атласынан "
     "бұл мамандықтардың міндеттері мен қажетті пәндерін оқыңыз.", "", ()),
    ("labour_market", "Еңбек нарығы: қай мамандықтарға сұраныс жоғары", "Электронды еңбек "
     "биржасындағы бос орындар бойынша шолу.", "https://www.enbek.kz", (9, 10, 11)),
)  # fmt: skip
MATERIALS: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("ҰБТ спецификациясы мен демо-нұсқалар", "career", "https://testcenter.kz", (10, 11)),
    ("Кәсіптер атласы (enbek.kz)", "career", "https://www.enbek.kz", ()),
    ("Психологиялық-педагогикалық қолдау ережелері (№ 377 бұйрық)", "psychology",
     "https://adilet.zan.kz", ()),
)  # fmt: skip


def create_demo_guidance(session: Session, *, school_id: int, today: date) -> list[DemoLogin]:
    """Everything above, for the demo school (called once on a fresh demo store); returns the
    login it adds (a 9А student, for the guidance path), so the demo prints it with the others."""
    staff = {
        a.login: a
        for a in session.exec(select(UserAccount).where(UserAccount.school_id == school_id)).all()
    }
    _slots(session, school_id, staff, today)
    for login, office in (("psychologist", "204 кабинет, 2-қабат / кабинет 204, 2 этаж"),
                          ("counsellor", "210 кабинет / кабинет 210")):  # fmt: skip
        if login in staff:  # what the help box after a screening shows besides the name
            set_contact(session, school_id=school_id, user_id=staff[login].id or 0, office=office,
                        phone="+7 727 000 00 00", hours="Дс–Жм / Пн–Пт 9:00–15:00")  # fmt: skip
    _programme(session, school_id, today, staff["counsellor"].id or 0)
    counsellor = staff["counsellor"].id or 0
    for n, (topic, title, body, link, grades) in enumerate(NEWS):
        draft = NewsDraft(topic, title, body, link, grades, today - timedelta(days=3 * n))
        add_news(session, school_id=school_id, user_id=counsellor, draft=draft)
    for title, track, url, grades in MATERIALS:
        add_link(session, school_id=school_id, title=title, track=track, grades=grades, url=url,
                 description="", user_id=counsellor)  # fmt: skip
    nine = session.exec(
        select(SchoolClass).where(SchoolClass.school_id == school_id, SchoolClass.code == "9А")
    ).first()
    if nine is None or nine.id is None:
        return []
    _marks(session, school_id, nine.id, _term_day(session, school_id, today))
    return _nine_a_login(session, school_id, nine.id, staff)


def _slots(session: Session, school_id: int, staff: dict[str, UserAccount], today: date) -> None:
    tz = schedule_settings().timezone
    for login, role, days, times in (
        ("counsellor", COUNSELLOR, (1, 3), (time(14, 0), time(14, 30), time(15, 0))),
        ("psychologist", PSYCHOLOGIST, (0, 2, 4), (time(13, 30), time(14, 0), time(14, 30))),
    ):
        account = staff.get(login)
        if account is not None and account.id is not None:
            publish_weekly(session, school_id=school_id, specialist_id=account.id, role=role,
                           first_day=today + timedelta(days=1), weeks=3, weekdays=days,
                           times=times, minutes=30, place="204", tz=tz)  # fmt: skip


def _programme(session: Session, school_id: int, today: date, user_id: int) -> None:
    school = session.get(School, school_id)
    year = school_year(today)
    copy_template(session, school_id=school_id, year=year,
                  translate=translator(school.language if school else "kk").gettext)  # fmt: skip
    for item in year_items(session, school_id=school_id, year=year):
        first = month_day(year, item.month)
        # the months gone by: most events held, one in four left open (overdue)
        if first < today.replace(day=1) and (item.id or 0) % 4:
            set_done(session, school_id=school_id, item_id=item.id or 0, done=True,
                     user_id=user_id)  # fmt: skip


def _nine_a_login(
    session: Session, school_id: int, class_id: int, staff: dict[str, UserAccount]
) -> list[DemoLogin]:
    if NINE_A_LOGIN in staff:
        return []
    first = session.exec(
        select(Student)
        .where(Student.class_id == class_id, col(Student.deleted_at).is_(None))
        .order_by(col(Student.name))
    ).first()
    if first is not None:
        create_account(session, school_id=school_id, login=NINE_A_LOGIN, name=first.name,
                       role=STUDENT, password=DEMO_PASSWORD, student_id=first.id,
                       email=f"{NINE_A_LOGIN}@demo.sabaq.kz")  # fmt: skip
        return [DemoLogin(STUDENT, NINE_A_LOGIN, f"{first.name} (9А)")]
    return []


def _term_day(session: Session, school_id: int, today: date) -> date:
    """Today if a term holds it, else the nearest term day before it (or the first term's)."""
    terms = session.exec(
        select(Term).where(Term.school_id == school_id).order_by(col(Term.starts_on))
    ).all()
    for term in terms:
        if term.starts_on <= today <= term.ends_on:
            return today
    before = [t for t in terms if t.ends_on < today]
    return before[-1].ends_on if before else (terms[0].starts_on if terms else today)


def _marks(session: Session, school_id: int, class_id: int, day: date) -> None:
    """ФО marks (out of 10) for every 9А student in a few subjects, varied by student."""
    subjects = session.exec(
        select(Subject).where(Subject.school_id == school_id, col(Subject.name).in_(MARKED))
    ).all()
    students = session.exec(
        select(Student).where(Student.class_id == class_id, col(Student.deleted_at).is_(None))
    ).all()
    for n, subject in enumerate(subjects):
        assessment = create_assessment(
            session, school_id=school_id, class_id=class_id, subject_id=subject.id or 0,
            kind="fo", day=day, actor="demo", title="ФО",
        )  # fmt: skip
        for student in students:
            value = 5 + ((student.id or 0) * 3 + n * 5) % 6  # 5..10
            set_grade(session, school_id=school_id, assessment_id=assessment.id or 0,
                      student_id=student.id or 0, value=value, actor="demo")  # fmt: skip
