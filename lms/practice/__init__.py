"""Practice on programming tasks: tasks in the store, submissions as judge jobs, drafts, points.

The services the task editor, the IDE and olympiads build on. Tasks live as versioned folders
under the data dir (`tasks/<id>/v<n>`); a submission is a row plus a "judge" job whose priority
follows its purpose (olympiad > lesson > run), and its verdict is recorded once.
"""

from __future__ import annotations

from lms.practice.errors import SubmissionRefused, TaskRefused, TooManyInFlight
from lms.practice.submissions import (
    IN_FLIGHT_CAP,
    KIND,
    PRIORITY,
    drafts_of,
    get_submission,
    in_flight,
    list_submissions,
    points_source,
    record_verdict,
    save_draft,
    start_judging,
    submit,
)
from lms.practice.tasks import (
    STARTER_COURSE,
    archive_task,
    create_task,
    export_zip,
    get_task,
    import_archive,
    load_course_tasks,
    update_task,
)

__all__ = [
    "IN_FLIGHT_CAP",
    "KIND",
    "PRIORITY",
    "STARTER_COURSE",
    "SubmissionRefused",
    "TaskRefused",
    "TooManyInFlight",
    "archive_task",
    "create_task",
    "drafts_of",
    "export_zip",
    "get_submission",
    "get_task",
    "import_archive",
    "in_flight",
    "list_submissions",
    "load_course_tasks",
    "points_source",
    "record_verdict",
    "save_draft",
    "start_judging",
    "submit",
    "update_task",
]
