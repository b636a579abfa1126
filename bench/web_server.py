"""A real `sabaq serve` in its own process on a loopback port, for load tests and browser tests.

The server gets its own environment (store, data directory, base URL), so the caller's process
keeps its settings; `cpu_seconds` reads the CPU time the server (and its children) used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Server:
    """A running server: where it answers, its process id and the file its output goes to."""

    url: str
    pid: int
    log: Path


def free_port() -> int:
    """A TCP port nobody listens on right now (on 127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sabaq serve ended early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"sabaq serve did not answer in {START_TIMEOUT_S:.0f} s:\n{log.read_text()}")


@contextmanager
def serve(
    database_url: str, data_dir: Path, *, workers: int = 0, web_processes: int = 1
) -> Iterator[Server]:
    """`sabaq serve` over the given store on a free loopback port, stopped after the block.

    `workers` job worker processes run beside it (0: none); `web_processes` > 1 runs uvicorn
    with that many server processes.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=database_url, SABAQ_DATA_DIR=str(data_dir),
               SABAQ_BASE_URL=url, PYTHONUNBUFFERED="1")  # fmt: skip
    log = data_dir / f"serve-{port}.log"
    command = [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers),
               "--web-processes", str(web_processes)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url, process, log)
        yield Server(url, process.pid, log)
    finally:
        process.terminate()  # uvicorn and the worker handle stop cleanly on SIGTERM
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _tree(pid: int) -> list[int]:
    """A process and its living descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its living descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for current in _tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def cpu_wait_seconds(pid: int) -> float:
    """Seconds the threads of a process (and descendants) were ready to run but had no CPU.

    From the scheduler's run delay in /proc/PID/task/TID/schedstat: on a shared machine, this
    says how much of a slow answer was other programs' fault rather than the server's work.
    """
    total = 0
    for current in _tree(pid):
        for task in Path(f"/proc/{current}/task").glob("*/schedstat"):
            try:
                total += int(task.read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return total / 1e9
