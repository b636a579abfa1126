"""What the olympiad pages share: the viewer as an actor, the contest form, times on the school
clock; domain errors become pages as in the office (`refused`, `or_404`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request

from lms.contests import (
    CONTEST_ROLES,
    ORGANISER_ROLES,
    STAFF_ROLES,
    Actor,
    ContestInput,
    ContestRefused,
    TaskChoice,
    as_utc,
)
from models.contests import Contest
from models.i18n import N_, Message, message
from web.auth import Viewer, require_viewer
from web.scheduler import schedule_settings

CONTESTS = {"roles": CONTEST_ROLES}
ORGANISERS = {"roles": ORGANISER_ROLES}
STAFF = {"roles": STAFF_ROLES}
LOCAL = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">
MAX_TASK_ROWS = 12


def actor_of(viewer: Viewer) -> Actor:
    """The viewer as the olympiad services take them."""
    return Actor(viewer.id, viewer.role, viewer.school_id)


def acting(request: Request[Any, Any, Any]) -> Actor:
    """The logged-in viewer of a request behind the guard, as an actor."""
    return actor_of(require_viewer(request))


def local(moment: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    """A stored time on the school clock (SABAQ_TIMEZONE)."""
    if moment is None:
        return ""
    return as_utc(moment).astimezone(schedule_settings().timezone).strftime(fmt)


def _when(data: dict[str, str], key: str, problems: list[Message], label: str) -> datetime | None:
    text = data.get(key, "").strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, LOCAL).replace(tzinfo=schedule_settings().timezone)
    except ValueError:
        problems.append(message(N_("{field}: a date and time, e.g. 2026-12-05T10:00."),
                                field=message(label)))  # fmt: skip
        return None


def _tasks(data: dict[str, str], problems: list[Message]) -> tuple[TaskChoice, ...]:
    out = []
    for i in range(MAX_TASK_ROWS):
        label = data.get(f"label_{i}", "").strip().upper()
        task = data.get(f"task_{i}", "").strip()
        if not task:
            continue
        if not task.isdigit():
            problems.append(message(N_("Choose each task from the list.")))
            continue
        out.append(TaskChoice(label, int(task)))
    return tuple(out)


def contest_input(data: dict[str, str]) -> ContestInput:
    """The contest form as the services take it.

    Raises:
        ContestRefused: with every problem of the form's own (times, numbers) at once.
    """
    problems: list[Message] = []
    starts = _when(data, "starts_at", problems, N_("Start"))
    ends = _when(data, "ends_at", problems, N_("End"))
    freeze = _when(data, "freeze_at", problems, N_("Board freeze"))
    if starts is None or ends is None:
        problems.append(message(N_("A contest needs its start and end.")))
    penalty = data.get("penalty_minutes", "20").strip() or "20"
    if not penalty.isdigit():
        problems.append(message(N_("Penalty minutes are from 0 to 240.")))
    tasks = _tasks(data, problems)
    if problems or starts is None or ends is None:
        raise ContestRefused("contest_form", problems)
    return ContestInput(
        title=data.get("title", ""), rules=data.get("rules", ""), starts_at=starts,
        ends_at=ends, freeze_at=freeze, penalty_minutes=int(penalty),
        public_board=data.get("public_board") == "on", upsolving=data.get("upsolving") == "on",
        registration_open=data.get("registration_open") == "on", tasks=tasks,
    )  # fmt: skip


def form_of(contest: Contest, labels: list[tuple[str, int]]) -> dict[str, str]:
    """A stored contest as its form's fields."""
    form = {
        "title": contest.title, "rules": contest.rules,
        "starts_at": local(contest.starts_at, LOCAL), "ends_at": local(contest.ends_at, LOCAL),
        "freeze_at": local(contest.freeze_at, LOCAL),
        "penalty_minutes": str(contest.penalty_minutes),
    }  # fmt: skip
    for key in ("public_board", "upsolving", "registration_open"):
        if getattr(contest, key):
            form[key] = "on"
    for i, (label, task_id) in enumerate(labels):
        form[f"label_{i}"], form[f"task_{i}"] = label, str(task_id)
    return form
