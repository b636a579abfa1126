"""The storage drills of bench.faults: the SQLite store's disk fills up, the store is read-only
(a small tmpfs mounted for the store; root only). Afterwards PRAGMA integrity_check."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import date
from pathlib import Path

import httpx

from bench.load_writes import log_in, writer_accounts
from bench.web_server import ROOT, serve
from models.db import dispose_engines
from tests.web.conftest import build_demo_store

Result = tuple[bool, list[str]]
KAZAKH = "Ештеңе сақталмады"  # the start of the disk-full and read-only sentences in Kazakh


@contextmanager
def tmpfs(where: Path, size_mb: int) -> Iterator[Path]:
    """A tmpfs of `size_mb` mounted at `where` for the block."""
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)], check=True
    )
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _store_on(mnt: Path, data: Path) -> tuple[str, str, Path]:
    """The demo store's file on the tmpfs (data directory and logs beside it, not on it)."""
    data.mkdir(parents=True, exist_ok=True)
    store = build_demo_store(data, f"sqlite:///{mnt / 'store.db'}")
    dispose_engines()
    with closing(sqlite3.connect(mnt / "store.db")) as conn:  # new writes need new space
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.url, store.school_code, store.data_dir


def _fill(mnt: Path) -> int:
    """Writes a file until the filesystem is full; returns the bytes written."""
    written = 0
    with suppress(OSError), (mnt / "filler").open("wb") as out:
        for size in (1 << 20, 1 << 12, 1 << 9):
            with suppress(OSError):
                while True:
                    out.write(b"\0" * size)
                    out.flush()
                    written += size
    return written


def _cli(url: str, data: Path) -> tuple[int, str]:
    """`sabaq absence add` (a write from the command line): exit code and its last lines."""
    env = dict(os.environ, DATABASE_URL=url, SABAQ_DATA_DIR=str(data))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "web.cli",
            "absence",
            "add",
            "T001",
            "--from",
            date.today().isoformat(),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, " / ".join(lines[-2:])


def _integrity(path: Path) -> str:
    # immutable: the check also reads a store on a read-only filesystem (no -shm file there)
    with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


async def _taps(client: httpx.AsyncClient, path: str, count: int) -> list[tuple[int, str]]:
    """`count` attendance taps and one form post: (status, the start of each answer)."""
    headers = {"x-csrftoken": client.cookies.get("sabaq_csrf") or ""}
    page = await client.get(path)
    seen = [(page.status_code, "GET")]
    students = [int(x) for x in re.findall(r'data-student="(\d+)"', page.text)]
    for student in students[:count]:
        answer = await client.post(
            f"/api{path}/mark", headers=headers, json={"student": student, "status": "absent"}
        )
        seen.append((answer.status_code, answer.text[:160]))
    form = {"_csrf_token": headers["x-csrftoken"], f"status-{students[-1]}": "absent"}
    answer = await client.post(path + "/attendance", data=form, headers={"accept": "text/html"})
    start = answer.text.find(KAZAKH)
    seen.append((answer.status_code, answer.text[start : start + 160] if start >= 0 else ""))
    return seen


async def _disk_full(url: str, mnt: Path, login: str, paths: list[str], data: Path) -> dict:
    """The drill's steps with one logged-in teacher (logging in is a write, too)."""
    client = await log_in(url, login)
    client.cookies.set("lang", "kk")
    try:
        out: dict[str, object] = {"before": await _taps(client, paths[0], 3)}
        await client.get(paths[1])  # a register opened for the first time writes its record
        out["filled"] = _fill(mnt)
        out["full"] = await _taps(client, paths[1], 3)
        out["read"] = (await client.get(paths[0])).status_code
        out["cli"] = _cli(f"sqlite:///{mnt / 'store.db'}", data)
        (mnt / "filler").unlink()
        out["again"] = await _taps(client, paths[1], 2)
    finally:
        await client.aclose()
    return out


def disk_full_drill(tmp: Path, url: str) -> Result:
    """The store's disk fills while the server runs: writes answer 503 with a sentence in the
    reader's language, reads go on, the CLI says so with its exit code; nothing is corrupted
    and writes work again once space is freed."""
    with tmpfs(tmp / "mnt", 48) as mnt:
        store_url, school, data = _store_on(mnt, tmp / "data")
        (login, paths), *_ = writer_accounts(school, 1)
        with serve(store_url, data) as server:
            seen = asyncio.run(_disk_full(server.url, mnt, login, paths, data))
        integrity = _integrity(mnt / "store.db")
    full, again = seen["full"], seen["again"]
    code, said = seen["cli"]
    writes = [s for s, text in full if text != "GET"]
    evidence = [
        f"before: {[s for s, _ in seen['before']]}; disk filled ({seen['filled'] >> 20} MB)",
        f"with the disk full: {[s for s, _ in full]}, e.g. {full[1][1]!r}",
        f"the form post's page: {full[-1][1]!r}",
        f"a page that only reads: {seen['read']}; `sabaq absence add`: exit {code}: {said!r}",
        f"after freeing space: {[s for s, _ in again]}; PRAGMA integrity_check: {integrity}",
    ]
    ok = (
        all(s == 503 for s in writes)
        and KAZAKH in full[-1][1]
        and code == 3
        and integrity == "ok"
        and all(s in (200, 303) for s, _ in again)
    )
    return ok, evidence


def read_only_drill(tmp: Path, url: str) -> Result:
    """A store on a filesystem remounted read-only: `sabaq serve` and a writing command refuse
    with a sentence and exit code 3 (no traceback); the file is intact."""
    with tmpfs(tmp / "mnt", 48) as mnt:
        store_url, _, data = _store_on(mnt, tmp / "data")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        code, said = _cli(store_url, data)
        env = dict(os.environ, DATABASE_URL=store_url, SABAQ_DATA_DIR=str(data))
        served = subprocess.run(
            [sys.executable, "-m", "web.cli", "serve", "--port", "0", "--workers", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        serve_said = " / ".join((served.stdout + served.stderr).strip().splitlines()[-2:])
        integrity = _integrity(mnt / "store.db")
    evidence = [
        f"`sabaq absence add`: exit {code}: {said!r}",
        f"`sabaq serve`: exit {served.returncode}: {serve_said!r}",
        f"PRAGMA integrity_check (read-only): {integrity}",
    ]
    traceback = "Traceback" in said or "Traceback" in serve_said
    return code == 3 and served.returncode == 3 and not traceback and integrity == "ok", evidence
