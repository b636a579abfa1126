"""Judging one submission as a worker does: the version it was sent for, its verdict as values.

For a wrong example test the program is run once more on that example to show what it
printed ("expected ..., got ..."): the judge checks outputs without keeping them, and examples
are the tests a student may see in full.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lms.judge import JudgeResult, Task, TaskInvalid, TestResult, judge
from lms.judge.languages import language
from lms.judge.own_input import run_on_inputs
from lms.judge.results import message_dict
from lms.practice.folders import load_version
from lms.practice.submissions import ToJudge
from models.i18n import N_, message
from models.judge import RUN

log = logging.getLogger(__name__)
GOT_CHARS = 2_000  # of a program's output on an example, shown beside the expected answer
Progress = Callable[[dict[str, Any]], None]


def limits_of(task: Task, language_key: str) -> dict[str, Any]:
    """The limits a program of this language gets (Java's time factor included)."""
    factor = language(language_key).time_factor
    return {"time": round(task.time_limit * factor, 2), "memory": task.memory_limit}


def _internal(reason: str) -> dict[str, Any]:
    msg = message(N_("internal error: {reason}"), reason=reason)
    return {"verdict": "IE", "details": {"message": message_dict(msg)}}


def _with_got(
    task: Task, todo: ToJudge, tests: list[dict[str, Any]], stop: threading.Event | None
) -> None:
    """Add what the program printed to each example test it got wrong."""
    wrong = [t for t in tests if t["example"] and t["verdict"] in ("WA", "PE")]
    if not wrong:
        return
    inputs = {t.number: t.input.read_bytes() for t in task.tests}
    again = run_on_inputs(
        task, todo.source, todo.language, [inputs[t["test"]] for t in wrong], stop=stop
    )
    for entry, run in zip(wrong, again.runs, strict=False):
        entry["got"], entry["got_cut"] = run.output[:GOT_CHARS], len(run.output) > GOT_CHARS


def _judged(task: Task, todo: ToJudge, result: JudgeResult) -> dict[str, Any]:
    tests = [t.to_dict() for t in result.tests]
    return {
        "verdict": result.verdict,
        "score": result.score,
        "tests": tests,
        "compile_message": result.compile_output if result.verdict == "CE" else "",
        "compile_seconds": round(result.compile_seconds, 3),
        "seconds": round(result.seconds, 3),
        "details": {
            "message": message_dict(result.message),
            "limits": limits_of(task, todo.language),
            "subtasks": [
                {"subtask": s.number, "points": s.points, "earned": s.earned}
                for s in result.subtasks
            ],
        },
    }


def _ran(task: Task, todo: ToJudge, stop: threading.Event | None) -> dict[str, Any]:
    own = run_on_inputs(
        task, todo.source, todo.language, [(todo.custom_input or "").encode()], stop=stop
    )
    details: dict[str, Any] = {
        "message": message_dict(own.message),
        "limits": limits_of(task, todo.language),
    }
    values: dict[str, Any] = {
        "verdict": own.verdict,
        "compile_seconds": round(own.compile_seconds, 3),
        "seconds": round(own.seconds, 3),
        "compile_message": own.compile_output if own.verdict == "CE" else "",
    }
    if own.runs:
        run = own.runs[0]
        values.update(verdict=run.verdict, output=run.output)
        details.update(run.to_dict())
        details.pop("output")
    values["details"] = details
    return values


def judge_submission(
    todo: ToJudge,
    *,
    root: Path | None = None,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
    stop_early: bool = False,
    parallel: int = 1,
) -> dict[str, Any]:
    """Judge (or, for "run my code", run) a submission on the task version it was sent for.

    Args:
        todo: what `start_judging` read.
        root: the data dir (default: the configured one).
        on_progress: gets {"phase", "done", "total", "tests"} as each test finishes.
        stop: set it to cancel (JudgeCancelled is raised).
        parallel: tests at once (2 helps when the machine has idle cores: a test is mostly
            process start-up; CPU time, which decides TLE, is each test's own).
    Returns:
        Submission fields for `record_verdict`.
    Raises:
        JudgeCancelled: `stop` was set.
    """
    try:
        task = load_version(todo.task_id, todo.version, root)
    except TaskInvalid as exc:  # the folder was valid when saved: something broke it since
        log.error("task %s v%s cannot be loaded: %s", todo.task_id, todo.version, exc)
        return _internal("the task's files are damaged")
    if todo.purpose == RUN:
        return _ran(task, todo, stop)
    done: list[dict[str, Any]] = []

    def progress(test: TestResult, count: int, total: int) -> None:
        done.append(test.to_dict())
        if on_progress is not None:
            tests = sorted(done, key=lambda t: int(t["test"]))  # two at once may swap them
            on_progress({"phase": "testing", "done": count, "total": total, "tests": tests})

    if on_progress is not None:
        on_progress({"phase": "compiling", "done": 0, "total": len(task.tests), "tests": []})
    result = judge(
        task, todo.source, todo.language, on_progress=progress, stop=stop,
        stop_early=stop_early, parallel=parallel,
    )  # fmt: skip
    values = _judged(task, todo, result)
    _with_got(task, todo, values["tests"], stop)
    return values
