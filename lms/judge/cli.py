"""`sabaq judge TASK_DIR SOURCE --lang py|cpp|java|pas [--json]`: judge a file as students do."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_AC, EXIT_OTHER, EXIT_BAD_INPUT = 0, 1, 2


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `judge` to the root `sabaq` parser."""
    p = commands.add_parser("judge", help="judge a solution against a task folder")
    p.add_argument("task", type=Path, metavar="TASK_DIR", help="a task folder (task.toml, tests/)")
    p.add_argument("source", type=Path, metavar="SOURCE", help="the solution's source file")
    p.add_argument("--lang", choices=("py", "cpp", "java", "pas"),
                   help="the language (default: from SOURCE's extension)")  # fmt: skip
    p.add_argument("--parallel", type=int, default=1, help="tests run at once (default 1)")
    p.add_argument("--stop-early", action="store_true", help="stop at the first failed test")
    p.add_argument("--json", action="store_true", help="the last line is the result as JSON")
    p.set_defaults(func=cmd_judge)


def cmd_judge(args: argparse.Namespace) -> int:
    from lms.judge.judge import judge
    from lms.judge.languages import EXTENSIONS
    from lms.judge.results import TestResult
    from lms.judge.task import TaskInvalid, load_task

    try:
        task = load_task(args.task)
    except TaskInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    lang = args.lang or EXTENSIONS.get(args.source.suffix.lstrip("."))
    if lang is None:
        print(f"{args.source}: say the language with --lang py|cpp|java|pas", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        source = args.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    def progress(test: TestResult, done: int, total: int) -> None:
        note = f"  {test.message}" if test.message else ""
        print(f"test {test.number:>2}  {test.verdict:<3}  {test.cpu_seconds:6.3f} s  "
              f"{test.memory_kib / 1024:7.1f} MiB{note}", flush=True)  # fmt: skip

    result = judge(task, source, lang, on_progress=progress, parallel=args.parallel,
                   stop_early=args.stop_early)  # fmt: skip
    if result.compile_output.strip() and result.verdict == "CE":
        print(result.compile_output.rstrip())
    summary = f"{result.verdict}  score {result.score:g}  compile {result.compile_seconds:.2f} s"
    print(f"{summary}  total {result.seconds:.2f} s" + (f"  {result.message}" if result.message
                                                         else ""))  # fmt: skip
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    return EXIT_AC if result.verdict == "AC" else EXIT_OTHER
