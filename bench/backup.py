"""Backup and restore of a school year: time, size and memory of `sabaq backup` / `sabaq restore`.

    python -m bench.backup                          # SQLite store, restored into SQLite
    python -m bench.backup --postgres               # restored into PostgreSQL as well
    python -m bench.backup --stored-share 0.08      # a realistic share of marks stored

The store is bench.journal_register's year: the demo school (700 students) with 300 more, a
lesson record for every lesson held in the four terms and an attendance row for `--stored-share`
of every student-lesson (1.0: about a million rows), plus `--files` files of `--file-kb` KiB of
random bytes in the data directory (attachments do not compress). Then `sabaq backup` and
`sabaq restore FILE --into URL` run as their own processes, as an operator runs them: wall time
(interpreter start included), the time the command itself reports, and the peak resident memory
of each (GNU time's maximum RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from bench.journal_register import build_year
from bench.postgres import drop_postgres, fresh_postgres
from models.db import dispose_engines, get_engine
from tests.web.conftest import build_demo_store


def _rows(url: str) -> int:
    with get_engine(url).connect() as conn:
        return sum(
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in SQLModel.metadata.sorted_tables
        )


def _files(data_dir: Path, count: int, kib: int) -> int:
    folder = data_dir / "journal-files" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"bench-{n:04d}").write_bytes(os.urandom(kib * 1024))
    return count * kib * 1024


def _run(argv: list[str], env: dict[str, str], log: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB, output) of one `sabaq` command in its own process.

    GNU time reports the peak: a child forked straight from this (large) process would start
    with this process's high-water mark, which Linux keeps across exec.
    """
    peak_file = log.with_suffix(".rss")
    started = time.perf_counter()
    with log.open("w") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(peak_file), sys.executable, "-m",
                        "web.cli", *argv], env=env, stdout=out, stderr=subprocess.STDOUT,
                       check=True)  # fmt: skip
    seconds = time.perf_counter() - started
    return seconds, int(peak_file.read_text().split()[-1]) / 1024, log.read_text().strip()


def _said_seconds(said: str) -> float:
    """The seconds the command reports for its own work ("... in 18.3 s.")."""
    found = re.findall(r"in ([0-9.]+) s\.", said)
    return float(found[-1]) if found else float("nan")


def _measure(args: argparse.Namespace, pg_base: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sabaq-backup-") as tmp:
        root = Path(tmp)
        store = build_demo_store(root / "source")
        year = build_year(store.school_code, args.extra_students, args.stored_share, args.seed)
        file_bytes = _files(store.data_dir, args.files, args.file_kb)
        rows = _rows(store.url)
        db_bytes = sum(p.stat().st_size for p in store.data_dir.glob("store.db*"))
        dispose_engines()
        env = {**os.environ, "DATABASE_URL": store.url, "SABAQ_DATA_DIR": str(store.data_dir),
               "SABAQ_BACKUP_KEY": os.urandom(32).hex(), "SABAQ_LANG": "en"}  # fmt: skip
        out = root / "year.backup"
        results: dict[str, object] = {
            "students": year.students, "attendance_rows": year.stored, "rows": rows,
            "files": args.files, "file_mb": file_bytes / 1e6, "sqlite_mb": db_bytes / 1e6,
        }  # fmt: skip
        seconds, peak, said = _run(["backup", "-o", str(out)], env, root / "backup.log")
        results["backup"] = {"s": seconds, "work_s": _said_seconds(said), "peak_mib": peak,
                             "mb": out.stat().st_size / 1e6}  # fmt: skip
        print(said, file=sys.stderr)
        targets = {"sqlite": f"sqlite:///{root / 'restored.db'}"}
        if pg_base:
            targets["postgres"] = fresh_postgres(pg_base)
        try:
            for name, url in targets.items():
                restore_env = {**env, "SABAQ_DATA_DIR": str(root / f"data-{name}")}
                seconds, peak, said = _run(
                    ["restore", str(out), "--into", url], restore_env, root / f"{name}.log"
                )
                print(said, file=sys.stderr)
                restored = _rows(url)
                assert restored == rows, (name, restored, rows)
                results[f"restore_{name}"] = {"s": seconds, "work_s": _said_seconds(said),
                                              "peak_mib": peak, "rows": restored}  # fmt: skip
                dispose_engines()
        finally:
            if pg_base:
                drop_postgres(pg_base, targets["postgres"])
    return results


def _print(r: dict[str, object]) -> None:
    print(f"{r['students']} students, {r['attendance_rows']} attendance rows, {r['rows']} rows "
          f"in all; SQLite file {r['sqlite_mb']:.0f} MB; {r['files']} files, "
          f"{r['file_mb']:.0f} MB")  # fmt: skip
    print("| step | wall s | its own s | peak RSS (MiB) | size (MB) |\n"
          "|---|---:|---:|---:|---:|")  # fmt: skip
    b = r["backup"]
    assert isinstance(b, dict)
    print(f"| sabaq backup | {b['s']:.1f} | {b['work_s']:.1f} | {b['peak_mib']:.0f} "
          f"| {b['mb']:.1f} |")  # fmt: skip
    for key in ("restore_sqlite", "restore_postgres"):
        step = r.get(key)
        if isinstance(step, dict):
            print(f"| sabaq restore into {key.split('_')[1]} | {step['s']:.1f} "
                  f"| {step['work_s']:.1f} | {step['peak_mib']:.0f} | |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-students", type=int, default=300)
    parser.add_argument("--stored-share", type=float, default=1.0)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--file-kb", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", action="store_true",
                        help="restore into PostgreSQL too (SABAQ_TEST_POSTGRES_URL)")  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "") if args.postgres else ""
    if args.postgres and not base:
        parser.error('--postgres needs SABAQ_TEST_POSTGRES_URL (eval "$(bash .ci/postgres.sh)")')
    results = _measure(args, base)
    _print(results)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
