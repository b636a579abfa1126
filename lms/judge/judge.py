"""Judging one submission against a task folder: compile once, run every test, check, score.

`judge()` is a pure function of (task, source, language): it changes nothing outside its own
scratch boxes, reports each test through `on_progress` as it finishes, and stops (raising
JudgeCancelled) when `stop` is set. Jobs call it with plain data and store `to_dict()`.
"""

from __future__ import annotations

import logging
import shutil
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lms.judge import checkers
from lms.judge.compiling import MAX_SOURCE_BYTES, compile_checker, compile_source
from lms.judge.languages import MIB, Language, language
from lms.judge.results import JudgeResult, SubtaskResult, TestResult
from lms.judge.sandbox import Limits, Mount, RunResult, Sandbox, read_box_file
from lms.judge.task import Task, Test
from models.i18n import N_, Message, message

log = logging.getLogger(__name__)
CHECKER_LIMITS = Limits(cpu_seconds=10, wall_seconds=20, memory_bytes=512 * MIB, pids=8)
OUTPUT_CAP = 64 * MIB
Progress = Callable[[TestResult, int, int], None]  # (result, tests done, tests in all)
_SANDBOX: Sandbox | None = None
_SANDBOX_LOCK = threading.Lock()


class JudgeCancelled(Exception):
    """`stop` was set: the submission has no verdict (a job marks itself cancelled)."""


def shared_sandbox() -> Sandbox:
    """One Sandbox per process (it detects cgroups and builds the seccomp filter once)."""
    global _SANDBOX
    with _SANDBOX_LOCK:
        if _SANDBOX is None:
            _SANDBOX = Sandbox()
        return _SANDBOX


@dataclass(frozen=True)
class _Run:
    """What every test run of one submission shares."""

    task: Task
    lang: Language
    sandbox: Sandbox
    prog: Path
    file_name: str
    checker: Path | None
    stop: threading.Event | None

    @property
    def limits(self) -> Limits:
        cpu = self.task.time_limit * self.lang.time_factor
        return Limits(
            cpu_seconds=cpu, wall_seconds=max(3.0, 2 * cpu + 1),
            memory_bytes=(self.task.memory_limit + self.lang.memory_extra_mib) * MIB,
            pids=self.lang.pids, output_bytes=OUTPUT_CAP,
        )  # fmt: skip


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _limit_verdict(run: _Run, r: RunResult) -> tuple[str, Message] | None:
    """The verdict of a run that broke a limit or crashed, from what fired, in this order."""
    limits = run.limits
    stderr = read_box_file(r.stderr, 65536) if r.stderr else None
    java_oom = b"java.lang.OutOfMemoryError" in (stderr or b"")
    if r.oom or (java_oom and r.failed):
        return "MLE", message(N_("memory limit of {mib} MiB exceeded"), mib=run.task.memory_limit)
    if r.output_exceeded:
        return "OLE", message(N_("output over {mib} MiB"), mib=OUTPUT_CAP // MIB)
    if r.cpu_exceeded:
        return "TLE", message(N_("time limit of {seconds} s exceeded"),
                              seconds=round(limits.cpu_seconds, 2))  # fmt: skip
    if r.wall_exceeded:
        return "TLE", message(N_("ran for {seconds} s without finishing (waiting or sleeping)"),
                              seconds=round(limits.wall_seconds, 1))  # fmt: skip
    if r.signal == signal.SIGSYS:
        return "RE", message(N_("a forbidden system call (SIGSYS)"))
    if r.signal:
        return "RE", message(N_("killed by signal {name}"), name=_signal_name(r.signal))
    if r.exit_code:
        return "RE", message(N_("exit code {code}"), code=r.exit_code)
    return None


def _read_output(run: _Run, box: Path, stdout: Path) -> bytes | None:
    if run.task.io == "stdio":
        return read_box_file(stdout, OUTPUT_CAP)
    for name in ("OUTPUT.TXT", "output.txt"):
        data = read_box_file(box / name, OUTPUT_CAP)
        if data is not None:
            return data
    return None


def _custom_check(run: _Run, test: Test, output: bytes) -> checkers.Outcome:
    assert run.checker is not None
    box, io = run.sandbox.new_box("check"), run.sandbox.new_io()
    try:
        for name, data in (("input", test.input.read_bytes()), ("output", output),
                           ("answer", test.answer.read_bytes())):  # fmt: skip
            (box / name).write_bytes(data)
            run.sandbox.give(box / name)
        r = run.sandbox.run(
            ["/checker/checker", "input", "output", "answer"], box=box, limits=CHECKER_LIMITS,
            stdout=io / "out", stderr=io / "err", mounts=[Mount(run.checker, "/checker")],
        )  # fmt: skip
        comment = (read_box_file(io / "err", 65536) or b"").decode("utf-8", errors="replace")
        if r.signal or r.cpu_exceeded or r.wall_exceeded or r.oom:
            log.error("checker of %s crashed on test %s: %s", run.task.slug, test.number, r)
            return checkers.Outcome("IE", message(N_("the checker crashed")))
        return checkers.testlib_outcome(r.exit_code, comment)
    finally:
        run.sandbox.discard(box)
        run.sandbox.discard(io)


def _check(run: _Run, test: Test, output: bytes | None) -> checkers.Outcome:
    if output is None:
        return checkers.Outcome("WA", message(N_("OUTPUT.TXT was not written")))
    if run.task.checker == "custom":
        return _custom_check(run, test, output)
    answer = test.answer.read_bytes()
    return checkers.builtin(run.task.checker, output, answer, run.task.float_tolerance)


def run_test(run: _Run, test: Test) -> TestResult:
    """Run one test in a fresh box and check its output; a failure of the judge itself is IE."""
    try:
        return _run_test(run, test)
    except JudgeCancelled:
        raise
    except Exception as exc:  # the sandbox or a checker broke: say so, never guess a verdict
        log.exception("internal error judging %s test %s", run.task.slug, test.number)
        return TestResult(test.number, "IE", message=message(
            N_("internal error: {reason}"), reason=type(exc).__name__))  # fmt: skip


def _run_test(run: _Run, test: Test) -> TestResult:
    if run.stop is not None and run.stop.is_set():
        raise JudgeCancelled
    box, io = run.sandbox.new_box("run"), run.sandbox.new_io()
    try:
        if run.task.io == "files":  # both spellings: school code opens either
            for name in ("INPUT.TXT", "input.txt"):
                shutil.copyfile(test.input, box / name)
                run.sandbox.give(box / name)
        r = run.sandbox.run(
            run.lang.run(run.file_name, run.task.memory_limit), box=box, limits=run.limits,
            stdin=test.input, stdout=io / "out", stderr=io / "err", stop=run.stop,
            mounts=[Mount(run.prog, "/prog"), *run.lang.run_mounts()],
        )  # fmt: skip
        if r.cancelled:
            raise JudgeCancelled
        base: dict[str, Any] = {
            "number": test.number, "cpu_seconds": r.cpu_seconds, "wall_seconds": r.wall_seconds,
            "memory_kib": r.memory_bytes // 1024, "example": test.number in run.task.examples,
        }  # fmt: skip
        fired = _limit_verdict(run, r)
        if fired is not None:
            return TestResult(verdict=fired[0], message=fired[1], **base)
        outcome = _check(run, test, _read_output(run, box, io / "out"))
        points = outcome.points if outcome.points is not None else float(outcome.verdict == "AC")
        return TestResult(verdict=outcome.verdict, message=outcome.message, points=points, **base)
    finally:
        run.sandbox.discard(box)
        run.sandbox.discard(io)


def _score(task: Task, results: dict[int, TestResult]) -> tuple[float, tuple[SubtaskResult, ...]]:
    """IOI rules: a subtask scores if all its tests pass (a partial test gives its part of it);
    without subtasks every test is worth the same share of 100."""

    def got(n: int) -> float:
        return results[n].points if n in results else 0.0

    if not task.subtasks:
        return round(100 * sum(got(t.number) for t in task.tests) / len(task.tests), 2), ()
    subs = tuple(
        SubtaskResult(i + 1, s.points, round(s.points * min(got(n) for n in s.tests), 2), s.tests)
        for i, s in enumerate(task.subtasks)
    )
    return round(sum(s.earned for s in subs), 2), subs


def _overall(task: Task, results: dict[int, TestResult]) -> str:
    verdicts = [results[t.number].verdict for t in task.tests if t.number in results]
    if "IE" in verdicts:
        return "IE"
    return next((v for v in verdicts if v != "AC"), "AC")


def _run_all(
    run: _Run, on_progress: Progress | None, parallel: int, stop_early: bool
) -> dict[int, TestResult]:
    tests = list(run.task.tests)
    results: dict[int, TestResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        pending: dict[Future[TestResult], Test] = {}
        queue = iter(tests)
        failed = False
        while True:
            while len(pending) < max(1, parallel) and not failed:
                test = next(queue, None)
                if test is None:
                    break
                pending[pool.submit(run_test, run, test)] = test
            if not pending:
                return results
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.pop(future)
                result = future.result()  # JudgeCancelled propagates from here
                results[result.number] = result
                failed = failed or (stop_early and result.verdict != "AC")
                if on_progress is not None:
                    on_progress(result, len(results), len(tests))


def judge(
    task: Task,
    source: str,
    language_key: str,
    *,
    sandbox: Sandbox | None = None,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
    parallel: int = 1,
    stop_early: bool = False,
) -> JudgeResult:
    """Judge one submission: compile once, run the tests in order, check and score them.

    Args:
        task: a loaded task folder (load_task).
        source: the program's text; language_key: py, cpp, java or pas.
        on_progress: called with each test's result as it finishes (from this thread).
        stop: set it to cancel; the running box is killed and JudgeCancelled raised.
        parallel: tests run at once; stop_early: stop at the first test that fails (ICPC).
    Returns:
        The verdict (CE, the first failing test's verdict, or AC), score and every test.
    Raises:
        KeyError: an unknown language. JudgeCancelled: `stop` was set.
    """
    lang, started = language(language_key), time.monotonic()
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        return JudgeResult("CE", 0.0, lang.key, message=message(
            N_("the source is over {kib} KiB"), kib=MAX_SOURCE_BYTES // 1024))  # fmt: skip
    try:
        sandbox = sandbox or shared_sandbox()
        compiled = compile_source(sandbox, lang, source, stop)
    except Exception as exc:  # no sandbox on this machine, or it broke while compiling
        log.exception("internal error compiling a %s submission for %s", lang.key, task.slug)
        msg = message(N_("internal error: {reason}"), reason=str(exc))
        return JudgeResult("IE", 0.0, lang.key, seconds=time.monotonic() - started, message=msg)
    try:
        if stop is not None and stop.is_set():
            raise JudgeCancelled
        if not compiled.ok:
            msg = (message(N_("compilation took too long")) if compiled.timed_out
                   else message(N_("compilation failed")))  # fmt: skip
            return JudgeResult("CE", 0.0, lang.key, compile_seconds=compiled.seconds,
                               seconds=time.monotonic() - started,
                               compile_output=compiled.output, message=msg)  # fmt: skip
        try:
            checker = compile_checker(sandbox, task.folder) if task.checker == "custom" else None
        except RuntimeError as exc:
            log.error("task %s: %s", task.slug, exc)
            msg = message(N_("the task's checker does not compile"))
            return JudgeResult("IE", 0.0, lang.key, compile_seconds=compiled.seconds, message=msg)
        run = _Run(task, lang, sandbox, compiled.box, compiled.file_name, checker, stop)
        results = _run_all(run, on_progress, parallel, stop_early)
    finally:
        sandbox.discard(compiled.box)
    score, subtasks = _score(task, results)
    return JudgeResult(
        verdict=_overall(task, results), score=score, language=lang.key,
        tests=tuple(results[n] for n in sorted(results)), subtasks=subtasks,
        compile_seconds=compiled.seconds, seconds=time.monotonic() - started,
        compile_output=compiled.output,
    )  # fmt: skip
