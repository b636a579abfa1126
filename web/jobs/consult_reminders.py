"""Reminders of guidance consultations, written on the scheduler's tick (every school with a
consultation in the next day), so a student is reminded even if nobody opens the page."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlmodel import col, select

from guidance.work.consult_views import send_reminders
from guidance.work.consultations import REMIND_BEFORE, Tell
from models.db import session_scope
from models.guidance_work import ACTIVE_STATUSES, Consultation, ConsultationSlot
from web.i18n import translator


def remind_consultations(url: str | None, now: datetime, timezone: tzinfo) -> int:
    """Writes the due reminders (each once: send_reminders keys them); returns schools looked at."""
    tell = Tell(lambda lang: translator(lang).gettext, timezone)
    with session_scope(url) as session:
        schools = session.exec(
            select(Consultation.school_id)
            .join(ConsultationSlot, col(ConsultationSlot.id) == col(Consultation.slot_id))
            .where(
                col(Consultation.status).in_(ACTIVE_STATUSES),
                col(ConsultationSlot.starts_at) > now,
                col(ConsultationSlot.starts_at) <= now + REMIND_BEFORE,
            )
            .distinct()
        ).all()
        for school_id in schools:
            send_reminders(session, school_id=school_id, tell=tell, now=now)
    return len(schools)
