"""One submission with 10 tests, from submit to final verdict, per language.

    python -m bench.judge_latency [--runs 20] [--parallel 1 2] [--langs py cpp java pas]

Issue 7's target, on an idle 2-core machine: p95 < 0.5 s for Python, C++ and Pascal, < 2 s
for Java. The submission is the reference solution of lms/judge/examples/sum-of-two (10 tests,
tokens checker), judged by `lms.judge.judge.judge` exactly as a worker would: compile in the
box, then every test in a fresh box (bubblewrap, cgroups, seccomp), checked. The clock runs
around the whole `judge()` call. One warm-up submission per language is not counted (it builds
the C++ precompiled header if the machine has none, and brings the compilers into the page
cache); everything after it is what a student sees on a machine that has judged before.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from lms.judge.judge import judge, shared_sandbox
from lms.judge.task import load_task

EXAMPLE = Path(__file__).resolve().parent.parent / "lms" / "judge" / "examples" / "sum-of-two"
TARGET = {"py": 0.5, "cpp": 0.5, "pas": 0.5, "java": 2.0}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(lang: str, runs: int, parallel: int) -> dict[str, float]:
    task = load_task(EXAMPLE)
    source = task.solutions[lang].read_text()
    sandbox = shared_sandbox()
    judge(task, source, lang, sandbox=sandbox, parallel=parallel)  # warm-up, not counted
    totals, compiles, per_test = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = judge(task, source, lang, sandbox=sandbox, parallel=parallel)
        totals.append(time.perf_counter() - started)
        assert result.verdict == "AC", result.to_dict()
        compiles.append(result.compile_seconds)
        per_test.append(statistics.mean(t.wall_seconds for t in result.tests))
    return {
        "p50": statistics.median(totals), "p95": p95(totals), "max": max(totals),
        "compile_p50": statistics.median(compiles), "test_wall_mean": statistics.mean(per_test),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--parallel", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--langs", nargs="+", default=["py", "cpp", "pas", "java"])
    args = parser.parse_args()
    print(
        f"{platform.node()}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"cgroups {shared_sandbox().cgroups.backend('memory')}/"
        f"{shared_sandbox().cgroups.backend('kill')} (memory/kill), {args.runs} runs"
    )
    print("| language | parallel | p50 s | p95 s | max s | compile p50 s | per test s | target |")
    print("|---|---|---|---|---|---|---|---|")
    for lang in args.langs:
        for parallel in args.parallel:
            m = measure(lang, args.runs, parallel)
            ok = "yes" if m["p95"] < TARGET[lang] else "**no**"
            print(f"| {lang} | {parallel} | {m['p50']:.3f} | {m['p95']:.3f} | {m['max']:.3f} | "
                  f"{m['compile_p50']:.3f} | {m['test_wall_mean']:.3f} | < {TARGET[lang]} s: "
                  f"{ok} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
