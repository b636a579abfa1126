"""Report cards (табель): a student's term and year marks and attendance, one A4 page each.

The PDF is written in the language the caller's `translate` renders (the pages pass the school's
language), with the vendored DejaVu font so Kazakh and Russian names print. The class teacher's
name is printed (the class's `class_teacher_id`); a class without one leaves a line to sign.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from sqlmodel import Session, col, select

from journal.assessment import mark_text
from journal.errors import JournalNotFound
from journal.grades_terms import school_year, year_period, year_terms
from journal.reports.attendance import Tally, attendance_report
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, Message, message
from models.journal import FinalGrade
from models.pdf_fonts import FONT_BOLD, register_fonts
from models.people import Student, Teacher
from models.school import School

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class CardRow:
    """A subject's marks: one per term (in calendar order, "" for none) and the year's."""

    subject: str
    terms: tuple[str, ...]
    year: str


@dataclass(frozen=True, slots=True)
class Card:
    """One student's report card."""

    student_id: int
    student: str
    rows: tuple[CardRow, ...]
    attendance: tuple[Tally, ...]  # per term
    total: Tally  # the year


@dataclass(frozen=True, slots=True)
class CardSet:
    """The report cards of a class (or one student) for an academic year."""

    school: str
    city: str
    class_code: str
    year: str
    terms: tuple[str, ...]
    class_teacher: str
    cards: tuple[Card, ...]


def report_cards(
    session: Session,
    *,
    school_id: int,
    class_id: int,
    academic_year_id: int,
    student_id: int | None = None,
    class_teacher: str | None = None,
    sort_key: Callable[[str], Any] = str.casefold,
) -> CardSet:
    """The report cards of a class's students (or of one of them) for a year.

    Args:
        session: an open session.
        school_id: the school.
        class_id: the class (of this school).
        academic_year_id: the year (of this school).
        student_id: only this student of the class.
        class_teacher: the name to print as the class teacher's; None: the class's class
            teacher from the store ("" or a class without one leaves a line to sign).
        sort_key: how names sort.

    Returns:
        The cards by student name; subjects by name; marks in force (overrides win).

    Raises:
        JournalNotFound: no such class, year, or student in the class.
    """
    klass = session.get(SchoolClass, class_id)
    school = session.get(School, school_id)
    if klass is None or klass.school_id != school_id or school is None:
        raise JournalNotFound("class_not_found", [message(N_("There is no such class."))])
    if class_teacher is None:
        class_teacher = _class_teacher(session, school_id, klass.class_teacher_id)
    year = school_year(session, school_id=school_id, academic_year_id=academic_year_id)
    terms = year_terms(session, school_id=school_id, academic_year_id=academic_year_id)
    query = select(Student).where(
        Student.school_id == school_id, Student.class_id == class_id,
        col(Student.deleted_at).is_(None),
    )  # fmt: skip
    if student_id is not None:
        query = query.where(Student.id == student_id)
    students = sorted(session.exec(query).all(), key=lambda s: (sort_key(s.name), s.id or 0))
    if student_id is not None and not students:
        what = N_("There is no such student in this class.")
        raise JournalNotFound("student_not_found", [message(what)])
    terms_ = [t.name for t in terms]
    periods = [*terms_, year_period(year)]
    marks, names = _marks(session, school_id, [s.id or 0 for s in students], periods)
    tallies = [
        attendance_report(
            session,
            school_id=school_id,
            start=t.starts_on,
            end=t.ends_on,
            class_ids=[class_id],
            weeks=False,
        )
        for t in terms
    ]
    cards = []
    for s in students:
        sid = s.id or 0
        own = marks.get(sid, {})
        rows = tuple(
            CardRow(names[subject], tuple(by.get(p, "") for p in terms_), by.get(periods[-1], ""))
            for subject, by in sorted(own.items(), key=lambda i: sort_key(names[i[0]]))
        )
        per_term = tuple(_tally_of(r, sid) for r in tallies)
        cards.append(Card(sid, s.name, rows, per_term, _total(per_term)))
    return CardSet(school.name, school.city, klass.code, year.name, tuple(t.name for t in terms),
                   class_teacher, tuple(cards))  # fmt: skip


def _class_teacher(session: Session, school_id: int, teacher_id: int | None) -> str:
    teacher = session.get(Teacher, teacher_id) if teacher_id is not None else None
    if teacher is None or teacher.school_id != school_id or teacher.deleted_at is not None:
        return ""
    return teacher.name


def _tally_of(report: Any, student_id: int) -> Tally:
    line = report.student(student_id)
    return line.tally if line is not None else Tally()


def _total(tallies: tuple[Tally, ...]) -> Tally:
    return Tally(*(sum(getattr(t, f) for t in tallies) for f in
                   ("lessons", "absent", "excused", "late", "late_minutes")))  # fmt: skip


def _marks(
    session: Session, school_id: int, student_ids: list[int], periods: list[str]
) -> tuple[dict[int, dict[int, dict[str, str]]], dict[int, str]]:
    """Student -> subject -> period -> mark in force; and the subjects' names."""
    out: dict[int, dict[int, dict[str, str]]] = {}
    if not student_ids:
        return out, {}
    rows = session.exec(
        select(FinalGrade).where(
            FinalGrade.school_id == school_id, col(FinalGrade.student_id).in_(student_ids),
            col(FinalGrade.period).in_(periods),
        )
    ).all()  # fmt: skip
    for row in rows:
        mark = row.override_mark or row.mark
        if mark:
            out.setdefault(row.student_id, {}).setdefault(row.subject_id, {})[row.period] = mark
    ids = {subject for by in out.values() for subject in by}
    names = dict(
        session.exec(select(Subject.id, Subject.name).where(col(Subject.id).in_(ids))).all()
    ) if ids else {}  # fmt: skip
    return out, {i or 0: n for i, n in names.items()}


def _t(value: Message | str, translate: Translate) -> str:
    return value.render(translate) if isinstance(value, Message) else value


def _mark(mark: str, translate: Translate) -> str:
    return _t(mark_text(mark), translate) if mark else ""


def cards_pdf(cards: CardSet, *, translate: Translate | None = None, issued: date) -> bytes:
    """The report cards as a PDF: one A4 page per student.

    Args:
        cards: what `report_cards` read.
        translate: the language of the card (the school's), msgid -> text.
        issued: the date printed as the card's date of issue.

    Returns:
        The PDF document.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    t = translate or _same
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=t(N_("Report card")), author=cards.school,
    )  # fmt: skip
    story: list[Any] = []
    for i, card in enumerate(cards.cards):
        if i:
            story.append(PageBreak())
        story += _page(cards, card, t, issued)
    if not story:
        story += _empty(cards, t)
    doc.build(story)
    return out.getvalue()


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    font = register_fonts()
    return {
        "school": ParagraphStyle("school", fontName=font, fontSize=10, leading=13),
        "title": ParagraphStyle(
            "title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=6, spaceAfter=6
        ),
        "text": ParagraphStyle("text", fontName=font, fontSize=11, leading=15),
        "head": ParagraphStyle(
            "head", fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4
        ),
    }


def _table(rows: list[list[str]], widths: list[float]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3F2FD")),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])  # fmt: skip
    return Table(rows, colWidths=widths, style=style, repeatRows=1, hAlign="LEFT")


def _page(cards: CardSet, card: Card, t: Translate, issued: date) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    s = _styles()
    lines = [
        message(N_("Student: {name}"), name=card.student),
        message(N_("Class: {code}"), code=cards.class_code),
        message(N_("Academic year: {year}"), year=cards.year),
    ]
    head = [
        Paragraph(escape(", ".join(x for x in (cards.school, cards.city) if x)), s["school"]),
        Paragraph(escape(t(N_("Report card"))), s["title"]),
        *[Paragraph(escape(line.render(t)), s["text"]) for line in lines],
        Paragraph(escape(t(N_("Marks"))), s["head"]),
    ]
    n = len(cards.terms)
    grid = [[t(N_("Subject")), *cards.terms, t(N_("Year"))]]
    grid += [[r.subject, *(_mark(m, t) for m in r.terms), _mark(r.year, t)] for r in card.rows]
    if not card.rows:
        grid.append([t(N_("No marks yet.")), *[""] * (n + 1)])
    wide = 180 * mm - (n + 1) * 22 * mm
    heads = (N_("Term"), N_("Lessons"), N_("Missed"), N_("of them excused"), N_("Late"))
    attendance = [[t(h) for h in heads]]
    periods = [*zip(cards.terms, card.attendance, strict=True), (t(N_("Year")), card.total)]
    for name, tally in periods:
        counts = (tally.lessons, tally.missed, tally.excused, tally.late)
        attendance.append([name, *(str(n) for n in counts)])
    teacher = cards.class_teacher or "_" * 24
    signs = [
        message(N_("Class teacher: {name}"), name=teacher).render(t),
        message(N_("Parent or guardian: {line}"), line="_" * 24).render(t),
        message(N_("Issued on {day}"), day=issued.strftime("%d.%m.%Y")).render(t),
    ]
    return [
        *head,
        _table(grid, [wide, *[22 * mm] * (n + 1)]),
        Paragraph(escape(t(N_("Attendance"))), s["head"]),
        _table(attendance, [40 * mm, 30 * mm, 30 * mm, 40 * mm, 30 * mm]),
        Spacer(1, 10 * mm),
        *[Paragraph(escape(line), s["text"]) for line in signs],
    ]


def _empty(cards: CardSet, t: Translate) -> list[Any]:
    from reportlab.platypus import Paragraph

    s = _styles()
    what = message(N_("Class {code} has no students."), code=cards.class_code).render(t)
    return [Paragraph(escape(t(N_("Report card"))), s["title"]), Paragraph(escape(what), s["text"])]
