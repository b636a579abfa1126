"""A burst of 120 submissions through the real queue and worker processes, and one submission
through the whole app.

    python -m bench.judge_burst [--submissions 120] [--workers N] [--app-runs 5]

Burst: a fresh SQLite store with one school, 40 students and four tasks (the judge's three
example tasks - sum-of-two with 10 tests, divisors, two-summands with its testlib checker and
file I/O - and the starter course's `countdown`). 120 submissions are queued at once through
`lms.practice.submit` (each student sends 3: the per-person cap in flight is 3, so the issue's
"30 students x 4 tasks" is sent as 40 x 3): 40 % Python, 30 % C++, 15 % Java, 15 % Pascal,
right and wrong programs whose verdicts are known (AC by the task's reference solution; WA,
CE, RE, and TLE by an endless loop). Worker processes (`web.worker.start_workers`, as `sabaq
serve` starts them, one per core by default) judge them; the clock runs from the first submit
to the last verdict in the store. One warm-up submission per language is judged first and not
counted (compilers into the page cache; the C++ header and javac archive are built once per
machine anyway). Reported: the last verdict, queue and judge times, lost (no verdict) and
wrong (verdict other than the known one) counts.

App: `sabaq serve` with its workers on the same store; a student logs in over HTTP, submits
the reference solution of sum-of-two, and follows the server-sent events to the final verdict:
submit -> "end" event, per language.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

import models.tables  # noqa: F401 - every table in the metadata
from lms.practice.submissions import submit
from lms.practice.tasks import STARTER_COURSE, load_course_tasks
from models.account_services import create_account
from models.db import dispose_engines, session_scope
from models.jobs import FINISHED, Job
from models.judge import JUDGED, JudgeTask, Submission
from models.migrate import upgrade_database
from models.school import School
from models.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "lms" / "judge" / "examples"
TASKS = ("sum-of-two", "divisors", "two-summands", "countdown")
SHARE = {"py": 0.40, "cpp": 0.30, "java": 0.15, "pas": 0.15}
KINDS = ["AC"] * 14 + ["WA"] * 2 + ["CE"] * 2 + ["RE"] + ["TLE"]  # 70 % right
WRONG = {
    "WA": {
        "py": "print(-12345)\n",
        "cpp": '#include <cstdio>\nint main(){puts("-12345");}\n',
        "java": "public class Main { public static void main(String[] a) {"
        " System.out.println(-12345); } }\n",
        "pas": "begin\n  writeln(-12345);\nend.\n",
    },
    "CE": {
        "py": "print(\n",
        "cpp": "int main( {\n",
        "java": "public class Main { void }\n",
        "pas": "begin\n  writeln(\nend.\n",
    },
    "RE": {
        "py": "import sys\nsys.exit(3)\n",
        "cpp": "int main() { return 3; }\n",
        "java": "public class Main { public static void main(String[] a) { System.exit(3); } }\n",
        "pas": "begin\n  halt(3);\nend.\n",
    },
    "TLE": {
        "py": "while True:\n    pass\n",
        "cpp": "int main() { volatile long x = 0; for (;;) x++; }\n",
    },
}


@dataclass(frozen=True)
class Planned:
    user: int
    task: str
    language: str
    expected: str
    source: str


def _course(tmp: Path) -> Path:
    """The four tasks as one course folder, for `load_course_tasks`."""
    course = tmp / "course"
    for slug in TASKS:
        source = EXAMPLES / slug if (EXAMPLES / slug).is_dir() else STARTER_COURSE / "tasks" / slug
        shutil.copytree(source, course / "tasks" / slug)
    return course


def build_store(tmp: Path, students: int) -> tuple[str, int, list[int], dict[str, int]]:
    """A store with a school, its students (password "bench-password") and the four tasks."""
    os.environ["SABAQ_DATA_DIR"] = str(tmp / "data")
    url = f"sqlite:///{tmp / 'store.db'}"
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    upgrade_database(url)  # migrated, as `sabaq serve` expects its store
    with session_scope(url) as s:
        school = School(code="BENCH", name="Bench school", city="Алматы")
        s.add(school)
        s.flush()
        assert school.id is not None
        users = [
            create_account(
                s,
                school_id=school.id,
                login=f"s{i}",
                name=f"Оқушы {i}",
                role="student",
                password="bench-password",
            ).id
            for i in range(students)
        ]
        tasks = load_course_tasks(s, school_id=school.id, course=_course(tmp))
        school_id = school.id
    return url, school_id, [u for u in users if u is not None], tasks


def _reference(slug: str, language: str) -> str:
    folder = EXAMPLES / slug if (EXAMPLES / slug).is_dir() else STARTER_COURSE / "tasks" / slug
    ext = {"py": "py", "cpp": "cpp", "java": "java", "pas": "pas"}[language]
    return (folder / "solutions" / f"ref.{ext}").read_text(encoding="utf-8")


def plan(users: list[int], n: int, seed: int = 7) -> list[Planned]:
    """n submissions: languages by SHARE, tasks in turn, kinds from KINDS; 3 per student."""
    rng = random.Random(seed)
    languages = [lang for lang, share in SHARE.items() for _ in range(round(share * n))][:n]
    rng.shuffle(languages)
    planned = []
    for i, language in enumerate(languages):
        # the course task has a Python reference only; other languages take the examples
        task = TASKS[i % 4] if language == "py" else TASKS[i % 3]
        kind = KINDS[rng.randrange(len(KINDS))]
        if kind == "TLE" and (language not in WRONG["TLE"] or task != "sum-of-two"):
            kind = "WA"  # endless loops only where they cost 10 x 1 s, as in a class
        source = _reference(task, language) if kind == "AC" else WRONG[kind][language]
        planned.append(Planned(users[i // 3], task, language, kind, source))
    return planned


def _send(url: str, school_id: int, tasks: dict[str, int], items: list[Planned]) -> list[int]:
    ids = []
    for item in items:  # one transaction each, as the IDE's requests are
        with session_scope(url) as s:
            task = s.get(JudgeTask, tasks[item.task])
            assert task is not None
            row = submit(
                s,
                task=task,
                user_id=item.user,
                school_id=school_id,
                language=item.language,
                source=item.source,
            )
            assert row.id is not None
            ids.append(row.id)
    return ids


def _finished(url: str, ids: list[int]) -> list[tuple[Submission, Job]]:
    with session_scope(url) as s:
        rows = s.exec(
            select(Submission, Job)
            .join(Job, col(Job.id) == Submission.job_id)
            .where(col(Submission.id).in_(ids))
        ).all()
        return [(sub, job) for sub, job in rows if job.status in FINISHED]


def wait_all(
    url: str, ids: list[int], timeout: float
) -> tuple[float, list[tuple[Submission, Job]]]:
    started = time.monotonic()
    done: list[tuple[Submission, Job]] = []
    while time.monotonic() - started < timeout:
        done = _finished(url, ids)
        if len(done) == len(ids):
            break
        time.sleep(0.05)
    return time.monotonic() - started, done


def _seconds(a: object, b: object) -> float:
    return (b - a).total_seconds()  # type: ignore[operator]


def burst(url: str, school_id: int, users: list[int], tasks: dict[str, int], n: int) -> dict:
    warm = [
        Planned(users[i], "sum-of-two", lang, "AC", _reference("sum-of-two", lang))
        for i, lang in enumerate(SHARE)
    ]
    wait_all(url, _send(url, school_id, tasks, warm), 600)
    planned = plan(users, n)
    started = time.monotonic()
    ids = _send(url, school_id, tasks, planned)
    queued_s = time.monotonic() - started
    waited, done = wait_all(url, ids, 600)
    last = queued_s + waited
    by_id = {sub.id: (sub, job) for sub, job in done}
    wrong, lost = [], [i for i in ids if i not in by_id]
    for item, sub_id in zip(planned, ids, strict=True):
        if sub_id in by_id:
            sub, _ = by_id[sub_id]
            if sub.status != JUDGED or sub.verdict != item.expected:
                wrong.append((sub_id, item.language, item.task, item.expected, sub.verdict))
    pairs = list(by_id.values())
    queue = [_seconds(s.created_at, j.started_at) for s, j in pairs if j.started_at]
    judge = [
        _seconds(j.started_at, j.finished_at) for s, j in pairs if j.started_at and j.finished_at
    ]
    total = [_seconds(s.created_at, j.finished_at) for s, j in pairs if j.finished_at]
    counts: dict[str, int] = {}
    for item in planned:
        counts[f"{item.language}:{item.expected}"] = (
            counts.get(f"{item.language}:{item.expected}", 0) + 1
        )
    return {
        "submissions": len(ids),
        "queued_in_s": round(queued_s, 2),
        "last_verdict_s": round(last, 2),
        "worker_busy_s": round(sum(judge), 1),  # the work: each job from claim to finish
        "lost": len(lost),
        "wrong": wrong,
        "mix": counts,
        "queue_p50": round(statistics.median(queue), 2),
        "queue_max": round(max(queue), 2),
        "judge_p50": round(statistics.median(judge), 2),
        "judge_max": round(max(judge), 2),
        "total_p50": round(statistics.median(total), 2),
        "total_max": round(max(total), 2),
    }


def through_the_app(
    url: str, data_dir: Path, tasks: dict[str, int], runs: int, workers: int
) -> dict:
    """`sabaq serve` with its workers; a student submits over HTTP and follows the events."""
    import httpx

    # one student sends every language's runs within a minute: more than the per-account limit
    # of submissions a real student meets, so the server runs without rate limits
    os.environ["SABAQ_RATE_LIMITS"] = "off"

    from bench import web_server

    task_id = tasks["sum-of-two"]
    times: dict[str, list[float]] = {lang: [] for lang in SHARE}
    sent: dict[str, list[int]] = {lang: [] for lang in SHARE}
    dispose_engines()
    with (
        web_server.serve(url, data_dir, workers=workers) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        client.get("/login")
        token = client.cookies.get("sabaq_csrf") or ""
        client.post(
            "/login", data={"login": "s0", "password": "bench-password", "_csrf_token": token}
        )
        headers = {
            "x-csrftoken": client.cookies.get("sabaq_csrf") or "",
            "accept": "application/json",
        }
        for _ in range(runs + 1):  # the first round warms the workers up: not counted
            for lang in SHARE:
                started = time.monotonic()
                answer = client.post(
                    f"/tasks/{task_id}/submit",
                    headers=headers,
                    data={"language": lang, "source": _reference("sum-of-two", lang)},
                )
                verdict = _follow(client, answer.json()["events"])
                assert verdict == "AC", (lang, verdict)
                times[lang].append(time.monotonic() - started)
                sent[lang].append(answer.json()["id"])
    out: dict[str, dict[str, float]] = {}
    for lang, t in times.items():
        pairs = [(s, j) for s, j in _finished(url, sent[lang][1:]) if j.started_at]
        out[lang] = {
            "p50": round(statistics.median(t[1:]), 2),
            "max": round(max(t[1:]), 2),
            "queue_p50": round(
                statistics.median(_seconds(s.created_at, j.started_at) for s, j in pairs), 2
            ),
            "judge_p50": round(
                statistics.median(_seconds(j.started_at, j.finished_at) for s, j in pairs), 2
            ),
        }
    return out


def _follow(client: object, events: str) -> str:
    with client.stream("GET", events) as stream:  # type: ignore[attr-defined]
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "end":
                return str(json.loads(line.split(":", 1)[1])["verdict"])
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=120)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--app-runs", type=int, default=5)
    args = parser.parse_args()
    from web.worker import start_workers

    print(
        f"{platform.node()}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"{args.workers} worker processes"
    )
    with tempfile.TemporaryDirectory(prefix="judge-burst-") as tmp:
        url, school_id, users, tasks = build_store(Path(tmp), 40)
        handle = start_workers(args.workers, url=url, poll_s=1.0, scheduler=False)
        try:
            result = burst(url, school_id, users, tasks, args.submissions)
        finally:
            handle.stop()
        print(f"load after the burst {os.getloadavg()[0]:.2f}")
        print(json.dumps(result, ensure_ascii=False))
        if args.app_runs:
            app = through_the_app(url, Path(tmp) / "data", tasks, args.app_runs, args.workers)
            print(f"load after the app runs {os.getloadavg()[0]:.2f}")
            print(json.dumps({"app_submit_to_verdict_s": app}))


if __name__ == "__main__":
    main()
