"""Badges in the student's pages: awarded after what the student did, told in a flash and a
notice, shown on "My courses" and on a course's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Request
from sqlmodel import Session

from lms.courses.badges import BADGES, Badge, award_badges, badge_key, earned
from models.db import session_scope
from web.i18n import translator
from web.pages import flash, tr
from web.scheduler import schedule_settings


def texts(language: str) -> Callable[[str], str]:
    """A reader's language -> its gettext, for the badge notices."""
    return translator(language).gettext


def award_now(
    request: Request[Any, Any, Any], db: Session, school_id: int, user_id: int, course_id: int
) -> list[Badge]:
    """Awards the badges the student has just reached (in the caller's transaction) and says
    so on the next page."""
    new = award_badges(
        db,
        school_id=school_id,
        user_id=user_id,
        course_ids=[course_id] if course_id else [],
        tz=schedule_settings().timezone,
        texts=texts,
    )
    for badge in new:
        flash(request, tr(request, "New badge: %(badge)s") % {"badge": tr(request, badge.title)})
    return new


@dataclass(frozen=True, slots=True)
class Shown:
    """A badge on a page: earned (with when) or still to earn."""

    badge: Badge
    at: datetime | None


def shown_badges(db: Session, *, user_id: int, course_id: int | None = None) -> list[Shown]:
    """Every badge, earned first: of no course, or of this course when `course_id` is given."""
    got = {a.key: a.awarded_at for a in earned(db, user_id=user_id)}
    wanted = [b for b in BADGES if b.per_course == (course_id is not None)]
    rows = [Shown(b, got.get(badge_key(b, course_id))) for b in wanted]
    return sorted(rows, key=lambda s: s.at is None)


def catch_up(request: Request[Any, Any, Any], school_id: int, user_id: int, due: bool) -> None:
    """Badges reached outside the courses (a task solved in practice): awarded when the
    student opens their courses, in a short write of its own (only when one is due)."""
    if not due:
        return
    with session_scope() as db:
        award_now(request, db, school_id, user_id, 0)
