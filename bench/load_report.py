"""What bench.load_mix reports: latency per page kind, statuses, CPU, and the jobs afterwards."""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import col, select

from models.db import dispose_engines, read_scope
from models.jobs import FINISHED, Job
from models.judge import JUDGED, Submission

PAGE_TARGET_MS = 300.0


@dataclass(frozen=True)
class MachineCpu:
    """The whole machine's CPU ticks from /proc/stat: busy (not idle, not iowait) and total."""

    busy: int
    total: int

    def busy_since(self, before: MachineCpu) -> float:
        """Share of the machine's CPU time that was busy since `before` (0..1)."""
        return (self.busy - before.busy) / max(1, self.total - before.total)


def machine_cpu() -> MachineCpu:
    """The machine's CPU counters now."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return MachineCpu(sum(fields) - idle, sum(fields))


def percentiles(values: list[float]) -> dict[str, float]:
    """n, p50, p95, p99 and max of the values."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    q = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return {"n": len(ordered), "p50": q[49], "p95": q[94], "p99": q[98], "max": ordered[-1]}


def summarize(samples: list[tuple[str, float, float, int]]) -> dict[str, object]:
    """Per kind (kind, sent, done, status): latency of answered requests (ms) and statuses.

    Pages are GETs; a POST's kind says so. A 303 is a form post's normal answer, 201 a submission's.
    """
    by_kind: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    pages: list[float] = []
    for kind, sent, done, status in samples:
        statuses[kind][status] += 1
        if status in (200, 201, 303):
            by_kind[kind].append((done - sent) * 1000)
            if "POST" not in kind:
                pages.append((done - sent) * 1000)
    return {
        "requests": len(samples),
        "pages_ms": percentiles(pages),
        "per_kind_ms": {kind: percentiles(v) for kind, v in sorted(by_kind.items())},
        "per_kind_statuses": {k: dict(v) for k, v in sorted(statuses.items())},
        "server_errors": sum(1 for *_, status in samples if status >= 500),
        "no_answer": sum(1 for *_, status in samples if status == 0),
    }


def _seconds(a: datetime | None, b: datetime | None) -> float | None:
    if a is None or b is None:
        return None
    a, b = (x if x.tzinfo else x.replace(tzinfo=UTC) for x in (a, b))
    return (b - a).total_seconds()


def drain(url: str, submissions: list[int], wait_s: float) -> dict[str, object]:
    """Waits (up to `wait_s`) for every submission's verdict; then the judge's and the
    generations' outcome: verdicts, submit->verdict seconds, jobs by kind and status."""
    deadline = time.monotonic() + wait_s
    while True:
        with read_scope(url) as db:
            judged = db.exec(
                select(Submission).where(
                    col(Submission.id).in_(submissions or [0]), Submission.status == JUDGED
                )
            ).all()
            jobs = db.exec(select(Job)).all()
        solving = [j for j in jobs if j.kind == "solve" and j.status not in FINISHED]
        if (len(judged) == len(submissions) and not solving) or time.monotonic() > deadline:
            break
        time.sleep(2)
    dispose_engines()
    latency = [_seconds(s.created_at, s.judged_at) for s in judged]
    return {
        "judged": len(judged),
        "not_judged": len(submissions) - len(judged),
        "verdicts": dict(Counter(s.verdict for s in judged)),
        "submit_to_verdict_s": percentiles([x for x in latency if x is not None]),
        "jobs": dict(Counter(f"{j.kind} {j.status}" for j in jobs)),
    }


def _row(name: str, p: dict[str, float], statuses: dict[int, int] | None = None) -> str:
    codes = ", ".join(f"{k}: {v}" for k, v in sorted((statuses or {}).items()))
    return (
        f"| {name} | {p.get('n', 0)} | {p.get('p50', 0):.1f} | {p.get('p95', 0):.1f} "
        f"| {p.get('p99', 0):.1f} | {p.get('max', 0):.1f} | {codes} |"
    )


def print_report(report: dict, args: argparse.Namespace) -> None:  # type: ignore[type-arg]
    """The report as the Markdown rows docs/benchmarks.md shows."""
    store = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{report['users']} users x 1 request per {args.mean_gap:g} s (Poisson) for "
        f"{args.minutes:g} min on {store}, web processes {args.web_processes or 'default'}, "
        f"{args.workers} job workers; load average {report['load_before']} before, "
        f"{report['load_after']} after; seeded in {report['seeded_s']:.0f} s"
    )
    print("| kind | n | p50 ms | p95 ms | p99 ms | max ms | statuses |")
    print("|---|---:|---:|---:|---:|---:|---|")
    print(_row("**all pages (GET)**", report["pages_ms"]))
    for kind, p in report["per_kind_ms"].items():
        print(_row(kind, p, report["per_kind_statuses"].get(kind)))
    for kind, codes in report["per_kind_statuses"].items():
        if kind not in report["per_kind_ms"]:
            print(_row(kind, {}, codes))
    p95 = report["pages_ms"].get("p95", 0.0)
    verdict = "met" if p95 < PAGE_TARGET_MS and not report["server_errors"] else "missed"
    print(
        f"requests {report['requests']} ({report['requests'] / report['wall_s']:.1f}/s), "
        f"5xx {report['server_errors']}, no answer {report['no_answer']}; pages p95 "
        f"{p95:.1f} ms: target (p95 < {PAGE_TARGET_MS:.0f} ms, no 5xx) {verdict}"
    )
    print(
        f"logins: {report['users']} in {report['login_s']:.0f} s, answers "
        f"{report['login_answers']} (303: logged in; a 5xx is tried again)"
    )
    print(
        f"server (web + workers + judge) {report['server_cpu_cores']:.2f} cores, waited "
        f"{report['server_waited_for_cpu_s']:.0f} s for a CPU; load generator "
        f"{report['client_cpu_cores']:.2f} cores; machine busy "
        f"{report['machine_busy']:.0%} of its 2 cores"
    )
    after = report["after"]
    print(
        f"submissions {report['submissions']}: judged {after['judged']}, not judged "
        f"{after['not_judged']}, verdicts {after['verdicts']}, submit->verdict s "
        f"{ {k: round(v, 2) for k, v in after['submit_to_verdict_s'].items()} }; "
        f"generations started {report['generations_started']}; jobs {after['jobs']}"
    )
