"""What the task pages and the IDE share: who may do what, whose tasks, words for verdicts."""

from __future__ import annotations

from typing import Any

from litestar import Request

from lms.practice.held_back import is_held_back
from lms.practice.tasks import get_task
from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, STUDENT, TEACHER
from models.errors import NotFound
from models.i18n import N_
from models.judge import JudgeTask
from web.auth import Viewer, require_school, require_viewer

STAFF_ROLES = (PLATFORM_ADMIN, SCHOOL_ADMIN, TEACHER)
STAFF = {"roles": STAFF_ROLES}
SOLVERS = {"roles": (*STAFF_ROLES, STUDENT)}
LANGUAGE_NAMES = {"py": "Python 3", "cpp": "C++17", "java": "Java 17", "pas": "Pascal"}
VERDICT_NAMES = {
    "AC": N_("Accepted"),
    "WA": N_("Wrong answer"),
    "PE": N_("Presentation error"),
    "TLE": N_("Time limit exceeded"),
    "MLE": N_("Memory limit exceeded"),
    "RE": N_("Runtime error"),
    "OLE": N_("Output limit exceeded"),
    "CE": N_("Compilation error"),
    "IE": N_("Judge error"),
    "OK": N_("Finished"),
}
STATE_NAMES = {
    "queued": N_("Waiting for a judge"),
    "judging": N_("Judging"),
    "judged": N_("Judged"),
    "failed": N_("Not judged"),
}


def scope(request: Request[Any, Any, Any]) -> tuple[Viewer, int | None]:
    """The viewer and whose tasks they work with: their school's, or the platform's (None)."""
    viewer = require_viewer(request)
    return viewer, None if viewer.role == PLATFORM_ADMIN else require_school(viewer)


def is_staff(viewer: Viewer) -> bool:
    """Teachers, school admins and the platform admin: they see every test and edit tasks."""
    return viewer.role in STAFF_ROLES


def solvable_task(db: Any, viewer: Viewer, school_id: int | None, task_id: int) -> JudgeTask:
    """A task this viewer may open in the IDE: the school's or the platform's; students only
    those open for practice; a task an olympiad holds back only its owners' staff.

    Raises:
        NotFound: anything else.
    """
    task = get_task(db, task_id=task_id, school_id=school_id, platform_too=True)
    owners_staff = is_staff(viewer) and (
        task.school_id == school_id or viewer.role == PLATFORM_ADMIN
    )
    if not is_staff(viewer) and not task.practice:
        raise NotFound("task_not_found", [])
    if not owners_staff and is_held_back(db, task.id or 0):
        raise NotFound("task_not_found", [])
    return task


def title_of(title: dict[str, str], lang: str) -> str:
    """A task's title in the reader's language, else in any language it has."""
    return title.get(lang) or next((t for t in title.values() if t), "—")
