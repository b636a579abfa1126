"""Olympiads: contests, registration, ICPC/IOI standings, live boards, monitoring, results."""

from __future__ import annotations

from lms.contests.access import (
    CONTEST,
    PREVIEW,
    UPSOLVING,
    TaskAccess,
    check_submission,
    open_task,
    task_access,
    tasks_open_to,
)
from lms.contests.board import (
    board_dict,
    board_marker,
    contest_tasks,
    get_contest,
    load_standings,
)
from lms.contests.errors import ContestRefused
from lms.contests.export import results_pdf, results_xlsx
from lms.contests.monitoring import Monitoring, monitoring, monitoring_dict
from lms.contests.registration import (
    participant_of,
    register_school,
    register_student,
    school_registered,
    school_roster,
    schools_taking_part,
    unregister_student,
)
from lms.contests.schemas import (
    CONTEST_ROLES,
    ORGANISER_ROLES,
    STAFF_ROLES,
    Actor,
    ContestInput,
    TaskChoice,
    as_utc,
    is_organiser,
    phase,
)
from lms.contests.services import (
    ContestLine,
    available_tasks,
    contests_for,
    create_contest,
    organised_contest,
    set_registration,
    update_contest,
)
from lms.contests.standings import Standings

__all__ = [
    "CONTEST", "CONTEST_ROLES", "ORGANISER_ROLES", "PREVIEW", "STAFF_ROLES", "UPSOLVING", "Actor",
    "ContestInput", "ContestLine", "ContestRefused", "Monitoring", "Standings", "TaskAccess",
    "TaskChoice", "as_utc", "available_tasks", "board_dict", "board_marker", "check_submission",
    "contest_tasks", "contests_for", "create_contest", "get_contest", "is_organiser",
    "load_standings", "monitoring", "monitoring_dict", "open_task", "organised_contest",
    "participant_of", "phase", "register_school", "register_student", "results_pdf",
    "results_xlsx", "school_registered", "school_roster", "schools_taking_part",
    "set_registration", "task_access", "tasks_open_to", "unregister_student", "update_contest",
]  # fmt: skip
