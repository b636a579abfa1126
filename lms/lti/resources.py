"""What a resource link opens (a judge task, a course or a lesson) and its AGS line item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from lms.lti import claims as C
from lms.lti.errors import N_, refuse
from lms.lti.launch import Launch
from models.base import utcnow
from models.judge import JudgeTask
from models.lms import Course, CourseLesson
from models.lti import LINK_COURSE, LINK_KINDS, LINK_LESSON, LINK_TASK, LtiResourceLink

PATHS = {LINK_TASK: "/tasks/{}", LINK_COURSE: "/learn/courses/{}", LINK_LESSON: "/learn/lessons/{}"}


@dataclass(frozen=True, slots=True)
class Choice:
    """Something a teacher may place in the platform."""

    kind: str
    ref: int
    title: str


def _title(titles: dict[str, str], language: str) -> str:
    return titles.get(language) or next(iter(titles.values()), "")


def exists(session: Session, *, school_id: int, kind: str, ref: int) -> bool:
    """Whether the task, course or lesson is one this school may open."""
    if kind == LINK_TASK:
        task = session.get(JudgeTask, ref)
        return task is not None and task.deleted_at is None and task.school_id in (school_id, None)
    if kind == LINK_COURSE:
        course = session.get(Course, ref)
        return course is not None and course.deleted_at is None and course.school_id == school_id
    lesson = session.get(CourseLesson, ref) if kind == LINK_LESSON else None
    return lesson is not None and lesson.school_id == school_id


def choices(session: Session, *, school_id: int, language: str) -> list[Choice]:
    """The school's practice tasks and courses, for the deep-linking picker."""
    tasks = session.exec(
        select(JudgeTask).where(
            or_(col(JudgeTask.school_id) == school_id, col(JudgeTask.school_id).is_(None)),
            col(JudgeTask.deleted_at).is_(None), col(JudgeTask.practice),
        ).order_by(col(JudgeTask.id))
    )  # fmt: skip
    courses = session.exec(
        select(Course).where(Course.school_id == school_id, col(Course.deleted_at).is_(None))
        .order_by(col(Course.id))
    )  # fmt: skip
    out = [Choice(LINK_TASK, t.id or 0, _title(t.title, language) or t.slug) for t in tasks]
    out += [Choice(LINK_COURSE, c.id or 0, _title(c.title, language)) for c in courses]
    return out


def _wanted(claims: dict[str, Any]) -> tuple[str, int] | None:
    custom = claims.get(C.CUSTOM) or {}
    kind, ref = str(custom.get("sabaq_kind", "")), str(custom.get("sabaq_ref", ""))
    return (kind, int(ref)) if kind in LINK_KINDS and ref.isdigit() else None


def open_link(session: Session, launch: Launch) -> LtiResourceLink:
    """The resource link of a launch, stored or updated (title, line item); the custom claim
    our deep-linking response placed (sabaq_kind, sabaq_ref) names what it opens.

    Raises:
        LtiError: no resource link, or it names nothing this school has.
    """
    link_claim = launch.claims.get(C.RESOURCE_LINK) or {}
    link_id = str(link_claim.get("id", ""))
    if not link_id:
        raise refuse("no_resource_link", N_("The launch names no resource link."))
    row = session.exec(
        select(LtiResourceLink).where(
            LtiResourceLink.platform_id == launch.platform_id, LtiResourceLink.link_id == link_id
        )
    ).first()
    wanted = _wanted(launch.claims) or ((row.kind, row.ref) if row is not None else None)
    if wanted is None or not exists(
        session, school_id=launch.school_id, kind=wanted[0], ref=wanted[1]
    ):
        raise refuse("unknown_resource", N_("This link opens nothing in Sabaq; place it again."))
    row = row or LtiResourceLink(school_id=launch.school_id, platform_id=launch.platform_id,
                                 link_id=link_id, kind=wanted[0], ref=wanted[1])  # fmt: skip
    row.kind, row.ref = wanted
    row.title = str(link_claim.get("title") or row.title)
    ags = launch.claims.get(C.AGS_ENDPOINT) or {}
    if ags.get("lineitem") and C.SCOPE_SCORE in (ags.get("scope") or []):
        row.lineitem_url = str(ags["lineitem"])
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def target_path(link: LtiResourceLink) -> str:
    """The Sabaq page a link opens."""
    return PATHS[link.kind].format(link.ref)
