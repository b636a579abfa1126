"""The demo school's website: news in three languages with photos, the notice board, events,
an album with pupils' photos (one consented, one not), documents, contacts and staff.

Photos are drawn with Pillow and the charter PDF with reportlab, so the demo needs no files.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from sqlmodel import Session, col, select

from models.accounts import PARENT, TEACHER, UserAccount
from models.base import utcnow
from models.people import Guardianship, Parent, Student, Teacher
from models.school import School
from models.website import ANNOUNCEMENT, NEWS
from models.website_consent import record_consent
from models.website_items import EventForm, PostForm, save_album, save_event, save_post
from models.website_items import set_published as publish
from models.website_media import Upload, add_document, add_photos, save_photo
from models.website_settings import ContactsForm, add_staff, save_contacts, set_site_editor
from web.services.website_views import school_zone

ACTOR = "director"
NEWS_ITEMS = [
    (
        {
            "kk": (
                "Мектепте робототехника кабинеті ашылды",
                "Жаңа кабинетте 12 жұмыс орны, 3D-принтер және Arduino жинақтары бар.",
            ),
            "ru": (
                "В школе открылся кабинет робототехники",
                "В новом кабинете 12 рабочих мест, 3D-принтер и наборы Arduino.",
            ),
            "en": (
                "Our new robotics room is open",
                "The new room has 12 workplaces, a 3D printer and Arduino kits.",
            ),
        },
        2,
        3,
    ),
    (
        {
            "kk": (
                "Аудандық математика олимпиадасының қорытындысы",
                "Оқушыларымыз үш жүлделі орын алды. Құттықтаймыз!",
            ),
            "ru": (
                "Итоги районной олимпиады по математике",
                "Наши ученики заняли три призовых места. Поздравляем!",
            ),
            "en": (
                "District mathematics olympiad results",
                "Our students won three prizes. Congratulations!",
            ),
        },
        1,
        8,
    ),
    (
        {
            "ru": (
                "Меню школьной столовой на неделю",
                "Меню на эту неделю вывешено в столовой и в разделе «Документы».",
            )
        },
        0,
        1,
    ),
]
BODY = {
    "kk": "Толығырақ ақпаратты **сынып жетекшісінен** алуға болады.\n\n- 1 қабат\n- 215 кабинет",
    "ru": "Подробности можно узнать у **классного руководителя**.\n\n- 1 этаж\n- кабинет 215",
    "en": "Ask your **class teacher** for details.\n\n- ground floor\n- room 215",
}


def demo_photo(seed: int, width: int = 1200, height: int = 800) -> bytes:
    """A colourful picture (no people) made with Pillow, as a JPEG."""
    image = Image.new("RGB", (width, height), (30 + seed * 40 % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    for n in range(8):
        x, y = (seed * 97 + n * 151) % width, (seed * 53 + n * 89) % height
        r = 60 + (n * 37 + seed * 11) % 140
        draw.ellipse((x - r, y - r, x + r, y + r), fill=((n * 60) % 255, 200 - n * 20, 80 + n * 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _charter_pdf(name: str) -> bytes:
    from reportlab.pdfgen import canvas

    from models.pdf_fonts import register_fonts

    font = register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont(font, 16)
    pdf.drawString(72, 760, f"{name} — Жарғы / Устав")
    pdf.setFont(font, 11)
    pdf.drawString(72, 730, "Мектептің жарғысы: оқу, тәрбие және ата-анамен жұмыс.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _texts(pairs: dict[str, tuple[str, str]], with_body: bool = True) -> dict[str, dict[str, str]]:
    return {
        lang: {"title": title, "summary": summary, "body": BODY[lang] if with_body else ""}
        for lang, (title, summary) in pairs.items()
    }


def _posts(db: Session, school_id: int, root: Path, now: datetime) -> None:
    for n, (pairs, photos, days_ago) in enumerate(NEWS_ITEMS):
        post = save_post(
            db, school_id=school_id, actor=ACTOR, form=PostForm(kind=NEWS, texts=_texts(pairs))
        )
        if photos:
            uploads = [Upload(f"{n}-{k}.jpg", demo_photo(n * 3 + k)) for k in range(photos)]
            add_photos(
                db, school_id=school_id, actor=ACTOR, root=root, uploads=uploads, post_id=post.id
            )
        publish(
            db,
            school_id=school_id,
            actor=ACTOR,
            kind="post",
            item_id=post.id or 0,
            published=True,
            at=now - timedelta(days=days_ago),
        )
    notices = [
        (
            {
                "kk": ("Ата-аналар жиналысы 5 желтоқсанда", "Сағат 18:00-де, акт залында."),
                "ru": ("Родительское собрание 5 декабря", "В 18:00, в актовом зале."),
                "en": ("Parents' meeting on 5 December", "At 18:00 in the assembly hall."),
            },
            True,
        ),
        (
            {
                "kk": ("Кітапханада кітап алмасу", "Оқылған кітаптарды әкеліңіздер."),
                "ru": ("Обмен книгами в библиотеке", "Приносите прочитанные книги."),
            },
            False,
        ),
    ]
    for pairs, pinned in notices:
        form = PostForm(
            kind=ANNOUNCEMENT,
            texts=_texts(pairs, with_body=False),
            pinned=pinned,
            show_until=now.date() + timedelta(days=30),
        )
        post = save_post(db, school_id=school_id, actor=ACTOR, form=form)
        publish(
            db,
            school_id=school_id,
            actor=ACTOR,
            kind="post",
            item_id=post.id or 0,
            published=True,
            at=now - timedelta(hours=3),
        )


def _events(db: Session, school_id: int, today: date) -> None:
    events = [
        (
            3,
            "18:00",
            "19:30",
            {"kk": "Ата-аналар жиналысы", "ru": "Родительское собрание", "en": "Parents' meeting"},
            "Акт залы / Актовый зал",
        ),
        (10, "", "", {"kk": "Спорт күні", "ru": "День спорта", "en": "Sports day"}, "Стадион"),
        (
            24,
            "11:00",
            "13:00",
            {"kk": "Жаңа жыл концерті", "ru": "Новогодний концерт", "en": "New Year concert"},
            "Акт залы / Актовый зал",
        ),
    ]
    for days, start, end, titles, place in events:
        texts = {lang: {"title": t, "place": place} for lang, t in titles.items()}
        row = save_event(
            db,
            school_id=school_id,
            actor=ACTOR,
            form=EventForm(
                texts=texts, starts_on=today + timedelta(days=days), starts_at=start, ends_at=end
            ),
        )
        publish(
            db, school_id=school_id, actor=ACTOR, kind="event", item_id=row.id or 0, published=True
        )


def _album(db: Session, school_id: int, root: Path, today: date) -> None:
    titles = {"kk": "Күзгі бал", "ru": "Осенний бал", "en": "Autumn ball"}
    album = save_album(
        db,
        school_id=school_id,
        actor=ACTOR,
        texts={lang: {"title": t} for lang, t in titles.items()},
        taken_on=today - timedelta(days=20),
    )
    uploads = [Upload(f"ball-{k}.jpg", demo_photo(20 + k)) for k in range(4)]
    photos = add_photos(
        db, school_id=school_id, actor=ACTOR, root=root, uploads=uploads, album_id=album.id
    ).added
    publish(
        db, school_id=school_id, actor=ACTOR, kind="album", item_id=album.id or 0, published=True
    )
    # the child of the demo parent's login, so that parent sees the consent they gave
    account = db.exec(
        select(UserAccount).where(UserAccount.school_id == school_id, UserAccount.role == PARENT)
    ).first()
    query = select(Guardianship).where(Guardianship.school_id == school_id)
    if account is not None and account.parent_id is not None:
        query = query.where(Guardianship.parent_id == account.parent_id)
    link = db.exec(query.order_by(col(Guardianship.id))).first()
    if link is None:
        return
    child, parent = db.get(Student, link.student_id), db.get(Parent, link.parent_id)
    classmate = (
        db.exec(
            select(Student).where(
                Student.school_id == school_id,
                Student.class_id == child.class_id,
                col(Student.id) != link.student_id,
            )
        ).first()
        if child
        else None
    )
    if child is None or parent is None or classmate is None:
        return
    record_consent(
        db,
        school_id=school_id,
        actor=ACTOR,
        student_id=link.student_id,
        given_by=parent.name,
        parent_id=parent.id,
        given_on=today - timedelta(days=30),
        note="Қағаз нұсқасы / Бумажный бланк: 1-папка",
    )
    # one photo of the consented child (shown), one with a classmate too (hidden: no consent)
    caption = {"kk": "Сынып бал кешінде", "ru": "Класс на балу", "en": "The class at the ball"}
    both = [link.student_id, classmate.id or 0]
    for photo, pupils in ((photos[2], [link.student_id]), (photos[3], both)):
        save_photo(
            db,
            school_id=school_id,
            actor=ACTOR,
            photo_id=photo.id or 0,
            captions=caption,
            shows_pupils=True,
            student_ids=pupils,
        )


def _contacts(db: Session, school_id: int, root: Path, name: str) -> None:
    texts = {
        "kk": {
            "address": "Алматы қ., Абай даңғылы, 10",
            "hours": "Дс–Жм 8:00–18:00",
            "about": "Біздің мектеп — **1965** жылдан бері білім ордасы.",
        },
        "ru": {
            "address": "г. Алматы, проспект Абая, 10",
            "hours": "Пн–Пт 8:00–18:00",
            "about": "Наша школа учит детей с **1965** года.",
        },
        "en": {
            "address": "10 Abai Avenue, Almaty",
            "hours": "Mon–Fri 8:00–18:00",
            "about": "Our school has been teaching since **1965**.",
        },
    }
    save_contacts(
        db,
        school_id=school_id,
        actor=ACTOR,
        form=ContactsForm(
            texts=texts,
            phones="+7 727 000 00 00, +7 727 000 00 01",
            email="info@demo.sabaq.kz",
            map_url="https://www.openstreetmap.org/?mlat=43.238&mlon=76.945#map=17/43.238/76.945",
            show_timetable=True,
        ),
    )
    director = {"kk": {"role": "Директор"}, "ru": {"role": "Директор"}, "en": {"role": "Principal"}}
    add_staff(
        db,
        school_id=school_id,
        actor=ACTOR,
        name="Сәуле Жақыпова",
        roles=director,
        phone="+7 727 000 00 00",
    )
    teacher = db.exec(select(Teacher).where(Teacher.school_id == school_id)).first()
    if teacher is not None:
        deputy = {
            "kk": {"role": "Оқу ісінің меңгерушісі"},
            "ru": {"role": "Завуч"},
            "en": {"role": "Deputy head (studies)"},
        }
        add_staff(
            db,
            school_id=school_id,
            actor=ACTOR,
            name="",
            roles=deputy,
            teacher_id=teacher.id,
            email=teacher.email,
        )
    titles = {
        "kk": {"title": "Мектеп жарғысы"},
        "ru": {"title": "Устав школы"},
        "en": {"title": "School charter"},
    }
    add_document(
        db,
        school_id=school_id,
        actor=ACTOR,
        root=root,
        titles=titles,
        upload=Upload("charter.pdf", _charter_pdf(name)),
    )


def create_demo_site(session: Session, *, school_id: int, root: Path) -> None:
    """Fills the demo school's website; the demo teacher may edit it too.

    Args:
        session: an open session (the caller commits).
        school_id: the demo school.
        root: the data directory (photos and documents are written there).
    """
    now = utcnow()
    today = now.astimezone(school_zone()).date()
    school = session.get(School, school_id)
    _contacts(session, school_id, root, school.name if school else "")
    _events(session, school_id, today)
    _album(session, school_id, root, today)
    _posts(session, school_id, root, now)
    teacher = session.exec(
        select(UserAccount).where(UserAccount.school_id == school_id, UserAccount.role == TEACHER)
    ).first()
    if teacher is not None and teacher.id is not None:
        set_site_editor(
            session, school_id=school_id, actor=ACTOR, account_id=teacher.id, allowed=True
        )
