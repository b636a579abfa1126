"""Certificates of completed courses: issued once, printed as a PDF, verified by a public code."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlmodel import Session, select

from lms.courses.library import Outline
from lms.courses.progress import share, states
from models.accounts import UserAccount
from models.i18n import N_, Message, message
from models.lms import Certificate
from models.pdf_fonts import FONT_BOLD, register_fonts
from models.school import School

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_code() -> str:
    """A verification code like SBQ-7KD2-M9XQ-4TPA (60 random bits)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "SBQ-" + "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def issue_certificate(
    db: Session, *, school_id: int, account: UserAccount, outline: Outline
) -> Certificate | None:
    """The student's certificate of the course, issued now if every step is passed.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        account: the student's account.
        outline: the course's current version.

    Returns:
        The certificate (the one issued before, if any), or None while steps remain.
    """
    course_id = outline.course.id or 0
    found = db.exec(
        select(Certificate).where(
            Certificate.user_id == account.id, Certificate.course_id == course_id
        )
    ).first()
    if found is not None:
        return found
    steps = outline.all_steps()
    done = share(steps, states(db, school_id=school_id, user_id=account.id or 0, outline=outline))
    if not steps or done.done < done.total:
        return None
    school = db.get(School, school_id)
    cert = Certificate(
        school_id=school_id,
        code=new_code(),
        user_id=account.id or 0,
        course_id=course_id,
        name=account.name,
        course_title=dict(outline.course.title),
        school_name=school.name if school else "",
        steps=len(steps),
    )
    db.add(cert)
    db.flush()
    return cert


def find_certificate(db: Session, *, code: str) -> Certificate | None:
    """A certificate by its public code (any school: the code is the secret)."""
    return db.exec(select(Certificate).where(Certificate.code == code.strip().upper())).first()


def title_in(titles: dict[str, str], lang: str) -> str:
    """A title in `lang`, else Russian, Kazakh, English, else any."""
    for choice in (lang, "ru", "kk", "en"):
        if titles.get(choice):
            return titles[choice]
    return next(iter(titles.values()), "")


def certificate_pdf(
    cert: Certificate, *, url: str, lang: str, translate: Callable[[Message], str]
) -> bytes:
    """The certificate as a one-page landscape A4 PDF with the verification URL and its QR code.

    Args:
        cert: the certificate.
        url: the public page that confirms it (`/certificates/<code>` on this server).
        lang: the language of the course title.
        translate: renders a Message in the reader's language.

    Returns:
        The PDF's bytes.
    """
    font = register_fonts()
    width, height = landscape(A4)
    out = io.BytesIO()
    pdf = Canvas(out, pagesize=(width, height))
    pdf.setTitle(translate(message(N_("Certificate"))) + f" {cert.code}")
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    middle = width / 2
    rows = [
        (FONT_BOLD, 34, height - 55 * mm, translate(message(N_("Certificate")))),
        (font, 15, height - 75 * mm, translate(message(N_("This certifies that")))),
        (FONT_BOLD, 26, height - 92 * mm, cert.name),
        (font, 15, height - 108 * mm, translate(message(N_("has completed the course")))),
        (FONT_BOLD, 20, height - 123 * mm, title_in(cert.course_title, lang)),
        (
            font,
            12,
            height - 138 * mm,
            translate(
                message(
                    N_("{steps} steps, {school}, {day}"),
                    steps=cert.steps,
                    school=cert.school_name,
                    day=cert.issued_at.strftime("%d.%m.%Y"),
                )
            ),
        ),
    ]
    for face, size, y, text in rows:
        pdf.setFont(face, size)
        pdf.drawCentredString(middle, y, text)
    pdf.setFont(font, 10)
    pdf.drawString(22 * mm, 30 * mm, translate(message(N_("Check it: {url}"), url=url)))
    pdf.drawString(22 * mm, 24 * mm, translate(message(N_("Code: {code}"), code=cert.code)))
    qr = QrCodeWidget(url)
    x1, y1, x2, y2 = qr.getBounds()
    side = 32 * mm
    drawing = Drawing(side, side, transform=[side / (x2 - x1), 0, 0, side / (y2 - y1), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width - 22 * mm - side, 18 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
