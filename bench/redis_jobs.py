"""Jobs through Dramatiq on Redis against the polling workers: throughput and pickup latency.

    python -m bench.redis_jobs --redis redis://127.0.0.1:6379/0 [--jobs 300] [--processes 2]
                               [--samples 20] [--url DATABASE_URL]

The same measurements as bench.jobs (N "ping" jobs queued at once and drained; single jobs
queued at random moments, from queued to started and finished by the store's timestamps), once
with the workers polling the job table and once with SABAQ_REDIS_URL set: jobs announced as
Dramatiq messages after their commit, taken by the workers' consumers. The Redis database given
is emptied first.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from pathlib import Path

from bench.jobs import _store, pickup, throughput
from models.db import dispose_engines
from web.broker.dispatch import install
from web.settings import redis_url


def _mode(redis: str) -> None:
    """This process and the worker processes it spawns: polling ("") or Redis."""
    if redis:
        os.environ["SABAQ_REDIS_URL"] = redis
    else:
        os.environ.pop("SABAQ_REDIS_URL", None)
    redis_url.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", required=True, help="a Redis URL (its database is emptied)")
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--url", default=None, help="an empty database (default: SQLite)")
    args = parser.parse_args()
    import redis

    redis.Redis.from_url(args.redis).flushdb()
    install()
    with tempfile.TemporaryDirectory() as tmp:
        url, school = _store(args.url, Path(tmp))
        backend = url.split(":", 1)[0]
        print(f"{backend}, {args.processes} worker processes, {platform.python_version()}")
        for name, redis_mode in (("polling", ""), ("redis", args.redis)):
            _mode(redis_mode)
            t = throughput(url, school, args.jobs, args.processes)
            p = pickup(url, school, args.samples, args.processes)
            print(
                f"{name}: {t['jobs']} ping jobs in {t['seconds']:.2f} s = {t['per_s']:.0f}/s; "
                f"one job started after median {p['started_median_ms']:.0f} ms "
                f"(max {p['started_max_ms']:.0f}), finished after median "
                f"{p['finished_median_ms']:.0f} ms (max {p['finished_max_ms']:.0f})"
            )
        _mode("")
        dispose_engines()


if __name__ == "__main__":
    main()
