"""The "judge" job: judge one submission (or run it on the student's input), record the verdict.

The verdict is written in the same transaction that finishes the job, and only while the
submission has none: a worker that crashed mid-way leaves the job to be requeued as stale and
judged again from the start, and the verdict is still recorded exactly once. Per-test results
go out as the job's progress as they arrive (the IDE follows them over server-sent events).
"""

from __future__ import annotations

import os
from typing import Any

from lms.judge import JudgeCancelled
from lms.lti.grades import note_verdict  # lti_tool
from lms.practice.judging import judge_submission
from lms.practice.submissions import judges_running, record_verdict, start_judging
from models.db import session_scope
from web.jobs.context import JobCancelled, JobContext


def _summary(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in ("verdict", "score", "seconds")}


def run_judge(ctx: JobContext) -> dict[str, Any]:
    """The job handler: params {"submission_id", "stop_early"}.

    Returns:
        {"submission_id", "verdict", "score", "seconds"}.
    Raises:
        JobCancelled: the worker is stopping (the job goes back to the queue).
        NotFound: the submission is not this job's school's.
    """
    submission_id = int(ctx.params["submission_id"])
    with session_scope(ctx.url) as session:
        todo = start_judging(session, submission_id=submission_id, school_id=ctx.school_id)
        # alone on the machine's cores, two tests at once (bench/judge_latency: Java 0.9 -> 0.6 s);
        # in a burst every core already judges a submission of its own
        parallel = 2 if judges_running(session) * 2 <= (os.cpu_count() or 1) else 1
    if todo.already_judged:  # judged by a worker whose job finish was lost; nothing to redo
        result = {"submission_id": submission_id, "already_judged": True}
        with session_scope(ctx.url) as session:
            ctx.complete(session, result)
        return result
    try:
        values = judge_submission(
            todo,
            on_progress=ctx.report,
            stop=ctx.stop,
            stop_early=bool(ctx.params.get("stop_early")),
            parallel=parallel,
        )
    except JudgeCancelled:
        raise JobCancelled(ctx.reason) from None
    result = {"submission_id": submission_id, **_summary(values)}
    with session_scope(ctx.url) as session:
        record_verdict(session, submission_id=submission_id, values=values)
        note_verdict(session, submission_id=submission_id)  # lti_tool: grade return, once per key
        ctx.complete(session, result)
    return result
