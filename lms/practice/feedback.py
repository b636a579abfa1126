"""What a student reads about a submission: a helpful sentence per verdict, and the tests shown.

Hidden tests show only their verdict and time; example tests (and every test for the task's
teachers) also show the input, the expected answer and, when it was wrong, what the program
printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lms.judge import Task
from lms.practice.submissions import state_of
from models.i18n import N_, Message, message
from models.jobs import Job
from models.judge import JUDGED, RUN, Submission

SHOWN_CHARS = 2_000  # of an example's input and answer

_JUDGED = {
    "AC": N_("All tests passed. Well done!"),
    "WA": N_("Your answer differs from the expected one on test {test}."),
    "PE": N_(
        "Right answer on test {test}, but the spaces or line breaks differ from the expected."
    ),
    "TLE": N_(
        "On test {test} your program ran longer than {seconds} s. Look for a faster way, "
        "or for a loop that never ends."
    ),
    "MLE": N_("On test {test} your program used more than {mib} MiB of memory."),
    "RE": N_("Your program stopped with an error on test {test}."),
    "OLE": N_("On test {test} your program printed far too much."),
    "CE": N_("The program does not compile. The compiler's message below says where and why."),
    "IE": N_(
        "The judge failed on its side, not because of your program. Send it again; "
        "if this repeats, tell your teacher."
    ),
}
_RAN = {
    "OK": N_("Your program ran on your input in {time} s. Its output is below."),
    "TLE": N_(
        "On your input your program ran longer than {seconds} s: a loop that never ends, "
        "or it waits for input that is not there."
    ),
    "MLE": N_("On your input your program used more than {mib} MiB of memory."),
    "RE": N_("Your program stopped with an error on your input. The error output is below."),
    "OLE": N_("Your program printed far too much on your input."),
}


def as_message(stored: Mapping[str, Any] | None) -> Message | None:
    """A sentence kept as JSON (template and params) back as a Message."""
    if not stored or not stored.get("template"):
        return None
    return Message(str(stored["template"]), dict(stored.get("params") or {}))


def verdict_sentence(
    verdict: str, purpose: str, tests: list[dict[str, Any]], details: Mapping[str, Any]
) -> Message | None:
    """The helpful sentence for a finished submission ("your answer differs ... on test 3")."""
    limits = details.get("limits") or {}
    seconds = limits.get("time")
    values = {
        "seconds": f"{seconds:g}" if isinstance(seconds, int | float) else "?",
        "mib": limits.get("memory", "?"),
    }
    if purpose == RUN and verdict in _RAN:
        return message(_RAN[verdict], time=details.get("time", 0), **values)
    if verdict not in _JUDGED:
        return None
    failed = next((t["test"] for t in tests if t.get("verdict") == verdict), "?")
    return message(_JUDGED[verdict], test=failed, **values)


def _text(path: Any) -> tuple[str, bool]:
    data = path.read_bytes()[: 4 * SHOWN_CHARS].decode("utf-8", errors="replace")
    return data[:SHOWN_CHARS], len(data) > SHOWN_CHARS or path.stat().st_size > 4 * SHOWN_CHARS


def shown_tests(
    tests: list[dict[str, Any]], *, staff: bool, task: Task | None
) -> list[dict[str, Any]]:
    """The tests as this reader may see them: hidden ones only with verdict and time."""
    files = {t.number: t for t in task.tests} if task is not None else {}
    shown = []
    for t in tests:
        entry: dict[str, Any] = {
            "test": t["test"],
            "verdict": t["verdict"],
            "time": t["time"],
            "example": bool(t.get("example")),
        }
        if staff or entry["example"]:
            entry.update(memory_kib=t.get("memory_kib", 0), message=as_message(t.get("message")))
            if t["test"] in files:
                entry["input"], entry["input_cut"] = _text(files[t["test"]].input)
                entry["expected"], entry["expected_cut"] = _text(files[t["test"]].answer)
            if "got" in t:
                entry["got"], entry["got_cut"] = t["got"], bool(t.get("got_cut"))
        shown.append(entry)
    return shown


@dataclass
class SubmissionView:
    """One submission as a page or the event stream shows it."""

    id: int
    state: str  # queued, judging, judged, failed
    purpose: str
    language: str
    verdict: str
    score: float
    tests: list[dict[str, Any]]
    done: int = 0
    total: int = 0
    sentence: Message | None = None
    detail: Message | None = None  # the judge's own words (CE, IE, a limit that fired)
    compile_message: str = ""
    output: str = ""
    stderr: str = ""
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.state in (JUDGED, "failed")


def submission_view(
    row: Submission, job: Job | None, *, staff: bool, task: Task | None
) -> SubmissionView:
    """A submission for its reader: its own student, or (staff) the task's teachers."""
    assert row.id is not None
    state = state_of(row, job)
    if row.status == JUDGED:
        tests, details = row.tests, row.details or {}
        done = total = len(tests)
    else:
        progress = job.progress if job is not None else {}
        tests, details = list(progress.get("tests") or []), {}
        done, total = int(progress.get("done") or 0), int(progress.get("total") or 0)
    view = SubmissionView(
        id=row.id,
        state=state,
        purpose=row.purpose,
        language=row.language,
        verdict=row.verdict,
        score=row.score,
        tests=shown_tests(tests, staff=staff, task=task),
        done=done,
        total=total,
        compile_message=row.compile_message,
        output=row.output,
        stderr=str(details.get("stderr") or ""),
        truncated=bool(details.get("truncated")),
    )
    if row.status == JUDGED:
        view.sentence = verdict_sentence(row.verdict, row.purpose, row.tests, details)
        view.detail = as_message(details.get("message"))
        view.extra = {
            "time": details.get("time"),
            "memory_kib": details.get("memory_kib"),
            "subtasks": details.get("subtasks") or [],
        }
    elif state == "failed":
        view.sentence = message(_JUDGED["IE"])
    return view
