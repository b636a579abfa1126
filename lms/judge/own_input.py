"""Running a program on inputs of one's own ("run my code"), keeping what it printed.

`judge()` checks outputs and forgets them; the IDE also needs the output itself: a student's
own input, and the output on an example test that came out wrong ("expected ..., got ...").
The program is compiled once and run in a fresh box per input, with the task's limits, and the
verdict of each run comes from the limits that fired, as the judge derives it.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lms.judge.compiling import MAX_SOURCE_BYTES, compile_source
from lms.judge.judge import JudgeCancelled, _limit_verdict, _Run, shared_sandbox
from lms.judge.languages import language
from lms.judge.results import message_dict
from lms.judge.sandbox import Mount, Sandbox, read_box_file
from lms.judge.task import Task
from models.i18n import N_, Message, message

log = logging.getLogger(__name__)
OUTPUT_CHARS = 10_000  # what a page shows of a program's output
STDERR_CHARS = 4_000  # e.g. a Python traceback


def trimmed(data: bytes | None, limit: int) -> tuple[str, bool]:
    """Bytes a program wrote as text of at most `limit` characters, and whether it was cut."""
    text = (data or b"").decode("utf-8", errors="replace")
    return (text, False) if len(text) <= limit else (text[:limit], True)


@dataclass(frozen=True)
class ProgramRun:
    """One run: "OK" or the verdict of the limit that fired (TLE, MLE, RE, OLE), its output."""

    verdict: str
    output: str
    truncated: bool
    stderr: str
    cpu_seconds: float
    wall_seconds: float
    memory_kib: int
    message: Message | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as a submission stores it."""
        return {
            "verdict": self.verdict,
            "output": self.output,
            "truncated": self.truncated,
            "stderr": self.stderr,
            "time": round(self.cpu_seconds, 3),
            "wall": round(self.wall_seconds, 3),
            "memory_kib": self.memory_kib,
            "message": message_dict(self.message),
        }


@dataclass(frozen=True)
class OwnRuns:
    """A compile and the runs on each input (none when the compile failed: verdict CE)."""

    verdict: str  # OK (compiled and ran), CE or IE
    compile_seconds: float = 0.0
    compile_output: str = ""
    seconds: float = 0.0
    message: Message | None = None
    runs: tuple[ProgramRun, ...] = field(default=())


def _run_one(run: _Run, data: bytes) -> ProgramRun:
    sandbox = run.sandbox
    box, io = sandbox.new_box("run"), sandbox.new_io()
    try:
        (io / "in").write_bytes(data)
        if run.task.io == "files":
            for name in ("INPUT.TXT", "input.txt"):
                shutil.copyfile(io / "in", box / name)
                sandbox.give(box / name)
        r = sandbox.run(
            run.lang.run(run.file_name, run.task.memory_limit),
            box=box,
            limits=run.limits,
            stdin=io / "in",
            stdout=io / "out",
            stderr=io / "err",
            stop=run.stop,
            mounts=[Mount(run.prog, "/prog"), *run.lang.run_mounts()],
        )
        if r.cancelled:
            raise JudgeCancelled
        out_path = io / "out"
        if run.task.io == "files":
            out_path = next(
                (box / n for n in ("OUTPUT.TXT", "output.txt") if (box / n).is_file()), io / "out"
            )
        output, cut = trimmed(read_box_file(out_path, 4 * OUTPUT_CHARS), OUTPUT_CHARS)
        stderr, _ = trimmed(read_box_file(io / "err", 4 * STDERR_CHARS), STDERR_CHARS)
        fired = _limit_verdict(run, r)
        return ProgramRun(
            verdict=fired[0] if fired else "OK",
            output=output,
            truncated=cut,
            stderr=stderr,
            cpu_seconds=r.cpu_seconds,
            wall_seconds=r.wall_seconds,
            memory_kib=r.memory_bytes // 1024,
            message=fired[1] if fired else None,
        )
    finally:
        sandbox.discard(box)
        sandbox.discard(io)


def run_on_inputs(
    task: Task,
    source: str,
    language_key: str,
    inputs: Sequence[bytes],
    *,
    sandbox: Sandbox | None = None,
    stop: threading.Event | None = None,
) -> OwnRuns:
    """Compile `source` once and run it on each input with the task's limits.

    Args:
        task: whose limits, language factors and file I/O apply.
        source: the program; language_key: py, cpp, java or pas.
        inputs: what each run reads (stdin, and INPUT.TXT for a file I/O task).
        stop: set it to cancel; JudgeCancelled is raised.
    Returns:
        CE with the compiler's words, or OK with one ProgramRun per input.
    Raises:
        KeyError: an unknown language. JudgeCancelled: `stop` was set.
    """
    lang, started = language(language_key), time.monotonic()
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        return OwnRuns(
            "CE", message=message(N_("the source is over {kib} KiB"), kib=MAX_SOURCE_BYTES // 1024)
        )
    try:
        sandbox = sandbox or shared_sandbox()
        compiled = compile_source(sandbox, lang, source, stop)
    except Exception as exc:  # no sandbox on this machine, or it broke: say so, never guess
        log.exception("internal error compiling a %s program for %s", lang.key, task.slug)
        return OwnRuns("IE", message=message(N_("internal error: {reason}"), reason=str(exc)))
    try:
        if stop is not None and stop.is_set():
            raise JudgeCancelled
        if not compiled.ok:
            msg = (
                message(N_("compilation took too long"))
                if compiled.timed_out
                else message(N_("compilation failed"))
            )
            return OwnRuns("CE", compiled.seconds, compiled.output, time.monotonic() - started, msg)
        run = _Run(task, lang, sandbox, compiled.box, compiled.file_name, None, stop)
        runs = tuple(_run_one(run, data) for data in inputs)
    finally:
        sandbox.discard(compiled.box)
    return OwnRuns("OK", compiled.seconds, compiled.output, time.monotonic() - started, runs=runs)
